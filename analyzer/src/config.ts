// The analyzer's one validated configuration object: YAML file (--config), then environment
// variables, then command-line flags, each overriding the one before. Errors name the key.
import { readFileSync } from 'node:fs'
import Type, { type Static, type TSchema } from 'typebox'
import Value from 'typebox/value'
import { parse as parseYaml } from 'yaml'
import { DetectionConfig, DetectorsConfig } from './detectors/config.js'
import { DEFAULT_ALLOWED_LATENESS_MS } from './pipeline/watermark.js'
import { KafkaConfig } from './sources/kafka/config.js'
import { WebhooksConfig } from './webhooks/config.js'

const MiB = 1024 * 1024

export { KafkaConfig }

export const AnalyzerConfig = Type.Object(
  {
    host: Type.String({
      minLength: 1,
      default: '127.0.0.1',
      description: 'Address the HTTP API listens on.',
    }),
    port: Type.Integer({
      minimum: 0,
      maximum: 65535,
      default: 8080,
      description: 'TCP port of the HTTP API; 0 picks a free one.',
    }),
    data_dir: Type.String({
      minLength: 1,
      default: '.data/clickhouse',
      description: 'Directory of the embedded ClickHouse (chdb). One process at a time may open it.',
    }),
    clickhouse_url: Type.Optional(
      Type.String({
        pattern: '^https?://',
        description:
          'ClickHouse server URL (with user and password if needed) to use instead of the embedded engine. Prefer the CLICKHOUSE_URL environment variable.',
      }),
    ),
    retention_days: Type.Integer({
      minimum: 1,
      maximum: 36500,
      default: 30,
      description:
        'Days an event is kept after it was received (ingestion time, so replayed old logs are kept).',
    }),
    admin_token: Type.Optional(
      Type.String({
        minLength: 16,
        description:
          'Bearer token for the API and the dashboard. Prefer GATEWATCH_ADMIN_TOKEN; when unset one is generated at start and printed once.',
      }),
    ),
    ingest_token: Type.Optional(
      Type.String({
        minLength: 16,
        description:
          'Bearer token for POST /api/v1/ingest. Prefer GATEWATCH_INGEST_TOKEN; when unset one is generated at start and printed once.',
      }),
    ),
    ingest: Type.Object(
      {
        max_body_bytes: Type.Integer({
          minimum: 1024,
          default: 16 * MiB,
          description: 'Largest accepted ingest body, bytes; larger bodies get 413.',
        }),
        max_event_bytes: Type.Integer({
          minimum: 1024,
          default: 64 * 1024,
          description:
            'Largest accepted single event (NDJSON line or Kafka message), bytes; larger ones are dead-lettered.',
        }),
        allowed_lateness_seconds: Type.Integer({
          minimum: 0,
          default: DEFAULT_ALLOWED_LATENESS_MS / 1000,
          description:
            'How far, in seconds of event time, an event may trail the latest event of its partition; older ones are dead-lettered with reason too_late.',
        }),
      },
      {
        additionalProperties: false,
        default: {},
        description: 'Ingest limits (HTTP and Kafka) and event-time lateness.',
      },
    ),
    kafka: Type.Optional(KafkaConfig),
    templates: Type.Object(
      {
        learn_threshold: Type.Integer({
          minimum: 2,
          default: 100,
          description:
            'Distinct literal children under one path prefix above which the child is learned as a parameter ({param}).',
        }),
        max_prefixes: Type.Integer({
          minimum: 1,
          default: 10_000,
          description:
            'Path prefixes whose children are counted at once (bounds memory); the oldest is forgotten first.',
        }),
        keep_share: Type.Number({
          exclusiveMinimum: 0,
          maximum: 1,
          default: 0.2,
          description:
            "A child seen in at least this share of its prefix's requests stays a name when the prefix is learned.",
        }),
      },
      { additionalProperties: false, default: {}, description: 'Route templating learned from traffic.' },
    ),
    dashboard_dir: Type.Optional(
      Type.String({
        minLength: 1,
        description: 'Directory of the built dashboard. Default: dashboard/dist in the repository.',
      }),
    ),
    // ── detection (detect) ──
    detectors: DetectorsConfig,
    detection: DetectionConfig,
    enrichment: Type.Object(
      {
        enabled: Type.Boolean({
          default: true,
          description: 'Whether stored events get country, AS, user-agent family and bot name.',
        }),
        asn_dir: Type.Optional(
          Type.String({
            minLength: 1,
            description:
              'Directory with a newer ASN table in the ip-location-db layout (*-ipv4-num.csv, *-ipv6-num.csv: start, end, asn, organisation). Default: the bundled @ip-location-db/asn package. Reloaded on SIGHUP.',
          }),
        ),
        country_dir: Type.Optional(
          Type.String({
            minLength: 1,
            description:
              'Directory with a newer country table in the ip-location-db layout (start, end, country code). Default: the bundled @ip-location-db/geo-whois-asn-country package. Reloaded on SIGHUP.',
          }),
        ),
      },
      { additionalProperties: false, default: {}, description: 'Offline IP and user-agent enrichment.' },
    ),
    webhooks: WebhooksConfig,
    // ── end detection ──
    log_level: Type.Union(
      [
        Type.Literal('debug'),
        Type.Literal('info'),
        Type.Literal('warn'),
        Type.Literal('error'),
        Type.Literal('silent'),
      ],
      { default: 'info', description: 'Least severe log level written to stderr.' },
    ),
  },
  { additionalProperties: false, description: 'gatewatch-analyzer configuration.' },
)
export type AnalyzerConfig = Static<typeof AnalyzerConfig>

/** A config as a caller may write it: every field with a default may be left out. */
export type AnalyzerConfigInput = Partial<
  Omit<
    AnalyzerConfig,
    'ingest' | 'kafka' | 'templates' | 'detectors' | 'detection' | 'enrichment' | 'webhooks'
  >
> & {
  enrichment?: Partial<AnalyzerConfig['enrichment']>
  webhooks?: Partial<Omit<WebhooksConfig, 'receivers'>> & {
    receivers?: (Omit<WebhooksConfig['receivers'][number], 'min_severity' | 'types'> &
      Partial<WebhooksConfig['receivers'][number]>)[]
  }
  ingest?: Partial<AnalyzerConfig['ingest']>
  templates?: Partial<AnalyzerConfig['templates']>
  detectors?: Record<string, Record<string, unknown>>
  detection?: Partial<Omit<DetectionConfig, 'allowlist'>> & {
    allowlist?: Partial<DetectionConfig['allowlist']>
  }
  kafka?: Partial<KafkaConfig> & { brokers: string[] }
}

/** Command-line flags that override the file and the environment. */
export interface ConfigFlags {
  host?: string
  port?: string | number
  dataDir?: string
  kafka?: string
  groupId?: string
  logLevel?: string
}

export class ConfigError extends Error {
  override readonly name = 'ConfigError'
}

type Obj = Record<string, unknown>

function set(target: Obj, path: string, value: unknown): void {
  if (value === undefined || value === '') return
  const keys = path.split('.')
  let at = target
  for (const k of keys.slice(0, -1)) {
    const next = at[k]
    if (next !== null && typeof next === 'object' && !Array.isArray(next)) at = next as Obj
    else {
      const fresh: Obj = {}
      at[k] = fresh
      at = fresh
    }
  }
  at[keys[keys.length - 1]!] = value
}

/** Environment variables and the config key each one sets. */
export const ENV_KEYS: Record<string, string> = {
  CLICKHOUSE_URL: 'clickhouse_url',
  GATEWATCH_ADMIN_TOKEN: 'admin_token',
  GATEWATCH_INGEST_TOKEN: 'ingest_token',
  GATEWATCH_DATA_DIR: 'data_dir',
  GATEWATCH_HOST: 'host',
  GATEWATCH_PORT: 'port',
  GATEWATCH_LOG_LEVEL: 'log_level',
  GATEWATCH_RETENTION_DAYS: 'retention_days',
}

const NUMERIC_KEYS = new Set(['port', 'retention_days'])

function coerce(key: string, value: string): unknown {
  if (NUMERIC_KEYS.has(key) && /^-?[0-9]+$/.test(value.trim())) return Number(value)
  return value
}

function describeError(e: {
  instancePath: string
  keyword: string
  message: string
  params: unknown
}): string {
  const key = e.instancePath.split('/').filter(Boolean).join('.') || '(root)'
  if (e.keyword === 'additionalProperties') {
    const extra = (e.params as { additionalProperties?: string[] }).additionalProperties ?? []
    return `${key === '(root)' ? '' : `${key}: `}unknown key ${extra.map((k) => `'${k}'`).join(', ')}`
  }
  if (e.keyword === 'required') {
    const missing = (e.params as { requiredProperties?: string[] }).requiredProperties ?? []
    return `${key === '(root)' ? '' : `${key}: `}missing ${missing.map((k) => `'${k}'`).join(', ')}`
  }
  return `${key}: ${e.message}`
}

/** Applies defaults and validates a config object; throws ConfigError naming every wrong key. */
export function parseConfig(input: unknown): AnalyzerConfig {
  const value = Value.Default(AnalyzerConfig as TSchema, Value.Clone(input ?? {}))
  if (Value.Check(AnalyzerConfig, value)) return value
  const problems = Value.Errors(AnalyzerConfig, value).map(describeError)
  throw new ConfigError(`invalid analyzer configuration: ${[...new Set(problems)].join('; ')}`)
}

/** Builds the config from a YAML file, then the environment, then flags. */
export function loadConfig(
  options: { file?: string; env?: NodeJS.ProcessEnv; flags?: ConfigFlags } = {},
): AnalyzerConfig {
  const env = options.env ?? process.env
  const flags = options.flags ?? {}
  let raw: Obj = {}
  if (options.file) {
    let text: string
    try {
      text = readFileSync(options.file, 'utf8')
    } catch (err) {
      throw new ConfigError(`cannot read config file ${options.file}: ${(err as Error).message}`)
    }
    let parsed: unknown
    try {
      parsed = parseYaml(text)
    } catch (err) {
      throw new ConfigError(`config file ${options.file} is not valid YAML: ${(err as Error).message}`)
    }
    if (parsed !== null && parsed !== undefined && (typeof parsed !== 'object' || Array.isArray(parsed))) {
      throw new ConfigError(`config file ${options.file} must hold a YAML mapping of keys`)
    }
    raw = (parsed as Obj | null) ?? {}
  }
  for (const [name, key] of Object.entries(ENV_KEYS)) {
    const v = env[name]
    if (v !== undefined && v !== '') set(raw, key, coerce(key, v))
  }
  set(raw, 'host', flags.host)
  set(raw, 'port', flags.port === undefined ? undefined : coerce('port', String(flags.port)))
  set(raw, 'data_dir', flags.dataDir)
  set(raw, 'log_level', flags.logLevel)
  if (flags.kafka)
    set(
      raw,
      'kafka.brokers',
      flags.kafka.split(',').map((b) => b.trim()),
    )
  set(raw, 'kafka.group_id', flags.groupId)
  if (flags.groupId && !flags.kafka && !(raw.kafka as Obj | undefined)?.brokers) {
    throw new ConfigError('--group-id needs --kafka HOST:PORT (or kafka.brokers in the config file)')
  }
  return parseConfig(raw)
}
