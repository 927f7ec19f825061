// The pipeline's steps on their own (no store): what each input becomes, and a throwing step
// turned into a dead letter instead of an exception.
import { describe, expect, it } from 'vitest'
import { Templater } from '../inventory/templater.js'
import { makeEvent } from '../testing/index.js'
import { createPipeline } from './pipeline.js'
import { deadLetter, runStep } from './step.js'

// These tests call prepare() only; storing is tested against real ClickHouse in sources/http.
const writer = {
  write: async () => {
    throw new Error('prepare() must not write')
  },
}
const pipeline = createPipeline({ writer, maxEventBytes: 1024 * 1024, now: () => 1_700_000_000_000 })
const small = createPipeline({ writer, maxEventBytes: 1024 })
const record = (text: string | Uint8Array, origin = 'test') => ({
  bytes: typeof text === 'string' ? Buffer.from(text) : text,
  origin,
})

describe('pipeline steps', () => {
  it('turns a valid event into a row with its route template and flattened principal', () => {
    const { events, result } = pipeline.prepare('test', [
      record(
        JSON.stringify(makeEvent(1, { path: '/v1/users/42/orders/6f1c8a52-3b9e-4d4f-9a65-0c2f7e8d9b10' })),
      ),
    ])
    expect(result).toMatchObject({ accepted: 1, rejected: 0, dropped: 0 })
    expect(events[0]).toMatchObject({
      route: '/v1/users/{id:int}/orders/{id:uuid}',
      principal_kind: 'jwt',
      principal_fingerprint: 'aabbccddeeff0011',
      principal_subject: 'user-1',
      principal_scopes: ['orders:read'],
      principal_issuer: '',
      principal_iat: null,
    })
  })

  it('templates with the templater it was given (an imported spec here)', () => {
    const templater = new Templater()
    templater.setSpec({
      service: 'shop',
      title: 'Shop',
      version: '1',
      imported_at: 0,
      operations: [{ method: 'GET', path: '/v1/orders/{order_id}', deprecated: false }],
    })
    const withSpec = createPipeline({ writer, maxEventBytes: 1024 * 1024, templater })
    const { events } = withSpec.prepare('test', [
      record(JSON.stringify(makeEvent(1, { path: '/v1/orders/42' }))),
    ])
    expect(events[0]!.route).toBe('/v1/orders/{order_id}')
  })

  it('dead-letters with a reason per failure kind, and drops blank lines', () => {
    const { deadLetters, result } = small.prepare('test', [
      record('{nope', 'line 1'),
      record(Buffer.from([0xc3, 0x28]), 'line 2'),
      record(`"${'x'.repeat(2000)}"`, 'line 3'),
      record('[1,2,3]', 'line 4'),
      record('   ', 'line 5'),
    ])
    expect(result.rejectedByReason).toEqual({
      invalid_json: 1,
      invalid_utf8: 1,
      event_too_large: 1,
      invalid_event: 1,
    })
    expect(result.dropped).toBe(1)
    expect(deadLetters.map((d) => [d.origin, d.reason, d.source])).toEqual([
      ['line 1', 'invalid_json', 'test'],
      ['line 2', 'invalid_utf8', 'test'],
      ['line 3', 'event_too_large', 'test'],
      ['line 4', 'invalid_event', 'test'],
    ])
    expect(deadLetters[2]!.raw_bytes).toBe(2002)
  })

  it('keeps at most 10 distinct reasons for the answer', () => {
    const records = Array.from({ length: 30 }, (_, i) =>
      record(JSON.stringify({ ...makeEvent(i), [`extra_${i}`]: 1 })),
    )
    const { result } = pipeline.prepare('test', records)
    expect(result.rejected).toBe(30)
    expect(result.reasons).toHaveLength(10)
  })
})

describe('runStep', () => {
  it('turns a throw into a dead letter named after the step', () => {
    const r = runStep(
      'enrich',
      () => {
        throw new Error('boom')
      },
      1,
    )
    expect(r).toEqual(deadLetter('enrich_failed', 'boom'))
  })
})
