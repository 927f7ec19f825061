// HTTP push source: POST /api/v1/ingest.
export { type IngestRouteOptions, ingestRoutes, NDJSON_TYPES } from './ingest-route.js'
