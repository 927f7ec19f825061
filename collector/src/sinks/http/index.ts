// HTTP sink: NDJSON batches to the analyzer's ingest endpoint.
export { batchKey, createHttpSink, type HttpSinkOptions } from './http.js'
