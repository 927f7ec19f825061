// Config of inventory.shadow_endpoint: traffic on an endpoint the imported spec does not list.
import Type, { type Static } from 'typebox'
import { enabledField } from '../fields.js'
import { specStatusFields } from './spec-status.js'

export const ShadowEndpointConfig = Type.Object(
  { enabled: enabledField(), ...specStatusFields },
  {
    additionalProperties: false,
    default: {},
    description:
      'inventory.shadow_endpoint (API9): one alert per served endpoint missing from the spec; medium once it answered 2xx without credentials.',
  },
)
export type ShadowEndpointConfig = Static<typeof ShadowEndpointConfig>
