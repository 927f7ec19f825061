// AccessEvent v1: the wire contract between collector and analyzer. The TypeScript type, the
// compiled validator and the JSON Schema served in the API's OpenAPI document all come from here.
// Additive changes only within v1.
import Type, { type Static } from 'typebox'

export const ACCESS_TOPIC = 'gatewatch.access.v1'

export const PrincipalKind = Type.Union(
  [
    Type.Literal('api_key'),
    Type.Literal('bearer'),
    Type.Literal('jwt'),
    Type.Literal('basic'),
    Type.Literal('cookie'),
    Type.Literal('none'),
  ],
  { description: 'How the caller authenticated, as seen in the request.' },
)
export type PrincipalKind = Static<typeof PrincipalKind>

/**
 * Numbers are bounded so that each one is exact in JSON (2^53) and fits its stored column: the
 * analyzer writes them as 64-bit integers, and an out-of-range number must be refused here, naming
 * the field, rather than fail a whole insert.
 */
const SAFE_INTEGER = { minimum: -Number.MAX_SAFE_INTEGER, maximum: Number.MAX_SAFE_INTEGER }
/** The last millisecond of year 9999, the end of ClickHouse's DateTime64 range. */
export const MAX_TS = 253_402_300_799_999

export const Principal = Type.Object(
  {
    kind: PrincipalKind,
    fingerprint: Type.Optional(
      Type.String({
        pattern: '^[0-9a-f]{16,64}$',
        description: 'Keyed HMAC-SHA256 of the credential (hex, truncated); never the credential itself.',
      }),
    ),
    subject: Type.Optional(
      Type.String({ maxLength: 256, description: 'JWT `sub`, or the basic-auth user name.' }),
    ),
    issuer: Type.Optional(Type.String({ maxLength: 512, description: 'JWT `iss`.' })),
    audience: Type.Optional(
      Type.Array(Type.String({ maxLength: 512 }), { maxItems: 16, description: 'JWT `aud`.' }),
    ),
    client_id: Type.Optional(Type.String({ maxLength: 256, description: 'JWT `azp` or `client_id`.' })),
    scopes: Type.Optional(
      Type.Array(Type.String({ maxLength: 128 }), { maxItems: 64, description: 'JWT `scope`/`scp`.' }),
    ),
    iat: Type.Optional(Type.Integer({ ...SAFE_INTEGER, description: 'JWT `iat`, seconds since the epoch.' })),
    exp: Type.Optional(Type.Integer({ ...SAFE_INTEGER, description: 'JWT `exp`, seconds since the epoch.' })),
    jti: Type.Optional(Type.String({ maxLength: 256, description: 'JWT `jti`.' })),
    alg: Type.Optional(Type.String({ maxLength: 32, description: 'JWT header `alg`.' })),
  },
  {
    additionalProperties: false,
    description: 'Who called, with credentials reduced to fingerprints and claims.',
  },
)
export type Principal = Static<typeof Principal>

export const AccessEvent = Type.Object(
  {
    v: Type.Literal(1, { description: 'Contract version.' }),
    event_id: Type.String({
      pattern: '^[0-9a-f]{32}$',
      description: 'Deterministic id (collector identity + source + byte offset, or the raw record).',
    }),
    ts: Type.Integer({
      minimum: 0,
      maximum: MAX_TS,
      description: 'Event time: when the gateway handled the request, ms since the epoch.',
    }),
    collector: Type.String({
      minLength: 1,
      maxLength: 128,
      description: 'Identity of the collector that read it.',
    }),
    service: Type.String({ maxLength: 256, description: 'Service or virtual host the request was for.' }),
    host: Type.String({ maxLength: 256, description: 'Host header or upstream host.' }),
    method: Type.String({ minLength: 1, maxLength: 16, description: 'HTTP method, upper case.' }),
    path: Type.String({
      maxLength: 8192,
      description: 'Request path with secret-looking segments redacted.',
    }),
    route: Type.Optional(
      Type.String({ maxLength: 8192, description: 'Route template, filled by the analyzer.' }),
    ),
    query: Type.String({
      maxLength: 8192,
      description: 'Query string with credentials and secret values redacted.',
    }),
    status: Type.Integer({
      minimum: 0,
      maximum: 999,
      description: 'HTTP status answered (0 when none was sent).',
    }),
    latency_ms: Type.Optional(
      Type.Number({ minimum: 0, description: 'Time the gateway took to answer, ms.' }),
    ),
    request_bytes: Type.Optional(
      Type.Integer({ minimum: 0, maximum: Number.MAX_SAFE_INTEGER, description: 'Request size in bytes.' }),
    ),
    response_bytes: Type.Optional(
      Type.Integer({ minimum: 0, maximum: Number.MAX_SAFE_INTEGER, description: 'Response size in bytes.' }),
    ),
    client_ip: Type.String({ maxLength: 64, description: 'Address of the client (first untrusted hop).' }),
    forwarded_for: Type.Array(Type.String({ maxLength: 64 }), {
      maxItems: 32,
      description: 'X-Forwarded-For chain as received, left to right.',
    }),
    user_agent: Type.String({ maxLength: 1024, description: 'User-Agent header.' }),
    principal: Principal,
    request_id: Type.Optional(Type.String({ maxLength: 256, description: 'Gateway request id.' })),
    gateway_route: Type.Optional(
      Type.String({ maxLength: 256, description: 'Route name configured in the gateway.' }),
    ),
    headers: Type.Optional(
      Type.Record(Type.String({ pattern: '^[a-z0-9-]{1,64}$' }), Type.String({ maxLength: 1024 }), {
        maxProperties: 32,
        description:
          'Request headers on the collector allowlist, lower-case names; credentials are never among them.',
      }),
    ),
  },
  { additionalProperties: false, $id: 'AccessEvent', description: 'One API request as seen by a gateway.' },
)
export type AccessEvent = Static<typeof AccessEvent>
