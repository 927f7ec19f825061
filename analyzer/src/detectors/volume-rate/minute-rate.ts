// Per-key minute totals (requests or bytes) against each key's own baseline, shared by the volume
// and exfiltration detectors. Every minute of a key closes on event time (its next event or the
// watermark sweep), is judged against what the baseline expected before the minute is folded in,
// and empty minutes count as zeros. The baseline is an EWMA of minute totals with a variance, and,
// once enough days or weeks have been seen, the hour-of-day or hour-of-week profile of hourly totals,
// so a peak that comes every day at the same hour is expected.
//
// Built on the shared primitives (KeyedState for bounded keys, ewmaStep, hourOfWeek) rather than
// one `Baseline` per key: a minute series must fold runs of empty minutes in one step, and its
// seasonal profile is of hourly totals with an hour-of-day stage, so a daily peak is learned in two
// days instead of the two weeks an hour-of-week profile needs.
import Type, { type Static } from 'typebox'
import { ewmaStep, hourOfWeek } from '../baseline.js'
import { KeyedState, type StateCodec } from '../state.js'

export const MINUTE = 60_000
const HOUR = 60 * MINUTE
const HOURS_PER_WEEK = 168
/** Zero minutes folded one by one at most; after 240 the EWMA has decayed to nothing anyway. */
const MAX_ZERO_STEPS = 240

export const RateBaselineConfig = Type.Object(
  {
    alpha: Type.Number({
      exclusiveMinimum: 0,
      maximum: 1,
      default: 0.05,
      description: 'EWMA weight of each new minute (0.05: the last ~20 minutes dominate).',
    }),
    warmup_minutes: Type.Integer({
      minimum: 1,
      default: 60,
      description: 'Minutes of history a key needs (empty minutes included) before it is judged.',
    }),
    seasonal: Type.Boolean({
      default: true,
      description:
        'Learn hour-of-day (after 2 days) and hour-of-week (after 2 weeks) profiles of hourly totals.',
    }),
  },
  { additionalProperties: false, default: {}, description: 'How each key learns its normal rate.' },
)
export type RateBaselineConfig = Static<typeof RateBaselineConfig>

/** What a closed minute was judged against. */
export interface Expectation {
  /** Expected total for the minute. */
  expected: number
  /** Scale of normal variation: the EWMA standard deviation, at least sqrt(expected) and 1. */
  spread: number
  /** Which baseline set `expected`. */
  basis: 'ewma' | 'hour-of-day' | 'hour-of-week' | 'peak'
  /** False until the key has `warmup_minutes` of history. */
  warm: boolean
}

interface Slots {
  /** mean, count pairs: 24 hour-of-day slots then 168 hour-of-week slots. */
  values: number[]
}

export interface Series<E> {
  /** Minute index (ts / 60 s) of the minute being counted. */
  minute: number
  total: number
  events: number
  /** Detector-specific facts of the open minute (top sources, sample ids). */
  extra: E
  mean: number
  variance: number
  /** Minutes folded into the baseline, empty ones included. */
  closed: number
  /** Hour index (ts / 1 h) being summed for the seasonal profile, and its running total. */
  hour: number
  hourTotal: number
  slots?: Slots
  /** Event time of the key's latest event. */
  lastTs: number
  /** Largest minute total seen, decaying with the peak half-life, and the minute it was taken at. */
  peak: number
  peakMinute: number
  /** The largest recent minute, which becomes the peak once it is `confirmMinutes` old. */
  pending: number
  pendingMinute: number
}

export interface MinuteRateOptions<E> {
  baseline: RateBaselineConfig
  /** Keys held at most; the least recently active key is dropped first. */
  maxKeys: number
  /** A key idle this long in event time is dropped. */
  idleMs: number
  /**
   * When set, a key's decaying peak minute is also expected, so a job that is always large stays
   * normal. A minute counts as a peak only `confirmMinutes` later: an ongoing burst keeps alerting.
   */
  peak?: { halfLifeMinutes: number; confirmMinutes: number }
  newExtra(): E
  /**
   * Empties a closed minute's extras so the next minute reuses them (far fewer objects for the
   * garbage collector than new ones each minute); `onClose` must then copy what a finding keeps.
   */
  resetExtra?(extra: E): void
  /** How the open minute's extras become JSON in snapshots; identity when they already are. */
  extraCodec?: StateCodec<E, unknown>
  /** Judges a closed minute with events; called before the minute is folded into the baseline. */
  onClose(key: string, series: Series<E>, expectation: Expectation): void
}

const SLOT_ALPHA = 0.3
const MIN_DAYS = 2
const MIN_WEEKS = 2

function slotUpdate(slots: Slots, hour: number, total: number): void {
  slotStep(slots.values, hour % 24, total)
  slotStep(slots.values, 24 + hourOfWeek(hour * HOUR), total)
}

function slotStep(v: number[], i: number, total: number): void {
  const n = v[2 * i + 1]! + 1
  v[2 * i + 1] = n
  v[2 * i] = v[2 * i]! + Math.max(1 / n, SLOT_ALPHA) * (total - v[2 * i]!)
}

/** The expected total of a minute of `series` at `minute`, before that minute is folded in. */
export function expectation(
  series: Series<unknown>,
  minute: number,
  config: RateBaselineConfig,
  peak?: MinuteRateOptions<unknown>['peak'],
): Expectation {
  let expected = series.mean
  let basis: Expectation['basis'] = 'ewma'
  if (peak) {
    const value = effectivePeak(series, minute, peak)
    if (value > expected) {
      expected = value
      basis = 'peak'
    }
  }
  const v = series.slots?.values
  if (v) {
    const hour = Math.floor(minute / 60)
    const week = 24 + hourOfWeek(hour * HOUR)
    const day = hour % 24
    // The seasonal profile covers the usual peaks; the EWMA covers a level that rose within the hour.
    if (v[2 * week + 1]! >= MIN_WEEKS) {
      if (v[2 * week]! / 60 > expected) {
        expected = v[2 * week]! / 60
        basis = 'hour-of-week'
      }
    } else if (v[2 * day + 1]! >= MIN_DAYS && v[2 * day]! / 60 > expected) {
      expected = v[2 * day]! / 60
      basis = 'hour-of-day'
    }
  }
  const spread = Math.max(Math.sqrt(series.variance), Math.sqrt(expected), 1)
  return { expected, spread, basis, warm: series.closed >= config.warmup_minutes }
}

/** The peak at `minute`: the confirmed one, or the pending one once old enough, decayed. */
function effectivePeak(
  s: Series<unknown>,
  minute: number,
  o: NonNullable<MinuteRateOptions<unknown>['peak']>,
): number {
  const confirmed =
    minute - s.pendingMinute >= o.confirmMinutes ? decayed(s.pending, minute - s.pendingMinute, o) : 0
  return Math.max(decayed(s.peak, minute - s.peakMinute, o), confirmed)
}

const decayed = (value: number, age: number, o: { halfLifeMinutes: number }) =>
  value * 2 ** (-age / o.halfLifeMinutes)

/** Minute totals per key with bounded keys; feed it events and watermarks in event-time order. */
export class MinuteRate<E> {
  private readonly keys: KeyedState<Series<E>, unknown>
  private sweptMinute = Number.NEGATIVE_INFINITY
  /**
   * The keys whose open minute has events, each once: all a sweep has to close. Visiting every held
   * key each minute instead was a tenth of the detection cost (most keys are quiet most minutes).
   * A dropped key's series is marked empty and leaves on the next sweep, or sooner when dropped
   * series would make up more than a quarter of the list, so the list never holds much beyond the cap.
   */
  private openKeys: string[] = []
  private openSeries: Series<E>[] = []

  constructor(private readonly options: MinuteRateOptions<E>) {
    const extra = options.extraCodec
    this.keys = new KeyedState<Series<E>, unknown>(
      {
        maxKeys: options.maxKeys,
        idleMs: options.idleMs,
        // A dropped key's open minute is not judged, as if it had never been seen.
        onEvict: (_key, series) => {
          series.events = 0
        },
      },
      extra && {
        save: (s) => ({ ...s, extra: extra.save(s.extra) }),
        load: (saved) => {
          const s = saved as Series<unknown>
          return { ...s, extra: extra.load(s.extra) } as Series<E>
        },
      },
    )
  }

  /** Adds `amount` at `ts` to `key` and returns the key's open series for detector extras. */
  add(key: string, ts: number, amount: number): Series<E> {
    const minute = Math.floor(ts / MINUTE)
    const series = this.keys.touchIfHeld(key, ts) ?? this.fresh(key, ts, minute)
    // A series with events is listed already; advancing it below keeps that listing.
    if (series.events === 0) {
      if (this.openKeys.length > this.keys.size + (this.keys.size >> 2) + 1024) this.compactOpen()
      this.openKeys.push(key)
      this.openSeries.push(series)
    }
    if (minute > series.minute) this.advance(key, series, minute)
    series.total += amount
    series.events++
    series.lastTs = Math.max(series.lastTs, ts)
    return series
  }

  /** Closes every minute that ended before the watermark's minute and drops idle keys. */
  sweep(watermark: number): void {
    const minute = Math.floor(watermark / MINUTE)
    if (minute <= this.sweptMinute) return
    this.sweptMinute = minute
    this.keys.evictIdle(watermark)
    const { openKeys, openSeries } = this
    for (let i = 0; i < openKeys.length; i++) {
      const series = openSeries[i]!
      if (series.events > 0 && series.minute < minute) this.advance(openKeys[i]!, series, minute)
    }
    this.compactOpen()
  }

  get size(): number {
    return this.keys.size
  }

  /** Takes the series with nothing open (closed, or of dropped keys) out of the open list. */
  private compactOpen(): void {
    const { openKeys, openSeries } = this
    let kept = 0
    for (let i = 0; i < openKeys.length; i++) {
      if (openSeries[i]!.events === 0) continue
      openKeys[kept] = openKeys[i]!
      openSeries[kept] = openSeries[i]!
      kept++
    }
    openKeys.length = kept
    openSeries.length = kept
  }

  snapshot(): { keys: ReturnType<KeyedState<Series<E>, unknown>['snapshot']>; sweptMinute: number } {
    return { keys: this.keys.snapshot(), sweptMinute: this.sweptMinute }
  }

  /** Restores `snapshot()`; JSON turned the initial -Infinity into null. */
  restore(state: unknown): void {
    const s = state as { keys?: unknown; sweptMinute?: unknown } | undefined
    this.keys.restore(s?.keys)
    this.openKeys = []
    this.openSeries = []
    for (const [key, series] of this.keys.entries()) {
      if (series.events > 0) {
        this.openKeys.push(key)
        this.openSeries.push(series)
      }
    }
    this.sweptMinute = typeof s?.sweptMinute === 'number' ? s.sweptMinute : Number.NEGATIVE_INFINITY
  }

  /** A new key's series, held from `ts`. */
  private fresh(key: string, ts: number, minute: number): Series<E> {
    const slots = this.options.baseline.seasonal
      ? { values: new Array<number>(2 * (24 + HOURS_PER_WEEK)).fill(0) }
      : undefined
    const series: Series<E> = {
      minute,
      total: 0,
      events: 0,
      extra: this.options.newExtra(),
      mean: 0,
      variance: 0,
      closed: 0,
      hour: Math.floor(minute / 60),
      hourTotal: 0,
      slots,
      lastTs: Number.NEGATIVE_INFINITY,
      peak: 0,
      peakMinute: minute,
      pending: 0,
      pendingMinute: minute,
    }
    this.keys.set(key, ts, series)
    return series
  }

  /** Judges and folds the open minute, folds the empty minutes up to `minute`, and opens it. */
  private advance(key: string, series: Series<E>, minute: number): void {
    if (series.events > 0) {
      const o = this.options
      o.onClose(key, series, expectation(series, series.minute, o.baseline, o.peak))
    }
    this.fold(series, series.total, series.minute)
    const zeros = minute - series.minute - 1
    for (let i = 0; i < Math.min(zeros, MAX_ZERO_STEPS); i++) this.ewma(series, 0)
    if (zeros > 0) {
      this.nextHour(series, Math.floor((minute - 1) / 60))
      series.closed += zeros
    }
    series.minute = minute
    series.total = 0
    series.events = 0
    if (this.options.resetExtra) this.options.resetExtra(series.extra)
    else series.extra = this.options.newExtra()
  }

  private fold(series: Series<E>, total: number, minute: number): void {
    this.nextHour(series, Math.floor(minute / 60))
    this.ewma(series, total)
    const peak = this.options.peak
    if (peak) {
      const confirmed = effectivePeak(series, minute, peak)
      if (confirmed > series.peak) {
        series.peak = confirmed
        series.peakMinute = minute
      }
      if (minute - series.pendingMinute >= peak.confirmMinutes) series.pending = 0
      if (total > series.pending) {
        series.pending = total
        series.pendingMinute = minute
      }
    }
    series.hourTotal += total
    series.closed++
  }

  private ewma(series: Series<E>, x: number): void {
    // The first minute seeds the mean, so a key does not start from an expectation of zero.
    if (series.closed === 0 && series.mean === 0) {
      series.mean = x
      return
    }
    ;[series.mean, series.variance] = ewmaStep(series.mean, series.variance, x, this.options.baseline.alpha)
  }

  /** Finishes the hour being summed (and the empty hours after it) when `hour` is later. */
  private nextHour(series: Series<E>, hour: number): void {
    if (hour <= series.hour) return
    if (series.slots) {
      slotUpdate(series.slots, series.hour, series.hourTotal)
      const last = Math.min(hour, series.hour + HOURS_PER_WEEK + 1)
      for (let h = series.hour + 1; h < last; h++) slotUpdate(series.slots, h, 0)
    }
    series.hour = hour
    series.hourTotal = 0
  }
}
