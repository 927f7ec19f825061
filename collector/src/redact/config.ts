// Settings of the redaction step. Every list of names adds to a built-in list and never replaces
// it: adding a name can only widen what is treated as a credential, so a config written for one
// custom header cannot silently switch off the defaults. The built-in lists are in defaults.ts.
import Type, { type Static } from 'typebox'
import * as builtIn from './defaults.js'

const names = (what: string, known: readonly string[], example: string, pattern?: string) =>
  Type.Array(Type.String({ minLength: 1, maxLength: 128, ...(pattern ? { pattern } : {}) }), {
    default: [],
    maxItems: 256,
    description: `${what}, on top of the built-in ${known.join(', ')}. Case-insensitive. Default: []. Example: ${example}.`,
  })

/** An HTTP token (RFC 9110 §5.6.2): what a header name or an auth scheme may be made of. */
const TOKEN = "^[A-Za-z0-9!#$%&'*+.^_`|~-]+$"

export const RedactConfig = Type.Object(
  {
    token_schemes: names(
      'Authorization schemes whose value is a bearer token (a JWT gives its claims, anything else a `bearer` fingerprint)',
      builtIn.TOKEN_SCHEMES,
      '[Session]',
      TOKEN,
    ),
    api_key_schemes: names(
      'Authorization schemes whose value is an API key (an `api_key` fingerprint)',
      builtIn.API_KEY_SCHEMES,
      '[Apikey-v2]',
      TOKEN,
    ),
    api_key_headers: names(
      'Request headers whose value is an API key (an `api_key` fingerprint; never shipped in clear, even in keep_headers)',
      builtIn.API_KEY_HEADERS,
      '[x-shop-key]',
      TOKEN,
    ),
    api_key_params: names(
      'Query parameters whose value is an API key: redacted, and an `api_key` principal',
      builtIn.API_KEY_PARAMS,
      '[shop_key]',
    ),
    token_params: names(
      'Query parameters whose value is a bearer token or a JWT: redacted, and a `bearer` or `jwt` principal',
      builtIn.TOKEN_PARAMS,
      '[sso_token]',
    ),
    secret_params: names(
      'Query parameters whose value is secret but names nobody: redacted only',
      builtIn.SECRET_PARAMS,
      '[signature_v2]',
    ),
    session_cookies: names(
      'Cookie names whose value is a session credential (a `cookie` fingerprint); names ending in _session or _token are sessions too',
      builtIn.SESSION_COOKIES,
      '[shop_sess]',
      TOKEN,
    ),
    keep_headers: Type.Array(Type.String({ pattern: '^[A-Za-z0-9-]{1,64}$' }), {
      default: [],
      maxItems: 32,
      uniqueItems: true,
      description: `Request headers copied into AccessEvent.headers (lower-cased), for formats that log headers (kong, caddy-json, envoy-json, traefik-json, haproxy captures, iis-w3c, custom). Values pass through the secret scrubber and are cut to 1023 characters. Credential headers (${builtIn.NEVER_KEPT_HEADERS.join(', ')} and api_key_headers) are never kept in clear: listed, they ship as their scheme and an hmac: fingerprint. Default: []. Example: [content-type, accept, origin].`,
    }),
  },
  {
    additionalProperties: false,
    default: {},
    description: 'How credentials and secret-looking values are found, fingerprinted and removed.',
  },
)
export type RedactConfig = Static<typeof RedactConfig>
