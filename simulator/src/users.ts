// The simulated population: a few hundred callers, each with one kind of client, one way of
// authenticating (JWT, API key, opaque bearer, Basic, or none), a user agent, a few addresses and
// their own orders and payments, which they revisit instead of walking through everyone's.
import type { ClientKind } from './catalogue.js'
import { PLACEHOLDERS } from './catalogue.js'
import { addressIn, HOME_COUNTRIES, type NetworkName } from './networks.js'
import type { Rng } from './rng.js'

export type CredentialSpec =
  | {
      kind: 'jwt'
      issuer: string
      audience: string
      scopes: string
      azp: string
      lifetimeSec: number
      phaseSec: number
    }
  | { kind: 'api_key'; value: string }
  | { kind: 'bearer'; value: string }
  | { kind: 'basic'; username: string; value: string }
  | { kind: 'none' }

export interface SimUser {
  /** Position in the population; stable for a seed. */
  index: number
  /** The user's UUID (JWT `sub` for customers, a client name for machines). */
  id: string
  client: ClientKind
  credential: CredentialSpec
  userAgent: string
  protocol: 'HTTP/1.1' | 'HTTP/2.0'
  ips: readonly string[]
  /** Relative share of the requests of its client kind: a few users are much busier than most. */
  activity: number
  /** Multiplies the route's client-error rate: some integrations are sloppier than others. */
  errorProneness: number
  /** Values of user-scoped placeholders (their orders, addresses, payments). */
  ownIds: Readonly<Record<string, readonly string[]>>
}

export interface PopulationOptions {
  /** Number of authenticated users and clients (anonymous visitors and probes come on top). */
  users: number
}

const ISSUER = 'https://auth.shop.example.com/'
const AUDIENCE = 'https://api.shop.example.com'

export const BROWSER_AGENTS = [
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36',
  'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/130.0.0.0 Safari/537.36',
  'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Safari/605.1.15',
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:132.0) Gecko/20100101 Firefox/132.0',
  'Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0',
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36 Edg/131.0.0.0',
  'Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Mobile/15E148 Safari/604.1',
  'Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Mobile Safari/537.36',
]
const MOBILE_AGENTS = [
  'ShopApp/5.12.0 (iPhone; iOS 18.1; Scale/3.00)',
  'ShopApp/5.11.2 (iPhone; iOS 17.6.1; Scale/3.00)',
  'ShopApp/5.12.0 (Android 14; Pixel 8) okhttp/4.12.0',
  'ShopApp/5.10.4 (Android 13; SM-S911B) okhttp/4.12.0',
]
const SDK_AGENTS = [
  'python-requests/2.32.3',
  'shop-sdk-python/2.8.0 python/3.12.1',
  'shop-sdk-node/3.4.1 node/20.11.0',
  'axios/1.7.7',
  'Go-http-client/2.0',
  'Java/17.0.9',
  'okhttp/4.12.0',
  'curl/8.5.0',
]
const CRAWLER_AGENTS = [
  'Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)',
  'Mozilla/5.0 (compatible; bingbot/2.0; +http://www.bing.com/bingbot.htm)',
]
const INTERNAL_CLIENTS = ['billing-worker', 'fulfilment', 'search-indexer', 'support-console', 'ledger-sync']
const PROBE_AGENTS = [
  'kube-probe/1.31',
  'Datadog/Synthetics',
  'Pingdom.com_bot_version_1.4_(http://www.pingdom.com/)',
]
const PARTNER_NAMES = [
  'acme-retail',
  'globex',
  'initech',
  'umbrella-goods',
  'hooli-market',
  'stark-supply',
  'wayne-outlet',
]

const CUSTOMER_SCOPES = [
  'orders:read orders:write profile',
  'orders:read orders:write profile payments:write',
  'orders:read profile',
]
const PARTNER_SCOPES = ['orders:read catalog:read', 'orders:read orders:write catalog:read catalog:write']

const BASE62 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789'

function base62(rng: Rng, n: number): string {
  let s = ''
  for (let i = 0; i < n; i++) s += BASE62[Math.floor(rng.next() * 62)]
  return s
}

/** A version-4 UUID drawn from the generator. */
export function uuid(rng: Rng): string {
  const h = rng.hex(32).split('')
  h[12] = '4'
  h[16] = '89ab'[Math.floor(rng.next() * 4)]!
  const s = h.join('')
  return `${s.slice(0, 8)}-${s.slice(8, 12)}-${s.slice(12, 16)}-${s.slice(16, 20)}-${s.slice(20)}`
}

/** A customer's country: its home broadband network and its mobile carrier. */
function homeOf(rng: Rng): { home: NetworkName; carrier: NetworkName } {
  return HOME_COUNTRIES[rng.weightedIndex(HOME_COUNTRIES.map((c) => c.weight))]!
}

function ownIds(rng: Rng, id: string): Record<string, string[]> {
  const out: Record<string, string[]> = {}
  for (const [name, spec] of Object.entries(PLACEHOLDERS)) {
    if (spec.scope !== 'user') continue
    if (name === 'user_id') {
      out[name] = [id]
      continue
    }
    const n = rng.int(1, name === 'order_id' ? 12 : 4)
    out[name] = Array.from({ length: n }, () =>
      spec.kind === 'numeric' ? String(rng.int(1_000_000, 9_999_999)) : uuid(rng),
    )
  }
  return out
}

/** Zipf-like activity: the busiest users send many times more than the median one. */
function activity(rng: Rng): number {
  return Math.exp(1.1 * rng.normal())
}

/**
 * Phones hop between home Wi-Fi and their carrier; a third of web users also browse from their
 * phone's network: two stable networks from the first day, the benign look-alike of a new one.
 */
function customerAddresses(rng: Rng, client: 'web' | 'mobile'): string[] {
  const { home, carrier } = homeOf(rng)
  const ips = [addressIn(rng, home)]
  if (client === 'mobile') {
    ips.push(addressIn(rng, carrier))
    if (rng.chance(0.5)) ips.push(addressIn(rng, carrier))
  } else if (rng.chance(0.33)) ips.push(addressIn(rng, carrier))
  return ips
}

export function createCustomer(rng: Rng, index: number, client: 'web' | 'mobile'): SimUser {
  const id = uuid(rng)
  return {
    index,
    id,
    client,
    credential: {
      kind: 'jwt',
      issuer: ISSUER,
      audience: AUDIENCE,
      scopes: rng.pick(CUSTOMER_SCOPES),
      azp: client === 'web' ? 'shop-web' : 'shop-mobile',
      lifetimeSec: client === 'web' ? 3600 : 900,
      phaseSec: rng.int(0, 3599),
    },
    userAgent: client === 'web' ? rng.pick(BROWSER_AGENTS) : rng.pick(MOBILE_AGENTS),
    protocol: client === 'web' && rng.chance(0.7) ? 'HTTP/2.0' : 'HTTP/1.1',
    ips: customerAddresses(rng, client),
    activity: activity(rng),
    errorProneness: 0.5 + rng.next(),
    ownIds: ownIds(rng, id),
  }
}

export function createPartner(rng: Rng, index: number): SimUser {
  const id = `${rng.pick(PARTNER_NAMES)}-${rng.int(100, 999)}`
  const r = rng.next()
  const credential: CredentialSpec =
    r < 0.5
      ? { kind: 'api_key', value: `sk_live_${base62(rng, 32)}` }
      : r < 0.75
        ? { kind: 'bearer', value: rng.hex(40) }
        : {
            kind: 'jwt',
            issuer: ISSUER,
            audience: AUDIENCE,
            scopes: rng.pick(PARTNER_SCOPES),
            azp: id,
            lifetimeSec: 3600,
            phaseSec: rng.int(0, 3599),
          }
  return {
    index,
    id,
    client: 'partner',
    credential,
    userAgent: rng.pick(SDK_AGENTS),
    protocol: 'HTTP/1.1',
    ips: Array.from({ length: rng.int(1, 2) }, () => addressIn(rng, 'aws')),
    activity: activity(rng) * 2,
    errorProneness: 0.3 + 2.5 * rng.next() ** 2,
    ownIds: ownIds(rng, id),
  }
}

export function createInternal(rng: Rng, index: number, name: string): SimUser {
  return {
    index,
    id: name,
    client: 'internal',
    credential: {
      kind: 'basic',
      username: name,
      value: Buffer.from(`${name}:${base62(rng, 24)}`).toString('base64'),
    },
    userAgent: `${name}/1.${rng.int(10, 60)} Go-http-client/1.1`,
    protocol: 'HTTP/1.1',
    ips: [addressIn(rng, 'corporate')],
    activity: 1,
    errorProneness: 0.3,
    ownIds: ownIds(rng, name),
  }
}

function visitor(rng: Rng, index: number, client: 'anonymous' | 'probe'): SimUser {
  const crawler = client === 'anonymous' && rng.chance(0.1)
  const crawlerAgent = rng.pick(CRAWLER_AGENTS)
  return {
    index,
    id: `${client}-${index}`,
    client,
    credential: { kind: 'none' },
    userAgent:
      client === 'probe' ? rng.pick(PROBE_AGENTS) : crawler ? crawlerAgent : rng.pick(BROWSER_AGENTS),
    protocol: client === 'anonymous' && rng.chance(0.6) ? 'HTTP/2.0' : 'HTTP/1.1',
    // Search-engine crawlers come from their operators' published ranges, as real ones do.
    ips: [
      client === 'probe'
        ? addressIn(rng, 'cluster')
        : crawler
          ? addressIn(rng, crawlerAgent.includes('Googlebot') ? 'googlebot' : 'bingbot')
          : addressIn(rng, homeOf(rng).home),
    ],
    activity: crawler ? 4 : activity(rng),
    errorProneness: crawler ? 2 : 1,
    ownIds: {},
  }
}

/** Builds the population: customers (web, mobile), partners, a few internal services, visitors, probes. */
export function createPopulation(rng: Rng, options: PopulationOptions): SimUser[] {
  if (!Number.isInteger(options.users) || options.users < 10) {
    throw new Error(`users must be an integer of at least 10, got ${options.users}`)
  }
  const users: SimUser[] = []
  const internalCount = Math.min(INTERNAL_CLIENTS.length, Math.max(2, Math.round(options.users / 80)))
  const partners = Math.max(3, Math.round(options.users * 0.12))
  const mobile = Math.round(options.users * 0.25)
  const web = options.users - internalCount - partners - mobile
  for (let i = 0; i < web; i++) users.push(createCustomer(rng, users.length, 'web'))
  for (let i = 0; i < mobile; i++) users.push(createCustomer(rng, users.length, 'mobile'))
  for (let i = 0; i < partners; i++) users.push(createPartner(rng, users.length))
  for (let i = 0; i < internalCount; i++) users.push(createInternal(rng, users.length, INTERNAL_CLIENTS[i]!))
  const visitors = Math.max(5, Math.round(options.users / 4))
  for (let i = 0; i < visitors; i++) users.push(visitor(rng, users.length, 'anonymous'))
  for (let i = 0; i < 3; i++) users.push(visitor(rng, users.length, 'probe'))
  return users
}
