// nginx `combined` access-log parser.
export { nginxCombined, parseNginxCombined } from './nginx-combined.js'
