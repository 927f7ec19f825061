import { describe, expect, it } from 'vitest'
import { CountMinSketch, HyperLogLog, murmur3 } from './sketch.js'

describe('murmur3', () => {
  it('matches the reference MurmurHash3 x86_32 on ASCII input', () => {
    // Reference values of MurmurHash3_x86_32 over the UTF-16LE bytes of each string.
    expect(murmur3('', 0)).toBe(0)
    expect(murmur3('', 1)).toBe(0x514e28b7)
    const a = murmur3('192.0.2.1')
    expect(a).toBe(murmur3('192.0.2.1'))
    expect(a).not.toBe(murmur3('192.0.2.2'))
    expect(murmur3('192.0.2.1', 1)).not.toBe(a)
  })
})

describe('HyperLogLog', () => {
  it('counts exactly while sparse, and a repeated value once', () => {
    const hll = new HyperLogLog(10)
    for (let i = 0; i < 50; i++) hll.add(`id-${i % 25}`)
    expect(hll.count()).toBe(25)
    expect(hll.bytes).toBeLessThan(1024)
  })

  it.each([200, 1_000, 10_000, 100_000])(
    'estimates %i distinct values within 3 standard errors at p=12',
    (n) => {
      const hll = new HyperLogLog(12)
      for (let i = 0; i < n; i++) hll.add(`10.${i >> 16}.${(i >> 8) & 255}.${i & 255}`)
      const error = Math.abs(hll.count() - n) / n
      expect(error).toBeLessThan(3 * (1.04 / Math.sqrt(4096)))
      expect(hll.bytes).toBeLessThanOrEqual(4096)
    },
  )

  it('merges to the count of the union and survives a JSON round trip, sparse and dense', () => {
    const a = new HyperLogLog(10)
    const b = new HyperLogLog(10)
    for (let i = 0; i < 5_000; i++) a.add(`u${i}`)
    for (let i = 2_500; i < 7_500; i++) b.add(`u${i}`)
    const sparse = new HyperLogLog(10)
    sparse.add('u1')
    sparse.add('new')
    a.merge(b)
    a.merge(sparse)
    expect(Math.abs(a.count() - 7_501) / 7_501).toBeLessThan(0.1)
    for (const h of [a, sparse]) {
      const back = HyperLogLog.fromJSON(JSON.parse(JSON.stringify(h)))
      expect(back.count()).toBe(h.count())
    }
    expect(() => a.merge(new HyperLogLog(11))).toThrow(/p=11/)
    expect(() => HyperLogLog.fromJSON({ v: 1, p: 10, sparse: null, registers: 'AAAA' })).toThrow(/bytes/)
  })
})

describe('CountMinSketch', () => {
  it('never undercounts and stays within epsilon × total on a skewed stream', () => {
    const cms = CountMinSketch.forError(0.001, 0.01)
    const truth = new Map<string, number>()
    let x = 1
    for (let i = 0; i < 100_000; i++) {
      x = (Math.imul(x, 1103515245) + 12345) >>> 0
      // Zipf-like: a few hot routes and a long tail.
      const key = `/r/${Math.floor(1 / ((x >>> 8) / 2 ** 24 + 1e-4))}`
      truth.set(key, (truth.get(key) ?? 0) + 1)
      cms.add(key)
    }
    expect(cms.total).toBe(100_000)
    for (const [key, count] of truth) {
      const estimate = cms.estimate(key)
      expect(estimate).toBeGreaterThanOrEqual(count)
      expect(estimate - count).toBeLessThanOrEqual(0.001 * 100_000)
    }
    expect(cms.estimate('/never/seen')).toBeLessThanOrEqual(100)
  })

  it('adds weights and round-trips through JSON', () => {
    const cms = new CountMinSketch(64, 4)
    cms.add('a', 5)
    cms.add('b', 2)
    expect(cms.add('a', 3)).toBe(8)
    const back = CountMinSketch.fromJSON(JSON.parse(JSON.stringify(cms)))
    expect(back.estimate('a')).toBe(8)
    expect(back.estimate('b')).toBe(2)
    expect(back.total).toBe(10)
    expect(() => CountMinSketch.forError(0, 0.1)).toThrow(/epsilon/)
  })
})
