// The privacy promise on the paths no-leak.test.ts does not take: the secret corpus, in every log
// format, through the syslog UDP input of one running collector and the standard input of the real
// bin, both shipping to a real Kafka broker. Nothing that lands on the topic (values, keys,
// headers), nor the logs, dead letters, state dir, /metrics or the bin's output, may hold a
// secret, in clear, URL-encoded or base64; and the events show the secrets were there to leak.
import { spawn } from 'node:child_process'
import { createSocket } from 'node:dgram'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createTopic, type KafkaBroker, startKafka } from '@gatewatch/infra'
import { ACCESS_TOPIC, type AccessEvent } from '@gatewatch/schema'
import { type Consumer, Kafka, logLevel } from 'kafkajs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createLogger } from '../log.js'
import { registerZstdCodec } from '../sinks/kafka/codecs.js'
import { startCollector, TEST_HMAC_KEY, waitFor } from '../testing/collector.js'
import { CORPUS_FORMATS, type CorpusFormat, corpusFileLines } from './corpus-formats.js'
import { checkEvents, filesBelow, leaks, linesFor, REDACT } from './no-leak-checks.js'
import { CORPUS_REQUESTS } from './secret-corpus.js'

const BIN = join(import.meta.dirname, '../../bin/gatewatch-collector.js')

let dir: string
let broker: KafkaBroker
let consumer: Consumer
/** Everything that landed on the topic, as text: each record's key, value and headers. */
const landed: string[] = []
const events: AccessEvent[] = []

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'gw-no-leak-kafka-'))
  registerZstdCodec()
  broker = await startKafka({ numPartitions: 2 })
  await createTopic(broker.brokers, ACCESS_TOPIC, 2)
  const kafka = new Kafka({
    clientId: 'no-leak-check',
    brokers: [broker.brokers],
    logLevel: logLevel.NOTHING,
  })
  consumer = kafka.consumer({ groupId: 'no-leak-check' })
  await consumer.connect()
  await consumer.subscribe({ topic: ACCESS_TOPIC, fromBeginning: true })
  await consumer.run({
    eachMessage: async ({ message }) => {
      const value = message.value!.toString()
      landed.push(message.key?.toString() ?? '', value)
      for (const [k, v] of Object.entries(message.headers ?? {})) landed.push(k, String(v))
      events.push(JSON.parse(value) as AccessEvent)
    },
  })
}, 180_000)

afterAll(async () => {
  await consumer?.disconnect().catch(() => undefined)
  await broker?.stop()
  rmSync(dir, { recursive: true, force: true })
}, 120_000)

function sendUdp(address: string, lines: string[]): Promise<void> {
  const port = Number(address.slice(address.lastIndexOf(':') + 1))
  const s = createSocket('udp4')
  return new Promise((resolve, reject) => {
    let left = lines.length
    for (const line of lines)
      s.send(`<134>1 2023-11-14T22:13:20Z lb1 gateway - - - ${line}`, port, '127.0.0.1', (err) => {
        if (err) reject(err)
        if (--left === 0) {
          s.close()
          resolve()
        }
      })
  })
}

describe('no secret of the corpus reaches Kafka', () => {
  it('through syslog UDP, every format: the topic, logs, dead letters, state and /metrics', async () => {
    const logs: string[] = []
    const yaml = `collector_id: edge-udp
state_dir: ${join(dir, 'udp-state')}
log_level: debug
metrics: { listen: 127.0.0.1:0 }
sink: { url: "kafka://${broker.brokers}", batch_max_wait_ms: 20, max_retries: 2 }
${REDACT}inputs:
${CORPUS_FORMATS.map(
  (f) => `  - name: udp-${f.format}
    type: syslog
    format: ${f.format}
    parser: ${JSON.stringify(f.parser ?? {})}
    udp: 127.0.0.1:0
`,
).join('')}`
    const c = await startCollector(yaml, {}, { log: createLogger('debug', (l) => logs.push(l)) })
    for (const f of CORPUS_FORMATS)
      await sendUdp(c.syslog(`udp-${f.format}`).addresses().udp!, linesFor(f, 'udp'))
    const expectedLines = CORPUS_FORMATS.reduce((n, f) => n + corpusFileLines(f, CORPUS_REQUESTS).length, 0)
    const m = c.collector.metrics
    await waitFor(
      () => m.lines_read === expectedLines && m.shipped === m.parsed,
      `${expectedLines} datagrams read and every parsed event shipped`,
      30_000,
    )
    const metricsText = await (await fetch(`http://${c.collector.metricsAddress}/metrics`)).text()
    await c.stop()
    for (const f of CORPUS_FORMATS)
      await waitFor(
        () => events.filter((e) => e.path.startsWith(`/udp/${f.format}/`)).length >= CORPUS_REQUESTS.length,
        `events of udp ${f.format} on the topic`,
        30_000,
      )
    const deadLetters = readFileSync(join(dir, 'udp-state/dead-letter.ndjson'), 'utf8').trim().split('\n')
    expect(
      leaks([...landed, ...logs, ...filesBelow(join(dir, 'udp-state')), metricsText].join('\n')),
    ).toEqual([])
    // The secrets were there to leak: lines that held them were rejected, the rest shipped.
    expect(deadLetters.length).toBeGreaterThan(CORPUS_FORMATS.length)
    for (const f of CORPUS_FORMATS) checkEvents(events, f, 'udp')
  }, 90_000)

  it('through the real bin reading stdin, every format: the topic, stdout, stderr and state', async () => {
    const run = (f: CorpusFormat) =>
      new Promise<{ code: number | null; out: string }>((resolve) => {
        const config = join(dir, `stdin-${f.format}.yaml`)
        writeFileSync(
          config,
          `collector_id: edge-stdin
state_dir: ${join(dir, `stdin-${f.format}`)}
log_level: debug
metrics: { listen: 127.0.0.1:0 }
sink: { url: "kafka://${broker.brokers}", batch_max_wait_ms: 20, max_retries: 2 }
${REDACT}inputs:
  - name: stdin-${f.format}
    type: stdin
    format: ${f.format}
    parser: ${JSON.stringify(f.parser ?? {})}
`,
        )
        const child = spawn(process.execPath, [BIN, '--config', config], {
          env: { PATH: process.env.PATH ?? '', GATEWATCH_HMAC_KEY: TEST_HMAC_KEY },
          stdio: ['pipe', 'pipe', 'pipe'],
        })
        let out = ''
        child.stdout.on('data', (d) => {
          out += d
        })
        child.stderr.on('data', (d) => {
          out += d
        })
        child.on('close', (code) => resolve({ code, out }))
        child.stdin.end(`${linesFor(f, 'stdin').join('\n')}\n`)
      })
    const outputs: string[] = []
    const parallel = 4
    for (let i = 0; i < CORPUS_FORMATS.length; i += parallel) {
      const results = await Promise.all(CORPUS_FORMATS.slice(i, i + parallel).map(run))
      for (const r of results) {
        expect(r.code, r.out.slice(-2000)).toBe(0)
        outputs.push(r.out)
      }
    }
    for (const f of CORPUS_FORMATS) {
      await waitFor(
        () => events.filter((e) => e.path.startsWith(`/stdin/${f.format}/`)).length >= CORPUS_REQUESTS.length,
        `events of stdin ${f.format} on the topic`,
        30_000,
      )
    }
    const state = CORPUS_FORMATS.flatMap((f) => filesBelow(join(dir, `stdin-${f.format}`)))
    expect(leaks([...landed, ...outputs, ...state].join('\n'))).toEqual([])
    expect(outputs.join('\n')).toContain('A line was rejected.')
    for (const f of CORPUS_FORMATS) checkEvents(events, f, 'stdin')
  }, 90_000)
})
