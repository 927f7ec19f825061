import { describe, expect, it } from 'vitest'
import { createRng } from './rng.js'

describe('createRng', () => {
  it('gives the same stream for the same seed and different streams for different seeds', () => {
    const a = createRng(42)
    const b = createRng(42)
    const c = createRng(43)
    const sa = Array.from({ length: 20 }, () => a.next())
    expect(Array.from({ length: 20 }, () => b.next())).toEqual(sa)
    expect(Array.from({ length: 20 }, () => c.next())).not.toEqual(sa)
  })

  it('stays in [0, 1) and spreads evenly', () => {
    const rng = createRng('spread')
    const buckets = new Array<number>(10).fill(0)
    let outside = 0
    for (let i = 0; i < 100_000; i++) {
      const x = rng.next()
      if (x < 0 || x >= 1) outside++
      else buckets[Math.floor(x * 10)]!++
    }
    expect(outside).toBe(0)
    for (const n of buckets) expect(Math.abs(n - 10_000)).toBeLessThan(500)
  })

  it('draws log-normal values around the median', () => {
    const rng = createRng(7)
    const xs = Array.from({ length: 20_001 }, () => rng.logNormal(50, 0.5)).sort((p, q) => p - q)
    expect(xs[10_000]!).toBeGreaterThan(47)
    expect(xs[10_000]!).toBeLessThan(53)
    expect(xs[19_000]!).toBeGreaterThan(100)
  })

  it('forks streams that depend on the label, not on earlier draws', () => {
    const a = createRng(1)
    a.next()
    const b = createRng(1)
    expect(a.fork('x').hex(16)).toBe(b.fork('x').hex(16))
    expect(a.fork('x').hex(16)).not.toBe(a.fork('y').hex(16))
  })
})
