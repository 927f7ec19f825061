// The coarser rollups the inventory lists read (migrations 021 day, 022 total) agree with the
// minute and hour rollups they coarsen: a store that held events before them is backfilled once,
// and later inserts reach every granularity.
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createStoreClient, type StoreClient } from '../store/client.js'
import { toEventRow } from '../store/event-row.js'
import { migrate, readMigrations } from '../store/migrate.js'
import { makeEvent, T0, tempDir } from '../testing/index.js'

const dir = tempDir()
let client: StoreClient
const DAY = 86_400_000

const rows = async <T>(query: string): Promise<T[]> =>
  (await client.query({ query, format: 'JSONEachRow' })).json<T>()

/** 400 events over three days: two endpoints, four credentials and anonymous callers. */
const events = Array.from({ length: 400 }, (_, i) =>
  toEventRow(
    makeEvent(`coarse-${i}`, {
      ts: T0 + i * ((3 * DAY) / 400),
      method: i % 3 ? 'GET' : 'POST',
      status: [200, 201, 404, 500, 401][i % 5]!,
      latency_ms: (i % 40) + 1,
      client_ip: `192.0.2.${i % 9}`,
      principal:
        i % 4 === 0 ? { kind: 'none' } : { kind: 'api_key', fingerprint: `cafe${String(i % 4).repeat(12)}` },
    }),
    '/v1/orders/{id:int}',
  ),
)

/** The total rollups keep HyperLogLog sketches (exact on sets this small), the others uniq's sets. */
const uniq = (table: string) => (table.endsWith('_total') ? 'uniqHLL12Merge' : 'uniqMerge')
const endpointSums = (table: string) => `
  SELECT method, sum(requests) AS n, sum(status_4xx) AS s4, sum(status_5xx) AS s5, sum(auth_none) AS none,
         ${uniq(table)}(consumers) AS consumers, toUnixTimestamp64Milli(min(first_seen)) AS first,
         toUnixTimestamp64Milli(max(last_seen)) AS last
  FROM ${table} GROUP BY method ORDER BY method`
const principalSums = (table: string) => `
  SELECT principal_fingerprint AS p, sum(requests) AS n, sum(auth_failures) AS f, ${uniq(table)}(ips) AS ips
  FROM ${table} GROUP BY p ORDER BY p`

beforeAll(async () => {
  client = createStoreClient({ dataDir: join(dir.path, 'ch') })
})

afterAll(async () => {
  await client?.close()
  dir.remove()
})

describe('day and total rollups', () => {
  it('are backfilled from a store that held events, then follow inserts, and agree with the finer ones', async () => {
    const all = readMigrations()
    await migrate(
      client,
      all.filter((m) => m.version <= 4),
    )
    await client.insert({ table: 'events', values: events.slice(0, 250), format: 'JSONEachRow' })
    expect(
      await migrate(
        client,
        all.filter((m) => m.version <= 22),
      ),
    ).toEqual(all.filter((m) => m.version > 4 && m.version <= 22).map((m) => m.version))
    await client.insert({ table: 'events', values: events.slice(250), format: 'JSONEachRow' })

    const minute = await rows(endpointSums('endpoint_minute'))
    expect(minute.map((r) => (r as { n: number }).n)).toEqual([266, 134])
    expect(await rows(endpointSums('endpoint_day'))).toEqual(minute)
    expect(await rows(endpointSums('endpoint_total'))).toEqual(minute)

    const hour = await rows(principalSums('principal_hour'))
    expect(hour).toHaveLength(3)
    expect(await rows(principalSums('principal_day'))).toEqual(hour)
    expect(await rows(principalSums('principal_total'))).toEqual(hour)

    const days = await rows<{ d: number }>('SELECT uniqExact(minute) AS d FROM endpoint_day')
    expect(days[0]!.d).toBe(4) // three days of events starting at noon span four calendar days
    const epoch = await rows<{ t: number }>(
      'SELECT DISTINCT toUnixTimestamp(minute) AS t FROM endpoint_total',
    )
    expect(epoch).toEqual([{ t: 0 }])
  })
})
