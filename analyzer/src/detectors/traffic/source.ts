// Helpers the recon, BOLA, auth and injection detectors share: who a request comes from, when a
// finding is worth emitting again, and a two-bucket event-time window.
import type { AlertSubject, Severity } from '@gatewatch/schema'
import type { EventRow } from '../../store/event-row.js'
import { memo2, memo3 } from '../memo.js'
import { credentialLabel, credentialSubject } from '../token.js'

export interface Source {
  /** State key: `p:<fingerprint>` for a credential, else `ip:<client ip>`. */
  key: string
  subject: AlertSubject
}

const sourceMemo = memo3(
  (fingerprint: string, ip: string, label: string): Source =>
    fingerprint
      ? { key: `p:${fingerprint}`, subject: credentialSubject(fingerprint, label) }
      : { key: `ip:${ip}`, subject: { kind: 'ip', id: ip } },
)

/**
 * The caller: its credential fingerprint when it sent one, else its client IP (one object per row,
 * shared by the detectors: read it, never change it).
 */
export const sourceOf = (row: EventRow): Source =>
  sourceMemo(row.principal_fingerprint, row.client_ip, credentialLabel(row))

const endpointMemo = memo3((service: string, method: string, route: string) =>
  `${service} ${method} ${route}`.slice(0, 512),
)

/** An endpoint as an alert subject id, `SERVICE METHOD ROUTE`, cut to the id's 512 characters. */
export const endpointOf = (row: EventRow): string => endpointMemo(row.service, row.method, row.route)

const routeMemo = memo2((method: string, route: string) => `${method} ${route}`)

/** `METHOD ROUTE`, how volume evidence names a route. */
export const methodRouteOf = (row: EventRow): string => routeMemo(row.method, row.route)

const rank: Record<Severity, number> = { low: 0, medium: 1, high: 2, critical: 3 }

/** What was last emitted for a key, so a finding is repeated only when it grew. */
export interface Reported {
  events: number
  severity: Severity
}

/** True the first time, when severity rose, or when the evidence doubled since the last emit. */
export function worthReporting(last: Reported | null, events: number, severity: Severity): boolean {
  return last === null || rank[severity] > rank[last.severity] || events >= 2 * last.events
}

export const maxSeverity = (a: Severity, b: Severity): Severity => (rank[a] >= rank[b] ? a : b)

/** One EWMA step; the first value seeds it. */
export const ewma = (mean: number | null, value: number, alpha: number): number =>
  mean === null ? value : mean + alpha * (value - mean)

/**
 * A window of `width` ms in two tumbling buckets: the current one and the one before it, so a
 * burst that straddles a bucket edge still counts whole (the union covers width to 2×width).
 */
export interface Buckets<T> {
  start: number
  current: T
  previous: T | null
}

/** Moves `buckets` forward to hold event time `ts`; returns the bucket that closed, if any. */
export function rollBuckets<T>(buckets: Buckets<T>, ts: number, width: number, fresh: () => T): T | null {
  if (ts < buckets.start + width) return null
  const closed = buckets.current
  const start = ts - (ts % width)
  buckets.previous = start === buckets.start + width ? closed : null
  buckets.current = fresh()
  buckets.start = start
  return closed
}

export function newBuckets<T>(ts: number, width: number, fresh: () => T): Buckets<T> {
  return { start: ts - (ts % width), current: fresh(), previous: null }
}
