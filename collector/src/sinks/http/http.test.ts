import { afterEach, describe, expect, it } from 'vitest'
import { silentLogger } from '../../log.js'
import { sampleEvent as ev } from '../../testing/events.js'
import { type IngestServer, startIngestServer } from '../../testing/ingest-server.js'
import { FatalSinkError } from '../types.js'
import { createHttpSink } from './http.js'

const TOKEN = 'ingest-token-for-tests'

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

  it('honours Retry-After (up to the backoff cap) and resends the same Idempotency-Key', async () => {
    const { createServer } = await import('node:http')
    const seen: { at: number; key: string | undefined }[] = []
    const late = createServer((req, res) => {
      req.resume()
      req.on('end', () => {
        seen.push({ at: Date.now(), key: req.headers['idempotency-key'] as string | undefined })
        if (seen.length === 1) res.writeHead(503, { 'retry-after': '1' }).end()
        else res.writeHead(200).end('{"accepted":1,"rejected":0,"reasons":[]}')
      })
    })
    await new Promise<void>((resolve) => late.listen(0, '127.0.0.1', resolve))
    const port = (late.address() as { port: number }).port
    const s = createHttpSink(
      {
        url: `http://127.0.0.1:${port}`,
        maxRetries: 3,
        requestTimeoutMs: 2000,
        backoff: { baseMs: 5, capMs: 5000 },
      },
      { log: silentLogger, ingestToken: TOKEN },
    )
    await s.send([ev(1), ev(2)])
    await s.close()
    late.close()
    expect(seen).toHaveLength(2)
    // Without Retry-After the wait would be under 5 ms (baseMs); the server asked for one second.
    expect(seen[1]!.at - seen[0]!.at).toBeGreaterThanOrEqual(950)
    expect(seen[1]!.key).toBe(seen[0]!.key)
    expect(seen[0]!.key).toMatch(/^[0-9a-f]{32}$/)
  })

  it('refuses a server certificate it cannot verify, naming sink.tls.ca_file', async () => {
    const { execFileSync } = await import('node:child_process')
    const { mkdtempSync, readFileSync } = await import('node:fs')
    const { join } = await import('node:path')
    const { tmpdir } = await import('node:os')
    const { createServer } = await import('node:https')
    const d = mkdtempSync(join(tmpdir(), 'gw-tls-'))
    execFileSync(
      'openssl',
      [
        'req',
        '-x509',
        '-newkey',
        'rsa:2048',
        '-nodes',
        '-days',
        '1',
        '-subj',
        '/CN=localhost',
        '-addext',
        'subjectAltName=DNS:localhost',
        '-keyout',
        join(d, 'key.pem'),
        '-out',
        join(d, 'cert.pem'),
      ],
      { stdio: 'ignore' },
    )
    const tlsServer = createServer(
      { key: readFileSync(join(d, 'key.pem')), cert: readFileSync(join(d, 'cert.pem')) },
      (req, res) => {
        req.resume()
        req.on('end', () => res.writeHead(200).end('{"accepted":1,"rejected":0,"reasons":[]}'))
      },
    )
    await new Promise<void>((resolve) => tlsServer.listen(0, '127.0.0.1', resolve))
    const url = `https://127.0.0.1:${(tlsServer.address() as { port: number }).port}`
    const opts = { url, maxRetries: 0, requestTimeoutMs: 2000 }
    const untrusted = createHttpSink(opts, { log: silentLogger, ingestToken: TOKEN })
    await expect(untrusted.send([ev(1)])).rejects.toThrow(/not accepted .*sink\.tls\.ca_file/)
    const { tlsOptions } = await import('../security.js')
    const trusted = createHttpSink(
      { ...opts, tls: tlsOptions({ ca_file: join(d, 'cert.pem'), servername: 'localhost', verify: true }) },
      { log: silentLogger, ingestToken: TOKEN },
    )
    await trusted.send([ev(1)])
    await untrusted.close()
    await trusted.close()
    tlsServer.close()
  })
})
