// What the auth detectors call a login attempt: a request to a login route (configurable
// patterns) or one carrying basic-auth credentials; failed when its status says so. The user name
// is known only for basic auth (the collector keeps it as the subject); a form login's body is
// never seen, so there the client IP and the credential fingerprint are what varies.
import { createHash } from 'node:crypto'
import type { AlertSubject } from '@gatewatch/schema'
import Type from 'typebox'
import type { EventRow } from '../../store/event-row.js'

export const LOGIN_DEFAULTS = {
  routes: [
    '(^|/)(log-?in|sign-?in|log-?on|authenticate|auth|sessions?)(\\.\\w+)?/?$',
    '/oauth2?/token/?$',
    '/token/?$',
  ],
  methods: ['POST'],
  failureStatuses: [401, 403],
} as const

/** Config fields both auth detectors take, spread into their TypeBox objects. */
export const LoginFields = {
  login_routes: Type.Array(Type.String({ minLength: 1 }), {
    default: [...LOGIN_DEFAULTS.routes],
    description: 'Regular expressions (case-insensitive) on the route template or path of login endpoints.',
  }),
  login_methods: Type.Array(Type.String({ minLength: 1 }), {
    default: [...LOGIN_DEFAULTS.methods],
    description: 'HTTP methods of a login attempt on those routes.',
  }),
  basic_auth_anywhere: Type.Boolean({
    default: true,
    description: 'Count any request with basic-auth credentials as a login attempt, whatever the route.',
  }),
  failure_statuses: Type.Array(Type.Integer({ minimum: 100, maximum: 599 }), {
    default: [...LOGIN_DEFAULTS.failureStatuses],
    description: 'Statuses of a failed login (status only: a 200 with an error body cannot be told apart).',
  }),
}

export interface LoginConfig {
  login_routes: string[]
  login_methods: string[]
  basic_auth_anywhere: boolean
  failure_statuses: number[]
}

export interface LoginAttempt {
  failed: boolean
  succeeded: boolean
  /** The basic-auth user name, '' when the request does not show one. */
  username: string
  /** The credential's fingerprint, '' when none was sent. */
  credential: string
}

/** A classifier of login attempts; throws naming the detector when a pattern is invalid. */
export function loginMatcher(detector: string, config: LoginConfig): (row: EventRow) => LoginAttempt | null {
  const routes = config.login_routes.map((pattern) => {
    try {
      return new RegExp(pattern, 'i')
    } catch (error) {
      throw new Error(
        `${detector}: login_routes pattern "${pattern}" is invalid: ${(error as Error).message}`,
      )
    }
  })
  const methods = new Set(config.login_methods.map((m) => m.toUpperCase()))
  const failures = new Set(config.failure_statuses)
  return (row) => {
    const basic = row.principal_kind === 'basic'
    const onLoginRoute = methods.has(row.method) && routes.some((r) => r.test(row.route) || r.test(row.path))
    if (!onLoginRoute && !(basic && config.basic_auth_anywhere)) return null
    return {
      failed: failures.has(row.status),
      succeeded: row.status >= 200 && row.status < 300,
      username: basic ? row.principal_subject : '',
      credential: row.principal_fingerprint,
    }
  }
}

/** Alert subject of a user name: a fingerprint as the id, the name (already stored with the event) as label. */
export function usernameSubject(username: string): AlertSubject {
  const id = createHash('sha256').update(`gatewatch-username:${username}`).digest('hex').slice(0, 16)
  return { kind: 'username', id, label: username.slice(0, 512) }
}
