// inventory.zombie_in_use (API9): calls to deprecated or old-version endpoints.
import type { DetectorDefinition } from '../types.js'
import { ZombieInUseConfig } from './config.js'
import { createZombieInUse, ZOMBIE_IN_USE } from './zombie-in-use.js'

export const inventoryZombieInUse: DetectorDefinition<ZombieInUseConfig> = {
  name: 'inventory_zombie_in_use',
  types: [ZOMBIE_IN_USE],
  config: ZombieInUseConfig,
  create: createZombieInUse,
}
