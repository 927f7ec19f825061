// exfil.response_volume (API3/API4): response bytes far above a principal's normal, or huge pages.
import type { DetectorDefinition } from '../types.js'
import { ResponseVolumeConfig } from './config.js'
import { createResponseVolume, RESPONSE_VOLUME } from './response-volume.js'

export const exfilResponseVolume: DetectorDefinition<ResponseVolumeConfig> = {
  name: 'exfil_response_volume',
  types: [RESPONSE_VOLUME],
  config: ResponseVolumeConfig,
  create: createResponseVolume,
}
