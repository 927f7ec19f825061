// Log-format parsers, their registry and their options.
export {
  CUSTOM_FIELDS,
  PARSER_CONFIG_KEY,
  ParserConfig,
  ParserConfigError,
  type ParserOptions,
} from './config.js'
export { splitKongBatch } from './kong/index.js'
export {
  createParser,
  getParser,
  INPUT_FORMATS,
  type InputFormat,
  LOG_FORMATS,
  type LogFormat,
  parseLine,
  parsers,
  validateParserOptions,
} from './registry.js'
export type {
  FormatDefinition,
  ParseOutcome,
  Parser,
  ParserContext,
  RawRecord,
  RecordOutcome,
  Rejection,
  RejectReason,
  Skip,
} from './types.js'
