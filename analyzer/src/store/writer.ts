// Batched inserts into ClickHouse. An insert resolves only once ClickHouse stored the rows
// (async_insert off), and only then may a caller acknowledge the batch. Before inserting, the
// writer drops what is already stored (store/dedupe.ts), so the rollups fed by materialized views
// never see a duplicate; check and insert run one batch at a time per process, so two batches
// carrying the same event (a collector's retry racing its first try) cannot both pass the check.
import type { StoreClient } from './client.js'
import type { DeadLetterRow } from './dead-letter.js'
import { storedDeadLetterOrigins, storedEventIds } from './dedupe.js'
import type { EventRow } from './event-row.js'

export type InsertObserver = (
  table: 'events' | 'dead_letters',
  rows: number,
  seconds: number,
  ok: boolean,
) => void

export interface WriteBatch {
  source: string
  events: EventRow[]
  deadLetters: DeadLetterRow[]
  /**
   * The dead letters' origins name one record for good (a Kafka `topic/partition@offset`), so a
   * redelivered one is recognised and stored once. HTTP origins (`line 3` of some request) do not.
   */
  uniqueOrigins?: boolean
}

export interface Written {
  /** Events inserted now: the batch's events minus those already stored. */
  events: EventRow[]
  deadLetters: number
  /** Events and dead letters skipped because they were already stored. */
  duplicates: number
}

export interface StoreWriter {
  /** Stores new events first, then new dead letters; resolves when both are stored, rejects otherwise. */
  write(batch: WriteBatch): Promise<Written>
}

export function createStoreWriter(client: StoreClient, observe: InsertObserver = () => {}): StoreWriter {
  /** Drops the rows already stored, inserts the rest; observed as one step, the check included. */
  async function insertNew<Row extends EventRow | DeadLetterRow>(
    table: 'events' | 'dead_letters',
    values: Row[],
    alreadyStored: (rows: Row[]) => Promise<(row: Row) => boolean>,
  ): Promise<Row[]> {
    if (values.length === 0) return values
    const started = performance.now()
    try {
      const isStored = await alreadyStored(values)
      const fresh = values.filter((row) => !isStored(row))
      if (fresh.length > 0) await client.insert({ table, values: fresh, format: 'JSONEachRow' })
      observe(table, fresh.length, (performance.now() - started) / 1000, true)
      return fresh
    } catch (err) {
      observe(table, values.length, (performance.now() - started) / 1000, false)
      throw err
    }
  }

  async function writeNew(batch: WriteBatch): Promise<Written> {
    const events = await insertNew('events', batch.events, async (rows) => {
      const stored = await storedEventIds(client, rows)
      return (row) => stored.has(row.event_id)
    })
    const deadLetters = await insertNew('dead_letters', batch.deadLetters, async (rows) => {
      if (!batch.uniqueOrigins) return () => false
      const stored = await storedDeadLetterOrigins(client, batch.source, rows)
      return (row) => stored.has(row.origin)
    })
    const duplicates = batch.events.length - events.length + batch.deadLetters.length - deadLetters.length
    return { events, deadLetters: deadLetters.length, duplicates }
  }

  let queue: Promise<unknown> = Promise.resolve()
  return {
    write(batch) {
      const run = queue.then(() => writeNew(batch))
      queue = run.catch(() => {})
      return run
    },
  }
}
