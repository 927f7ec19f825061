// Facts derived from the endpoint list: which services exist, what period the data covers, which
// credentials an endpoint sees.
import type { AuthKinds, EndpointSummary } from '@gatewatch/schema'

export function servicesOf(endpoints: readonly EndpointSummary[]): string[] {
  return [...new Set(endpoints.map((e) => e.service))].sort()
}

export interface TimeSpan {
  first: number
  last: number
}

/** From the first to the last request seen, or null when nothing is stored. */
export function timeSpanOf(endpoints: readonly EndpointSummary[]): TimeSpan | null {
  if (endpoints.length === 0) return null
  let first = Number.POSITIVE_INFINITY
  let last = Number.NEGATIVE_INFINITY
  for (const e of endpoints) {
    if (e.first_seen !== null && e.first_seen < first) first = e.first_seen
    if (e.last_seen !== null && e.last_seen > last) last = e.last_seen
  }
  return first === Number.POSITIVE_INFINITY ? null : { first, last }
}

/** Share of all requests that failed (status >= 400), weighted by each endpoint's traffic. */
export function overallErrorRate(endpoints: readonly EndpointSummary[]): number {
  let requests = 0
  let errors = 0
  for (const e of endpoints) {
    requests += e.requests
    errors += e.error_rate * e.requests
  }
  return requests === 0 ? 0 : errors / requests
}

const AUTH_LABELS: Record<keyof AuthKinds, string> = {
  none: 'none',
  api_key: 'API key',
  bearer: 'bearer',
  jwt: 'JWT',
  basic: 'basic',
  cookie: 'cookie',
}

/** The kinds of credential seen on an endpoint, most used first: `JWT · none`. */
export function authKindsOf(e: Pick<EndpointSummary, 'auth'>): string[] {
  return (Object.entries(e.auth) as [keyof AuthKinds, number][])
    .filter(([, n]) => n > 0)
    .sort((a, b) => b[1] - a[1])
    .map(([k]) => AUTH_LABELS[k])
}
