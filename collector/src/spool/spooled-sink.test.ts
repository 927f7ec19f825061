// The spool in front of the real HTTP sink and a real HTTP receiver that goes away and comes back:
// sends keep resolving (durably spooled) while it is down, everything arrives in order once it is
// back, and a collector restarted with a non-empty spool sends it first.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Registry } from 'prom-client'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { silentLogger } from '../log.js'
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
})
