// Compiles an Apache `LogFormat` string (mod_log_config) into a matcher, once: the format becomes
// a list of literal separators and directive fields; a line is read in one pass, each field ending
// where the next separator starts (inside quotes, a separator starting with `"` must not be
// escaped: Apache writes `"` in values as `\"`). Each directive knows which RawRecord field it
// fills. Unknown directives, and formats that cannot give a time, a status or a request, are
// refused at compile time with the directive and its column.
import { badNumber, checkRecord, fieldsFromHeaders, withoutPort } from '../fields.js'
import { optionalInt, splitRequestLine } from '../nginx-fields.js'
import { compileStrftime, newParts, parseClf, partsToMs, type TimeParts, type Zone } from '../time.js'
import { type RawRecord, type RecordOutcome, type Rejection, reject } from '../types.js'

/** What one line has given so far; reset and reused for every line. */
class Scratch {
  parts: TimeParts = newParts()
  clfTs = Number.NaN
  request: string | undefined
  method: string | undefined
  path: string | undefined
  query: string | undefined
  protocol: string | undefined
  finalStatus: number | undefined
  originalStatus: number | undefined
  clientIp: string | undefined
  remoteHost: string | undefined
  peerIp: string | undefined
  serverName: string | undefined
  canonicalName: string | undefined
  bytesClf: number | undefined
  bytes: number | undefined
  bytesOut: number | undefined
  bytesIn: number | undefined
  micros: number | undefined
  seconds: number | undefined
  remoteUser: string | undefined
  requestId: string | undefined
  headers: Record<string, string> | undefined

  reset(): void {
    this.parts = newParts()
    this.clfTs = Number.NaN
    this.request = this.method = this.path = this.query = this.protocol = undefined
    this.finalStatus = this.originalStatus = undefined
    this.clientIp = this.remoteHost = this.peerIp = this.serverName = this.canonicalName = undefined
    this.bytesClf = this.bytes = this.bytesOut = this.bytesIn = this.micros = this.seconds = undefined
    this.remoteUser = this.requestId = undefined
    this.headers = undefined
  }
}

/** Stores one field's value; returns a rejection when the value cannot be what the directive logs. */
type Apply = (value: string, s: Scratch) => Rejection | null

interface Literal {
  kind: 'literal'
  text: string
}
interface Field {
  kind: 'field'
  /** The directive as written, e.g. `%>s` or `%{User-Agent}i`, for messages. */
  written: string
  apply: Apply
  /** `%t`: the value is the bracketed `[...]` itself. */
  bracketed: boolean
  /** The field sits right after a `"`, so its end is an unescaped quote. */
  quoted: boolean
  /** The value never holds a space (numbers, addresses, names): as the last field it ends at one. */
  spaceless: boolean
}
type Token = Literal | Field

/** Apache escapes `"`, `\` and non-printable bytes in logged values; turn them back into text. */
export function unescapeApache(s: string): string {
  if (s.indexOf('\\') === -1) return s
  const bytes: number[] = []
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i)
    if (c === 92 && i + 1 < s.length) {
      const n = s.charCodeAt(i + 1)
      if (n === 120 && i + 3 < s.length) {
        const h = Number.parseInt(s.slice(i + 2, i + 4), 16)
        if (!Number.isNaN(h)) {
          bytes.push(h)
          i += 3
          continue
        }
      }
      const simple = n === 34 ? 34 : n === 92 ? 92 : n === 110 ? 10 : n === 116 ? 9 : n === 114 ? 13 : -1
      if (simple !== -1) {
        bytes.push(simple)
        i++
        continue
      }
    }
    if (c < 128) bytes.push(c)
    else for (const b of Buffer.from(s[i]!, 'utf8')) bytes.push(b)
  }
  return Buffer.from(bytes).toString('utf8')
}

const absent = (v: string) => v === '-' || v === ''

function intField(name: string, set: (s: Scratch, n: number) => void, dashIs?: number): Apply {
  return (v, s) => {
    if (v === '') return reject('malformed', `${name} is empty`)
    if (v === '-') {
      if (dashIs !== undefined) set(s, dashIs)
      return null
    }
    const n = optionalInt(v)
    if (n === undefined) return null
    if (Number.isNaN(n) || !Number.isSafeInteger(n)) return badNumber(name)
    set(s, n)
    return null
  }
}

function textField(set: (s: Scratch, v: string) => void): Apply {
  return (v, s) => {
    if (!absent(v)) set(s, unescapeApache(v))
    return null
  }
}

const ignore: Apply = () => null

function timeField(arg: string, zoneNeeded: { date: boolean }): Apply | string {
  const fmt = arg.replace(/^(begin|end):/, '')
  const epoch =
    (scale: number): Apply =>
    (v, s) => {
      const n = optionalInt(v)
      if (n === undefined || Number.isNaN(n)) return reject('bad_timestamp', `${arg} is not a number`)
      s.parts.epoch = n * scale
      return null
    }
  switch (fmt) {
    case 'sec':
      zoneNeeded.date = true
      return epoch(1000)
    case 'msec':
      zoneNeeded.date = true
      return epoch(1)
    case 'usec':
      zoneNeeded.date = true
      return epoch(0.001)
    case 'msec_frac':
    case 'usec_frac':
      return (v, s) => {
        const n = optionalInt(v)
        if (n === undefined || Number.isNaN(n)) return reject('bad_timestamp', `${fmt} is not a number`)
        s.parts.frac = fmt === 'msec_frac' ? n : n / 1000
        return null
      }
  }
  const compiled = compileStrftime(fmt)
  if (typeof compiled === 'string') return compiled
  if (compiled.hasDate) zoneNeeded.date = true
  return (v, s) =>
    compiled.read(v, s.parts) ? null : reject('bad_timestamp', `the time does not match %{${arg}}t`)
}

/** The Apply for one directive, or an error sentence. */
function directive(
  letter: string,
  arg: string | undefined,
  modifier: string,
  has: { date: boolean },
): Apply | string {
  const final = modifier.includes('>')
  switch (letter) {
    case 'h':
      return textField((s, v) => {
        s.remoteHost = v
      })
    case 'a':
      return arg === 'c'
        ? textField((s, v) => {
            s.peerIp = v
          })
        : textField((s, v) => {
            s.clientIp = v
          })
    case 'u':
      return textField((s, v) => {
        s.remoteUser = v
      })
    case 't':
      if (arg === undefined) {
        has.date = true
        return (v, s) => {
          s.clfTs = parseClf(v)
          return s.clfTs < 0 ? reject('bad_timestamp', '%t is not [dd/Mon/yyyy:HH:MM:SS +zzzz]') : null
        }
      }
      return timeField(arg, has)
    case 'r':
      return (v, s) => {
        s.request = v
        return null
      }
    case 'm':
      return textField((s, v) => {
        s.method = v
      })
    case 'U':
      return textField((s, v) => {
        s.path = v
      })
    case 'q':
      return textField((s, v) => {
        s.query = v
      })
    case 'H':
      return textField((s, v) => {
        s.protocol = v
      })
    case 's':
      return final
        ? intField('the status', (s, n) => {
            s.finalStatus = n
          })
        : intField('the status', (s, n) => {
            s.originalStatus = n
          })
    case 'b':
      return intField(
        'the response size',
        (s, n) => {
          s.bytesClf = n
        },
        0,
      )
    case 'B':
      return intField('the response size', (s, n) => {
        s.bytes = n
      })
    case 'O':
      return intField('the bytes sent', (s, n) => {
        s.bytesOut = n
      })
    case 'I':
      return intField('the bytes received', (s, n) => {
        s.bytesIn = n
      })
    case 'D':
      return intField('the time taken (%D)', (s, n) => {
        s.micros = n
      })
    case 'T': {
      const scale = arg === 'ms' ? 0.001 : arg === 'us' ? 0.000_001 : 1
      if (arg !== undefined && !['ms', 'us', 's'].includes(arg))
        return `uses %{${arg}}T; the unit must be ms, us or s`
      return intField('the time taken (%T)', (s, n) => {
        s.seconds = n * scale
      })
    }
    case 'i': {
      if (arg === undefined) return 'uses %i without a header name: write %{Header-Name}i'
      const name = arg.toLowerCase()
      return (v, s) => {
        if (absent(v)) return null
        s.headers ??= {}
        s.headers[name] = unescapeApache(v)
        return null
      }
    }
    case 'e':
      return arg === 'UNIQUE_ID'
        ? textField((s, v) => {
            s.requestId = v
          })
        : ignore
    case 'v':
      return textField((s, v) => {
        s.canonicalName = v
      })
    case 'V':
      return textField((s, v) => {
        s.serverName = v
      })
    // Known directives that say nothing an AccessEvent carries: local address and port, process,
    // keep-alive count, connection status, log id, handler, file, notes, cookies, response
    // headers and trailers, bytes transferred.
    case 'A':
    case 'p':
    case 'P':
    case 'k':
    case 'X':
    case 'L':
    case 'R':
    case 'f':
    case 'n':
    case 'o':
    case 'C':
    case 'S':
    case 'l':
    case '^ti':
    case '^to':
      return ignore
    default:
      return `uses %${letter}, which is not an Apache LogFormat directive`
  }
}

const pathAndQuery: Apply = (v, s) => {
  if (absent(v)) return null
  const q = v.indexOf('?')
  s.path = unescapeApache(q === -1 ? v : v.slice(0, q))
  if (q !== -1) s.query = unescapeApache(v.slice(q))
  return null
}

/** Directives whose values never hold a space. */
const SPACELESS = new Set([
  's',
  'b',
  'B',
  'D',
  'T',
  'I',
  'O',
  'S',
  'h',
  'a',
  'A',
  'p',
  'P',
  'k',
  'X',
  'm',
  'U',
  'q',
  'H',
  'v',
  'V',
  'l',
  'L',
])

/** Unescapes what httpd.conf quoting would: `\"`, `\\`, `\n`, `\t`. */
function unquoteConfig(s: string): string {
  return s.replace(/\\(["\\nt])/g, (_m, c: string) => (c === 'n' ? '\n' : c === 't' ? '\t' : c))
}

/** A compiled LogFormat: `match(line)` reads one line into a RawRecord. */
export interface CompiledLogFormat {
  match(line: string): RecordOutcome
}

/**
 * Compiles a LogFormat. Throws an Error whose message is one sentence (to be prefixed with the
 * config key) naming the directive and column when the format cannot be used.
 */
export function compileLogFormat(logFormat: string, zone: Zone): CompiledLogFormat {
  const fmt = unquoteConfig(logFormat)
  const tokens: Token[] = []
  const has = { date: false }
  let literal = ''
  let hasStatus = false
  let hasRequest = false
  const hasMethodAndPath = { m: false, U: false }
  for (let i = 0; i < fmt.length; i++) {
    const c = fmt[i]!
    if (c !== '%') {
      literal += c
      continue
    }
    const at = i
    let j = i + 1
    let modifier = ''
    while (j < fmt.length && /[<>!0-9,]/.test(fmt[j]!)) modifier += fmt[j++]
    let arg: string | undefined
    if (fmt[j] === '{') {
      const close = fmt.indexOf('}', j)
      if (close === -1) throw new Error(`has an unclosed %{ at column ${at + 1}`)
      arg = fmt.slice(j + 1, close)
      j = close + 1
    }
    let letter = fmt[j]
    if (letter === undefined) throw new Error(`ends with an incomplete directive at column ${at + 1}`)
    if (letter === '%' && arg === undefined && modifier === '') {
      literal += '%'
      i = j
      continue
    }
    if (letter === '^') {
      letter = fmt.slice(j, j + 3)
      j += 2
    }
    const written = fmt.slice(at, j + 1)
    const apply = directive(letter, arg, modifier, has)
    if (typeof apply === 'string') throw new Error(`${apply} (${written} at column ${at + 1})`)
    if (letter === 's') hasStatus = true
    if (letter === 'r') hasRequest = true
    if (letter === 'm') hasMethodAndPath.m = true
    if (letter === 'U') hasMethodAndPath.U = true
    const prev = tokens.at(-1)
    if (literal === '' && prev?.kind === 'field' && prev.written === '%U' && letter === 'q') {
      // `%U%q` is how httpd logs path and query together: %q starts with `?` when there is one.
      prev.apply = pathAndQuery
      prev.written = '%U%q'
      i = j
      continue
    }
    if (literal === '' && prev?.kind === 'field' && !prev.bracketed) {
      throw new Error(
        `puts ${prev.written} and ${written} next to each other with nothing between them, so their values cannot be told apart`,
      )
    }
    if (literal !== '') tokens.push({ kind: 'literal', text: literal })
    tokens.push({
      kind: 'field',
      written,
      apply,
      bracketed: letter === 't' && arg === undefined,
      quoted: literal.endsWith('"'),
      spaceless: SPACELESS.has(letter),
    })
    literal = ''
    i = j
  }
  if (literal !== '') tokens.push({ kind: 'literal', text: literal })
  if (!has.date) throw new Error('has no time directive (%t, or %{format}t with a date)')
  if (!hasStatus) throw new Error('has no status directive (%>s or %s)')
  if (!hasRequest && !(hasMethodAndPath.m && hasMethodAndPath.U)) {
    throw new Error('has no request: it needs %r, or %m and %U')
  }

  const scratch = new Scratch()

  /** End of the field that starts at `from` and is followed by `next`, or -1. */
  function fieldEnd(line: string, from: number, next: string, quoted: boolean): number {
    let e = line.indexOf(next, from)
    if (!quoted || next.charCodeAt(0) !== 34) return e
    while (e !== -1) {
      let backslashes = 0
      for (let b = e - 1; b >= from && line.charCodeAt(b) === 92; b--) backslashes++
      if (backslashes % 2 === 0) return e
      e = line.indexOf(next, e + 1)
    }
    return -1
  }

  function match(line: string): RecordOutcome {
    const s = scratch
    s.reset()
    let pos = 0
    for (let k = 0; k < tokens.length; k++) {
      const t = tokens[k]!
      if (t.kind === 'literal') {
        if (!line.startsWith(t.text, pos)) {
          const after = k > 0 ? ` after ${(tokens[k - 1] as Field).written}` : ' at the start'
          return reject('malformed', `expected ${JSON.stringify(t.text)}${after} (column ${pos + 1})`)
        }
        pos += t.text.length
        continue
      }
      let value: string
      if (t.bracketed) {
        if (line.charCodeAt(pos) !== 91)
          return reject('bad_timestamp', `no [time] for %t at column ${pos + 1}`)
        const end = line.indexOf(']', pos)
        if (end === -1) return reject('bad_timestamp', 'the [time] of %t is not closed')
        value = line.slice(pos + 1, end)
        pos = end + 1
      } else {
        const next = tokens[k + 1] as Literal | undefined
        let end: number
        if (next === undefined) {
          end = t.spaceless ? line.indexOf(' ', pos) : -1
          if (end === -1) end = line.length
          while (end > pos && line.charCodeAt(end - 1) === 32) end--
        } else {
          end = fieldEnd(line, pos, next.text, t.quoted)
          if (end === -1) {
            return reject(
              'malformed',
              `the line ends inside ${t.written} (no ${JSON.stringify(next.text)} after it)`,
            )
          }
        }
        value = line.slice(pos, end)
        pos = end
      }
      const err = t.apply(value, s)
      if (err !== null) return err
    }
    while (pos < line.length && line.charCodeAt(pos) === 32) pos++
    if (pos < line.length)
      return reject('malformed', `unexpected text after the last field (column ${pos + 1})`)
    return build(s)
  }

  function build(s: Scratch): RecordOutcome {
    const ts = Number.isNaN(s.clfTs) ? partsToMs(s.parts, zone) : s.clfTs
    if (ts < 0) return reject('bad_timestamp', 'the time fields do not make a date')
    let method: string
    let target: string
    let protocol: string
    if (s.request !== undefined) {
      const rl = splitRequestLine(unescapeApache(s.request))
      if (rl === null) {
        return reject(
          'bad_request_line',
          'the request field is not "METHOD target [HTTP/x]" (Apache logs "-" or raw bytes here)',
        )
      }
      method = rl.method
      target = rl.target
      protocol = rl.protocol
    } else {
      if (s.method === undefined || s.path === undefined)
        return reject('bad_request_line', 'no method or path (%m, %U)')
      method = s.method
      const q = s.query
      target = q === undefined || q === '' ? s.path : `${s.path}${q.charCodeAt(0) === 63 ? '' : '?'}${q}`
      protocol = s.protocol ?? ''
    }
    const status = s.finalStatus ?? s.originalStatus
    if (status === undefined) return reject('malformed', 'the status is "-"')
    const rec: RawRecord = {
      ts,
      method,
      target,
      protocol,
      status,
      client_ip: withoutPort(s.clientIp ?? s.remoteHost ?? s.peerIp ?? ''),
      user_agent: '',
      response_bytes: s.bytesClf ?? s.bytes ?? s.bytesOut,
      request_bytes: s.bytesIn,
      latency_ms:
        s.micros !== undefined ? s.micros / 1000 : s.seconds !== undefined ? s.seconds * 1000 : undefined,
      remote_user: s.remoteUser,
      request_id: s.requestId,
      headers: s.headers,
    }
    fieldsFromHeaders(rec)
    rec.host ??= s.serverName ?? s.canonicalName
    const bad = checkRecord(rec)
    return bad ?? { ok: true, record: rec }
  }

  return { match }
}
