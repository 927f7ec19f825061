// User-defined formats from config (regex with named groups, or a JSON field map).
export { createCustomParser, customFormat } from './custom.js'
