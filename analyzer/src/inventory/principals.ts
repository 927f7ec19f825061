// Principals: one row per credential fingerprint (API key, bearer token, JWT subject's token,
// basic user, session cookie) with its traffic, failures and spread (endpoints, IPs, networks,
// countries, user agents). Lists read the per-day rollup (principal_day, migration 021) and sort
// and page in ClickHouse: unlike endpoints, credentials are not bounded by anything we control.
import type { PrincipalDetail, PrincipalList, PrincipalSortKey, PrincipalSummary } from '@gatewatch/schema'
import type { StoreClient } from '../store/client.js'

export const PRINCIPAL_SORTS = [
  'requests',
  'auth_failures',
  'error_rate',
  'endpoints',
  'ips',
  'first_seen',
  'last_seen',
] as const satisfies readonly PrincipalSortKey[]
export type PrincipalSort = (typeof PRINCIPAL_SORTS)[number]

export interface PrincipalQuery {
  sort: PrincipalSort
  order: 'asc' | 'desc'
  kind?: string | undefined
  /** Subject, client id or fingerprint starts with this. */
  q?: string | undefined
  limit: number
  offset: number
}

/** SQL text for each allowed sort and order; the user's choice only selects among these constants. */
const SORT_SQL: Record<PrincipalSort, string> = {
  requests: 'requests',
  auth_failures: 'auth_failures',
  error_rate: 'error_rate',
  endpoints: 'endpoints',
  ips: 'ips',
  first_seen: 'first_seen',
  last_seen: 'last_seen',
}
const ORDER_SQL = { asc: 'ASC', desc: 'DESC' } as const

const SUMMARY = (table: string) => `
  SELECT
    principal_fingerprint AS id,
    anyLast(kind) AS kind,
    anyLast(subject) AS subject,
    anyLast(issuer) AS issuer,
    anyLast(client_id) AS client_id,
    sum(requests) AS requests,
    sum(status_4xx) AS status_4xx,
    sum(status_5xx) AS status_5xx,
    sum(auth_failures) AS auth_failures,
    (status_4xx + status_5xx) / requests AS error_rate,
    sum(response_bytes_sum) AS response_bytes,
    uniqMerge(endpoints) AS endpoints,
    uniqMerge(ips) AS ips,
    uniqMerge(asns) AS asns,
    uniqMerge(countries) AS countries,
    uniqMerge(user_agents) AS user_agents,
    toUnixTimestamp64Milli(min(first_seen)) AS first_seen,
    toUnixTimestamp64Milli(max(last_seen)) AS last_seen
  FROM ${table}`

export async function listPrincipals(client: StoreClient, q: PrincipalQuery): Promise<PrincipalList> {
  const rows = await (
    await client.query({
      query: `
        SELECT *, count() OVER () AS total FROM (
          ${SUMMARY('principal_day')}
          GROUP BY principal_fingerprint
          HAVING ({kind:String} = '' OR kind = {kind:String})
            AND ({q:String} = '' OR startsWith(subject, {q:String}) OR startsWith(client_id, {q:String})
                 OR startsWith(id, {q:String}))
        )
        ORDER BY ${SORT_SQL[q.sort]} ${ORDER_SQL[q.order]}, id ASC
        LIMIT {limit:UInt32} OFFSET {offset:UInt32}`,
      query_params: { kind: q.kind ?? '', q: q.q ?? '', limit: q.limit, offset: q.offset },
      format: 'JSONEachRow',
    })
  ).json<PrincipalSummary & { total: number }>()
  return { principals: rows.map(({ total: _, ...p }) => p), total: rows[0]?.total ?? 0 }
}

export class PrincipalNotFoundError extends Error {
  override readonly name = 'PrincipalNotFoundError'
}

/** A credential's profile: its totals and its hours of traffic (principal_hour). */
export async function principalDetail(client: StoreClient, id: string): Promise<PrincipalDetail> {
  const [principal] = await (
    await client.query({
      query: `${SUMMARY('principal_day')} WHERE principal_fingerprint = {id:String} GROUP BY principal_fingerprint`,
      query_params: { id },
      format: 'JSONEachRow',
    })
  ).json<PrincipalSummary>()
  if (!principal) throw new PrincipalNotFoundError(`no principal has id ${id}`)
  const series = await (
    await client.query({
      query: `
        SELECT toUnixTimestamp(hour) * 1000 AS t, sum(requests) AS requests, sum(auth_failures) AS auth_failures,
               uniqMerge(ips) AS ips, uniqMerge(endpoints) AS endpoints
        FROM principal_hour WHERE principal_fingerprint = {id:String}
        GROUP BY hour ORDER BY hour`,
      query_params: { id },
      format: 'JSONEachRow',
    })
  ).json<PrincipalDetail['series'][number]>()
  return { principal, series }
}
