// Headline numbers over the listed endpoints: how many, how much traffic, how much of it failed.
import type { EndpointList } from '@gatewatch/schema'
import { formatCount, formatPercent } from '../lib/format.js'
import { overallErrorRate, servicesOf } from '../lib/inventory.js'

export function SummaryStats({ list }: { list: EndpointList | undefined }) {
  const endpoints = list?.endpoints ?? []
  const stats = [
    { label: 'Endpoints', value: list ? formatCount(list.total) : '–', testId: 'summary-endpoints' },
    { label: 'Requests', value: list ? formatCount(list.total_requests) : '–', testId: 'summary-requests' },
    {
      label: 'Error rate',
      value: list ? formatPercent(overallErrorRate(endpoints)) : '–',
      testId: 'summary-error-rate',
    },
    {
      label: 'Services',
      value: list ? formatCount(servicesOf(endpoints).length) : '–',
      testId: 'summary-services',
    },
  ]
  return (
    <dl className="stats">
      {stats.map((s) => (
        <div className="stat" key={s.label}>
          <dt>{s.label}</dt>
          <dd data-testid={s.testId}>{s.value}</dd>
        </div>
      ))}
    </dl>
  )
}
