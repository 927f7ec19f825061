// The shape of a pipeline step (after PostHog's ingestion pipeline): a step returns ok, drop or
// dead-letter instead of throwing for expected failures, and `runStep` turns an unexpected throw
// into a dead letter, so one bad record never stops the pipeline.

export interface DeadLetterReason {
  /** Short, low-cardinality code used as a metric label: `invalid_json`, `event_too_large`, … */
  reason: string
  /** What exactly was wrong, for the dead-letter row and the ingest answer. */
  error: string
}

export type StepResult<T> =
  | { ok: true; value: T }
  | { ok: false; drop: string }
  | { ok: false; deadLetter: DeadLetterReason }

export type Step<I, O> = (input: I) => StepResult<O>

export const ok = <T>(value: T): StepResult<T> => ({ ok: true, value })
export const drop = <T>(why: string): StepResult<T> => ({ ok: false, drop: why })
export const deadLetter = <T>(reason: string, error: string): StepResult<T> => ({
  ok: false,
  deadLetter: { reason, error },
})

/** Runs one named step; a throw becomes a dead letter with reason `<name>_failed`. */
export function runStep<I, O>(name: string, step: Step<I, O>, input: I): StepResult<O> {
  try {
    return step(input)
  } catch (err) {
    return deadLetter(`${name}_failed`, err instanceof Error ? err.message : String(err))
  }
}
