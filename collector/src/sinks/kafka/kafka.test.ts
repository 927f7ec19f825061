// The Kafka sink against a real broker (@gatewatch/infra's startKafka): one send per batch, zstd
// record batches a consumer with the registered codec decodes, metrics on the given registry; and
// the SASL settings: a password from the environment or a file, never in an error or a log line.
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createTopic, type KafkaBroker, startKafka } from '@gatewatch/infra'
import { ACCESS_TOPIC, type AccessEvent } from '@gatewatch/schema'
import { Kafka, logLevel } from 'kafkajs'
import { Registry } from 'prom-client'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createLogger, silentLogger } from '../../log.js'
import { sampleEvent as ev } from '../../testing/events.js'
import { createSink } from '../registry.js'
import { saslPassword } from '../security.js'
import { createKafkaSink, kafkaBrokers, messageKey } from './kafka.js'
import { murmur2 } from './partitioner.js'

describe('kafka sink (pure parts)', () => {
  it('reads the brokers of a kafka:// URL and names a URL without one', () => {
    expect(kafkaBrokers('kafka://127.0.0.1:9092')).toEqual(['127.0.0.1:9092'])
    expect(kafkaBrokers('kafka://b1:9092,b2:9093')).toEqual(['b1:9092', 'b2:9093'])
    expect(() => kafkaBrokers('kafka://')).toThrow('names no broker')
  })

  it('keys a message by principal fingerprint, else by client IP', () => {
    const e = { client_ip: '203.0.113.7', principal: { kind: 'none' } } as AccessEvent
    expect(messageKey(e)).toBe('203.0.113.7')
    expect(messageKey({ ...e, principal: { kind: 'api_key', fingerprint: 'ab'.repeat(16) } })).toBe(
      'ab'.repeat(16),
    )
  })

  it('reads the SASL password from a file or the environment and names what is missing', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'gw-sasl-')), 'password')
    writeFileSync(file, 's3cret-from-file\n')
    const base = { mechanism: 'scram-sha-512' as const, username: 'collector' }
    expect(saslPassword({ ...base, password_file: file }, {})).toBe('s3cret-from-file')
    expect(saslPassword({ ...base, password_env: 'MY_PW' }, { MY_PW: 'from-env' })).toBe('from-env')
    expect(saslPassword(base, { GATEWATCH_KAFKA_PASSWORD: 'default-env' })).toBe('default-env')
    expect(() => saslPassword(base, {})).toThrow('set the environment variable GATEWATCH_KAFKA_PASSWORD')
    expect(() => saslPassword({ ...base, password_file: `${file}.missing` }, {})).toThrow(
      /sink\.sasl\.password_file .* cannot be read: ENOENT/,
    )
  })
})

describe('kafka sink (real broker)', () => {
  let broker: KafkaBroker
  beforeAll(async () => {
    broker = await startKafka({ numPartitions: 4 })
    await createTopic(broker.brokers, ACCESS_TOPIC, 4)
  }, 180_000)
  afterAll(async () => {
    await broker?.stop()
  })

  it('delivers zstd batches, one send each, that a consumer decodes, with metrics', async () => {
    const registry = new Registry()
    const sink = createKafkaSink(
      {
        brokers: [broker.brokers],
        clientId: 't',
        requestTimeoutMs: 10_000,
        maxRetries: 3,
        compression: 'zstd',
      },
      { log: silentLogger, registry },
    )
    for (let b = 0; b < 5; b++) await sink.send(Array.from({ length: 1000 }, (_, i) => ev(b * 1000 + i)))
    await sink.close()
    const metrics = await registry.metrics()
    expect(metrics).toContain('gatewatch_collector_sink_batches_total{sink="kafka",outcome="sent"} 5')
    const ratio = Number(
      /gatewatch_collector_sink_compression_ratio\{sink="kafka"\} ([\d.]+)/.exec(metrics)![1],
    )
    expect(ratio).toBeGreaterThan(3)

    const kafka = new Kafka({ clientId: 'check', brokers: [broker.brokers], logLevel: logLevel.NOTHING })
    const consumer = kafka.consumer({ groupId: 'kafka-sink-test' })
    const ids = new Set<string>()
    await consumer.connect()
    await consumer.subscribe({ topic: ACCESS_TOPIC, fromBeginning: true })
    await consumer.run({
      eachMessage: async ({ message }) => {
        ids.add((JSON.parse(message.value!.toString()) as AccessEvent).event_id)
      },
    })
    const deadline = Date.now() + 60_000
    while (ids.size < 5000 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100))
    await consumer.disconnect()
    expect(ids.size).toBe(5000)
  })

  it('puts each principal in its murmur2 partition, in the order sent, every event once', async () => {
    const topic = 'kafka-sink-partitions'
    await createTopic(broker.brokers, topic, 4)
    const sink = createKafkaSink(
      { brokers: [broker.brokers], clientId: 'p', requestTimeoutMs: 10_000, maxRetries: 3, topic },
      { log: silentLogger },
    )
    // 40 principals: fingerprinted credentials and, without one, client IPs.
    const keyed = (i: number): AccessEvent => {
      const e = ev(i)
      const who = i % 40
      return who < 20
        ? { ...e, principal: { kind: 'api_key', fingerprint: who.toString(16).padStart(32, 'f') } }
        : { ...e, client_ip: `198.51.100.${who}` }
    }
    const sent = Array.from({ length: 6000 }, (_, i) => keyed(i))
    for (let i = 0; i < sent.length; i += 1500) await sink.send(sent.slice(i, i + 1500))
    await sink.close()

    const kafka = new Kafka({ clientId: 'check', brokers: [broker.brokers], logLevel: logLevel.NOTHING })
    const consumer = kafka.consumer({ groupId: 'kafka-sink-partitions-test' })
    const got: { partition: number; key: string; event: AccessEvent }[] = []
    await consumer.connect()
    await consumer.subscribe({ topic, fromBeginning: true })
    await consumer.run({
      eachMessage: async ({ partition, message }) => {
        const event = JSON.parse(message.value!.toString()) as AccessEvent
        got.push({ partition, key: message.key!.toString(), event })
      },
    })
    const deadline = Date.now() + 60_000
    while (got.length < sent.length && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100))
    await consumer.disconnect()

    expect(new Set(got.map((g) => g.event.event_id)).size).toBe(sent.length)
    expect(got).toHaveLength(sent.length)
    for (const g of got) {
      expect(g.key).toBe(messageKey(g.event))
      expect(g.partition).toBe((murmur2(g.key) & 0x7fffffff) % 4)
    }
    expect(new Set(got.map((g) => g.partition)).size).toBe(4)
    for (let p = 0; p < 4; p++) {
      const ts = got.filter((g) => g.partition === p).map((g) => g.event.ts)
      expect(ts).toEqual([...ts].sort((a, b) => a - b))
    }
  })

  it('fails a SASL login clearly without writing the password anywhere', async () => {
    const lines: string[] = []
    const log = createLogger('debug', (l) => lines.push(l))
    const sink = createSink(
      {
        url: `kafka://${broker.brokers}`,
        batch_max_events: 10,
        batch_max_wait_ms: 10,
        max_in_flight: 1,
        max_retries: 1,
        retry_backoff_ms: 10,
        retry_backoff_max_ms: 50,
        request_timeout_ms: 3000,
        compression: 'zstd',
        kafka_client_id: 'sasl-test',
        sasl: { mechanism: 'scram-sha-256', username: 'collector', password_env: 'PW_FOR_TEST' },
      },
      { log, env: { PW_FOR_TEST: 'hunter2-never-logged' } },
    )
    // The test broker has no SASL listener: the handshake fails; the error names the cause.
    const err = (await sink.send([ev(1)]).catch((e: unknown) => e)) as Error
    await sink.close().catch(() => undefined)
    expect(err).toBeInstanceOf(Error)
    expect(`${err.message}\n${lines.join('')}`).not.toContain('hunter2-never-logged')
  })
})
