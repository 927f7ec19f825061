// Batched inserts into ClickHouse. An insert resolves only once ClickHouse stored the rows
// (async_insert off), and only then may a caller acknowledge the batch. Before inserting, the
// writer drops what is already stored (store/dedupe.ts), so the rollups fed by materialized views
// never see a duplicate; check and insert run one batch at a time per process, so two batches
// carrying the same event (a collector's retry racing its first try) cannot both pass the check.
import { randomUUID } from 'node:crypto'
import { Readable } from 'node:stream'
import { finished } from 'node:stream/promises'
import type { StoreClient } from './client.js'
import type { DeadLetterRow } from './dead-letter.js'
import { storedDeadLetterOrigins, storedEventIds } from './dedupe.js'
import { EVENT_COLUMNS, type EventRow } from './event-row.js'
import { STEP_STARTED, STEP_STORED } from './rollup-repair.js'
import { encodeRowBinary } from './row-binary.js'

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

const EVENT_INSERT = `INSERT INTO events (${EVENT_COLUMNS.map(([c]) => c).join(', ')}) FORMAT RowBinary`

export function createStoreWriter(client: StoreClient, observe: InsertObserver = () => {}): StoreWriter {
  /**
   * Events go as RowBinary through client.exec with a stream, the client's one binary insert path,
   * on both engines (chdb's connection is patched to pass the bytes on unchanged,
   * patches/chdb@3.4.0.patch): about a third less CPU per row than JSONCompactEachRow and half of
   * JSONEachRow (bench/ingest.ts, `format`). Dead letters are few and go as JSONEachRow.
   */
  async function insertRows(
    table: 'events' | 'dead_letters',
    rows: (EventRow | DeadLetterRow)[],
  ): Promise<void> {
    if (table === 'events') {
      const { stream } = await client.exec({
        query: EVENT_INSERT,
        values: Readable.from([encodeRowBinary(rows as EventRow[])]),
      })
      // The answer of an INSERT is empty; it is read to the end so a server's socket is reused.
      await finished(stream.resume())
    } else {
      await client.insert({ table, values: rows, format: 'JSONEachRow' })
    }
  }

  /** Drops the rows already stored, inserts the rest; observed as one step, the check included. */
  async function insertNew<Row extends EventRow | DeadLetterRow>(
    table: 'events' | 'dead_letters',
    values: Row[],
    alreadyStored: (rows: Row[]) => Promise<(row: Row) => boolean>,
    after?: (fresh: Row[]) => Promise<void>,
  ): Promise<Row[]> {
    if (values.length === 0) return values
    const started = performance.now()
    try {
      const isStored = await alreadyStored(values)
      const fresh = values.filter((row) => !isStored(row))
      if (fresh.length > 0) await insertRows(table, fresh)
      await after?.(fresh)
      observe(table, fresh.length, (performance.now() - started) / 1000, true)
      return fresh
    } catch (err) {
      observe(table, values.length, (performance.now() - started) / 1000, false)
      throw err
    }
  }

  async function writeNew(batch: WriteBatch): Promise<Written> {
    // The insert is recorded as started, then stored (store/rollup-repair.ts says why).
    let mark: ((step: number) => Promise<void>) | undefined
    const events = await insertNew(
      'events',
      batch.events,
      async (rows) => {
        const stored = await storedEventIds(client, rows)
        const fresh = rows.filter((row) => !stored.has(row.event_id))
        if (fresh.length > 0) {
          mark = recordWrite(fresh)
          await mark(STEP_STARTED)
        }
        return (row) => stored.has(row.event_id)
      },
      async () => mark?.(STEP_STORED),
    )
    const deadLetters = await insertNew('dead_letters', batch.deadLetters, async (rows) => {
      if (!batch.uniqueOrigins) return () => false
      const stored = await storedDeadLetterOrigins(client, batch.source, rows)
      return (row) => stored.has(row.origin)
    })
    const duplicates = batch.events.length - events.length + batch.deadLetters.length - deadLetters.length
    return { events, deadLetters: deadLetters.length, duplicates }
  }

  /** A marker writer for one insert's rows: their time range under a new batch id. */
  function recordWrite(rows: EventRow[]): (step: number) => Promise<void> {
    const batch_id = randomUUID()
    let min_ts = rows[0]!.ts
    let max_ts = min_ts
    for (const r of rows) {
      if (r.ts < min_ts) min_ts = r.ts
      if (r.ts > max_ts) max_ts = r.ts
    }
    return async (step) => {
      await client.insert({
        table: 'ingest_batches',
        values: [{ batch_id, min_ts, max_ts, step }],
        format: 'JSONEachRow',
      })
    }
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
