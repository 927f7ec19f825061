// The spool in front of the real HTTP sink and a real HTTP receiver that goes away and comes back:
// sends keep resolving (durably spooled) while it is down, everything arrives in order once it is
// back, and a collector restarted with a non-empty spool sends it first.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Registry } from 'prom-client'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { createLogger, silentLogger } from '../log.js'
import { createHttpSink } from '../sinks/http/index.js'
import type { SinkContext } from '../sinks/types.js'
import { sampleEvent as ev } from '../testing/events.js'
import { type Behaviour, type IngestServer, startIngestServer } from '../testing/ingest-server.js'
import { createSpooledSink } from './spooled-sink.js'

const TOKEN = 'spool-test-token'

let dir: string
let server: IngestServer | undefined
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'gw-spooled-'))
})
afterEach(async () => {
  await server?.close()
  server = undefined
  rmSync(dir, { recursive: true, force: true })
})

const spoolConfig = { enable: true, dir: '', max_bytes: 1 << 20, spill_after_ms: 300 }

function spooled(url: string, registry: Registry) {
  const ctx: SinkContext = { log: silentLogger, ingestToken: TOKEN, registry }
  const inner = createHttpSink(
    { url, maxRetries: 0, requestTimeoutMs: 1000, backoff: { baseMs: 5, capMs: 20 } },
    ctx,
  )
  return createSpooledSink(inner, { ...spoolConfig, dir }, ctx, { backoff: { baseMs: 20, capMs: 100 } })
}

async function until(check: () => boolean, ms: number, what: string) {
  const deadline = Date.now() + ms
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out after ${ms} ms waiting for ${what}`)
    await new Promise((r) => setTimeout(r, 25))
  }
}

describe('spooled sink', () => {
  it('spools while the receiver is down or failing and delivers everything in order once it is back', async () => {
    let behave: (n: number) => Behaviour = () => 'ok'
    server = await startIngestServer(TOKEN, (n) => behave(n))
    const registry = new Registry()
    const sink = spooled(server.url, registry)
    await sink.send([ev(0), ev(1)])
    expect(server.events).toHaveLength(2)

    behave = () => ({ status: 503 })
    for (let b = 1; b < 6; b++) await sink.send([ev(2 * b), ev(2 * b + 1)])
    expect(await registry.getSingleMetricAsString('gatewatch_collector_spool_batches')).toMatch(/ [1-5]$/)

    behave = () => 'ok'
    await until(() => server!.events.length >= 12, 10_000, 'the spooled batches')
    const ids = server.events.map((e) => e.event_id)
    expect(ids).toEqual(Array.from({ length: 12 }, (_, i) => ev(i).event_id))
    await sink.close()
    expect(await registry.getSingleMetricAsString('gatewatch_collector_spool_bytes')).toMatch(/ 0$/)
  })

  it('a restarted sink sends what the spool kept from a receiver that went away', async () => {
    server = await startIngestServer(TOKEN)
    const url = server.url
    await server.close()
    server = undefined
    const first = spooled(url, new Registry())
    for (let b = 0; b < 4; b++) await first.send([ev(b)])
    await first.close()

    // The receiver comes back on the same port; a new sink (a restarted collector) drains the spool.
    const port = Number(new URL(url).port)
    server = await startIngestServer(TOKEN, () => 'ok', port)
    const second = spooled(url, new Registry())
    await until(() => server!.events.length >= 4, 10_000, 'the batches spooled by the first run')
    expect(server.events.map((e) => e.path)).toEqual([
      '/v1/orders/0',
      '/v1/orders/1',
      '/v1/orders/2',
      '/v1/orders/3',
    ])
    await second.close()
  })

  it('with the spool full, send blocks with one clear error, then everything arrives once the receiver is back', async () => {
    let behave: (n: number) => Behaviour = () => ({ status: 503 })
    server = await startIngestServer(TOKEN, (n) => behave(n))
    const lines: string[] = []
    const registry = new Registry()
    const ctx: SinkContext = { log: createLogger('info', (l) => lines.push(l)), ingestToken: TOKEN, registry }
    const inner = createHttpSink({ url: server.url, maxRetries: 0, requestTimeoutMs: 1000 }, ctx)
    const sink = createSpooledSink(inner, { ...spoolConfig, dir, max_bytes: 65_536 }, ctx, {
      backoff: { baseMs: 20, capMs: 100 },
    })
    const big = (b: number) => Array.from({ length: 40 }, (_, i) => ev(b * 40 + i))
    let sent = 0
    const sending = (async () => {
      for (let b = 0; b < 20; b++) {
        await sink.send(big(b))
        sent++
      }
    })()
    await until(() => lines.some((l) => l.includes('disk spool full')), 10_000, 'the spool to fill')
    await new Promise((r) => setTimeout(r, 300))
    expect(sent).toBeLessThan(20) // blocked: reading would be paused
    expect(lines.filter((l) => l.includes('disk spool full'))).toHaveLength(1)
    expect(await registry.getSingleMetricAsString('gatewatch_collector_spool_full')).toMatch(/ 1$/)
    behave = () => 'ok'
    await sending
    await until(() => new Set(server!.events.map((e) => e.event_id)).size >= 800, 20_000, 'every event')
    // The oldest batch was kept and leads: the first stored event is the very first one sent.
    expect(server.events[0]!.event_id).toBe(ev(0).event_id)
    expect(new Set(server.events.map((e) => e.event_id)).size).toBe(800)
    await sink.close()
  })
})
