// Dedupe before insert: which of a batch's event_ids (and Kafka dead letters) are already stored.
//
// Why here and not only at read time: events is a ReplacingMergeTree, so a duplicate row would
// collapse with FINAL, but the rollup tables are fed by materialized views on every insert and
// would count it twice. So the writer asks ClickHouse before inserting. The check is bounded by
// the batch's own event-time range (partition pruning by day, the sorting key on ts and the
// bloom-filter index on event_id from migration 010), so it stays cheap however large the store.
// It holds across restarts and partition moves because it reads the store itself, not memory.
//
// insert_deduplication_token was the other choice: it recognises a retried insert only when the
// retried block is identical, but a Kafka batch re-fetched after a rebalance or a crash starts and
// ends at other offsets, and a collector may resend some events inside a new batch.
import type { StoreClient } from './client.js'
import type { DeadLetterRow } from './dead-letter.js'
import type { EventRow } from './event-row.js'

/**
 * Ids per query: 5,000 ids are ~180 KB of URL-encoded parameter, far below a server's URL limit
 * (1 MiB), and one query per 5,000 rather than per 2,000 saves the per-query cost (~2 ms on chdb).
 */
const CHUNK = 5000

function chunks<T>(values: T[]): T[][] {
  const out: T[][] = []
  for (let i = 0; i < values.length; i += CHUNK) out.push(values.slice(i, i + CHUNK))
  return out
}

async function column(
  client: StoreClient,
  query: string,
  params: Record<string, unknown>,
): Promise<string[]> {
  const rows = await (await client.query({ query, query_params: params, format: 'JSONCompactEachRow' })).json<
    [string]
  >()
  return rows.map((r) => r[0])
}

/** The event_ids of `events` that are already in the events table. */
export async function storedEventIds(client: StoreClient, events: EventRow[]): Promise<Set<string>> {
  const found = new Set<string>()
  if (events.length === 0) return found
  let from = events[0]!.ts
  let to = from
  for (const e of events) {
    if (e.ts < from) from = e.ts
    if (e.ts > to) to = e.ts
  }
  // The ids go as one comma-joined String (an event_id is 32 hex digits, so never holds a comma):
  // the engine parses that several times faster than an Array(String) literal of the same ids.
  for (const ids of chunks(events.map((e) => e.event_id))) {
    const rows = await column(
      client,
      `SELECT DISTINCT event_id FROM events
       WHERE ts >= fromUnixTimestamp64Milli({from:Int64}, 'UTC')
         AND ts <= fromUnixTimestamp64Milli({to:Int64}, 'UTC')
         AND event_id IN splitByChar(',', {ids:String})`,
      { from, to, ids: ids.join(',') },
    )
    for (const id of rows) found.add(id)
  }
  return found
}

/**
 * The origins of `deadLetters` already stored for their source. Only origins that name one record
 * for good (a Kafka `topic/partition@offset`) are worth asking about; the caller picks them.
 */
export async function storedDeadLetterOrigins(
  client: StoreClient,
  source: string,
  deadLetters: DeadLetterRow[],
): Promise<Set<string>> {
  const found = new Set<string>()
  for (const origins of chunks(deadLetters.map((d) => d.origin))) {
    const rows = await column(
      client,
      'SELECT DISTINCT origin FROM dead_letters WHERE source = {source:String} AND origin IN {origins:Array(String)}',
      { source, origins },
    )
    for (const o of rows) found.add(o)
  }
  return found
}
