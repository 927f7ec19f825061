// Parser for Apache's predefined `common` log format (NCSA Common Log Format):
//   %h %l %u %t "%r" %>s %b
// The line must end after the size: a line with more fields is a different format (combined).
import { COMMON_LOG_FORMAT, createLogFormatParser } from '../apache/index.js'
import type { FormatDefinition } from '../types.js'

export const apacheCommon = createLogFormatParser('apache-common', COMMON_LOG_FORMAT)

export const apacheCommonFormat: FormatDefinition = {
  summary: 'Apache / NCSA Common Log Format (%h %l %u %t "%r" %>s %b).',
  detectable: true,
  shared: apacheCommon,
  create: () => apacheCommon,
}
