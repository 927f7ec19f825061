// The floor of shipping one nginx-json line: what the parts every line needs cost with nothing of
// ours around them, each measured alone in this fresh process: JSON.parse of the line, one
// HMAC-SHA256 fingerprint, JSON.stringify of the collector's event, and kafkajs producing values
// already serialized (the sink's producer: idempotent, acks -1, zstd, its partitioner, batches of
// 2,000) into a real broker. Their sum bounds the lines per CPU-second any collector built on them
// can ship. Prints one JSON line.
// Run: npx tsx bench/floor.ts <broker host:port> [lines]   (bench/ship.ts runs it against its broker)
import { createTopic } from '@gatewatch/infra'
import kafkajs, { Kafka, logLevel } from 'kafkajs'
import { createNormalizer } from '../src/normalize.js'
import { getParser } from '../src/parsers/registry.js'
import { fingerprintCredential } from '../src/redact/fingerprint.js'
import { createRedactor } from '../src/redact/index.js'
import { registerZstdCodec } from '../src/sinks/kafka/codecs.js'
import { messageKey } from '../src/sinks/kafka/kafka.js'
import { KeyHashPartitioner } from '../src/sinks/kafka/partitioner.js'
import { generateLines } from '../src/testing/generate.js'

const brokers = process.argv[2]
if (!brokers) throw new Error('usage: floor.ts <broker host:port> [lines]')
const LINES = Number(process.argv[3] ?? 100_000)
const HMAC = 'bench-hmac-key-0123456789abcdef'
const { CompressionTypes } = kafkajs

const lines = generateLines(LINES).map((l) => l.json)
const parser = getParser('nginx-json')
const normalize = createNormalizer({ collectorId: 'bench', redactor: createRedactor({ hmacKey: HMAC }) })
const events = lines.map((line, i) => {
  const r = parser.parse(line)
  if (!r.ok) throw new Error('generated line did not parse')
  return normalize(r.record, { sourceId: 'bench-source', offset: i * 600 })
})
const keys = events.map(messageKey)

/** CPU µs per item of `run` over `n` items, best of three (the machine is shared). */
function cpuMicros(n: number, run: () => void): number {
  let best = Number.POSITIVE_INFINITY
  for (let round = 0; round < 3; round++) {
    const cpu = process.cpuUsage()
    run()
    const used = process.cpuUsage(cpu)
    best = Math.min(best, (used.user + used.system) / n)
  }
  return best
}

const parseUs = cpuMicros(lines.length, () => {
  for (const l of lines) JSON.parse(l)
})
const hmacUs = cpuMicros(lines.length, () => {
  for (const l of lines) fingerprintCredential(HMAC, 'jwt', l.slice(0, 200))
})
let values: string[] = []
const stringifyUs = cpuMicros(events.length, () => {
  values = events.map((e) => JSON.stringify(e))
})

registerZstdCodec()
const kafka = new Kafka({ clientId: 'bench-floor', brokers: [brokers], logLevel: logLevel.NOTHING })
const topic = 'bench.floor'
await createTopic(brokers, topic, 4)
const producer = kafka.producer({
  idempotent: true,
  maxInFlightRequests: 1,
  createPartitioner: KeyHashPartitioner,
})
await producer.connect()
const send = async () => {
  for (let i = 0; i < values.length; i += 2000) {
    const messages = values.slice(i, i + 2000).map((value, j) => ({ key: keys[i + j]!, value }))
    await producer.send({ topic, acks: -1, compression: CompressionTypes.ZSTD, messages })
  }
}
await send() // connected and warmed up
let kafkajsUs = Number.POSITIVE_INFINITY
for (let round = 0; round < 3; round++) {
  const cpu = process.cpuUsage()
  await send()
  const used = process.cpuUsage(cpu)
  kafkajsUs = Math.min(kafkajsUs, (used.user + used.system) / values.length)
}
await producer.disconnect()

const sum = parseUs + hmacUs + stringifyUs + kafkajsUs
const us = (n: number) => Number(n.toFixed(2))
console.log(
  JSON.stringify({
    finding: 'floor',
    lines: LINES,
    json_parse_us: us(parseUs),
    hmac_us: us(hmacUs),
    json_stringify_us: us(stringifyUs),
    kafkajs_send_us: us(kafkajsUs),
    sum_us: us(sum),
    at_most_lines_per_cpu_s: Math.round(1e6 / sum),
  }),
)
