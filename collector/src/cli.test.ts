// The real bin, as an operator runs it: config checks, a graceful SIGTERM, and a SIGKILL followed
// by a rerun that converges to the same events.
import { type ChildProcess, spawn } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { generateLines } from './testing/generate.js'
import { type IngestServer, startIngestServer } from './testing/ingest-server.js'

const BIN = join(import.meta.dirname, '../bin/gatewatch-collector.js')
const TOKEN = 'cli-test-token'
const ENV = {
  ...process.env,
  GATEWATCH_HMAC_KEY: 'cli-test-hmac-key-0123456789',
  GATEWATCH_INGEST_TOKEN: TOKEN,
  GATEWATCH_HTTP_INPUT_TOKEN: 'cli-test-http-input-token-0123',
  // Never the default port: tests run in parallel.
  GATEWATCH_METRICS_LISTEN: '127.0.0.1:0',
}

let dir: string
let server: IngestServer | undefined
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'gw-cli-'))
})
afterEach(async () => {
  await server?.close()
  server = undefined
  rmSync(dir, { recursive: true, force: true })
})

function run(args: string[], env: NodeJS.ProcessEnv = ENV) {
  const child = spawn(process.execPath, [BIN, ...args], { env, stdio: ['ignore', 'pipe', 'pipe'] })
  let stdout = ''
  let stderr = ''
  child.stdout.on('data', (c) => {
    stdout += c
  })
  child.stderr.on('data', (c) => {
    stderr += c
  })
  const exited = new Promise<{ code: number | null; signal: string | null; stdout: string; stderr: string }>(
    (resolve) => child.on('exit', (code, signal) => resolve({ code, signal, stdout, stderr })),
  )
  return { child, exited }
}

/** Polls `check` every 10 ms until it holds; fails when `child` exits first or after `ms`. */
async function until(check: () => boolean, what: string, child?: ChildProcess, ms = 60_000) {
  const deadline = Date.now() + ms
  while (Date.now() < deadline) {
    if (check()) return
    if (child && child.exitCode !== null) throw new Error(`the collector exited before ${what}`)
    await new Promise((r) => setTimeout(r, 10))
  }
  throw new Error(`timed out after ${ms} ms waiting for ${what}`)
}

// Each test starts the real bin (tsx) up to three times: on a loaded 2-core machine a start alone
// can take tens of seconds.
describe('gatewatch-collector CLI', { timeout: 180_000 }, () => {
  it('--check-config prints what would run and exits 0; a bad config exits 2 naming the key', async () => {
    const example = join(import.meta.dirname, '../gatewatch-collector.example.yaml')
    const ok = await run(['--config', example, '--check-config']).exited
    expect(ok.code).toBe(0)
    const printed = JSON.parse(ok.stdout)
    expect(printed).toMatchObject({
      msg: 'configuration is valid',
      collector_id: 'edge-1',
      sink: 'http://127.0.0.1:8080',
      metrics: '127.0.0.1:0',
    })
    expect(printed.inputs.map((i: { type: string; format: string }) => `${i.type}:${i.format}`)).toEqual([
      'file:nginx-json',
      'stdin:nginx-combined',
      'http:kong',
      'syslog:haproxy',
    ])
    for (const secret of [ENV.GATEWATCH_HMAC_KEY, TOKEN, ENV.GATEWATCH_HTTP_INPUT_TOKEN])
      expect(ok.stdout).not.toContain(secret)
    const bad = await run([
      '--input',
      '/a',
      '--format',
      'nginx-yaml',
      '--sink',
      'http://127.0.0.1:1',
      '--check-config',
    ]).exited
    expect(bad.code).toBe(2)
    expect(bad.stderr).toContain('config key inputs[0].format must be one of')
    const cfg = join(dir, 'bad.yaml')
    writeFileSync(
      cfg,
      'sink: { url: http://x:1 }\ninputs:\n  - { type: stdin, format: nginx-json }\n  - { type: syslog, format: nginx-json, tcp: "localhost" }\n',
    )
    const badKey = await run(['--config', cfg, '--check-config']).exited
    expect(badKey.code).toBe(2)
    expect(badKey.stderr).toContain('config key inputs[1].tcp must match pattern')
  })

  it('on SIGTERM flushes the partial batch, waits for acknowledgements, checkpoints and exits 0', async () => {
    const file = join(dir, 'access.log')
    const count = 150
    writeFileSync(
      file,
      generateLines(count)
        .map((l) => `${l.combined}\n`)
        .join(''),
    )
    let holding = true
    server = await startIngestServer(TOKEN, () => (holding ? 'hold' : 'ok'))
    const state = join(dir, 'state')
    // A batch waits a minute to fill: only the stop can send the last 50 events before then.
    const cfg = join(dir, 'c.yaml')
    writeFileSync(
      cfg,
      `sink:\n  url: ${server.url}\n  batch_max_events: 100\n  batch_max_wait_ms: 60000\n  max_in_flight: 2\n`,
    )
    const args = [
      '--config',
      cfg,
      '--input',
      file,
      '--format',
      'nginx-combined',
      '--state-dir',
      state,
      '--collector-id',
      'cli-1',
    ]
    const p = run(args)
    await until(() => server!.requests === 1, 'the first batch', p.child)
    await new Promise((r) => setTimeout(r, 300))
    expect(server.requests).toBe(1)
    p.child.kill('SIGTERM')
    await until(() => server!.requests === 2, 'the flushed partial batch', p.child)
    await new Promise((r) => setTimeout(r, 200))
    // Both batches are unacknowledged: the collector waits for them.
    expect(p.child.exitCode).toBe(null)
    holding = false
    server.release()
    const res = await p.exited
    expect(res.code).toBe(0)
    expect(JSON.parse(res.stdout.trim().split('\n').at(-1)!)).toMatchObject({
      msg: 'summary',
      lines_read: count,
      shipped: count,
    })
    expect(res.stderr).toContain('Stopping: the inputs stop')
    const cp = JSON.parse(readFileSync(join(state, 'checkpoints.json'), 'utf8'))
    expect(Object.values(cp.sources)).toEqual([expect.objectContaining({ offset: statSync(file).size })])
    const ids = server.events.map((e) => e.event_id)
    expect([ids.length, new Set(ids).size]).toEqual([count, count])
    const again = await run([...args, '--once']).exited
    expect(JSON.parse(again.stdout)).toMatchObject({ lines_read: 0, shipped: 0 })
  })

  it('after SIGKILL mid-run, --once again converges: same event_ids, duplicates only from unacknowledged batches', async () => {
    const file = join(dir, 'access.log')
    const count = 20_000
    writeFileSync(
      file,
      `${generateLines(count)
        .map((l) => l.json)
        .join('\n')}\n`,
    )
    // Six batches are acknowledged, then the server holds what comes next unanswered, so the kill
    // lands mid-file however slowly this test is scheduled, with max_in_flight batches sent and
    // never acknowledged.
    let holding = true
    server = await startIngestServer(TOKEN, (n) => (holding && n >= 6 ? 'hold' : 'ok'))
    const state = join(dir, 'state')
    const args = [
      '--input',
      file,
      '--format',
      'nginx-json',
      '--sink',
      server.url,
      '--state-dir',
      state,
      '--collector-id',
      'cli-2',
      '--once',
    ]
    const cfg = join(dir, 'c.yaml')
    writeFileSync(cfg, 'sink:\n  url: http://placeholder:1\n  batch_max_events: 500\n  max_in_flight: 2\n')
    const killed = run(['--config', cfg, ...args])
    await until(() => server!.requests >= 8, 'six acknowledged batches and two in flight', killed.child)
    killed.child.kill('SIGKILL')
    await killed.exited
    // The held batches are stored now, their acknowledgements lost with the process: the rerun
    // sends them again (the duplicates bounded below).
    holding = false
    server.release()
    const firstRun = server.events.length
    expect(firstRun).toBeLessThan(count)

    const rerun = await run(['--config', cfg, ...args]).exited
    expect(rerun.code).toBe(0)
    const ids = server.events.map((e) => e.event_id)
    expect(new Set(ids).size).toBe(count)
    // At most the batches in flight at the kill are sent twice.
    expect(ids.length - count).toBeLessThanOrEqual(2 * 500)
    const again = await run(['--config', cfg, ...args]).exited
    expect(JSON.parse(again.stdout)).toMatchObject({ lines_read: 0, shipped: 0 })
  })
})
