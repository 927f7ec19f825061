// What every sink provides: deliver a batch and resolve only once the destination acknowledged all
// of it (the pipeline moves its checkpoint on that promise), or reject.
import type { AccessEvent } from '@gatewatch/schema'
import type { Logger } from '../log.js'

export interface Sink {
  /** Registry key and log label, e.g. `http`. */
  readonly kind: string
  send(events: AccessEvent[]): Promise<void>
  close(): Promise<void>
}

/** A failure that retrying cannot fix (a refused token, a rejected request): stop and say why. */
export class FatalSinkError extends Error {
  override readonly name = 'FatalSinkError'
}

export interface SinkContext {
  log: Logger
  /** Token for the analyzer's ingest endpoint (GATEWATCH_INGEST_TOKEN). */
  ingestToken?: string
  /** Stops retry loops when the collector shuts down. */
  signal?: AbortSignal
}
