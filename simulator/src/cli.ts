// gatewatch-simulator's command line. Batch mode writes `--count` requests with historical
// timestamps between `--start` and `--end`; live mode appends `--rate` requests per second
// stamped with the current time until killed or `--duration` is over.

import { once } from 'node:events'
import { createWriteStream, type WriteStream, writeFileSync } from 'node:fs'
import { Command, InvalidArgumentError } from 'commander'
import { formatterFor, isOutputFormat, OUTPUT_FORMATS, type OutputFormat } from './formats/index.js'
import { generateLines } from './generate.js'
import { runLive } from './live.js'
import { createScenarioRun, groundTruthJsonl, type ScenarioPlan } from './scenarios/mix.js'
import { ATTACK_TYPES, isAttackType, type ScenarioKnobs } from './scenarios/types.js'

function positiveNumber(flag: string) {
  return (value: string): number => {
    const n = Number(value)
    if (!Number.isFinite(n) || n <= 0)
      throw new InvalidArgumentError(`${flag} must be a positive number, got "${value}"`)
    return n
  }
}

function nonNegativeInteger(flag: string) {
  return (value: string): number => {
    const n = Number(value)
    if (!Number.isInteger(n) || n < 0)
      throw new InvalidArgumentError(`${flag} must be a whole number, got "${value}"`)
    return n
  }
}

function isoTime(flag: string) {
  return (value: string): number => {
    const ms = Date.parse(value)
    if (!Number.isFinite(ms))
      throw new InvalidArgumentError(
        `${flag} must be an ISO 8601 time such as 2026-11-22T00:00:00Z, got "${value}"`,
      )
    return ms
  }
}

function scenarioList(value: string): ScenarioPlan[] {
  if (value === 'all') return ATTACK_TYPES.map((type) => ({ type }))
  return value.split(',').map((name) => {
    const type = name.trim()
    if (!isAttackType(type))
      throw new InvalidArgumentError(
        `unknown scenario "${type}"; expected all or some of ${ATTACK_TYPES.join(', ')}`,
      )
    return { type }
  })
}

function stealth(value: string): number {
  const n = Number(value)
  if (!(n >= 0 && n <= 1)) throw new InvalidArgumentError(`--stealth must be between 0 and 1, got "${value}"`)
  return n
}

function format(value: string): OutputFormat {
  if (!isOutputFormat(value))
    throw new InvalidArgumentError(`--format must be one of ${OUTPUT_FORMATS.join(', ')}, got "${value}"`)
  return value
}

interface Flags {
  format: OutputFormat
  seed: string
  users?: number
  out?: string
  count?: number
  start?: number
  end?: number
  rate?: number
  duration?: number
  scenarios?: ScenarioPlan[]
  truth?: string
  attackRate?: number
  attackDuration?: number
  stealth?: number
  lookalikes: boolean
}

const program = new Command('gatewatch-simulator')
  .description('Writes realistic, labelled access logs of a small API (shop, accounts, payments, catalog).')
  .option(
    '--format <format>',
    `log format: ${OUTPUT_FORMATS.join(' | ')}`,
    format,
    'nginx-json' as OutputFormat,
  )
  .option('--seed <seed>', 'seed of the generator; the same seed gives the same log', '1')
  .option(
    '--users <n>',
    'number of authenticated users and clients (default 300)',
    nonNegativeInteger('--users'),
  )
  .option(
    '--out <file>',
    'file to write (batch: created or truncated; live: appended). Batch default: stdout',
  )
  .option('--count <n>', 'batch mode: number of requests', nonNegativeInteger('--count'))
  .option('--start <iso>', 'batch mode: first instant (default: 24 hours before --end)', isoTime('--start'))
  .option('--end <iso>', 'batch mode: end instant, exclusive (default: now)', isoTime('--end'))
  .option('--rate <per-second>', 'live mode: requests per second', positiveNumber('--rate'))
  .option('--duration <seconds>', 'live mode: stop after this many seconds', positiveNumber('--duration'))
  .option(
    '--scenarios <list>',
    `batch mode: attack scenarios to mix in, "all" or a comma list of ${ATTACK_TYPES.join(', ')}`,
    scenarioList,
  )
  .option('--truth <file>', 'with --scenarios: where to write the ground truth (JSONL, one attack a line)')
  .option(
    '--attack-rate <per-minute>',
    "with --scenarios: every attack's rate (default: each scenario's)",
    positiveNumber('--attack-rate'),
  )
  .option(
    '--attack-duration <minutes>',
    "with --scenarios: every attack's duration (default: each scenario's)",
    positiveNumber('--attack-duration'),
  )
  .option(
    '--stealth <0..1>',
    'with --scenarios: 0 loud (default) to 1 as quiet as each attack can be',
    stealth,
  )
  .option(
    '--no-lookalikes',
    'with --scenarios: leave out the benign look-alikes (nightly export, crawler, ...)',
  )
  .showHelpAfterError()

program.parse()
const flags = program.opts<Flags>()

function fail(message: string): never {
  process.stderr.write(`gatewatch-simulator: ${message}\n`)
  process.exit(2)
}

async function writeAll(out: WriteStream | NodeJS.WriteStream, lines: Iterable<string>): Promise<void> {
  let chunk = ''
  for (const line of lines) {
    chunk += `${line}\n`
    if (chunk.length >= 1 << 16) {
      if (!out.write(chunk)) await once(out, 'drain')
      chunk = ''
    }
  }
  if (chunk) out.write(chunk)
}

if (flags.count !== undefined && flags.rate !== undefined)
  fail('choose batch mode (--count) or live mode (--rate), not both')
if (flags.count === undefined && flags.rate === undefined) fail('give --count N (batch) or --rate R (live)')

try {
  if (flags.count !== undefined) {
    const endMs = flags.end ?? Date.now()
    const startMs = flags.start ?? endMs - 24 * 3_600_000
    if (endMs <= startMs)
      fail(
        `--end (${new Date(endMs).toISOString()}) must be after --start (${new Date(startMs).toISOString()})`,
      )
    const out = flags.out ? createWriteStream(flags.out) : process.stdout
    process.stdout.on('error', (err: NodeJS.ErrnoException) => {
      if (err.code === 'EPIPE') process.exit(0)
      throw err
    })
    if (flags.scenarios === undefined) {
      if (flags.truth !== undefined) fail('--truth needs --scenarios')
      await writeAll(
        out,
        generateLines({
          seed: flags.seed,
          count: flags.count,
          format: flags.format,
          startMs,
          endMs,
          users: flags.users,
        }),
      )
    } else {
      if (flags.truth === undefined) fail('--scenarios needs --truth FILE for the ground truth')
      const knobs: Partial<ScenarioKnobs> = {}
      if (flags.attackRate !== undefined) knobs.rate = flags.attackRate
      if (flags.attackDuration !== undefined) knobs.durationMs = flags.attackDuration * 60_000
      if (flags.stealth !== undefined) knobs.stealth = flags.stealth
      const run = createScenarioRun({
        seed: flags.seed,
        count: flags.count,
        startMs,
        endMs,
        users: flags.users,
        scenarios: flags.scenarios,
        knobs,
        lookalikes: flags.lookalikes,
      })
      writeFileSync(flags.truth, groundTruthJsonl(run.truth))
      const line = formatterFor(flags.format)
      await writeAll(
        out,
        (function* () {
          for (const req of run.requests()) yield line(req)
        })(),
      )
    }
    if (out !== process.stdout) {
      out.end()
      await once(out, 'finish')
    }
  } else {
    if (!flags.out) fail('live mode needs --out FILE to append to')
    const controller = new AbortController()
    for (const sig of ['SIGTERM', 'SIGINT'] as const) process.once(sig, () => controller.abort())
    const written = await runLive({
      seed: flags.seed,
      format: flags.format,
      rate: flags.rate!,
      out: flags.out,
      durationSec: flags.duration,
      users: flags.users,
      signal: controller.signal,
    })
    process.stderr.write(`${JSON.stringify({ msg: 'Live traffic stopped.', lines: written })}\n`)
  }
} catch (err) {
  // Bad option values (a too-small --users) and I/O errors end with one line, not a stack.
  fail((err as Error).message)
}
