// nginx's predefined `combined` log_format:
//   $remote_addr - $remote_user [$time_local] "$request" $status $body_bytes_sent "$http_referer" "$http_user_agent"
// It carries no credentials except the Basic-auth user name ($remote_user). nginx's default
// escaping writes `"`, `\`, control and non-ASCII bytes as \xHH.
import { requestUri, type SimulatedRequest } from '../request.js'
import { timeLocal } from './time.js'

function escapeNginx(value: string): string {
  let plain = true
  for (let i = 0; i < value.length; i++) {
    const c = value.charCodeAt(i)
    if (c < 0x20 || c >= 0x7f || c === 0x22 || c === 0x5c) {
      plain = false
      break
    }
  }
  if (plain) return value
  let out = ''
  for (const byte of Buffer.from(value, 'utf8')) {
    out +=
      byte < 0x20 || byte >= 0x7f || byte === 0x22 || byte === 0x5c
        ? `\\x${byte.toString(16).toUpperCase().padStart(2, '0')}`
        : String.fromCharCode(byte)
  }
  return out
}

const orDash = (value: string | undefined): string => (value ? escapeNginx(value) : '-')

export function formatNginxCombined(req: SimulatedRequest): string {
  const request = escapeNginx(`${req.method} ${requestUri(req)} ${req.protocol}`)
  return `${req.clientIp} - ${orDash(req.remoteUser)} [${timeLocal(req.ts)}] "${request}" ${req.status} ${req.responseBytes} "${orDash(req.referer)}" "${orDash(req.userAgent)}"`
}
