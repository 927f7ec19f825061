import { describe, expect, it } from 'vitest'
import {
  type AlertForScoring,
  checkThresholds,
  falsePerMillion,
  matches,
  median,
  mergeScores,
  precision,
  type ResolvedTruth,
  recall,
  scoreRun,
  verdict,
} from './score.js'

const MIN = 60_000
const T0 = Date.parse('2026-11-21T10:00:00Z')
const options = { slackMs: 5 * MIN }

const flood: ResolvedTruth = {
  id: 'volume.source_flood#0',
  type: 'volume.source_flood',
  subject: { kind: 'ip', ids: ['5.188.10.7'] },
  related: ['5.188.10.7', 'catalog GET /v1/products'],
  start: T0,
  end: T0 + 5 * MIN,
  eventTimes: Array.from({ length: 10 }, (_, i) => T0 + i * 30_000),
}
const stolen: ResolvedTruth = {
  id: 'token.new_network#1',
  type: 'token.new_network',
  subject: { kind: 'principal', ids: ['aa11', 'bb22', 'user-1'] },
  related: ['aa11', 'bb22', '95.213.4.5'],
  start: T0 + 60 * MIN,
  end: T0 + 80 * MIN,
  eventTimes: [T0 + 60 * MIN, T0 + 70 * MIN, T0 + 80 * MIN],
}

function alert(
  overrides: Partial<AlertForScoring> & Pick<AlertForScoring, 'type' | 'subject'>,
): AlertForScoring {
  return { id: 'a', first_seen: T0, last_seen: T0 + MIN, detected_at: T0 + MIN, ...overrides }
}

describe('matching alerts to ground truth', () => {
  const onFlood = alert({ type: 'volume.source_flood', subject: { kind: 'ip', id: '5.188.10.7' } })

  it('matches by type, subject kind and id, and overlapping event-time windows', () => {
    expect(matches(onFlood, flood, options)).toBe(true)
    expect(matches({ ...onFlood, type: 'recon.scan_burst' }, flood, options)).toBe(false)
    expect(matches({ ...onFlood, subject: { kind: 'ip', id: '5.188.10.8' } }, flood, options)).toBe(false)
    expect(matches({ ...onFlood, subject: { kind: 'network', id: '5.188.10.7' } }, flood, options)).toBe(
      false,
    )
  })

  it('accepts any of the subject ids of a truth (each fingerprint, the JWT subject)', () => {
    const a = alert({
      type: 'token.new_network',
      subject: { kind: 'principal', id: 'bb22' },
      first_seen: T0 + 61 * MIN,
      last_seen: T0 + 62 * MIN,
    })
    expect(matches(a, stolen, options)).toBe(true)
    expect(matches({ ...a, subject: { kind: 'principal', id: 'user-1' } }, stolen, options)).toBe(true)
  })

  it('allows the slack on both sides of the window and no more', () => {
    const before = { ...onFlood, first_seen: T0 - 20 * MIN, last_seen: T0 - 5 * MIN }
    const tooEarly = { ...onFlood, first_seen: T0 - 20 * MIN, last_seen: T0 - 5 * MIN - 1 }
    const after = { ...onFlood, first_seen: T0 + 10 * MIN, last_seen: T0 + 30 * MIN }
    const tooLate = { ...onFlood, first_seen: T0 + 10 * MIN + 1, last_seen: T0 + 30 * MIN }
    expect(matches(before, flood, options)).toBe(true)
    expect(matches(tooEarly, flood, options)).toBe(false)
    expect(matches(after, flood, options)).toBe(true)
    expect(matches(tooLate, flood, options)).toBe(false)
  })

  it('tells a true alert from one on another attack (cross-type) and from a false one', () => {
    expect(verdict(onFlood, [flood, stolen], options)).toBe('true')
    expect(verdict({ ...onFlood, type: 'recon.scan_burst' }, [flood, stolen], options)).toBe('cross_type')
    expect(verdict({ ...onFlood, subject: { kind: 'ip', id: '73.1.2.3' } }, [flood, stolen], options)).toBe(
      'false',
    )
  })

  it('counts an alert on a source of another attack, in its window, as cross-type, and outside it as false', () => {
    const onAttacker = alert({
      type: 'recon.scan_burst',
      subject: { kind: 'ip', id: '95.213.4.5' },
      first_seen: T0 + 65 * MIN,
      last_seen: T0 + 66 * MIN,
    })
    expect(verdict(onAttacker, [flood, stolen], options)).toBe('cross_type')
    const later = { ...onAttacker, first_seen: T0 + 200 * MIN, last_seen: T0 + 201 * MIN }
    expect(verdict(later, [flood, stolen], options)).toBe('false')
  })
})

describe('scoring a run', () => {
  it('counts recall, precision and time to detect per type', () => {
    const alerts = [
      // Raised at the attack's fourth event, 90 s in.
      alert({
        type: 'volume.source_flood',
        subject: { kind: 'ip', id: '5.188.10.7' },
        detected_at: T0 + 90_000,
      }),
      // A second alert on the same attack is still a true one.
      alert({
        id: 'b',
        type: 'volume.source_flood',
        subject: { kind: 'ip', id: '5.188.10.7' },
        detected_at: T0 + 4 * MIN,
      }),
      alert({ id: 'c', type: 'volume.source_flood', subject: { kind: 'ip', id: '10.0.0.9' } }),
      alert({
        id: 'd',
        type: 'token.scope_drift',
        subject: { kind: 'principal', id: 'aa11' },
        first_seen: T0 + 70 * MIN,
        last_seen: T0 + 71 * MIN,
      }),
    ]
    const scores = scoreRun([flood, stolen], alerts, options)
    const f = scores.get('volume.source_flood')!
    expect(f).toMatchObject({
      attacks: 1,
      detected: 1,
      alerts: 3,
      truePositives: 2,
      falsePositives: 1,
      crossType: 0,
    })
    expect(f.detectMs).toEqual([90_000])
    expect(f.detectEvents).toEqual([4])
    expect(recall(f)).toBe(1)
    expect(precision(f)).toBeCloseTo(2 / 3)
    const n = scores.get('token.new_network')!
    expect(recall(n)).toBe(0)
    expect(precision(n)).toBeUndefined()
    expect(scores.get('token.scope_drift')).toMatchObject({
      attacks: 0,
      alerts: 1,
      crossType: 1,
      falsePositives: 0,
    })
  })

  it('never counts fewer than one event or negative time for an alert raised before the first attack event', () => {
    const early = alert({
      type: 'volume.source_flood',
      subject: { kind: 'ip', id: '5.188.10.7' },
      first_seen: T0 - MIN,
      detected_at: T0 - MIN,
    })
    const s = scoreRun([flood], [early], options).get('volume.source_flood')!
    expect(s.detectMs).toEqual([0])
    expect(s.detectEvents).toEqual([1])
  })

  it('adds runs of several seeds type by type', () => {
    const hit = alert({ type: 'volume.source_flood', subject: { kind: 'ip', id: '5.188.10.7' } })
    const merged = mergeScores([scoreRun([flood], [hit], options), scoreRun([flood], [], options)])
    const s = merged.get('volume.source_flood')!
    expect(s).toMatchObject({ attacks: 2, detected: 1, truePositives: 1 })
    expect(recall(s)).toBe(0.5)
  })
})

describe('thresholds', () => {
  const hit = alert({ type: 'volume.source_flood', subject: { kind: 'ip', id: '5.188.10.7' } })
  const falseOne = alert({ id: 'x', type: 'volume.source_flood', subject: { kind: 'ip', id: '73.1.2.3' } })
  const types = ['volume.source_flood', 'token.new_network']

  it('holds only the types a registered detector raises, and lists the others as missing', () => {
    const scores = scoreRun([flood, stolen], [hit], options)
    expect(
      checkThresholds(scores, types, new Set(['volume.source_flood']), { recall: 0.95, precision: 0.9 }),
    ).toEqual({
      failures: [],
      missing: ['token.new_network'],
    })
  })

  it('fails a registered type below recall or precision, saying by how much', () => {
    const scores = scoreRun([flood, stolen], [hit, falseOne], options)
    const report = checkThresholds(scores, types, new Set(types), { recall: 0.95, precision: 0.9 })
    expect(report.missing).toEqual([])
    expect(report.failures).toEqual([
      'volume.source_flood: precision 0.500 < 0.9 (1 false of 2 alerts)',
      'token.new_network: recall 0.000 < 0.95 (0/1 attacks)',
    ])
  })

  it('medians and rates', () => {
    expect(median([])).toBeUndefined()
    expect(median([5, 1, 3])).toBe(3)
    expect(median([4, 1, 3, 2])).toBe(2.5)
    expect(falsePerMillion(3, 1_500_000)).toBe(2)
    expect(falsePerMillion(3, 0)).toBe(0)
  })
})
