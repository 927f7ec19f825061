// Helpers shared by the nginx parsers: request-line splitting, `\xHH` unescaping and the
// `time_local` timestamp, written as character scans because they run once per line.

/** Month abbreviations of CLF times → 0-based month. */
export const MONTHS: Record<string, number> = {
  Jan: 0,
  Feb: 1,
  Mar: 2,
  Apr: 3,
  May: 4,
  Jun: 5,
  Jul: 6,
  Aug: 7,
  Sep: 8,
  Oct: 9,
  Nov: 10,
  Dec: 11,
}

/** `count` decimal digits at `from` as a number, or -1. */
export function digits(s: string, from: number, count: number): number {
  if (from + count > s.length) return -1
  let n = 0
  for (let i = from; i < from + count; i++) {
    const c = s.charCodeAt(i) - 48
    if (c < 0 || c > 9) return -1
    n = n * 10 + c
  }
  return n
}

/** Days in a month (0-based), so 31/Feb is refused instead of rolling over into March. */
export function daysInMonth(year: number, month: number): number {
  return month === 1
    ? year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0)
      ? 29
      : 28
    : [31, 0, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month]!
}

/** Parses nginx `$time_local` (`22/Jan/2019:03:56:14 +0330`) to ms since the epoch, or -1. */
export function parseTimeLocal(s: string): number {
  if (s.length !== 26 || s.charCodeAt(2) !== 47 || s.charCodeAt(6) !== 47 || s.charCodeAt(11) !== 58)
    return -1
  const day = digits(s, 0, 2)
  const month = MONTHS[s.slice(3, 6)]
  const year = digits(s, 7, 4)
  const hh = digits(s, 12, 2)
  const mm = digits(s, 15, 2)
  const ss = digits(s, 18, 2)
  const sign = s.charCodeAt(21)
  const oh = digits(s, 22, 2)
  const om = digits(s, 24, 2)
  if (month === undefined || day < 1 || day > daysInMonth(year, month) || year < 1970 || hh < 0 || hh > 23)
    return -1
  if (mm < 0 || mm > 59) return -1
  if (ss < 0 || ss > 60 || oh < 0 || oh > 14 || om < 0 || om > 59 || (sign !== 43 && sign !== 45)) return -1
  const offsetMs = (oh * 60 + om) * 60_000 * (sign === 45 ? -1 : 1)
  return Date.UTC(year, month, day, hh, mm, ss) - offsetMs
}

/** Parses nginx `$time_iso8601` (`2019-01-22T03:56:14+03:30`), with optional fraction, or -1. */
export function parseTimeIso(s: string): number {
  // A date without a time or zone would be read in local time by Date.parse: demand both.
  if (s.length < 20 || s.charCodeAt(10) !== 84) return -1
  const last = s.charCodeAt(s.length - 1)
  if (last !== 90 && s.charCodeAt(s.length - 3) !== 58) return -1
  const t = Date.parse(s)
  return Number.isFinite(t) && t >= 0 ? t : -1
}

/** nginx writes bytes outside printable ASCII, `"` and `\` as `\xHH`; turn them back into text. */
export function unescapeNginx(s: string): string {
  if (s.indexOf('\\x') === -1) return s
  const bytes: number[] = []
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i)
    if (c === 92 && s.charCodeAt(i + 1) === 120 && i + 3 < s.length) {
      const h = Number.parseInt(s.slice(i + 2, i + 4), 16)
      if (!Number.isNaN(h)) {
        bytes.push(h)
        i += 3
        continue
      }
    }
    if (c < 128) bytes.push(c)
    else for (const b of Buffer.from(s[i]!, 'utf8')) bytes.push(b)
  }
  return Buffer.from(bytes).toString('utf8')
}

export interface RequestLine {
  method: string
  target: string
  protocol: string
}

/** Splits `GET /path?q HTTP/1.1` (or HTTP/0.9's `GET /path`); null when it is not a request line. */
export function splitRequestLine(s: string): RequestLine | null {
  const sp1 = s.indexOf(' ')
  if (sp1 < 1 || sp1 > 16) return null
  for (let i = 0; i < sp1; i++) {
    const c = s.charCodeAt(i)
    // RFC 9110 methods are tokens; in practice upper-case letters, digits, '-' and '_'.
    if (!((c >= 65 && c <= 90) || (c >= 48 && c <= 57) || c === 45 || c === 95)) return null
  }
  const sp2 = s.lastIndexOf(' ')
  let target: string
  let protocol = ''
  if (sp2 > sp1 && s.startsWith('HTTP/', sp2 + 1)) {
    target = s.slice(sp1 + 1, sp2)
    protocol = s.slice(sp2 + 1)
  } else {
    target = s.slice(sp1 + 1)
  }
  if (target.length === 0) return null
  return { method: s.slice(0, sp1), target, protocol }
}

/** Reads a non-negative integer field; `-` and empty mean absent (undefined), garbage gives NaN. */
export function optionalInt(s: string | undefined): number | undefined {
  if (s === undefined || s === '' || s === '-') return undefined
  const n = Number(s)
  return Number.isInteger(n) && n >= 0 ? n : Number.NaN
}

/** nginx logs absent headers as `-` (or empty with escape=json): both mean "not sent". */
export function optionalText(s: string | undefined): string | undefined {
  return s === undefined || s === '' || s === '-' ? undefined : s
}
