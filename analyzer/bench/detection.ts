// Detection benchmark: for several seeds, simulated traffic with every attack scenario and the
// benign look-alikes goes through a real analyzer (collector parser → pipeline.processBatch →
// embedded ClickHouse → detectors), alerts are read through GET /api/v1/alerts and scored against
// the ground truth; then the real public logs in shared/data are replayed and every alert on them
// is counted as false. Thresholds (recall ≥ 0.95, precision ≥ 0.90 per type over the seeds) hold
// for the types a registered detector raises; the others are printed as missing. Exit 1 when a
// held type is below a threshold.
// Run: pnpm --filter @gatewatch/analyzer run bench:detection [--ci | --full] [--seeds 1,2] [--out DIR]
import { execFileSync } from 'node:child_process'
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { ATTACK_TYPES, groundTruthJsonl } from '@gatewatch/simulator'
import { registeredAlertTypes } from './detection/registered.js'
import {
  checkThresholds,
  falsePerMillion,
  median,
  mergeScores,
  precision,
  recall,
  scoreRun,
  type Thresholds,
  type TypeScore,
  verdict,
} from './detection/score.js'
import type { Job, JobResult } from './detection/worker.js'

const THRESHOLDS: Thresholds = { recall: 0.95, precision: 0.9 }
/** An alert may start or end this far outside an attack's window and still be about it. */
const SLACK_MS = 30 * 60_000
const START_MS = Date.parse('2026-11-16T00:00:00Z')
const REAL_LOGS = [
  { path: 'elastic-apache-logs/apache_logs', format: 'apache-combined' },
  { path: 'lnav-format-samples/logfile_shop_access_log.0', format: 'nginx-combined' },
]

/** CI keeps the run short (two seeds, three days each); full mode is five seeds of a week. */
const MODES = {
  ci: { seeds: [1, 2], count: 30_000, days: 3, users: 300 },
  full: { seeds: [1, 2, 3, 4, 5], count: 150_000, days: 7, users: 600 },
} as const

function parseArgs(argv: string[]) {
  let mode: keyof typeof MODES = process.env.CI ? 'ci' : 'full'
  let seeds: number[] | undefined
  let out: string | undefined
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]
    if (arg === '--ci') mode = 'ci'
    else if (arg === '--full') mode = 'full'
    else if (arg === '--seeds') seeds = (argv[++i] ?? '').split(',').map(Number)
    else if (arg === '--out') out = argv[++i]
    else if (arg !== '--')
      throw new Error(`unknown argument "${arg}"; expected --ci, --full, --seeds 1,2 or --out DIR`)
  }
  if (seeds?.some((s) => !Number.isInteger(s)))
    throw new Error('--seeds takes whole numbers separated by commas, e.g. --seeds 1,2')
  return { mode, settings: { ...MODES[mode], seeds: seeds ?? [...MODES[mode].seeds] }, out }
}

function runWorker(job: Job, dir: string, name: string): JobResult {
  const jobFile = join(dir, `${name}.job.json`)
  const resultFile = join(dir, `${name}.result.json`)
  writeFileSync(jobFile, JSON.stringify(job))
  const worker = new URL('./detection/worker.ts', import.meta.url).pathname
  execFileSync(process.execPath, ['--import', 'tsx', worker, jobFile, resultFile], { stdio: 'inherit' })
  return JSON.parse(readFileSync(resultFile, 'utf8')) as JobResult
}

const pct = (x: number | undefined) => (x === undefined ? '—' : x.toFixed(3))
const minutes = (ms: number | undefined) => (ms === undefined ? '—' : `${(ms / 60_000).toFixed(1)} min`)
const count = (x: number | undefined) => (x === undefined ? '—' : String(Math.round(x)))

function printTable(scores: Map<string, TypeScore>, benignEvents: number, registered: Set<string>): void {
  const header = [
    'type',
    'detector',
    'attacks',
    'detected',
    'recall',
    'alerts',
    'true',
    'cross',
    'false',
    'precision',
    'ttd events',
    'ttd time',
    'false/M benign',
  ]
  const rows = [...new Set([...ATTACK_TYPES, ...scores.keys()])].map((type) => {
    const s = scores.get(type)
    return [
      type,
      registered.has(type) ? 'yes' : 'missing',
      String(s?.attacks ?? 0),
      String(s?.detected ?? 0),
      pct(s ? recall(s) : 0),
      String(s?.alerts ?? 0),
      String(s?.truePositives ?? 0),
      String(s?.crossType ?? 0),
      String(s?.falsePositives ?? 0),
      pct(s ? precision(s) : undefined),
      count(s ? median(s.detectEvents) : undefined),
      minutes(s ? median(s.detectMs) : undefined),
      falsePerMillion(s?.falsePositives ?? 0, benignEvents).toFixed(1),
    ]
  })
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)))
  const line = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i]!)).join('  ')
  console.log(line(header))
  for (const r of rows) console.log(line(r))
}

async function main(): Promise<number> {
  const { mode, settings, out } = parseArgs(process.argv.slice(2))
  const dir = mkdtempSync(join(tmpdir(), 'gatewatch-detection-bench-'))
  const began = performance.now()
  try {
    const { registry, types: registered, detectors } = await registeredAlertTypes()
    console.log(
      `detection benchmark, ${mode} mode: seeds ${settings.seeds.join(', ')}, ${settings.count} normal requests over ${settings.days} days each, ${settings.users} users`,
    )
    console.log(
      registry
        ? `registered detectors: ${detectors.join(', ') || 'none'}`
        : 'no detector registry (analyzer/src/detectors/registry.ts) yet: every type is missing',
    )
    const runs: Map<string, TypeScore>[] = []
    let benignEvents = 0
    const falseAlerts: string[] = []
    let api: JobResult['api'] = 'present'
    let specsAbsent = false
    for (const seed of settings.seeds) {
      const result = runWorker(
        {
          kind: 'seed',
          seed,
          count: settings.count,
          startMs: START_MS,
          days: settings.days,
          users: settings.users,
          batch: 2000,
        },
        dir,
        `seed-${seed}`,
      )
      if (result.api === 'absent') api = 'absent'
      if (result.specs === 'absent') specsAbsent = true
      benignEvents += result.benignEvents
      runs.push(scoreRun(result.truths, result.alerts, { slackMs: SLACK_MS }))
      falseAlerts.push(
        ...result.alerts
          .filter((a) => verdict(a, result.truths, { slackMs: SLACK_MS }) === 'false')
          .map(
            (a) =>
              `seed ${seed} ${a.type} on ${a.subject.kind} ${a.subject.id}, ${new Date(a.first_seen).toISOString()} to ${new Date(a.last_seen).toISOString()}`,
          ),
      )
      const rate = ((result.benignEvents + result.attackEvents) / (result.ingestMs / 1000)).toFixed(0)
      console.log(
        `seed ${seed}: ${result.benignEvents} benign + ${result.attackEvents} attack events (${result.truths.length} attacks) stored and detected in ${(result.ingestMs / 1000).toFixed(1)} s (${rate} events/s); ${result.alerts.length} alerts`,
      )
      if (out !== undefined) {
        mkdirSync(out, { recursive: true })
        writeFileSync(join(out, `ground-truth-seed-${seed}.jsonl`), groundTruthJsonl(result.groundTruth))
        writeFileSync(join(out, `alerts-seed-${seed}.json`), JSON.stringify(result.alerts, null, 2))
        writeFileSync(join(out, `resolved-truth-seed-${seed}.json`), JSON.stringify(result.truths, null, 2))
      }
    }
    if (api === 'absent') console.log('GET /api/v1/alerts is not served yet (404): no alerts were read')
    if (specsAbsent)
      console.log(
        'PUT /api/v1/specs/:service is not served yet (404): the API specs were not imported, spec status is unknown',
      )
    const scores = mergeScores(runs)
    console.log('')
    printTable(scores, benignEvents, registered)
    if (falseAlerts.length > 0) {
      console.log(`\nfalse alerts on simulated traffic (${falseAlerts.length}; the first 20):`)
      for (const f of falseAlerts.slice(0, 20)) console.log(`  ${f}`)
    }

    const real = runWorker({ kind: 'real-logs', files: REAL_LOGS, batch: 2000 }, dir, 'real-logs')
    const realByType = new Map<string, number>()
    for (const a of real.alerts) realByType.set(a.type, (realByType.get(a.type) ?? 0) + 1)
    console.log('')
    console.log(
      `real logs (${REAL_LOGS.map((f) => f.path).join(', ')}): ${real.benignEvents} events stored, ${real.feed.lines - real.benignEvents} lines not parsed; ${real.alerts.length} alerts, all counted false (${falsePerMillion(real.alerts.length, real.benignEvents).toFixed(1)} per million events)`,
    )
    for (const [type, n] of [...realByType].sort()) console.log(`  ${type}: ${n}`)

    const report = checkThresholds(scores, ATTACK_TYPES, registered, THRESHOLDS)
    console.log('')
    if (report.missing.length > 0)
      console.log(`missing (no registered detector, thresholds not applied): ${report.missing.join(', ')}`)
    console.log(
      `held to recall ≥ ${THRESHOLDS.recall} and precision ≥ ${THRESHOLDS.precision}: ${ATTACK_TYPES.length - report.missing.length} types`,
    )
    for (const f of report.failures) console.log(`BELOW THRESHOLD ${f}`)
    console.log(`total ${((performance.now() - began) / 1000).toFixed(0)} s`)
    return report.failures.length > 0 ? 1 : 0
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}

process.exitCode = await main()
