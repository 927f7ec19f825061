// Kong log-serializer JSON parser, and the splitter for http-log batches.
export { kong, kongFormat, kongRecord, MAX_KONG_BATCH, parseKong, splitKongBatch } from './kong.js'
