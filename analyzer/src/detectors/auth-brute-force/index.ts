// auth.brute_force: many failed logins for one user name from one source (OWASP API2).
import type { DetectorDefinition } from '../types.js'
import { BRUTE_FORCE, createBruteForce } from './brute-force.js'
import { BruteForceConfig } from './config.js'

export const authBruteForce: DetectorDefinition<BruteForceConfig> = {
  name: 'auth_brute_force',
  types: [BRUTE_FORCE],
  config: BruteForceConfig,
  create: createBruteForce,
}
