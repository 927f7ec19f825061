// The alerts page: grouped alerts (one per type and subject), newest evidence first, filtered by
// severity and type; opening one shows its evidence.
import type { Alert } from '@gatewatch/schema'
import { useState } from 'react'
import { useAlert, useAlerts } from '../hooks/useAlerts.js'
import { formatCount } from '../lib/format.js'
import { AlertDetail } from './AlertDetail.js'
import { AppHeader } from './AppHeader.js'
import { QueryStatus } from './QueryStatus.js'
import { SeverityBadge } from './SeverityBadge.js'

const SEVERITIES = ['critical', 'high', 'medium', 'low'] as const
const LIMIT = 200

function AlertRow({ alert, selected }: { alert: Alert; selected: boolean }) {
  return (
    <tr
      data-testid="alert-row"
      data-alert-id={alert.id}
      data-type={alert.type}
      className={selected ? 'selected' : undefined}
    >
      <td>
        <SeverityBadge severity={alert.severity} />
      </td>
      <td>
        <a href={`#/alerts/${alert.id}`} data-testid="alert-open">
          <code>{alert.type}</code>
        </a>
      </td>
      <td>{alert.subject.label ?? alert.subject.id}</td>
      <td className="alert-summary-cell">{alert.summary}</td>
      <td className="num">{formatCount(alert.evidence.events)}</td>
      <td>{new Date(alert.last_seen).toISOString().slice(0, 16).replace('T', ' ')}</td>
    </tr>
  )
}

export function AlertsPage({ alertId }: { alertId: string | null }) {
  const [severity, setSeverity] = useState<string | undefined>(undefined)
  const [type, setType] = useState('')
  const alerts = useAlerts({ severity, type: type || undefined, limit: LIMIT })
  const detail = useAlert(alertId)
  const list = alerts.data
  const empty = list !== undefined && list.alerts.length === 0

  return (
    <div className="app">
      <AppHeader active="alerts" />
      <main className="content" data-testid="alerts-page">
        <div className="page-head">
          <div>
            <h1>Alerts</h1>
            <p className="muted">One alert per kind and subject, updated as evidence arrives.</p>
          </div>
          <div className="filters">
            <label className="field">
              <span>Severity</span>
              <select
                data-testid="alert-severity-filter"
                value={severity ?? ''}
                onChange={(e) => setSeverity(e.target.value || undefined)}
              >
                <option value="">All</option>
                {SEVERITIES.map((s) => (
                  <option key={s} value={s}>
                    {s}
                  </option>
                ))}
              </select>
            </label>
            <label className="field">
              <span>Type</span>
              <input
                data-testid="alert-type-filter"
                placeholder="token.new_network"
                value={type}
                onChange={(e) => setType(e.target.value.trim())}
              />
            </label>
          </div>
        </div>

        {alertId !== null &&
          (detail.data ? (
            <AlertDetail alert={detail.data} />
          ) : (
            <QueryStatus isPending={detail.isPending} error={detail.error} />
          ))}

        <section className="card" aria-labelledby="alerts-title">
          <div className="card-head">
            <h2 id="alerts-title">
              {list ? `${formatCount(list.total)} alert${list.total === 1 ? '' : 's'}` : 'Alerts'}
            </h2>
            {alerts.isFetching && <span className="muted small">Refreshing…</span>}
          </div>
          {list && !empty ? (
            <div className="table-wrap">
              <table className="endpoints alerts">
                <thead>
                  <tr>
                    <th>Severity</th>
                    <th>Type</th>
                    <th>Subject</th>
                    <th>Summary</th>
                    <th className="num">Events</th>
                    <th>Last seen (UTC)</th>
                  </tr>
                </thead>
                <tbody>
                  {list.alerts.map((a) => (
                    <AlertRow key={a.id} alert={a} selected={a.id === alertId} />
                  ))}
                </tbody>
              </table>
            </div>
          ) : (
            <QueryStatus
              isPending={alerts.isPending}
              error={alerts.error}
              isEmpty={empty}
              empty="No alerts. Detectors raise them here as suspicious traffic is stored."
            />
          )}
        </section>
      </main>
    </div>
  )
}
