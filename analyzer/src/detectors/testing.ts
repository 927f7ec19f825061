// Replays timestamped events through one detector with an event-time watermark, as the engine
// does, and returns its findings: the golden-replay harness of every detector's unit tests.
import type { AccessEvent } from '@gatewatch/schema'
import Value from 'typebox/value'
import { type EventRow, toEventRow } from '../store/event-row.js'
import { makeEvent } from '../testing/events.js'
import type {
  DetectorContext,
  DetectorDefinition,
  DetectorInstance,
  Finding,
  InventoryView,
} from './types.js'

export interface ReplayOptions {
  /** Config overrides on top of the detector's defaults. */
  config?: Record<string, unknown>
  inventory?: InventoryView
  /** Continue with an existing instance (e.g. one restored from a snapshot). */
  instance?: DetectorInstance
  /** Enrichment or template fields to set on every row, or per row. */
  enrich?: (row: EventRow) => EventRow
}

export interface Replay {
  findings: Finding[]
  instance: DetectorInstance
}

const noSpec: InventoryView = { specStatus: () => 'unspecified' }

/** The detector's config: its schema's defaults with `overrides` on top, checked. */
export function detectorConfig<C>(
  definition: DetectorDefinition<C>,
  overrides: Record<string, unknown> = {},
): C {
  const value = Value.Default(definition.config, Value.Clone(overrides))
  if (!Value.Check(definition.config, value)) {
    const problems = [...Value.Errors(definition.config, value)].map((e) => `${e.instancePath} ${e.message}`)
    throw new Error(`invalid config for detector ${definition.name}: ${problems.join('; ')}`)
  }
  return value as C
}

/** Feeds `events` (sorted by ts here) to the detector, moving the watermark after each event. */
export function replay<C>(
  definition: DetectorDefinition<C>,
  events: (AccessEvent | EventRow)[],
  options: ReplayOptions = {},
): Replay {
  const instance = options.instance ?? definition.create(detectorConfig(definition, options.config))
  const findings: Finding[] = []
  const ctx: DetectorContext & { watermark: number } = {
    watermark: Number.NEGATIVE_INFINITY,
    emit: (finding) => findings.push(finding),
    inventory: options.inventory ?? noSpec,
  }
  const rows = events
    .map((e) => ('v' in e ? toEventRow(e, (e as AccessEvent & { route?: string }).route ?? e.path) : e))
    .map((row) => (options.enrich ? options.enrich(row) : row))
    .sort((a, b) => a.ts - b.ts)
  for (const row of rows) {
    if (row.ts > ctx.watermark) {
      ctx.watermark = row.ts
      instance.onWatermark?.(ctx)
    }
    instance.onEvent(row, ctx)
  }
  return { findings, instance }
}

/** A stored row for detector tests: `makeEvent(seed)` as the pipeline stores it, with `fields` on top. */
export function eventRow(seed: string | number, fields: Partial<EventRow> = {}): EventRow {
  const e = makeEvent(seed)
  return { ...toEventRow(e, e.path), ...fields }
}

/** Rows of one credential: `n` requests from `start`, `stepMs` apart, each with `fields` (a function of i). */
export function credentialTraffic(
  prefix: string,
  n: number,
  start: number,
  stepMs: number,
  fields: (i: number) => Partial<EventRow>,
): EventRow[] {
  return Array.from({ length: n }, (_, i) =>
    eventRow(`${prefix}-${i}`, { ts: start + i * stepMs, ...fields(i) }),
  )
}
