// Response shapes of the analyzer's HTTP API (/api/v1). The dashboard reads the same types, so
// nothing is hand-copied across the wire.
import Type, { type Static } from 'typebox'

export const SpecStatus = Type.Union(
  [
    Type.Literal('documented'),
    Type.Literal('shadow'),
    Type.Literal('zombie'),
    Type.Literal('unused'),
    Type.Literal('unspecified'),
  ],
  {
    description:
      'documented: in the imported spec; shadow: seen but not in the spec; zombie: deprecated in the spec, or an older version of a spec route; unused: in the spec, never seen; unspecified: no spec imported for the service.',
  },
)
export type SpecStatus = Static<typeof SpecStatus>

export const AuthKinds = Type.Object(
  {
    none: Type.Integer({ minimum: 0, description: 'Requests without a credential.' }),
    api_key: Type.Integer({ minimum: 0 }),
    bearer: Type.Integer({ minimum: 0, description: 'Opaque bearer tokens (not JWTs).' }),
    jwt: Type.Integer({ minimum: 0 }),
    basic: Type.Integer({ minimum: 0 }),
    cookie: Type.Integer({ minimum: 0 }),
  },
  { additionalProperties: false, description: 'Requests by the kind of credential they carried.' },
)
export type AuthKinds = Static<typeof AuthKinds>

export const EndpointSummary = Type.Object(
  {
    id: Type.String({ description: 'Stable id of service + method + route, for GET /api/v1/endpoints/:id.' }),
    service: Type.String(),
    method: Type.String(),
    route: Type.String({ description: 'Route template, e.g. /v1/orders/{id:int}.' }),
    requests: Type.Integer({ minimum: 0 }),
    status_4xx: Type.Integer({ minimum: 0, description: 'Answers with a 4xx status.' }),
    status_5xx: Type.Integer({ minimum: 0, description: 'Answers with a 5xx status.' }),
    error_rate: Type.Number({ minimum: 0, maximum: 1, description: 'Share of answers with status >= 400.' }),
    error_rate_4xx: Type.Number({ minimum: 0, maximum: 1, description: 'Share of 4xx answers.' }),
    error_rate_5xx: Type.Number({ minimum: 0, maximum: 1, description: 'Share of 5xx answers.' }),
    p50_ms: Type.Number({ description: 'Median latency, ms (an estimate).' }),
    p95_ms: Type.Number({ description: '95th percentile latency, ms (an estimate).' }),
    p99_ms: Type.Number({ description: '99th percentile latency, ms (an estimate).' }),
    request_bytes_avg: Type.Number({ description: 'Mean request body, bytes.' }),
    response_bytes_avg: Type.Number({ description: 'Mean response body, bytes.' }),
    response_bytes_p95: Type.Number({ description: '95th percentile response body, bytes.' }),
    auth: AuthKinds,
    unauthenticated_share: Type.Number({
      minimum: 0,
      maximum: 1,
      description: 'Share of requests without a credential.',
    }),
    consumers: Type.Integer({
      minimum: 0,
      description:
        'Distinct callers (credential fingerprint, else client IP); an estimate above a few thousand.',
    }),
    first_seen: Type.Union([Type.Integer(), Type.Null()], {
      description: 'Event time of the first request, ms since the epoch; null when never seen.',
    }),
    last_seen: Type.Union([Type.Integer(), Type.Null()], {
      description: 'Event time of the last request, ms since the epoch; null when never seen.',
    }),
    spec_status: SpecStatus,
  },
  { additionalProperties: false },
)
export type EndpointSummary = Static<typeof EndpointSummary>

export const EndpointList = Type.Object(
  {
    endpoints: Type.Array(EndpointSummary),
    total: Type.Integer({ description: 'Endpoints matching the filters, before paging.' }),
    total_requests: Type.Integer({ description: 'Requests of the endpoints matching the filters.' }),
  },
  { additionalProperties: false },
)
export type EndpointList = Static<typeof EndpointList>

export const EndpointPoint = Type.Object(
  {
    t: Type.Integer({ description: 'Start of the bucket, ms since the epoch (event time).' }),
    requests: Type.Integer(),
    status_4xx: Type.Integer(),
    status_5xx: Type.Integer(),
    unauthenticated: Type.Integer(),
    p95_ms: Type.Number({ description: '95th percentile latency in the bucket, ms; 0 when unknown.' }),
  },
  { additionalProperties: false },
)

export const EndpointDetail = Type.Object(
  {
    endpoint: EndpointSummary,
    bucket_ms: Type.Integer(),
    series: Type.Array(EndpointPoint, { description: 'Buckets with traffic, in time order.' }),
  },
  { additionalProperties: false },
)
export type EndpointDetail = Static<typeof EndpointDetail>

export const PrincipalSummary = Type.Object(
  {
    id: Type.String({ description: 'The credential fingerprint (keyed HMAC, never the credential).' }),
    kind: Type.String({ description: 'api_key, bearer, jwt, basic or cookie.' }),
    subject: Type.String({ description: 'JWT sub or basic-auth user, when known.' }),
    issuer: Type.String(),
    client_id: Type.String(),
    requests: Type.Integer(),
    status_4xx: Type.Integer(),
    status_5xx: Type.Integer(),
    auth_failures: Type.Integer({ description: 'Answers 401 or 403.' }),
    error_rate: Type.Number({ minimum: 0, maximum: 1 }),
    response_bytes: Type.Integer({ description: 'Response bytes sent to this credential.' }),
    endpoints: Type.Integer({ description: 'Distinct endpoints called (estimate).' }),
    ips: Type.Integer({ description: 'Distinct client IPs (estimate).' }),
    asns: Type.Integer({ description: 'Distinct networks (estimate).' }),
    countries: Type.Integer({ description: 'Distinct countries (estimate).' }),
    user_agents: Type.Integer({ description: 'Distinct user agents (estimate).' }),
    first_seen: Type.Integer(),
    last_seen: Type.Integer(),
  },
  { additionalProperties: false },
)
export type PrincipalSummary = Static<typeof PrincipalSummary>

export const PrincipalList = Type.Object(
  {
    principals: Type.Array(PrincipalSummary),
    total: Type.Integer({ description: 'Principals matching the filters, before paging.' }),
  },
  { additionalProperties: false },
)
export type PrincipalList = Static<typeof PrincipalList>

export const PrincipalPoint = Type.Object(
  {
    t: Type.Integer({ description: 'Start of the hour, ms since the epoch (event time).' }),
    requests: Type.Integer(),
    auth_failures: Type.Integer(),
    ips: Type.Integer(),
    endpoints: Type.Integer(),
  },
  { additionalProperties: false },
)

export const PrincipalDetail = Type.Object(
  {
    principal: PrincipalSummary,
    series: Type.Array(PrincipalPoint, { description: 'Hours with traffic, in time order.' }),
  },
  { additionalProperties: false },
)
export type PrincipalDetail = Static<typeof PrincipalDetail>

export const LearnedTemplate = Type.Object(
  {
    id: Type.String(),
    service: Type.String(),
    prefix: Type.String({ description: 'The templated path above the learned segment.' }),
    template: Type.String({ description: 'The route it produces, e.g. /v1/products/{param}.' }),
    name: Type.String({ description: 'Placeholder name of the learned segment.' }),
    status: Type.Union([Type.Literal('learned'), Type.Literal('approved')]),
    kept: Type.Array(Type.String(), { description: 'Children that stay names (frequent, or split out).' }),
    distinct: Type.Integer({ description: 'Distinct children seen when it was learned.' }),
    updated_at: Type.Integer(),
  },
  { additionalProperties: false },
)
export type LearnedTemplate = Static<typeof LearnedTemplate>

export const TemplateList = Type.Object(
  { templates: Type.Array(LearnedTemplate) },
  { additionalProperties: false },
)

export const SpecImport = Type.Object(
  {
    service: Type.String(),
    title: Type.String(),
    version: Type.String(),
    operations: Type.Integer({ description: 'Operations (method + path) the spec documents.' }),
    deprecated: Type.Integer({ description: 'Of which deprecated.' }),
  },
  { additionalProperties: false },
)
export type SpecImport = Static<typeof SpecImport>

export const AuditEntry = Type.Object(
  {
    ts: Type.Integer(),
    actor: Type.String(),
    action: Type.String({ description: 'e.g. template.rename, spec.import' }),
    target: Type.String(),
    detail: Type.String({ description: 'JSON with the values before and after.' }),
  },
  { additionalProperties: false },
)
export const AuditList = Type.Object({ entries: Type.Array(AuditEntry) }, { additionalProperties: false })

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
