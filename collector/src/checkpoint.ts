// Where each file source was read up to, acknowledged by the sink (push sources have no position). Written atomically (temp file, then
// rename) with a version field, so a crash leaves either the old or the new checkpoint.
// The write is synchronous and not fsynced, on purpose: it is a few hundred bytes (tens of µs),
// and doing it at once on each acknowledgement means a killed process resends at most the
// batches that were in flight. An asynchronous write lags several batches behind a busy reader.
// Without fsync a power loss can roll the checkpoint back a little; the resent events carry the
// same event_ids, so the analyzer absorbs them.
import { mkdirSync, renameSync, writeFileSync } from 'node:fs'
import { readFile } from 'node:fs/promises'
import { join } from 'node:path'

export const CHECKPOINT_VERSION = 1
/**
 * Sources remembered, least recently acknowledged dropped first: every file the globs match and
 * its rotated copies, enough to recognise them on restart. A file is ~150 bytes of JSON, so a
 * full checkpoint stays well under 100 KiB to rewrite on an acknowledgement.
 */
const MAX_SOURCES = 512

export interface SourceCheckpoint {
  path: string
  offset: number
  updated: string
}

export interface CheckpointFile {
  version: typeof CHECKPOINT_VERSION
  sources: Record<string, SourceCheckpoint>
}

export class Checkpoints {
  private readonly file: string
  private state: CheckpointFile = { version: CHECKPOINT_VERSION, sources: {} }

  constructor(private readonly dir: string) {
    this.file = join(dir, 'checkpoints.json')
  }

  /** Loads the checkpoint file; a missing file means a first run. */
  async load(): Promise<void> {
    let text: string
    try {
      text = await readFile(this.file, 'utf8')
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return
      throw err
    }
    const parsed = JSON.parse(text) as Partial<CheckpointFile>
    if (
      parsed.version !== CHECKPOINT_VERSION ||
      typeof parsed.sources !== 'object' ||
      parsed.sources === null
    ) {
      throw new Error(
        `checkpoint file ${this.file} has version ${String(parsed.version)}, expected ${CHECKPOINT_VERSION}`,
      )
    }
    this.state = { version: CHECKPOINT_VERSION, sources: parsed.sources }
  }

  offset(sourceId: string): number {
    return this.state.sources[sourceId]?.offset ?? 0
  }

  get snapshot(): CheckpointFile {
    return structuredClone(this.state)
  }

  /** Records an acknowledged position and persists it before returning. */
  commit(sourceId: string, path: string, offset: number): void {
    const prev = this.state.sources[sourceId]
    if (prev && prev.offset >= offset) return
    // Re-insert so the object keeps sources in order of last use; the oldest fall off.
    delete this.state.sources[sourceId]
    this.state.sources[sourceId] = { path, offset, updated: new Date().toISOString() }
    const ids = Object.keys(this.state.sources)
    for (const id of ids.slice(0, Math.max(0, ids.length - MAX_SOURCES))) delete this.state.sources[id]
    mkdirSync(this.dir, { recursive: true })
    const tmp = `${this.file}.${process.pid}.tmp`
    writeFileSync(tmp, `${JSON.stringify(this.state)}\n`)
    renameSync(tmp, this.file)
  }
}
