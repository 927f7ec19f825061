// inventory.unauthenticated_access (API2/API5): 2xx without credentials on a normally authenticated endpoint.
import type { DetectorDefinition } from '../types.js'
import { UnauthenticatedAccessConfig } from './config.js'
import { createUnauthenticatedAccess, UNAUTHENTICATED_ACCESS } from './unauthenticated-access.js'

export const inventoryUnauthenticatedAccess: DetectorDefinition<UnauthenticatedAccessConfig> = {
  name: 'inventory_unauthenticated_access',
  types: [UNAUTHENTICATED_ACCESS],
  config: UnauthenticatedAccessConfig,
  create: createUnauthenticatedAccess,
}
