// @gatewatch/analyzer: create an analyzer (store, pipeline, API, sources) and the route templater.
export { type Analyzer, createAnalyzer, VERSION } from './analyzer.js'
export {
  type AnalyzerConfig,
  type AnalyzerConfigInput,
  ConfigError,
  loadConfig,
  parseConfig,
} from './config.js'
export { ENDPOINT_SORTS, type EndpointQuery } from './inventory/endpoints.js'
export { createInventory, type Inventory } from './inventory/inventory.js'
export { PARAM, routeTemplate, templateSegment } from './inventory/route-template.js'
export { type ApiSpec, parseSpec, SpecError, type SpecStatus } from './inventory/spec.js'
export { Templater } from './inventory/templater.js'
export { type BatchResult, createPipeline, type Pipeline, type RawRecord } from './pipeline/pipeline.js'
export { CLICKHOUSE_SETTINGS, createStoreClient, type StoreClient } from './store/client.js'
export { migrate } from './store/migrate.js'
