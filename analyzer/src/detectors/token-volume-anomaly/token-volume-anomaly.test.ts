import { describe, expect, it } from 'vitest'
import type { EventRow } from '../../store/event-row.js'
import { credentialTraffic, replay } from '../testing.js'
import { tokenVolumeAnomaly } from './index.js'

const MINUTE = 60_000
const START = Date.UTC(2026, 10, 2, 6)
const app = (bytes: number) => (): Partial<EventRow> => ({
  principal_fingerprint: 'fp-app',
  principal_subject: 'app',
  response_bytes: bytes,
})

/** Six hours of a steady client: 20–40 requests every 5 minutes, 2 KB each. */
function steady(): EventRow[] {
  const rows: EventRow[] = []
  for (let w = 0; w < 72; w++) {
    const n = 20 + ((w * 7) % 21)
    rows.push(
      ...credentialTraffic(`s${w}`, n, START + w * 5 * MINUTE, Math.floor((5 * MINUTE) / n), app(2048)),
    )
  }
  return rows
}
const burstAt = START + 72 * 5 * MINUTE

describe('token.volume_anomaly', () => {
  it('flags a burst of 600 requests in five minutes against a baseline of about 30', () => {
    const burst = credentialTraffic('b', 600, burstAt, 400, app(2048))
    const { findings } = replay(tokenVolumeAnomaly, [...steady(), ...burst])
    expect(findings).toHaveLength(1)
    expect(findings[0]).toMatchObject({
      type: 'token.volume_anomaly',
      severity: 'medium',
      owasp: 'API4:2023 Unrestricted Resource Consumption',
      first_seen: burstAt,
    })
    expect(Number(findings[0]!.observed.requests)).toBeLessThan(200)
    expect(Number(findings[0]!.expected.requests)).toBeGreaterThanOrEqual(20)
    expect(Number(findings[0]!.expected.requests)).toBeLessThanOrEqual(40)
    expect(findings[0]!.summary).toMatch(
      /^A credential of app made \d+ requests \(usually \d+\) in 5 min, far above its own baseline of 72 active windows\.$/,
    )
  })

  it('flags an export pulling 200 MiB in normal request numbers, high', () => {
    const exfil = credentialTraffic('x', 30, burstAt, 5000, app(7 * 1024 * 1024))
    const { findings } = replay(tokenVolumeAnomaly, [...steady(), ...exfil])
    expect(findings.map((f) => [f.severity, f.owasp])).toEqual([
      ['high', 'API3:2023 Broken Object Property Level Authorization'],
    ])
    expect(findings[0]!.summary).toMatch(/MiB of responses \(usually 0\.1 MiB\)/)
  })

  it('stays quiet for normal windows, during warm-up, and for a job that is busy for ten minutes a day', () => {
    expect(replay(tokenVolumeAnomaly, steady()).findings).toEqual([])
    expect(replay(tokenVolumeAnomaly, credentialTraffic('w', 600, START, 400, app(2048))).findings).toEqual(
      [],
    )
    const job: EventRow[] = []
    for (let day = 0; day < 20; day++)
      job.push(...credentialTraffic(`j${day}`, 500, START + day * 24 * 60 * MINUTE, 1100, app(2048)))
    expect(replay(tokenVolumeAnomaly, job).findings).toEqual([])
  })

  it('keeps its baseline across a snapshot', () => {
    const { instance } = replay(tokenVolumeAnomaly, steady())
    const saved = JSON.parse(JSON.stringify(instance.snapshot()))
    const restarted = replay(tokenVolumeAnomaly, []).instance
    restarted.restore(saved)
    expect(restarted.size()).toBe(1)
    const burst = credentialTraffic('b', 600, burstAt, 400, app(2048))
    expect(replay(tokenVolumeAnomaly, burst, { instance: restarted }).findings).toHaveLength(1)
    // A fresh instance has no baseline yet: the same burst is its warm-up.
    expect(replay(tokenVolumeAnomaly, burst).findings).toEqual([])
  })
})
