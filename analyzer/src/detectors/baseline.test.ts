import { describe, expect, it } from 'vitest'
import {
  Baseline,
  type BaselineOptions,
  defaultBaselineOptions,
  hourOfWeek,
  mad,
  median,
  WindowCounter,
} from './baseline.js'

const MINUTE = 60_000
const HOUR = 60 * MINUTE
const MONDAY = Date.UTC(2026, 10, 30) // Monday 30 November 2026, 00:00 UTC

const options: BaselineOptions = { ...defaultBaselineOptions, warmupSamples: 10, warmupMs: 30 * MINUTE }

describe('median and MAD', () => {
  it('are the textbook values', () => {
    expect(median([5, 1, 3])).toBe(3)
    expect(median([4, 1, 3, 2])).toBe(2.5)
    expect(mad([1, 1, 2, 2, 4, 6, 9])).toBe(1)
    expect(median([])).toBeNaN()
  })
})

describe('hourOfWeek', () => {
  it('is 0 at Monday midnight UTC and 167 on Sunday 23:00', () => {
    expect(hourOfWeek(MONDAY)).toBe(0)
    expect(hourOfWeek(MONDAY + 25 * HOUR + 59 * MINUTE)).toBe(25)
    expect(hourOfWeek(MONDAY - HOUR)).toBe(167)
  })
})

describe('Baseline', () => {
  it('does not accuse during warm-up, neither by sample count nor by elapsed event time', () => {
    const b = new Baseline(options)
    for (let i = 0; i < 20; i++) b.observe(10, MONDAY + i * MINUTE)
    // 20 samples but only 19 minutes of history: still warming up.
    expect(b.isWarm(MONDAY + 19 * MINUTE)).toBe(false)
    expect(b.isHigh(1000, MONDAY + 19 * MINUTE, 5)).toBe(false)
    expect(b.isHigh(1000, MONDAY + 31 * MINUTE, 5)).toBe(true)
    const few = new Baseline(options)
    few.observe(10, MONDAY)
    few.observe(10, MONDAY + 2 * HOUR)
    expect(few.isHigh(1000, MONDAY + 3 * HOUR, 5)).toBe(false)
  })

  it('learns a noisy rate and flags a spike, not the ordinary noise', () => {
    const b = new Baseline(options)
    const noisy = [18, 22, 20, 19, 25, 21, 17, 23, 20, 22, 19, 24, 21, 20, 18, 22]
    for (const [i, v] of noisy.entries()) b.observe(v, MONDAY + i * 5 * MINUTE)
    const now = MONDAY + 80 * MINUTE
    expect(b.isWarm(now)).toBe(true)
    expect(b.expected(now).center).toBeCloseTo(20.5, 5)
    for (const v of noisy) expect(b.isHigh(v, now, 4)).toBe(false)
    expect(b.isHigh(200, now, 4)).toBe(true)
    expect(b.score(200, now)).toBeGreaterThan(20)
  })

  it('a single spike observed does not move the median expectation much (robust)', () => {
    const b = new Baseline(options)
    for (let i = 0; i < 15; i++) b.observe(10 + (i % 3), MONDAY + i * MINUTE)
    b.observe(10_000, MONDAY + 16 * MINUTE)
    expect(b.expected(MONDAY + 17 * MINUTE).center).toBe(11)
    expect(b.ewma.mean).toBeGreaterThan(900)
  })

  it('uses minSpread and minRatio so a tiny steady baseline does not make a few requests news', () => {
    const b = new Baseline({ ...options, minSpread: 2 })
    for (let i = 0; i < 20; i++) b.observe(1, MONDAY + i * 5 * MINUTE)
    const now = MONDAY + 2 * HOUR
    expect(b.expected(now).spread).toBe(2)
    expect(b.isHigh(4, now, 1, 5)).toBe(false)
    expect(b.isHigh(40, now, 1, 5)).toBe(true)
  })

  it('learns hour-of-week seasonality once an hour has enough history, and uses the median before', () => {
    const seasonal = new Baseline({ ...options, window: 64, seasonalMinSamples: 3 })
    // Three weeks: Monday 09:00 is busy (500 a window), every other sampled hour quiet (20).
    for (let week = 0; week < 3; week++) {
      for (let h = 0; h < 24; h++) {
        const ts = MONDAY + week * 168 * HOUR + h * HOUR
        seasonal.observe(h === 9 ? [480, 520, 500][week]! : 20 + (h % 3), ts)
      }
    }
    const nextMonday9 = MONDAY + 3 * 168 * HOUR + 9 * HOUR
    const e = seasonal.expected(nextMonday9)
    expect(e.basis).toBe('seasonal')
    expect(e.center).toBeGreaterThan(450)
    expect(seasonal.isHigh(510, nextMonday9, 4)).toBe(false)
    expect(seasonal.isHigh(510, nextMonday9 + HOUR, 4)).toBe(true)
    // An hour never seen falls back to the recent median.
    expect(seasonal.expected(nextMonday9 + 48 * HOUR).basis).toBe('median')
    const flat = new Baseline({ ...options, window: 64 })
    for (let h = 0; h < 72; h++) flat.observe(h % 24 === 9 ? 500 : 20, MONDAY + h * HOUR)
    expect(flat.expected(nextMonday9).basis).toBe('median')
    expect(flat.isHigh(510, nextMonday9, 4)).toBe(true)
  })

  it('keeps what it learned across a JSON snapshot, including warm-up and seasonality', () => {
    const b = new Baseline({ ...options, seasonalMinSamples: 2 })
    for (let i = 0; i < 40; i++) b.observe(30 + (i % 5), MONDAY + i * 10 * MINUTE)
    const now = MONDAY + 7 * HOUR
    const back = Baseline.fromJSON(JSON.parse(JSON.stringify(b)), { ...options, seasonalMinSamples: 2 })
    expect(back.samples).toBe(40)
    expect(back.isWarm(now)).toBe(true)
    expect(back.expected(now)).toEqual(b.expected(now))
    back.observe(31, now)
    b.observe(31, now)
    expect(back.toJSON()).toEqual(b.toJSON())
    expect(() => Baseline.fromJSON({ v: 2 } as never)).toThrow(/version 1/)
  })
})

describe('WindowCounter', () => {
  it('closes tumbling event-time windows with their totals, zero-filling a bounded gap', () => {
    const closed: [number, number][] = []
    const onClose = (start: number, total: number) => closed.push([(start - MONDAY) / MINUTE, total])
    const w = new WindowCounter(MINUTE, 2)
    w.add(MONDAY + 1_000, 1, onClose)
    w.add(MONDAY + 59_000, 2, onClose)
    w.add(MONDAY + MINUTE, 4, onClose)
    expect(closed).toEqual([[0, 3]])
    w.add(MONDAY + 10 * MINUTE + 5, 1, onClose)
    // Window 1 holds 4; windows 2 and 3 are empty; the rest of the gap is skipped (maxGapWindows 2).
    expect(closed).toEqual([
      [0, 3],
      [1, 4],
      [2, 0],
      [3, 0],
    ])
    const back = WindowCounter.fromJSON(JSON.parse(JSON.stringify(w)), MINUTE, 2)
    back.advance(MONDAY + 11 * MINUTE, onClose)
    expect(closed.at(-1)).toEqual([10, 1])
  })
})
