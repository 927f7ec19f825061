// Settings of the HTTP receiver (Kong's http-log plugin, generic JSON and NDJSON pushes).
import Type, { type Static } from 'typebox'
import { commonInputFields, maxBytesField } from '../config.js'
import { listenField } from '../listen.js'

export const HttpInputConfig = Type.Object(
  {
    type: Type.Literal('http', {
      description:
        "Receives log records pushed over HTTP: Kong's http-log plugin (a JSON object or array per request), or NDJSON / plain lines.",
    }),
    ...commonInputFields(),
    listen: listenField(
      '127.0.0.1:8088',
      'Address to listen on; keep it on loopback or a private interface, the gateway pushes credentials-bearing logs here.',
    ),
    path: Type.String({
      pattern: '^/',
      default: '/',
      description: 'URL path that accepts POSTs (other paths answer 404). Example: /kong.',
    }),
    token_env: Type.String({
      pattern: '^[A-Z_][A-Z0-9_]*$',
      default: 'GATEWATCH_HTTP_INPUT_TOKEN',
      description:
        'Environment variable holding the bearer token senders must present (`Authorization: Bearer <token>`, at least 16 characters); the token itself never goes in a file.',
    }),
    max_body_bytes: Type.Integer({
      minimum: 1024,
      maximum: 256 * 1024 * 1024,
      default: 10 * 1024 * 1024,
      description: 'Largest request body accepted, bytes; larger ones are answered 413.',
    }),
    max_line_bytes: maxBytesField(
      'Largest single record (a JSON object or a line), bytes; larger ones are rejected as too_long.',
    ),
    max_queued_lines: Type.Integer({
      minimum: 1,
      maximum: 10_000_000,
      default: 50_000,
      description:
        'Records received but not yet taken by the pipeline; beyond this the receiver answers 503 (Retry-After) so the gateway keeps them and retries.',
    }),
  },
  { additionalProperties: false, description: 'The HTTP receiver input.' },
)
export type HttpInputConfig = Static<typeof HttpInputConfig>
