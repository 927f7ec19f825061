// Timestamps of every format, read with character scans (no regex, no Date.parse on the hot path):
// ISO 8601 with any fraction, CLF (`10/Oct/2000:13:55:36 -0700`), epochs in s/ms/us/ns, and
// strftime patterns compiled once (custom formats, Apache `%{...}t`). A time without a zone is
// read in the configured zone: UTC, a fixed offset, or an IANA name (offsets from Intl, cached).
import { daysInMonth, digits, MONTHS, parseTimeLocal } from './nginx-fields.js'

export { digits }

/** Latest event time accepted (2100-01-01): later values are garbage, not the future. */
export const MAX_TS = Date.UTC(2100, 0, 1)

/** Whether `ms` is a believable event time: on or after 1970 and before 2100. */
export function saneTs(ms: number): boolean {
  return Number.isFinite(ms) && ms >= 0 && ms < MAX_TS
}

const MONTH_NAMES = [
  'january',
  'february',
  'march',
  'april',
  'may',
  'june',
  'july',
  'august',
  'september',
  'october',
  'november',
  'december',
]

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57
}

// ---------------------------------------------------------------------------------------------
// Zones

/** Turns a wall-clock time (its fields read as if UTC) into the real instant, ms. */
export interface Zone {
  readonly name: string
  toUtc(wallMs: number): number
}

export const UTC_ZONE: Zone = { name: 'UTC', toUtc: (ms) => ms }

function fixedZone(name: string, offsetMs: number): Zone {
  return { name, toUtc: (ms) => ms - offsetMs }
}

/** `+02:00`, `+0200`, `-05` → offset ms, or null. */
function parseOffset(s: string): number | null {
  const sign = s.charCodeAt(0)
  if (sign !== 43 && sign !== 45) return null
  const body = s.slice(1).replace(':', '')
  if (body.length !== 2 && body.length !== 4) return null
  const hh = digits(body, 0, 2)
  const mm = body.length === 4 ? digits(body, 2, 2) : 0
  if (hh < 0 || hh > 14 || mm < 0 || mm > 59) return null
  return (hh * 60 + mm) * 60_000 * (sign === 45 ? -1 : 1)
}

const OFFSET_BUCKET_MS = 15 * 60_000

function ianaZone(name: string): Zone | null {
  let dtf: Intl.DateTimeFormat
  try {
    dtf = new Intl.DateTimeFormat('en-US', {
      timeZone: name,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    })
  } catch {
    return null
  }
  // Zone offsets change at most a few times a year, on quarter hours: one Intl call per 15 minutes
  // of log time, not per line.
  const cache = new Map<number, number>()
  function offsetAt(instant: number): number {
    const bucket = Math.floor(instant / OFFSET_BUCKET_MS)
    let off = cache.get(bucket)
    if (off === undefined) {
      const at = bucket * OFFSET_BUCKET_MS
      const p: Record<string, number> = {}
      for (const part of dtf.formatToParts(at)) if (part.type !== 'literal') p[part.type] = Number(part.value)
      off = Date.UTC(p.year!, p.month! - 1, p.day!, p.hour!, p.minute!, p.second!) - at
      if (cache.size > 4096) cache.clear()
      cache.set(bucket, off)
    }
    return off
  }
  return {
    name,
    toUtc(wall) {
      // The offset at the wall time read as UTC is off by at most one transition; a second look fixes it.
      const guess = wall - offsetAt(wall)
      return wall - offsetAt(guess)
    },
  }
}

/** A zone from config: UTC, Z, GMT, a fixed offset (+02:00, -0500) or an IANA name; null if unknown. */
export function parseZone(spec: string): Zone | null {
  if (spec === 'UTC' || spec === 'Z' || spec === 'GMT' || spec === 'Etc/UTC') return UTC_ZONE
  const off = parseOffset(spec)
  if (off !== null) return fixedZone(spec, off)
  return ianaZone(spec)
}

// ---------------------------------------------------------------------------------------------
// Fixed formats

/**
 * ISO 8601 / RFC 3339 between `from` and `to`: `YYYY-MM-DD[T ]HH:MM[:SS[.fraction]][Z|±HH[:]MM]`.
 * Without a zone the time is read in `zone`. Returns ms since the epoch, or -1.
 */
export function parseIso(s: string, zone: Zone = UTC_ZONE, from = 0, to = s.length): number {
  if (to - from < 16) return -1
  const y = digits(s, from, 4)
  const mo = digits(s, from + 5, 2)
  const d = digits(s, from + 8, 2)
  const sep = s.charCodeAt(from + 10)
  if (y < 0 || mo < 1 || mo > 12 || d < 1 || d > daysInMonth(y, mo - 1)) return -1
  if (s.charCodeAt(from + 4) !== 45 || s.charCodeAt(from + 7) !== 45) return -1
  if (sep !== 84 && sep !== 32 && sep !== 116) return -1
  const h = digits(s, from + 11, 2)
  const mi = digits(s, from + 14, 2)
  if (h < 0 || h > 23 || mi < 0 || mi > 59 || s.charCodeAt(from + 13) !== 58) return -1
  let i = from + 16
  let sec = 0
  let ms = 0
  if (s.charCodeAt(i) === 58) {
    sec = digits(s, i + 1, 2)
    if (sec < 0 || sec > 60) return -1
    i += 3
    if (s.charCodeAt(i) === 46 || s.charCodeAt(i) === 44) {
      i++
      const start = i
      let scale = 100
      while (i < to && isDigit(s.charCodeAt(i))) {
        ms += (s.charCodeAt(i) - 48) * scale
        scale /= 10
        i++
      }
      if (i === start) return -1
    }
  }
  const wall = Date.UTC(y, mo - 1, d, h, mi, sec) + Math.floor(ms)
  if (i === to) return zone.toUtc(wall)
  const z = s.charCodeAt(i)
  if ((z === 90 || z === 122) && i + 1 === to) return wall
  const off = parseOffset(s.slice(i, to))
  return off === null ? -1 : wall - off
}

/** CLF `dd/Mon/yyyy:HH:MM:SS ±zzzz` (Apache %t, nginx $time_local, API Gateway requestTime), or -1. */
export function parseClf(s: string): number {
  return parseTimeLocal(s)
}

/**
 * `dd/Mon/yyyy:HH:MM:SS[.mmm]` without a zone (HAProxy's accept date), read in `zone`; or -1.
 */
export function parseClfNoZone(s: string, zone: Zone, from = 0, to = s.length): number {
  if (to - from < 20 || s.charCodeAt(from + 2) !== 47 || s.charCodeAt(from + 6) !== 47) return -1
  const d = digits(s, from, 2)
  const mo = MONTHS[s.slice(from + 3, from + 6)]
  const y = digits(s, from + 7, 4)
  const h = digits(s, from + 12, 2)
  const mi = digits(s, from + 15, 2)
  const sec = digits(s, from + 18, 2)
  if (mo === undefined || y < 0 || d < 1 || d > daysInMonth(y, mo) || h < 0 || h > 23 || mi < 0 || mi > 59)
    return -1
  if (sec < 0 || sec > 60) return -1
  if (s.charCodeAt(from + 11) !== 58 || s.charCodeAt(from + 14) !== 58 || s.charCodeAt(from + 17) !== 58)
    return -1
  let ms = 0
  if (to - from > 20) {
    if (s.charCodeAt(from + 20) !== 46 || to - from !== 24) return -1
    ms = digits(s, from + 21, 3)
    if (ms < 0) return -1
  }
  return zone.toUtc(Date.UTC(y, mo, d, h, mi, sec) + ms)
}

export type EpochUnit = 's' | 'ms' | 'us' | 'ns'
const UNIT_MS: Record<EpochUnit, number> = { s: 1000, ms: 1, us: 0.001, ns: 0.000_001 }

/** An epoch number (or decimal string) in `unit` → ms, or -1. Fractions are kept to the ms. */
export function parseEpoch(v: unknown, unit: EpochUnit): number {
  let n: number
  if (typeof v === 'number') n = v
  else if (typeof v === 'string' && v.length > 0 && v.length < 32) n = Number(v)
  else return -1
  if (!Number.isFinite(n) || n < 0) return -1
  return Math.floor(n * UNIT_MS[unit])
}

// ---------------------------------------------------------------------------------------------
// strftime patterns

/** The pieces of a time read by one or more pattern readers, assembled by partsToMs. */
export interface TimeParts {
  y: number
  mo: number
  d: number
  h: number
  mi: number
  s: number
  /** Fraction of the second, ms. */
  frac: number
  /** 0 none, 1 AM, 2 PM (for %I). */
  ampm: number
  /** Day of the year (%j), 1-based, or -1. */
  yday: number
  /** Zone offset read from the text, ms, or NaN when none. */
  off: number
  /** An epoch read from the text (%s, Apache sec/msec/usec), ms, or -1. */
  epoch: number
}

export function newParts(): TimeParts {
  return { y: -1, mo: 0, d: 1, h: 0, mi: 0, s: 0, frac: 0, ampm: 0, yday: -1, off: Number.NaN, epoch: -1 }
}

/** Assembles the parts into ms since the epoch (in `zone` when no offset was read), or -1. */
export function partsToMs(p: TimeParts, zone: Zone): number {
  if (p.epoch >= 0) return p.epoch + Math.floor(p.frac)
  if (p.y < 0 || p.mo < 0 || p.mo > 11 || p.d < 1 || p.d > daysInMonth(p.y, p.mo) || p.mi > 59 || p.s > 60)
    return -1
  if (p.yday > (daysInMonth(p.y, 1) === 29 ? 366 : 365)) return -1
  let h = p.h
  if (p.ampm !== 0) {
    if (h < 1 || h > 12) return -1
    h = (h % 12) + (p.ampm === 2 ? 12 : 0)
  }
  if (h > 23) return -1
  const wall =
    p.yday > 0
      ? Date.UTC(p.y, 0, p.yday, h, p.mi, p.s) + Math.floor(p.frac)
      : Date.UTC(p.y, p.mo, p.d, h, p.mi, p.s) + Math.floor(p.frac)
  return Number.isNaN(p.off) ? zone.toUtc(wall) : wall - p.off
}

/** Reads its whole input into `parts`; false when the text does not fit the pattern. */
export type TimeReader = (s: string, parts: TimeParts) => boolean

type Step = (s: string, i: number, p: TimeParts) => number // next index, or -1

function numberStep(
  min: number,
  max: number,
  set: (p: TimeParts, n: number) => void,
  padSpace = false,
): Step {
  return (s, i, p) => {
    if (padSpace && s.charCodeAt(i) === 32) i++
    let n = 0
    let k = 0
    while (k < max && i + k < s.length && isDigit(s.charCodeAt(i + k))) {
      n = n * 10 + s.charCodeAt(i + k) - 48
      k++
    }
    if (k < min) return -1
    set(p, n)
    return i + k
  }
}

function letters(s: string, i: number): number {
  let j = i
  while (j < s.length) {
    const c = s.charCodeAt(j) | 32
    if (c < 97 || c > 122) break
    j++
  }
  return j
}

const fracStep: Step = (s, i, p) => {
  let j = i
  let scale = 100
  let ms = 0
  while (j < s.length && isDigit(s.charCodeAt(j)) && j - i < 9) {
    ms += (s.charCodeAt(j) - 48) * scale
    scale /= 10
    j++
  }
  if (j === i) return -1
  p.frac = ms
  return j
}

const offsetStep: Step = (s, i, p) => {
  const c = s.charCodeAt(i)
  if (c === 90) {
    p.off = 0
    return i + 1
  }
  if (c !== 43 && c !== 45) return -1
  let j = i + 1
  while (j < s.length && j - i <= 5 && (isDigit(s.charCodeAt(j)) || s.charCodeAt(j) === 58)) j++
  const off = parseOffset(s.slice(i, j))
  if (off === null) return -1
  p.off = off
  return j
}

const zoneNameStep: Step = (s, i, p) => {
  const j = letters(s, i)
  const name = s.slice(i, j).toUpperCase()
  if (name !== 'UTC' && name !== 'GMT' && name !== 'Z') return -1
  p.off = 0
  return j
}

const monthAbbrStep: Step = (s, i, p) => {
  const m =
    MONTHS[s.slice(i, i + 3)] ?? MONTHS[s.charAt(i).toUpperCase() + s.slice(i + 1, i + 3).toLowerCase()]
  if (m === undefined) return -1
  p.mo = m
  return i + 3
}

const monthNameStep: Step = (s, i, p) => {
  const j = letters(s, i)
  const m = MONTH_NAMES.indexOf(s.slice(i, j).toLowerCase())
  if (m < 0) return -1
  p.mo = m
  return j
}

const wordStep: Step = (s, i) => {
  const j = letters(s, i)
  return j === i ? -1 : j
}

const ampmStep: Step = (s, i, p) => {
  const w = s.slice(i, i + 2).toUpperCase()
  if (w !== 'AM' && w !== 'PM') return -1
  p.ampm = w === 'AM' ? 1 : 2
  return i + 2
}

const epochStep: Step = (s, i, p) => {
  let j = i
  while (j < s.length && isDigit(s.charCodeAt(j)) && j - i < 12) j++
  if (j === i) return -1
  p.epoch = Number(s.slice(i, j)) * 1000
  return j
}

function literalStep(text: string): Step {
  if (text === ' ') {
    // Whitespace in a pattern matches one or more spaces, as strptime does (`%e` pads with one).
    return (s, i) => {
      if (s.charCodeAt(i) !== 32) return -1
      while (s.charCodeAt(i) === 32) i++
      return i
    }
  }
  return (s, i) => (s.startsWith(text, i) ? i + text.length : -1)
}

const EXPANSIONS: Record<string, string> = { T: '%H:%M:%S', F: '%Y-%m-%d', D: '%m/%d/%y', R: '%H:%M' }

function stepFor(d: string): Step | null {
  switch (d) {
    case 'Y':
      return numberStep(4, 4, (p, n) => {
        p.y = n
      })
    case 'y':
      return numberStep(2, 2, (p, n) => {
        p.y = n < 69 ? 2000 + n : 1900 + n
      })
    case 'm':
      return numberStep(1, 2, (p, n) => {
        p.mo = n - 1
      })
    case 'd':
      return numberStep(1, 2, (p, n) => {
        p.d = n
      })
    case 'e':
      return numberStep(
        1,
        2,
        (p, n) => {
          p.d = n
        },
        true,
      )
    case 'H':
    case 'k':
      return numberStep(1, 2, (p, n) => {
        p.h = n
      })
    case 'I':
    case 'l':
      return numberStep(1, 2, (p, n) => {
        p.h = n
      })
    case 'M':
      return numberStep(2, 2, (p, n) => {
        p.mi = n
      })
    case 'S':
      return numberStep(2, 2, (p, n) => {
        p.s = n
      })
    case 'j':
      return numberStep(3, 3, (p, n) => {
        p.yday = n
      })
    case 'f':
      return fracStep
    case 'z':
      return offsetStep
    case 'Z':
      return zoneNameStep
    case 'b':
    case 'h':
      return monthAbbrStep
    case 'B':
      return monthNameStep
    case 'a':
    case 'A':
      return wordStep
    case 'p':
      return ampmStep
    case 's':
      return epochStep
    case 'n':
    case 't':
      return literalStep(' ')
    case '%':
      return literalStep('%')
    default:
      return null
  }
}

/** What a compiled pattern reads, to check at compile time that it yields a whole date. */
export interface CompiledPattern {
  read: TimeReader
  hasDate: boolean
  hasZone: boolean
}

/**
 * Compiles a strftime pattern once. Returns the reader, or an error sentence naming the first
 * directive it does not know.
 */
export function compileStrftime(pattern: string): CompiledPattern | string {
  let fmt = pattern
  for (const [k, v] of Object.entries(EXPANSIONS)) fmt = fmt.replaceAll(`%${k}`, v)
  const steps: Step[] = []
  let literal = ''
  let hasYear = false
  let hasEpoch = false
  let hasZone = false
  const flush = () => {
    if (literal === '') return
    // Runs of spaces become one "one or more spaces" step; other text must match exactly.
    for (const part of literal.split(/( +)/)) {
      if (part === '') continue
      steps.push(literalStep(part.startsWith(' ') ? ' ' : part))
    }
    literal = ''
  }
  for (let i = 0; i < fmt.length; i++) {
    const c = fmt[i]!
    if (c !== '%') {
      literal += c
      continue
    }
    const d = fmt[i + 1]
    if (d === undefined) return 'ends with a lone %'
    i++
    if (d === '%') {
      literal += '%'
      continue
    }
    const step = stepFor(d)
    if (step === null) return `uses %${d}, which is not a supported strftime directive`
    flush()
    steps.push(step)
    if (d === 'Y' || d === 'y') hasYear = true
    if (d === 's') hasEpoch = true
    if (d === 'z' || d === 'Z' || d === 's') hasZone = true
  }
  flush()
  const read: TimeReader = (s, p) => {
    let i = 0
    for (let k = 0; k < steps.length; k++) {
      i = steps[k]!(s, i, p)
      if (i < 0) return false
    }
    return i === s.length
  }
  return { read, hasDate: hasYear || hasEpoch, hasZone }
}

/** A time-of-event reader from a config spec (custom formats): text or number → ms, or -1. */
export type TimeParser = (v: unknown) => number

/**
 * Compiles `time_format` (iso8601, epoch_s|ms|us|ns, clf, or a strftime pattern) into a parser.
 * Returns an error sentence when the pattern cannot give a full date.
 */
export function compileTimeFormat(spec: string, zone: Zone): TimeParser | string {
  switch (spec) {
    case 'iso8601':
      return (v) => (typeof v === 'string' ? parseIso(v, zone) : -1)
    case 'clf':
      return (v) => (typeof v === 'string' ? parseClf(v) : -1)
    case 'epoch_s':
      return (v) => parseEpoch(v, 's')
    case 'epoch_ms':
      return (v) => parseEpoch(v, 'ms')
    case 'epoch_us':
      return (v) => parseEpoch(v, 'us')
    case 'epoch_ns':
      return (v) => parseEpoch(v, 'ns')
  }
  if (!spec.includes('%')) {
    return 'is neither iso8601, clf, epoch_s, epoch_ms, epoch_us, epoch_ns nor a strftime pattern'
  }
  const compiled = compileStrftime(spec)
  if (typeof compiled === 'string') return compiled
  if (!compiled.hasDate) return 'has no year (%Y or %y) nor epoch (%s), so it cannot give a date'
  return (v) => {
    if (typeof v !== 'string') return -1
    const parts = newParts()
    return compiled.read(v, parts) ? partsToMs(parts, zone) : -1
  }
}
