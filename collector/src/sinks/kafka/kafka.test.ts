// Pure parts of the Kafka sink. Producing to a real broker is tested once @gatewatch/infra's
// startKafka() exists (see the collector's report).
import type { AccessEvent } from '@gatewatch/schema'
import { describe, expect, it } from 'vitest'
import { kafkaBrokers, messageKey } from './kafka.js'

describe('kafka sink', () => {
  it('reads the brokers of a kafka:// URL and names a URL without one', () => {
    expect(kafkaBrokers('kafka://127.0.0.1:9092')).toEqual(['127.0.0.1:9092'])
    expect(kafkaBrokers('kafka://b1:9092,b2:9093')).toEqual(['b1:9092', 'b2:9093'])
    expect(() => kafkaBrokers('kafka://')).toThrow('names no broker')
  })

  it('keys a message by principal fingerprint, else by client IP', () => {
    const e = { client_ip: '203.0.113.7', principal: { kind: 'none' } } as AccessEvent
    expect(messageKey(e)).toBe('203.0.113.7')
    expect(messageKey({ ...e, principal: { kind: 'api_key', fingerprint: 'ab'.repeat(16) } })).toBe(
      'ab'.repeat(16),
    )
  })
})
