// The whole pipeline as deployed past one machine: simulated nginx JSON log → collector bin (--once) →
// a real Kafka broker (4 partitions) → analyzer bin (embedded ClickHouse) → GET /api/v1/health.
// Every event is stored exactly once, also when the analyzer is SIGKILLed mid-stream and restarted.
import { type ChildProcess, spawn } from 'node:child_process'
import { createWriteStream } from 'node:fs'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { createTopic, type KafkaBroker, startKafka } from '@gatewatch/infra'
import { ACCESS_TOPIC, type Health } from '@gatewatch/schema'
import { generateLines } from '@gatewatch/simulator'
import { Kafka, logLevel } from 'kafkajs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

const EVENTS = 100_000
const ROOT = fileURLToPath(new URL('../../', import.meta.url))
const COLLECTOR_BIN = join(ROOT, 'collector/bin/gatewatch-collector.js')
const ANALYZER_BIN = join(ROOT, 'analyzer/bin/gatewatch-analyzer.js')

// Test-only secrets, generated per run so no fixed credential lives in the repository.
const secrets = {
  GATEWATCH_HMAC_KEY: `e2e-hmac-${process.pid}-${Date.now()}-0123456789abcdef`,
  GATEWATCH_ADMIN_TOKEN: `e2e-admin-${process.pid}-${Date.now()}`,
  GATEWATCH_INGEST_TOKEN: `e2e-ingest-${process.pid}-${Date.now()}`,
}

let broker: KafkaBroker
let workDir: string
const children = new Set<ChildProcess>()

/** A child process with its output kept (the last 64 KiB) for failure messages. */
interface Running {
  child: ChildProcess
  output: () => string
  exited: Promise<number | null>
}

function run(bin: string, args: string[]): Running {
  const child = spawn(process.execPath, [bin, ...args], {
    cwd: ROOT,
    env: { ...process.env, ...secrets, KAFKAJS_NO_PARTITIONER_WARNING: '1' },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  children.add(child)
  let output = ''
  const keep = (chunk: Buffer) => {
    output = (output + chunk.toString()).slice(-65_536)
  }
  child.stdout?.on('data', keep)
  child.stderr?.on('data', keep)
  const exited = new Promise<number | null>((resolve) => {
    child.once('exit', (code) => {
      children.delete(child)
      resolve(code)
    })
  })
  return { child, output: () => output, exited }
}

/** Starts the analyzer on a free port and resolves with its URL from the `listening` line on stdout. */
async function startAnalyzer(dataDir: string, groupId: string): Promise<Running & { url: string }> {
  const analyzer = run(ANALYZER_BIN, [
    '--kafka',
    broker.brokers,
    '--group-id',
    groupId,
    '--data-dir',
    dataDir,
    '--port',
    '0',
    '--log-level',
    'warn',
  ])
  const url = await new Promise<string>((resolve, reject) => {
    let stdout = ''
    const timer = setTimeout(
      () => reject(new Error(`the analyzer printed no listening line in 120 s:\n${analyzer.output()}`)),
      120_000,
    )
    analyzer.child.stdout?.on('data', (chunk: Buffer) => {
      stdout += chunk.toString()
      for (const line of stdout.split('\n')) {
        if (!line.startsWith('{')) continue
        try {
          const ready = JSON.parse(line) as { msg?: string; url?: string }
          if (ready.msg === 'listening' && ready.url !== undefined) {
            clearTimeout(timer)
            resolve(ready.url)
          }
        } catch {
          // A partial line; the rest comes with the next chunk.
        }
      }
    })
    void analyzer.exited.then((code) => {
      clearTimeout(timer)
      reject(new Error(`the analyzer exited with code ${code} before listening:\n${analyzer.output()}`))
    })
  })
  return { ...analyzer, url }
}

async function eventsStored(url: string): Promise<number> {
  const response = await fetch(`${url}/api/v1/health`)
  expect(response.status).toBe(200)
  return ((await response.json()) as Health).events_stored
}

/** Polls the stored count until it reaches `target`, failing with the last count at the deadline. */
async function waitForStored(analyzer: Running & { url: string }, target: number, timeoutMs: number) {
  const deadline = Date.now() + timeoutMs
  let stored = -1
  while (Date.now() < deadline) {
    stored = await eventsStored(analyzer.url)
    if (stored >= target) return stored
    await new Promise((resolve) => setTimeout(resolve, 250))
  }
  throw new Error(
    `${stored} of ${target} events stored after ${timeoutMs} ms:\n${analyzer.output().slice(-4000)}`,
  )
}

/** Stored count after a quiet period, so a late duplicate would show. */
async function settledCount(url: string): Promise<number> {
  await new Promise((resolve) => setTimeout(resolve, 3000))
  return eventsStored(url)
}

async function stopGracefully(running: Running): Promise<void> {
  running.child.kill('SIGTERM')
  const code = await Promise.race([
    running.exited,
    new Promise((r) => setTimeout(() => r('timeout'), 30_000)),
  ])
  if (code === 'timeout') running.child.kill('SIGKILL')
  await running.exited
}

beforeAll(async () => {
  workDir = await mkdtemp(join(tmpdir(), 'gatewatch-e2e-pipeline-'))
  const logFile = join(workDir, 'access.log')
  const out = createWriteStream(logFile)
  for (const line of generateLines({
    seed: 'e2e-pipeline',
    count: EVENTS,
    startMs: Date.parse('2026-03-02T00:00:00Z'),
    endMs: Date.parse('2026-03-03T00:00:00Z'),
    format: 'nginx-json',
  })) {
    if (!out.write(`${line}\n`)) await new Promise<void>((resolve) => out.once('drain', () => resolve()))
  }
  await new Promise<void>((resolve, reject) =>
    out.end((error?: Error | null) => (error ? reject(error) : resolve())),
  )

  broker = await startKafka({ numPartitions: 4 })
  await createTopic(broker.brokers, ACCESS_TOPIC, 4)

  // The collector ships the whole file and exits once Kafka acknowledged every batch.
  const collector = run(COLLECTOR_BIN, [
    '--input',
    logFile,
    '--format',
    'nginx-json',
    '--sink',
    `kafka://${broker.brokers}`,
    '--once',
    '--state-dir',
    join(workDir, 'collector'),
    '--collector-id',
    'e2e-collector',
    '--service',
    'shop',
  ])
  const code = await Promise.race([
    collector.exited,
    new Promise((r) => setTimeout(() => r('timeout'), 240_000)),
  ])
  if (code !== 0) {
    collector.child.kill('SIGKILL')
    throw new Error(`the collector did not finish (exit ${code}):\n${collector.output().slice(-4000)}`)
  }
  const summary = collector
    .output()
    .split('\n')
    .map((line) =>
      line.startsWith('{"msg":"summary"') ? (JSON.parse(line) as { shipped: number }) : undefined,
    )
    .find((line) => line !== undefined)
  expect(summary?.shipped).toBe(EVENTS)
})

afterAll(async () => {
  for (const child of children) child.kill('SIGKILL')
  await broker?.stop()
  if (workDir !== undefined) await rm(workDir, { recursive: true, force: true })
})

describe('collector → Kafka → analyzer', () => {
  it('puts every line of the log on the topic, keyed over all 4 partitions', async () => {
    const admin = new Kafka({
      clientId: 'e2e',
      brokers: [broker.brokers],
      logLevel: logLevel.NOTHING,
    }).admin()
    await admin.connect()
    const offsets = await admin.fetchTopicOffsets(ACCESS_TOPIC)
    await admin.disconnect()
    expect(offsets).toHaveLength(4)
    expect(offsets.reduce((sum, p) => sum + Number(p.high), 0)).toBe(EVENTS)
    for (const partition of offsets) expect(Number(partition.high)).toBeGreaterThan(0)
  })

  it('stores exactly 100,000 events', async () => {
    const analyzer = await startAnalyzer(join(workDir, 'analyzer-a'), 'e2e-analyzer-a')
    try {
      expect(await waitForStored(analyzer, EVENTS, 300_000)).toBe(EVENTS)
      expect(await settledCount(analyzer.url)).toBe(EVENTS)
    } finally {
      await stopGracefully(analyzer)
    }
  })

  it('stores exactly 100,000 events when the analyzer is SIGKILLed mid-stream and restarted', async () => {
    const dataDir = join(workDir, 'analyzer-b')
    const first = await startAnalyzer(dataDir, 'e2e-analyzer-b')
    // Kill as soon as some, but not all, events are stored.
    const deadline = Date.now() + 300_000
    let before = 0
    while (before === 0 && Date.now() < deadline) {
      before = await eventsStored(first.url)
      if (before === 0) await new Promise((resolve) => setTimeout(resolve, 50))
    }
    first.child.kill('SIGKILL')
    await first.exited
    expect(before).toBeGreaterThan(0)
    expect(before).toBeLessThan(EVENTS)

    const second = await startAnalyzer(dataDir, 'e2e-analyzer-b')
    try {
      expect(await eventsStored(second.url)).toBeGreaterThanOrEqual(before)
      expect(await waitForStored(second, EVENTS, 300_000)).toBe(EVENTS)
      expect(await settledCount(second.url)).toBe(EVENTS)
    } finally {
      await stopGracefully(second)
    }
  })
})
