// volume.source_flood (API4): one client IP or network far above its baseline and the population.
import type { DetectorDefinition } from '../types.js'
import { SourceFloodConfig } from './config.js'
import { createSourceFlood, SOURCE_FLOOD } from './source-flood.js'

export const volumeSourceFlood: DetectorDefinition<SourceFloodConfig> = {
  name: 'volume_source_flood',
  types: [SOURCE_FLOOD],
  config: SourceFloodConfig,
  create: createSourceFlood,
}
