// The collector's partitioner picks the partition kafkajs's DefaultPartitioner (the Java client's
// murmur2) picks, for every kind of key: a principal never moves partition with this change.
import { randomBytes } from 'node:crypto'
import { Partitioners, type PartitionMetadata } from 'kafkajs'
import { describe, expect, it } from 'vitest'
import { KeyHashPartitioner, murmur2 } from './partitioner.js'

const partitions = (n: number): PartitionMetadata[] =>
  Array.from({ length: n }, (_, i) => ({
    partitionId: i,
    leader: 0,
    partitionErrorCode: 0,
    replicas: [0],
    isr: [0],
  }))

describe('key hash partitioner', () => {
  it('matches the Java murmur2 on its published test vectors', () => {
    // org.apache.kafka.common.utils.UtilsTest#testMurmur2
    expect(murmur2(Buffer.from('21'))).toBe(-973932308)
    expect(murmur2(Buffer.from('foobar'))).toBe(-790332482)
    expect(murmur2(Buffer.from('a-little-bit-long-string'))).toBe(-985981536)
    expect(murmur2(Buffer.from('a-little-bit-longer-string'))).toBe(-1486304829)
    expect(murmur2(Buffer.from('lkjh234lh9fiuh90y23oiuhsafujhadof229phr9h19h89h8'))).toBe(-58897971)
    expect(murmur2(Buffer.from([97, 98, 99]))).toBe(479470107)
  })

  it('picks the partition kafkajs’s DefaultPartitioner picks, for fingerprints, IPs and UTF-8 keys', () => {
    const ours = KeyHashPartitioner()
    const theirs = Partitioners.DefaultPartitioner()
    const keys = ['', 'a', 'ab', 'abc', '203.0.113.7', '2001:db8::1', 'clé-ünïcode-🔑']
    for (let i = 0; i < 2000; i++) keys.push(randomBytes(1 + (i % 40)).toString(i % 2 ? 'hex' : 'latin1'))
    for (const n of [1, 3, 4, 12]) {
      const partitionMetadata = partitions(n)
      for (const key of keys) {
        const message = { key, value: 'v' }
        expect(ours({ topic: 't', partitionMetadata, message })).toBe(
          theirs({ topic: 't', partitionMetadata, message }),
        )
      }
    }
  })

  it('keeps an explicit partition and spreads keyless messages over the partitions', () => {
    const pick = KeyHashPartitioner()
    const partitionMetadata = partitions(4)
    expect(pick({ topic: 't', partitionMetadata, message: { key: 'k', value: 'v', partition: 2 } })).toBe(2)
    const seen = new Set(
      Array.from({ length: 8 }, () => pick({ topic: 't', partitionMetadata, message: { value: 'v' } })),
    )
    expect(seen).toEqual(new Set([0, 1, 2, 3]))
  })
})
