// The collector's one validated configuration object: YAML file (--config), then environment
// variables, then command-line flags, each overriding the one before. Errors name the key.
import { readFileSync } from 'node:fs'
import { hostname } from 'node:os'
import Type, { type Static, type TSchema } from 'typebox'
import Value from 'typebox/value'
import { parse as parseYaml } from 'yaml'
import { listenField } from './inputs/listen.js'
import { INPUT_TYPES, InputConfig, inputTypes } from './inputs/registry.js'
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
    inputs: Type.Array(InputConfig, {
      minItems: 1,
      description:
        'Where lines come from: a list of inputs (file, stdin, http, syslog), each with a name and a format, run together. --input PATH|- replaces the list with one file or stdin input.',
    }),
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
    metrics: Type.Object(
      {
        enabled: Type.Boolean({
          default: true,
          description:
            'Serve /metrics and /healthz while the collector follows its inputs (not in --once runs).',
        }),
        listen: listenField('127.0.0.1:9464', 'Address of the metrics and health server.'),
        stalled_after_ms: Type.Integer({
          minimum: 1000,
          maximum: 86_400_000,
          default: 60_000,
          description:
            '/healthz answers 503 when the oldest batch sent to the sink has waited this long for its acknowledgement, ms.',
        }),
      },
      {
        additionalProperties: false,
        default: {},
        description: 'Prometheus metrics and the health check, over HTTP.',
      },
    ),
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
  metricsListen?: string
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
  GATEWATCH_SINK: 'sink.url',
  GATEWATCH_STATE_DIR: 'state_dir',
  GATEWATCH_HMAC_KEY: 'hmac_key',
  GATEWATCH_INGEST_TOKEN: 'ingest_token',
  GATEWATCH_LOG_LEVEL: 'log_level',
  GATEWATCH_METRICS_LISTEN: 'metrics.listen',
}

/** Environment variables that stand for --input and --format. */
export const ENV_INPUT = 'GATEWATCH_INPUT'
export const ENV_FORMAT = 'GATEWATCH_FORMAT'

/** `/inputs/1/listen` → `inputs[1].listen`, the way an operator reads a key. */
export function keyName(pointer: string, prefix = ''): string {
  let key = prefix
  for (const part of pointer.split('/').filter(Boolean)) {
    key += /^[0-9]+$/.test(part) ? `[${part}]` : key ? `.${part}` : part
  }
  return key
}

/** The sub-schema at a JSON pointer into `schema`, to list allowed values in an error. */
function schemaAt(schema: TSchema, pointer: string): TSchema | undefined {
  let s: TSchema | undefined = schema
  for (const key of pointer.split('/').filter(Boolean)) {
    const node = s as { properties?: Record<string, TSchema>; items?: TSchema } | undefined
    s = /^[0-9]+$/.test(key) && node?.items ? node.items : node?.properties?.[key]
  }
  return s
}

interface SchemaError {
  instancePath: string
  schemaPath: string
  keyword: string
  message: string
  params: unknown
}

function describeError(e: SchemaError, schema: TSchema = CollectorConfig, prefix = ''): string {
  const key = keyName(e.instancePath, prefix)
  const sub = (k: string) => (key ? `${key}.${k}` : k)
  // TypeBox reports an unknown key as the `false` schema of additionalProperties, at the key itself.
  if (e.keyword === 'boolean' && e.schemaPath.endsWith('additionalProperties'))
    return `unknown config key ${key}`
  if (e.keyword === 'additionalProperties') {
    const extra = (e.params as { additionalProperties?: string[] }).additionalProperties ?? []
    return `unknown config key ${extra.map(sub).join(', ')}`
  }
  if (e.keyword === 'required') {
    const missing = (e.params as { requiredProperties?: string[] }).requiredProperties ?? []
    return `missing config key ${missing.map(sub).join(', ')}`
  }
  const at = schemaAt(schema, e.instancePath) as
    | { anyOf?: { const?: unknown }[]; const?: unknown; description?: string }
    | undefined
  const options = at?.anyOf
  if (options?.every((o) => o.const !== undefined)) {
    return `config key ${key} must be one of ${options.map((o) => JSON.stringify(o.const)).join(', ')}`
  }
  return `config key ${key} ${e.message}${at?.description ? ` (${at.description})` : ''}`
}

type Validated<T> = { value: T } | { error: string }

function validate<T>(schema: TSchema, raw: unknown, prefix = ''): Validated<T> {
  const value = Value.Default(schema, raw)
  const [first] = Value.Errors(schema, value)
  return first ? { error: describeError(first, schema, prefix) } : { value: value as T }
}

/** Checks each entry of `inputs:` against the schema its `type` names, so errors name its keys. */
function validateInputs(raw: unknown, env: NodeJS.ProcessEnv): InputConfig[] {
  if (!Array.isArray(raw) || raw.length === 0)
    throw new ConfigError(
      'config key inputs must be a non-empty list of inputs (see gatewatch-collector.example.yaml)',
    )
  const types = raw.map((item) => (item as Obj | null)?.type)
  const inputs = raw.map((item, i): InputConfig => {
    const key = `inputs[${i}]`
    if (item === null || typeof item !== 'object' || Array.isArray(item))
      throw new ConfigError(`config key ${key} must be a mapping with a type (${INPUT_TYPES.join(', ')})`)
    const entry = item as Obj
    if (entry.type === undefined)
      throw new ConfigError(`missing config key ${key}.type (${INPUT_TYPES.join(', ')})`)
    const type = inputTypes[String(entry.type)]
    if (!type || typeof entry.type !== 'string')
      throw new ConfigError(
        `config key ${key}.type must be one of ${INPUT_TYPES.map((t) => JSON.stringify(t)).join(', ')}`,
      )
    if (entry.name === undefined) {
      const same = types.filter((t) => t === entry.type).length
      entry.name =
        same > 1
          ? `${entry.type}-${types.slice(0, i).filter((t) => t === entry.type).length + 1}`
          : entry.type
    }
    const checked = validate<InputConfig>(type.schema, entry, key)
    if ('error' in checked) throw new ConfigError(checked.error)
    try {
      // The format's own checks: a LogFormat that compiles, a custom regex with known groups, a zone.
      validateParserOptions(checked.value.format, checked.value.parser)
    } catch (err) {
      if (err instanceof ParserConfigError) throw new ConfigError(err.at(key))
      throw err
    }
    return checked.value
  })
  const names = new Map<string, number>()
  inputs.forEach((input, i) => {
    const key = `inputs[${i}]`
    const before = names.get(input.name)
    if (before !== undefined)
      throw new ConfigError(
        `config key ${key}.name "${input.name}" is already the name of inputs[${before}]; names must be unique`,
      )
    names.set(input.name, i)
    if (input.type === 'syslog' && !input.udp && !input.tcp)
      throw new ConfigError(
        `missing config key ${key}.udp or ${key}.tcp: a syslog input needs at least one receiver`,
      )
    if (input.type === 'stdin' && inputs.findIndex((x) => x.type === 'stdin') !== i)
      throw new ConfigError(`config key ${key}.type: there is only one standard input; keep one stdin input`)
    if (input.type === 'http') {
      const token = env[input.token_env]
      if (!token || token.length < 16)
        throw new ConfigError(
          `config key ${key}.token_env: set the environment variable ${input.token_env} to the bearer token senders present (at least 16 characters)`,
        )
    }
  })
  return inputs
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
  if (raw.input !== undefined)
    throw new ConfigError(
      'config key input was replaced by inputs, a list: inputs: [{ type: file, paths: [...], format: ... }] (see gatewatch-collector.example.yaml)',
    )
  for (const [name, key] of Object.entries(ENV_KEYS)) set(raw, key, env[name])
  set(raw, 'sink.url', flags.sink)
  set(raw, 'state_dir', flags.stateDir)
  set(raw, 'collector_id', flags.collectorId)
  set(raw, 'service', flags.service)
  set(raw, 'metrics.listen', flags.metricsListen)
  if (flags.once) raw.once = true
  if (flags.dryRun) raw.dry_run = true
  if (raw.collector_id === undefined)
    raw.collector_id = hostname().replace(/[^A-Za-z0-9._:-]/g, '-') || 'collector'

  // --input PATH|- (or GATEWATCH_INPUT) stands for one file or stdin input; --format sets its format.
  const inputPath = flags.input || env[ENV_INPUT] || undefined
  const format = flags.format || env[ENV_FORMAT] || undefined
  if (inputPath !== undefined) {
    const input: Obj = inputPath === '-' ? { type: 'stdin' } : { type: 'file', paths: [inputPath] }
    if (format !== undefined) input.format = format
    raw.inputs = [input]
  } else if (format !== undefined) {
    if (!Array.isArray(raw.inputs) || raw.inputs.length !== 1)
      throw new ConfigError(
        `--format applies to one input, and the config has ${Array.isArray(raw.inputs) ? raw.inputs.length : 'no'} inputs: set inputs[N].format instead, or give --input too`,
      )
    ;(raw.inputs[0] as Obj).format = format
  }
  if (raw.inputs === undefined)
    throw new ConfigError('missing config key inputs (set --input PATH|- or list inputs in the config file)')
  raw.inputs = validateInputs(raw.inputs, env)

  const checked = validate<CollectorConfig>(CollectorConfig, raw)
  if ('error' in checked) throw new ConfigError(checked.error)
  const config = checked.value
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

/** A sink URL without any user:password part. */
export function safeUrl(url: string): string {
  return url.replace(/\/\/[^@/]*@/, '//')
}

/** What a configuration would run, without a secret: printed by --check-config and logged at start. */
export function describeConfig(config: CollectorConfig) {
  return {
    collector_id: config.collector_id,
    inputs: config.inputs.map((i) => {
      const common = { name: i.name, type: i.type, format: i.format }
      switch (i.type) {
        case 'file':
          return { ...common, paths: i.paths, ...(i.exclude.length ? { exclude: i.exclude } : {}) }
        case 'stdin':
          return common
        case 'http':
          // The variable's name, never its value.
          return { ...common, listen: i.listen, path: i.path, token_env: i.token_env }
        default:
          return { ...common, ...(i.udp ? { udp: i.udp } : {}), ...(i.tcp ? { tcp: i.tcp } : {}) }
      }
    }),
    sink: config.dry_run ? 'stdout (dry run)' : safeUrl(config.sink!.url),
    metrics: config.metrics.enabled && !config.once ? config.metrics.listen : 'off',
    state_dir: config.state_dir,
    once: config.once,
    // Names only, never a value: what is treated as a credential and which headers are shipped.
    redact: config.redact,
  }
}
