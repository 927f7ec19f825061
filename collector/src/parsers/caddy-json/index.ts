// Caddy JSON access-log parser.
export { caddyJson, caddyJsonFormat, goDurationMs, parseCaddyJson } from './caddy-json.js'
