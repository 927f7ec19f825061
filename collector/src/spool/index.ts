// Disk spool: a bounded, durable queue of batches in front of any sink.
export { SpoolConfig } from './config.js'
export { DiskSpool, type DiskSpoolOptions, RECORD_HEADER_BYTES, type SpooledBatch } from './spool.js'
export {
  createSpooledSink,
  decodeBatch,
  encodeBatch,
  type SpooledSinkOptions,
  spoolDir,
} from './spooled-sink.js'
