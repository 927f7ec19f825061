// A bounded, durable FIFO of batches on disk. Batches are records in append-only segment files
// (`<seq>.seg`, 12 digits): a 12-byte header (magic, payload length, CRC-32 of the payload) and the
// payload. append() resolves once the record is written and fdatasync'ed, so the pipeline may move
// its checkpoint past it. Records leave in order: next() hands out the oldest, ack() retires it; a
// segment file is deleted once every record in it is acknowledged, and `cursor.json` remembers
// the first unacknowledged record, so a restarted collector resumes where it stopped (a record
// acknowledged just before a kill may be sent once more; its event_ids absorb that).
// When the spool holds max_bytes, append() waits: nothing is dropped and the oldest data is kept.
// A torn tail (a crash during a write, before its fsync, so never acknowledged) or a record failing
// its checksum is logged with the file's name, counted and skipped.

import type { FileHandle } from 'node:fs/promises'
import { mkdir, open, readdir, readFile, rename, stat, unlink, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { crc32 } from 'node:zlib'
import type { Logger } from '../log.js'
import type { SpoolMetrics } from '../sinks/metrics.js'

const MAGIC = 0x47575331 // "GWS1"
export const RECORD_HEADER_BYTES = 12
const SEGMENT_NAME = /^(\d{12})\.seg$/
const CURSOR_FILE = 'cursor.json'
const CURSOR_VERSION = 1

interface Segment {
  seq: number
  path: string
  /** Bytes written (the file's size). */
  size: number
  /** Records in it not yet acknowledged. */
  unacked: number
}

interface RecordRef {
  segment: Segment
  offset: number
  length: number
}

/** A spooled batch handed to the drainer; ack() once the sink took it. */
export interface SpooledBatch {
  payload: Buffer
  ack(): Promise<void>
}

export interface DiskSpoolOptions {
  dir: string
  maxBytes: number
  /** A segment file is closed and a new one begun past this size; default max_bytes / 16 (4 KiB to 64 MiB), so room comes back a segment at a time. */
  segmentBytes?: number
  log: Logger
  metrics?: SpoolMetrics
}

function segmentName(seq: number): string {
  return `${String(seq).padStart(12, '0')}.seg`
}

export class DiskSpool {
  private readonly segments: Segment[] = []
  private readonly queue: RecordRef[] = []
  private active: { segment: Segment; fh: FileHandle } | null = null
  private nextSeq = 1
  private totalBytes = 0
  private full = false
  private closed = false
  private writes: Promise<void> = Promise.resolve()
  private recordWaiters: (() => void)[] = []
  private spaceWaiters: { resolve: () => void; reject: (err: Error) => void }[] = []
  private readonly segmentBytes: number

  private constructor(private readonly options: DiskSpoolOptions) {
    this.segmentBytes =
      options.segmentBytes ?? Math.min(64 * 1024 ** 2, Math.max(4096, Math.floor(options.maxBytes / 16)))
  }

  /** Opens (or creates) the spool in `dir`, finding the records a previous run left unacknowledged. */
  static async open(options: DiskSpoolOptions): Promise<DiskSpool> {
    const spool = new DiskSpool(options)
    await spool.recover()
    return spool
  }

  get dir(): string {
    return this.options.dir
  }

  /** Bytes of the segment files on disk. */
  get bytes(): number {
    return this.totalBytes
  }

  /** Batches not yet acknowledged. */
  get batches(): number {
    return this.queue.length
  }

  get isEmpty(): boolean {
    return this.queue.length === 0
  }

  /** Writes a batch durably; waits while the spool is full. Calls are written in call order. */
  append(payload: Buffer): Promise<void> {
    const run = this.writes.then(() => this.write(payload))
    this.writes = run.catch(() => undefined)
    return run
  }

  /** The oldest unacknowledged batch, waiting for one if the spool is empty; null once closed. */
  async next(): Promise<SpooledBatch | null> {
    for (;;) {
      if (this.closed) return null
      const ref = this.queue[0]
      if (!ref) {
        await new Promise<void>((resolve) => this.recordWaiters.push(resolve))
        continue
      }
      const payload = await this.read(ref)
      if (payload) return { payload, ack: () => this.ack(ref) }
      await this.ack(ref)
    }
  }

  /** Rejects the appends waiting for room (the collector is stopping); their batches were not spooled. */
  interruptWaits(reason: Error): void {
    for (const w of this.spaceWaiters.splice(0)) w.reject(reason)
  }

  /** Stops handing out batches and closes the segment being written; the files stay for the next run. */
  async close(): Promise<void> {
    this.closed = true
    for (const wake of this.recordWaiters.splice(0)) wake()
    this.interruptWaits(new Error(`the disk spool in ${this.options.dir} is closed`))
    await this.writes
    const active = this.active
    this.active = null
    if (active) {
      await active.fh.close()
      if (active.segment.size === 0) await this.removeSegment(active.segment)
    }
  }

  private async recover(): Promise<void> {
    const { dir, log } = this.options
    await mkdir(dir, { recursive: true })
    let cursor = { seq: 0, offset: 0 }
    try {
      const parsed = JSON.parse(await readFile(join(dir, CURSOR_FILE), 'utf8')) as {
        version?: number
        seq?: number
        offset?: number
      }
      if (
        parsed.version === CURSOR_VERSION &&
        Number.isInteger(parsed.seq) &&
        Number.isInteger(parsed.offset)
      )
        cursor = { seq: parsed.seq!, offset: parsed.offset! }
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT')
        log.warn('The spool cursor could not be read; the spool is sent from its oldest record.', {
          file: join(dir, CURSOR_FILE),
          error: (err as Error).message,
        })
    }
    const names = (await readdir(dir)).filter((n) => SEGMENT_NAME.test(n)).sort()
    for (const name of names) {
      const seq = Number(SEGMENT_NAME.exec(name)![1])
      this.nextSeq = Math.max(this.nextSeq, seq + 1)
      const path = join(dir, name)
      if (seq < cursor.seq) {
        await unlink(path)
        continue
      }
      const size = (await stat(path)).size
      const segment: Segment = { seq, path, size, unacked: 0 }
      const refs = await this.scan(segment, seq === cursor.seq ? cursor.offset : 0)
      if (refs.length === 0) {
        await unlink(path)
        continue
      }
      segment.unacked = refs.length
      this.segments.push(segment)
      this.queue.push(...refs)
      this.totalBytes += size
    }
    this.report()
  }

  /** Reads the record headers of a segment from `from`; a torn or garbled tail ends it with an error. */
  private async scan(segment: Segment, from: number): Promise<RecordRef[]> {
    const refs: RecordRef[] = []
    const fh = await open(segment.path, 'r')
    try {
      const header = Buffer.alloc(RECORD_HEADER_BYTES)
      let pos = from
      while (pos < segment.size) {
        const { bytesRead } = await fh.read(header, 0, RECORD_HEADER_BYTES, pos)
        const length = header.readUInt32BE(4)
        if (
          bytesRead < RECORD_HEADER_BYTES ||
          header.readUInt32BE(0) !== MAGIC ||
          pos + RECORD_HEADER_BYTES + length > segment.size
        ) {
          this.options.metrics?.corrupt.inc()
          this.options.log.error(
            `spool segment ${segment.path} has a corrupt tail at byte ${pos}; skipping its last ${segment.size - pos} bytes`,
            { file: segment.path, offset: pos, skipped_bytes: segment.size - pos },
          )
          break
        }
        refs.push({ segment, offset: pos, length })
        pos += RECORD_HEADER_BYTES + length
      }
    } finally {
      await fh.close()
    }
    return refs
  }

  private async read(ref: RecordRef): Promise<Buffer | null> {
    const fh = await open(ref.segment.path, 'r')
    try {
      const buf = Buffer.alloc(RECORD_HEADER_BYTES + ref.length)
      const { bytesRead } = await fh.read(buf, 0, buf.length, ref.offset)
      const payload = buf.subarray(RECORD_HEADER_BYTES)
      if (bytesRead === buf.length && buf.readUInt32BE(8) === crc32(payload)) return payload
    } finally {
      await fh.close()
    }
    this.options.metrics?.corrupt.inc()
    this.options.log.error(
      `spool segment ${ref.segment.path} has a record failing its checksum at byte ${ref.offset}; skipping it`,
      { file: ref.segment.path, offset: ref.offset, skipped_bytes: RECORD_HEADER_BYTES + ref.length },
    )
    return null
  }

  private async write(payload: Buffer): Promise<void> {
    if (this.closed) throw new Error(`the disk spool in ${this.options.dir} is closed`)
    const size = RECORD_HEADER_BYTES + payload.length
    await this.waitForRoom(size)
    if (
      !this.active ||
      (this.active.segment.size > 0 && this.active.segment.size + size > this.segmentBytes)
    ) {
      await this.rotate()
    }
    const { segment, fh } = this.active!
    const header = Buffer.allocUnsafe(RECORD_HEADER_BYTES)
    header.writeUInt32BE(MAGIC, 0)
    header.writeUInt32BE(payload.length, 4)
    header.writeUInt32BE(crc32(payload), 8)
    try {
      await fh.writev([header, payload], segment.size)
      await fh.datasync()
    } catch (err) {
      // A partial write (ENOSPC) must not leave garbage for the next record to follow.
      await fh.truncate(segment.size).catch(() => undefined)
      throw new Error(`cannot write to the disk spool ${segment.path}: ${(err as Error).message}`)
    }
    this.queue.push({ segment, offset: segment.size, length: payload.length })
    segment.size += size
    segment.unacked++
    this.totalBytes += size
    this.options.metrics?.written.inc()
    this.report()
    for (const wake of this.recordWaiters.splice(0)) wake()
  }

  private async waitForRoom(size: number): Promise<void> {
    const { maxBytes, log, metrics } = this.options
    // An empty spool takes any batch, even one larger than max_bytes, or that batch could never leave.
    while (this.totalBytes > 0 && this.totalBytes + size > maxBytes) {
      // The segment being written is retired here when fully acknowledged: only the writer may do it.
      if (this.active && this.active.segment.unacked === 0) {
        await this.retireActive()
        continue
      }
      if (!this.full) {
        this.full = true
        metrics?.full.set(1)
        metrics?.fullTotal.inc()
        log.error(`disk spool full at ${maxBytes} bytes; reading paused until the sink drains it`, {
          dir: this.options.dir,
          spool_bytes: this.totalBytes,
          max_bytes: maxBytes,
        })
      }
      await new Promise<void>((resolve, reject) => this.spaceWaiters.push({ resolve, reject }))
    }
    if (this.full) {
      this.full = false
      metrics?.full.set(0)
      log.info('The disk spool has room again; reading resumes.', { spool_bytes: this.totalBytes })
    }
  }

  private async rotate(): Promise<void> {
    if (this.active) {
      const old = this.active
      this.active = null
      await old.fh.close()
      if (old.segment.unacked === 0) await this.removeSegment(old.segment)
    }
    const seq = this.nextSeq++
    const segment: Segment = { seq, path: join(this.options.dir, segmentName(seq)), size: 0, unacked: 0 }
    const fh = await open(segment.path, 'wx')
    this.segments.push(segment)
    this.active = { segment, fh }
  }

  private async retireActive(): Promise<void> {
    const old = this.active!
    this.active = null
    await old.fh.close()
    await this.removeSegment(old.segment)
  }

  private async ack(ref: RecordRef): Promise<void> {
    if (this.queue[0] !== ref) throw new Error('spool records are acknowledged in order')
    this.queue.shift()
    ref.segment.unacked--
    this.options.metrics?.drained.inc()
    const next = this.queue[0]
    await this.writeCursor(
      next
        ? { seq: next.segment.seq, offset: next.offset }
        : { seq: ref.segment.seq, offset: ref.offset + RECORD_HEADER_BYTES + ref.length },
    )
    if (ref.segment.unacked === 0 && ref.segment !== this.active?.segment)
      await this.removeSegment(ref.segment)
    else if (ref.segment.unacked === 0) {
      // The segment being written is fully acknowledged: a writer waiting for room may retire it.
      for (const w of this.spaceWaiters.splice(0)) w.resolve()
    }
    if (this.queue.length === 0 && !this.closed && this.active?.segment.unacked === 0) {
      // Drained: retire the segment being written too, through the write queue, to give the disk back.
      this.writes = this.writes
        .then(async () => {
          if (this.active && this.active.segment.unacked === 0 && this.queue.length === 0)
            await this.retireActive()
        })
        .catch((err: Error) =>
          this.options.log.warn('A drained spool segment could not be removed.', { error: err.message }),
        )
    }
    this.report()
  }

  private async writeCursor(cursor: { seq: number; offset: number }): Promise<void> {
    // Temp file + rename: a crash leaves the old or the new cursor, never half of one. No fsync: a
    // cursor rolled back by a power loss only resends batches, whose event_ids absorb that.
    const file = join(this.options.dir, CURSOR_FILE)
    await writeFile(`${file}.tmp`, JSON.stringify({ version: CURSOR_VERSION, ...cursor }))
    await rename(`${file}.tmp`, file)
  }

  private async removeSegment(segment: Segment): Promise<void> {
    const i = this.segments.indexOf(segment)
    if (i < 0) return
    this.segments.splice(i, 1)
    this.totalBytes -= segment.size
    await unlink(segment.path).catch((err: NodeJS.ErrnoException) => {
      if (err.code !== 'ENOENT') throw err
    })
    this.report()
    for (const w of this.spaceWaiters.splice(0)) w.resolve()
  }

  private report(): void {
    this.options.metrics?.bytes.set(this.totalBytes)
    this.options.metrics?.batches.set(this.queue.length)
  }
}
