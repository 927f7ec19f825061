// The pipeline with several inputs and real files: per-source batches and checkpoints, files
// rotated while the collector was down, out-of-order events, parser skips, metrics and health.
import {
  appendFileSync,
  copyFileSync,
  mkdtempSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  truncateSync,
  writeFileSync,
} from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { getParser } from './parsers/registry.js'
import type { Parser } from './parsers/types.js'
import { HTTP_INPUT_TOKEN, startCollector, waitFor } from './testing/collector.js'
import { generateLines } from './testing/generate.js'
import { type Behaviour, type IngestServer, startIngestServer } from './testing/ingest-server.js'

const SINK_TOKEN = 'pipeline-inputs-sink-token'
const ENV = { GATEWATCH_INGEST_TOKEN: SINK_TOKEN }
let dir: string
let server: IngestServer | undefined
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'gw-pipeline-inputs-'))
})
afterEach(async () => {
  await server?.close()
  server = undefined
  rmSync(dir, { recursive: true, force: true })
})

const json = (from: number, n: number) =>
  generateLines(from + n)
    .slice(from)
    .map((l) => `${l.json}\n`)
    .join('')

function yaml(inputs: string, sink = '', extra = '') {
  return `collector_id: edge-1
state_dir: ${join(dir, 'state')}
metrics: { listen: 127.0.0.1:0${extra} }
sink: { url: ${server!.url}, batch_max_wait_ms: 20, max_retries: 0${sink} }
inputs:
${inputs}`
}

const fileInput = (name: string, paths: string[], format = 'nginx-json') => `  - type: file
    name: ${name}
    format: ${format}
    paths: [${paths.join(', ')}]
    poll_interval_ms: 10
    glob_interval_ms: 10
    rotate_wait_ms: 50
`

function checkpoints(): Record<string, { path: string; offset: number }> {
  return JSON.parse(readFileSync(join(dir, 'state/checkpoints.json'), 'utf8')).sources
}

const ids = () => server!.events.map((e) => e.event_id)
const once = async (inputs: string) =>
  (await startCollector(yaml(inputs).replace('collector_id', 'once: true\ncollector_id'), ENV)).running

describe('pipeline with several inputs', () => {
  it('runs two file inputs and an HTTP input at once; every batch names one source; one checkpoint per file', async () => {
    server = await startIngestServer(SINK_TOKEN)
    const a = join(dir, 'a.log')
    const b = join(dir, 'b.log')
    writeFileSync(a, json(0, 500))
    writeFileSync(b, json(500, 300))
    const c = await startCollector(
      yaml(
        `${fileInput('a', [a])}${fileInput('b', [b])}  - type: http
    name: push
    format: nginx-json
    listen: 127.0.0.1:0
`,
        ', batch_max_events: 100',
      ),
      ENV,
    )
    const res = await fetch(`http://${c.http().address()}/`, {
      method: 'POST',
      headers: { authorization: `Bearer ${HTTP_INPUT_TOKEN}` },
      body: json(800, 50),
    })
    expect(res.status).toBe(200)
    await waitFor(() => server!.events.length === 850, 'all 850 events')
    const metrics = await c.stop()
    expect(metrics).toMatchObject({ lines_read: 850, parsed: 850, shipped: 850 })
    expect(new Set(ids()).size).toBe(850)
    // A batch holds events of one source: one file's request ids, or the pushed ones.
    const sourceOf = (requestId: string) => {
      const n = Number.parseInt(requestId, 16) - 1
      return n < 500 ? 'a' : n < 800 ? 'b' : 'push'
    }
    for (const body of server!.bodies) {
      const sources = new Set(
        body
          .trim()
          .split('\n')
          .map((l) => sourceOf(JSON.parse(l).request_id)),
      )
      expect(sources.size).toBe(1)
    }
    const cp = Object.values(checkpoints())
    expect(cp.map((s) => [s.path, s.offset]).sort()).toEqual(
      [
        [a, statSync(a).size],
        [b, statSync(b).size],
      ].sort(),
    )
  })

  it('a file rotated by rename while the collector was down is read from its checkpoint: every line once', async () => {
    server = await startIngestServer(SINK_TOKEN)
    const log = join(dir, 'access.log')
    writeFileSync(log, json(0, 100))
    const input = fileInput('nginx', [`${log}*`])
    await once(input)
    expect(server.events).toHaveLength(100)
    // While down: 50 more lines, then logrotate renames and a new file begins.
    appendFileSync(log, json(100, 50))
    renameSync(log, `${log}.1`)
    writeFileSync(log, json(150, 30))
    writeFileSync(`${log}.2.gz`, 'compressed rotations are never read\n')
    const second = await once(input)
    expect(second).toMatchObject({ lines_read: 80, shipped: 80, rejected: {} })
    expect(ids()).toHaveLength(180)
    expect(new Set(ids()).size).toBe(180)
    // The rotated file's checkpoint moved under its new name.
    expect(Object.values(checkpoints())).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ path: `${log}.1`, offset: statSync(`${log}.1`).size }),
        expect.objectContaining({ path: log, offset: statSync(log).size }),
      ]),
    )
  })

  it('a file copytruncated while the collector was down: the copy from the checkpoint, the file again from 0', async () => {
    server = await startIngestServer(SINK_TOKEN)
    const log = join(dir, 'access.log')
    writeFileSync(log, json(0, 100))
    const input = fileInput('nginx', [log, `${log}.1`])
    await once(input)
    appendFileSync(log, json(100, 40))
    copyFileSync(log, `${log}.1`)
    truncateSync(log, 0)
    appendFileSync(log, json(140, 10))
    expect(await once(input)).toMatchObject({ shipped: 50 })
    expect(new Set(ids()).size).toBe(150)
    expect(ids()).toHaveLength(150)
  })

  it('counts events whose time goes back beyond the tolerance as out_of_order, and still ships them', async () => {
    server = await startIngestServer(SINK_TOKEN)
    const log = join(dir, 'access.log')
    // 10 ms apart; then a line 1 s older than the newest (within a 5 s tolerance), then 60 s older (beyond).
    const lines = generateLines(10).map((l) => JSON.parse(l.json) as Record<string, string>)
    const at = (s: string) =>
      new Date(Date.parse('2023-11-14T22:13:20Z') + Number(s) * 1000).toISOString().replace('.000Z', '+00:00')
    const late = { ...lines[1]!, time_iso8601: at('-1'), request_id: 'late-1s' }
    const veryLate = { ...lines[2]!, time_iso8601: at('-60'), request_id: 'late-60s' }
    writeFileSync(log, [...lines, late, veryLate].map((l) => `${JSON.stringify(l)}\n`).join(''))
    const m = await once(
      fileInput('nginx', [log]).replace(
        'rotate_wait_ms: 50',
        'rotate_wait_ms: 50\n    out_of_order_tolerance_ms: 5000',
      ),
    )
    expect(m).toMatchObject({ shipped: 12, out_of_order: 1 })
    expect(server.events.map((e) => e.request_id)).toContain('late-60s')
  })

  it("treats a parser's skip as skipped, not rejected, and moves the checkpoint past it", async () => {
    server = await startIngestServer(SINK_TOKEN)
    const log = join(dir, 'access.log')
    writeFileSync(log, `#Version: 1.0\n${json(0, 5)}# comment\n`)
    // The formats helper's parsers answer { ok: 'skip' } for directives; this one does for '#' lines.
    const base = getParser('nginx-json')
    const skipping = {
      format: 'nginx-json',
      parse: (line: string) => (line.startsWith('#') ? { ok: 'skip' } : base.parse(line)),
    } as unknown as Parser
    const c = await startCollector(
      yaml(fileInput('nginx', [log])).replace('collector_id', 'once: true\ncollector_id'),
      ENV,
      { createParser: () => skipping },
    )
    expect(await c.running).toMatchObject({ lines_read: 7, parsed: 5, skipped: 2, rejected: {}, shipped: 5 })
    expect(Object.values(checkpoints())[0]!.offset).toBe(statSync(log).size)
  })

  it('serves /metrics (lines, rejections, checkpoint lag per file) and /healthz, which turns 503 when the sink stalls', async () => {
    let behaviour: Behaviour = 'ok'
    server = await startIngestServer(SINK_TOKEN, () => behaviour)
    const log = join(dir, 'access.log')
    writeFileSync(log, `${json(0, 20)}not json\n`)
    const c = await startCollector(yaml(fileInput('nginx', [log]), '', ', stalled_after_ms: 1000'), ENV)
    const base = `http://${c.collector.metricsAddress}`
    await waitFor(() => server!.events.length === 20, 'the 20 events')
    await waitFor(() => Object.keys(checkpoints()).length === 1, 'the checkpoint')
    const health = await fetch(`${base}/healthz`)
    expect([health.status, await health.json()]).toEqual([200, { status: 'ok' }])
    const text = await (await fetch(`${base}/metrics`)).text()
    expect(text).toContain('gatewatch_collector_lines_read_total{input="nginx"} 21')
    expect(text).toContain('gatewatch_collector_lines_rejected_total{input="nginx",reason="unknown_shape"} 1')
    expect(text).toContain('gatewatch_collector_events_shipped_total{input="nginx"} 20')
    expect(text).toContain(`gatewatch_collector_checkpoint_lag_bytes{input="nginx",path="${log}"} 0`)
    expect(text).toContain('gatewatch_collector_batches_in_flight 0')

    behaviour = 'hold'
    appendFileSync(log, json(20, 5))
    await waitFor(() => server!.requests >= 2, 'the held batch')
    const lagging = await (await fetch(`${base}/metrics`)).text()
    expect(lagging).toMatch(/gatewatch_collector_checkpoint_lag_bytes\{input="nginx",path="[^"]+"\} [1-9]/)
    expect(lagging).toContain('gatewatch_collector_batches_in_flight 1')
    await new Promise((r) => setTimeout(r, 1100))
    const stalled = await fetch(`${base}/healthz`)
    expect(stalled.status).toBe(503)
    expect(((await stalled.json()) as { reason: string }).reason).toMatch(
      /sink has not acknowledged a batch for \d+ s/,
    )
    behaviour = 'ok'
    server.release()
    await waitFor(() => c.collector.health().ok, 'health again')
    await c.stop()
  })
})
