// Benign traffic shaped like attacks, mixed into every scenario run so precision is measured:
// a nightly export (volume, exfil), a search engine crawling the catalogue (scrape), users paging
// their orders (enumeration), typo'd passwords (brute force), expired tokens refused and refreshed
// (expired tokens), searches with quotes and symbols (injection) and well-known files (recon).
// Users with two stable networks and the daily peaks are part of the normal traffic itself.
import { addressIn } from '../networks.js'
import type { SimulatedRequest } from '../request.js'
import type { Rng } from '../rng.js'
import type { TrafficModel } from '../traffic.js'
import { createInternal, type SimUser } from '../users.js'
import { answered, arrivals, route, toPath } from './actors.js'

const MINUTE = 60_000
const HOUR = 60 * MINUTE
const DAY = 24 * HOUR

export interface LookalikeContext {
  rng: Rng
  model: TrafficModel
  periodStart: number
  periodEnd: number
  nextIndex(): number
}

export interface LookalikeDefinition {
  name: string
  description: string
  build(ctx: LookalikeContext): SimulatedRequest[]
}

/** Midnight UTC of each day that overlaps the period. */
function days(ctx: LookalikeContext): number[] {
  const out: number[] = []
  for (let d = Math.floor(ctx.periodStart / DAY) * DAY; d < ctx.periodEnd; d += DAY) out.push(d)
  return out
}

function inPeriod(ctx: LookalikeContext, requests: SimulatedRequest[]): SimulatedRequest[] {
  return requests.filter((r) => r.ts >= ctx.periodStart && r.ts < ctx.periodEnd)
}

function labelled(name: string, req: SimulatedRequest): SimulatedRequest {
  return { ...req, label: 'lookalike', scenario: `lookalike.${name}` }
}

/** A user of the population of `kind`, drawn from the look-alike's stream. */
function someone(ctx: LookalikeContext, kind: SimUser['client']): SimUser {
  return ctx.rng.pick(ctx.model.users.filter((u) => u.client === kind))
}

/** `count` moments a day, during waking hours (08:00 to 22:00 UTC). */
function daytime(ctx: LookalikeContext, count: number): number[] {
  return days(ctx).flatMap((d) =>
    Array.from({ length: count }, () => d + 8 * HOUR + Math.floor(ctx.rng.next() * 14 * HOUR)),
  )
}

const nightlyExport: LookalikeDefinition = {
  name: 'nightly_export',
  description:
    'Every night at 02:00 UTC the ledger export job pulls invoices for half an hour: large responses, high rate.',
  build(ctx) {
    const job = createInternal(ctx.rng, ctx.nextIndex(), 'ledger-export')
    const invoices = route('GET', '/v1/invoices')
    return inPeriod(
      ctx,
      days(ctx).flatMap((d) =>
        arrivals(ctx.rng, d + 2 * HOUR, d + 2 * HOUR + 30 * MINUTE, 30).map((t, i) =>
          labelled(this.name, {
            ...ctx.model.requestFor(ctx.rng, job, invoices, t),
            query: `page=${i + 1}&limit=500`,
            status: 200,
            responseBytes: Math.round(ctx.rng.logNormal(1_200_000, 0.3)),
          }),
        ),
      ),
    )
  },
}

const searchEngineCrawl: LookalikeDefinition = {
  name: 'search_engine_crawl',
  description:
    'Googlebot, from its published range, crawls product reviews and listings for an hour every morning.',
  build(ctx) {
    const bot: SimUser = {
      index: ctx.nextIndex(),
      id: 'googlebot',
      client: 'anonymous',
      credential: { kind: 'none' },
      userAgent: 'Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)',
      protocol: 'HTTP/1.1',
      ips: [addressIn(ctx.rng, 'googlebot'), addressIn(ctx.rng, 'googlebot')],
      activity: 1,
      errorProneness: 1,
      ownIds: {},
    }
    const reviews = route('GET', '/v1/products/{product_id}/reviews')
    return inPeriod(
      ctx,
      days(ctx).flatMap((d) =>
        arrivals(ctx.rng, d + 5 * HOUR, d + 6 * HOUR, 20).map((t, i) =>
          labelled(this.name, {
            ...ctx.model.requestFor(ctx.rng, bot, reviews, t),
            path: `/v1/products/${1 + ((i * 37) % 4800)}/reviews`,
            status: 200,
          }),
        ),
      ),
    )
  },
}

const pagingUsers: LookalikeDefinition = {
  name: 'paging_users',
  description: 'A few customers a day page through their order history: page=1..25 within a few minutes.',
  build(ctx) {
    const orders = route('GET', '/v2/orders')
    return inPeriod(
      ctx,
      daytime(ctx, 3).flatMap((start) => {
        const user = someone(ctx, 'web')
        return Array.from({ length: 25 }, (_, i) =>
          labelled(this.name, {
            ...ctx.model.requestFor(ctx.rng, user, orders, start + i * ctx.rng.int(4, 10) * 1000),
            query: `page=${i + 1}&limit=20`,
            status: 200,
          }),
        )
      }),
    )
  },
}

const typoPasswords: LookalikeDefinition = {
  name: 'typo_passwords',
  description: 'Customers mistype their password once to three times, then sign in.',
  build(ctx) {
    const login = route('POST', '/v1/sessions')
    return inPeriod(
      ctx,
      daytime(ctx, 20).flatMap((start) => {
        const user = someone(ctx, ctx.rng.chance(0.5) ? 'web' : 'mobile')
        const failures = ctx.rng.int(1, 3)
        const ip = ctx.rng.pick(user.ips)
        return Array.from({ length: failures + 1 }, (_, i) => {
          const req = {
            ...ctx.model.requestFor(ctx.rng, user, login, start + i * ctx.rng.int(5, 20) * 1000),
            clientIp: ip,
          }
          return labelled(this.name, answered(ctx.rng, req, i < failures ? 401 : 201))
        })
      }),
    )
  },
}

const expiredRefresh: LookalikeDefinition = {
  name: 'expired_refresh',
  description: 'A phone back from sleep sends its expired token, is refused (401), refreshes it and goes on.',
  build(ctx) {
    const token = route('POST', '/oauth/token')
    const me = route('GET', '/users/me')
    return inPeriod(
      ctx,
      daytime(ctx, 10).flatMap((start) => {
        const user = someone(ctx, 'mobile')
        const stale = `Bearer ${ctx.model.jwtFor(user, start - 2 * HOUR)}`
        const refused = {
          ...answered(ctx.rng, ctx.model.requestFor(ctx.rng, user, me, start), 401),
          authorization: stale,
        }
        return [
          labelled(this.name, refused),
          labelled(
            this.name,
            answered(ctx.rng, ctx.model.requestFor(ctx.rng, user, token, start + 1000), 200),
          ),
          labelled(this.name, ctx.model.requestFor(ctx.rng, user, me, start + 2000)),
        ]
      }),
    )
  },
}

const ODD_SEARCHES = [
  "men's shoes",
  'c++ book',
  '50% off',
  '<3 mugs',
  'tom & jerry',
  'rock "n" roll',
  "o'reilly",
  '1/2 price',
  'select-fit jeans',
  'drop-shipping union',
]

const oddSearches: LookalikeDefinition = {
  name: 'odd_searches',
  description:
    'Searches with quotes, ampersands, percent signs and SQL-ish words that are just product names.',
  build(ctx) {
    const search = route('GET', '/v1/search')
    return inPeriod(
      ctx,
      daytime(ctx, 30).map((t) =>
        labelled(this.name, {
          ...ctx.model.requestFor(ctx.rng, someone(ctx, 'web'), search, t),
          query: `q=${encodeURIComponent(ctx.rng.pick(ODD_SEARCHES))}`,
        }),
      ),
    )
  },
}

const WELL_KNOWN = [
  '/robots.txt',
  '/favicon.ico',
  '/.well-known/security.txt',
  '/.well-known/openid-configuration',
  '/sitemap.xml',
]

const wellKnownFiles: LookalikeDefinition = {
  name: 'well_known_files',
  description:
    'Browsers and crawlers ask for robots.txt, favicon.ico and .well-known files, some of which do not exist.',
  build(ctx) {
    const base = route('GET', '/v1/stores')
    return inPeriod(
      ctx,
      daytime(ctx, 30).map((t) => {
        const req = toPath(
          ctx.model.requestFor(ctx.rng, someone(ctx, 'anonymous'), base, t),
          'GET',
          ctx.rng.pick(WELL_KNOWN),
        )
        return labelled(this.name, answered(ctx.rng, req, ctx.rng.chance(0.5) ? 200 : 404))
      }),
    )
  },
}

export const LOOKALIKES: readonly LookalikeDefinition[] = [
  nightlyExport,
  searchEngineCrawl,
  pagingUsers,
  typoPasswords,
  expiredRefresh,
  oddSearches,
  wellKnownFiles,
]
