// Every log format the collector reads. Adding a format is a folder under parsers/ and one line here.
import { nginxCombined } from './nginx-combined/index.js'
import { nginxJson } from './nginx-json/index.js'
import type { ParseOutcome, Parser } from './types.js'

export const parsers = {
  'nginx-combined': nginxCombined,
  'nginx-json': nginxJson,
} as const satisfies Record<string, Parser>

export type LogFormat = keyof typeof parsers
export const LOG_FORMATS = Object.keys(parsers) as LogFormat[]

/** The parser for a format; throws naming the known formats when there is none. */
export function getParser(format: string): Parser {
  const parser = (parsers as Record<string, Parser>)[format]
  if (!parser) throw new Error(`unknown log format "${format}"; known formats: ${LOG_FORMATS.join(', ')}`)
  return parser
}

/** Parses one line in the given format. */
export function parseLine(format: LogFormat, line: string): ParseOutcome {
  return parsers[format].parse(line)
}
