// Traefik JSON access-log parser.
export { parseTraefikJson, traefikJson, traefikJsonFormat } from './traefik-json.js'
