import { describe, expect, it } from 'vitest'
import { MINUTE, MinuteRate, type RateBaselineConfig } from './minute-rate.js'

const baseline: RateBaselineConfig = { alpha: 0.05, warmup_minutes: 60, seasonal: true }

function rate(maxKeys: number) {
  const closed: { key: string; minute: number; total: number; events: number }[] = []
  const r = new MinuteRate<null>({
    baseline,
    maxKeys,
    idleMs: 60 * MINUTE,
    newExtra: () => null,
    onClose: (key, s) => closed.push({ key, minute: s.minute, total: s.total, events: s.events }),
  })
  return { r, closed }
}

describe('MinuteRate', () => {
  it("closes each key's minute once, on the sweep of a later minute or on the key's next minute", () => {
    const { r, closed } = rate(100)
    r.add('ip a', 10 * MINUTE + 1, 5)
    r.add('ip a', 10 * MINUTE + 2, 7)
    r.add('ip b', 10 * MINUTE + 3, 1)
    r.sweep(10 * MINUTE + 59_000)
    expect(closed).toEqual([])
    r.add('ip b', 11 * MINUTE, 2) // b's next minute closes its first one
    expect(closed).toEqual([{ key: 'ip b', minute: 10, total: 1, events: 1 }])
    r.sweep(12 * MINUTE)
    r.sweep(12 * MINUTE + 1) // the same minute again closes nothing twice
    expect(closed).toEqual([
      { key: 'ip b', minute: 10, total: 1, events: 1 },
      { key: 'ip a', minute: 10, total: 12, events: 2 },
      { key: 'ip b', minute: 11, total: 2, events: 1 },
    ])
  })

  it('does not judge the open minutes of keys dropped over the cap, however many pass through', () => {
    const { r, closed } = rate(50)
    for (let i = 0; i < 20_000; i++) r.add(`ip ${i}`, 10 * MINUTE + i, 1)
    expect(r.size).toBe(50)
    r.sweep(20 * MINUTE)
    expect(closed.map((c) => c.key)).toEqual(Array.from({ length: 50 }, (_, i) => `ip ${19_950 + i}`))
  })

  it('closes the open minutes of a restored snapshot', () => {
    const { r } = rate(10)
    r.add('ip a', 10 * MINUTE, 3)
    const { r: restored, closed } = rate(10)
    restored.restore(JSON.parse(JSON.stringify(r.snapshot())))
    restored.sweep(11 * MINUTE)
    expect(closed).toEqual([{ key: 'ip a', minute: 10, total: 3, events: 1 }])
  })
})
