// The pnpm patch of kafkajs (patches/kafkajs@2.2.4.patch) changes how records are encoded and
// grouped, for speed only: these tests hold the patched code to Kafka's wire format (zigzag
// varints and varlongs, computed here with BigInt from the protocol's definition) and to the
// order of messages within a partition. The real-broker test in kafka.test.ts decodes the result.
import { createRequire } from 'node:module'
import { describe, expect, it } from 'vitest'

const require = createRequire(import.meta.url)
const Encoder = require('kafkajs/src/protocol/encoder.js') as {
  new (): { writeVarLong(v: number): { buffer: Buffer }; writeVarInt(v: number): { buffer: Buffer } }
  sizeOfVarLong(v: number): number
}
const groupMessagesPerPartition = require('kafkajs/src/producer/groupMessagesPerPartition.js') as (args: {
  topic: string
  partitionMetadata: unknown[]
  messages: { key: string; value: string }[]
  partitioner: (a: { message: { key: string } }) => number
}) => Record<string, { key: string; value: string }[]>

/** Kafka's varlong: zigzag on 64 bits, then 7 bits per byte, low first, high bit = more follows. */
function referenceVarLong(value: number): Buffer {
  const n = BigInt(value)
  let z = BigInt.asUintN(64, (n << 1n) ^ (n >> 63n))
  const out: number[] = []
  while (z >= 0x80n) {
    out.push(Number(z & 0x7fn) | 0x80)
    z >>= 7n
  }
  out.push(Number(z))
  return Buffer.from(out)
}

describe('patched kafkajs', () => {
  it('encodes varlongs and varints byte for byte as the protocol defines them', () => {
    const values = [0, 1, -1, 63, 64, -64, -65, 8191, 8192, 2 ** 30 - 1, -(2 ** 30) + 1, 2 ** 30, 2 ** 31]
    values.push(-(2 ** 31), 2 ** 40, -(2 ** 40), 1_700_000_000_000, Number.MAX_SAFE_INTEGER)
    for (let i = 0; i < 5000; i++) values.push(Math.trunc((Math.random() - 0.5) * 2 ** (1 + (i % 53))))
    for (const v of values) {
      const expected = referenceVarLong(v)
      expect(new Encoder().writeVarLong(v).buffer).toEqual(expected)
      expect(Encoder.sizeOfVarLong(v)).toBe(expected.length)
      if (v >= -(2 ** 31) && v < 2 ** 31) expect(new Encoder().writeVarInt(v).buffer).toEqual(expected)
    }
  })

  it('groups messages per partition keeping their order, each message once', () => {
    const messages = Array.from({ length: 10_000 }, (_, i) => ({ key: `k${i % 7}`, value: String(i) }))
    const grouped = groupMessagesPerPartition({
      topic: 't',
      partitionMetadata: [{}, {}, {}],
      messages,
      partitioner: ({ message }) => Number(message.key.slice(1)) % 3,
    })
    expect(Object.keys(grouped).sort()).toEqual(['0', '1', '2'])
    for (const [partition, list] of Object.entries(grouped)) {
      expect(list).toEqual(messages.filter((m) => Number(m.key.slice(1)) % 3 === Number(partition)))
    }
  })
})
