// Throughput and state size of the volume, exfil, scrape and inventory detectors: N stored rows
// (2,000 clients, a quarter with credentials, 300 endpoints, some paging) fed in event-time order
// to each detector with the watermark moving as the engine moves it, against a baseline in the
// same run that does the same loop with a detector that does nothing. State is the JSON snapshot.
// Run: npx tsx bench/detectors3.ts [events]

import { exfilResponseVolume } from '../src/detectors/exfil-response-volume/index.js'
import { inventoryShadowEndpoint } from '../src/detectors/inventory-shadow-endpoint/index.js'
import { inventoryUnauthenticatedAccess } from '../src/detectors/inventory-unauthenticated-access/index.js'
import { inventoryZombieInUse } from '../src/detectors/inventory-zombie-in-use/index.js'
import { scrapeCrawl } from '../src/detectors/scrape-crawl/index.js'
import { detectorConfig } from '../src/detectors/testing.js'
import type { DetectorContext, DetectorDefinition, DetectorInstance } from '../src/detectors/types.js'
import { volumeEndpointSpike } from '../src/detectors/volume-endpoint-spike/index.js'
import { seeded } from '../src/detectors/volume-rate/traffic.js'
import { volumeSourceFlood } from '../src/detectors/volume-source-flood/index.js'
import { toEventRow } from '../src/store/event-row.js'
import { makeEvent, T0 } from '../src/testing/events.js'

const count = Number(process.argv[2] ?? 300_000)
const random = seeded(42)
const PER_SECOND = 200
const rows = Array.from({ length: count }, (_, i) => {
  const client = Math.floor(random() * 2000)
  const endpoint = Math.floor(random() ** 2 * 300)
  const e = makeEvent(`b${i}`, {
    ts: T0 + Math.floor((i * 1000) / PER_SECOND),
    client_ip: `10.${client >> 8}.${client & 255}.9`,
    path: `/v1/resource-${endpoint}`,
    query: endpoint % 10 === 0 ? `page=${(i % 50) + 1}` : '',
    response_bytes: Math.floor(random() * 50_000),
    principal:
      client % 4 === 0
        ? { kind: 'jwt', fingerprint: (0x10000 + client).toString(16).padStart(16, '0') }
        : { kind: 'none' },
  })
  return toEventRow(e, e.path)
})

const nothing: DetectorDefinition = {
  name: 'baseline_noop',
  types: [],
  config: volumeEndpointSpike.config,
  create: () => ({ onEvent() {}, onWatermark() {}, snapshot: () => null, restore() {}, size: () => 0 }),
}

function run(definition: DetectorDefinition<never>): {
  ms: number
  instance: DetectorInstance
  findings: number
} {
  const instance = definition.create(detectorConfig(definition))
  let findings = 0
  const ctx: DetectorContext & { watermark: number } = {
    watermark: Number.NEGATIVE_INFINITY,
    emit: () => findings++,
    inventory: {
      specStatus: (_s, _m, route) =>
        route.endsWith('7') ? 'shadow' : route.endsWith('3') ? 'zombie' : 'documented',
    },
  }
  const start = performance.now()
  for (const row of rows) {
    if (row.ts > ctx.watermark) {
      ctx.watermark = row.ts
      instance.onWatermark?.(ctx)
    }
    instance.onEvent(row, ctx)
  }
  return { ms: performance.now() - start, instance, findings }
}

const detectors = [
  nothing,
  volumeEndpointSpike,
  volumeSourceFlood,
  exfilResponseVolume,
  scrapeCrawl,
  inventoryShadowEndpoint,
  inventoryUnauthenticatedAccess,
  inventoryZombieInUse,
] as DetectorDefinition<never>[]

console.log(`${count} events over ${(count / PER_SECOND / 60).toFixed(0)} minutes of event time`)
console.log(
  'detector'.padEnd(34),
  'events/s'.padStart(12),
  'keys'.padStart(8),
  'state KiB'.padStart(10),
  'findings'.padStart(9),
)
for (const d of detectors) {
  run(d) // warm the JIT
  const { ms, instance, findings } = run(d)
  const state = Buffer.byteLength(JSON.stringify(instance.snapshot()) ?? '') / 1024
  console.log(
    d.name.padEnd(34),
    Math.round((count / ms) * 1000)
      .toLocaleString('en-US')
      .padStart(12),
    String(instance.size()).padStart(8),
    state.toFixed(0).padStart(10),
    String(findings).padStart(9),
  )
}
