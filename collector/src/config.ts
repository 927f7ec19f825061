// The collector's one validated configuration object: YAML file (--config), then environment
// variables, then command-line flags, each overriding the one before. Errors name the key.
import { readFileSync } from 'node:fs'
import { hostname } from 'node:os'
import Type, { type Static, type TSchema } from 'typebox'
import Value from 'typebox/value'
import { parse as parseYaml } from 'yaml'
import { FileInputConfig } from './inputs/file/config.js'
import { ParserConfigError } from './parsers/config.js'
import { validateParserOptions } from './parsers/registry.js'
import { RedactConfig } from './redact/config.js'
import { SinkConfig } from './sinks/config.js'
import { SpoolConfig } from './spool/config.js'

export const CollectorConfig = Type.Object(
  {
    collector_id: Type.String({
      minLength: 1,
      maxLength: 128,
      pattern: '^[A-Za-z0-9._:-]+$',
      description:
        'Identity of this collector, part of every event_id: keep it stable across restarts. Default: the host name. Example: edge-1.',
    }),
    service: Type.String({
      maxLength: 256,
      default: '',
      description:
        'Service name for lines that do not name one (nginx-json `upstream_service`); when empty the Host header is used.',
    }),
    input: FileInputConfig,
    sink: Type.Optional(SinkConfig),
    spool: SpoolConfig,
    state_dir: Type.String({
      minLength: 1,
      default: '.data/collector',
      description: 'Directory for checkpoints.json and dead-letter.ndjson.',
    }),
    once: Type.Boolean({
      default: false,
      description: 'Read to the end of the input, ship, checkpoint and exit.',
    }),
    dry_run: Type.Boolean({
      default: false,
      description:
        'Print events as JSON lines on stdout instead of shipping them; implies once, writes no state.',
    }),
    hmac_key: Type.Optional(
      Type.String({
        minLength: 16,
        description:
          'Deployment key for credential fingerprints (HMAC-SHA256). Prefer the GATEWATCH_HMAC_KEY environment variable to keep it out of files.',
      }),
    ),
    ingest_token: Type.Optional(
      Type.String({
        minLength: 1,
        description: 'Token for the analyzer ingest endpoint (http sinks). Prefer GATEWATCH_INGEST_TOKEN.',
      }),
    ),
    redact: RedactConfig,
    log_level: Type.Union(
      [Type.Literal('debug'), Type.Literal('info'), Type.Literal('warn'), Type.Literal('error')],
      {
        default: 'info',
        description: 'Least severe log level written to stderr.',
      },
    ),
  },
  { additionalProperties: false, description: 'gatewatch-collector configuration.' },
)
export type CollectorConfig = Static<typeof CollectorConfig>

/** Command-line flags that override the file and the environment. */
export interface ConfigFlags {
  input?: string
  format?: string
  sink?: string
  dryRun?: boolean
  once?: boolean
  stateDir?: string
  collectorId?: string
  service?: string
}

export class ConfigError extends Error {
  override readonly name = 'ConfigError'
}

type Obj = Record<string, unknown>

function section(target: Obj, key: string): Obj {
  const v = target[key]
  if (v !== null && typeof v === 'object' && !Array.isArray(v)) return v as Obj
  const fresh: Obj = {}
  target[key] = fresh
  return fresh
}

function set(target: Obj, path: string, value: unknown): void {
  if (value === undefined || value === '') return
  const keys = path.split('.')
  let at = target
  for (const k of keys.slice(0, -1)) at = section(at, k)
  at[keys[keys.length - 1]!] = value
}

/** Environment variables and the config key each one sets. */
export const ENV_KEYS: Record<string, string> = {
  GATEWATCH_COLLECTOR_ID: 'collector_id',
  GATEWATCH_SERVICE: 'service',
  GATEWATCH_INPUT: 'input.path',
  GATEWATCH_FORMAT: 'input.format',
  GATEWATCH_SINK: 'sink.url',
  GATEWATCH_STATE_DIR: 'state_dir',
  GATEWATCH_HMAC_KEY: 'hmac_key',
  GATEWATCH_INGEST_TOKEN: 'ingest_token',
  GATEWATCH_LOG_LEVEL: 'log_level',
}

/** The sub-schema at a JSON pointer into the config, to list allowed values in an error. */
function schemaAt(pointer: string): TSchema | undefined {
  let s: TSchema | undefined = CollectorConfig
  for (const key of pointer.split('/').filter(Boolean)) {
    s = (s as { properties?: Record<string, TSchema> } | undefined)?.properties?.[key]
  }
  return s
}

function describeError(e: {
  instancePath: string
  schemaPath: string
  keyword: string
  message: string
  params: unknown
}): string {
  const key = e.instancePath.split('/').filter(Boolean).join('.')
  // TypeBox reports an unknown key as the `false` schema of additionalProperties, at the key itself.
  if (e.keyword === 'boolean' && e.schemaPath.endsWith('additionalProperties'))
    return `unknown config key ${key}`
  if (e.keyword === 'additionalProperties') {
    const extra = (e.params as { additionalProperties?: string[] }).additionalProperties ?? []
    return `unknown config key ${extra.map((x) => (key ? `${key}.${x}` : x)).join(', ')}`
  }
  if (e.keyword === 'required') {
    const missing = (e.params as { requiredProperties?: string[] }).requiredProperties ?? []
    return `missing config key ${missing.map((x) => (key ? `${key}.${x}` : x)).join(', ')}`
  }
  const options = (schemaAt(e.instancePath) as { anyOf?: { const?: unknown }[] } | undefined)?.anyOf
  if (options?.every((o) => o.const !== undefined)) {
    return `config key ${key} must be one of ${options.map((o) => JSON.stringify(o.const)).join(', ')}`
  }
  const desc = (schemaAt(e.instancePath) as { description?: string } | undefined)?.description
  return `config key ${key} ${e.message}${desc ? ` (${desc})` : ''}`
}

export interface LoadConfigOptions {
  configFile?: string
  env?: NodeJS.ProcessEnv
  flags?: ConfigFlags
}

/** Builds and validates the configuration; throws a ConfigError naming the offending key. */
export function loadConfig(options: LoadConfigOptions = {}): CollectorConfig {
  const env = options.env ?? process.env
  const flags = options.flags ?? {}
  let raw: Obj = {}
  if (options.configFile) {
    let text: string
    try {
      text = readFileSync(options.configFile, 'utf8')
    } catch (err) {
      throw new ConfigError(`cannot read config file ${options.configFile}: ${(err as Error).message}`)
    }
    let doc: unknown
    try {
      doc = parseYaml(text)
    } catch (err) {
      throw new ConfigError(`config file ${options.configFile} is not valid YAML: ${(err as Error).message}`)
    }
    if (doc !== null && doc !== undefined) {
      if (typeof doc !== 'object' || Array.isArray(doc)) {
        throw new ConfigError(`config file ${options.configFile} must hold a YAML mapping of config keys`)
      }
      raw = doc as Obj
    }
  }
  for (const [name, key] of Object.entries(ENV_KEYS)) set(raw, key, env[name])
  set(raw, 'input.path', flags.input)
  set(raw, 'input.format', flags.format)
  set(raw, 'sink.url', flags.sink)
  set(raw, 'state_dir', flags.stateDir)
  set(raw, 'collector_id', flags.collectorId)
  set(raw, 'service', flags.service)
  if (flags.once) raw.once = true
  if (flags.dryRun) raw.dry_run = true
  if (raw.collector_id === undefined)
    raw.collector_id = hostname().replace(/[^A-Za-z0-9._:-]/g, '-') || 'collector'
  if (raw.input === undefined)
    throw new ConfigError('missing config key input.path (set --input or input.path)')

  const value = Value.Default(CollectorConfig, raw)
  const [first] = Value.Errors(CollectorConfig, value)
  if (first) throw new ConfigError(describeError(first))
  const config = value as CollectorConfig
  try {
    // The format's own checks: a LogFormat that compiles, a custom regex with known groups, a zone.
    validateParserOptions(config.input.format, config.input.parser)
  } catch (err) {
    if (err instanceof ParserConfigError) throw new ConfigError(err.message)
    throw err
  }
  if (config.dry_run) config.once = true
  if (!config.dry_run && !config.sink) {
    throw new ConfigError(
      'missing config key sink.url (set --sink http://HOST:PORT or kafka://HOST:PORT, or use --dry-run)',
    )
  }
  if (!config.dry_run && !config.hmac_key) {
    throw new ConfigError(
      'missing config key hmac_key: set GATEWATCH_HMAC_KEY (at least 16 characters) so credential fingerprints are keyed; --dry-run uses a random key',
    )
  }
  if (!config.dry_run && config.sink?.url.startsWith('http') && !config.ingest_token) {
    throw new ConfigError('missing config key ingest_token: set GATEWATCH_INGEST_TOKEN for the http sink')
  }
  return config
}
