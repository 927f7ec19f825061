// How one AccessEvent becomes one row of the events table: principal fields flattened, absent
// strings empty, absent numbers NULL (0 ms is a real latency, so it cannot mean "unknown").
import type { AccessEvent } from '@gatewatch/schema'

export interface EventRow {
  event_id: string
  ts: number
  collector: string
  service: string
  host: string
  method: string
  path: string
  route: string
  query: string
  status: number
  latency_ms: number | null
  request_bytes: number | null
  response_bytes: number | null
  client_ip: string
  forwarded_for: string[]
  user_agent: string
  principal_kind: string
  principal_fingerprint: string
  principal_subject: string
  principal_issuer: string
  principal_audience: string[]
  principal_client_id: string
  principal_scopes: string[]
  principal_iat: number | null
  principal_exp: number | null
  principal_jti: string
  principal_alg: string
  request_id: string
  gateway_route: string
  headers: Record<string, string>
  /** Enrichment of client_ip and user_agent (enrich/), empty or 0 when unknown. */
  country: string
  asn: number
  as_org: string
  ua_family: string
  bot: string
}

/** How a column is encoded: its ClickHouse type family. */
export type ColumnKind = 'string' | 'ts' | 'u16' | 'u32' | 'f64?' | 'u64?' | 'i64?' | 'strings' | 'map'

/**
 * Every events column the writer sets, in insert order (ingested_at keeps its default), with its
 * type family (migrations 001 and 004).
 */
export const EVENT_COLUMNS: readonly (readonly [keyof EventRow, ColumnKind])[] = [
  ['event_id', 'string'],
  ['ts', 'ts'],
  ['collector', 'string'],
  ['service', 'string'],
  ['host', 'string'],
  ['method', 'string'],
  ['path', 'string'],
  ['route', 'string'],
  ['query', 'string'],
  ['status', 'u16'],
  ['latency_ms', 'f64?'],
  ['request_bytes', 'u64?'],
  ['response_bytes', 'u64?'],
  ['client_ip', 'string'],
  ['forwarded_for', 'strings'],
  ['user_agent', 'string'],
  ['principal_kind', 'string'],
  ['principal_fingerprint', 'string'],
  ['principal_subject', 'string'],
  ['principal_issuer', 'string'],
  ['principal_audience', 'strings'],
  ['principal_client_id', 'string'],
  ['principal_scopes', 'strings'],
  ['principal_iat', 'i64?'],
  ['principal_exp', 'i64?'],
  ['principal_jti', 'string'],
  ['principal_alg', 'string'],
  ['request_id', 'string'],
  ['gateway_route', 'string'],
  ['headers', 'map'],
  ['country', 'string'],
  ['asn', 'u32'],
  ['as_org', 'string'],
  ['ua_family', 'string'],
  ['bot', 'string'],
]

/** The row as a JSONCompactEachRow array, in EVENT_COLUMNS order. */
export function toCompactRow(row: EventRow): unknown[] {
  return EVENT_COLUMNS.map(([column]) => row[column])
}

/** The row stored for an event whose route template is `route`. */
export function toEventRow(e: AccessEvent, route: string): EventRow {
  const p = e.principal
  return {
    event_id: e.event_id,
    ts: e.ts,
    collector: e.collector,
    service: e.service,
    host: e.host,
    method: e.method,
    path: e.path,
    route,
    query: e.query,
    status: e.status,
    latency_ms: e.latency_ms ?? null,
    request_bytes: e.request_bytes ?? null,
    response_bytes: e.response_bytes ?? null,
    client_ip: e.client_ip,
    forwarded_for: e.forwarded_for,
    user_agent: e.user_agent,
    principal_kind: p.kind,
    principal_fingerprint: p.fingerprint ?? '',
    principal_subject: p.subject ?? '',
    principal_issuer: p.issuer ?? '',
    principal_audience: p.audience ?? [],
    principal_client_id: p.client_id ?? '',
    principal_scopes: p.scopes ?? [],
    principal_iat: p.iat ?? null,
    principal_exp: p.exp ?? null,
    principal_jti: p.jti ?? '',
    principal_alg: p.alg ?? '',
    request_id: e.request_id ?? '',
    gateway_route: e.gateway_route ?? '',
    headers: e.headers ?? {},
    country: '',
    asn: 0,
    as_org: '',
    ua_family: '',
    bot: '',
  }
}
