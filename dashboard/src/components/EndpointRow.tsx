// One endpoint of the inventory: its route, traffic, failures and latency.
import type { EndpointSummary } from '@gatewatch/schema'
import {
  errorRateLevel,
  formatAgo,
  formatCount,
  formatDuration,
  formatPercent,
  formatTimestamp,
} from '../lib/format.js'

export function EndpointRow({ endpoint, now }: { endpoint: EndpointSummary; now: number }) {
  const e = endpoint
  return (
    <tr data-testid="endpoint-row" data-route={e.route} data-method={e.method} data-service={e.service}>
      <td>
        <span className="route-cell">
          <span className={`method method-${e.method.toLowerCase()}`}>{e.method}</span>
          <code className="route">{e.route}</code>
        </span>
      </td>
      <td>
        <span className="service-tag">{e.service}</span>
      </td>
      <td className="num" data-testid="endpoint-requests" data-value={e.requests}>
        {formatCount(e.requests)}
      </td>
      <td className={`num rate-${errorRateLevel(e.error_rate)}`} data-testid="endpoint-error-rate">
        {formatPercent(e.error_rate)}
      </td>
      <td className="num">{formatDuration(e.p50_ms)}</td>
      <td className="num">{formatDuration(e.p95_ms)}</td>
      <td className="num muted" title={formatTimestamp(e.last_seen)}>
        {formatAgo(e.last_seen, now)}
      </td>
    </tr>
  )
}
