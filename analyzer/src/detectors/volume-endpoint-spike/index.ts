// volume.endpoint_spike (API4): an endpoint's requests per minute far above its seasonal baseline.
import type { DetectorDefinition } from '../types.js'
import { EndpointSpikeConfig } from './config.js'
import { createEndpointSpike, ENDPOINT_SPIKE } from './endpoint-spike.js'

export const volumeEndpointSpike: DetectorDefinition<EndpointSpikeConfig> = {
  name: 'volume_endpoint_spike',
  types: [ENDPOINT_SPIKE],
  config: EndpointSpikeConfig,
  create: createEndpointSpike,
}
