// Facts derived from the endpoint list: which services exist and what period the data covers.
import type { EndpointSummary } from '@gatewatch/schema'

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
    if (e.first_seen < first) first = e.first_seen
    if (e.last_seen > last) last = e.last_seen
  }
  return { first, last }
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
