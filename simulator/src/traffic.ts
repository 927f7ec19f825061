// The traffic model: given a moment in event time, who calls what and how the API answers.
// Batch and live modes both draw every request from here, so they have the same shape.
import {
  type ClientKind,
  type HttpMethod,
  PLACEHOLDERS,
  type QueryShape,
  ROUTES,
  type RouteSpec,
  SERVICES,
} from './catalogue.js'
import { activityOf, CLIENT_SHARES } from './diurnal.js'
import { encodeJwt } from './jwt.js'
import type { SimulatedRequest } from './request.js'
import type { Rng } from './rng.js'
import { createPopulation, type SimUser, uuid } from './users.js'

export interface TrafficModel {
  readonly users: readonly SimUser[]
  /** One request at event time `ts` (ms); advances the model's random stream. */
  requestAt(ts: number): SimulatedRequest
  /**
   * The request `user` would send to `route` at `ts`, drawn from `rng` (not the model's stream, so
   * scenarios add traffic without changing the normal traffic of a seed). Labelled `normal`.
   */
  requestFor(rng: Rng, user: SimUser, route: RouteSpec, ts: number): SimulatedRequest
  /** The bearer JWT `user` holds at `ts` (a JWT user only). */
  jwtFor(user: SimUser, ts: number): string
}

export interface TrafficOptions {
  /** Number of authenticated users and clients; default 300. */
  users?: number
}

const CLIENT_KINDS = Object.keys(CLIENT_SHARES) as ClientKind[]
const HOSTS = new Map(SERVICES.map((s) => [s.name, s.host]))

const ADJECTIVES = [
  'classic',
  'lightweight',
  'organic',
  'waterproof',
  'vintage',
  'compact',
  'wireless',
  'merino',
  'bamboo',
  'ceramic',
  'stainless',
  'recycled',
]
const NOUNS = [
  'running-shoes',
  'backpack',
  'coffee-grinder',
  'desk-lamp',
  'rain-jacket',
  'water-bottle',
  'headphones',
  'wool-socks',
  'cutting-board',
  'yoga-mat',
  'tea-kettle',
  'phone-case',
  'notebook',
  'sunglasses',
]
const CATEGORIES = [
  'home-kitchen',
  'outdoor-gear',
  'mens-clothing',
  'womens-clothing',
  'audio-video',
  'office-supplies',
  'sports-fitness',
  'kids-toys',
  'garden-tools',
  'beauty-care',
  'pet-supplies',
  'travel-bags',
]
const SEARCH_TERMS = [
  'running shoes',
  'backpack',
  'gift for dad',
  'coffee',
  'wireless headphones',
  'yoga',
  'rain jacket',
  'lamp',
  'socks',
  'tea',
  'bottle',
  'sale',
  'ceramic mug',
  'kids',
]
const WEB_PAGES = [
  '/',
  '/cart',
  '/checkout',
  '/account',
  '/account/orders',
  '/search',
  '/products',
  '/categories',
]

/** Cumulative weights for a binary-searched weighted pick that stays O(log n) per request. */
interface Picker<T> {
  items: T[]
  cumulative: Float64Array
}

function picker<T>(items: T[], weight: (item: T) => number): Picker<T> {
  const cumulative = new Float64Array(items.length)
  let total = 0
  items.forEach((item, i) => {
    total += weight(item)
    cumulative[i] = total
  })
  return { items, cumulative }
}

function pickFrom<T>(rng: Rng, p: Picker<T>): T {
  const r = rng.next() * p.cumulative[p.cumulative.length - 1]!
  let lo = 0
  let hi = p.cumulative.length - 1
  while (lo < hi) {
    const mid = (lo + hi) >>> 1
    if (p.cumulative[mid]! > r) hi = mid
    else lo = mid + 1
  }
  return p.items[lo]!
}

function productSlug(n: number): string {
  const adjective = ADJECTIVES[n % ADJECTIVES.length]!
  const noun = NOUNS[Math.floor(n / ADJECTIVES.length) % NOUNS.length]!
  return `${adjective}-${noun}`
}

/** Popular products get most views: a skewed draw over the catalogue. */
function popularIndex(rng: Rng, size: number): number {
  return Math.floor(size * rng.next() ** 2.5)
}

function fillPlaceholder(rng: Rng, name: string, user: SimUser): string {
  const spec = PLACEHOLDERS[name]
  if (spec === undefined) throw new Error(`the catalogue uses an unknown placeholder {${name}}`)
  const own = user.ownIds[name]
  // Customers revisit their own orders; back-office clients act on everyone's.
  if (spec.scope === 'user' && own !== undefined && own.length > 0 && user.client !== 'internal')
    return rng.pick(own)
  if (name === 'product_slug') return productSlug(popularIndex(rng, ADJECTIVES.length * NOUNS.length))
  if (name === 'category_slug') return CATEGORIES[popularIndex(rng, CATEGORIES.length)]!
  if (name === 'product_id') return String(1 + popularIndex(rng, 4800))
  if (spec.kind === 'uuid') return uuid(rng)
  return String(rng.int(1_000_000, 9_999_999))
}

function queryFor(rng: Rng, shape: QueryShape | undefined, ts: number): string {
  switch (shape) {
    case undefined:
      return ''
    case 'pagination': {
      if (rng.chance(0.45)) return ''
      const page = 1 + Math.floor(rng.next() ** 3 * 8)
      const sort = rng.chance(0.3)
        ? `&sort=${rng.pick(['price_asc', 'price_desc', 'newest', 'popular'])}`
        : ''
      return `page=${page}&limit=${rng.pick([20, 20, 50])}${sort}`
    }
    case 'search': {
      const q = encodeURIComponent(rng.pick(SEARCH_TERMS)).replace(/%20/g, '+')
      return rng.chance(0.2) ? `q=${q}&page=2` : `q=${q}`
    }
    case 'date-range': {
      const d = new Date(ts)
      const first = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() - 1, 1)).toISOString().slice(0, 10)
      const last = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), 0)).toISOString().slice(0, 10)
      return `from=${first}&to=${last}`
    }
    case 'expand':
      return rng.chance(0.3) ? 'expand=items,shipments' : ''
  }
}

const SERVER_ERRORS = [500, 502, 503, 504]
const SERVER_ERROR_WEIGHTS = [0.45, 0.2, 0.25, 0.1]

function clientError(rng: Rng, route: RouteSpec, user: SimUser): number {
  if (route.template === '/v1/sessions' && route.method === 'POST') return rng.chance(0.85) ? 401 : 429
  const write = route.method === 'POST' || route.method === 'PUT' || route.method === 'PATCH'
  const hasId = route.template.includes('{')
  const statuses = [404, 400, 422, 409, 401, 403, 429]
  const weights = [
    hasId ? 5 : 0.2,
    write ? 3 : 0.4,
    write ? 4 : 0,
    write ? 1 : 0,
    user.credential.kind === 'none' ? 0 : 1.5,
    user.credential.kind === 'none' ? 0 : 0.8,
    user.client === 'partner' ? 2 : 0.3,
  ]
  return statuses[rng.weightedIndex(weights)]!
}

function statusFor(rng: Rng, route: RouteSpec, user: SimUser): number {
  const serverErrorRate = route.serverErrorRate ?? 0.004
  const clientErrorRate = (route.clientErrorRate ?? 0.03) * user.errorProneness
  const r = rng.next()
  if (r < serverErrorRate) return SERVER_ERRORS[rng.weightedIndex(SERVER_ERROR_WEIGHTS)]!
  if (r < serverErrorRate + clientErrorRate) return clientError(rng, route, user)
  if (route.method === 'GET' && user.client === 'web' && rng.chance(0.04)) return 304
  return route.okStatus
}

function latencyFor(rng: Rng, route: RouteSpec, status: number): number {
  let ms: number
  if (status === 504) ms = rng.logNormal(60_000, 0.02)
  else if (status === 503) ms = rng.logNormal(2, 0.5)
  else if (status >= 500) ms = rng.logNormal(route.latencyMs * 1.5, 0.8)
  else if (status >= 400) ms = rng.logNormal(route.latencyMs * 0.35, 0.5)
  else {
    ms = rng.logNormal(route.latencyMs, 0.55)
    // A slow tail (cold caches, lock waits) beyond what one log-normal gives.
    if (rng.chance(0.015)) ms *= rng.logNormal(8, 0.5)
  }
  return Math.max(0, Math.round(ms))
}

function responseBytesFor(rng: Rng, route: RouteSpec, status: number): number {
  if (status === 204 || status === 304) return 0
  // nginx's own error pages for upstream failures have fixed sizes.
  if (status === 502) return 157
  if (status === 504) return 167
  if (status >= 400) return rng.int(40, 220)
  return Math.round(rng.logNormal(route.responseBytes, 0.45))
}

export function createTrafficModel(rng: Rng, options: TrafficOptions = {}): TrafficModel {
  const users = createPopulation(rng.fork('population'), { users: options.users ?? 300 })
  const events = rng.fork('events')
  const usersByKind = new Map<ClientKind, Picker<SimUser>>()
  const routesByKind = new Map<ClientKind, Picker<RouteSpec>>()
  for (const kind of CLIENT_KINDS) {
    usersByKind.set(
      kind,
      picker(
        users.filter((u) => u.client === kind),
        (u) => u.activity,
      ),
    )
    routesByKind.set(
      kind,
      picker(
        ROUTES.filter((r) => r.clients.includes(kind)),
        (r) => r.weight,
      ),
    )
  }
  // Partners and internal services run integrations: each calls its own few endpoints, each about
  // as often as the others, so all of them show up on its first day (a credential that suddenly
  // calls new endpoints is what token.scope_drift looks for). Every machine route has a caller.
  const integrations = new Map<number, Picker<RouteSpec>>()
  for (const kind of ['partner', 'internal'] as const) {
    const callers = users.filter((u) => u.client === kind)
    const routes = routesByKind.get(kind)!.items
    const own = callers.map(() => new Set<RouteSpec>())
    routes.forEach((route, j) => {
      own[j % callers.length]!.add(route)
    })
    callers.forEach((user, i) => {
      const pick = rng.fork(`integration/${user.index}`)
      const size = Math.min(routes.length, pick.int(4, 6))
      while (own[i]!.size < size) own[i]!.add(pick.pick(routes))
      integrations.set(
        user.index,
        picker([...own[i]!], () => 1),
      )
    })
  }
  // A JWT is reissued every `lifetimeSec`; memoised so a token is encoded once per user and period.
  const tokens = new Map<number, { period: number; token: string }>()

  function jwtFor(user: SimUser, ts: number): string {
    const cred = user.credential
    if (cred.kind !== 'jwt') throw new Error('jwtFor needs a JWT user')
    const sec = Math.floor(ts / 1000)
    const period = Math.floor((sec - cred.phaseSec) / cred.lifetimeSec)
    const cached = tokens.get(user.index)
    if (cached?.period === period) return cached.token
    // Derived from (user, period) alone, so a token does not depend on how many requests came before.
    const tokenRng = rng.fork(`jwt/${user.index}/${period}`)
    const iat = period * cred.lifetimeSec + cred.phaseSec
    const token = encodeJwt(
      {
        sub: user.id,
        iss: cred.issuer,
        aud: cred.audience,
        azp: cred.azp,
        scope: cred.scopes,
        iat,
        exp: iat + cred.lifetimeSec,
        jti: tokenRng.hex(16),
      },
      tokenRng.bytes(32),
    )
    tokens.set(user.index, { period, token })
    return token
  }

  function requestAt(ts: number): SimulatedRequest {
    const when = Math.floor(ts / 1000) * 1000
    const kind =
      CLIENT_KINDS[events.weightedIndex(CLIENT_KINDS.map((k) => CLIENT_SHARES[k] * activityOf(k, when)))]!
    const user = pickFrom(events, usersByKind.get(kind)!)
    const route = pickFrom(events, integrations.get(user.index) ?? routesByKind.get(kind)!)
    return requestFor(events, user, route, when)
  }

  function requestFor(events: Rng, user: SimUser, route: RouteSpec, ts: number): SimulatedRequest {
    const when = Math.floor(ts / 1000) * 1000
    const path = route.template.replace(/\{([a-z_]+)\}/g, (_, name: string) =>
      fillPlaceholder(events, name, user),
    )
    const query = queryFor(events, route.query, when)
    const status = statusFor(events, route, user)
    const cred = user.credential
    const authorization =
      cred.kind === 'jwt'
        ? `Bearer ${jwtFor(user, when)}`
        : cred.kind === 'bearer'
          ? `Bearer ${cred.value}`
          : cred.kind === 'basic'
            ? `Basic ${cred.value}`
            : undefined
    const apiKey = cred.kind === 'api_key' ? cred.value : undefined
    const body = route.requestBytes === undefined ? 0 : Math.round(events.logNormal(route.requestBytes, 0.6))
    const headerBytes =
      180 +
      events.int(0, 260) +
      user.userAgent.length +
      (authorization?.length ?? 0) +
      (apiKey?.length ?? 0) +
      12
    const request: SimulatedRequest = {
      ts: when,
      service: route.service,
      host: HOSTS.get(route.service)!,
      method: route.method as HttpMethod,
      route: route.template,
      path,
      query,
      protocol: user.protocol,
      status,
      latencyMs: latencyFor(events, route, status),
      requestBytes: headerBytes + path.length + query.length + body,
      responseBytes: responseBytesFor(events, route, status),
      clientIp: events.pick(user.ips),
      userAgent: user.userAgent,
      requestId: events.hex(32),
      actor: { user: user.id, client: user.client, credential: cred.kind },
      label: 'normal',
    }
    if (user.client === 'web') request.referer = `https://shop.example.com${events.pick(WEB_PAGES)}`
    if (authorization !== undefined) request.authorization = authorization
    if (apiKey !== undefined) request.apiKey = apiKey
    if (cred.kind === 'basic') request.remoteUser = cred.username
    return request
  }

  return { users, requestAt, requestFor, jwtFor }
}
