// Public interface of @gatewatch/simulator: the catalogue of the simulated API, batch
// generation of labelled requests and log lines, and live mode.
export {
  type ClientKind,
  type HttpMethod,
  type IdKind,
  PLACEHOLDERS,
  placeholdersOf,
  ROUTES,
  type RouteSpec,
  routeKey,
  SERVICES,
  type ServiceSpec,
} from './catalogue.js'
export { activityOf, CLIENT_SHARES, trafficDensity } from './diurnal.js'
export {
  formatterFor,
  isOutputFormat,
  NGINX_JSON_KEYS,
  OUTPUT_FORMATS,
  type OutputFormat,
  timeIso8601,
  timeLocal,
} from './formats/index.js'
export {
  type GenerateLinesOptions,
  type GenerateOptions,
  generateLines,
  generateRequests,
} from './generate.js'
export { decodeJwtClaims, encodeJwt, type JwtClaims } from './jwt.js'
export { type LiveOptions, runLive } from './live.js'
export { addressIn, inNetwork, NETWORKS, type NetworkName, type NetworkSpec } from './networks.js'
export { requestUri, type SimulatedRequest, type TrafficLabel } from './request.js'
export { createRng, type Rng } from './rng.js'
export * from './scenarios/index.js'
export { createTrafficModel, type TrafficModel } from './traffic.js'
export { type CredentialSpec, createPopulation, type SimUser } from './users.js'
