// Batch generation: `count` labelled requests between two instants, in time order, and the same
// as log lines. The same options always give the same output.
import { formatterFor, type OutputFormat } from './formats/index.js'
import type { SimulatedRequest } from './request.js'
import { createRng } from './rng.js'
import { eventTimes } from './timeline.js'
import { createTrafficModel } from './traffic.js'

export interface GenerateOptions {
  /** Seed of the PRNG: the same seed and options give the same requests. */
  seed: number | string
  /** Number of requests. */
  count: number
  /** First instant of the period, ms since the epoch (inclusive). */
  startMs: number
  /** End of the period, ms since the epoch (exclusive). */
  endMs: number
  /** Number of authenticated users and clients; default 300. */
  users?: number
}

export interface GenerateLinesOptions extends GenerateOptions {
  format: OutputFormat
}

function check(options: GenerateOptions): void {
  if (!Number.isInteger(options.count) || options.count < 0) {
    throw new Error(`count must be a non-negative integer, got ${options.count}`)
  }
  if (
    !Number.isFinite(options.startMs) ||
    !Number.isFinite(options.endMs) ||
    options.endMs <= options.startMs
  ) {
    throw new Error(`endMs (${options.endMs}) must be a time after startMs (${options.startMs})`)
  }
}

/** Labelled requests in ascending event time. */
export function* generateRequests(options: GenerateOptions): Generator<SimulatedRequest> {
  check(options)
  const rng = createRng(options.seed)
  const model = createTrafficModel(rng, options.users === undefined ? {} : { users: options.users })
  for (const ts of eventTimes(rng.fork('timeline'), options.count, options.startMs, options.endMs)) {
    yield model.requestAt(ts)
  }
}

/** Log lines (without newline) in the given format, in ascending event time. */
export function* generateLines(options: GenerateLinesOptions): Generator<string> {
  const format = formatterFor(options.format)
  for (const req of generateRequests(options)) yield format(req)
}
