// The zstd codec for kafkajs, which has only gzip built in. Chosen by measurement on 100k real
// collector events through a real broker (collector/bench/ship.ts, the "codec" lines): bytes
// stored per event zstd 63, gzip 73, lz4 (lz4-napi) 120, none 604; produce throughput zstd 36.9k/s,
// lz4 34.1k/s, gzip 33.7k/s on one loaded 2-core machine, CPU per event within 10 % of each other
// (the kafkajs record encoding dominates; libzstd itself runs off the main thread). zstd gives the
// smallest batches without costing throughput. Why this package: @kafkajs/zstd does not build on
// Node 20 (its cppzst dependency fails to compile), kafkajs-lz4's lz4 needs a node-gyp build pnpm
// does not run (its shipped binary fails to load), and @mongodb-js/zstd 2.x+ fetches its binary from
// GitHub at install; 1.2.2 ships prebuilt N-API binaries as registry packages: no build, no download.
// The analyzer registers the same codec (analyzer/src/sources/kafka/kafka-source.ts).
import { compress, decompress } from '@mongodb-js/zstd'
import kafkajs from 'kafkajs'

// kafkajs is CommonJS; Node's ESM loader finds only some of its named exports, not CompressionCodecs.
const { CompressionCodecs, CompressionTypes } = kafkajs

/**
 * zstd level 3, libzstd's default. @mongodb-js/zstd 1.2.2's `compress(data)` wrapper passes no level
 * on (its typings say otherwise), so the default is what runs; the stored bytes match level 3 on
 * access logs. Level 1 would save ~0.2 µs of CPU per event (0.85 against 1.13 ms per 1.3 MB batch,
 * measured on the bindings directly) out of ~25 µs per shipped line: not worth a second code path.
 */
export const ZSTD_LEVEL = 3

/** Bytes into and out of the zstd compressor since start (process-wide, as the codec registry is). */
export const zstdBytes = { input: 0, output: 0 }

const zstdCodec = {
  async compress(encoder: { buffer: Buffer }): Promise<Buffer> {
    const out = await compress(encoder.buffer, ZSTD_LEVEL)
    zstdBytes.input += encoder.buffer.length
    zstdBytes.output += out.length
    return out
  },
  async decompress(buffer: Buffer): Promise<Buffer> {
    return decompress(buffer)
  },
}

/** Registers zstd with kafkajs (process-wide; idempotent). */
export function registerZstdCodec(): void {
  CompressionCodecs[CompressionTypes.ZSTD] = () => zstdCodec
}
