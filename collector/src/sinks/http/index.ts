// HTTP sink: NDJSON batches to the analyzer's ingest endpoint.
export { createHttpSink, type HttpSinkOptions } from './http.js'
