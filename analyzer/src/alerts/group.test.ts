import { describe, expect, it } from 'vitest'
import type { Finding } from '../detectors/types.js'
import { alertId, mergeFinding, newAlert } from './group.js'

const finding = (over: Partial<Finding> = {}): Finding => ({
  type: 'token.new_network',
  severity: 'medium',
  owasp: 'API2:2023 Broken Authentication',
  subject: { kind: 'principal', id: 'aa11', label: 'alice' },
  first_seen: 1000,
  last_seen: 2000,
  summary: 'first',
  observed: { requests: 3 },
  expected: { requests: 0 },
  sample_event_ids: ['e1', 'e2', 'e3'],
  events: 3,
  ...over,
})

describe('alert grouping', () => {
  it('gives one stable id per type and subject', () => {
    expect(alertId('token.new_network', { kind: 'principal', id: 'aa11' })).toBe(newAlert(finding(), 0).id)
    expect(alertId('token.new_network', { kind: 'principal', id: 'aa12' })).not.toBe(
      newAlert(finding(), 0).id,
    )
    expect(alertId('token.scope_drift', { kind: 'principal', id: 'aa11' })).not.toBe(
      newAlert(finding(), 0).id,
    )
  })

  it('updates an open alert: wider times, newest numbers, samples kept, running count not added twice, severity only up', () => {
    const opened = newAlert(finding(), 10)
    const running = mergeFinding(
      opened,
      finding({
        last_seen: 3000,
        summary: 'second',
        observed: { requests: 9 },
        sample_event_ids: ['e3', 'e4'],
        events: 9,
        severity: 'high',
      }),
      20,
    )
    expect(running).toMatchObject({
      id: opened.id,
      first_seen: 1000,
      last_seen: 3000,
      detected_at: 2000,
      updated_at: 20,
      severity: 'high',
      summary: 'second',
      evidence: { observed: { requests: 9 }, sample_event_ids: ['e1', 'e2', 'e3', 'e4'], events: 9 },
    })
    const calmer = mergeFinding(
      running,
      finding({ first_seen: 5000, last_seen: 5000, events: 1, severity: 'low', sample_event_ids: ['e9'] }),
      30,
    )
    // A later, separate episode adds its events; a lower severity does not lower the alert.
    expect(calmer.severity).toBe('high')
    expect(calmer.evidence.events).toBe(10)
  })

  it('keeps at most 20 sample ids', () => {
    const many = (from: number) => Array.from({ length: 15 }, (_, i) => `id${from + i}`)
    const merged = mergeFinding(
      newAlert(finding({ sample_event_ids: many(0) }), 0),
      finding({ sample_event_ids: many(100) }),
      1,
    )
    expect(merged.evidence.sample_event_ids).toHaveLength(20)
    expect(merged.evidence.sample_event_ids.slice(0, 15)).toEqual(many(0))
  })
})
