import { appendFileSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Writable } from 'node:stream'
import { sharedDataPath } from '@gatewatch/infra'
import { type AccessEvent, validateAccessEvent } from '@gatewatch/schema'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { type CollectorConfig, type ConfigFlags, loadConfig } from './config.js'
import { createLogger, silentLogger } from './log.js'
import { createCollector, runCollector } from './pipeline.js'
import { corpusLines, SECRETS } from './redact/secret-corpus.js'
import { generateLines } from './testing/generate.js'
import { type Behaviour, type IngestServer, startIngestServer } from './testing/ingest-server.js'

const SHOP = sharedDataPath('lnav-format-samples', 'logfile_shop_access_log.0')
const TOKEN = 'pipeline-test-token'
const ENV = { GATEWATCH_HMAC_KEY: 'pipeline-test-hmac-key-0123456789', GATEWATCH_INGEST_TOKEN: TOKEN }

let dir: string
let server: IngestServer | undefined
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'gw-pipeline-'))
})
afterEach(async () => {
  await server?.close()
  server = undefined
  rmSync(dir, { recursive: true, force: true })
})

function config(
  flags: ConfigFlags,
  sink: Partial<NonNullable<CollectorConfig['sink']>> = {},
): CollectorConfig {
  const c = loadConfig({ env: ENV, flags: { stateDir: join(dir, 'state'), collectorId: 'edge-1', ...flags } })
  if (c.sink) Object.assign(c.sink, { max_retries: 0, ...sink })
  // These tests are about the pipeline's own acknowledgement order; the spool has its own tests.
  c.spool.enable = false
  for (const input of c.inputs) if (input.type === 'file') input.poll_interval_ms = 20
  c.metrics.listen = '127.0.0.1:0'
  return c
}

function checkpoint(): { version: number; sources: Record<string, { offset: number; path: string }> } {
  return JSON.parse(readFileSync(join(dir, 'state/checkpoints.json'), 'utf8'))
}

function writeJsonLog(count: number): string {
  const file = join(dir, 'access.log')
  writeFileSync(
    file,
    `${generateLines(count)
      .map((l) => l.json)
      .join('\n')}\n`,
  )
  return file
}

/** The event_ids a clean run produces: what every other run must converge to. */
async function referenceIds(file: string, format: string): Promise<string[]> {
  const chunks: string[] = []
  const out = new Writable({
    write(chunk, _enc, cb) {
      chunks.push(String(chunk))
      cb()
    },
  })
  await runCollector(config({ input: file, format, dryRun: true }), { log: silentLogger, out })
  return chunks
    .join('')
    .split('\n')
    .filter(Boolean)
    .map((l) => (JSON.parse(l) as AccessEvent).event_id)
}

describe('pipeline', () => {
  it('ships a real nginx log once: a second --once run ships nothing', async () => {
    server = await startIngestServer(TOKEN)
    const c = config(
      { input: SHOP, format: 'nginx-combined', sink: server.url, once: true },
      { batch_max_events: 300 },
    )
    const first = await runCollector(c, { log: silentLogger })
    expect(first).toEqual({
      lines_read: 1000,
      parsed: 1000,
      rejected: {},
      shipped: 1000,
      batches: 4,
      skipped: 0,
      out_of_order: 0,
    })
    expect(server.requests).toBe(4)
    expect(new Set(server.events.map((e) => e.event_id)).size).toBe(1000)
    for (const e of server.events.slice(0, 50)) expect(validateAccessEvent(e).ok).toBe(true)
    const cp = checkpoint()
    expect(cp.version).toBe(1)
    expect(Object.values(cp.sources)).toEqual([
      expect.objectContaining({ path: SHOP, offset: statSync(SHOP).size }),
    ])

    const second = await runCollector(c, { log: silentLogger })
    expect(second).toEqual({
      lines_read: 0,
      parsed: 0,
      rejected: {},
      shipped: 0,
      batches: 0,
      skipped: 0,
      out_of_order: 0,
    })
    expect(server.requests).toBe(4)
  })

  it('after a failure mid-file, a rerun resends only unacknowledged batches, with the same event_ids', async () => {
    const file = writeJsonLog(1000)
    const expected = await referenceIds(file, 'nginx-json')
    // Batch 3 is stored but its acknowledgement is lost; everything after fails: the run dies there.
    let behaviour: (n: number) => Behaviour = (n) =>
      n < 2 ? 'ok' : n === 2 ? 'drop-after-store' : { status: 503 }
    server = await startIngestServer(TOKEN, (n) => behaviour(n))
    const c = config(
      { input: file, format: 'nginx-json', sink: server.url, once: true },
      { batch_max_events: 100, max_in_flight: 2 },
    )
    await expect(runCollector(c, { log: silentLogger })).rejects.toThrow()
    const firstRun = server.events.map((e) => e.event_id)
    expect(firstRun.length).toBe(300)

    behaviour = () => 'ok'
    await runCollector(c, { log: silentLogger })
    const all = server.events.map((e) => e.event_id)
    expect(new Set(all)).toEqual(new Set(expected))
    // Duplicates are exactly the unacknowledged batch, and carry the same ids as before.
    expect(all.length - expected.length).toBe(100)
    expect(all.slice(300, 400)).toEqual(firstRun.slice(200, 300))
  })

  it('bounds the batches in flight: a slow sink slows reading', async () => {
    const file = writeJsonLog(1000)
    server = await startIngestServer(TOKEN, (n) => (n === 0 ? 'hold' : 'ok'))
    const collector = createCollector(
      config(
        { input: file, format: 'nginx-json', sink: server.url, once: true },
        { batch_max_events: 10, max_in_flight: 1 },
      ),
      { log: silentLogger },
    )
    const running = collector.run()
    await new Promise((r) => setTimeout(r, 300))
    expect(server.requests).toBe(1)
    expect(collector.metrics.lines_read).toBeLessThanOrEqual(20)
    server.release()
    expect((await running).shipped).toBe(1000)
  })

  it('follows a file, sends a partial batch after batch_max_wait_ms, and checkpoints on stop', async () => {
    const file = join(dir, 'live.log')
    const lines = generateLines(5).map((l) => l.json)
    writeFileSync(file, `${lines.slice(0, 3).join('\n')}\n`)
    server = await startIngestServer(TOKEN)
    const collector = createCollector(
      config(
        { input: file, format: 'nginx-json', sink: server.url },
        { batch_max_events: 1000, batch_max_wait_ms: 50 },
      ),
      { log: silentLogger },
    )
    const running = collector.run()
    const until = async (n: number) => {
      for (let i = 0; i < 200 && server!.events.length < n; i++) await new Promise((r) => setTimeout(r, 10))
    }
    await until(3)
    expect(server.events).toHaveLength(3)
    appendFileSync(file, `${lines.slice(3).join('\n')}\n`)
    await until(5)
    collector.stop()
    expect(await running).toMatchObject({ lines_read: 5, shipped: 5 })
    expect(Object.values(checkpoint().sources)[0]!.offset).toBe(statSync(file).size)
  })

  it('dead-letters rejected lines with reasons, keeps going, and leaks no secret anywhere', async () => {
    const file = join(dir, 'corpus.log')
    const lines = corpusLines()
    writeFileSync(file, `${lines.join('\n')}\n${'x'.repeat(70_000)}${SECRETS[0]}\n`)
    server = await startIngestServer(TOKEN)
    const logs: string[] = []
    const log = createLogger('debug', (l) => logs.push(l))
    const metrics = await runCollector(
      config({ input: file, format: 'nginx-json', sink: server.url, once: true }),
      { log },
    )
    expect(metrics).toEqual({
      lines_read: lines.length + 1,
      parsed: 11,
      rejected: { malformed: 2, unknown_shape: 1, binary: 1, too_long: 1 },
      shipped: 11,
      batches: 1,
      skipped: 0,
      out_of_order: 0,
    })
    const deadLetters = readFileSync(join(dir, 'state/dead-letter.ndjson'), 'utf8').trim().split('\n')
    expect(deadLetters.map((l) => JSON.parse(l).reason).sort()).toEqual([
      'binary',
      'malformed',
      'malformed',
      'too_long',
      'unknown_shape',
    ])
    expect(JSON.parse(deadLetters[0]!)).toMatchObject({
      source: file,
      detail: expect.any(String),
      sample: expect.any(String),
    })
    const everything = [...server.bodies, ...deadLetters, ...logs].join('\n')
    for (const secret of SECRETS) expect(everything).not.toContain(secret)
    expect(Object.values(checkpoint().sources)[0]!.offset).toBe(statSync(file).size)
  })

  it('a dry run prints valid events and writes no state', async () => {
    const chunks: string[] = []
    const out = new Writable({
      write(chunk, _enc, cb) {
        chunks.push(String(chunk))
        cb()
      },
    })
    const m = await runCollector(config({ input: SHOP, format: 'nginx-combined', dryRun: true }), {
      log: silentLogger,
      out,
    })
    const events = chunks.join('').trim().split('\n')
    expect(events).toHaveLength(m.shipped)
    expect(validateAccessEvent(JSON.parse(events[0]!)).ok).toBe(true)
    expect(() => statSync(join(dir, 'state'))).toThrow()
  })
})
