// Throughput of the per-line hot path: parse + normalize + redact (+ the contract validator the
// pipeline runs), on 200k generated lines per format held in memory. Run: pnpm --filter
// @gatewatch/collector bench (or npx tsx bench/parse.ts [lines]).
import { validateAccessEvent } from '@gatewatch/schema'
import { createNormalizer } from '../src/normalize.js'
import { getParser } from '../src/parsers/registry.js'
import { createRedactor } from '../src/redact/index.js'
import { generateLines } from '../src/testing/generate.js'

const count = Number(process.argv[2] ?? 200_000)
const generated = generateLines(count)
const normalize = createNormalizer({
  collectorId: 'bench',
  redactor: createRedactor({ hmacKey: 'bench-hmac-key-0123456789abcdef' }),
})

function measure(format: 'nginx-json' | 'nginx-combined', lines: string[], validate: boolean): number {
  const parser = getParser(format)
  let ok = 0
  const start = process.hrtime.bigint()
  for (let i = 0; i < lines.length; i++) {
    const r = parser.parse(lines[i]!)
    if (!r.ok) continue
    const e = normalize(r.record, { sourceId: 'bench-source', offset: i * 400 })
    if (validate && !validateAccessEvent(e).ok) continue
    ok++
  }
  const seconds = Number(process.hrtime.bigint() - start) / 1e9
  if (ok !== lines.length) throw new Error(`${format}: only ${ok} of ${lines.length} lines became events`)
  return lines.length / seconds
}

for (const format of ['nginx-json', 'nginx-combined'] as const) {
  const lines = generated.map((g) => (format === 'nginx-json' ? g.json : g.combined))
  measure(format, lines.slice(0, 20_000), true) // warm-up: let the JIT settle
  // Best of three: the machine is shared, the best run is the closest to the code's own cost.
  const best = (validate: boolean) => Math.max(...[0, 1, 2].map(() => measure(format, lines, validate)))
  const bare = best(false)
  const validated = best(true)
  console.log(
    JSON.stringify({
      format,
      lines: lines.length,
      parse_normalize_redact_lines_per_s: Math.round(bare),
      with_validation_lines_per_s: Math.round(validated),
    }),
  )
}
