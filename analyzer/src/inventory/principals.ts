// Principals: one row per credential fingerprint (API key, bearer token, JWT subject's token,
// basic user, session cookie) with its traffic, failures and spread (endpoints, IPs, networks,
// countries, user agents). Lists read the whole-history rollup (principal_total, migration 022) and
// sort and page in ClickHouse: unlike endpoints, credentials are not bounded by anything we control.
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
  /** Which rollup to read; the finer ones only for the benchmark's baselines. */
  rollup?: PrincipalRollup
}

export type PrincipalRollup = 'principal_total' | 'principal_day' | 'principal_hour'

/**
 * The ranking expression of each sort. Sums and min/max are cheap over every credential; the
 * distinct counts (endpoints, ips) merge a sketch per credential, so those sorts cost more.
 */
const RANK_SQL: Record<PrincipalSort, string> = {
  requests: 'sum(requests)',
  auth_failures: 'sum(auth_failures)',
  error_rate: '(sum(status_4xx) + sum(status_5xx)) / sum(requests)',
  endpoints: 'UNIQ(endpoints)',
  ips: 'UNIQ(ips)',
  first_seen: 'min(first_seen)',
  last_seen: 'max(last_seen)',
}
const ORDER_SQL = { asc: 'ASC', desc: 'DESC' } as const

/** The whole-history rollup keeps distinct counts as HyperLogLog sketches (migration 022). */
const uniqMerge = (table: PrincipalRollup) => (table === 'principal_total' ? 'uniqHLL12Merge' : 'uniqMerge')

const SUMMARY = (table: PrincipalRollup) => `
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
    ${uniqMerge(table)}(endpoints) AS endpoints,
    ${uniqMerge(table)}(ips) AS ips,
    ${uniqMerge(table)}(asns) AS asns,
    ${uniqMerge(table)}(countries) AS countries,
    ${uniqMerge(table)}(user_agents) AS user_agents,
    toUnixTimestamp64Milli(min(first_seen)) AS first_seen,
    toUnixTimestamp64Milli(max(last_seen)) AS last_seen
  FROM ${table}`

/**
 * Two steps: rank every credential by the sort column alone and keep one page of ids, then read
 * the full profile of those ids through the primary key. Reading every column of every credential
 * to show a hundred of them was what made the list slow.
 */
export async function listPrincipals(client: StoreClient, q: PrincipalQuery): Promise<PrincipalList> {
  const table = q.rollup ?? 'principal_total'
  const page = await (
    await client.query({
      query: `
        SELECT principal_fingerprint AS id, ${RANK_SQL[q.sort].replace('UNIQ', uniqMerge(table))} AS rank,
               count() OVER () AS total
        FROM ${table}
        GROUP BY principal_fingerprint
        HAVING ({kind:String} = '' OR anyLast(kind) = {kind:String})
          AND ({q:String} = '' OR startsWith(anyLast(subject), {q:String})
               OR startsWith(anyLast(client_id), {q:String}) OR startsWith(principal_fingerprint, {q:String}))
        ORDER BY rank ${ORDER_SQL[q.order]}, id ASC
        LIMIT {limit:UInt32} OFFSET {offset:UInt32}`,
      query_params: { kind: q.kind ?? '', q: q.q ?? '', limit: q.limit, offset: q.offset },
      format: 'JSONEachRow',
    })
  ).json<{ id: string; total: number }>()
  if (page.length === 0) return { principals: [], total: 0 }
  const rows = await (
    await client.query({
      query: `${SUMMARY(table)} WHERE principal_fingerprint IN {ids:Array(String)} GROUP BY principal_fingerprint`,
      query_params: { ids: page.map((p) => p.id) },
      format: 'JSONEachRow',
    })
  ).json<PrincipalSummary>()
  const byId = new Map(rows.map((r) => [r.id, r]))
  return { principals: page.map((p) => byId.get(p.id)!), total: page[0]!.total }
}

export class PrincipalNotFoundError extends Error {
  override readonly name = 'PrincipalNotFoundError'
}

/** A credential's profile: its totals and its hours of traffic (principal_hour). */
export async function principalDetail(client: StoreClient, id: string): Promise<PrincipalDetail> {
  const [principal] = await (
    await client.query({
      query: `${SUMMARY('principal_total')} WHERE principal_fingerprint = {id:String} GROUP BY principal_fingerprint`,
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
