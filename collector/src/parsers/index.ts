// Log-format parsers and their registry.
export { getParser, LOG_FORMATS, type LogFormat, parseLine, parsers } from './registry.js'
export type { ParseOutcome, Parser, RawRecord, Rejection, RejectReason } from './types.js'
