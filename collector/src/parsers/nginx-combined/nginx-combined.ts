// Parser for nginx's predefined `combined` log_format (also Apache's combined format):
//   $remote_addr - $remote_user [$time_local] "$request" $status $body_bytes_sent "$http_referer" "$http_user_agent"
// A common extension appends `"$http_x_forwarded_for"`; it is read when present, and any further
// fields are ignored. Hand-written scan, no regex: this runs once per line on the hot path.

import { checkRecord } from '../fields.js'
import { statelessFormat } from '../guard.js'
import {
  optionalInt,
  optionalText,
  parseTimeLocal,
  splitRequestLine,
  unescapeNginx,
} from '../nginx-fields.js'
import { type RawRecord, type RecordOutcome, reject } from '../types.js'

/** Index of the quote that closes a field opened at `from` (Apache escapes `"` as `\"`), or -1. */
function closingQuote(s: string, from: number): number {
  let i = s.indexOf('"', from)
  while (i !== -1 && s.charCodeAt(i - 1) === 92) {
    // `\\"` is an escaped backslash followed by the real closing quote.
    let backslashes = 0
    for (let j = i - 1; j >= from && s.charCodeAt(j) === 92; j--) backslashes++
    if (backslashes % 2 === 0) return i
    i = s.indexOf('"', i + 1)
  }
  return i
}

export function parseNginxCombined(line: string): RecordOutcome {
  const sp = line.indexOf(' ')
  if (sp < 1) return reject('malformed', 'no remote address followed by a space')
  if (line.charCodeAt(sp + 1) !== 45 || line.charCodeAt(sp + 2) !== 32) {
    return reject('malformed', 'expected " - " (ident) after the remote address')
  }
  const lb = line.indexOf(' [', sp + 2)
  if (lb === -1) return reject('malformed', 'no [time_local] field')
  const remoteUser = line.slice(sp + 3, lb)
  const tEnd = lb + 28
  if (line.charCodeAt(tEnd) !== 93)
    return reject('bad_timestamp', 'time_local is not 26 characters in brackets')
  const ts = parseTimeLocal(line.slice(lb + 2, tEnd))
  if (ts < 0) return reject('bad_timestamp', 'time_local is not dd/Mon/yyyy:HH:MM:SS +zzzz')
  if (line.charCodeAt(tEnd + 1) !== 32 || line.charCodeAt(tEnd + 2) !== 34) {
    return reject('malformed', 'no quoted request after the time')
  }
  const rqEnd = closingQuote(line, tEnd + 3)
  if (rqEnd === -1) return reject('malformed', 'unterminated quoted request')
  const request = splitRequestLine(line.slice(tEnd + 3, rqEnd))
  if (request === null) {
    return reject(
      'bad_request_line',
      'the request field is not "METHOD target [HTTP/x]" (nginx logs "-" or raw bytes here)',
    )
  }
  const stSp = line.indexOf(' ', rqEnd + 2)
  if (line.charCodeAt(rqEnd + 1) !== 32 || stSp === -1)
    return reject('malformed', 'no status after the request')
  const status = optionalInt(line.slice(rqEnd + 2, stSp))
  if (status === undefined || Number.isNaN(status)) return reject('malformed', 'status is not a number')
  const bSp = line.indexOf(' ', stSp + 1)
  if (bSp === -1) return reject('malformed', 'no referer after the body size')
  const bytes = optionalInt(line.slice(stSp + 1, bSp))
  if (Number.isNaN(bytes)) return reject('malformed', 'body_bytes_sent is not a number')
  if (line.charCodeAt(bSp + 1) !== 34) return reject('malformed', 'referer is not quoted')
  const refEnd = closingQuote(line, bSp + 2)
  if (refEnd === -1 || line.charCodeAt(refEnd + 1) !== 32 || line.charCodeAt(refEnd + 2) !== 34) {
    return reject('malformed', 'no quoted user agent after the referer')
  }
  const uaEnd = closingQuote(line, refEnd + 3)
  if (uaEnd === -1) return reject('malformed', 'unterminated quoted user agent')
  let forwardedFor: string | undefined
  if (line.charCodeAt(uaEnd + 1) === 32 && line.charCodeAt(uaEnd + 2) === 34) {
    const xffEnd = closingQuote(line, uaEnd + 3)
    if (xffEnd !== -1) forwardedFor = optionalText(line.slice(uaEnd + 3, xffEnd))
  }
  const ua = line.slice(refEnd + 3, uaEnd)
  const record: RawRecord = {
    ts,
    method: request.method,
    target: unescapeNginx(request.target),
    protocol: request.protocol,
    status,
    client_ip: line.slice(0, sp),
    user_agent: ua === '-' ? '' : unescapeNginx(ua),
    response_bytes: bytes,
    referer: optionalText(line.slice(bSp + 2, refEnd)),
    forwarded_for: forwardedFor,
    remote_user: optionalText(remoteUser),
  }
  return checkRecord(record) ?? { ok: true, record }
}

export const nginxCombinedFormat = statelessFormat(
  'nginx-combined',
  'nginx\'s predefined combined format (also Apache combined), with an optional trailing "$http_x_forwarded_for".',
  parseNginxCombined,
)
export const nginxCombined = nginxCombinedFormat.shared!
