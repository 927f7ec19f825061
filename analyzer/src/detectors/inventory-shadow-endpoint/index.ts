// inventory.shadow_endpoint (API9): traffic on an endpoint the spec does not list.
import type { DetectorDefinition } from '../types.js'
import { ShadowEndpointConfig } from './config.js'
import { createShadowEndpoint, SHADOW_ENDPOINT } from './shadow-endpoint.js'

export const inventoryShadowEndpoint: DetectorDefinition<ShadowEndpointConfig> = {
  name: 'inventory_shadow_endpoint',
  types: [SHADOW_ENDPOINT],
  config: ShadowEndpointConfig,
  create: createShadowEndpoint,
}
