// Inventory risks in use: an endpoint nobody documented, a retired API version still answering,
// and a private endpoint that answers callers without any credential.
import { ATTACKER_NETWORKS, addressIn } from '../networks.js'
import { createPartner, type SimUser } from '../users.js'
import {
  anonymous,
  answered,
  attacker,
  attackTimes,
  habitualRoutes,
  historyTimes,
  requestsAt,
  route,
} from './actors.js'
import type { ScenarioDefinition } from './types.js'

const MINUTE = 60_000

/**
 * Routes the API's published spec lists as deprecated and retired (v1 orders were replaced by v2):
 * normal traffic never calls them, so a call is a zombie in use.
 */
export const RETIRED_ROUTES = [{ service: 'shop', method: 'GET', template: '/v1/orders/{order_id}' }] as const

/** A route the gateway serves that no spec documents: a debug export left behind. */
export const SHADOW_ROUTES = [
  { service: 'shop', method: 'GET', template: '/v2/internal/export/customers' },
] as const

function apiKeyPartner(ctx: Parameters<ScenarioDefinition['build']>[0]): SimUser {
  const partner = createPartner(ctx.rng, ctx.nextIndex())
  return { ...partner, credential: { kind: 'api_key', value: `sk_live_${ctx.rng.hex(32)}` } }
}

export const shadowEndpoint: ScenarioDefinition = {
  type: 'inventory.shadow_endpoint',
  description:
    'A partner integration pulls customer exports from /v2/internal/export/customers, a route the gateway serves but no spec documents.',
  defaults: { rate: 1, durationMs: 60 * MINUTE, stealth: 0 },
  needsHistory: 0.3,
  build(ctx) {
    const user = apiKeyPartner(ctx)
    const shadow = SHADOW_ROUTES[0]
    const base = route('GET', '/v2/orders')
    const history = requestsAt(
      ctx,
      user,
      habitualRoutes(ctx, user),
      historyTimes(ctx.rng, 'partner', ctx.periodStart, ctx.start, 10),
      'normal',
    )
    const attack = attackTimes(ctx).map((t, i) => ({
      ...ctx.model.requestFor(ctx.rng, user, base, t),
      path: shadow.template,
      route: shadow.template,
      query: `cursor=${i * 500}`,
      status: 200,
      responseBytes: Math.round(ctx.rng.logNormal(40_000, 0.3)),
      label: 'attack' as const,
    }))
    return {
      subject: { kind: 'endpoint', id: `${shadow.service} ${shadow.method} ${shadow.template}` },
      requests: [...history, ...attack],
    }
  },
}

export const zombieInUse: ScenarioDefinition = {
  type: 'inventory.zombie_in_use',
  description:
    'An old partner integration still calls the retired GET /v1/orders/{order_id}, and the gateway still answers it.',
  defaults: { rate: 1, durationMs: 60 * MINUTE, stealth: 0 },
  needsHistory: 0.3,
  build(ctx) {
    const user = apiKeyPartner(ctx)
    const zombie = RETIRED_ROUTES[0]
    const base = route('GET', '/v2/orders/{order_id}')
    const attack = attackTimes(ctx).map((t) => {
      const req = ctx.model.requestFor(ctx.rng, user, base, t)
      return {
        ...req,
        path: req.path.replace('/v2/orders/', '/v1/orders/'),
        route: zombie.template,
        status: 200,
        label: 'attack' as const,
      }
    })
    return {
      subject: { kind: 'endpoint', id: `${zombie.service} ${zombie.method} ${zombie.template}` },
      requests: attack,
    }
  },
}

export const unauthenticatedAccess: ScenarioDefinition = {
  type: 'inventory.unauthenticated_access',
  description:
    "Someone without any credential reads users' addresses (GET /v1/users/{user_id}/addresses) and gets 200s: the endpoint's auth is broken.",
  defaults: { rate: 2, durationMs: 20 * MINUTE, stealth: 0 },
  needsHistory: 0.3,
  build(ctx) {
    const who = attacker(ctx, ctx.rng.pick(ATTACKER_NETWORKS), 'python-requests/2.31.0')
    if (ctx.knobs.stealth >= 0.5) who.ips = [addressIn(ctx.rng, 'aws')]
    const addresses = route('GET', '/v1/users/{user_id}/addresses')
    const attack = attackTimes(ctx).map((t) => {
      const req = anonymous(ctx.model.requestFor(ctx.rng, who, addresses, t))
      return {
        ...answered(ctx.rng, req, 200),
        responseBytes: ctx.rng.int(600, 1800),
        label: 'attack' as const,
      }
    })
    return {
      subject: { kind: 'endpoint', id: 'accounts GET /v1/users/{user_id}/addresses' },
      requests: attack,
    }
  },
}

export const INVENTORY_SCENARIOS = [shadowEndpoint, zombieInUse, unauthenticatedAccess]
