// Failure tests of delivery with real processes: a real Kafka broker (@gatewatch/infra) and the
// gatewatch-collector CLI as a child process tailing a file the test keeps appending to.
//  1. Kafka stopped for 60 s under load, then restarted: every line arrives, once per event_id.
//  2. The collector SIGKILLed mid-stream and restarted: nothing lost, nothing twice by event_id.
// Downstream is checked by consuming the topic. Kafka-level duplicates (a batch resent after a
// lost acknowledgement) are allowed only with the same event_id, and are reported.
import { type ChildProcess, spawn } from 'node:child_process'
import { appendFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createTopic, type KafkaBroker, startKafka } from '@gatewatch/infra'
import { ACCESS_TOPIC, type AccessEvent } from '@gatewatch/schema'
import { type Consumer, Kafka, logLevel } from 'kafkajs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { registerZstdCodec } from './sinks/kafka/codecs.js'
import { generateLines } from './testing/generate.js'

const BIN = join(import.meta.dirname, '../bin/gatewatch-collector.js')
const dir = mkdtempSync(join(tmpdir(), 'gw-delivery-'))
let broker: KafkaBroker
let consumer: Consumer
/** event_id → times seen, per collector id. */
const seen = new Map<string, Map<string, number>>()
const requestIds = new Map<string, Set<string>>()
const children = new Set<ChildProcess>()

function startCollector(name: string, file: string): { child: ChildProcess; stderr: string[] } {
  const config = join(dir, `${name}.yaml`)
  writeFileSync(
    config,
    [
      `collector_id: ${name}`,
      `inputs: [{ type: file, paths: [${file}], format: nginx-json, poll_interval_ms: 50 }]`,
      'metrics: { listen: "127.0.0.1:0" }',
      `sink: { url: "kafka://${broker.brokers}", batch_max_events: 500, batch_max_wait_ms: 200, max_retries: 2, retry_backoff_ms: 100, retry_backoff_max_ms: 2000, request_timeout_ms: 5000 }`,
      'spool: { max_bytes: 268435456, spill_after_ms: 2000 }',
      `state_dir: ${join(dir, `${name}-state`)}`,
      '',
    ].join('\n'),
  )
  const child = spawn(process.execPath, [BIN, '--config', config], {
    env: { ...process.env, GATEWATCH_HMAC_KEY: 'delivery-test-hmac-key-0123456789' },
    stdio: ['ignore', 'ignore', 'pipe'],
  })
  const stderr: string[] = []
  child.stderr!.on('data', (c: Buffer) => stderr.push(c.toString()))
  children.add(child)
  child.once('exit', () => children.delete(child))
  return { child, stderr }
}

async function stopCollector(child: ChildProcess, signal: NodeJS.Signals): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return
  const exited = new Promise((r) => child.once('exit', r))
  child.kill(signal)
  await exited
}

async function until(what: () => string, check: () => boolean, ms: number): Promise<void> {
  const deadline = Date.now() + ms
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out after ${ms} ms: ${what()}`)
    await new Promise((r) => setTimeout(r, 200))
  }
}

const distinct = (collector: string) => seen.get(collector)?.size ?? 0
const duplicates = (collector: string) =>
  [...(seen.get(collector)?.values() ?? [])].reduce((n, c) => n + c - 1, 0)

beforeAll(async () => {
  registerZstdCodec()
  broker = await startKafka({ numPartitions: 4 })
  await createTopic(broker.brokers, ACCESS_TOPIC, 4)
  const kafka = new Kafka({
    clientId: 'delivery-check',
    brokers: [broker.brokers],
    logLevel: logLevel.NOTHING,
  })
  consumer = kafka.consumer({ groupId: 'delivery-check' })
  await consumer.connect()
  await consumer.subscribe({ topic: ACCESS_TOPIC, fromBeginning: true })
  await consumer.run({
    eachMessage: async ({ message }) => {
      const e = JSON.parse(message.value!.toString()) as AccessEvent
      if (!seen.has(e.collector)) seen.set(e.collector, new Map())
      if (!requestIds.has(e.collector)) requestIds.set(e.collector, new Set())
      const ids = seen.get(e.collector)!
      ids.set(e.event_id, (ids.get(e.event_id) ?? 0) + 1)
      requestIds.get(e.collector)!.add(e.request_id!)
    },
  })
}, 180_000)

afterAll(async () => {
  for (const child of children) child.kill('SIGKILL')
  await consumer?.disconnect().catch(() => undefined)
  await broker?.stop()
  rmSync(dir, { recursive: true, force: true })
  // A broker's graceful stop takes seconds, many more on a loaded machine.
}, 120_000)

describe('delivery under failure', () => {
  it('Kafka stopped for 60 s under load, then restarted: every line arrives, once per event_id', async () => {
    const lines = generateLines(60_000).map((l) => l.json)
    const file = join(dir, 'outage.log')
    writeFileSync(file, '')
    const startedAt = Date.now()
    let firstAfter = 0
    const { child, stderr } = startCollector('outage', file)
    // ~800 lines/s for ~75 s: from the start until the first events arrive, 60 s of outage, the
    // rest after.
    let written = 0
    const writer = setInterval(() => {
      const next = lines.slice(written, written + 80)
      if (next.length === 0) return
      appendFileSync(file, `${next.join('\n')}\n`)
      written += next.length
    }, 100)
    try {
      // Delivery works before the outage (the collector's start and first connection take
      // seconds, many more on a loaded machine).
      await until(
        () => `no event arrived before the outage; ${written} lines written; stderr: ${stderr.join('')}`,
        () => distinct('outage') > 0,
        120_000,
      )
      firstAfter = Date.now() - startedAt
      await broker.stop()
      const stoppedAt = Date.now()
      // The outage lasts 60 s; the collector must have said it spools to disk before Kafka returns.
      await new Promise((r) => setTimeout(r, 60_000))
      await until(
        () => `the collector did not log that it spools, ${Date.now() - stoppedAt} ms into the outage`,
        () => stderr.join('').includes('batches go to the disk spool'),
        60_000,
      )
      await broker.restart()
      await until(
        () => `${written} of ${lines.length} lines written`,
        () => written >= lines.length,
        180_000,
      )
      await until(
        () => `${distinct('outage')} of ${lines.length} event_ids arrived`,
        () => distinct('outage') >= lines.length,
        180_000,
      )
    } finally {
      clearInterval(writer)
      await stopCollector(child, 'SIGTERM')
    }
    expect(distinct('outage')).toBe(lines.length)
    expect(requestIds.get('outage')!.size).toBe(lines.length)
    console.log(
      `kafka outage: first events ${firstAfter} ms after the start, ${lines.length} lines, ${distinct('outage')} distinct event_ids, ${duplicates('outage')} Kafka-level duplicates (same event_id)`,
    )
  }, 660_000)

  it('the collector SIGKILLed mid-stream and restarted: nothing lost, nothing twice by event_id', async () => {
    const lines = generateLines(40_000).map((l) => l.json)
    const file = join(dir, 'killed.log')
    writeFileSync(file, `${lines.join('\n')}\n`)
    const first = startCollector('killed', file)
    await until(
      () => `${distinct('killed')} event_ids before the kill`,
      () => distinct('killed') >= 2000,
      60_000,
    )
    await stopCollector(first.child, 'SIGKILL')
    const before = distinct('killed')
    const second = startCollector('killed', file)
    try {
      await until(
        () => `${distinct('killed')} of ${lines.length} event_ids after the restart`,
        () => distinct('killed') >= lines.length,
        120_000,
      )
    } finally {
      await stopCollector(second.child, 'SIGTERM')
    }
    expect(distinct('killed')).toBe(lines.length)
    expect(requestIds.get('killed')!.size).toBe(lines.length)
    console.log(
      `collector SIGKILL: ${before} event_ids before the kill, ${lines.length} distinct in the end, ${duplicates('killed')} Kafka-level duplicates (same event_id)`,
    )
  }, 240_000)
})
