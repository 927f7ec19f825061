// Test helpers around a real broker (infra's startKafka): produce keyed messages, read a group's
// committed offsets, and poll until a condition holds (generous waits, no sleeps).
import { Kafka, logLevel, type Producer } from 'kafkajs'

export interface KafkaTestClient {
  kafka: Kafka
  producer: Producer
  /** Sends values in chunks of 1000, keyed `principal-<n mod 97>` unless keys are given. */
  produce(topic: string, values: (string | Buffer)[], key?: (i: number) => string): Promise<void>
  /** A group's committed offsets summed over the topic's partitions (none yet counts 0). */
  committed(groupId: string, topic: string): Promise<number>
  /** The group's committed offset metadata per partition. */
  committedMetadata(groupId: string, topic: string): Promise<Map<number, string | null>>
  close(): Promise<void>
}

export async function connectKafka(brokers: string): Promise<KafkaTestClient> {
  const kafka = new Kafka({ clientId: 'analyzer-test', brokers: [brokers], logLevel: logLevel.NOTHING })
  const producer = kafka.producer()
  await producer.connect()
  const admin = kafka.admin()
  await admin.connect()
  const offsets = async (groupId: string, topic: string) =>
    (await admin.fetchOffsets({ groupId, topics: [topic] }))[0]?.partitions ?? []
  return {
    kafka,
    producer,
    async produce(topic, values, key = (i) => `principal-${i % 97}`) {
      for (let i = 0; i < values.length; i += 1000) {
        await producer.send({
          topic,
          messages: values.slice(i, i + 1000).map((value, j) => ({ key: key(i + j), value })),
        })
      }
    },
    async committed(groupId, topic) {
      return (await offsets(groupId, topic)).reduce((n, p) => n + Math.max(0, Number(p.offset)), 0)
    },
    async committedMetadata(groupId, topic) {
      return new Map((await offsets(groupId, topic)).map((p) => [p.partition, p.metadata]))
    },
    async close() {
      await admin.disconnect()
      await producer.disconnect()
    },
  }
}

/** Polls `check` every 250 ms until it holds; fails naming `what` after `timeoutMs`. */
export async function waitFor(
  what: string,
  check: () => Promise<boolean>,
  timeoutMs = 120_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`)
    await new Promise((r) => setTimeout(r, 250))
  }
}
