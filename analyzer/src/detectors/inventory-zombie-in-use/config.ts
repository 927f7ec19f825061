// Config of inventory.zombie_in_use: calls to endpoints the spec marks deprecated or superseded.
import Type, { type Static } from 'typebox'
import { enabledField } from '../fields.js'
import { specStatusFields } from '../inventory-shadow-endpoint/spec-status.js'

export const ZombieInUseConfig = Type.Object(
  {
    enabled: enabledField(),
    medium_after_2xx: Type.Integer({
      minimum: 1,
      default: 10,
      description: 'A zombie endpoint that answered this many 2xx is still serving data: medium, else low.',
    }),
    ...specStatusFields,
  },
  {
    additionalProperties: false,
    default: {},
    description:
      'inventory.zombie_in_use (API9): one alert per deprecated or old-version endpoint still called.',
  },
)
export type ZombieInUseConfig = Static<typeof ZombieInUseConfig>
