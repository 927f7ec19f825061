// HTTP input: a receiver for gateways that push their logs (Kong http-log, NDJSON).
export { HttpInputConfig } from './config.js'
export { bearerMatches, createHttpInput, type HttpInput, splitRecords } from './http.js'
