// Throughput check: 200k AccessEvents as NDJSON bytes through decode → validate → route template
// → batched insert into embedded ClickHouse (chdb) in a temp directory. Prints events/s.
// Run: npx tsx analyzer/bench/ingest.ts [events] [batch]
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { AccessEvent } from '@gatewatch/schema'
import { countEvents } from '../src/inventory/endpoints.js'
import { createPipeline, type RawRecord } from '../src/pipeline/pipeline.js'
import { createStoreClient } from '../src/store/client.js'
import { migrate } from '../src/store/migrate.js'
import { createStoreWriter } from '../src/store/writer.js'

const total = Number(process.argv[2] ?? 200_000)
const batchSize = Number(process.argv[3] ?? 10_000)
const paths = [
  '/v1/orders/{n}',
  '/v1/users/{n}/cart',
  '/v2/products/{hex}',
  '/api/v1/health',
  '/users/me',
  '/login',
]
const methods = ['GET', 'GET', 'GET', 'POST', 'PUT', 'DELETE']

function event(i: number): AccessEvent {
  const hex = (i * 2654435761).toString(16).padStart(8, '0').slice(-12)
  return {
    v: 1,
    event_id: (BigInt(i) * 0x9e3779b97f4a7c15n).toString(16).padStart(32, '0').slice(-32),
    ts: 1_768_478_400_000 + i * 10,
    collector: 'bench',
    service: `svc-${i % 4}`,
    host: 'api.bench.test',
    method: methods[i % methods.length]!,
    path: paths[i % paths.length]!.replace('{n}', String(i % 5000)).replace('{hex}', hex),
    query: i % 3 === 0 ? 'page=2&sort=asc' : '',
    status: i % 20 === 0 ? 500 : i % 7 === 0 ? 404 : 200,
    latency_ms: (i % 250) + 0.5,
    request_bytes: 120,
    response_bytes: 2048,
    client_ip: `198.51.100.${i % 250}`,
    forwarded_for: [],
    user_agent: 'Mozilla/5.0 (X11; Linux x86_64) bench',
    principal:
      i % 2 === 0
        ? {
            kind: 'jwt',
            fingerprint: 'aabbccddeeff0011',
            subject: `user-${i % 1000}`,
            scopes: ['orders:read'],
          }
        : { kind: 'none' },
  }
}

const records: RawRecord[] = Array.from({ length: total }, (_, i) => ({
  bytes: Buffer.from(JSON.stringify(event(i))),
  origin: `bench line ${i + 1}`,
}))
const dir = mkdtempSync(join(tmpdir(), 'gatewatch-bench-'))
const client = createStoreClient({ dataDir: dir })
try {
  await migrate(client)
  const pipeline = createPipeline({ writer: createStoreWriter(client), maxEventBytes: 64 * 1024 })

  // Steps alone (decode + validate + template), no insert.
  let started = performance.now()
  for (let i = 0; i < total; i += batchSize) pipeline.prepare('bench', records.slice(i, i + batchSize))
  const stepsSeconds = (performance.now() - started) / 1000

  // The whole path, batch by batch, each acknowledged after its insert.
  started = performance.now()
  let accepted = 0
  for (let i = 0; i < total; i += batchSize) {
    accepted += (await pipeline.processBatch('bench', records.slice(i, i + batchSize))).accepted
  }
  const totalSeconds = (performance.now() - started) / 1000
  const stored = await countEvents(client)
  const rate = (n: number, s: number) => Math.round(n / s).toLocaleString('en-US')
  console.log(
    JSON.stringify({
      events: total,
      batch: batchSize,
      steps_events_per_s: rate(total, stepsSeconds),
      end_to_end_events_per_s: rate(total, totalSeconds),
      end_to_end_seconds: Number(totalSeconds.toFixed(2)),
      accepted,
      stored,
    }),
  )
  if (stored !== total) throw new Error(`stored ${stored} events, expected ${total}`)
} finally {
  await client.close()
  rmSync(dir, { recursive: true, force: true })
}
