// What every sink provides: deliver a batch and resolve only once the destination (or the durable
// disk spool in front of it) acknowledged all of it (the pipeline moves its checkpoint on that
// promise), or reject.
import type { AccessEvent } from '@gatewatch/schema'
import type { Registry } from 'prom-client'
import type { Logger } from '../log.js'
import type { SpoolConfig } from '../spool/config.js'

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
  /** The process's metrics registry; delivery registers its metrics on it (a private one when absent). */
  registry?: Registry
  /** The disk spool in front of the sink (config key `spool`); none when absent or disabled. */
  spool?: SpoolConfig
  /** The collector's state directory: the spool lives in `<state_dir>/spool` unless spool.dir says otherwise. */
  stateDir?: string
  /** Where secrets named by the config (sink.sasl.password_env) are looked up; process.env by default. */
  env?: NodeJS.ProcessEnv
}
