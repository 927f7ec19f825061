// One alert: its summary, subject, times, and the evidence — what was seen against what was
// expected, and the sample requests behind it.
import type { Alert } from '@gatewatch/schema'
import { formatCount } from '../lib/format.js'
import { SeverityBadge } from './SeverityBadge.js'

const time = (ts: number) =>
  new Date(ts)
    .toISOString()
    .replace('T', ' ')
    .replace(/\.\d+Z$/, ' UTC')

function Facts({
  title,
  facts,
  testid,
}: {
  title: string
  facts: Record<string, number | string>
  testid: string
}) {
  return (
    <div className="evidence-facts" data-testid={testid}>
      <h3>{title}</h3>
      <dl>
        {Object.entries(facts).map(([k, v]) => (
          <div key={k}>
            <dt>{k.replaceAll('_', ' ')}</dt>
            <dd>{typeof v === 'number' ? formatCount(v) : v || '–'}</dd>
          </div>
        ))}
      </dl>
    </div>
  )
}

export function AlertDetail({ alert }: { alert: Alert }) {
  return (
    <section
      className="card alert-detail"
      data-testid="alert-detail"
      data-alert-id={alert.id}
      aria-labelledby="alert-title"
    >
      <div className="card-head">
        <h2 id="alert-title">
          <SeverityBadge severity={alert.severity} /> <code>{alert.type}</code>
        </h2>
        <a href="#/alerts" className="ghost small">
          Close
        </a>
      </div>
      <p className="alert-summary" data-testid="alert-summary">
        {alert.summary}
      </p>
      <dl className="alert-meta">
        <div>
          <dt>Subject</dt>
          <dd data-testid="alert-subject">
            {alert.subject.kind}{' '}
            {alert.subject.label ? `${alert.subject.label} (${alert.subject.id})` : alert.subject.id}
          </dd>
        </div>
        <div>
          <dt>OWASP</dt>
          <dd>{alert.owasp}</dd>
        </div>
        <div>
          <dt>First seen</dt>
          <dd>{time(alert.first_seen)}</dd>
        </div>
        <div>
          <dt>Last seen</dt>
          <dd>{time(alert.last_seen)}</dd>
        </div>
        <div>
          <dt>Events</dt>
          <dd data-testid="alert-events">{formatCount(alert.evidence.events)}</dd>
        </div>
        <div>
          <dt>Status</dt>
          <dd>{alert.status}</dd>
        </div>
      </dl>
      <div className="evidence">
        <Facts title="Seen" facts={alert.evidence.observed} testid="alert-observed" />
        <Facts title="Expected" facts={alert.evidence.expected} testid="alert-expected" />
      </div>
      <h3>Sample requests</h3>
      <ul className="samples" data-testid="alert-samples">
        {alert.evidence.sample_event_ids.map((id) => (
          <li key={id}>
            <code>{id}</code>
          </li>
        ))}
      </ul>
    </section>
  )
}
