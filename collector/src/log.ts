// Structured logs: one JSON object per line on stderr (stdout carries events in --dry-run and the
// summary in --once). Messages are sentences; fields are low-cardinality facts. Nothing secret is
// logged on purpose, and string fields pass through the redactor's text scrubber as well, so an
// error message that quotes a header or a URL with a token still leaks nothing.
import { redactText, type TextRedactor } from './redact/index.js'

export type LogLevel = 'debug' | 'info' | 'warn' | 'error'

export interface Logger {
  debug(msg: string, fields?: Record<string, unknown>): void
  info(msg: string, fields?: Record<string, unknown>): void
  warn(msg: string, fields?: Record<string, unknown>): void
  error(msg: string, fields?: Record<string, unknown>): void
}

const ORDER: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40 }
/** Longest string field written; longer ones are cut (a hostile line quoted in an error). */
const MAX_FIELD = 2048

function scrubFields(
  fields: Record<string, unknown> | undefined,
  text: TextRedactor,
): Record<string, unknown> | undefined {
  if (fields === undefined) return undefined
  const out: Record<string, unknown> = {}
  for (const [k, v] of Object.entries(fields)) out[k] = typeof v === 'string' ? text(v, MAX_FIELD) : v
  return out
}

/** `scrubText`: the config's text redactor, so names the config adds are scrubbed too. */
export function createLogger(
  level: LogLevel = 'info',
  write: (line: string) => void = (line) => process.stderr.write(line),
  scrubText: TextRedactor = redactText,
): Logger {
  const min = ORDER[level]
  const scrub = (fields: Record<string, unknown> | undefined) => scrubFields(fields, scrubText)
  const emit = (lvl: LogLevel) => (msg: string, fields?: Record<string, unknown>) => {
    if (ORDER[lvl] < min) return
    write(`${JSON.stringify({ time: new Date().toISOString(), level: lvl, msg, ...scrub(fields) })}\n`)
  }
  return { debug: emit('debug'), info: emit('info'), warn: emit('warn'), error: emit('error') }
}

/** A logger that adds `fields` (the input's name) to every line of `log`. */
export function withFields(log: Logger, fields: Record<string, unknown>): Logger {
  const add = (f?: Record<string, unknown>) => (f ? { ...fields, ...f } : fields)
  return {
    debug: (msg, f) => log.debug(msg, add(f)),
    info: (msg, f) => log.info(msg, add(f)),
    warn: (msg, f) => log.warn(msg, add(f)),
    error: (msg, f) => log.error(msg, add(f)),
  }
}

/** A logger that drops everything (tests that assert on other output). */
export const silentLogger: Logger = { debug() {}, info() {}, warn() {}, error() {} }
