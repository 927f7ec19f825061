// The endpoint inventory: one row per service + method + route with traffic, error rate and
// latency quantiles, read from the events table.
//
// Counting is exact before merges: ReplacingMergeTree collapses duplicate event_ids only when
// parts merge, so reads use FINAL. We chose FINAL over uniqExact(event_id) because every
// aggregate must ignore the duplicate (error rate and latency quantiles too, not only the count);
// a duplicate always sits in the same daily partition (PARTITION BY ts), so FINAL merges within
// partitions only (do_not_merge_across_partitions_select_final) and stays cheap.
import type { EndpointList } from '@gatewatch/schema'
import type { StoreClient } from '../store/client.js'

export const ENDPOINT_SORTS = [
  'requests',
  'error_rate',
  'p50_ms',
  'p95_ms',
  'first_seen',
  'last_seen',
  'route',
] as const
export type EndpointSort = (typeof ENDPOINT_SORTS)[number]

export interface EndpointQuery {
  sort: EndpointSort
  order: 'asc' | 'desc'
  service?: string | undefined
  limit: number
}

/** SQL text for each allowed sort and order; the user's choice only selects among these constants. */
const SORT_SQL: Record<EndpointSort, string> = {
  requests: 'requests',
  error_rate: 'error_rate',
  p50_ms: 'p50_ms',
  p95_ms: 'p95_ms',
  first_seen: 'first_seen',
  last_seen: 'last_seen',
  route: 'route',
}
const ORDER_SQL = { asc: 'ASC', desc: 'DESC' } as const

export const FINAL_SETTINGS = { do_not_merge_across_partitions_select_final: 1 } as const

export async function listEndpoints(client: StoreClient, q: EndpointQuery): Promise<EndpointList> {
  const sort = SORT_SQL[q.sort]
  const order = ORDER_SQL[q.order]
  const query = `
    SELECT service, method, route, requests, error_rate, p50_ms, p95_ms, first_seen, last_seen, total_requests
    FROM
    (
      SELECT
        service, method, route,
        count() AS requests,
        countIf(status >= 400) / count() AS error_rate,
        ifNotFinite(ifNull(quantile(0.5)(latency_ms), 0), 0) AS p50_ms,
        ifNotFinite(ifNull(quantile(0.95)(latency_ms), 0), 0) AS p95_ms,
        toUnixTimestamp64Milli(min(ts)) AS first_seen,
        toUnixTimestamp64Milli(max(ts)) AS last_seen,
        sum(requests) OVER () AS total_requests
      FROM events FINAL
      WHERE ({service:String} = '' OR service = {service:String})
      GROUP BY service, method, route
    )
    ORDER BY ${sort} ${order}, service ASC, method ASC, route ASC
    LIMIT {limit:UInt32}`
  const rows = await (
    await client.query({
      query,
      query_params: { service: q.service ?? '', limit: q.limit },
      format: 'JSONEachRow',
      clickhouse_settings: FINAL_SETTINGS,
    })
  ).json<EndpointList['endpoints'][number] & { total_requests: number }>()
  return {
    endpoints: rows.map(({ total_requests: _, ...e }) => e),
    total_requests: rows[0]?.total_requests ?? 0,
  }
}

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
