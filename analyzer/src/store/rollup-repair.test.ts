// An insert interrupted between the events part and a rollup part (a process killed mid-insert),
// rebuilt at start: the rollups of the touched days come back equal to the events, a
// whole-history rollup is rebuilt in full (never counted twice), and a finished write is never repaired.
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { exactCounts, makeEvent, storeCounts, T0, tempDir } from '../testing/index.js'
import { createStoreClient, type StoreClient } from './client.js'
import { toEventRow } from './event-row.js'
import { migrate } from './migrate.js'
import { repairInterruptedWrites, STEP_STARTED } from './rollup-repair.js'
import { createStoreWriter } from './writer.js'

const dir = tempDir()
let client: StoreClient
const DAY = 86_400_000

beforeAll(async () => {
  client = createStoreClient({ dataDir: join(dir.path, 'ch') })
  await migrate(client)
  // A whole-history rollup, as the inventory keeps: its time column is a constant, not a bucket.
  await client.command({
    query: `CREATE TABLE ip_total (client_ip String, hour DateTime('UTC'), requests SimpleAggregateFunction(sum, UInt64))
            ENGINE = AggregatingMergeTree ORDER BY (client_ip, hour)`,
  })
  await client.command({
    query: `CREATE MATERIALIZED VIEW ip_total_mv TO ip_total AS
            SELECT client_ip, toDateTime(0, 'UTC') AS hour, count() AS requests FROM events GROUP BY client_ip`,
  })
})

const ipTotal = async () =>
  (
    await (
      await client.query({ query: 'SELECT sum(requests) AS n FROM ip_total', format: 'JSONEachRow' })
    ).json<{
      n: number
    }>()
  )[0]!.n

afterAll(async () => {
  await client?.close()
  dir.remove()
})

const rows = (prefix: string, n: number, from: number) =>
  Array.from({ length: n }, (_, i) =>
    toEventRow(
      makeEvent(`${prefix}-${i}`, { ts: from + i * 60_000, client_ip: `198.51.100.${i % 9}` }),
      '/v1/orders/{id}',
    ),
  )

describe('repairInterruptedWrites', () => {
  it('rebuilds the rollups of the days an interrupted insert touched, and only those', async () => {
    const writer = createStoreWriter(client)
    // Day 1 and day 2 written through the writer: both finished (step 2).
    await writer.write({ source: 'test', events: rows('day1', 100, T0), deadLetters: [] })
    await writer.write({ source: 'test', events: rows('day2', 100, T0 + DAY), deadLetters: [] })
    expect(await repairInterruptedWrites(client)).toEqual([])

    // Day 2 again: an insert recorded as started whose events landed but whose ip_hour part did not.
    const interrupted = rows('day2-killed', 50, T0 + DAY + 3_600_000)
    await client.insert({
      table: 'ingest_batches',
      values: [
        {
          batch_id: 'killed',
          min_ts: interrupted[0]!.ts,
          max_ts: interrupted.at(-1)!.ts,
          step: STEP_STARTED,
        },
      ],
      format: 'JSONEachRow',
    })
    await client.insert({ table: 'events', values: interrupted, format: 'JSONEachRow' })
    await client.command({ query: 'TRUNCATE TABLE ip_total' }) // lost entirely, say
    await client.command({
      query: "ALTER TABLE ip_hour DELETE WHERE hour >= toDateTime({from:String}, 'UTC')",
      query_params: { from: new Date(T0 + DAY + 3_600_000).toISOString().slice(0, 19).replace('T', ' ') },
      clickhouse_settings: { mutations_sync: '2' },
    })
    const broken = await storeCounts(client)
    expect(broken.ipHour).toBeLessThan(broken.raw)

    const day2 = Math.floor((T0 + DAY) / DAY) * DAY
    expect(await repairInterruptedWrites(client)).toEqual([day2])
    expect(await storeCounts(client)).toEqual(exactCounts(250, 250))
    expect(await ipTotal()).toBe(250)
    // Repaired once: the record moved to step 3.
    expect(await repairInterruptedWrites(client)).toEqual([])
  })
})
