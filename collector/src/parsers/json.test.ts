import { describe, expect, it } from 'vitest'
import { at, num, parseJsonObject, text } from './json.js'

describe('parseJsonObject', () => {
  it('does not take a value that starts with a colon for a repeated key', () => {
    const r = parseJsonObject('{"logger":"http","addr":":80","note":" : spaced","k\\"q":"\\":"}')
    expect(r.ok).toBe(true)
  })

  it('finds a repeated key in a nested object or inside an array', () => {
    expect(parseJsonObject('{"a":{"b":1,"b":2}}')).toMatchObject({
      ok: false,
      detail: expect.stringMatching(/repeats a key/),
    })
    expect(parseJsonObject('{"a":[{"b":1,"b":2}]}')).toMatchObject({
      ok: false,
      detail: expect.stringMatching(/repeats a key/),
    })
  })

  it('reads __proto__ as a plain key, never as the prototype', () => {
    const r = parseJsonObject('{"__proto__":{"polluted":true},"a":1}')
    expect(r.ok).toBe(true)
    expect(({} as Record<string, unknown>).polluted).toBeUndefined()
  })

  it('never quotes the line in its detail, even where JSON.parse would', () => {
    const r = parseJsonObject('{"authorization":"Bearer s3cr3t" oops}')
    expect(r).toEqual({
      ok: false,
      reason: 'malformed',
      detail: 'the line is not valid JSON (truncated, or broken quoting)',
    })
  })
})

describe('field readers', () => {
  it('treat "-", empty and null as absent, and bad numbers as NaN', () => {
    expect([text('-'), text(''), text(null), text(5), text('x')]).toEqual([
      undefined,
      undefined,
      undefined,
      '5',
      'x',
    ])
    expect([num('-'), num(null), num('12'), num(3.5)]).toEqual([undefined, undefined, 12, 3.5])
    expect([num('x'), num(-1), num(1e300), num({})]).toEqual([Number.NaN, Number.NaN, Number.NaN, Number.NaN])
  })

  it('read dotted paths, preferring a flat key that has the dots', () => {
    expect(at({ a: { b: { c: 1 } } }, 'a.b.c')).toBe(1)
    expect(at({ 'a.b': 2, a: { b: 3 } }, 'a.b')).toBe(2)
    expect(at({ a: [1] }, 'a.0')).toBeUndefined()
  })
})
