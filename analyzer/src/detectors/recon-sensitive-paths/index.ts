// recon.sensitive_paths: requests for secrets, admin consoles and API docs (OWASP API8).
import type { DetectorDefinition } from '../types.js'
import { SensitivePathsConfig } from './config.js'
import { createSensitivePaths, SENSITIVE_PATHS } from './sensitive-paths.js'

export const reconSensitivePaths: DetectorDefinition<SensitivePathsConfig> = {
  name: 'recon_sensitive_paths',
  types: [SENSITIVE_PATHS],
  config: SensitivePathsConfig,
  create: createSensitivePaths,
}
