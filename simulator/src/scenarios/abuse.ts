// Abuse of the API's business objects and login: walking other users' orders (BOLA), credential
// stuffing from a proxy pool, brute force from one address.
import { ATTACKER_NETWORKS, addressIn, PROXY_NETWORKS } from '../networks.js'
import { BROWSER_AGENTS, createCustomer } from '../users.js'
import {
  answered,
  attacker,
  attackerAgent,
  attackTimes,
  historyTimes,
  ipSubject,
  requestsAt,
  route,
  routesOf,
} from './actors.js'
import type { ScenarioContext, ScenarioDefinition } from './types.js'

const MINUTE = 60_000
const HOUR = 60 * MINUTE
const LOGIN = route('POST', '/v1/sessions')

export const bolaEnumeration: ScenarioDefinition = {
  type: 'bola.enumeration',
  description:
    "A signed-in customer walks order ids that are not theirs (GET /v2/orders/{id:int}, id after id): mostly 403 and 404, a few 200s that leak others' orders.",
  defaults: { rate: 20, durationMs: 15 * MINUTE, stealth: 0 },
  needsHistory: 0.4,
  build(ctx) {
    const user = createCustomer(ctx.rng, ctx.nextIndex(), 'web')
    const history = requestsAt(
      ctx,
      user,
      routesOf('web'),
      [
        ...historyTimes(ctx.rng, 'web', ctx.periodStart, ctx.start, 6),
        ...historyTimes(ctx.rng, 'web', ctx.start + ctx.knobs.durationMs + HOUR, ctx.periodEnd, 6),
      ],
      'normal',
    )
    const times = attackTimes(ctx)
    const first = ctx.rng.int(2_000_000, 8_000_000)
    // Stealth shuffles the walk over a range instead of counting up.
    const ids = times.map((_, i) =>
      ctx.knobs.stealth >= 0.5 ? first + ctx.rng.int(0, 20 * times.length) : first + i,
    )
    const orders = route('GET', '/v2/orders/{order_id}')
    const attack = times.map((t, i) => {
      const req = ctx.model.requestFor(ctx.rng, user, orders, t)
      const status = ctx.rng.weightedIndex([0.8, 0.14, 0.06])
      return {
        ...answered(ctx.rng, { ...req, path: `/v2/orders/${ids[i]}`, query: '' }, [403, 404, 200][status]!),
        label: 'attack' as const,
      }
    })
    return { subject: { kind: 'principal', id: user.id, label: user.id }, requests: [...history, ...attack] }
  },
}

/** Login answers during an attack: almost all failures, a few hits, some throttling. */
function loginStatus(ctx: ScenarioContext, failures: number): number {
  const r = ctx.rng.next()
  return r < failures ? 401 : r < failures + 0.03 ? 201 : 429
}

export const credentialStuffing: ScenarioDefinition = {
  type: 'auth.credential_stuffing',
  description:
    'Leaked username/password pairs are tried against POST /v1/sessions from hundreds of residential proxy addresses, one or two tries each: over 90% of logins fail.',
  defaults: { rate: 30, durationMs: 30 * MINUTE, stealth: 0 },
  needsHistory: 0.2,
  build(ctx) {
    const who = attacker(ctx, 'telefonica', 'python-requests/2.31.0')
    let ip = who.ips[0]!
    const attack = attackTimes(ctx).map((t) => {
      // A fresh exit most of the time; stealthier pools reuse an address even less.
      if (ctx.rng.chance(0.6 + 0.3 * ctx.knobs.stealth)) ip = addressIn(ctx.rng, ctx.rng.pick(PROXY_NETWORKS))
      const userAgent = ctx.knobs.stealth >= 0.5 ? ctx.rng.pick(BROWSER_AGENTS) : who.userAgent
      const req = { ...ctx.model.requestFor(ctx.rng, who, LOGIN, t), clientIp: ip, userAgent }
      return { ...answered(ctx.rng, req, loginStatus(ctx, 0.92)), label: 'attack' as const }
    })
    return { subject: { kind: 'endpoint', id: 'accounts POST /v1/sessions' }, requests: attack }
  },
}

export const bruteForce: ScenarioDefinition = {
  type: 'auth.brute_force',
  description: 'One address fails POST /v1/sessions again and again, guessing passwords for a few accounts.',
  defaults: { rate: 20, durationMs: 10 * MINUTE, stealth: 0 },
  needsHistory: 0.2,
  build(ctx) {
    const who = attacker(ctx, ctx.rng.pick(ATTACKER_NETWORKS), attackerAgent(ctx, 'python-requests/2.31.0'))
    const attack = attackTimes(ctx).map((t) => ({
      ...answered(ctx.rng, ctx.model.requestFor(ctx.rng, who, LOGIN, t), loginStatus(ctx, 0.97)),
      label: 'attack' as const,
    }))
    return { subject: ipSubject(who), requests: attack }
  },
}

export const ABUSE_SCENARIOS = [bolaEnumeration, credentialStuffing, bruteForce]
