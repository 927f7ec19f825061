// POST /api/v1/ingest against a real embedded ClickHouse: exact counts, duplicates absorbed, bad
// lines dead-lettered with reasons while the good lines of the same body are stored.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type Analyzer, createAnalyzer } from '../../analyzer.js'
import { countEvents } from '../../inventory/endpoints.js'
import { ADMIN_TOKEN, INGEST_TOKEN, makeEvent, ndjson, tempDir } from '../../testing/index.js'

const dir = tempDir()
let analyzer: Analyzer

beforeAll(async () => {
  analyzer = createAnalyzer({
    data_dir: dir.path,
    admin_token: ADMIN_TOKEN,
    ingest_token: INGEST_TOKEN,
    log_level: 'silent',
    ingest: { max_body_bytes: 4 * 1024 * 1024 },
  })
  await analyzer.start({ listen: false })
})

afterAll(async () => {
  await analyzer?.stop()
  dir.remove()
})

const ingest = (body: string | Buffer, token = INGEST_TOKEN) =>
  analyzer.app.inject({
    method: 'POST',
    url: '/api/v1/ingest',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/x-ndjson' },
    payload: body,
  })

async function deadLetters(): Promise<{ reason: string; error: string; raw: string; raw_bytes: number }[]> {
  const rs = await analyzer.client.query({
    query: 'SELECT reason, error, raw, raw_bytes FROM dead_letters ORDER BY received_at, reason',
    format: 'JSONEachRow',
  })
  return rs.json()
}

describe('POST /api/v1/ingest', () => {
  it('stores every event of a body and answers only after they are stored', async () => {
    const events = Array.from({ length: 1000 }, (_, i) =>
      makeEvent(`batch-a-${i}`, { ts: 1_768_478_400_000 + i }),
    )
    const res = await ingest(ndjson(events))
    expect(res.statusCode).toBe(200)
    expect(res.json()).toEqual({ accepted: 1000, rejected: 0, reasons: [] })
    // No wait: the answer came after the insert.
    expect(await countEvents(analyzer.client)).toBe(1000)
  })

  it('counts an event sent twice (same event_id) once', async () => {
    const before = await countEvents(analyzer.client)
    const events = Array.from({ length: 50 }, (_, i) => makeEvent(`dup-${i}`))
    expect((await ingest(ndjson(events))).json().accepted).toBe(50)
    // Re-delivered: the same events again, plus one of them twice within a body.
    expect((await ingest(ndjson([...events, events[0]!]))).json().accepted).toBe(51)
    expect(await countEvents(analyzer.client)).toBe(before + 50)
    // Dropped before the insert, not only collapsed at read time: the raw table holds each once.
    const raw = await (
      await analyzer.client.query({ query: 'SELECT count() AS n FROM events', format: 'JSONEachRow' })
    ).json<{ n: number }>()
    expect(raw[0]!.n).toBe(before + 50)
  })

  it('dead-letters each bad line with a reason and stores the good lines of the same body', async () => {
    const before = await countEvents(analyzer.client)
    const good = [makeEvent('mixed-1'), makeEvent('mixed-2'), makeEvent('mixed-3')]
    const { status: _, ...noStatus } = makeEvent('mixed-bad-shape')
    const body = Buffer.concat([
      Buffer.from(`${JSON.stringify(good[0])}\n`),
      Buffer.from('{"v":1,"event_id": oops\n'), // malformed JSON
      Buffer.from(`{"path":"/${'a'.repeat(1024 * 1024)}"}\n`), // a 1 MB line
      Buffer.from(`${JSON.stringify(good[1])}\r\n`),
      Buffer.from([0xff, 0xfe, 0x00, 0x01, 0x80, 0x81, 0x0a]), // binary bytes
      Buffer.from(`${JSON.stringify({ hello: 'world', n: 1 })}\n`), // JSON, but not an AccessEvent
      Buffer.from(`${JSON.stringify(noStatus)}\n`), // an AccessEvent missing a field
      Buffer.from('\n'), // a blank line is skipped, not an error
      Buffer.from(`${JSON.stringify(good[2])}`), // last line without a newline
    ])
    const res = await ingest(body)
    expect(res.statusCode).toBe(200)
    const result = res.json()
    expect(result.accepted).toBe(3)
    expect(result.rejected).toBe(5)
    expect(result.reasons).toHaveLength(5)
    expect(result.reasons.some((r: string) => r.startsWith('invalid_json:'))).toBe(true)
    expect(result.reasons.some((r: string) => r.startsWith('event_too_large:'))).toBe(true)
    expect(result.reasons.some((r: string) => r.startsWith('invalid_utf8:'))).toBe(true)
    expect(result.reasons).toContain('invalid_event: /: must have required properties status')
    expect(await countEvents(analyzer.client)).toBe(before + 3)

    const letters = await deadLetters()
    const byReason = (reason: string) => letters.filter((l) => l.reason === reason)
    expect(byReason('invalid_json')).toHaveLength(1)
    expect(byReason('invalid_utf8')).toHaveLength(1)
    expect(byReason('invalid_event')).toHaveLength(2)
    const big = byReason('event_too_large')
    expect(big).toHaveLength(1)
    expect(big[0]!.raw_bytes).toBeGreaterThan(1024 * 1024)
    expect(Buffer.byteLength(big[0]!.raw)).toBeLessThanOrEqual(4096)
    expect(byReason('invalid_event').map((l) => l.error)).toContain('/: must have required properties status')

    const metrics = await analyzer.metrics.registry.getSingleMetricAsString('gatewatch_events_rejected_total')
    expect(metrics).toContain('gatewatch_events_rejected_total{source="http",reason="invalid_event"} 2')
    expect(metrics).toContain('gatewatch_events_rejected_total{source="http",reason="event_too_large"} 1')
  })

  it('refuses a request without the ingest token, or with a wrong one (the admin token too)', async () => {
    const body = ndjson([makeEvent('auth-1')])
    const none = await analyzer.app.inject({
      method: 'POST',
      url: '/api/v1/ingest',
      headers: { 'content-type': 'application/x-ndjson' },
      payload: body,
    })
    expect(none.statusCode).toBe(401)
    expect(none.json().error).toBe('unauthorized')
    expect((await ingest(body, 'wrong-token-wrong-token')).statusCode).toBe(401)
    expect((await ingest(body, ADMIN_TOKEN)).statusCode).toBe(401)
  })

  it('answers 413 for a body over the limit and stores nothing of it', async () => {
    const before = await countEvents(analyzer.client)
    const line = JSON.stringify(makeEvent('too-big', { user_agent: 'x'.repeat(1000) }))
    const body = `${Array.from({ length: 5000 }, () => line).join('\n')}\n`
    expect(Buffer.byteLength(body)).toBeGreaterThan(4 * 1024 * 1024)
    const res = await ingest(body)
    expect(res.statusCode).toBe(413)
    expect(res.json().error).toBe('payload_too_large')
    expect(await countEvents(analyzer.client)).toBe(before)
  })

  it('refuses a body that is not NDJSON', async () => {
    const res = await analyzer.app.inject({
      method: 'POST',
      url: '/api/v1/ingest',
      headers: { authorization: `Bearer ${INGEST_TOKEN}`, 'content-type': 'text/csv' },
      payload: 'a,b\n',
    })
    expect(res.statusCode).toBe(415)
  })
})
