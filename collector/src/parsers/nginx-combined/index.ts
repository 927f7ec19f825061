// nginx `combined` access-log parser.
export { nginxCombined, nginxCombinedFormat, parseNginxCombined } from './nginx-combined.js'
