// The contract between the detection engine and each detector. A detector is one folder
// (`detectors/<name>/`: config.ts, <name>.ts, <name>.test.ts, index.ts) whose definition the
// registry lists; the engine feeds it stored events in event-time order per partition, advances
// its watermark, saves and restores its state, and turns its findings into grouped alerts.
import type { AlertSubject, OwaspCategory, Severity } from '@gatewatch/schema'
import type { TSchema } from 'typebox'
import type { EventRow } from '../store/event-row.js'

/** What a detector reports; the engine groups findings into one open alert per (type, subject). */
export interface Finding {
  /** Dotted alert type, e.g. `token.new_network`. */
  type: string
  severity: Severity
  owasp: OwaspCategory
  subject: AlertSubject
  /** Event time of the first and latest evidence behind this finding, ms since the epoch. */
  first_seen: number
  last_seen: number
  /** One sentence a responder understands: what was seen against what was expected. */
  summary: string
  observed: Record<string, number | string>
  expected: Record<string, number | string>
  /** Up to 20 event ids a responder can open. */
  sample_event_ids: string[]
  /** Matching events behind this finding. */
  events: number
}

/** Read-only facts about the API that detectors may ask for (the inventory answers them). */
export interface InventoryView {
  /** Spec status of an endpoint, `unspecified` when no spec was imported. */
  specStatus(
    service: string,
    method: string,
    route: string,
  ): 'documented' | 'shadow' | 'zombie' | 'unused' | 'unspecified'
}

export interface DetectorContext {
  /** The partition's event-time watermark, ms since the epoch (never wall-clock time). */
  readonly watermark: number
  /** Reports a finding; cheap to call often, the engine deduplicates and groups. */
  emit(finding: Finding): void
  readonly inventory: InventoryView
}

/** One detector's live state and logic for one partition (or one process, for HTTP ingest). */
export interface DetectorInstance {
  /** Called for every stored event (enriched: country, asn, ua_family, bot filled) in event-time order. */
  onEvent(event: EventRow, ctx: DetectorContext): void
  /**
   * Called when the watermark moved, for windows that close on event time: on the first event of
   * each new second of event time (so before any event of a new minute) and at the end of a batch.
   */
  onWatermark?(ctx: DetectorContext): void
  /** JSON-serialisable state, saved by the engine so a restart or partition move resumes. */
  snapshot(): unknown
  /** Restores what `snapshot()` returned (possibly from an older process). */
  restore(state: unknown): void
  /** Keys currently held, for the state-memory metric and eviction checks. */
  size(): number
}

export interface DetectorDefinition<Config = unknown> {
  /** Config key under `detectors:` and the folder name, e.g. `token_new_network`. */
  name: string
  /** Alert types this detector may raise. */
  types: readonly string[]
  /** TypeBox schema of its config, every field with a default and a description; `enabled` included. */
  config: TSchema
  create(config: Config): DetectorInstance
}
