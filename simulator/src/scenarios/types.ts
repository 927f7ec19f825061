// The vocabulary of attack scenarios: the alert types they exercise, the knobs every scenario
// takes, the ground-truth record the detection benchmark scores against, and what a scenario is.
import type { SimulatedRequest } from '../request.js'
import type { Rng } from '../rng.js'
import type { TrafficModel } from '../traffic.js'

/** Every alert type a detector may raise; each has one scenario. */
export const ATTACK_TYPES = [
  'token.new_network',
  'token.concurrent_networks',
  'token.scope_drift',
  'token.volume_anomaly',
  'token.expired_accepted',
  'token.dormant_reuse',
  'recon.low_and_slow',
  'recon.scan_burst',
  'recon.sensitive_paths',
  'bola.enumeration',
  'auth.credential_stuffing',
  'auth.brute_force',
  'volume.endpoint_spike',
  'volume.source_flood',
  'exfil.response_volume',
  'scrape.crawl',
  'injection.probe',
  'inventory.shadow_endpoint',
  'inventory.unauthenticated_access',
  'inventory.zombie_in_use',
] as const
export type AttackType = (typeof ATTACK_TYPES)[number]

export function isAttackType(name: string): name is AttackType {
  return (ATTACK_TYPES as readonly string[]).includes(name)
}

/** The knobs of one scenario run; each scenario names its defaults. */
export interface ScenarioKnobs {
  /** Attack requests per minute while the attack runs (before stealth slows it). */
  rate: number
  /** How long the attack runs, ms of event time. */
  durationMs: number
  /**
   * 0 (loud) to 1 (as quiet as the attack can be and still be itself): stealth lowers the rate
   * (to a quarter at 1) and makes the attacker blend in (browser user agent, residential proxy
   * networks, shuffled ids), as each scenario says.
   */
  stealth: number
}

/**
 * Who an alert is about, in the simulator's terms: `principal` is the user's id (JWT `sub`,
 * partner or service name, which the benchmark resolves to the credential fingerprints the
 * collector derives), `ip` a client IP, `endpoint` "SERVICE METHOD TEMPLATE" in the catalogue's
 * template (resolved to the analyzer's own template), `network` an AS number.
 */
export interface TruthSubject {
  kind: 'principal' | 'ip' | 'endpoint' | 'network'
  id: string
  label?: string
}

/** One line of the ground-truth file (JSONL): one attack. */
export interface GroundTruth {
  /** `<type>#<n>`, also set as `scenario` on each of its requests. */
  id: string
  type: AttackType
  subject: TruthSubject
  /** Event time of the first and the last attack request, ms since the epoch. */
  start: number
  end: number
  /** `$request_id` of every attack request, in time order (the AccessEvent keeps it as request_id). */
  request_ids: string[]
  knobs: ScenarioKnobs
}

/** What a scenario gets to build its traffic. */
export interface ScenarioContext {
  rng: Rng
  model: TrafficModel
  /** The simulated period, ms. */
  periodStart: number
  periodEnd: number
  /** When the attack starts, ms (the planner leaves room for its duration and a tail after it). */
  start: number
  knobs: ScenarioKnobs
  /** A fresh index for an actor the scenario creates (never one of the population's). */
  nextIndex(): number
}

/** A scenario's traffic: its attack requests and any benign history its actors need first. */
export interface ScenarioTraffic {
  subject: TruthSubject
  /** `label: 'attack'` requests are the ground truth; others (history) are benign. */
  requests: SimulatedRequest[]
}

export interface ScenarioDefinition {
  type: AttackType
  /** One sentence: what the attacker does, and what makes it that attack. */
  description: string
  defaults: ScenarioKnobs
  /** Share of the period the scenario needs before its start (history, a dormant gap). */
  needsHistory: number
  build(ctx: ScenarioContext): ScenarioTraffic
}
