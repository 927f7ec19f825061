// Runs the real broker the way Gatewatch uses it: keyed gzip batches from kafkajs into a 4-partition
// topic, a two-member consumer group, committed offsets that survive a SIGKILL of the broker, and a
// broker that never outlives the process that started it.
import { spawn } from 'node:child_process'
import { existsSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { CompressionTypes, type Consumer, Kafka, logLevel } from 'kafkajs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTopic, type KafkaBroker, startKafka } from './kafka.js'

const TOPIC = 'gatewatch.infra-test.v1'
const GROUP = 'infra-test-group'
const MESSAGES = 1000

let broker: KafkaBroker
let kafka: Kafka

beforeAll(async () => {
  broker = await startKafka({ numPartitions: 1 })
  kafka = new Kafka({ clientId: 'infra-test', brokers: [broker.brokers], logLevel: logLevel.NOTHING })
})

afterAll(async () => {
  await broker?.stop()
})

/** Polls until check() holds, failing with what was seen after timeoutMs. */
async function eventually(check: () => boolean, timeoutMs: number, what: () => string): Promise<void> {
  const deadline = Date.now() + timeoutMs
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms: ${what()}`)
    await new Promise((resolve) => setTimeout(resolve, 100))
  }
}

/** Sums the group's committed offsets over the topic's partitions. */
async function committedTotal(): Promise<{ total: number; partitions: number }> {
  const admin = kafka.admin()
  await admin.connect()
  try {
    const [topic] = await admin.fetchOffsets({ groupId: GROUP, topics: [TOPIC] })
    const offsets = topic?.partitions ?? []
    return {
      total: offsets.reduce((sum, p) => sum + Math.max(0, Number(p.offset)), 0),
      partitions: offsets.length,
    }
  } finally {
    await admin.disconnect()
  }
}

describe('local Kafka broker', () => {
  it('serves on 127.0.0.1 with a formatted KRaft data dir', async () => {
    expect(broker.brokers).toBe(`127.0.0.1:${broker.port}`)
    expect(existsSync(`${broker.dataDir}/kraft-logs/meta.properties`)).toBe(true)
    const admin = kafka.admin()
    await admin.connect()
    const cluster = await admin.describeCluster()
    await admin.disconnect()
    expect(cluster.brokers).toEqual([{ nodeId: 1, host: '127.0.0.1', port: broker.port }])
  })

  it('delivers 1,000 keyed gzip messages across 4 partitions to a two-member consumer group', async () => {
    expect(await createTopic(broker.brokers, TOPIC, 4)).toBe(true)
    expect(await createTopic(broker.brokers, TOPIC, 4)).toBe(false)
    await expect(createTopic(broker.brokers, TOPIC, 2)).rejects.toThrow(/already exists with 4 partitions/)

    const received = new Map<string, number>()
    const byMember = { a: 0, b: 0 }
    const assigned: Record<string, number[]> = {}
    const members: Consumer[] = []
    for (const name of ['a', 'b'] as const) {
      const consumer = kafka.consumer({ groupId: GROUP })
      consumer.on(consumer.events.GROUP_JOIN, (event) => {
        assigned[name] = event.payload.memberAssignment[TOPIC] ?? []
      })
      await consumer.connect()
      await consumer.subscribe({ topic: TOPIC, fromBeginning: true })
      await consumer.run({
        eachMessage: async ({ message }) => {
          const value = message.value?.toString() ?? ''
          received.set(value, (received.get(value) ?? 0) + 1)
          byMember[name] += 1
        },
      })
      members.push(consumer)
    }
    // Both members must hold partitions before producing, or the first one would take everything; the
    // rebalance is complete when their assignments split the four partitions between them.
    const split = () => [...(assigned.a ?? []), ...(assigned.b ?? [])].sort().join(',') === '0,1,2,3'
    await eventually(
      () => (assigned.a?.length ?? 0) > 0 && (assigned.b?.length ?? 0) > 0 && split(),
      60_000,
      () => `assignments ${JSON.stringify(assigned)}`,
    )

    const producer = kafka.producer()
    await producer.connect()
    for (let batch = 0; batch < 10; batch++) {
      await producer.send({
        topic: TOPIC,
        acks: -1,
        compression: CompressionTypes.GZIP,
        messages: Array.from({ length: MESSAGES / 10 }, (_, i) => {
          const n = batch * (MESSAGES / 10) + i
          return { key: `principal-${n % 97}`, value: JSON.stringify({ n }) }
        }),
      })
    }
    await producer.disconnect()

    await eventually(
      () => received.size === MESSAGES,
      60_000,
      () => `${received.size} of ${MESSAGES} messages`,
    )
    for (const consumer of members) await consumer.disconnect()

    expect([...received.values()].every((count) => count === 1)).toBe(true)
    expect(byMember.a).toBeGreaterThan(0)
    expect(byMember.b).toBeGreaterThan(0)
    expect(await committedTotal()).toEqual({ total: MESSAGES, partitions: 4 })
  })

  it('keeps messages and committed offsets across a SIGKILL and restart on the same data dir', async () => {
    const address = broker.brokers
    await broker.kill()
    expect(broker.pid).toBeUndefined()
    await broker.restart()
    expect(broker.brokers).toBe(address)

    expect(await committedTotal()).toEqual({ total: MESSAGES, partitions: 4 })
    const admin = kafka.admin()
    await admin.connect()
    const ends = await admin.fetchTopicOffsets(TOPIC)
    await admin.disconnect()
    expect(ends.reduce((sum, p) => sum + Number(p.high), 0)).toBe(MESSAGES)

    // The group resumes where it committed: only messages produced after the restart arrive.
    const producer = kafka.producer()
    await producer.connect()
    await producer.send({
      topic: TOPIC,
      compression: CompressionTypes.GZIP,
      messages: Array.from({ length: 20 }, (_, i) => ({
        key: `late-${i}`,
        value: JSON.stringify({ late: i }),
      })),
    })
    await producer.disconnect()
    const resumed: string[] = []
    const consumer = kafka.consumer({ groupId: GROUP })
    await consumer.connect()
    await consumer.subscribe({ topic: TOPIC, fromBeginning: true })
    await consumer.run({
      eachMessage: async ({ message }) => {
        resumed.push(message.value?.toString() ?? '')
      },
    })
    await eventually(
      () => resumed.length >= 20,
      60_000,
      () => `${resumed.length} of 20 late messages`,
    )
    await consumer.disconnect()
    expect(resumed.sort()).toEqual(Array.from({ length: 20 }, (_, i) => JSON.stringify({ late: i })).sort())
  })

  it('stops with SIGTERM and starts again', async () => {
    const pid = broker.pid
    expect(pid).toBeTypeOf('number')
    await broker.stop()
    expect(broker.pid).toBeUndefined()
    expect(() => process.kill(pid!, 0)).toThrow()
    await broker.restart()
    expect(await committedTotal()).toEqual({ total: MESSAGES + 20, partitions: 4 })
  })
})

describe('a broker started by a process', () => {
  const owner = fileURLToPath(new URL('./fixtures/broker-owner.ts', import.meta.url))

  /** Starts the fixture owner and resolves with it and its broker's pid once the broker serves. */
  async function startOwner(mode: 'exit' | 'hang') {
    const child = spawn(process.execPath, ['--import', 'tsx', owner, mode], {
      stdio: ['pipe', 'pipe', 'inherit'],
    })
    const started = await new Promise<{ pid: number; dataDir: string }>((resolve, reject) => {
      let out = ''
      child.stdout.on('data', (chunk: Buffer) => {
        out += chunk.toString()
        const line = out.split('\n').find((l) => l.startsWith('{'))
        if (line !== undefined) resolve(JSON.parse(line) as { pid: number; dataDir: string })
      })
      child.once('exit', (code) =>
        reject(new Error(`the owner exited with ${code} before its broker served`)),
      )
    })
    return { child, ...started }
  }

  const alive = (pid: number) => {
    try {
      process.kill(pid, 0)
      return true
    } catch {
      return false
    }
  }

  it('dies with its temporary data dir when its owner exits', async () => {
    const { child, pid, dataDir } = await startOwner('exit')
    expect(alive(pid)).toBe(true)
    child.stdin.write('exit\n')
    await eventually(
      () => !alive(pid),
      5000,
      () => `broker pid ${pid} still runs after its owner exited`,
    )
    await eventually(
      () => !existsSync(dataDir),
      5000,
      () => `${dataDir} outlived its owner`,
    )
  })

  it('dies with its temporary data dir when its owner is SIGKILLed', async () => {
    const { child, pid, dataDir } = await startOwner('hang')
    expect(alive(pid)).toBe(true)
    child.kill('SIGKILL')
    await eventually(
      () => !alive(pid),
      10_000,
      () => `broker pid ${pid} still runs after its owner was SIGKILLed`,
    )
    await eventually(
      () => !existsSync(dataDir),
      10_000,
      () => `${dataDir} outlived its owner`,
    )
  })
})
