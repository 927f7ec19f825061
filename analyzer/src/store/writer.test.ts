// What the writer stores is what it was given, column by column: events go as RowBinary
// (store/row-binary.ts), so every type family is sent here with the values that break encoders
// (newline and NUL bytes, quotes, multi-byte text, empty and long arrays, NULLs, the contract's
// largest numbers) and read back from the real embedded engine.
import { existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { MAX_TS } from '@gatewatch/schema'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { makeEvent, T0, tempDir } from '../testing/index.js'
import { createStoreClient, type StoreClient } from './client.js'
import { EVENT_COLUMNS, type EventRow, toEventRow } from './event-row.js'
import { migrate } from './migrate.js'
import { createStoreWriter } from './writer.js'

const dir = tempDir()
const dataDir = join(dir.path, 'ch')
const bodies = join(dataDir, 'insert_bodies')
let client: StoreClient

beforeAll(async () => {
  // What a process killed in the middle of an insert leaves behind (patches/chdb@3.4.0.patch).
  mkdirSync(bodies, { recursive: true })
  writeFileSync(join(bodies, 'killed-mid-insert.bin'), 'stale')
  client = createStoreClient({ dataDir })
  await migrate(client)
})
afterAll(async () => {
  await client.close()
  dir.remove()
})

const awkward = 'line\nbreak\r\n\ttab \u0000 nul "quote" \'single\' \\back\\slash ünïcødé 日本 🚀'

function rows(): EventRow[] {
  const plain = toEventRow(makeEvent('writer-plain'), '/v1/orders/{id}')
  const odd = {
    ...toEventRow(
      makeEvent('writer-odd', {
        ts: MAX_TS,
        path: `/v1/${awkward}`,
        query: `q=${awkward}`,
        status: 999,
        latency_ms: 0.125,
        request_bytes: Number.MAX_SAFE_INTEGER,
        response_bytes: 0,
        forwarded_for: ['10.0.0.1', '', awkward],
        user_agent: 'x'.repeat(1024),
        principal: {
          kind: 'jwt',
          fingerprint: 'aabbccddeeff0011',
          subject: awkward,
          issuer: 'https://id.example.test/',
          audience: Array.from({ length: 16 }, (_, i) => `aud-${i}`),
          client_id: 'web',
          scopes: [],
          iat: -Number.MAX_SAFE_INTEGER,
          exp: Number.MAX_SAFE_INTEGER,
          jti: '',
          alg: 'ES256',
        },
        request_id: awkward,
        gateway_route: 'orders',
        headers: { 'x-tenant': awkward, 'x-empty': '' },
      }),
      '/v1/{slug}',
    ),
    country: 'DE',
    asn: 4_294_967_295,
    as_org: awkward,
    ua_family: 'Chrome',
    bot: 'googlebot',
  }
  const anonymous = toEventRow(
    makeEvent('writer-anon', {
      ts: 0,
      latency_ms: undefined,
      request_bytes: undefined,
      response_bytes: undefined,
      principal: { kind: 'none' },
    }),
    '/',
  )
  return [plain, odd, anonymous]
}

describe('the store writer', () => {
  it('stores every column of every event exactly as given', async () => {
    const sent = rows()
    const written = await createStoreWriter(client).write({ source: 'test', events: sent, deadLetters: [] })
    expect(written.events).toHaveLength(3)

    const columns = EVENT_COLUMNS.map(([c]) => (c === 'ts' ? 'toUnixTimestamp64Milli(ts) AS ts' : c))
    const stored = await (
      await client.query({
        query: `SELECT ${columns.join(', ')} FROM events WHERE collector = 'test-collector' ORDER BY event_id`,
        format: 'JSONEachRow',
      })
    ).json<EventRow>()
    const expected = [...sent].sort((a, b) => (a.event_id < b.event_id ? -1 : 1))
    expect(stored).toEqual(expected)
  })

  it('stores a batch of thousands of events with text that holds newline bytes, once each', async () => {
    const many = Array.from({ length: 5000 }, (_, i) =>
      toEventRow(makeEvent(`writer-many-${i}`, { ts: T0 + i, path: `/p/${i}\n${awkward}` }), '/p/{id}'),
    )
    const writer = createStoreWriter(client)
    expect((await writer.write({ source: 'test', events: many, deadLetters: [] })).events).toHaveLength(5000)
    // The same batch again is recognised as stored: nothing is inserted twice.
    expect(await writer.write({ source: 'test', events: many, deadLetters: [] })).toMatchObject({
      events: [],
      duplicates: 5000,
    })
    const [row] = await (
      await client.query({
        query: `SELECT count() AS n, uniqExact(event_id) AS ids, countIf(endsWith(path, {tail:String})) AS intact
                FROM events WHERE startsWith(path, '/p/')`,
        query_params: { tail: awkward },
        format: 'JSONEachRow',
      })
    ).json<{ n: number; ids: number; intact: number }>()
    expect(row).toEqual({ n: 5000, ids: 5000, intact: 5000 })
  })

  it('leaves no insert body on disk, and the one a killed process left is gone at open', () => {
    expect(existsSync(bodies) ? readdirSync(bodies) : []).toEqual([])
  })
})
