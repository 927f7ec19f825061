// Parser for Apache's predefined `combined` log format:
//   %h %l %u %t "%r" %>s %b "%{Referer}i" "%{User-Agent}i"
// The same lines as nginx's `combined`; unlike nginx-combined it accepts any ident (%l) and
// Apache's `\"` escapes, and logs the two headers in `headers` as well.
import { COMBINED_LOG_FORMAT, createLogFormatParser } from '../apache/index.js'
import type { FormatDefinition } from '../types.js'

export const apacheCombined = createLogFormatParser('apache-combined', COMBINED_LOG_FORMAT)

export const apacheCombinedFormat: FormatDefinition = {
  summary: 'Apache combined format (common + "%{Referer}i" "%{User-Agent}i").',
  detectable: true,
  shared: apacheCombined,
  create: () => apacheCombined,
}
