// The HTTP receiver in a whole collector, with a real ingest server as the sink: Kong-shaped
// batches, authentication, size limits, and answers that wait for the sink's acknowledgement.
import { afterEach, describe, expect, it } from 'vitest'
import { HTTP_INPUT_TOKEN, type RunningCollector, startCollector, waitFor } from '../../testing/collector.js'
import { generateLines } from '../../testing/generate.js'
import { type Behaviour, type IngestServer, startIngestServer } from '../../testing/ingest-server.js'
import { splitRecords } from './http.js'

const SINK_TOKEN = 'http-input-sink-token'
let server: IngestServer | undefined
let c: RunningCollector | undefined
afterEach(async () => {
  await c?.stop().catch(() => undefined)
  c = undefined
  await server?.close()
  server = undefined
})

async function start(
  behave: (n: number) => Behaviour = () => 'ok',
  extra = '',
  sink = '',
  spool = 'enable: false',
) {
  server = await startIngestServer(SINK_TOKEN, behave)
  c = await startCollector(
    `collector_id: http-test
state_dir: ${process.env.TMPDIR ?? '/tmp'}/gw-http-${process.pid}-${Date.now()}
metrics: { enabled: false }
spool: { ${spool} }
sink: { url: ${server.url}, batch_max_wait_ms: 20, max_retries: 0${sink} }
inputs:
  - type: http
    name: kong
    format: nginx-json
    listen: 127.0.0.1:0
    path: /kong
    max_body_bytes: 65536${extra}
`,
    { GATEWATCH_INGEST_TOKEN: SINK_TOKEN },
  )
  return `http://${c.http('kong').address()}/kong`
}

const auth = { authorization: `Bearer ${HTTP_INPUT_TOKEN}`, 'content-type': 'application/json' }
const records = (from: number, n: number) =>
  generateLines(from + n)
    .slice(from)
    .map((l) => JSON.parse(l.json) as object)

describe('http input', () => {
  it('accepts a Kong batch (a JSON array) and a single object, each record once, answering after the sink acknowledged', async () => {
    const url = await start()
    const batch = records(0, 50)
    const res = await fetch(url, { method: 'POST', headers: auth, body: JSON.stringify(batch) })
    expect(res.status).toBe(200)
    expect(await res.json()).toEqual({ accepted: 50, rejected: 0, skipped: 0 })
    // 200 means stored downstream: the events are at the sink already.
    expect(server!.events).toHaveLength(50)
    const one = await fetch(url, { method: 'POST', headers: auth, body: JSON.stringify(records(50, 1)[0]) })
    expect(await one.json()).toEqual({ accepted: 1, rejected: 0, skipped: 0 })
    expect(new Set(server!.events.map((e) => e.event_id)).size).toBe(51)
  })

  it('a batch the gateway sends again carries the same event_ids', async () => {
    const url = await start()
    const body = JSON.stringify(records(0, 20))
    await fetch(url, { method: 'POST', headers: auth, body })
    await fetch(url, { method: 'POST', headers: auth, body })
    const ids = server!.events.map((e) => e.event_id)
    expect(ids).toHaveLength(40)
    expect(new Set(ids).size).toBe(20)
    expect(ids.slice(20)).toEqual(ids.slice(0, 20))
  })

  it('takes NDJSON, and counts a record that does not parse as rejected without losing the others', async () => {
    const url = await start()
    const lines = generateLines(3).map((l) => l.json)
    const body = `${lines[0]}\n{"not":"an access log"}\n${lines[1]}\r\n\n${lines[2]}`
    const res = await fetch(url, { method: 'POST', headers: { authorization: auth.authorization }, body })
    expect(await res.json()).toEqual({ accepted: 3, rejected: 1, skipped: 0 })
    expect(server!.events).toHaveLength(3)
  })

  it('refuses a missing or wrong token (401), a large body (413), a wrong path or method, and bad JSON', async () => {
    const url = await start()
    const body = JSON.stringify(records(0, 1))
    const none = await fetch(url, { method: 'POST', body })
    expect(none.status).toBe(401)
    expect(none.headers.get('www-authenticate')).toBe('Bearer')
    const wrong = await fetch(url, { method: 'POST', headers: { authorization: 'Bearer nope' }, body })
    expect(wrong.status).toBe(401)
    const basic = await fetch(url, {
      method: 'POST',
      headers: { authorization: `Basic ${HTTP_INPUT_TOKEN}` },
      body,
    })
    expect(basic.status).toBe(401)
    const big = JSON.stringify(records(0, 200))
    expect(big.length).toBeGreaterThan(65_536)
    expect((await fetch(url, { method: 'POST', headers: auth, body: big })).status).toBe(413)
    // Without a Content-Length (chunked), the limit holds while reading.
    const chunked = new ReadableStream({
      start(ctrl) {
        ctrl.enqueue(new TextEncoder().encode(big))
        ctrl.close()
      },
    })
    const res = await fetch(url, {
      method: 'POST',
      headers: auth,
      body: chunked,
      duplex: 'half',
    } as RequestInit)
    expect(res.status).toBe(413)
    expect(
      (await fetch(url.replace('/kong', '/other'), { method: 'POST', headers: auth, body })).status,
    ).toBe(404)
    expect((await fetch(url, { headers: auth })).status).toBe(405)
    expect((await fetch(url, { method: 'POST', headers: auth, body: '[{"a":1},' })).status).toBe(400)
    expect(server!.events).toHaveLength(0)
    // Still serving after all that.
    expect((await fetch(url, { method: 'POST', headers: auth, body })).status).toBe(200)
  })

  it('holds the answer until the sink acknowledged, and answers 503 when the pipeline is full', async () => {
    const url = await start(
      (n) => (n === 0 ? 'hold' : 'ok'),
      '\n    max_queued_lines: 10',
      ', max_in_flight: 1',
    )
    let answered = false
    const first = fetch(url, { method: 'POST', headers: auth, body: JSON.stringify(records(0, 10)) }).then(
      (r) => {
        answered = true
        return r
      },
    )
    await waitFor(() => server!.requests === 1, 'the first batch at the sink')
    await new Promise((r) => setTimeout(r, 200))
    expect(answered).toBe(false)
    // One more is taken by the pipeline (waiting for room), the next fills the queue, then 503.
    const second = fetch(url, { method: 'POST', headers: auth, body: JSON.stringify(records(10, 10)) })
    await new Promise((r) => setTimeout(r, 100))
    const third = fetch(url, { method: 'POST', headers: auth, body: JSON.stringify(records(20, 10)) })
    await new Promise((r) => setTimeout(r, 100))
    const refused = await fetch(url, { method: 'POST', headers: auth, body: JSON.stringify(records(30, 10)) })
    expect(refused.status).toBe(503)
    expect(refused.headers.get('retry-after')).toBe('1')
    server!.release()
    expect((await first).status).toBe(200)
    expect((await second).status).toBe(200)
    expect((await third).status).toBe(200)
    expect(new Set(server!.events.map((e) => e.event_id)).size).toBe(30)
  })

  it('answers 503 when the sink fails, so the gateway keeps the records', async () => {
    const url = await start(() => ({ status: 503 }))
    const res = await fetch(url, { method: 'POST', headers: auth, body: JSON.stringify(records(0, 5)) })
    expect(res.status).toBe(503)
    await expect(c!.running).rejects.toThrow()
  })

  it('with the disk spool on, answers 200 once the records of a failing sink are durable in the spool', async () => {
    const url = await start(() => ({ status: 503 }), '', '', 'enable: true, spill_after_ms: 50')
    const res = await fetch(url, { method: 'POST', headers: auth, body: JSON.stringify(records(0, 5)) })
    expect(res.status).toBe(200)
    expect(await res.json()).toMatchObject({ accepted: 5 })
    expect(server!.events).toHaveLength(0)
  })

  it('answers 503 once the collector is stopping', async () => {
    const url = await start((n) => (n === 0 ? 'hold' : 'ok'))
    const held = fetch(url, { method: 'POST', headers: auth, body: JSON.stringify(records(0, 5)) })
    await waitFor(() => server!.requests === 1, 'the batch at the sink')
    c!.collector.stop()
    const late = await fetch(url, { method: 'POST', headers: auth, body: JSON.stringify(records(5, 5)) })
    expect(late.status).toBe(503)
    server!.release()
    // The request taken before the stop is still delivered and answered 200.
    expect((await held).status).toBe(200)
    expect((await c!.running).shipped).toBe(5)
  })
})

describe('splitRecords', () => {
  it('turns each element of a Kong http-log array into one line, and keeps NDJSON lines as sent', () => {
    const kong = {
      request: { method: 'GET', uri: '/get', headers: { authorization: 'Bearer x' }, size: 80 },
      response: { status: 200, size: 934 },
      client_ip: '192.0.2.1',
      started_at: 1_700_000_000_000,
      latencies: { request: 12, kong: 1, proxy: 11 },
      route: { name: 'orders' },
    }
    const lines = splitRecords(Buffer.from(JSON.stringify([kong, kong])), 65_536, 7)
    expect(lines.map((l) => l.text)).toEqual([JSON.stringify(kong), JSON.stringify(kong)])
    expect(lines.map((l) => l.offset)).toEqual([7, 8])
    expect(lines[0]!.recordHash).toMatch(/^[0-9a-f]{64}$/)
    expect(lines[0]!.recordHash).toBe(lines[1]!.recordHash)
    expect(splitRecords(Buffer.from('{"a":1}\n{"b":2}\n'), 65_536, 0).map((l) => l.text)).toEqual([
      '{"a":1}',
      '{"b":2}',
    ])
    const tooLong = splitRecords(Buffer.from(JSON.stringify([{ a: 'x'.repeat(1000) }])), 256, 0)
    expect(tooLong[0]!.reject?.reason).toBe('too_long')
  })

  it('keeps text lines that start with [ (Envoy) as lines, and refuses a broken JSON batch', () => {
    const envoy = [
      '[2016-04-15T20:17:00.310Z] "POST /api/v1/locations HTTP/2" 204 - 154 0 226 100 "10.0.35.28" "nsq2http" "cc21d9b0" "locations" "tcp://10.0.2.1:80"',
      '[2016-04-15T20:17:01.310Z] "GET /api/v1/locations HTTP/2" 200 - 0 10 2 1 "10.0.35.28" "nsq2http" "cc21d9b1" "locations" "tcp://10.0.2.1:80"',
    ]
    expect(splitRecords(Buffer.from(`${envoy.join('\n')}\n`), 65_536, 0).map((l) => l.text)).toEqual(envoy)
    for (const broken of ['[{"a":1},', ' [ {"a":', '[]]'])
      expect(() => splitRecords(Buffer.from(broken), 65_536, 0), broken).toThrow('not a JSON array')
  })
})
