// inventory.zombie_in_use: calls to an endpoint the imported spec marks deprecated or that an
// older API version serves (ctx.inventory.specStatus is 'zombie'). Old versions tend to miss the
// fixes of the new ones, so each is one alert with who still calls it. 404, 405 and 410 answers are
// left out: a retired endpoint that says so is not in use.

import { createSpecStatusDetector, describeUse } from '../inventory-shadow-endpoint/spec-status.js'
import type { DetectorInstance } from '../types.js'
import type { ZombieInUseConfig } from './config.js'

export const ZOMBIE_IN_USE = 'inventory.zombie_in_use'

export function createZombieInUse(config: ZombieInUseConfig): DetectorInstance {
  return createSpecStatusDetector({
    status: 'zombie',
    type: ZOMBIE_IN_USE,
    owasp: 'API9:2023 Improper Inventory Management',
    maxEndpoints: config.max_endpoints,
    idleDays: config.idle_days,
    counts: (e) => e.status !== 404 && e.status !== 405 && e.status !== 410,
    severity: (u) => (u.ok >= config.medium_after_2xx ? 'medium' : 'low'),
    summary: (endpoint, u) =>
      `${endpoint} is deprecated or superseded in the spec, yet it served ${describeUse(u)}; expected none.`,
  })
}
