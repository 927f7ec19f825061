// Migrations on a real embedded ClickHouse: applied once, idempotent, refusing edited history,
// and the events table laid out for the investigation queries.
import { cpSync, mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { makeEvent, T0, tempDir } from '../testing/index.js'
import { createStoreClient, type StoreClient } from './client.js'
import { toEventRow } from './event-row.js'
import { MIGRATIONS_DIR, MigrationError, migrate, readMigrations } from './migrate.js'
import { applyRetention } from './retention.js'

const dir = tempDir()
let client: StoreClient

beforeAll(() => {
  client = createStoreClient({ dataDir: join(dir.path, 'ch') })
})

afterAll(async () => {
  await client?.close()
  dir.remove()
})

const tables = async () =>
  (
    await (
      await client.query({
        query: 'SELECT name FROM system.tables WHERE database = currentDatabase() ORDER BY name',
        format: 'JSONEachRow',
      })
    ).json<{ name: string }>()
  ).map((r) => r.name)

describe('migrate', () => {
  it('applies every migration once; running again changes nothing', async () => {
    const all = readMigrations().map((m) => m.version)
    expect(all).toEqual([1, 2, 3, 4, 10, 11, 12, 20, 21, 22, 30, 31, 32, 33])
    expect(await migrate(client)).toEqual(all)
    expect(await migrate(client)).toEqual([])
    expect(await tables()).toEqual([
      'alerts',
      'api_specs',
      'audit_log',
      'dead_letters',
      'detector_state',
      'endpoint_day',
      'endpoint_day_mv',
      'endpoint_minute',
      'endpoint_minute_mv',
      'endpoint_total',
      'endpoint_total_mv',
      'events',
      'ingest_batches',
      'ip_hour',
      'ip_hour_mv',
      'principal_day',
      'principal_day_mv',
      'principal_hour',
      'principal_hour_mv',
      'principal_total',
      'principal_total_mv',
      'route_templates',
      'schema_migrations',
      'store_settings',
      'webhook_outbox',
    ])
    const recorded = await (
      await client.query({ query: 'SELECT count() AS n FROM schema_migrations', format: 'JSONEachRow' })
    ).json<{ n: number }>()
    expect(recorded[0]!.n).toBe(all.length)
  })

  it('creates the events table as designed: ReplacingMergeTree, daily partitions, event_id in the key', async () => {
    const [row] = await (
      await client.query({
        query:
          "SELECT engine, partition_key, sorting_key FROM system.tables WHERE database = currentDatabase() AND name = 'events'",
        format: 'JSONEachRow',
      })
    ).json<{ engine: string; partition_key: string; sorting_key: string }>()
    expect(row).toEqual({
      engine: 'ReplacingMergeTree',
      partition_key: 'toYYYYMMDD(ts)',
      sorting_key: 'service, toStartOfHour(ts), ts, event_id',
    })
  })

  it('lets an investigation query by credential skip the granules that cannot hold it', async () => {
    // 40,000 events over 40 s of one service; the credential asked for appears only in the last 100.
    const rows = Array.from({ length: 40_000 }, (_, i) =>
      toEventRow(
        makeEvent(`investigate-${i}`, {
          ts: T0 + i,
          principal: {
            kind: 'api_key',
            fingerprint: i >= 39_900 ? 'feedfacefeedface' : `${String(i % 97).padStart(16, '0')}`,
          },
        }),
        '/v1/orders/{id}',
      ),
    )
    await client.insert({ table: 'events', values: rows, format: 'JSONEachRow' })
    await client.command({ query: 'OPTIMIZE TABLE events FINAL' })
    const plan = (
      await (
        await client.query({
          query: 'EXPLAIN indexes = 1 SELECT count() FROM events WHERE principal_fingerprint = {fp:String}',
          query_params: { fp: 'feedfacefeedface' },
          format: 'TabSeparatedRaw',
        })
      ).text()
    ).split('\n')
    const at = plan.findIndex((line) => line.includes('principal_fingerprint_bloom'))
    expect(at).toBeGreaterThan(-1)
    const granules = plan.slice(at).find((line) => line.includes('Granules:'))!
    const [, read, of] = /Granules: (\d+)\/(\d+)/.exec(granules)!
    expect(Number(of)).toBeGreaterThanOrEqual(4)
    expect(Number(read)).toBe(1)
  })

  it('refuses a migration whose file changed after it was applied, naming it', async () => {
    const edited = tempDir()
    cpSync(MIGRATIONS_DIR, edited.path, { recursive: true })
    writeFileSync(
      join(edited.path, '002_dead_letters.sql'),
      'CREATE TABLE IF NOT EXISTS dead_letters (x UInt8) ENGINE = Memory',
    )
    await expect(migrate(client, readMigrations(edited.path))).rejects.toThrow(
      /002_dead_letters\.sql changed/,
    )
    edited.remove()
  })

  it('applies a new migration added later, and names a failing one', async () => {
    const next = tempDir()
    cpSync(MIGRATIONS_DIR, next.path, { recursive: true })
    writeFileSync(
      join(next.path, '900_extra.sql'),
      '-- two statements in one file\nCREATE TABLE IF NOT EXISTS extra_a (x UInt8) ENGINE = Memory;\nCREATE TABLE IF NOT EXISTS extra_b (x UInt8) ENGINE = Memory;\n',
    )
    expect(await migrate(client, readMigrations(next.path))).toEqual([900])
    expect(await tables()).toContain('extra_b')
    mkdirSync(join(next.path, 'bad'))
    cpSync(MIGRATIONS_DIR, join(next.path, 'bad'), { recursive: true })
    writeFileSync(join(next.path, 'bad', '901_broken.sql'), 'CREATE TABLE nope (')
    await expect(migrate(client, readMigrations(join(next.path, 'bad')))).rejects.toThrow(MigrationError)
    await expect(migrate(client, readMigrations(join(next.path, 'bad')))).rejects.toThrow(
      /901_broken\.sql failed/,
    )
    next.remove()
  })
})

describe('applyRetention', () => {
  it('sets the TTL in days after ingestion, once per change', async () => {
    expect(await applyRetention(client, 7)).toBe(true)
    expect(await applyRetention(client, 7)).toBe(false)
    const [row] = await (
      await client.query({
        query:
          "SELECT create_table_query AS q FROM system.tables WHERE database = currentDatabase() AND name = 'events'",
        format: 'JSONEachRow',
      })
    ).json<{ q: string }>()
    expect(row!.q).toMatch(/TTL toDateTime\(ingested_at\) \+ toIntervalDay\(.*7/)
    expect(await applyRetention(client, 30)).toBe(true)
  })
})
