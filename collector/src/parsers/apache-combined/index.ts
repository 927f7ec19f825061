// Apache combined access-log parser.
export { apacheCombined, apacheCombinedFormat } from './apache-combined.js'
