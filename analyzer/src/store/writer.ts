// Batched inserts into ClickHouse. An insert resolves only once ClickHouse stored the rows
// (async_insert off), and only then may a caller acknowledge the batch.
import type { StoreClient } from './client.js'
import type { DeadLetterRow } from './dead-letter.js'
import type { EventRow } from './event-row.js'

export type InsertObserver = (
  table: 'events' | 'dead_letters',
  rows: number,
  seconds: number,
  ok: boolean,
) => void

export interface StoreWriter {
  /** Stores events first, then dead letters; resolves when both are stored, rejects otherwise. */
  write(events: EventRow[], deadLetters: DeadLetterRow[]): Promise<void>
}

export function createStoreWriter(client: StoreClient, observe: InsertObserver = () => {}): StoreWriter {
  async function insert<Row extends EventRow | DeadLetterRow>(
    table: 'events' | 'dead_letters',
    values: Row[],
  ): Promise<void> {
    if (values.length === 0) return
    const started = performance.now()
    try {
      await client.insert({ table, values, format: 'JSONEachRow' })
      observe(table, values.length, (performance.now() - started) / 1000, true)
    } catch (err) {
      observe(table, values.length, (performance.now() - started) / 1000, false)
      throw err
    }
  }
  return {
    async write(events, deadLetters) {
      await insert('events', events)
      await insert('dead_letters', deadLetters)
    },
  }
}
