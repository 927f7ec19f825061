// Tails the log files that match a list of paths and globs, each from its checkpointed offset.
// A file is known by its identity (a hash of its first line, source-identity.ts), not its name:
// - new files that match are found every glob_interval_ms and read from their start;
// - rotation by rename keeps the open file (same inode) under its new name, or, when the new name
//   no longer matches, reads it to its end and closes it after rotate_wait_ms without growth;
// - copytruncate: the file shrank below our offset (or its first line changed), so it is read
//   again from 0 as a new source; the copy (`access.log.1`, same identity) is read only from where
//   the truncated file had been read, so every line is read once;
// - a file rotated while the collector was down is found by its identity and read from its
//   checkpoint, as long as `paths` matches its new name;
// - a file deleted while open is drained like a renamed one; compressed files are never read.
// Files are read fairly: one chunk of each in turn.
import { constants, type Stats } from 'node:fs'
import { type FileHandle, open, stat } from 'node:fs/promises'
import { resolve } from 'node:path'
import { setTimeout as sleep } from 'node:timers/promises'
import { glob, isDynamicPattern } from 'tinyglobby'
import type { Logger } from '../../log.js'
import { LineSplitter } from '../lines.js'
import type { Input, InputBatch, InputContext, OpenFile, SourceRef } from '../types.js'
import type { FileInputConfig } from './config.js'
import { sourceIdentity } from './source-identity.js'

/** Rotated files that logrotate compresses: never read, whatever the glob matches. */
export const COMPRESSED = /\.(gz|bz2|xz|zst|zip|lz4|tgz)$/i
/** Read positions of closed sources remembered, so a file that comes back is not read twice. */
const REMEMBERED_SOURCES = 4096

export interface FileInputOptions {
  /** Paths and globs (tinyglobby syntax). */
  paths: string[]
  exclude?: string[]
  maxLineBytes: number
  chunkBytes: number
  pollIntervalMs: number
  globIntervalMs?: number
  rotateWaitMs?: number
  /** Read every matching file to its end and stop, instead of following them. */
  once: boolean
  /** Checkpointed offset for a source identity (0 when unknown). */
  resumeOffset(sourceId: string): number
  signal: AbortSignal
  log: Logger
  countError?(kind: string): void
}

interface Tailed {
  key: string
  fh: FileHandle
  path: string
  source: SourceRef
  splitter: LineSplitter
  /** Offset of the next read. */
  readPos: number
  size: number
  mtimeMs: number
  /** When the file's growth was last seen, ms. */
  grewAt: number
  /** Set while no path matches the file any more (renamed away, deleted): it is being drained. */
  unmatchedSince: number | null
  /** Truncated and still empty: waiting for a first line to know its new identity. */
  identityPending: boolean
}

async function pause(ms: number, signal: AbortSignal): Promise<void> {
  await sleep(ms, undefined, { signal }).catch(() => undefined)
}

const fileKey = (st: Stats) => `${st.dev}:${st.ino}`

export class FileTailer {
  private readonly tailed = new Map<string, Tailed>()
  /** identity → the file being read under it: one reader per identity. */
  private readonly claimed = new Map<string, Tailed>()
  private readonly readUpTo = new Map<string, number>()
  private readonly warned = new Set<string>()
  private readonly buf: Buffer
  private readonly patterns: { pattern: string; dynamic: boolean }[]
  private lastDiscovery = 0

  constructor(private readonly o: FileInputOptions) {
    this.buf = Buffer.allocUnsafe(o.chunkBytes)
    this.patterns = o.paths.map((p) => ({ pattern: resolve(p), dynamic: isDynamicPattern(p) }))
  }

  /** The files open now and their last known sizes (for the checkpoint-lag gauge). */
  openFiles(): OpenFile[] {
    return [...this.tailed.values()]
      .filter((t) => !t.identityPending)
      .map((t) => ({ id: t.source.id, path: t.path, size: t.size }))
  }

  async *batches(): AsyncGenerator<InputBatch> {
    const { signal, once } = this.o
    try {
      await this.discover()
      while (!signal.aborted) {
        if (!once && Date.now() - this.lastDiscovery >= (this.o.globIntervalMs ?? 1000)) await this.discover()
        let progressed = false
        for (const t of [...this.tailed.values()]) {
          if (signal.aborted) break
          const batch = await this.readChunk(t)
          if (batch === null) continue
          progressed = true
          if (batch.lines.length > 0) yield batch
        }
        if (progressed) continue
        if (once) break
        for (const ended of await this.checkIdleFiles()) yield ended
        await pause(this.o.pollIntervalMs, signal)
      }
    } finally {
      for (const t of this.tailed.values()) await t.fh.close().catch(() => undefined)
      this.tailed.clear()
      this.claimed.clear()
    }
  }

  private async expand(): Promise<string[]> {
    const found = new Set<string>()
    const dynamic = this.patterns.filter((p) => p.dynamic).map((p) => p.pattern)
    const matched = dynamic.length
      ? await glob(dynamic, { absolute: true, onlyFiles: true, dot: true, ignore: this.o.exclude ?? [] })
      : []
    for (const p of matched) found.add(p)
    const excluded = this.o.exclude?.length
      ? new Set(await glob(this.o.exclude, { absolute: true, onlyFiles: true, dot: true }))
      : new Set<string>()
    for (const { pattern, dynamic: isGlob } of this.patterns) {
      if (!isGlob && !excluded.has(pattern)) found.add(pattern)
    }
    for (const p of found) if (COMPRESSED.test(p)) found.delete(p)
    return [...found]
  }

  private async discover(): Promise<void> {
    this.lastDiscovery = Date.now()
    const seen = new Set<string>()
    let matched = 0
    for (const path of await this.expand()) {
      let st: Stats
      try {
        st = await stat(path)
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code === 'ENOENT') continue
        this.fileError('A file cannot be read; it is skipped until it can.', path, err, 'stat_failed')
        continue
      }
      if (!st.isFile()) continue
      matched++
      const known = this.tailed.get(fileKey(st))
      if (known) {
        seen.add(known.key)
        known.size = Math.max(known.size, st.size)
        if (known.path !== path) {
          this.o.log.info('A file was renamed; it is still read under its new name.', {
            from: known.path,
            path,
          })
          known.path = path
          known.source = { ...known.source, path }
        }
        if (known.unmatchedSince !== null) known.unmatchedSince = null
        continue
      }
      const opened = await this.openSource(path)
      if (opened) seen.add(opened.key)
    }
    if (matched === 0) this.noMatch()
    else this.warned.delete('no-match')
    for (const t of this.tailed.values()) {
      if (seen.has(t.key) || t.unmatchedSince !== null) continue
      t.unmatchedSince = Date.now()
      this.o.log.info(
        'A file no longer matches the input paths (rotated or deleted); reading it to its end.',
        {
          path: t.path,
        },
      )
    }
  }

  private noMatch(): void {
    if (this.o.once) {
      const [only] = this.patterns
      throw new Error(
        this.patterns.length === 1 && !only!.dynamic
          ? `input file ${only!.pattern} does not exist`
          : `no file matches ${this.patterns.map((p) => p.pattern).join(', ')}`,
      )
    }
    if (this.warned.has('no-match')) return
    this.warned.add('no-match')
    this.o.log.warn('No file matches the input paths yet; waiting for one.', {
      paths: this.patterns.map((p) => p.pattern),
    })
  }

  private async openSource(path: string): Promise<Tailed | null> {
    let fh: FileHandle
    try {
      fh = await open(path, constants.O_RDONLY)
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT')
        this.fileError('A file cannot be opened; it is skipped until it can.', path, err, 'open_failed')
      return null
    }
    try {
      const st = await fh.stat()
      const id = await sourceIdentity(fh)
      // No complete first line yet (a new, empty file), or another file with this identity is being
      // read (the copy copytruncate made, read once the original lets it go): look again later.
      if (id === null || this.claimed.has(id) || this.tailed.has(fileKey(st))) {
        await fh.close()
        return null
      }
      let start = Math.max(this.o.resumeOffset(id), this.readUpTo.get(id) ?? 0)
      if (start > st.size) {
        this.o.log.warn('A file is shorter than its checkpoint; reading it from the start.', {
          path,
          offset: start,
          size: st.size,
        })
        start = 0
      }
      if (start > 0) this.o.log.info('Resuming a file from its checkpoint.', { path, offset: start })
      const t: Tailed = {
        key: fileKey(st),
        fh,
        path,
        source: { id, path, checkpointed: true },
        splitter: new LineSplitter(this.o.maxLineBytes, start),
        readPos: start,
        size: st.size,
        mtimeMs: st.mtimeMs,
        grewAt: Date.now(),
        unmatchedSince: null,
        identityPending: false,
      }
      this.tailed.set(t.key, t)
      this.claimed.set(id, t)
      this.warned.delete(path)
      return t
    } catch (err) {
      await fh.close().catch(() => undefined)
      this.fileError('A file cannot be read; it is skipped until it can.', path, err, 'read_failed')
      return null
    }
  }

  private async readChunk(t: Tailed): Promise<InputBatch | null> {
    if (t.identityPending) return null
    let bytesRead: number
    try {
      ;({ bytesRead } = await t.fh.read(this.buf, 0, this.o.chunkBytes, t.readPos))
    } catch (err) {
      this.fileError('Reading a file failed; it is closed and found again later.', t.path, err, 'read_failed')
      await this.release(t)
      return null
    }
    if (bytesRead === 0) return null
    t.readPos += bytesRead
    t.grewAt = Date.now()
    if (t.readPos > t.size) t.size = t.readPos
    const lines = t.splitter.push(this.buf.subarray(0, bytesRead))
    return { source: t.source, lines, position: t.splitter.position }
  }

  /** Every file is at its end: look for truncation, and close drained files no path matches. */
  private async checkIdleFiles(): Promise<InputBatch[]> {
    const ended: InputBatch[] = []
    const now = Date.now()
    let reglobbed = false
    for (const t of [...this.tailed.values()]) {
      let st: Stats
      try {
        st = await t.fh.stat()
      } catch (err) {
        this.fileError('A file cannot be read; it is closed.', t.path, err, 'read_failed')
        await this.release(t)
        continue
      }
      t.size = st.size
      if (t.identityPending) {
        const id = await sourceIdentity(t.fh)
        if (id !== null) this.adopt(t, id)
        continue
      }
      const changed = st.mtimeMs !== t.mtimeMs
      t.mtimeMs = st.mtimeMs
      // Truncated below our offset, or truncated and written again past it (its first line changed).
      const truncated =
        st.size < t.readPos || (changed && (await sourceIdentity(t.fh).catch(() => null)) !== t.source.id)
      if (truncated) {
        this.o.log.info('A file was truncated (copytruncate); reading it again from the start.', {
          path: t.path,
        })
        this.forget(t)
        t.readPos = 0
        t.splitter = new LineSplitter(this.o.maxLineBytes, 0)
        t.grewAt = now
        t.identityPending = true
        const id = await sourceIdentity(t.fh)
        if (id !== null) this.adopt(t, id)
        continue
      }
      if (
        t.unmatchedSince !== null &&
        now - Math.max(t.unmatchedSince, t.grewAt) >= (this.o.rotateWaitMs ?? 5000)
      ) {
        // Glob once more before closing: a glob that ran during a rename saw neither name of the
        // file (the directory listed before the rename, the old name stat'ed after it).
        if (!reglobbed) {
          reglobbed = true
          await this.discover()
        }
        if (t.unmatchedSince === null) continue
        this.o.log.info('A rotated file was read to its end and is closed.', { path: t.path })
        ended.push({ source: t.source, lines: [], position: t.splitter.position, ended: true })
        await this.release(t)
      }
    }
    return ended
  }

  /** The truncated file `t` has a first line again: read it as the source `id`. */
  private adopt(t: Tailed, id: string): void {
    t.identityPending = false
    t.source = { id, path: t.path, checkpointed: true }
    this.claimed.set(id, t)
  }

  /** Lets the identity go, remembering how far it was read. */
  private forget(t: Tailed): void {
    if (t.identityPending) return
    this.readUpTo.delete(t.source.id)
    this.readUpTo.set(t.source.id, t.splitter.position)
    if (this.readUpTo.size > REMEMBERED_SOURCES) this.readUpTo.delete(this.readUpTo.keys().next().value!)
    if (this.claimed.get(t.source.id) === t) this.claimed.delete(t.source.id)
  }

  private async release(t: Tailed): Promise<void> {
    this.forget(t)
    this.tailed.delete(t.key)
    await t.fh.close().catch(() => undefined)
  }

  private fileError(msg: string, path: string, err: unknown, kind: string): void {
    this.o.countError?.(kind)
    if (this.warned.has(path)) return
    this.warned.add(path)
    this.o.log.warn(msg, { path, error: (err as NodeJS.ErrnoException).code ?? (err as Error).message })
  }
}

/** Lines of the files matching `paths`, one chunk of one file per batch. */
export function readFiles(options: FileInputOptions): AsyncGenerator<InputBatch> {
  return new FileTailer(options).batches()
}

export function createFileInput(config: FileInputConfig, ctx: InputContext): Input {
  const tailer = new FileTailer({
    paths: config.paths,
    exclude: config.exclude,
    maxLineBytes: config.max_line_bytes,
    chunkBytes: config.read_chunk_bytes,
    pollIntervalMs: config.poll_interval_ms,
    globIntervalMs: config.glob_interval_ms,
    rotateWaitMs: config.rotate_wait_ms,
    once: ctx.once,
    resumeOffset: ctx.resumeOffset,
    signal: ctx.signal,
    log: ctx.log,
    countError: ctx.countError,
  })
  return {
    name: config.name,
    type: 'file',
    start: async () => {},
    batches: () => tailer.batches(),
    problem: () => null,
    openFiles: () => tailer.openFiles(),
    close: async () => {},
  }
}
