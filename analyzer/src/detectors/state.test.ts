import { describe, expect, it } from 'vitest'
import { KeyedState } from './state.js'

const MINUTE = 60_000

describe('KeyedState', () => {
  it('creates a value once per key and hands the same value back on later touches', () => {
    const state = new KeyedState<{ hits: number }>({ maxKeys: 10, idleMs: MINUTE })
    for (let i = 0; i < 3; i++) state.touch('tok-a', 1000 + i, () => ({ hits: 0 })).hits++
    state.touch('tok-b', 2000, () => ({ hits: 0 })).hits++
    expect(state.peek('tok-a')).toEqual({ hits: 3 })
    expect(state.peek('tok-b')).toEqual({ hits: 1 })
    expect(state.size).toBe(2)
  })

  it('never holds more than maxKeys and evicts the least recently touched key first', () => {
    const state = new KeyedState<number>({ maxKeys: 3, idleMs: MINUTE })
    state.touch('a', 1, () => 1)
    state.touch('b', 2, () => 2)
    state.touch('c', 3, () => 3)
    state.touch('a', 4, () => 0) // a is now the freshest
    state.touch('d', 5, () => 4)
    expect([...state.entries()].map(([k]) => k)).toEqual(['c', 'a', 'd'])
    expect(state.has('b')).toBe(false)
    expect(state.evicted.cap).toBe(1)
    for (let i = 0; i < 1000; i++) state.touch(`k${i}`, 10 + i, () => i)
    expect(state.size).toBe(3)
  })

  it('tells its onEvict option of every key dropped, by the cap and by idleness', () => {
    const dropped: string[] = []
    const state = new KeyedState<number>({
      maxKeys: 2,
      idleMs: MINUTE,
      onEvict: (key, value) => dropped.push(`${key}=${value}`),
    })
    state.touch('a', 0, () => 1)
    state.touch('b', 1, () => 2)
    state.touch('c', 2, () => 3)
    expect(dropped).toEqual(['a=1'])
    state.evictIdle(10 * MINUTE)
    expect(dropped).toEqual(['a=1', 'b=2', 'c=3'])
  })

  it('evicts keys idle longer than idleMs of event time at a watermark, not by wall clock', () => {
    const state = new KeyedState<number>({ maxKeys: 100, idleMs: 10 * MINUTE })
    state.touch('old', 0, () => 1)
    state.touch('recent', 9 * MINUTE, () => 2)
    expect(state.evictIdle(5 * MINUTE)).toBe(0)
    const evicted: string[] = []
    expect(state.evictIdle(10 * MINUTE + 1, (key) => evicted.push(key))).toBe(1)
    expect(evicted).toEqual(['old'])
    expect(state.has('recent')).toBe(true)
    expect(state.evictIdle(19 * MINUTE + 1)).toBe(1)
    expect(state.size).toBe(0)
    expect(state.evicted.idle).toBe(2)
  })

  it('does not move a key back in time on an out-of-order event', () => {
    const state = new KeyedState<number>({ maxKeys: 10, idleMs: MINUTE })
    state.touch('a', 5 * MINUTE, () => 1)
    state.touch('a', 1 * MINUTE, () => 1)
    expect(state.lastSeen('a')).toBe(5 * MINUTE)
    expect(state.evictIdle(5 * MINUTE + 30_000)).toBe(0)
  })

  it('round-trips through a JSON snapshot with order, times and values, through a codec', () => {
    const codec = { save: (v: Set<string>) => [...v], load: (s: string[]) => new Set(s) }
    const state = new KeyedState<Set<string>, string[]>({ maxKeys: 10, idleMs: MINUTE }, codec)
    state.touch('a', 1, () => new Set()).add('AS1')
    state.touch('b', 2, () => new Set()).add('AS2')
    state.touch('a', 3, () => new Set()).add('AS3')
    const saved = JSON.parse(JSON.stringify(state.snapshot()))
    const restored = new KeyedState<Set<string>, string[]>({ maxKeys: 10, idleMs: MINUTE }, codec)
    restored.restore(saved)
    expect([...restored.entries()].map(([k, v]) => [k, [...v]])).toEqual([
      ['b', ['AS2']],
      ['a', ['AS1', 'AS3']],
    ])
    expect(restored.lastSeen('a')).toBe(3)
  })

  it('keeps the most recent keys when a snapshot is larger than the new cap', () => {
    const big = new KeyedState<number>({ maxKeys: 10, idleMs: MINUTE })
    for (let i = 0; i < 10; i++) big.touch(`k${i}`, i, () => i)
    const small = new KeyedState<number>({ maxKeys: 3, idleMs: MINUTE })
    small.restore(big.snapshot())
    expect([...small.entries()].map(([k]) => k)).toEqual(['k7', 'k8', 'k9'])
  })

  it('rejects a snapshot that is not one, and nonsense options, naming what was wrong', () => {
    const state = new KeyedState<number>({ maxKeys: 10, idleMs: MINUTE })
    expect(() => state.restore({ entries: 'x' })).toThrow(/not a version 1 snapshot/)
    expect(() => new KeyedState({ maxKeys: 0, idleMs: MINUTE })).toThrow(/maxKeys/)
    expect(() => new KeyedState({ maxKeys: 1, idleMs: 0 })).toThrow(/idleMs/)
  })
})
