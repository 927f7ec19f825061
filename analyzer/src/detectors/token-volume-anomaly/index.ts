import type { DetectorDefinition } from '../types.js'
import { TokenVolumeAnomalyConfig } from './config.js'
import { createTokenVolumeAnomaly, TYPE } from './token-volume-anomaly.js'

export const tokenVolumeAnomaly: DetectorDefinition<TokenVolumeAnomalyConfig> = {
  name: 'token_volume_anomaly',
  types: [TYPE],
  config: TokenVolumeAnomalyConfig,
  create: createTokenVolumeAnomaly,
}
