// What every input hands the pipeline: batches of lines from one source, with the position to
// checkpoint (file sources) or a callback to answer the sender once the sink acknowledged them
// (push sources). Inputs never parse: the pipeline runs the input's parser on each line.
import type { Registry } from 'prom-client'
import type { Logger } from '../log.js'

/** Where lines come from: a file (by its identity) or a push input (by its name). */
export interface SourceRef {
  /** File inputs: the file's identity (source-identity.ts). Push inputs: the input name. */
  id: string
  /** Where it was read, for logs and dead letters: a file path, `stdin`, `http 127.0.0.1:8088`. */
  path: string
  /** True for files: a byte offset in them can be checkpointed and resumed from. */
  checkpointed: boolean
}

/** One line of input: its text, or (for input-level rejections) a sample of it and why it was refused. */
export interface InputLine {
  /** Byte offset of the line's first byte in its source (push inputs: a running count, for dead letters). */
  offset: number
  text: string
  reject?: { reason: 'too_long' | 'binary' | 'malformed'; detail: string }
  /**
   * Push inputs: sha256 (hex) of the raw record. The event_id then derives from (collector, input
   * name, this hash) instead of the offset, so the same record pushed twice is the same event.
   */
  recordHash?: string
}

/** What became of a batch's lines downstream, told to the input that asked for it. */
export interface BatchOutcome {
  /** Set when the lines could not be delivered (the sink failed, or the collector stopped first). */
  error?: Error
  /** Lines that became events the sink acknowledged. */
  accepted: number
  /** Lines rejected (dead-lettered) or skipped by the parser: nothing to retry for them. */
  rejected: number
  skipped: number
}

/** Lines read from one source. */
export interface InputBatch {
  source: SourceRef
  lines: InputLine[]
  /** File sources: the offset after the last complete line, checkpointed once acknowledged. */
  position?: number
  /** Push sources: called once every line was acknowledged downstream (or could not be). */
  settle?(outcome: BatchOutcome): void
  /** The source is closed (a drained, rotated file): the pipeline may drop its per-source state. */
  ended?: boolean
}

/** An open file source, for the checkpoint-lag gauge. */
export interface OpenFile {
  id: string
  path: string
  size: number
}

export interface InputContext {
  /** The input's position in the config, for messages (`inputs[1]`). */
  key: string
  log: Logger
  /** Aborted when the collector stops: inputs stop reading or accepting, then end. */
  signal: AbortSignal
  /** Read files to their end and stop, instead of following them. */
  once: boolean
  /** Acknowledged offset of a file source (0 when unknown). */
  resumeOffset(sourceId: string): number
  /** The process's metrics registry, for input-specific metrics (HTTP answers, frames). */
  registry: Registry
  /** Environment the collector was started with (the HTTP input's token variable). */
  env: NodeJS.ProcessEnv
  /** Counts a problem of the input that is not a rejected line (a read error, a bad frame, a dropped datagram). */
  countError(kind: string): void
}

export interface Input {
  readonly name: string
  readonly type: string
  /** Binds listeners; rejects naming the input and key when it cannot (address in use). */
  start(): Promise<void>
  /** Batches until the input ends: end of file (--once), end of stdin, or the collector stopping. */
  batches(): AsyncIterable<InputBatch>
  /** Why the input is not working, or null while it is. */
  problem(): string | null
  /** File inputs: the files open now and their sizes. */
  openFiles?(): OpenFile[]
  /** Releases listeners; called after the pipeline flushed. */
  close(): Promise<void>
}
