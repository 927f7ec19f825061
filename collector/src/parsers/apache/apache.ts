// Parser for Apache httpd access logs in any LogFormat (format: apache), compiled from
// `parser.apache.log_format`. apache-common and apache-combined are the same matcher with
// httpd's predefined formats.
import { ParserConfigError, type ParserOptions, zoneOption } from '../config.js'
import { guarded } from '../guard.js'
import { UTC_ZONE, type Zone } from '../time.js'
import type { FormatDefinition, Parser } from '../types.js'
import { compileLogFormat } from './logformat.js'

/** httpd's predefined `common` LogFormat. */
export const COMMON_LOG_FORMAT = '%h %l %u %t "%r" %>s %b'
/** httpd's predefined `combined` LogFormat. */
export const COMBINED_LOG_FORMAT = '%h %l %u %t "%r" %>s %b "%{Referer}i" "%{User-Agent}i"'

/** A parser for one LogFormat; throws with a sentence naming the directive when it cannot compile. */
export function createLogFormatParser(format: string, logFormat: string, zone: Zone = UTC_ZONE): Parser {
  const compiled = compileLogFormat(logFormat, zone)
  return guarded(format, compiled.match)
}

export const apacheFormat: FormatDefinition = {
  summary: 'Apache httpd with the LogFormat given in parser.apache.log_format.',
  detectable: false,
  create(options: ParserOptions) {
    const logFormat = options.apache?.log_format
    if (logFormat === undefined) {
      throw new ParserConfigError(
        'apache.log_format',
        'is missing: format apache reads lines in the LogFormat you give here',
      )
    }
    try {
      return createLogFormatParser('apache', logFormat, zoneOption(options))
    } catch (err) {
      if (err instanceof ParserConfigError) throw err
      throw new ParserConfigError('apache.log_format', (err as Error).message)
    }
  },
}
