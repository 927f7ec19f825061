// Envoy / Istio JSON access-log parser.
export { envoyJson, envoyJsonFormat, parseEnvoyJson } from './envoy-json.js'
