// Config of inventory.shadow_endpoint: traffic on an endpoint the imported spec does not list.
import Type, { type Static } from 'typebox'
import { enabledField } from '../fields.js'
import { specStatusFields } from './spec-status.js'

/** Files every web server answers that no API spec lists: not shadow APIs. */
export const WELL_KNOWN_FILES = [
  '^/\\.well-known/',
  '^/(robots\\.txt|favicon\\.ico|sitemap[\\w-]*\\.xml(\\.gz)?|humans\\.txt|ads\\.txt|security\\.txt|crossdomain\\.xml)$',
  '^/apple-touch-icon[\\w-]*\\.png$',
]

export const ShadowEndpointConfig = Type.Object(
  {
    enabled: enabledField(),
    ...specStatusFields,
    ignore_routes: Type.Array(Type.String({ minLength: 1, maxLength: 512 }), {
      default: WELL_KNOWN_FILES,
      description:
        'Regular expressions of routes that are never shadow APIs although no spec lists them; the default holds the files every web server answers (/.well-known/*, robots.txt, favicon.ico, sitemaps). Replaces the default when set.',
    }),
  },
  {
    additionalProperties: false,
    default: {},
    description:
      'inventory.shadow_endpoint (API9): one alert per served endpoint missing from the spec; medium once it answered 2xx without credentials.',
  },
)
export type ShadowEndpointConfig = Static<typeof ShadowEndpointConfig>
