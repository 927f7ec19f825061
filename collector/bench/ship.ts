// Shipping benchmark: generated nginx JSON and nginx combined logs (~1M lines each by default)
// shipped by the real collector (`gatewatch-collector --once` from the single-file bundle the image
// ships, a child process under /usr/bin/time -v) into a local real Kafka broker, with `kcat -P`
// shipping the same file to the same broker in the same run as the baseline. Prints lines/s, the
// ratio to kcat, CPU time (user+sys) per line and lines per CPU-second (the honest "per core"
// figure), and peak RSS. Then two findings the sink's design rests on, measured on real collector
// events: one message per send against one send per batch, and the compression codecs
// (throughput, CPU, bytes on the wire); and the floor: what JSON.parse, HMAC, JSON.stringify and
// kafkajs alone cost per line, the most lines per CPU-second any collector built on them can ship.
// Targets: >= 100,000 lines/s on one core, < 120 MB RSS.
// Run: pnpm --filter @gatewatch/collector bench:ship [lines]  (or bash bench/run.sh collector)
import { spawnSync } from 'node:child_process'
import { once } from 'node:events'
import { createWriteStream, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createTopic, startKafka } from '@gatewatch/infra'
import { ACCESS_TOPIC, type AccessEvent } from '@gatewatch/schema'
import kafkajs, { CompressionTypes, Kafka, logLevel } from 'kafkajs'
import { compressFrame, decompressFrame } from 'lz4-napi'
import { silentLogger } from '../src/log.js'
import { createNormalizer } from '../src/normalize.js'
import { getParser } from '../src/parsers/registry.js'
import { createRedactor } from '../src/redact/index.js'
import { registerZstdCodec } from '../src/sinks/kafka/codecs.js'
import { createKafkaSink, messageKey } from '../src/sinks/kafka/kafka.js'
import { generateLines } from '../src/testing/generate.js'

const LINES = Number(process.argv[2] ?? 1_000_000)
const HMAC = 'bench-hmac-key-0123456789abcdef'
/**
 * The collector runs twice per format: with V8's default heap sizing, which grows the heap far past
 * the ~20 MB that is live, and with the capped heap of collector/README.md (Benchmark), which keeps
 * RSS under the target at a CPU cost.
 */
const HEAP_SETTINGS: Record<string, string[]> = {
  default: [],
  capped: ['--max-old-space-size=128', '--max-semi-space-size=2'],
}
// The single-file bundle the container image runs (scripts/bundle.mjs), built afresh: the tsx entry
// point (bin/) transpiles every module at start and holds ~80 MB more RSS before the first line.
const BUNDLE = join(import.meta.dirname, '../dist/gatewatch-collector.mjs')
const work = mkdtempSync(join(tmpdir(), 'gw-ship-bench-'))
const print = (o: object) => console.log(JSON.stringify(o))

function ensureKcat(): void {
  if (spawnSync('kcat', ['-V']).error === undefined) return
  console.error('kcat is missing; installing Debian’s kcat with apt-get.')
  let r = spawnSync('apt-get', ['install', '-y', 'kcat'], { stdio: 'ignore' })
  if (r.status !== 0) {
    spawnSync('apt-get', ['update'], { stdio: 'ignore' })
    r = spawnSync('apt-get', ['install', '-y', 'kcat'], { stdio: 'ignore' })
  }
  if (r.status !== 0) throw new Error('could not install kcat (apt-get install kcat)')
}

async function writeLog(format: 'json' | 'combined'): Promise<string> {
  const file = join(work, `access.${format}.log`)
  const out = createWriteStream(file)
  for (let done = 0; done < LINES; done += 100_000) {
    const chunk = generateLines(Math.min(100_000, LINES - done)).map((l) => l[format])
    if (!out.write(`${chunk.join('\n')}\n`)) await once(out, 'drain')
  }
  out.end()
  await once(out, 'finish')
  return file
}

interface Timed {
  wallS: number
  cpuS: number
  maxRssMb: number
  stdout: string
}

/** Runs a command under /usr/bin/time -v and reads wall time, user+sys and peak RSS from it. */
function timed(cmd: string, args: string[], env: NodeJS.ProcessEnv = process.env): Timed {
  const r = spawnSync('/usr/bin/time', ['-v', cmd, ...args], { env, encoding: 'utf8', maxBuffer: 64 << 20 })
  if (r.status !== 0) throw new Error(`${cmd} failed (${r.status}): ${r.stderr.slice(-2000)}`)
  const field = (name: string) => new RegExp(`${name}: (.+)`).exec(r.stderr)?.[1]?.trim() ?? '0'
  const wall = field('Elapsed \\(wall clock\\) time \\(h:mm:ss or m:ss\\)')
    .split(':')
    .reduce((s, part) => s * 60 + Number(part), 0)
  return {
    wallS: wall,
    cpuS: Number(field('User time \\(seconds\\)')) + Number(field('System time \\(seconds\\)')),
    maxRssMb: Number(field('Maximum resident set size \\(kbytes\\)')) / 1024,
    stdout: r.stdout,
  }
}

/** Bytes of a topic's partition log segments in the broker's data dir. */
function topicBytes(dataDir: string, topic: string): number {
  const logs = join(dataDir, 'kraft-logs')
  let total = 0
  for (const d of readdirSync(logs).filter((n) => n.startsWith(`${topic}-`)))
    for (const f of readdirSync(join(logs, d)).filter((n) => n.endsWith('.log')))
      total += statSync(join(logs, d, f)).size
  return total
}

function loadAverage(): string {
  return spawnSync('cat', ['/proc/loadavg'], { encoding: 'utf8' }).stdout.trim()
}

/** Real collector events (parsed, normalized, redacted), for the in-process findings. */
function realEvents(count: number): AccessEvent[] {
  const parser = getParser('nginx-json')
  const normalize = createNormalizer({ collectorId: 'bench', redactor: createRedactor({ hmacKey: HMAC }) })
  return generateLines(count).map((l, i) => {
    const r = parser.parse(l.json)
    if (!r.ok) throw new Error('generated line did not parse')
    return normalize(r.record, { sourceId: 'bench-source', offset: i * 600 })
  })
}

async function main(): Promise<void> {
  ensureKcat()
  const built = spawnSync(process.execPath, [join(import.meta.dirname, '../scripts/bundle.mjs')], {
    encoding: 'utf8',
  })
  if (built.status !== 0) throw new Error(`the bundle did not build: ${built.stderr}`)
  print({ bench: 'ship', lines: LINES, loadavg_before: loadAverage() })
  const broker = await startKafka({ numPartitions: 4, heap: '1g' })
  try {
    await createTopic(broker.brokers, ACCESS_TOPIC, 4)
    for (const format of ['json', 'combined'] as const) {
      const file = await writeLog(format)
      const kcatTopic = `bench.kcat.${format}`
      await createTopic(broker.brokers, kcatTopic, 4)
      const kcat = timed('kcat', [
        '-P',
        '-b',
        broker.brokers,
        '-t',
        kcatTopic,
        '-z',
        'zstd',
        '-X',
        'acks=all',
        '-l',
        file,
      ])
      for (const [heap, flags] of Object.entries(HEAP_SETTINGS)) {
        const collector = timed(
          process.execPath,
          [
            ...flags,
            BUNDLE,
            '--input',
            file,
            '--format',
            format === 'json' ? 'nginx-json' : 'nginx-combined',
            '--sink',
            `kafka://${broker.brokers}`,
            '--once',
            '--state-dir',
            join(work, `state-${format}-${heap}`),
            '--collector-id',
            `bench-${format}-${heap}`,
          ],
          { ...process.env, GATEWATCH_HMAC_KEY: HMAC, GATEWATCH_LOG_LEVEL: 'warn' },
        )
        const summary = JSON.parse(collector.stdout.trim().split('\n').at(-1) ?? '{}') as { shipped?: number }
        if (summary.shipped !== LINES)
          throw new Error(`collector shipped ${summary.shipped} of ${LINES} lines`)
        const rate = LINES / collector.wallS
        print({
          format: format === 'json' ? 'nginx-json' : 'nginx-combined',
          heap,
          node_flags: flags.join(' '),
          collector_lines_per_s: Math.round(rate),
          collector_lines_per_cpu_s: Math.round(LINES / collector.cpuS),
          collector_cpu_us_per_line: Number(((collector.cpuS / LINES) * 1e6).toFixed(2)),
          collector_peak_rss_mb: Math.round(collector.maxRssMb),
          kcat_lines_per_s: Math.round(LINES / kcat.wallS),
          kcat_lines_per_cpu_s: Math.round(LINES / kcat.cpuS),
          kcat_peak_rss_mb: Math.round(kcat.maxRssMb),
          ratio_to_kcat: Number((rate / (LINES / kcat.wallS)).toFixed(3)),
          target: '>= 100000 lines per CPU-second, < 120 MB RSS',
          meets_target: LINES / collector.cpuS >= 100_000 && collector.maxRssMb < 120,
        })
      }
      rmSync(file)
    }

    // Finding 1: one message per send against one send per batch, same sink, same events.
    const events = realEvents(20_000)
    const sink = createKafkaSink(
      {
        brokers: [broker.brokers],
        clientId: 'bench',
        requestTimeoutMs: 30_000,
        maxRetries: 3,
        topic: 'bench.batching',
      },
      { log: silentLogger },
    )
    await sink.send(events.slice(0, 100)) // connect first
    let t = performance.now()
    for (let i = 0; i < events.length; i += 2000) await sink.send(events.slice(i, i + 2000))
    const batched = events.length / ((performance.now() - t) / 1000)
    const single = events.slice(0, 2000)
    t = performance.now()
    for (const e of single) await sink.send([e])
    const one = single.length / ((performance.now() - t) / 1000)
    await sink.close()
    print({
      finding: 'batching',
      events_per_s_batch_of_2000: Math.round(batched),
      events_per_s_one_per_send: Math.round(one),
      batched_over_single: Number((batched / one).toFixed(1)),
    })

    // Finding 2: the codecs on real collector events, through the real broker.
    registerZstdCodec()
    kafkajs.CompressionCodecs[CompressionTypes.LZ4] = () => ({
      compress: (e: { buffer: Buffer }) => compressFrame(e.buffer),
      decompress: (b: Buffer) => decompressFrame(b),
    })
    const codecEvents = realEvents(100_000)
    const kafka = new Kafka({
      clientId: 'bench-codecs',
      brokers: [broker.brokers],
      logLevel: logLevel.NOTHING,
    })
    const codecs = [
      ['none', CompressionTypes.None],
      ['gzip (kafkajs built-in, zlib)', CompressionTypes.GZIP],
      ['lz4 (lz4-napi frames)', CompressionTypes.LZ4],
      ['zstd level 3 (@mongodb-js/zstd)', CompressionTypes.ZSTD],
    ] as const
    for (const [name, type] of codecs) {
      const producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1 })
      await producer.connect()
      const topic = `bench.codec.${type}`
      await createTopic(broker.brokers, topic, 4)
      let serialized = 0
      const cpu = process.cpuUsage()
      const start = performance.now()
      for (let i = 0; i < codecEvents.length; i += 2000) {
        const messages = codecEvents.slice(i, i + 2000).map((e) => {
          const value = Buffer.from(JSON.stringify(e))
          serialized += value.length
          return { key: messageKey(e), value, timestamp: String(e.ts) }
        })
        await producer.send({ topic, acks: -1, compression: type, messages })
      }
      const seconds = (performance.now() - start) / 1000
      const used = process.cpuUsage(cpu)
      await producer.disconnect()
      // Bytes on the wire = the record batches as the broker stores them (it keeps the producer's
      // compression): the partition log files of the topic.
      const wire = topicBytes(broker.dataDir, topic)
      print({
        finding: 'codec',
        codec: name,
        events_per_s: Math.round(codecEvents.length / seconds),
        cpu_us_per_event: Number(((used.user + used.system) / codecEvents.length).toFixed(2)),
        wire_bytes_per_event: Number((wire / codecEvents.length).toFixed(1)),
        ratio: Number((serialized / wire).toFixed(2)),
      })
    }

    // Finding 3, the floor, in a fresh process (bench/floor.ts) so this one's heap does not weigh on it.
    const floor = spawnSync(
      process.execPath,
      ['--import', 'tsx', join(import.meta.dirname, 'floor.ts'), broker.brokers],
      {
        encoding: 'utf8',
      },
    )
    if (floor.status !== 0) throw new Error(`bench/floor.ts failed: ${floor.stderr.slice(-2000)}`)
    process.stdout.write(floor.stdout)
  } finally {
    await broker.stop()
    rmSync(work, { recursive: true, force: true })
  }
  print({ loadavg_after: loadAverage() })
}

await main()
