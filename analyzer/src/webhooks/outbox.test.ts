// Signed webhooks from a real analyzer to real local HTTP receivers: a new alert is delivered
// with a valid HMAC-SHA256 signature, retried after failures, filtered per receiver, and marked
// failed after max_attempts.
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type Analyzer, createAnalyzer } from '../analyzer.js'
import { ADMIN_TOKEN, INGEST_TOKEN, makeEvent, ndjson, tempDir } from '../testing/index.js'
import { SIGNATURE_HEADER, sign, verify } from './signature.js'

const SECRET = 'receiver-secret-0123456789'
const dir = tempDir()
let analyzer: Analyzer
let receiver: Server
let broken: Server
const received: { headers: Record<string, string | string[] | undefined>; body: string; status: number }[] =
  []
let brokenHits = 0

const listen = (server: Server) =>
  new Promise<string>((resolve) =>
    server.listen(0, '127.0.0.1', () =>
      resolve(`http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`),
    ),
  )

async function until<T>(
  check: () => Promise<T | undefined> | T | undefined,
  what: string,
  ms = 30_000,
): Promise<T> {
  const end = Date.now() + ms
  for (;;) {
    const value = await check()
    if (value !== undefined) return value
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`)
    await new Promise((r) => setTimeout(r, 50))
  }
}

beforeAll(async () => {
  // Fails the first two deliveries with 500, then accepts.
  receiver = createServer((req, res) => {
    let body = ''
    req.on('data', (c) => (body += c))
    req.on('end', () => {
      const status = received.length < 2 ? 500 : 204
      received.push({ headers: req.headers, body, status })
      res.writeHead(status).end()
    })
  })
  broken = createServer((req, res) => {
    brokenHits++
    req.resume()
    res.writeHead(503).end()
  })
  const [url, brokenUrl] = await Promise.all([listen(receiver), listen(broken)])
  analyzer = createAnalyzer({
    data_dir: join(dir.path, 'ch'),
    admin_token: ADMIN_TOKEN,
    ingest_token: INGEST_TOKEN,
    log_level: 'silent',
    enrichment: { enabled: false },
    webhooks: {
      poll_ms: 50,
      retry_base_ms: 50,
      max_attempts: 3,
      receivers: [
        { name: 'soc', url: url!, secret: SECRET },
        { name: 'recon-only', url: url!, secret: SECRET, types: ['recon.*'] },
        { name: 'down', url: brokenUrl!, secret: SECRET },
      ],
    },
  })
  await analyzer.start({ listen: false })
})

afterAll(async () => {
  await analyzer?.stop()
  receiver?.close()
  broken?.close()
  dir.remove()
})

describe('webhooks', () => {
  it('delivers a new alert signed, after retrying two failures, to the receivers that want it', async () => {
    const now = Date.UTC(2026, 10, 2, 12)
    const event = makeEvent('expired', {
      ts: now,
      principal: {
        kind: 'jwt',
        fingerprint: 'b0b0b0b0b0b0b0b0',
        subject: 'bob',
        exp: now / 1000 - 7200,
        alg: 'RS256',
      },
    })
    const res = await analyzer.app.inject({
      method: 'POST',
      url: '/api/v1/ingest',
      headers: { authorization: `Bearer ${INGEST_TOKEN}`, 'content-type': 'application/x-ndjson' },
      payload: ndjson([event]),
    })
    expect(res.json()).toMatchObject({ accepted: 1 })
    await until(() => (received.some((r) => r.status === 204) ? true : undefined), 'a successful delivery')
    expect(received.map((r) => r.status)).toEqual([500, 500, 204])
    const ids = new Set(received.map((r) => r.headers['x-gatewatch-delivery']))
    expect(ids.size).toBe(1)
    const last = received[2]!
    expect(
      verify(SECRET, last.headers[SIGNATURE_HEADER] as string, last.body, Math.floor(Date.now() / 1000)),
    ).toBe(true)
    expect(
      verify(
        'another-secret-0123456789',
        last.headers[SIGNATURE_HEADER] as string,
        last.body,
        Math.floor(Date.now() / 1000),
      ),
    ).toBe(false)
    const payload = JSON.parse(last.body)
    expect(payload).toMatchObject({
      event: 'alert.new',
      alert: { type: 'token.expired_accepted', severity: 'critical', subject: { id: 'b0b0b0b0b0b0b0b0' } },
    })
    expect(last.headers['x-gatewatch-event']).toBe('alert.new')
    const counts = await until(async () => {
      const c = await analyzer.webhooks!.counts()
      return c.failed === 1 && c.delivered === 1 ? c : undefined
    }, 'the broken receiver to be given up')
    // soc delivered; down failed after max_attempts; recon-only never queued.
    expect(counts).toEqual({ delivered: 1, failed: 1 })
    expect(brokenHits).toBe(3)
  })

  it('rejects a tampered body, a forged signature and a replay outside the tolerance', () => {
    const body = '{"event":"alert.new"}'
    const t = 1_800_000_000
    const header = sign(SECRET, body, t)
    expect(verify(SECRET, header, body, t + 10)).toBe(true)
    expect(verify(SECRET, header, `${body} `, t)).toBe(false)
    expect(
      verify(
        SECRET,
        header.replace(/.$/, (c) => (c === '0' ? '1' : '0')),
        body,
        t,
      ),
    ).toBe(false)
    expect(verify(SECRET, header, body, t + 301)).toBe(false)
    expect(verify(SECRET, undefined, body, t)).toBe(false)
  })
})
