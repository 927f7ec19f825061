import type { AccessEvent } from '@gatewatch/schema'
import { afterEach, describe, expect, it } from 'vitest'
import { silentLogger } from '../../log.js'
import { type IngestServer, startIngestServer } from '../../testing/ingest-server.js'
import { FatalSinkError } from '../types.js'
import { createHttpSink } from './http.js'

const TOKEN = 'ingest-token-for-tests'
const ev = (i: number): AccessEvent => ({
  v: 1,
  event_id: i.toString(16).padStart(32, '0'),
  ts: 1_700_000_000_000 + i,
  collector: 'edge-1',
  service: 'shop',
  host: 'api.shop.test',
  method: 'GET',
  path: `/v1/orders/${i}`,
  query: '',
  status: 200,
  client_ip: '203.0.113.7',
  forwarded_for: [],
  user_agent: 'curl/8.0',
  principal: { kind: 'none' },
})

let server: IngestServer | undefined
afterEach(async () => {
  await server?.close()
  server = undefined
})

const sink = (url: string, token = TOKEN, maxRetries = 5) =>
  createHttpSink(
    { url, maxRetries, requestTimeoutMs: 2000, backoff: { baseMs: 5, capMs: 50 } },
    { log: silentLogger, ingestToken: token },
  )

describe('http sink', () => {
  it('posts one NDJSON body per batch with the ingest token', async () => {
    server = await startIngestServer(TOKEN)
    await sink(server.url).send([ev(1), ev(2), ev(3)])
    expect(server.requests).toBe(1)
    expect(server.bodies[0]!.split('\n')).toHaveLength(4)
    expect(server.events.map((e) => e.path)).toEqual(['/v1/orders/1', '/v1/orders/2', '/v1/orders/3'])
  })

  it('retries after 503s and a dropped connection, then succeeds', async () => {
    server = await startIngestServer(TOKEN, (n) =>
      n < 2 ? { status: 503 } : n === 2 ? 'drop-after-store' : 'ok',
    )
    await sink(server.url).send([ev(1)])
    expect(server.requests).toBe(4)
    // The dropped attempt was stored and resent: the same event_id twice, absorbed downstream.
    expect(server.events.map((e) => e.event_id)).toEqual([ev(1).event_id, ev(1).event_id])
  })

  it('retries while the analyzer is not listening yet', async () => {
    server = await startIngestServer(TOKEN)
    const url = server.url
    await server.close()
    const sending = sink(url, TOKEN, 50).send([ev(7)])
    await new Promise((r) => setTimeout(r, 100))
    const port = Number(new URL(url).port)
    const { createServer } = await import('node:http')
    const received: string[] = []
    const late = createServer((req, res) => {
      let body = ''
      req.on('data', (c) => {
        body += c
      })
      req.on('end', () => {
        received.push(body)
        res.writeHead(200).end('{"accepted":1,"rejected":0,"reasons":[]}')
      })
    })
    await new Promise<void>((resolve) => late.listen(port, '127.0.0.1', resolve))
    await sending
    late.close()
    expect(received).toHaveLength(1)
  })

  it('fails clearly on 401, naming the token, without retrying', async () => {
    server = await startIngestServer(TOKEN)
    const err = await sink(server.url, 'wrong-token')
      .send([ev(1)])
      .catch((e: unknown) => e)
    expect(err).toBeInstanceOf(FatalSinkError)
    expect((err as Error).message).toContain('refused the ingest token (401)')
    expect((err as Error).message).toContain('GATEWATCH_INGEST_TOKEN')
    expect((err as Error).message).not.toContain('wrong-token')
    expect(server.events).toHaveLength(0)
  })

  it('gives up after max_retries on persistent 5xx, saying why', async () => {
    server = await startIngestServer(TOKEN, () => ({ status: 500 }))
    await expect(sink(server.url, TOKEN, 2).send([ev(1)])).rejects.toThrow(
      'giving up on a batch of 1 events after 3 attempts: the analyzer answered 500',
    )
    expect(server.requests).toBe(3)
  })

  it('splits a batch the analyzer finds too large (413)', async () => {
    server = await startIngestServer(TOKEN, (n) => (n === 0 ? { status: 413 } : 'ok'))
    await sink(server.url).send([ev(1), ev(2), ev(3), ev(4)])
    expect(server.bodies).toHaveLength(2)
    expect(server.events).toHaveLength(4)
  })
})
