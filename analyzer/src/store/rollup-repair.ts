// Rebuilds the rollups after an interrupted write. An insert into events feeds every rollup
// through its materialized view, but ClickHouse commits the parts one table at a time, so a
// process killed mid-insert can leave events stored and a rollup without them; the redelivered
// batch is then (rightly) skipped as already stored, and that rollup would stay short for good.
// The writer records each insert as started (step 1) and stored (step 2) in ingest_batches; at
// start, writes left at step 1 are repaired: for each UTC day they touched, every rollup fed by a
// view on events loses its rows of that day and gets them again from `events FINAL`, through the
// view's own SELECT (read from system.tables, so the rollup definitions live only in migrations).
// A rollup whose rows are not bucketed by time within a day (a whole-history total) is rebuilt
// from all of events.
//
// Run it before consuming. On a server shared by several analyzers it is exact when no other
// analyzer writes events of the same days during the repair (a few seconds); see README.
import type { StoreClient } from './client.js'

export const STEP_STARTED = 1
export const STEP_STORED = 2
export const STEP_REPAIRED = 3

const DAY_MS = 86_400_000

interface Rollup {
  view: string
  target: string
  /** The target's first Date/DateTime column in its sorting key: the time bucket, if any. */
  bucket: string | undefined
  select: string
}

const rows = async <T>(client: StoreClient, query: string, params: Record<string, unknown> = {}) =>
  (await client.query({ query, query_params: params, format: 'JSONEachRow' })).json<T>()

/** The materialized views that read events, with their target and the target's time bucket. */
async function rollupsOfEvents(client: StoreClient): Promise<Rollup[]> {
  const views = await rows<{ name: string; as_select: string; target: string }>(
    client,
    `SELECT name, as_select, extract(create_table_query, 'TO\\\\s+(?:\\\\S+\\\\.)?\`?(\\\\w+)\`?') AS target
     FROM system.tables
     WHERE database = currentDatabase() AND engine = 'MaterializedView'
       AND match(as_select, '\\\\bFROM\\\\s+(\\\\S+\\\\.)?events\\\\b')
     ORDER BY name`,
  )
  const out: Rollup[] = []
  for (const v of views) {
    const [bucket] = await rows<{ name: string }>(
      client,
      `SELECT name FROM system.columns
       WHERE database = currentDatabase() AND table = {table:String} AND is_in_sorting_key AND match(type, '^Date')
       ORDER BY position LIMIT 1`,
      { table: v.target },
    )
    if (!bucket)
      throw new Error(`rollup ${v.target} (view ${v.name}) has no Date or DateTime column in its sorting key`)
    out.push({ view: v.name, target: v.target, bucket: bucket.name, select: v.as_select })
  }
  return out
}

/**
 * The view's SELECT with its source replaced by the deduplicated events of one day (parameters
 * `from`, `to`), or of all history when `allHistory`.
 */
function selectOf(rollup: Rollup, allHistory = false): string {
  const source = /\bFROM\s+(?:\S+\.)?`?events`?(?=\s|$)/g
  const matches = rollup.select.match(source) ?? []
  if (matches.length !== 1)
    throw new Error(`cannot rebuild ${rollup.target}: its view ${rollup.view} reads events more than once`)
  return rollup.select.replace(
    source,
    allHistory
      ? 'FROM (SELECT * FROM events FINAL)'
      : `FROM (SELECT * FROM events FINAL
           WHERE ts >= fromUnixTimestamp64Milli({from:Int64}, 'UTC') AND ts < fromUnixTimestamp64Milli({to:Int64}, 'UTC'))`,
  )
}

/**
 * Whether the rollup's rows for one day come only from that day's events: its bucket column holds
 * times inside the day for that day's events. A whole-history rollup (a constant bucket, or none)
 * does not, and is rebuilt from all of events instead.
 */
async function bucketedByDay(client: StoreClient, r: Rollup, from: number, to: number): Promise<boolean> {
  if (!r.bucket) return false
  const [range] = await rows<{ lo: number | null; hi: number | null }>(
    client,
    `SELECT toUnixTimestamp64Milli(toDateTime64(min(${r.bucket}), 3, 'UTC')) AS lo,
            toUnixTimestamp64Milli(toDateTime64(max(${r.bucket}), 3, 'UTC')) AS hi
     FROM (${selectOf(r)}) HAVING count() > 0`,
    { from, to },
  )
  return range === undefined || (range.lo! >= from && range.hi! < to)
}

/** Repairs the rollups for every write left started; returns the UTC days rebuilt (ms at 00:00). */
export async function repairInterruptedWrites(client: StoreClient): Promise<number[]> {
  const interrupted = await rows<{ batch_id: string; min_ts: number; max_ts: number }>(
    client,
    `SELECT batch_id, toUnixTimestamp64Milli(min(min_ts)) AS min_ts, toUnixTimestamp64Milli(max(max_ts)) AS max_ts
     FROM ingest_batches GROUP BY batch_id HAVING max(step) = {started:UInt8}`,
    { started: STEP_STARTED },
  )
  if (interrupted.length === 0) return []
  const days = new Set<number>()
  for (const w of interrupted) {
    for (let d = Math.floor(w.min_ts / DAY_MS) * DAY_MS; d <= w.max_ts; d += DAY_MS) days.add(d)
  }
  const rollups = await rollupsOfEvents(client)
  const sorted = [...days].sort((a, b) => a - b)
  const wholeHistory = new Set<Rollup>()
  for (const from of sorted) {
    const params = { from, to: from + DAY_MS }
    for (const r of rollups) {
      if (wholeHistory.has(r)) continue
      if (!(await bucketedByDay(client, r, params.from, params.to))) {
        wholeHistory.add(r)
        continue
      }
      // Names come from system.tables of our own migrations; the day bounds are query parameters.
      await client.command({
        query: `ALTER TABLE ${r.target} DELETE
                WHERE ${r.bucket} >= fromUnixTimestamp64Milli({from:Int64}, 'UTC') AND ${r.bucket} < fromUnixTimestamp64Milli({to:Int64}, 'UTC')`,
        query_params: params,
        clickhouse_settings: { mutations_sync: '2' },
      })
      await client.command({ query: `INSERT INTO ${r.target} ${selectOf(r)}`, query_params: params })
    }
  }
  for (const r of wholeHistory) {
    await client.command({ query: `TRUNCATE TABLE ${r.target}` })
    await client.command({ query: `INSERT INTO ${r.target} ${selectOf(r, true)}` })
  }
  await client.insert({
    table: 'ingest_batches',
    values: interrupted.map((w) => ({
      batch_id: w.batch_id,
      min_ts: w.min_ts,
      max_ts: w.max_ts,
      step: STEP_REPAIRED,
    })),
    format: 'JSONEachRow',
  })
  return sorted
}
