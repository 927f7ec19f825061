// token.expired_accepted: the gateway answered 2xx to a JWT past its `exp` (beyond a leeway for
// clock skew) or to one signed with `alg: none` — the API is not validating tokens. Each
// credential's accepted requests are counted so the alert says how many went through.
import type { EventRow } from '../../store/event-row.js'
import { KeyedState } from '../state.js'
import { API2, isSuccess, principalSubject, pushSample } from '../token.js'
import type { DetectorInstance } from '../types.js'
import type { TokenExpiredAcceptedConfig } from './config.js'

export const TYPE = 'token.expired_accepted'

interface Accepted {
  first: number
  events: number
  samples: string[]
}

function duration(ms: number): string {
  const minutes = Math.round(ms / 60_000)
  if (minutes < 120) return `${minutes} min`
  const hours = Math.round(minutes / 60)
  return hours < 48 ? `${hours} h` : `${Math.round(hours / 24)} days`
}

export function createTokenExpiredAccepted(config: TokenExpiredAcceptedConfig): DetectorInstance {
  const state = new KeyedState<Accepted>({ maxKeys: config.max_keys, idleMs: config.idle_ms })

  return {
    onEvent(row: EventRow, ctx) {
      if (!isSuccess(row.status) || !row.principal_fingerprint) return
      const algNone = row.principal_alg.toLowerCase() === 'none'
      const expiredFor = row.principal_exp === null ? 0 : row.ts - row.principal_exp * 1000
      const expired = row.principal_exp !== null && expiredFor > config.leeway_ms
      if (!algNone && !expired) return
      const reason = algNone ? 'alg-none' : 'expired'
      const a = state.touch(`${row.principal_fingerprint} ${reason}`, row.ts, () => ({
        first: row.ts,
        events: 0,
        samples: [],
      }))
      a.events++
      pushSample(a.samples, row.event_id)
      const who = row.principal_subject ? ` of ${row.principal_subject}` : ''
      const endpoint = `${row.method} ${row.route}`
      ctx.emit({
        type: TYPE,
        severity: 'critical',
        owasp: API2,
        subject: principalSubject(row),
        first_seen: a.first,
        last_seen: row.ts,
        summary: algNone
          ? `The API answered ${row.status} to ${a.events} request(s) with an unsigned JWT${who} (alg none) on ${endpoint}, where a signed token is expected.`
          : `The API answered ${row.status} to ${a.events} request(s) with a JWT${who} that expired ${duration(expiredFor)} earlier on ${endpoint}, where it should have been refused with 401.`,
        observed: algNone
          ? { alg: row.principal_alg, status: row.status, accepted_requests: a.events }
          : {
              expired_ms_ago: expiredFor,
              exp: row.principal_exp!,
              status: row.status,
              accepted_requests: a.events,
            },
        expected: algNone
          ? { alg: 'a signing algorithm', status: 401 }
          : { status: 401, leeway_ms: config.leeway_ms },
        sample_event_ids: [...a.samples],
        events: a.events,
      })
    },
    onWatermark(ctx) {
      state.evictIdle(ctx.watermark)
    },
    snapshot: () => state.snapshot(),
    restore: (saved) => state.restore(saved),
    size: () => state.size,
  }
}
