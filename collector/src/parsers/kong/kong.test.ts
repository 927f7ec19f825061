import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { describeBadInput } from '../bad-input.js'
import { describeGoldenFiles } from '../golden.js'
import { kong, MAX_KONG_BATCH, parseKong, splitKongBatch } from './kong.js'

describeGoldenFiles('kong', join(import.meta.dirname, 'fixtures'), kong)

const docs = readFileSync(join(import.meta.dirname, 'fixtures/kong-docs/input.log'), 'utf8')
  .trim()
  .split('\n')

describe('kong', () => {
  it('reads the Kong 3.8 sample: route, service, consumer-less, upstream status, latencies.request', () => {
    expect(parseKong(docs[1]!)).toMatchObject({
      ok: true,
      record: {
        ts: 1726783839538,
        method: 'GET',
        target: '/example-route',
        status: 200,
        client_ip: '192.168.65.1',
        user_agent: 'HTTPie/3.2.3',
        host: 'localhost:8000',
        request_bytes: 139,
        response_bytes: 9982,
        latency_ms: 173,
        request_id: '2f6946328ffc4946b8c9120704a4a155',
        gateway_route: 'example_route',
        upstream_service: 'example_service',
        upstream_host: '34.237.204.224:80',
        upstream_status: 200,
      },
    })
  })

  it('names the consumer, and keeps every request header with the credentials also in their fields', () => {
    const r = parseKong(docs[0]!)
    expect(r).toMatchObject({
      ok: true,
      record: { consumer: 'demo', headers: { accept: '*/*', host: 'httpbin.org' } },
    })
    const creds = readFileSync(join(import.meta.dirname, 'fixtures/credentials/input.log'), 'utf8').split(
      '\n',
    )
    const first = parseKong(creds[0]!)
    expect(first).toMatchObject({
      ok: true,
      record: { api_key: 'kk_3f9a1c77e2', cookie: 'sid=abc; theme=dark', consumer: 'mobile-app' },
    })
    // Kong's "REDACTED" placeholder is not a credential.
    expect(first.ok === true && first.record.authorization).toBeUndefined()
    expect(first.ok === true && first.record.headers?.authorization).toBeUndefined()
  })
})

describe('splitKongBatch', () => {
  it('cuts an http-log batch into one record per element, each readable by the kong parser', () => {
    const body = `[\n${docs.join(',\n')}\n]`
    const split = splitKongBatch(body)
    expect(split.ok).toBe(true)
    if (!split.ok) return
    expect(split.records).toHaveLength(2)
    expect(split.records.map((r) => parseKong(r).ok)).toEqual([true, true])
    expect(JSON.parse(split.records[1]!)).toEqual(JSON.parse(docs[1]!))
  })

  it('takes a single object (batch size 1) and an empty batch', () => {
    expect(splitKongBatch(` ${docs[0]} `)).toEqual({ ok: true, records: [docs[0]] })
    expect(splitKongBatch('[]')).toEqual({ ok: true, records: [] })
  })

  it('keeps braces and brackets inside strings from cutting a record', () => {
    const tricky = '{"request":{"uri":"/a}]{[\\"b"},"x":"\\\\"}'
    expect(splitKongBatch(`[${tricky},${tricky}]`)).toEqual({ ok: true, records: [tricky, tricky] })
  })

  it('rejects bodies that are not a batch of objects, truncated, too deep or too many', () => {
    expect(splitKongBatch('"text"')).toMatchObject({ ok: false, reason: 'unknown_shape' })
    expect(splitKongBatch('[1,2]')).toMatchObject({ ok: false, reason: 'unknown_shape' })
    expect(splitKongBatch('[[{"a":1}]]')).toMatchObject({ ok: false, reason: 'unknown_shape' })
    expect(splitKongBatch(`[${docs[0]}`)).toMatchObject({ ok: false, reason: 'malformed' })
    expect(splitKongBatch(`[${'{"a":'.repeat(100_000)}1${'}'.repeat(100_000)}]`)).toMatchObject({
      ok: false,
      reason: 'too_complex',
    })
    expect(splitKongBatch(`[${new Array(MAX_KONG_BATCH + 1).fill('{}').join(',')}]`)).toMatchObject({
      ok: false,
      reason: 'too_complex',
    })
  })
})

describeBadInput('kong', () => kong, {
  good: '{"request":{"method":"GET","uri":"/a","size":10,"headers":{"authorization":"Bearer sk_live_K0ng5ecret","host":"api.test"}},"response":{"status":200,"size":5},"latencies":{"request":3},"client_ip":"192.0.2.8","started_at":1726783839538}',
  secret: 'sk_live_K0ng5ecret',
  json: true,
  cases: [
    {
      name: 'a started_at before 1970',
      line: '{"request":{"method":"GET","uri":"/a"},"response":{"status":200},"started_at":-5}',
      reason: 'bad_timestamp',
    },
    {
      name: 'a started_at far in the future',
      line: '{"request":{"method":"GET","uri":"/a"},"response":{"status":200},"started_at":1e15}',
      reason: 'bad_timestamp',
    },
    {
      name: 'a size beyond 2^53',
      line: '{"request":{"method":"GET","uri":"/a","size":1e300},"response":{"status":200},"started_at":1726783839538}',
      reason: 'out_of_range',
    },
    {
      name: 'a missing response',
      line: '{"request":{"method":"GET","uri":"/a"},"started_at":1726783839538}',
      reason: 'unknown_shape',
    },
  ],
})
