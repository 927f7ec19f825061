// Options of the log-format parsers (an input's `parser` in the collector config). Each section belongs
// to one format and is read only when that format is in use; `time_zone` serves every format whose
// timestamps carry no zone. Checks that need the format (a LogFormat that compiles, a custom regex
// with known group names) run in validateParserOptions (registry.ts) when the config is loaded.
import Type, { type Static, type TOptional, type TString } from 'typebox'
import { parseZone, type Zone } from './time.js'

/** Where the parser options sit in an input's config; errors name keys below it. */
export const PARSER_CONFIG_KEY = 'parser'

const RAW_FIELD_PATHS = {
  ts: 'Event time (read with `time_format`).',
  method: 'HTTP method.',
  target: 'Request target: path plus `?query`.',
  path: 'Request path without the query (used when `target` is not mapped).',
  query: 'Query string, with or without the leading `?` (appended to `path`).',
  request: 'Whole request line `METHOD target PROTOCOL` (used when `method`/`target` are not mapped).',
  protocol: 'Protocol, e.g. HTTP/1.1.',
  status: 'Status code answered to the client.',
  client_ip: 'Client address; a trailing `:port` is removed.',
  user_agent: 'User-Agent header.',
  response_bytes: 'Response size, bytes.',
  request_bytes: 'Request size, bytes.',
  latency: 'Time taken, in `latency_unit`.',
  forwarded_for: 'X-Forwarded-For header.',
  referer: 'Referer header.',
  host: 'Host header or virtual host.',
  authorization: 'Authorization header (a credential: redacted before it leaves).',
  api_key: 'API key header (a credential).',
  cookie: 'Cookie header (may hold a session credential).',
  remote_user: 'Basic-auth user name.',
  request_id: 'Request id.',
  upstream_service: 'Service name.',
  gateway_route: 'Route name configured in the gateway.',
  consumer: 'Identity the gateway authenticated (a name or id, not a secret).',
  upstream_host: 'Address of the upstream that served the request.',
  upstream_status: 'Status the upstream answered.',
  headers: 'An object of request headers (name → value or array of values).',
} as const

/** RawRecord fields a custom format may fill (regex group names, keys of `json_fields`). */
export const CUSTOM_FIELDS = Object.keys(RAW_FIELD_PATHS) as (keyof typeof RAW_FIELD_PATHS)[]
export type CustomField = (typeof CUSTOM_FIELDS)[number]

/** One optional dotted-path property per custom field, each described. */
function jsonFieldPaths(): { [K in CustomField]: TOptional<TString> } {
  const props = {} as { [K in CustomField]: TOptional<TString> }
  for (const field of CUSTOM_FIELDS) {
    props[field] = Type.Optional(
      Type.String({
        minLength: 1,
        maxLength: 256,
        description: `Dotted path of the key holding: ${RAW_FIELD_PATHS[field]} Example: ${field === 'ts' ? 'time' : `req.${field}`}.`,
      }),
    )
  }
  return props
}

const JsonFields = Type.Object(jsonFieldPaths(), {
  additionalProperties: false,
  description:
    'For JSON lines: which key (a dotted path into the object, e.g. `request.headers.user-agent`) fills each field. Needs ts, status, and method+target (or path, or request).',
})

export const CustomFormatConfig = Type.Object(
  {
    regex: Type.Optional(
      Type.String({
        minLength: 1,
        maxLength: 4096,
        description:
          'For text lines: a JavaScript regular expression with named groups, one per field: ts, method, target (or path + query, or request), protocol, status, client_ip, user_agent, response_bytes, request_bytes, latency, forwarded_for, referer, host, authorization, api_key, cookie, remote_user, request_id, upstream_service, gateway_route, consumer, upstream_host, upstream_status, and header_<name> for any other request header (underscores become dashes). It runs on every line: avoid nested quantifiers.',
      }),
    ),
    json_fields: Type.Optional(JsonFields),
    time_format: Type.String({
      minLength: 1,
      maxLength: 128,
      default: 'iso8601',
      description:
        'How `ts` is written: iso8601, epoch_s, epoch_ms, epoch_us, epoch_ns, clf (Apache/nginx `%d/%b/%Y:%H:%M:%S %z`), or a strftime pattern such as `%Y-%m-%d %H:%M:%S.%f %z` (%Y %y %m %d %e %H %I %p %M %S %f %z %Z %b %B %a %A %j %s %T %F %D %R %%). Times without a zone are read in `time_zone`.',
    }),
    latency_unit: Type.Union(
      [Type.Literal('s'), Type.Literal('ms'), Type.Literal('us'), Type.Literal('ns')],
      {
        default: 'ms',
        description: 'Unit of the `latency` field.',
      },
    ),
  },
  {
    additionalProperties: false,
    description: 'A user-defined format (format: custom): set exactly one of regex or json_fields.',
  },
)
export type CustomFormatConfig = Static<typeof CustomFormatConfig>

export const ParserConfig = Type.Object(
  {
    time_zone: Type.String({
      minLength: 1,
      maxLength: 64,
      default: 'UTC',
      description:
        'Zone of timestamps that carry none (HAProxy accept dates, IIS date-local/time-local, custom formats without %z): UTC, a fixed offset such as +02:00, or an IANA name such as Europe/Paris.',
    }),
    apache: Type.Optional(
      Type.Object(
        {
          log_format: Type.String({
            minLength: 1,
            maxLength: 4096,
            description:
              'The Apache LogFormat string (format: apache), as in httpd.conf without the outer quotes. Example: %h %l %u %t "%r" %>s %b "%{Referer}i" "%{User-Agent}i" %D.',
          }),
        },
        { additionalProperties: false, description: 'Options of the apache format.' },
      ),
    ),
    haproxy: Type.Optional(
      Type.Object(
        {
          capture_request_headers: Type.Array(
            Type.String({ minLength: 1, maxLength: 64, pattern: '^[A-Za-z0-9-]+$' }),
            {
              maxItems: 32,
              default: [],
              description:
                'Names of the request headers the frontend captures (`capture request header`, or `http-request capture`), in order: HAProxy logs their values inside {...} separated by |, without names. Example: [Host, User-Agent].',
            },
          ),
        },
        { additionalProperties: false, description: 'Options of the haproxy format.' },
      ),
    ),
    iis_w3c: Type.Optional(
      Type.Object(
        {
          default_fields: Type.String({
            minLength: 1,
            maxLength: 4096,
            default:
              'date time s-ip cs-method cs-uri-stem cs-uri-query s-port cs-username c-ip cs(User-Agent) cs(Referer) sc-status sc-substatus sc-win32-status time-taken',
            description:
              'Columns assumed until the file shows a #Fields: directive, e.g. after resuming mid-file from a checkpoint. The default is the IIS default field set.',
          }),
        },
        { additionalProperties: false, description: 'Options of the iis-w3c format.' },
      ),
    ),
    custom: Type.Optional(CustomFormatConfig),
    auto: Type.Optional(
      Type.Object(
        {
          sample_lines: Type.Integer({
            minimum: 1,
            maximum: 1000,
            default: 50,
            description:
              'Most lines of a source looked at before choosing its format; detection decides on the lines available (at least one data line) and keeps trying on later lines while nothing fits.',
          }),
          formats: Type.Optional(
            Type.Array(Type.String({ minLength: 1, maxLength: 64 }), {
              minItems: 1,
              maxItems: 64,
              description:
                'Formats to choose from (default: every built-in format that needs no options). Example: [nginx-json, kong].',
            }),
          ),
        },
        { additionalProperties: false, description: 'Options of format detection (format: auto).' },
      ),
    ),
  },
  {
    additionalProperties: false,
    default: {},
    description: 'Options of the log-format parser: a section per format that needs any.',
  },
)
export type ParserConfig = Static<typeof ParserConfig>

/**
 * Parser options as code passes them: the validated ParserConfig, or a hand-written object in
 * which every field that has a default may be left out.
 */
export interface ParserOptions {
  time_zone?: string
  apache?: { log_format: string }
  haproxy?: { capture_request_headers?: string[] }
  iis_w3c?: { default_fields?: string }
  custom?: Partial<CustomFormatConfig>
  auto?: { sample_lines?: number; formats?: string[] }
}

/** An option that cannot work; the message names the config key and what to change. */
export class ParserConfigError extends Error {
  override readonly name = 'ParserConfigError'
  constructor(
    /** Key below an input's `parser`, e.g. `apache.log_format`. */
    readonly key: string,
    readonly problem: string,
  ) {
    super(`config key ${PARSER_CONFIG_KEY}.${key} ${problem}`)
  }

  /** The same problem named from the config's root, e.g. `inputs[0].parser.apache.log_format`. */
  at(inputKey: string): string {
    return `config key ${inputKey}.${PARSER_CONFIG_KEY}.${this.key} ${this.problem}`
  }
}

/** The zone of `time_zone`, or a ParserConfigError naming the key. */
export function zoneOption(options: ParserOptions): Zone {
  const spec = options.time_zone ?? 'UTC'
  const zone = parseZone(spec)
  if (zone === null) {
    throw new ParserConfigError(
      'time_zone',
      `is "${spec}", which is neither UTC, a fixed offset such as +02:00, nor an IANA zone name such as Europe/Paris`,
    )
  }
  return zone
}
