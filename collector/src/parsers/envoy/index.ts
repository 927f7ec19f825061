// Envoy / Istio default text access-log parser.
export { envoy, envoyFormat, parseEnvoy } from './envoy.js'
