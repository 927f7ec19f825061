// Sorting of the inventory table. The API sorts (`sort`, `order`); the table only decides which
// column and direction to ask for. Clicking the sorted column flips it; another column starts
// at its natural direction (largest numbers and latest times first, routes A to Z).
import type { EndpointSortKey, SortOrder } from '@gatewatch/schema'

export interface SortState {
  sort: EndpointSortKey
  order: SortOrder
}

export const DEFAULT_SORT: SortState = { sort: 'requests', order: 'desc' }

/** How many endpoints the table asks for. */
export const ENDPOINT_LIMIT = 1000

const NATURAL_ORDER: Record<EndpointSortKey, SortOrder> = {
  requests: 'desc',
  error_rate: 'desc',
  error_rate_4xx: 'desc',
  error_rate_5xx: 'desc',
  p50_ms: 'desc',
  p95_ms: 'desc',
  p99_ms: 'desc',
  consumers: 'desc',
  unauthenticated_share: 'desc',
  first_seen: 'desc',
  last_seen: 'desc',
  route: 'asc',
}

export function nextSort(current: SortState, column: EndpointSortKey): SortState {
  if (current.sort === column) return { sort: column, order: current.order === 'asc' ? 'desc' : 'asc' }
  return { sort: column, order: NATURAL_ORDER[column] }
}

/** The value of `aria-sort` for a header. */
export function ariaSort(current: SortState, column: EndpointSortKey): 'ascending' | 'descending' | 'none' {
  if (current.sort !== column) return 'none'
  return current.order === 'asc' ? 'ascending' : 'descending'
}
