// Query latency of the inventory and principal reads over many stored events in embedded
// ClickHouse (chdb). Fills a temp store with INSERT ... SELECT FROM numbers() (the materialized
// views fill every rollup as they would on ingest), then times each read and prints p50/p95/max.
// Baselines in the same run: the same lists read from the finer rollups (day, minute or hour)
// instead of the whole-history ones.
// Run: npx tsx analyzer/bench/query.ts [events=10000000] [runs=30] [--keep DIR] (DIR reused when it holds data)
import { existsSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { countEvents, endpointDetail, listEndpoints } from '../src/inventory/endpoints.js'
import { listPrincipals, principalDetail } from '../src/inventory/principals.js'
import { Templater } from '../src/inventory/templater.js'
import { createStoreClient } from '../src/store/client.js'
import { migrate } from '../src/store/migrate.js'

const args = process.argv.slice(2)
const keepAt = args.indexOf('--keep')
const keepDir = keepAt === -1 ? undefined : args.splice(keepAt, 2)[1]
const total = Number(args[0] ?? 10_000_000)
const runs = Number(args[1] ?? 30)
const CHUNK = 1_000_000
const DAYS = 30
const START = Date.UTC(2026, 9, 1) / 1000

const dir = keepDir ?? mkdtempSync(join(tmpdir(), 'gatewatch-bench-query-'))
const reuse = keepDir !== undefined && existsSync(join(dir, 'ch'))
const client = createStoreClient({ dataDir: join(dir, 'ch') })
await migrate(client)

// 4 services × 6 methods × 12 routes (288 endpoints), 20k credentials + anonymous callers, 20k
// IPs, over 30 days. Every value derives from the row number, so runs are comparable.
const FILL = `
INSERT INTO events (event_id, ts, collector, service, host, method, path, route, query, status,
  latency_ms, request_bytes, response_bytes, client_ip, user_agent, principal_kind,
  principal_fingerprint, principal_subject, country, asn)
SELECT
  lower(hex(cityHash64(number, {seed:UInt64}))) AS event_id,
  toDateTime64({start:UInt32} + intDiv(number * {span:UInt64}, {total:UInt64}), 3, 'UTC') AS ts,
  'bench',
  ['shop', 'accounts', 'payments', 'catalog'][number % 4 + 1] AS service,
  'api.bench.test',
  ['GET', 'GET', 'GET', 'POST', 'PUT', 'DELETE'][intDiv(number, 4) % 6 + 1] AS method,
  concat('/v1/r', toString(intDiv(number, 24) % 12), '/', toString(number % 5000)) AS path,
  concat('/v1/r', toString(intDiv(number, 24) % 12), '/{id:int}') AS route,
  '',
  multiIf(number % 20 = 0, 500, number % 7 = 0, 404, number % 31 = 0, 401, 200) AS status,
  toFloat64((cityHash64(number) % 400) + 1) AS latency_ms,
  toUInt64(120),
  toUInt64(cityHash64(number, 2) % 20000),
  concat('10.', toString(intDiv(number, 7) % 20000 % 250), '.', toString(intDiv(number, 7) % 80)) AS client_ip,
  'Mozilla/5.0 bench',
  if(number % 5 = 0, 'none', ['jwt', 'api_key', 'bearer', 'basic'][number % 4 + 1]) AS principal_kind,
  if(number % 5 = 0, '', lower(hex(cityHash64(intDiv(number, 3) % 20000)))) AS principal_fingerprint,
  if(number % 5 = 0, '', concat('user-', toString(intDiv(number, 3) % 20000))),
  ['DE', 'US', 'FR', 'BR'][number % 4 + 1],
  toUInt32(64500 + number % 40)
FROM numbers({offset:UInt64}, {n:UInt64})`

if (!reuse || (await countEvents(client)) < total) {
  const filled = performance.now()
  for (let offset = 0; offset < total; offset += CHUNK) {
    await client.command({
      query: FILL,
      query_params: {
        seed: 7,
        start: START,
        span: DAYS * 86_400,
        total,
        offset,
        n: Math.min(CHUNK, total - offset),
      },
      clickhouse_settings: { max_insert_threads: '2' },
    })
    process.stderr.write(`filled ${Math.min(offset + CHUNK, total).toLocaleString('en-US')} events\r`)
  }
  process.stderr.write(`\nfilled in ${((performance.now() - filled) / 1000).toFixed(1)} s\n`)
}

const count = async (table: string) =>
  (
    await (
      await client.query({ query: `SELECT count() AS n FROM ${table}`, format: 'JSONEachRow' })
    ).json<{
      n: number
    }>()
  )[0]!.n
const sizes = {
  events: await count('events'),
  endpoint_minute: await count('endpoint_minute'),
  endpoint_day: await count('endpoint_day'),
  principal_hour: await count('principal_hour'),
  principal_day: await count('principal_day'),
  endpoint_total: await count('endpoint_total'),
  principal_total: await count('principal_total'),
}
console.log(
  `rows: ${Object.entries(sizes)
    .map(([k, v]) => `${k}=${v.toLocaleString('en-US')}`)
    .join(' ')}`,
)

const templater = new Templater()
const list = { sort: 'requests', order: 'desc', limit: 100, offset: 0 } as const
const someEndpoint = (await listEndpoints(client, templater, list)).endpoints[0]!
const somePrincipal = (await listPrincipals(client, { ...list, limit: 1 })).principals[0]!

/** Name, read, and how many runs (the slow baselines get fewer so the run ends in minutes). */
const cases: [string, () => Promise<unknown>, number?][] = [
  ['endpoints list, whole history (endpoint_total)', () => listEndpoints(client, templater, list)],
  [
    'endpoints list, baseline from endpoint_day',
    () => listEndpoints(client, templater, { ...list, rollup: 'endpoint_day' }),
    10,
  ],
  [
    'endpoints list, baseline from endpoint_minute',
    () => listEndpoints(client, templater, { ...list, rollup: 'endpoint_minute' }),
    3,
  ],
  [
    'endpoints list, one day by p95 (endpoint_day)',
    () =>
      listEndpoints(client, templater, {
        ...list,
        sort: 'p95_ms',
        from: (START + 86_400 * 10) * 1000,
        to: (START + 86_400 * 11) * 1000,
      }),
  ],
  [
    'endpoint detail, hourly series (endpoint_minute)',
    () => endpointDetail(client, templater, someEndpoint.id, { bucket_ms: 3_600_000 }),
  ],
  ['principals list, whole history (principal_total)', () => listPrincipals(client, list)],
  [
    'principals list, baseline from principal_day',
    () => listPrincipals(client, { ...list, rollup: 'principal_day' }),
    10,
  ],
  [
    'principals list, baseline from principal_hour',
    () => listPrincipals(client, { ...list, rollup: 'principal_hour' }),
    3,
  ],
  ['principals list, by distinct IPs (sketch merge)', () => listPrincipals(client, { ...list, sort: 'ips' })],
  [
    'principals list, by auth failures, page 3',
    () => listPrincipals(client, { ...list, sort: 'auth_failures', offset: 200 }),
  ],
  ['principal profile, hourly series', () => principalDetail(client, somePrincipal.id)],
]

const pct = (xs: number[], q: number) => xs[Math.min(xs.length - 1, Math.ceil(q * xs.length) - 1)]!
console.log(`${runs} runs each (baselines fewer, shown as n=), after one warm-up run; ms`)
for (const [name, run, n = runs] of cases) {
  await run()
  const times: number[] = []
  for (let i = 0; i < n; i++) {
    const t = performance.now()
    await run()
    times.push(performance.now() - t)
  }
  times.sort((a, b) => a - b)
  console.log(
    `${`${name}${n === runs ? '' : ` n=${n}`}`.padEnd(58)} p50 ${pct(times, 0.5).toFixed(1).padStart(7)}  p95 ${pct(times, 0.95).toFixed(1).padStart(7)}  max ${times.at(-1)!.toFixed(1).padStart(7)}`,
  )
}

await client.close()
if (!keepDir) rmSync(dir, { recursive: true, force: true })
