// The scenario registry: one definition per alert type. Adding a scenario is a definition in its
// family's file and a line here.
import { ABUSE_SCENARIOS } from './abuse.js'
import { INJECTION_SCENARIOS } from './injection.js'
import { INVENTORY_SCENARIOS } from './inventory.js'
import { RECON_SCENARIOS } from './recon.js'
import { TOKEN_SCENARIOS } from './token.js'
import { ATTACK_TYPES, type AttackType, type ScenarioDefinition } from './types.js'
import { VOLUME_SCENARIOS } from './volume.js'

const ALL: readonly ScenarioDefinition[] = [
  ...TOKEN_SCENARIOS,
  ...RECON_SCENARIOS,
  ...ABUSE_SCENARIOS,
  ...VOLUME_SCENARIOS,
  ...INJECTION_SCENARIOS,
  ...INVENTORY_SCENARIOS,
]

export const SCENARIOS: Readonly<Record<AttackType, ScenarioDefinition>> = Object.fromEntries(
  ATTACK_TYPES.map((type) => {
    const found = ALL.find((s) => s.type === type)
    if (found === undefined) throw new Error(`no scenario for alert type ${type}`)
    return [type, found]
  }),
) as Record<AttackType, ScenarioDefinition>
