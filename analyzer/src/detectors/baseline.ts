// Baselines that learn what is normal for one key (a principal's requests per window, an
// endpoint's response bytes) in event time: an EWMA of mean and variance, the median and MAD of
// recent observations (robust to the spikes being looked for), hour-of-week seasonality once an
// hour has enough history, and a warm-up before the baseline may accuse anyone.

export interface BaselineOptions {
  /** Weight of each new observation in the EWMA mean and variance (0..1). */
  alpha: number
  /** Recent observations kept for the median and MAD. */
  window: number
  /** Observations needed before the baseline may accuse. */
  warmupSamples: number
  /** Event time (ms) between the first observation and now needed before the baseline may accuse. */
  warmupMs: number
  /** Observations of an hour of the week before that hour's own mean is used; 0 turns seasonality off. */
  seasonalMinSamples: number
  /** Smallest spread used in a score, so a perfectly steady series does not make every wobble infinite. */
  minSpread: number
}

export const defaultBaselineOptions: BaselineOptions = {
  alpha: 0.1,
  window: 32,
  warmupSamples: 12,
  warmupMs: 60 * 60 * 1000,
  seasonalMinSamples: 0,
  minSpread: 1,
}

export interface BaselineSnapshot {
  v: 1
  n: number
  first: number
  last: number
  mean: number
  variance: number
  recent: number[]
  /** Ring position of the next observation in `recent`. */
  next: number
  /** 168 × [count, mean, variance] by hour of week, or null until seasonality is on and used. */
  season: number[] | null
}

/** What the baseline expects at some event time, and how far it lets a value wander. */
export interface Expectation {
  /** The value expected: the hour-of-week mean once that hour is learned, else the recent median. */
  center: number
  /** One robust standard deviation around it (never below `minSpread`). */
  spread: number
  basis: 'seasonal' | 'median'
  /** Observations behind the baseline. */
  samples: number
}

const HOUR = 60 * 60 * 1000
const WEEK_HOURS = 168
// 1970-01-01 was a Thursday: shift by three days so hour 0 of the week is Monday 00:00 UTC.
const EPOCH_WEEK_OFFSET_HOURS = 72
// Scales a MAD to a standard deviation for normal data.
const MAD_TO_SD = 1.4826

/** Hour of the week (0 = Monday 00:00–01:00 UTC) of an event time. */
export function hourOfWeek(ts: number): number {
  return (Math.floor(ts / HOUR) + EPOCH_WEEK_OFFSET_HOURS) % WEEK_HOURS
}

export function median(values: readonly number[]): number {
  if (values.length === 0) return Number.NaN
  const sorted = [...values].sort((a, b) => a - b)
  const mid = sorted.length >> 1
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2
}

/** Median absolute deviation from the median. */
export function mad(values: readonly number[], center = median(values)): number {
  return median(values.map((v) => Math.abs(v - center)))
}

export class Baseline {
  readonly #o: BaselineOptions
  #n = 0
  #first = Number.NaN
  #last = Number.NaN
  #mean = 0
  #variance = 0
  #recent: number[] = []
  #next = 0
  #season: Float64Array | null = null

  constructor(options: BaselineOptions = defaultBaselineOptions) {
    if (!(options.alpha > 0 && options.alpha <= 1))
      throw new Error(`Baseline alpha must be in (0, 1], got ${options.alpha}`)
    if (!(options.window >= 1)) throw new Error(`Baseline window must be at least 1, got ${options.window}`)
    this.#o = options
  }

  get samples(): number {
    return this.#n
  }

  /** EWMA mean and standard deviation of everything observed. */
  get ewma(): { mean: number; sd: number } {
    return { mean: this.#mean, sd: Math.sqrt(this.#variance) }
  }

  /** Learns one observation made at event time `ts`. */
  observe(value: number, ts: number): void {
    if (!Number.isFinite(value)) return
    if (this.#n === 0) {
      this.#first = ts
      this.#mean = value
    } else {
      ;[this.#mean, this.#variance] = ewmaStep(this.#mean, this.#variance, value, this.#o.alpha)
    }
    if (!(ts <= this.#last)) this.#last = ts
    this.#n++
    if (this.#recent.length < this.#o.window) this.#recent.push(value)
    else this.#recent[this.#next] = value
    this.#next = (this.#next + 1) % this.#o.window
    if (this.#o.seasonalMinSamples > 0) this.#observeSeason(value, ts)
  }

  /** Whether the warm-up is over at event time `ts`: enough observations over enough time. */
  isWarm(ts: number): boolean {
    return this.#n >= this.#o.warmupSamples && ts - this.#first >= this.#o.warmupMs
  }

  /** What is expected at event time `ts` (NaN center before any observation). */
  expected(ts: number): Expectation {
    const season = this.#season
    if (season && this.#o.seasonalMinSamples > 0) {
      const at = hourOfWeek(ts) * 3
      if (season[at]! >= this.#o.seasonalMinSamples) {
        const spread = Math.max(Math.sqrt(season[at + 2]!), this.#robustSpread(), this.#o.minSpread)
        return { center: season[at + 1]!, spread, basis: 'seasonal', samples: this.#n }
      }
    }
    const center = median(this.#recent)
    return {
      center,
      spread: Math.max(MAD_TO_SD * mad(this.#recent, center), this.#o.minSpread),
      basis: 'median',
      samples: this.#n,
    }
  }

  /** How many spreads `value` lies above (positive) or below the expectation at `ts`. */
  score(value: number, ts: number): number {
    const e = this.expected(ts)
    return (value - e.center) / e.spread
  }

  /**
   * Whether `value` at `ts` is an upward outlier: warm, more than `threshold` spreads above the
   * expectation, and at least `minRatio` times it (so a tiny baseline does not make 3 requests news).
   */
  isHigh(value: number, ts: number, threshold: number, minRatio = 1): boolean {
    if (!this.isWarm(ts)) return false
    const e = this.expected(ts)
    return (value - e.center) / e.spread > threshold && value >= minRatio * Math.max(e.center, 0)
  }

  toJSON(): BaselineSnapshot {
    return {
      v: 1,
      n: this.#n,
      first: this.#first,
      last: this.#last,
      mean: this.#mean,
      variance: this.#variance,
      recent: [...this.#recent],
      next: this.#next,
      season: this.#season ? [...this.#season] : null,
    }
  }

  /** A baseline restored from `toJSON()`, under (possibly newer) options. */
  static fromJSON(snapshot: BaselineSnapshot, options: BaselineOptions = defaultBaselineOptions): Baseline {
    if (snapshot?.v !== 1) throw new Error('Baseline snapshot is not version 1')
    const b = new Baseline(options)
    b.#n = snapshot.n
    // JSON turns NaN into null.
    b.#first = snapshot.first ?? Number.NaN
    b.#last = snapshot.last ?? Number.NaN
    b.#mean = snapshot.mean
    b.#variance = snapshot.variance
    b.#recent = snapshot.recent.slice(-options.window)
    b.#next = snapshot.recent.length > options.window ? 0 : snapshot.next % options.window
    if (snapshot.season && snapshot.season.length === WEEK_HOURS * 3)
      b.#season = Float64Array.from(snapshot.season)
    return b
  }

  #robustSpread(): number {
    return this.#recent.length ? MAD_TO_SD * mad(this.#recent) : 0
  }

  #observeSeason(value: number, ts: number): void {
    if (!this.#season) this.#season = new Float64Array(WEEK_HOURS * 3)
    const season = this.#season
    const at = hourOfWeek(ts) * 3
    if (season[at] === 0) {
      season[at + 1] = value
    } else {
      const [mean, variance] = ewmaStep(season[at + 1]!, season[at + 2]!, value, this.#o.alpha)
      season[at + 1] = mean
      season[at + 2] = variance
    }
    season[at]!++
  }
}

/** One step of the exponentially weighted mean and variance (Finch 2009, incremental form). */
export function ewmaStep(mean: number, variance: number, value: number, alpha: number): [number, number] {
  const diff = value - mean
  const increment = alpha * diff
  return [mean + increment, (1 - alpha) * (variance + diff * increment)]
}

export interface WindowCounterSnapshot {
  start: number
  sum: number
}

/**
 * Sums amounts into tumbling event-time windows of `windowMs` and hands each closed window's total
 * to `onClose` — including empty windows in a gap, up to `maxGapWindows` of them, so a baseline of
 * a rate learns quiet periods too without a long silence replaying thousands of zeros.
 */
export class WindowCounter {
  readonly windowMs: number
  readonly maxGapWindows: number
  start = Number.NaN
  sum = 0

  constructor(windowMs: number, maxGapWindows = 24) {
    if (!(windowMs > 0)) throw new Error(`WindowCounter windowMs must be positive, got ${windowMs}`)
    this.windowMs = windowMs
    this.maxGapWindows = maxGapWindows
  }

  /** Adds `amount` at event time `ts`, first closing the windows that `ts` has passed. */
  add(ts: number, amount: number, onClose: (windowStart: number, total: number) => void): void {
    this.advance(ts, onClose)
    if (Number.isNaN(this.start)) this.start = ts - (ts % this.windowMs)
    // A late event inside an already closed window counts in the current one: nothing is lost.
    this.sum += amount
  }

  /** Closes every window that ends at or before `watermark`. */
  advance(watermark: number, onClose: (windowStart: number, total: number) => void): void {
    if (Number.isNaN(this.start) || watermark < this.start + this.windowMs) return
    onClose(this.start, this.sum)
    const next = watermark - (watermark % this.windowMs)
    const gaps = Math.min((next - this.start) / this.windowMs - 1, this.maxGapWindows)
    for (let i = 1; i <= gaps; i++) onClose(this.start + i * this.windowMs, 0)
    this.start = next
    this.sum = 0
  }

  /** The current, still open window's total. */
  get open(): number {
    return this.sum
  }

  toJSON(): WindowCounterSnapshot {
    return { start: Number.isNaN(this.start) ? -1 : this.start, sum: this.sum }
  }

  static fromJSON(snapshot: WindowCounterSnapshot, windowMs: number, maxGapWindows?: number): WindowCounter {
    const w = new WindowCounter(windowMs, maxGapWindows)
    w.start = snapshot.start < 0 ? Number.NaN : snapshot.start
    w.sum = snapshot.sum
    return w
  }
}
