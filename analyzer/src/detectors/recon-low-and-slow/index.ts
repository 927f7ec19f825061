// recon.low_and_slow: slow probing of many failing paths by one source (OWASP API8 / API9).
import type { DetectorDefinition } from '../types.js'
import { LowAndSlowConfig } from './config.js'
import { createLowAndSlow, LOW_AND_SLOW } from './low-and-slow.js'

export const reconLowAndSlow: DetectorDefinition<LowAndSlowConfig> = {
  name: 'recon_low_and_slow',
  types: [LOW_AND_SLOW],
  config: LowAndSlowConfig,
  create: createLowAndSlow,
}
