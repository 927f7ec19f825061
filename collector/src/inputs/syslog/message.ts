// Finds the body of a syslog message, the log line a gateway wrote: after the RFC 5424 header
// (`<PRI>1 TIMESTAMP HOST APP PROCID MSGID SD`) or the RFC 3164 one (`<PRI>Mmm dd hh:mm:ss HOST
// TAG: `, where HAProxy and others may leave the host out). The header's time and host are not
// kept: the access log line carries its own time, and its parser reads it.

export type SyslogBody = { ok: true; body: string; rfc: 5424 | 3164 } | { ok: false; detail: string }

const BSD_TIME = /^[A-Z][a-z]{2} [ 0-9][0-9] [0-9]{2}:[0-9]{2}:[0-9]{2} /
const ISO_TIME = /^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9:.]+(Z|[+-][0-9]{2}:[0-9]{2}) /
/** A tag: `nginx:`, `haproxy[123]:`. */
const TAG = /^[^\s:[\]]{1,48}(\[[^\]\s]{1,32}\])?:$/

/** Skips one space-separated header field; -1 when the header ends early. */
function field(msg: string, from: number): number {
  const sp = msg.indexOf(' ', from)
  return sp === -1 ? -1 : sp + 1
}

/** End of RFC 5424 STRUCTURED-DATA starting at `from` (`-` or `[id k="v"]...`), or -1. */
function structuredDataEnd(msg: string, from: number): number {
  if (msg[from] === '-') return from + 1
  let i = from
  while (msg[i] === '[') {
    let quoted = false
    i++
    for (; i < msg.length; i++) {
      const c = msg[i]
      if (c === '\\') i++
      else if (c === '"') quoted = !quoted
      else if (c === ']' && !quoted) break
    }
    if (i >= msg.length) return -1
    i++
  }
  return i === from ? -1 : i
}

export function syslogBody(msg: string): SyslogBody {
  const m = /^<([0-9]{1,3})>/.exec(msg)
  if (m === null || Number(m[1]) > 191)
    return { ok: false, detail: 'not a syslog message: no <PRI> (0-191) at its start' }
  let i = m[0].length
  if (/^[1-9][0-9]? /.test(msg.slice(i, i + 3))) {
    // RFC 5424: VERSION TIMESTAMP HOSTNAME APP-NAME PROCID MSGID STRUCTURED-DATA [MSG]
    i = field(msg, i)
    for (let f = 0; f < 5 && i !== -1; f++) i = field(msg, i)
    if (i === -1) return { ok: false, detail: 'RFC 5424 header ends before its structured data' }
    const end = structuredDataEnd(msg, i)
    if (end === -1) return { ok: false, detail: 'RFC 5424 structured data is not closed' }
    let body = msg[end] === ' ' ? msg.slice(end + 1) : msg.slice(end)
    if (body.charCodeAt(0) === 0xfeff) body = body.slice(1)
    return { ok: true, body, rfc: 5424 }
  }
  // RFC 3164 (and the ISO-timestamped variant rsyslog sends).
  const rest = msg.slice(i)
  const time = BSD_TIME.exec(rest) ?? ISO_TIME.exec(rest)
  if (time !== null) i += time[0].length
  let next = field(msg, i)
  if (next === -1) return { ok: true, body: msg.slice(i), rfc: 3164 }
  const first = msg.slice(i, next - 1)
  if (TAG.test(first)) return { ok: true, body: msg.slice(next), rfc: 3164 }
  // `first` is the host; a tag may follow.
  i = next
  next = field(msg, i)
  if (next !== -1 && TAG.test(msg.slice(i, next - 1))) return { ok: true, body: msg.slice(next), rfc: 3164 }
  return { ok: true, body: msg.slice(i), rfc: 3164 }
}
