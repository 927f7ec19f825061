// One endpoint of the inventory: its route and spec status, traffic, failures by class, latency,
// who calls it (auth kinds, unauthenticated share, distinct consumers) and when it was last seen.
import type { EndpointSummary } from '@gatewatch/schema'
import {
  errorRateLevel,
  formatAgo,
  formatCount,
  formatDuration,
  formatPercent,
  formatTimestamp,
} from '../lib/format.js'
import { authKindsOf } from '../lib/inventory.js'
import { SpecBadge } from './SpecBadge.js'

export function EndpointRow({ endpoint, now }: { endpoint: EndpointSummary; now: number }) {
  const e = endpoint
  const auth = authKindsOf(e)
  return (
    <tr
      data-testid="endpoint-row"
      data-route={e.route}
      data-method={e.method}
      data-service={e.service}
      data-spec-status={e.spec_status}
    >
      <td>
        <span className="route-cell">
          <span className={`method method-${e.method.toLowerCase()}`}>{e.method}</span>
          <code className="route">{e.route}</code>
        </span>
      </td>
      <td>
        <span className="service-tag">{e.service}</span>
      </td>
      <td>
        <SpecBadge status={e.spec_status} />
      </td>
      <td className="num" data-testid="endpoint-requests" data-value={e.requests}>
        {formatCount(e.requests)}
      </td>
      <td className={`num rate-${errorRateLevel(e.error_rate_4xx)}`} data-testid="endpoint-4xx">
        {formatPercent(e.error_rate_4xx)}
      </td>
      <td className={`num rate-${errorRateLevel(e.error_rate_5xx * 5)}`} data-testid="endpoint-5xx">
        {formatPercent(e.error_rate_5xx)}
      </td>
      <td className="num">{formatDuration(e.p50_ms)}</td>
      <td className="num">{formatDuration(e.p95_ms)}</td>
      <td className="num">{formatDuration(e.p99_ms)}</td>
      <td className="auth-kinds" data-testid="endpoint-auth">
        {auth.length === 0 ? '–' : auth.join(' · ')}
      </td>
      <td className="num" data-testid="endpoint-unauthenticated">
        {formatPercent(e.unauthenticated_share)}
      </td>
      <td className="num" data-testid="endpoint-consumers">
        {formatCount(e.consumers)}
      </td>
      <td className="num muted" title={e.last_seen === null ? undefined : formatTimestamp(e.last_seen)}>
        {e.last_seen === null ? 'never' : formatAgo(e.last_seen, now)}
      </td>
    </tr>
  )
}
