// The endpoint inventory as a table sorted by the API; the header says which column sorts it.
import type { EndpointSortKey, EndpointSummary } from '@gatewatch/schema'
import type { SortState } from '../lib/sort.js'
import { EndpointRow } from './EndpointRow.js'
import { SortHeader } from './SortHeader.js'

export function EndpointTable(props: {
  endpoints: readonly EndpointSummary[]
  sort: SortState
  onSort: (column: EndpointSortKey) => void
  now: number
}) {
  const header = { sort: props.sort, onSort: props.onSort }
  return (
    <div className="table-wrap">
      <table className="endpoints" data-testid="endpoint-table">
        <thead>
          <tr>
            <SortHeader column="route" label="Endpoint" {...header} />
            <th scope="col">Service</th>
            <th scope="col">Spec</th>
            <SortHeader column="requests" label="Requests" numeric {...header} />
            <SortHeader column="error_rate_4xx" label="4xx" numeric {...header} />
            <SortHeader column="error_rate_5xx" label="5xx" numeric {...header} />
            <SortHeader column="p50_ms" label="p50" numeric {...header} />
            <SortHeader column="p95_ms" label="p95" numeric {...header} />
            <SortHeader column="p99_ms" label="p99" numeric {...header} />
            <th scope="col">Auth</th>
            <SortHeader column="unauthenticated_share" label="No auth" numeric {...header} />
            <SortHeader column="consumers" label="Consumers" numeric {...header} />
            <SortHeader column="last_seen" label="Last seen" numeric {...header} />
          </tr>
        </thead>
        <tbody>
          {props.endpoints.map((e) => (
            <EndpointRow key={`${e.service} ${e.method} ${e.route}`} endpoint={e} now={props.now} />
          ))}
        </tbody>
      </table>
    </div>
  )
}
