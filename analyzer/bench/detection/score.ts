// Scoring of the detection benchmark, pure: alerts (as GET /api/v1/alerts returns them) are
// matched to ground truth by type, subject and time overlap, then counted per alert type.

/** An attack as the benchmark knows it once the analyzer stored its events. */
export interface ResolvedTruth {
  id: string
  type: string
  subject: {
    kind: string
    /** Every id an alert may name this subject by (e.g. each credential fingerprint and the JWT subject). */
    ids: readonly string[]
  }
  /**
   * Ids of everything the attack's events came from or went to (client IPs, credential
   * fingerprints, endpoints): an alert naming one of them in the attack's window is about the
   * attack even when its type is another (a brute-force alert on one address of a stuffing pool).
   */
  related: readonly string[]
  /** Event time of the first and last attack event, ms. */
  start: number
  end: number
  /** Event times of the attack events, ascending: time to detect in events counts these. */
  eventTimes: readonly number[]
}

/** The fields of an Alert the scoring reads. */
export interface AlertForScoring {
  id: string
  type: string
  subject: { kind: string; id: string }
  first_seen: number
  last_seen: number
  /** Event time at which the detector raised it. */
  detected_at: number
}

export interface ScoreOptions {
  /** How far outside an attack's window an alert may start or end and still be about it, ms. */
  slackMs: number
}

export interface TypeScore {
  type: string
  /** Attacks of this type in the ground truth, and how many an alert of this type matched. */
  attacks: number
  detected: number
  /** Alerts of this type: matching an attack of the type, on another type's attack, or false. */
  alerts: number
  truePositives: number
  crossType: number
  falsePositives: number
  /** Event time from an attack's first event to its first matching alert, ms, one per detected attack. */
  detectMs: number[]
  /** Attack events seen up to that alert, one per detected attack. */
  detectEvents: number[]
}

/** How an alert relates to the ground truth. */
export type AlertVerdict = 'true' | 'cross_type' | 'false'

function overlaps(alert: AlertForScoring, truth: ResolvedTruth, slackMs: number): boolean {
  return alert.first_seen <= truth.end + slackMs && alert.last_seen >= truth.start - slackMs
}

/** Whether `alert` is about `truth`: the same type, one of the truth's subject ids, overlapping windows. */
export function matches(alert: AlertForScoring, truth: ResolvedTruth, options: ScoreOptions): boolean {
  return (
    alert.type === truth.type &&
    alert.subject.kind === truth.subject.kind &&
    truth.subject.ids.includes(alert.subject.id) &&
    overlaps(alert, truth, options.slackMs)
  )
}

/** Whether `alert` names the attack's subject or one of its sources in the attack's window, whatever its type. */
function touches(alert: AlertForScoring, truth: ResolvedTruth, slackMs: number): boolean {
  return (
    (truth.subject.ids.includes(alert.subject.id) || truth.related.includes(alert.subject.id)) &&
    overlaps(alert, truth, slackMs)
  )
}

/**
 * An alert on an attack of its own type is true; one on the subject or a source of an attack of
 * another type, in its window (an expired token replayed from a new network is both), is neither
 * true nor false and is counted apart; any other alert is false.
 */
export function verdict(
  alert: AlertForScoring,
  truths: readonly ResolvedTruth[],
  options: ScoreOptions,
): AlertVerdict {
  if (truths.some((t) => matches(alert, t, options))) return 'true'
  if (truths.some((t) => touches(alert, t, options.slackMs))) return 'cross_type'
  return 'false'
}

function emptyScore(type: string): TypeScore {
  return {
    type,
    attacks: 0,
    detected: 0,
    alerts: 0,
    truePositives: 0,
    crossType: 0,
    falsePositives: 0,
    detectMs: [],
    detectEvents: [],
  }
}

/** Scores one run: every type that has an attack or an alert gets a line. */
export function scoreRun(
  truths: readonly ResolvedTruth[],
  alerts: readonly AlertForScoring[],
  options: ScoreOptions,
): Map<string, TypeScore> {
  const scores = new Map<string, TypeScore>()
  const of = (type: string) => {
    const s = scores.get(type) ?? emptyScore(type)
    scores.set(type, s)
    return s
  }
  for (const truth of truths) {
    const s = of(truth.type)
    s.attacks++
    const hits = alerts.filter((a) => matches(a, truth, options))
    if (hits.length === 0) continue
    s.detected++
    const detectedAt = Math.min(...hits.map((a) => a.detected_at))
    s.detectMs.push(Math.max(0, detectedAt - truth.start))
    const seen = truth.eventTimes.filter((t) => t <= detectedAt).length
    s.detectEvents.push(Math.max(1, seen))
  }
  for (const alert of alerts) {
    const s = of(alert.type)
    s.alerts++
    const v = verdict(alert, truths, options)
    if (v === 'true') s.truePositives++
    else if (v === 'cross_type') s.crossType++
    else s.falsePositives++
  }
  return scores
}

/** Adds the scores of several runs (seeds) type by type. */
export function mergeScores(runs: readonly Map<string, TypeScore>[]): Map<string, TypeScore> {
  const out = new Map<string, TypeScore>()
  for (const run of runs) {
    for (const [type, s] of run) {
      const m = out.get(type) ?? emptyScore(type)
      m.attacks += s.attacks
      m.detected += s.detected
      m.alerts += s.alerts
      m.truePositives += s.truePositives
      m.crossType += s.crossType
      m.falsePositives += s.falsePositives
      m.detectMs.push(...s.detectMs)
      m.detectEvents.push(...s.detectEvents)
      out.set(type, m)
    }
  }
  return out
}

/** Detected attacks over attacks; 0 when the type had none. */
export function recall(s: TypeScore): number {
  return s.attacks === 0 ? 0 : s.detected / s.attacks
}

/** True alerts over true and false ones; undefined when the type raised none. */
export function precision(s: TypeScore): number | undefined {
  const judged = s.truePositives + s.falsePositives
  return judged === 0 ? undefined : s.truePositives / judged
}

export function median(values: readonly number[]): number | undefined {
  if (values.length === 0) return undefined
  const sorted = [...values].sort((a, b) => a - b)
  const mid = sorted.length >> 1
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2
}

/** False alerts per million benign events. */
export function falsePerMillion(falseAlerts: number, benignEvents: number): number {
  return benignEvents === 0 ? 0 : (falseAlerts / benignEvents) * 1_000_000
}

export interface Thresholds {
  recall: number
  precision: number
}

export interface ThresholdReport {
  /** Types with a registered detector that fell below a threshold, with the reason. */
  failures: string[]
  /** Attack types no registered detector raises: reported, not held to the thresholds. */
  missing: string[]
}

/** Holds the types a registered detector raises to the thresholds; the others are listed as missing. */
export function checkThresholds(
  scores: Map<string, TypeScore>,
  attackTypes: readonly string[],
  registered: ReadonlySet<string>,
  thresholds: Thresholds,
): ThresholdReport {
  const failures: string[] = []
  const missing: string[] = []
  for (const type of attackTypes) {
    if (!registered.has(type)) {
      missing.push(type)
      continue
    }
    const s = scores.get(type) ?? emptyScore(type)
    const r = recall(s)
    if (r < thresholds.recall)
      failures.push(
        `${type}: recall ${r.toFixed(3)} < ${thresholds.recall} (${s.detected}/${s.attacks} attacks)`,
      )
    const p = precision(s)
    if (p !== undefined && p < thresholds.precision)
      failures.push(
        `${type}: precision ${p.toFixed(3)} < ${thresholds.precision} (${s.falsePositives} false of ${s.truePositives + s.falsePositives} alerts)`,
      )
  }
  return { failures, missing }
}
