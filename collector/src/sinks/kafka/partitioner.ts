// The partition of a message: the Java client's murmur2 of the key, positive, modulo the partition
// count — the same partition kafkajs's DefaultPartitioner (and every Java, librdkafka
// "murmur2_random" producer) picks, so a principal keeps its partition, and its analyzer, whichever
// collector version wrote it. Why not kafkajs's own: it computes murmur2 on 64-bit `Long` objects
// and filters the partition list on every message, about 6 % of the collector's CPU on a shipping
// run (collector/bench/ship.ts); 32-bit `Math.imul` gives the same bits, as the Java code does.
import type { ICustomPartitioner } from 'kafkajs'

const SEED = 0x9747b28c
const M = 0x5bd1e995

/** Bytes of a key for hashing: ASCII keys (fingerprints, IPs) without a Buffer; others as UTF-8. */
function keyBytes(key: string | Buffer): Buffer | string {
  if (typeof key !== 'string') return key
  for (let i = 0; i < key.length; i++) if (key.charCodeAt(i) > 127) return Buffer.from(key)
  return key
}

/** Kafka's murmur2 (org.apache.kafka.common.utils.Utils.murmur2) as a signed 32-bit integer. */
export function murmur2(key: string | Buffer): number {
  const data = keyBytes(key)
  const at: (i: number) => number = typeof data === 'string' ? (i) => data.charCodeAt(i) : (i) => data[i]!
  const length = data.length
  let h = SEED ^ length
  const length4 = length >>> 2
  for (let i = 0; i < length4; i++) {
    const i4 = i * 4
    let k = at(i4) | (at(i4 + 1) << 8) | (at(i4 + 2) << 16) | (at(i4 + 3) << 24)
    k = Math.imul(k, M)
    k ^= k >>> 24
    k = Math.imul(k, M)
    h = Math.imul(h, M) ^ k
  }
  const tail = length & ~3
  switch (length & 3) {
    // biome-ignore lint/suspicious/noFallthroughSwitchClause: murmur2 folds the tail bytes in turn
    case 3:
      h ^= at(tail + 2) << 16
    // biome-ignore lint/suspicious/noFallthroughSwitchClause: as above
    case 2:
      h ^= at(tail + 1) << 8
    case 1:
      h ^= at(tail)
      h = Math.imul(h, M)
  }
  h ^= h >>> 13
  h = Math.imul(h, M)
  h ^= h >>> 15
  return h | 0
}

/**
 * kafkajs partitioner: an explicit partition wins, else murmur2 of the key; messages without a key
 * (the collector always sets one) go round-robin over the partitions that have a leader.
 */
export const KeyHashPartitioner: ICustomPartitioner = () => {
  let next = 0
  return ({ partitionMetadata, message }) => {
    if (message.partition !== undefined && message.partition !== null) return message.partition
    if (message.key !== undefined && message.key !== null)
      return (murmur2(message.key) & 0x7fffffff) % partitionMetadata.length
    const led = partitionMetadata.filter((p) => p.leader >= 0)
    const pool = led.length > 0 ? led : partitionMetadata
    return pool[(next++ & 0x7fffffff) % pool.length]!.partitionId
  }
}
