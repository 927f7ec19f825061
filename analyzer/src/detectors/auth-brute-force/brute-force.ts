// auth.brute_force: many failed logins for one user name from one client IP (for a form login,
// whose user name the log does not show, many failures from one IP on one login route). High
// when a success follows the failures: the password was probably found.
import type { AlertSubject, Severity } from '@gatewatch/schema'
import type { EventRow } from '../../store/event-row.js'
import { KeyedState, keyedDetector } from '../state.js'
import { pushSample } from '../token.js'
import { loginMatcher, usernameSubject } from '../traffic/login.js'
import {
  type Buckets,
  endpointOf,
  newBuckets,
  type Reported,
  rollBuckets,
  worthReporting,
} from '../traffic/source.js'
import type { DetectorContext, DetectorInstance } from '../types.js'
import type { BruteForceConfig } from './config.js'

export const BRUTE_FORCE = 'auth.brute_force'

interface Window {
  failures: number
  first: number
}

interface GuessState {
  subject: AlertSubject
  target: string
  buckets: Buckets<Window>
  /** A success after the failures, in this window. */
  succeededAfter: boolean
  samples: string[]
  reported: Reported | null
}

const fresh = (): Window => ({ failures: 0, first: Number.POSITIVE_INFINITY })

export function createBruteForce(config: BruteForceConfig): DetectorInstance {
  const attemptOf = loginMatcher('auth_brute_force', config)
  const width = config.window_ms
  const guesses = new KeyedState<GuessState>({ maxKeys: config.max_keys, idleMs: 2 * width })

  function onEvent(row: EventRow, ctx: DetectorContext): void {
    const attempt = attemptOf(row)
    if (!attempt) return
    // a named user for basic auth; the login route itself when the user name is not in the log
    const target = attempt.username ? `user ${attempt.username}` : endpointOf(row)
    const key = `${row.client_ip} ${target}`
    const guess = attempt.failed
      ? guesses.touch(key, row.ts, () => ({
          subject: attempt.username ? usernameSubject(attempt.username) : { kind: 'ip', id: row.client_ip },
          target,
          buckets: newBuckets(row.ts, width, fresh),
          succeededAfter: false,
          samples: [],
          reported: null,
        }))
      : guesses.peek(key)
    if (!guess) return
    if (rollBuckets(guess.buckets, row.ts, width, fresh) && !guess.buckets.previous) {
      guess.succeededAfter = false
      guess.reported = null
      guess.samples = []
    }
    const { current, previous } = guess.buckets
    if (attempt.failed) {
      current.failures++
      current.first = Math.min(current.first, row.ts)
    }
    const failures = current.failures + (previous?.failures ?? 0)
    if (attempt.succeeded && failures >= config.min_failures) guess.succeededAfter = true
    if (!attempt.failed && !attempt.succeeded) return
    pushSample(guess.samples, row.event_id)
    if (failures < config.min_failures) return
    const severity: Severity = guess.succeededAfter ? 'high' : 'medium'
    if (!worthReporting(guess.reported, failures, severity)) return
    guess.reported = { events: failures, severity }
    ctx.emit({
      type: BRUTE_FORCE,
      severity,
      owasp: 'API2:2023 Broken Authentication',
      subject: guess.subject,
      first_seen: Math.min(current.first, previous?.first ?? Number.POSITIVE_INFINITY),
      last_seen: row.ts,
      summary: `${failures} failed logins for ${target} from ${row.client_ip} in one window${guess.succeededAfter ? ', then one succeeded' : ''}, against at most ${config.min_failures - 1} for a user mistyping a password.`,
      observed: { failures, client_ip: row.client_ip, target, succeeded_after: guess.succeededAfter ? 1 : 0 },
      expected: { failures_max: config.min_failures - 1 },
      sample_event_ids: [...guess.samples],
      events: failures,
    })
  }

  return keyedDetector(guesses, onEvent)
}
