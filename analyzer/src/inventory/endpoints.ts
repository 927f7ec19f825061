// The endpoint inventory: one row per service + method + route with traffic, errors by class,
// latency and size quantiles, auth kinds, distinct consumers, first/last seen and spec status.
//
// Lists without a time range read the whole-history rollup (endpoint_total, migration 022: one
// row per endpoint once merged), ranges of whole days the per-day one (endpoint_day, 021), other
// ranges the per-minute one, so a list never costs one row per event. The
// number of endpoints is bounded by templating (that is its point), so the aggregated list is
// small enough to finish in memory: spec status, never-seen spec operations, filters, sort and
// paging are applied here, in one place, on at most MAX_ENDPOINTS rows.
//
// Rows stored before a template was learned carry the literal route; the read maps them onto the
// learned template (`transform` with the mapping as query parameters) so one endpoint is one row.
import type {
  EndpointDetail,
  EndpointList,
  EndpointSortKey,
  EndpointSummary,
  SpecStatus,
} from '@gatewatch/schema'
import type { StoreClient } from '../store/client.js'
import type { Templater } from './templater.js'

export const ENDPOINT_SORTS = [
  'requests',
  'error_rate',
  'error_rate_4xx',
  'error_rate_5xx',
  'p50_ms',
  'p95_ms',
  'p99_ms',
  'consumers',
  'unauthenticated_share',
  'first_seen',
  'last_seen',
  'route',
] as const satisfies readonly EndpointSortKey[]
export type EndpointSort = (typeof ENDPOINT_SORTS)[number]

export const MAX_ENDPOINTS = 100_000
const DAY_MS = 86_400_000

export interface EndpointQuery {
  sort: EndpointSort
  order: 'asc' | 'desc'
  service?: string | undefined
  method?: string | undefined
  spec_status?: SpecStatus | undefined
  /** Route contains this text (case-insensitive). */
  q?: string | undefined
  /** Only endpoints with requests without a credential. */
  unauthenticated?: boolean | undefined
  /** Event-time range, ms since the epoch: [from, to). */
  from?: number | undefined
  to?: number | undefined
  limit: number
  offset: number
  /** Which rollup to read, for the benchmark's baselines; default: the coarsest exact one. */
  rollup?: EndpointRollup
}

/** `shop`, `GET`, `/v1/orders/{id:int}` ↔ an id safe in a URL path. */
export const endpointId = (service: string, method: string, route: string) =>
  Buffer.from(`${service}\n${method}\n${route}`).toString('base64url')

export function parseEndpointId(id: string): { service: string; method: string; route: string } | undefined {
  const parts = Buffer.from(id, 'base64url').toString('utf8').split('\n')
  if (parts.length !== 3 || endpointId(parts[0]!, parts[1]!, parts[2]!) !== id) return undefined
  return { service: parts[0]!, method: parts[1]!, route: parts[2]! }
}

interface AggRow {
  service: string
  method: string
  route: string
  requests: number
  status_4xx: number
  status_5xx: number
  latency_q: (number | null)[]
  request_bytes_sum: number
  response_bytes_sum: number
  response_bytes_q: (number | null)[]
  auth_none: number
  auth_api_key: number
  auth_bearer: number
  auth_jwt: number
  auth_basic: number
  auth_cookie: number
  consumers: number
  first_seen: number
  last_seen: number
}

/** The whole-history rollup keeps distinct counts as HyperLogLog sketches (migration 022). */
const uniqMerge = (table: EndpointRollup) => (table === 'endpoint_total' ? 'uniqHLL12Merge' : 'uniqMerge')

/** ... and its quantiles as bfloat16 histograms. */
const quantilesMerge = (table: EndpointRollup) =>
  table === 'endpoint_total' ? 'quantilesBFloat16Merge' : 'quantilesTDigestMerge'

const AGGREGATES = (table: EndpointRollup) => `
  sum(requests) AS requests,
  sum(status_4xx) AS status_4xx,
  sum(status_5xx) AS status_5xx,
  ${quantilesMerge(table)}(0.5, 0.95, 0.99)(latency_q) AS latency_q,
  sum(request_bytes_sum) AS request_bytes_sum,
  sum(response_bytes_sum) AS response_bytes_sum,
  ${quantilesMerge(table)}(0.5, 0.95, 0.99)(response_bytes_q) AS response_bytes_q,
  sum(auth_none) AS auth_none,
  sum(auth_api_key) AS auth_api_key,
  sum(auth_bearer) AS auth_bearer,
  sum(auth_jwt) AS auth_jwt,
  sum(auth_basic) AS auth_basic,
  sum(auth_cookie) AS auth_cookie,
  ${uniqMerge(table)}(consumers) AS consumers,
  toUnixTimestamp64Milli(min(first_seen)) AS first_seen,
  toUnixTimestamp64Milli(max(last_seen)) AS last_seen`

/** The stored route mapped onto learned templates; parameters `keys` and `routes`. */
const MAPPED_ROUTE =
  "transform(concat(service, '\\n', route), {keys:Array(String)}, {routes:Array(String)}, route)"

export type EndpointRollup = 'endpoint_total' | 'endpoint_day' | 'endpoint_minute'

/** The coarsest rollup that answers the range exactly. */
export function rollupFor(from: number | undefined, to: number | undefined): EndpointRollup {
  if (from === undefined && to === undefined) return 'endpoint_total'
  const whole = (t: number | undefined) => t === undefined || t % DAY_MS === 0
  return whole(from) && whole(to) ? 'endpoint_day' : 'endpoint_minute'
}

const finite = (x: number | null | undefined) => (typeof x === 'number' && Number.isFinite(x) ? x : 0)

function toSummary(r: AggRow, status: SpecStatus): EndpointSummary {
  const n = r.requests
  const share = (k: number) => (n === 0 ? 0 : k / n)
  return {
    id: endpointId(r.service, r.method, r.route),
    service: r.service,
    method: r.method,
    route: r.route,
    requests: n,
    status_4xx: r.status_4xx,
    status_5xx: r.status_5xx,
    error_rate: share(r.status_4xx + r.status_5xx),
    error_rate_4xx: share(r.status_4xx),
    error_rate_5xx: share(r.status_5xx),
    p50_ms: finite(r.latency_q[0]),
    p95_ms: finite(r.latency_q[1]),
    p99_ms: finite(r.latency_q[2]),
    request_bytes_avg: share(r.request_bytes_sum),
    response_bytes_avg: share(r.response_bytes_sum),
    response_bytes_p95: finite(r.response_bytes_q[1]),
    auth: {
      none: r.auth_none,
      api_key: r.auth_api_key,
      bearer: r.auth_bearer,
      jwt: r.auth_jwt,
      basic: r.auth_basic,
      cookie: r.auth_cookie,
    },
    unauthenticated_share: share(r.auth_none),
    consumers: r.consumers,
    first_seen: n === 0 ? null : r.first_seen,
    last_seen: n === 0 ? null : r.last_seen,
    spec_status: status,
  }
}

/** A spec operation never seen in the range: a row with zeros. */
function unusedRow(service: string, method: string, route: string): EndpointSummary {
  return toSummary(
    {
      service,
      method,
      route,
      requests: 0,
      status_4xx: 0,
      status_5xx: 0,
      latency_q: [],
      request_bytes_sum: 0,
      response_bytes_sum: 0,
      response_bytes_q: [],
      auth_none: 0,
      auth_api_key: 0,
      auth_bearer: 0,
      auth_jwt: 0,
      auth_basic: 0,
      auth_cookie: 0,
      consumers: 0,
      first_seen: 0,
      last_seen: 0,
    },
    'unused',
  )
}

/** Stored routes that learned templates now cover, as the two arrays `transform` takes. */
async function routeMapping(
  client: StoreClient,
  templater: Templater,
  service: string,
): Promise<{ keys: string[]; routes: string[] }> {
  const keys: string[] = []
  const routes: string[] = []
  if (templater.learned().length === 0) return { keys, routes }
  const rows = await (
    await client.query({
      query: `SELECT DISTINCT service, route FROM endpoint_total
              WHERE ({service:String} = '' OR service = {service:String})`,
      query_params: { service },
      format: 'JSONEachRow',
    })
  ).json<{ service: string; route: string }>()
  for (const r of rows) {
    const mapped = templater.retemplate(r.service, r.route)
    if (mapped !== r.route) {
      keys.push(`${r.service}\n${r.route}`)
      routes.push(mapped)
    }
  }
  return { keys, routes }
}

async function aggregate(
  client: StoreClient,
  templater: Templater,
  q: Pick<EndpointQuery, 'service' | 'method' | 'from' | 'to'> & { route?: string; rollup?: EndpointRollup },
): Promise<AggRow[]> {
  const mapping = await routeMapping(client, templater, q.service ?? '')
  const table = q.rollup ?? rollupFor(q.from, q.to)
  return (
    await client.query({
      query: `
        SELECT service, method, ${MAPPED_ROUTE} AS mapped_route, ${AGGREGATES(table)}
        FROM ${table}
        WHERE ({service:String} = '' OR service = {service:String})
          AND ({method:String} = '' OR method = {method:String})
          AND minute >= toDateTime(intDiv({from:Int64}, 1000), 'UTC')
          AND minute < toDateTime(intDiv({to:Int64}, 1000), 'UTC')
        GROUP BY service, method, mapped_route
        HAVING ({route:String} = '' OR mapped_route = {route:String})
        LIMIT {max:UInt32}`,
      query_params: {
        service: q.service ?? '',
        method: q.method ?? '',
        route: q.route ?? '',
        from: q.from ?? 0,
        // DateTime ends in 2106; an open range ends there.
        to: q.to ?? 4_294_967_295_000,
        max: MAX_ENDPOINTS,
        ...mapping,
      },
      format: 'JSONEachRow',
    })
  )
    .json<Omit<AggRow, 'route'> & { mapped_route: string }>()
    .then((rows) => rows.map(({ mapped_route, ...r }) => ({ ...r, route: mapped_route })))
}

function compare(sort: EndpointSort): (a: EndpointSummary, b: EndpointSummary) => number {
  if (sort === 'route') return (a, b) => (a.route < b.route ? -1 : a.route > b.route ? 1 : 0)
  return (a, b) => (a[sort] ?? -1) - (b[sort] ?? -1)
}

const tieBreak = (a: EndpointSummary, b: EndpointSummary) =>
  a.service.localeCompare(b.service) || a.method.localeCompare(b.method) || a.route.localeCompare(b.route)

export async function listEndpoints(
  client: StoreClient,
  templater: Templater,
  q: EndpointQuery,
): Promise<EndpointList> {
  const rows = await aggregate(client, templater, q)
  const seen = new Set<string>()
  let all = rows.map((r) => {
    seen.add(`${r.service} ${r.method} ${r.route}`)
    return toSummary(r, templater.specStatus(r.service, r.method, r.route))
  })
  for (const spec of templater.allSpecs()) {
    if (q.service && spec.service !== q.service) continue
    for (const op of spec.operations) {
      if (q.method && op.method !== q.method) continue
      if (!seen.has(`${spec.service} ${op.method} ${op.path}`))
        all.push(unusedRow(spec.service, op.method, op.path))
    }
  }
  const needle = q.q?.toLowerCase()
  all = all.filter(
    (e) =>
      (!q.spec_status || e.spec_status === q.spec_status) &&
      (!needle || e.route.toLowerCase().includes(needle)) &&
      (!q.unauthenticated || e.auth.none > 0),
  )
  const cmp = compare(q.sort)
  const sign = q.order === 'asc' ? 1 : -1
  all.sort((a, b) => sign * cmp(a, b) || tieBreak(a, b))
  return {
    endpoints: all.slice(q.offset, q.offset + q.limit),
    total: all.length,
    total_requests: all.reduce((n, e) => n + e.requests, 0),
  }
}

export class EndpointNotFoundError extends Error {
  override readonly name = 'EndpointNotFoundError'
}

/** One endpoint with its traffic per bucket (from the minute rollup). */
export async function endpointDetail(
  client: StoreClient,
  templater: Templater,
  id: string,
  q: { bucket_ms: number; from?: number | undefined; to?: number | undefined },
): Promise<EndpointDetail> {
  const key = parseEndpointId(id)
  if (!key) throw new EndpointNotFoundError(`${id} is not an endpoint id`)
  const [row] = await aggregate(client, templater, { ...key })
  const status = templater.specStatus(key.service, key.method, key.route)
  if (!row) {
    const spec = templater.spec(key.service)
    if (spec?.operations.some((o) => o.method === key.method && o.path === key.route))
      return { endpoint: unusedRow(key.service, key.method, key.route), bucket_ms: q.bucket_ms, series: [] }
    throw new EndpointNotFoundError(`no endpoint ${key.method} ${key.route} in service ${key.service}`)
  }
  const mapping = await routeMapping(client, templater, key.service)
  const series = await (
    await client.query({
      query: `
        SELECT
          intDiv(toUnixTimestamp(minute), intDiv({bucket:UInt64}, 1000)) * {bucket:UInt64} AS t,
          sum(requests) AS requests,
          sum(status_4xx) AS status_4xx,
          sum(status_5xx) AS status_5xx,
          sum(auth_none) AS unauthenticated,
          quantilesTDigestMerge(0.5, 0.95, 0.99)(latency_q)[2] AS p95_ms
        FROM endpoint_minute
        WHERE service = {service:String} AND method = {method:String}
          AND ${MAPPED_ROUTE} = {route:String}
          AND minute >= toDateTime(intDiv({from:Int64}, 1000), 'UTC')
          AND minute < toDateTime(intDiv({to:Int64}, 1000), 'UTC')
        GROUP BY t
        ORDER BY t`,
      query_params: {
        ...key,
        ...mapping,
        bucket: q.bucket_ms,
        from: q.from ?? 0,
        to: q.to ?? 4_294_967_295_000,
      },
      format: 'JSONEachRow',
    })
  ).json<EndpointDetail['series'][number]>()
  return {
    endpoint: toSummary(row, status),
    bucket_ms: q.bucket_ms,
    series: series.map((p) => ({ ...p, p95_ms: finite(p.p95_ms) })),
  }
}

export const FINAL_SETTINGS = { do_not_merge_across_partitions_select_final: 1 } as const

/** Events stored, duplicates counted once. */
export async function countEvents(client: StoreClient): Promise<number> {
  const rows = await (
    await client.query({
      query: 'SELECT count() AS n FROM events FINAL',
      format: 'JSONEachRow',
      clickhouse_settings: FINAL_SETTINGS,
    })
  ).json<{ n: number }>()
  return rows[0]?.n ?? 0
}
