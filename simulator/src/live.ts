// Live mode: appends requests stamped with the current time at a steady rate, the way a busy
// gateway writes its access log, until stopped or until the duration is over.
import { appendFile } from 'node:fs/promises'
import { formatterFor, type OutputFormat } from './formats/index.js'
import { createRng } from './rng.js'
import { createTrafficModel } from './traffic.js'

export interface LiveOptions {
  seed: number | string
  format: OutputFormat
  /** Requests per second. */
  rate: number
  /** File to append to. */
  out: string
  /** Stop after this many seconds; run until `signal` aborts when absent. */
  durationSec?: number
  users?: number
  signal?: AbortSignal
  /** The clock, injectable for tests. */
  now?: () => number
}

const TICK_MS = 100

/** Runs until the duration is over or the signal aborts; resolves with the number of lines written. */
export async function runLive(options: LiveOptions): Promise<number> {
  if (!(options.rate > 0))
    throw new Error(`rate must be a positive number of requests per second, got ${options.rate}`)
  const now = options.now ?? Date.now
  const format = formatterFor(options.format)
  const model = createTrafficModel(
    createRng(options.seed),
    options.users === undefined ? {} : { users: options.users },
  )
  const started = now()
  const endAt =
    options.durationSec === undefined ? Number.POSITIVE_INFINITY : started + options.durationSec * 1000
  let written = 0
  let last = started
  let owed = 0
  while (!options.signal?.aborted) {
    const t = Math.min(now(), endAt)
    owed += ((t - last) / 1000) * options.rate
    last = t
    const n = Math.floor(owed)
    owed -= n
    if (n > 0) {
      let chunk = ''
      for (let i = 0; i < n; i++) chunk += `${format(model.requestAt(t))}\n`
      // One append per tick: a reader never sees half a line for longer than a write takes.
      await appendFile(options.out, chunk)
      written += n
    }
    if (t >= endAt) break
    await new Promise((resolve) => setTimeout(resolve, TICK_MS))
  }
  return written
}
