import { describe, expect, it } from 'vitest'
import type { AccessEvent } from './access-event.js'
import { validateAccessEvent } from './validate.js'

const good: AccessEvent = {
  v: 1,
  event_id: '0123456789abcdef0123456789abcdef',
  ts: 1_700_000_000_000,
  collector: 'edge-1',
  service: 'shop',
  host: 'api.shop.test',
  method: 'GET',
  path: '/v1/orders/42',
  query: 'page=2',
  status: 200,
  latency_ms: 12.5,
  request_bytes: 0,
  response_bytes: 512,
  client_ip: '203.0.113.7',
  forwarded_for: [],
  user_agent: 'curl/8.0',
  principal: { kind: 'jwt', fingerprint: 'aabbccddeeff0011', subject: 'user-1', scopes: ['orders:read'] },
}

describe('AccessEvent v1', () => {
  it('accepts a complete event', () => {
    expect(validateAccessEvent(good)).toEqual({ ok: true, value: good })
  })

  it('accepts an anonymous event without optional fields', () => {
    const { latency_ms, request_bytes, response_bytes, ...rest } = good
    expect(validateAccessEvent({ ...rest, principal: { kind: 'none' } }).ok).toBe(true)
  })

  it('names the missing field', () => {
    const { status, ...rest } = good
    const r = validateAccessEvent(rest)
    expect(r.ok).toBe(false)
    if (!r.ok) expect(r.reason).toContain('status')
  })

  it('rejects unknown fields, naming them', () => {
    const r = validateAccessEvent({ ...good, authorization: 'Bearer abc' })
    expect(r.ok).toBe(false)
    if (!r.ok) expect(r.reason).toContain('authorization')
  })

  it('rejects a principal fingerprint that is not hex (a clear-text credential)', () => {
    const r = validateAccessEvent({ ...good, principal: { kind: 'api_key', fingerprint: 'sk_live_SECRET' } })
    expect(r.ok).toBe(false)
    if (!r.ok) expect(r.reason).toContain('/principal/fingerprint')
  })

  it('rejects a wrong type and a non-object', () => {
    expect(validateAccessEvent({ ...good, status: '200' }).ok).toBe(false)
    expect(validateAccessEvent('hello').ok).toBe(false)
    expect(validateAccessEvent(null).ok).toBe(false)
  })

  it('rejects an over-long path', () => {
    expect(validateAccessEvent({ ...good, path: `/${'a'.repeat(10_000)}` }).ok).toBe(false)
  })

  // Each number must be exact in JSON and fit its stored column (the analyzer writes 64-bit
  // integers): out of range, the event is refused naming the field, not stored wrong or left to fail
  // an insert.
  it.each([
    ['/ts', { ts: 253_402_300_800_000 }],
    ['/request_bytes', { request_bytes: 1e25 }],
    ['/response_bytes', { response_bytes: 2 ** 53 }],
    ['/principal/iat', { principal: { kind: 'jwt', fingerprint: 'aabbccddeeff0011', iat: 1e300 } }],
    ['/principal/exp', { principal: { kind: 'jwt', fingerprint: 'aabbccddeeff0011', exp: -(2 ** 60) } }],
  ])('rejects %s out of range', (field, change) => {
    const r = validateAccessEvent({ ...good, ...change })
    expect(r.ok).toBe(false)
    if (!r.ok) expect(r.reason).toContain(field)
  })

  it('accepts the largest values in range', () => {
    const edge = {
      ...good,
      ts: 253_402_300_799_999,
      request_bytes: Number.MAX_SAFE_INTEGER,
      principal: { kind: 'jwt' as const, fingerprint: 'aabbccddeeff0011', iat: -Number.MAX_SAFE_INTEGER },
    }
    expect(validateAccessEvent(edge).ok).toBe(true)
  })
})
