// IIS / W3C extended log parser (stateful: one per source).
export { createIisParser, IIS_DEFAULT_FIELDS, iisW3cFormat } from './iis-w3c.js'
