// The bad-input battery every parser's test runs (test-only): blank lines, CRLF and byte-order
// marks, invalid UTF-8, NUL bytes, binary garbage, every truncation of a good line, and for JSON
// formats the JSON bombs (deep nesting, huge arrays and strings, repeated keys, JSON that is not an
// object). Each must give a skip or a typed rejection with a sentence that never quotes the
// line's credential, and none may throw; format-specific cases (garbage timestamps, absurd
// numbers) are passed in with the reason they must get.
import { describe, expect, it } from 'vitest'
import { MAX_JSON_DEPTH, MAX_JSON_NODES } from './json.js'
import type { ParseOutcome, Parser, RejectReason } from './types.js'

const REASONS: readonly RejectReason[] = [
  'malformed',
  'too_long',
  'binary',
  'unknown_shape',
  'bad_timestamp',
  'bad_request_line',
  'invalid_event',
  'too_complex',
  'out_of_range',
]

export interface BadInputCase {
  name: string
  line: string
  reason: RejectReason
}

export interface BadInputOptions {
  /** A line the parser accepts; it should carry `secret` somewhere. */
  good: string
  /** A credential inside `good` that no rejection detail may contain. */
  secret: string
  /** Cuts of `good` shorter than this must all be rejected (default: every cut). */
  mustRejectCutsBelow?: number
  /** Run the JSON bombs too. */
  json?: boolean
  /** Format-specific lines and the reason each must be rejected with. */
  cases?: BadInputCase[]
}

/** Deterministic pseudo-random bytes (a linear congruential generator): the same garbage every run. */
function garbage(seed: number, length: number): Buffer {
  const out = Buffer.alloc(length)
  let x = seed
  for (let i = 0; i < length; i++) {
    x = (x * 1103515245 + 12345) & 0x7fffffff
    out[i] = x >> 16
  }
  return out
}

function expectTypedRejection(r: ParseOutcome, secret: string, what: string): void {
  expect(r.ok, what).toBe(false)
  if (r.ok !== false) return
  expect(REASONS, what).toContain(r.reason)
  expect(r.detail.length, what).toBeGreaterThan(0)
  expect(r.detail, what).not.toContain(secret)
}

export function describeBadInput(format: string, make: () => Parser, o: BadInputOptions): void {
  describe(`${format} on bad input`, () => {
    it('accepts the good line the battery starts from', () => {
      expect(make().parse(o.good).ok).toBe(true)
    })

    it('skips empty and blank lines', () => {
      const p = make()
      for (const line of ['', '   ', '\t', '\r']) expect(p.parse(line)).toEqual({ ok: 'skip' })
    })

    it('reads a line the same with a CRLF ending or a byte-order mark', () => {
      const good = make().parse(o.good)
      expect(make().parse(`${o.good}\r`)).toEqual(good)
      expect(make().parse(`\uFEFF${o.good}`)).toEqual(good)
    })

    it('rejects invalid UTF-8 and NUL bytes as binary', () => {
      const mid = Math.floor(o.good.length / 2)
      const p = make()
      const bad = `${o.good.slice(0, mid)}\uFFFD${o.good.slice(mid)}`
      expect(p.parse(bad)).toEqual({ ok: false, reason: 'binary', detail: 'invalid UTF-8' })
      expect(p.parse(`${o.good.slice(0, mid)}\0${o.good.slice(mid)}`)).toMatchObject({
        ok: false,
        reason: 'binary',
      })
    })

    it('rejects binary garbage without throwing', () => {
      const p = make()
      for (let seed = 1; seed <= 40; seed++) {
        const bytes = garbage(seed, 20 + seed * 7)
        for (const text of [bytes.toString('latin1'), `${o.good.slice(0, 12)}${bytes.toString('latin1')}`]) {
          const r = p.parse(text)
          expect(r.ok, `garbage seed ${seed}`).not.toBe(true)
          if (r.ok === false) expectTypedRejection(r, o.secret, `garbage seed ${seed}`)
        }
      }
    })

    it('rejects truncated lines with a reason and never quotes the credential', () => {
      const below = o.mustRejectCutsBelow ?? o.good.length
      for (let cut = 1; cut < o.good.length; cut++) {
        const r = make().parse(o.good.slice(0, cut))
        if (cut < below) expectTypedRejection(r, o.secret, `cut at ${cut}`)
        else if (r.ok === false) expectTypedRejection(r, o.secret, `cut at ${cut}`)
      }
    })

    if (o.json) {
      it('rejects JSON nested too deep, however deep, as too_complex', () => {
        const p = make()
        for (const depth of [MAX_JSON_DEPTH + 1, 100_000]) {
          expect(p.parse(`${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`)).toMatchObject({
            ok: false,
            reason: 'too_complex',
          })
          const arrays = `${o.good.slice(0, -1)},"deep":${'['.repeat(depth)}${']'.repeat(depth)}}`
          expect(p.parse(arrays)).toMatchObject({ ok: false, reason: 'too_complex' })
        }
      })

      it('rejects JSON with more keys and elements than a log line holds as too_complex', () => {
        const huge = `${o.good.slice(0, -1)},"huge":[${new Array(MAX_JSON_NODES + 1).fill(0).join(',')}]}`
        expect(make().parse(huge)).toMatchObject({ ok: false, reason: 'too_complex' })
      })

      it('reads a line with a huge string value without choking', () => {
        const r = make().parse(`${o.good.slice(0, -1)},"padding":"${'x'.repeat(2_000_000)}"}`)
        expect(r.ok).toBe(true)
      })

      it('rejects a repeated key instead of guessing which value is true', () => {
        const firstKey = o.good.slice(0, o.good.indexOf(':') + 1)
        const dup = `${o.good.slice(0, -1)},${firstKey.slice(1)}"x"}`
        const r = make().parse(dup)
        expect(r).toMatchObject({ ok: false, reason: 'malformed' })
        expect(r.ok === false && r.detail).toMatch(/repeats a key/)
        // With blanks before the colon, as a pretty-printer writes it.
        const spaced = `${o.good.slice(0, -1)},${firstKey.slice(1, -1)} : "x"}`
        expect(make().parse(spaced)).toMatchObject({ ok: false, reason: 'malformed' })
      })

      it('rejects JSON that is not an object, and broken JSON, with a reason', () => {
        const p = make()
        for (const line of ['[]', '[{"a":1}]', '"text"', '42', 'null', 'true']) {
          expect(p.parse(line), line).toMatchObject({ ok: false, reason: 'unknown_shape' })
        }
        const broken = `${o.good.slice(0, -1)},"x":}`
        expectTypedRejection(p.parse(broken), o.secret, 'broken JSON')
        expect(p.parse(broken)).toMatchObject({ reason: 'malformed' })
      })
    }

    for (const c of o.cases ?? []) {
      it(`rejects ${c.name} as ${c.reason}`, () => {
        const r = make().parse(c.line)
        expectTypedRejection(r, o.secret, c.name)
        expect(r).toMatchObject({ ok: false, reason: c.reason })
      })
    }
  })
}
