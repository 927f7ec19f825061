// queryOptions() factories: each keeps its key and its fetcher together, and every variable the
// fetcher sends is part of a hierarchical key (`['endpoints', 'list', filters]`), so caching and
// invalidation by prefix follow the API's own parameters. The token is read at fetch time; the
// cache is cleared whenever the session changes.
import type {
  Alert,
  AlertList,
  EndpointList,
  EndpointSortKey,
  SortOrder,
  TrafficSeries,
} from '@gatewatch/schema'
import { queryOptions } from '@tanstack/react-query'
import { apiGet } from './client.js'
import { session } from './session.js'

/** How often the inventory and the chart refresh while the page is open. */
export const REFRESH_MS = 15_000

export interface EndpointFilters {
  sort: EndpointSortKey
  order: SortOrder
  /** Only this service; undefined for all. */
  service?: string | undefined
  limit: number
}

export interface TrafficFilters {
  from: number
  to: number
  bucket_ms: number
  service?: string | undefined
}

function token(): string {
  const t = session.get().token
  if (t === null) throw new Error('not signed in')
  return t
}

export const endpointKeys = {
  all: ['endpoints'] as const,
  lists: () => [...endpointKeys.all, 'list'] as const,
  list: (filters: EndpointFilters) => [...endpointKeys.lists(), filters] as const,
}

export const trafficKeys = {
  all: ['traffic'] as const,
  series: (filters: TrafficFilters) => [...trafficKeys.all, 'series', filters] as const,
}

export function endpointListQuery(filters: EndpointFilters) {
  return queryOptions({
    queryKey: endpointKeys.list(filters),
    queryFn: ({ signal }) =>
      apiGet<EndpointList>(
        '/endpoints',
        token(),
        { sort: filters.sort, order: filters.order, service: filters.service, limit: filters.limit },
        signal,
      ),
    refetchInterval: REFRESH_MS,
  })
}

export function trafficSeriesQuery(filters: TrafficFilters) {
  return queryOptions({
    queryKey: trafficKeys.series(filters),
    queryFn: ({ signal }) =>
      apiGet<TrafficSeries>(
        '/traffic',
        token(),
        { from: filters.from, to: filters.to, bucket_ms: filters.bucket_ms, service: filters.service },
        signal,
      ),
    refetchInterval: REFRESH_MS,
  })
}

// ── alerts (detect) ──
export interface AlertFilters {
  type?: string | undefined
  severity?: string | undefined
  subject?: string | undefined
  limit: number
}

export const alertKeys = {
  all: ['alerts'] as const,
  lists: () => [...alertKeys.all, 'list'] as const,
  list: (filters: AlertFilters) => [...alertKeys.lists(), filters] as const,
  detail: (id: string) => [...alertKeys.all, 'detail', id] as const,
}

export function alertListQuery(filters: AlertFilters) {
  return queryOptions({
    queryKey: alertKeys.list(filters),
    queryFn: ({ signal }) =>
      apiGet<AlertList>(
        '/alerts',
        token(),
        { type: filters.type, severity: filters.severity, subject: filters.subject, limit: filters.limit },
        signal,
      ),
    refetchInterval: REFRESH_MS,
  })
}

export function alertQuery(id: string) {
  return queryOptions({
    queryKey: alertKeys.detail(id),
    queryFn: ({ signal }) => apiGet<Alert>(`/alerts/${encodeURIComponent(id)}`, token(), {}, signal),
    refetchInterval: REFRESH_MS,
  })
}
// ── end alerts ──
