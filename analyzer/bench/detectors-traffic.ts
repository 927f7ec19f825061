// Throughput of the recon, BOLA, auth and injection detectors: the real Apache log (enriched)
// replayed `rounds` times, five days apart, through each detector alone,
// against a no-op detector in the same run as the baseline; best of three runs each. Prints
// events/s, findings, keys held and the snapshot size.
// Run: npx tsx analyzer/bench/detectors-traffic.ts [rounds]
import { detectorDefinitions } from '../src/detectors/registry.js'
import { detectorConfig } from '../src/detectors/testing.js'
import { combinedLogRows } from '../src/detectors/traffic/real-logs.js'
import type { DetectorContext, DetectorDefinition, DetectorInstance } from '../src/detectors/types.js'
import type { EventRow } from '../src/store/event-row.js'

const rounds = Number(process.argv[2] ?? 20)
const DAY = 86_400_000
const base = combinedLogRows('elastic-apache-logs', 'apache_logs').sort((a, b) => a.ts - b.ts)
const rows: EventRow[] = []
for (let r = 0; r < rounds; r++)
  for (const row of base) rows.push({ ...row, ts: row.ts + r * 5 * DAY, event_id: `${r}-${row.event_id}` })

const noop: DetectorInstance = { onEvent() {}, snapshot: () => null, restore() {}, size: () => 0 }

function run(instance: DetectorInstance): { ms: number; findings: number } {
  let findings = 0
  const ctx: DetectorContext & { watermark: number } = {
    watermark: 0,
    emit: () => findings++,
    inventory: { specStatus: () => 'unspecified' },
  }
  const started = performance.now()
  for (const row of rows) {
    if (row.ts > ctx.watermark) {
      ctx.watermark = row.ts
      instance.onWatermark?.(ctx)
    }
    instance.onEvent(row, ctx)
  }
  return { ms: performance.now() - started, findings }
}

const line = (name: string, ms: number, extra = '') =>
  console.log(
    `${name.padEnd(26)} ${Math.round(rows.length / (ms / 1000))
      .toLocaleString('en')
      .padStart(12)} events/s ${extra}`,
  )

console.log(`${rows.length.toLocaleString('en')} rows (${base.length} real lines × ${rounds})`)
line('baseline (no-op detector)', run(noop).ms)
for (const d of detectorDefinitions.filter((d) =>
  /^(recon|bola|auth|injection)_/.test(d.name),
) as DetectorDefinition<unknown>[]) {
  const instance = d.create(detectorConfig(d))
  const { ms, findings } = run(instance)
  line(
    d.name,
    ms,
    `findings ${findings}, keys held ${instance.size()}, snapshot ${JSON.stringify(instance.snapshot()).length} B`,
  )
}
