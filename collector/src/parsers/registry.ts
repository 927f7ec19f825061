// Every log format the collector reads. Adding a format is a folder under parsers/ and one line
// here. A parser is created per input source (createParser), because some formats keep state
// between lines; `auto` (detection) and `custom` (a format from config) are built on top of the
// registry and are accepted wherever a format name is.
import { apacheFormat } from './apache/index.js'
import { apacheCombinedFormat } from './apache-combined/index.js'
import { apacheCommonFormat } from './apache-common/index.js'
import { createAutoParser } from './auto/index.js'
import { awsAlbFormat } from './aws-alb/index.js'
import { awsApigwFormat } from './aws-apigw/index.js'
import { caddyJsonFormat } from './caddy-json/index.js'
import { ParserConfigError, type ParserOptions } from './config.js'
import { customFormat } from './custom/index.js'
import { envoyFormat } from './envoy/index.js'
import { envoyJsonFormat } from './envoy-json/index.js'
import { haproxyFormat } from './haproxy/index.js'
import { iisW3cFormat } from './iis-w3c/index.js'
import { kongFormat } from './kong/index.js'
import { nginxCombinedFormat } from './nginx-combined/index.js'
import { nginxJsonFormat } from './nginx-json/index.js'
import { traefikJsonFormat } from './traefik-json/index.js'
import type { FormatDefinition, ParseOutcome, Parser, ParserContext } from './types.js'

/** The built-in formats, in the order auto-detection prefers them on a tie. */
export const parsers = {
  'nginx-json': nginxJsonFormat,
  'nginx-combined': nginxCombinedFormat,
  'apache-combined': apacheCombinedFormat,
  'apache-common': apacheCommonFormat,
  apache: apacheFormat,
  envoy: envoyFormat,
  'envoy-json': envoyJsonFormat,
  kong: kongFormat,
  'aws-apigw': awsApigwFormat,
  'aws-alb': awsAlbFormat,
  'traefik-json': traefikJsonFormat,
  'caddy-json': caddyJsonFormat,
  haproxy: haproxyFormat,
  'iis-w3c': iisW3cFormat,
} as const satisfies Record<string, FormatDefinition>

export type LogFormat = keyof typeof parsers
export const LOG_FORMATS = Object.keys(parsers) as LogFormat[]

/** Every value an input's `format` accepts: the registry, `auto` and `custom`. */
export const INPUT_FORMATS = [...LOG_FORMATS, 'auto', 'custom'] as const
export type InputFormat = LogFormat | 'auto' | 'custom'

function unknownFormat(format: string): Error {
  return new Error(`unknown log format "${format}"; known formats: ${INPUT_FORMATS.join(', ')}`)
}

function definition(format: string): FormatDefinition | undefined {
  return Object.hasOwn(parsers, format) ? (parsers as Record<string, FormatDefinition>)[format] : undefined
}

/**
 * Creates the parser for one source. Throws ParserConfigError (naming the key under an input's parser)
 * when the options cannot work, and an Error for an unknown format.
 */
export function createParser(
  format: string,
  options: ParserOptions = {},
  context: ParserContext = {},
): Parser {
  if (format === 'custom') return customFormat.create(options, context)
  if (format === 'auto') {
    const names = options.auto?.formats ?? LOG_FORMATS.filter((f) => parsers[f].detectable)
    const candidates = names.map((name) => {
      const def = definition(name)
      if (def === undefined) {
        throw new ParserConfigError(
          'auto.formats',
          `names "${name}", which is not a built-in format (${LOG_FORMATS.join(', ')})`,
        )
      }
      return [name, def] as const
    })
    return createAutoParser({ sampleLines: options.auto?.sample_lines ?? 50, candidates, options, context })
  }
  const def = definition(format)
  if (def === undefined) throw unknownFormat(format)
  return def.create(options, context)
}

/**
 * The shared parser of a format that keeps no state and needs no options (every built-in format
 * but apache and iis-w3c). Throws naming the known formats when there is none, and pointing to
 * createParser for the stateful ones.
 */
export function getParser(format: string): Parser {
  const def = definition(format)
  if (def === undefined) throw unknownFormat(format)
  if (def.shared === undefined) {
    throw new Error(
      `log format "${format}" keeps per-source state or needs options: create its parser with createParser(format, options)`,
    )
  }
  return def.shared
}

/** Parses one line in a stateless format. */
export function parseLine(format: LogFormat, line: string): ParseOutcome {
  return getParser(format).parse(line)
}

/**
 * Checks at config load that `format` can be created with `options` (a LogFormat that compiles, a
 * custom regex with known groups, a known zone, ...). Throws ParserConfigError naming the key.
 */
export function validateParserOptions(format: string, options: ParserOptions = {}): void {
  createParser(format, options)
}
