// The rollups (migration 004) agree with the raw events they summarize: every count, sum and
// distinct count read from endpoint_minute, principal_hour and ip_hour equals the same aggregate
// computed over events, and a store that held events before the migration is backfilled once.
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { makeEvent, T0, tempDir } from '../testing/index.js'
import { createStoreClient, type StoreClient } from './client.js'
import { toEventRow } from './event-row.js'
import { migrate, readMigrations } from './migrate.js'

const dir = tempDir()
let client: StoreClient

const rows = async <T>(query: string): Promise<T[]> =>
  (await client.query({ query, format: 'JSONEachRow' })).json<T>()

/** 600 events over 3 hours: two endpoints, three principals and anonymous callers, mixed answers. */
function traffic() {
  const statuses = [200, 200, 201, 204, 301, 401, 403, 404, 429, 500, 503, 0]
  const kinds = ['jwt', 'api_key', 'none'] as const
  return Array.from({ length: 600 }, (_, i) => {
    const kind = kinds[i % 3]!
    return toEventRow(
      makeEvent(`rollup-${i}`, {
        ts: T0 + i * 18_000,
        path: i % 2 ? `/v1/orders/${i}` : '/v1/cart',
        status: statuses[i % statuses.length]!,
        latency_ms: i % 7 === 0 ? undefined : (i % 50) + 1,
        response_bytes: i * 10,
        client_ip: `198.51.100.${i % 5}`,
        principal:
          kind === 'none'
            ? { kind: 'none' }
            : { kind, fingerprint: `${kind === 'jwt' ? 'aa' : 'bb'}${String(i % 4).repeat(14)}` },
      }),
      i % 2 ? '/v1/orders/{id}' : '/v1/cart',
    )
  })
}

beforeAll(async () => {
  client = createStoreClient({ dataDir: join(dir.path, 'ch') })
})

afterAll(async () => {
  await client?.close()
  dir.remove()
})

describe('rollups', () => {
  it('backfills from events stored before the migration, then follows every insert', async () => {
    const all = readMigrations()
    const events = traffic()
    await migrate(
      client,
      all.filter((m) => m.version < 4),
    )
    await client.insert({ table: 'events', values: events.slice(0, 300), format: 'JSONEachRow' })
    expect(await migrate(client, all)).toEqual(all.filter((m) => m.version >= 4).map((m) => m.version))
    await client.insert({ table: 'events', values: events.slice(300), format: 'JSONEachRow' })

    const fromRollup = await rows(`
      SELECT route, sum(requests) AS requests, sum(status_2xx) AS s2, sum(status_3xx) AS s3,
             sum(status_4xx) AS s4, sum(status_5xx) AS s5, sum(status_other) AS so,
             sum(auth_none) AS none, sum(auth_jwt) AS jwt, sum(auth_api_key) AS api_key,
             sum(unauth_2xx) AS unauth_2xx, sum(latency_count) AS lat_n, sum(response_bytes_sum) AS bytes,
             uniqMerge(consumers) AS consumers,
             toUnixTimestamp64Milli(min(first_seen)) AS first, toUnixTimestamp64Milli(max(last_seen)) AS last
      FROM endpoint_minute GROUP BY route ORDER BY route`)
    const fromEvents = await rows(`
      SELECT route, count() AS requests, countIf(status >= 200 AND status < 300) AS s2,
             countIf(status >= 300 AND status < 400) AS s3, countIf(status >= 400 AND status < 500) AS s4,
             countIf(status >= 500) AS s5, countIf(status < 200) AS so,
             countIf(principal_kind = 'none') AS none, countIf(principal_kind = 'jwt') AS jwt,
             countIf(principal_kind = 'api_key') AS api_key,
             countIf(principal_kind = 'none' AND status >= 200 AND status < 300) AS unauth_2xx,
             count(latency_ms) AS lat_n, sum(ifNull(response_bytes, 0)) AS bytes,
             uniqExact(if(principal_fingerprint != '', principal_fingerprint, client_ip)) AS consumers,
             toUnixTimestamp64Milli(min(ts)) AS first, toUnixTimestamp64Milli(max(ts)) AS last
      FROM events GROUP BY route ORDER BY route`)
    expect(fromRollup).toEqual(fromEvents)
    expect(fromRollup.map((r) => (r as { requests: number }).requests)).toEqual([300, 300])

    const principals = await rows(`
      SELECT principal_fingerprint AS p, sum(requests) AS n, sum(auth_failures) AS f, uniqMerge(ips) AS ips
      FROM principal_hour GROUP BY p ORDER BY p`)
    const principalsRaw = await rows(`
      SELECT principal_fingerprint AS p, count() AS n, countIf(status IN (401, 403)) AS f, uniqExact(client_ip) AS ips
      FROM events WHERE principal_fingerprint != '' GROUP BY p ORDER BY p`)
    expect(principals).toEqual(principalsRaw)
    expect(principals).toHaveLength(8)

    const ips = await rows(`
      SELECT client_ip AS ip, sum(requests) AS n, sum(unauthenticated) AS anon, uniqMerge(principals) AS principals
      FROM ip_hour GROUP BY ip ORDER BY ip`)
    const ipsRaw = await rows(`
      SELECT client_ip AS ip, count() AS n, countIf(principal_kind = 'none') AS anon,
             uniqExactIf(principal_fingerprint, principal_fingerprint != '') AS principals
      FROM events GROUP BY ip ORDER BY ip`)
    expect(ips).toEqual(ipsRaw)
  })

  it('does not backfill twice when the migration runs again on a fresh record', async () => {
    const [before] = await rows<{ n: number }>('SELECT sum(requests) AS n FROM endpoint_minute')
    const m4 = readMigrations().find((m) => m.version === 4)!
    for (const statement of m4.statements) await client.command({ query: statement })
    const [after] = await rows<{ n: number }>('SELECT sum(requests) AS n FROM endpoint_minute')
    expect(after!.n).toBe(before!.n)
  })
})
