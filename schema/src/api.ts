// Response shapes of the analyzer's HTTP API (/api/v1). The dashboard reads the same types, so
// nothing is hand-copied across the wire.
import Type, { type Static } from 'typebox'

export const EndpointSummary = Type.Object(
  {
    service: Type.String(),
    method: Type.String(),
    route: Type.String({ description: 'Route template, e.g. /v1/orders/{id}.' }),
    requests: Type.Integer({ minimum: 0 }),
    error_rate: Type.Number({ minimum: 0, maximum: 1, description: 'Share of answers with status >= 400.' }),
    p50_ms: Type.Number({ description: 'Median latency, ms.' }),
    p95_ms: Type.Number({ description: '95th percentile latency, ms.' }),
    first_seen: Type.Integer({ description: 'Event time of the first request, ms since the epoch.' }),
    last_seen: Type.Integer({ description: 'Event time of the last request, ms since the epoch.' }),
  },
  { additionalProperties: false },
)
export type EndpointSummary = Static<typeof EndpointSummary>

export const EndpointList = Type.Object({
  endpoints: Type.Array(EndpointSummary),
  total_requests: Type.Integer(),
})
export type EndpointList = Static<typeof EndpointList>

export const TrafficPoint = Type.Object({
  t: Type.Integer({ description: 'Start of the bucket, ms since the epoch (event time).' }),
  requests: Type.Integer(),
  errors: Type.Integer(),
})
export const TrafficSeries = Type.Object({ bucket_ms: Type.Integer(), points: Type.Array(TrafficPoint) })
export type TrafficSeries = Static<typeof TrafficSeries>

export const Health = Type.Object({
  status: Type.Union([Type.Literal('ok'), Type.Literal('degraded')]),
  clickhouse: Type.Union([Type.Literal('up'), Type.Literal('down')]),
  events_stored: Type.Integer(),
  version: Type.String(),
})
export type Health = Static<typeof Health>

export const IngestResult = Type.Object({
  accepted: Type.Integer({ description: 'Events stored (or already stored: duplicates count as accepted).' }),
  rejected: Type.Integer({ description: 'Events dead-lettered, with reasons.' }),
  reasons: Type.Array(Type.String(), { description: 'The distinct rejection reasons, at most 10.' }),
})
export type IngestResult = Static<typeof IngestResult>
