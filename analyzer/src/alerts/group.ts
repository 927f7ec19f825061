// Grouping: one open alert per (type, subject). A new finding for an open alert updates it —
// times widened, newest summary and numbers, samples kept, events counted — and escalates its
// severity, instead of raising another alert.
import { createHash } from 'node:crypto'
import type { Alert, AlertSubject, Severity } from '@gatewatch/schema'
import type { Finding } from '../detectors/types.js'

const SEVERITY_RANK: Record<Severity, number> = { low: 0, medium: 1, high: 2, critical: 3 }
const MAX_SAMPLES = 20

/** The stable id of the alert group of `type` and `subject`. */
export function alertId(type: string, subject: AlertSubject): string {
  return createHash('sha256').update(`${type}\n${subject.kind}\n${subject.id}`).digest('hex').slice(0, 24)
}

export const higherSeverity = (a: Severity, b: Severity): Severity =>
  SEVERITY_RANK[b] > SEVERITY_RANK[a] ? b : a

export function newAlert(finding: Finding, now: number): Alert {
  return {
    id: alertId(finding.type, finding.subject),
    type: finding.type,
    severity: finding.severity,
    owasp: finding.owasp,
    subject: finding.subject,
    status: 'open',
    first_seen: finding.first_seen,
    last_seen: finding.last_seen,
    detected_at: finding.last_seen,
    updated_at: now,
    summary: finding.summary,
    evidence: {
      observed: finding.observed,
      expected: finding.expected,
      sample_event_ids: finding.sample_event_ids.slice(0, MAX_SAMPLES),
      events: finding.events,
    },
  }
}

/**
 * `alert` updated with `finding`. A finding that starts after the alert's last evidence is a new
 * episode and adds its events; one that overlaps restates a running count, so the larger wins.
 */
export function mergeFinding(alert: Alert, finding: Finding, now: number): Alert {
  if (alert.status !== 'open') return newAlert(finding, now)
  const samples = [...alert.evidence.sample_event_ids]
  for (const id of finding.sample_event_ids) {
    if (samples.length >= MAX_SAMPLES) break
    if (!samples.includes(id)) samples.push(id)
  }
  const events =
    finding.first_seen > alert.last_seen
      ? alert.evidence.events + finding.events
      : Math.max(alert.evidence.events, finding.events)
  return {
    ...alert,
    severity: higherSeverity(alert.severity, finding.severity),
    first_seen: Math.min(alert.first_seen, finding.first_seen),
    last_seen: Math.max(alert.last_seen, finding.last_seen),
    updated_at: now,
    summary: finding.summary,
    evidence: { observed: finding.observed, expected: finding.expected, sample_event_ids: samples, events },
  }
}
