// Query parameters of the analyzer's read API that clients choose from: the columns the
// endpoint inventory can be sorted by, and the sort direction. The dashboard's sortable
// headers are typed by these, so a column the API does not sort by fails to compile.
import Type, { type Static } from 'typebox'

export const EndpointSortKey = Type.Union(
  [
    Type.Literal('requests'),
    Type.Literal('error_rate'),
    Type.Literal('error_rate_4xx'),
    Type.Literal('error_rate_5xx'),
    Type.Literal('p50_ms'),
    Type.Literal('p95_ms'),
    Type.Literal('p99_ms'),
    Type.Literal('consumers'),
    Type.Literal('unauthenticated_share'),
    Type.Literal('first_seen'),
    Type.Literal('last_seen'),
    Type.Literal('route'),
  ],
  { description: 'Column of GET /api/v1/endpoints to sort by (the EndpointSummary field of that name).' },
)
export type EndpointSortKey = Static<typeof EndpointSortKey>

export const SortOrder = Type.Union([Type.Literal('asc'), Type.Literal('desc')], {
  description: 'Sort direction: ascending or descending.',
})
export type SortOrder = Static<typeof SortOrder>

export const PrincipalSortKey = Type.Union(
  [
    Type.Literal('requests'),
    Type.Literal('auth_failures'),
    Type.Literal('error_rate'),
    Type.Literal('endpoints'),
    Type.Literal('ips'),
    Type.Literal('first_seen'),
    Type.Literal('last_seen'),
  ],
  { description: 'Column of GET /api/v1/principals to sort by.' },
)
export type PrincipalSortKey = Static<typeof PrincipalSortKey>
