// Scenario runs: normal traffic with attack scenarios and benign look-alikes mixed in, in event
// time order, and the ground truth of the attacks. Attacks and look-alikes draw from their own
// forks of the seed, so adding a scenario never changes the normal traffic of a seed.

import type { SimulatedRequest } from '../request.js'
import { createRng } from '../rng.js'
import { eventTimes } from '../timeline.js'
import { createTrafficModel } from '../traffic.js'
import { LOOKALIKES } from './lookalikes.js'
import { SCENARIOS } from './registry.js'
import { ATTACK_TYPES, type AttackType, type GroundTruth, isAttackType, type ScenarioKnobs } from './types.js'

/** One attack to mix in: its type and any knobs to change from the scenario's defaults. */
export interface ScenarioPlan {
  type: AttackType
  knobs?: Partial<ScenarioKnobs>
}

export interface ScenarioRunOptions {
  seed: number | string
  /** Normal requests over the period (attacks and look-alikes come on top). */
  count: number
  startMs: number
  endMs: number
  users?: number
  /** Attacks to mix in; default one of every type with its default knobs. */
  scenarios?: readonly ScenarioPlan[]
  /** Knobs applied to every planned scenario (a plan's own knobs win). */
  knobs?: Partial<ScenarioKnobs>
  /** Mix in the benign look-alikes (default true). */
  lookalikes?: boolean
}

export interface ScenarioRun {
  truth: GroundTruth[]
  /** Every request of the run in ascending event time (normal, look-alike and attack). */
  requests(): Generator<SimulatedRequest>
}

const HOUR = 3_600_000
/** Event time left after the last attack so windows close and the watermark passes every attack. */
const TAIL_MS = 2 * HOUR
const FIRST_ACTOR_INDEX = 1_000_000

function checkKnobs(type: string, knobs: ScenarioKnobs): void {
  if (!(knobs.rate > 0) || !Number.isFinite(knobs.rate))
    throw new Error(`${type}: rate must be a positive number of requests per minute, got ${knobs.rate}`)
  if (!(knobs.durationMs > 0) || !Number.isFinite(knobs.durationMs))
    throw new Error(`${type}: durationMs must be a positive duration, got ${knobs.durationMs}`)
  if (!(knobs.stealth >= 0 && knobs.stealth <= 1))
    throw new Error(`${type}: stealth must be between 0 and 1, got ${knobs.stealth}`)
}

/** Plans, builds and labels every scenario; the requests stream merges them with normal traffic. */
export function createScenarioRun(options: ScenarioRunOptions): ScenarioRun {
  const span = options.endMs - options.startMs
  if (!(span > 0))
    throw new Error(`endMs (${options.endMs}) must be a time after startMs (${options.startMs})`)
  const plans: readonly ScenarioPlan[] = options.scenarios ?? ATTACK_TYPES.map((type) => ({ type }))
  const root = createRng(options.seed)
  const model = createTrafficModel(root, options.users === undefined ? {} : { users: options.users })
  let nextIndex = FIRST_ACTOR_INDEX
  const extra: SimulatedRequest[] = []
  const truth: GroundTruth[] = []

  plans.forEach((plan, n) => {
    if (!isAttackType(plan.type))
      throw new Error(`unknown scenario type "${plan.type}"; known: ${ATTACK_TYPES.join(', ')}`)
    const scenario = SCENARIOS[plan.type]
    const knobs: ScenarioKnobs = { ...scenario.defaults, ...options.knobs, ...plan.knobs }
    checkKnobs(plan.type, knobs)
    const rng = root.fork(`scenario/${n}/${plan.type}`)
    // Start somewhere after the history the scenario needs, leaving its duration and a tail.
    const earliest = options.startMs + scenario.needsHistory * span
    const latest = options.endMs - knobs.durationMs - TAIL_MS
    if (latest < earliest)
      throw new Error(
        `${plan.type}: the period is too short for a ${knobs.durationMs} ms attack after ${scenario.needsHistory * 100}% of history`,
      )
    const start = Math.floor((earliest + rng.next() * (latest - earliest)) / 1000) * 1000
    const id = `${plan.type}#${n}`
    const built = scenario.build({
      rng,
      model,
      periodStart: options.startMs,
      periodEnd: options.endMs,
      start,
      knobs,
      nextIndex: () => nextIndex++,
    })
    // A scenario's benign history may precede the period (a key last used weeks ago), never end after it.
    const inPeriod = built.requests.filter(
      (r) => r.ts < options.endMs && (r.ts >= options.startMs || r.label !== 'attack'),
    )
    const attack = inPeriod.filter((r) => r.label === 'attack').sort((a, b) => a.ts - b.ts)
    if (attack.length === 0) throw new Error(`${plan.type}: the scenario produced no attack request`)
    for (const r of inPeriod) extra.push({ ...r, scenario: id })
    truth.push({
      id,
      type: plan.type,
      subject: built.subject,
      start: attack[0]!.ts,
      end: attack[attack.length - 1]!.ts,
      request_ids: attack.map((r) => r.requestId),
      knobs,
    })
  })

  if (options.lookalikes ?? true) {
    for (const lookalike of LOOKALIKES) {
      const rng = root.fork(`lookalike/${lookalike.name}`)
      extra.push(
        ...lookalike.build({
          rng,
          model,
          periodStart: options.startMs,
          periodEnd: options.endMs,
          nextIndex: () => nextIndex++,
        }),
      )
    }
  }
  extra.sort((a, b) => a.ts - b.ts)

  return {
    truth,
    *requests() {
      // A fresh model per pass so the normal stream is the same every time it is read.
      const normal = createTrafficModel(
        createRng(options.seed),
        options.users === undefined ? {} : { users: options.users },
      )
      const times = eventTimes(
        createRng(options.seed).fork('timeline'),
        options.count,
        options.startMs,
        options.endMs,
      )
      let i = 0
      for (const ts of times) {
        const req = normal.requestAt(ts)
        while (i < extra.length && extra[i]!.ts <= req.ts) yield extra[i++]!
        yield req
      }
      while (i < extra.length) yield extra[i++]!
    },
  }
}

/** The ground truth as JSON lines, one attack per line. */
export function groundTruthJsonl(truth: readonly GroundTruth[]): string {
  return truth.map((t) => JSON.stringify(t)).join('\n') + (truth.length > 0 ? '\n' : '')
}
