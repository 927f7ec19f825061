import { describe, expect, it } from 'vitest'
import { ROUTES, routeKey, SERVICES } from './catalogue.js'
import { NGINX_JSON_KEYS } from './formats/index.js'
import { generateLines, generateRequests } from './generate.js'
import { decodeJwtClaims } from './jwt.js'

const DAY = 24 * 3_600_000
const START = Date.parse('2026-11-22T00:00:00Z')
const base = { seed: 1234, count: 20_000, startMs: START, endMs: START + 7 * DAY }

/** nginx `combined`, as the collector reads it. */
const COMBINED =
  /^(\d{1,3}(?:\.\d{1,3}){3}) - (\S+) \[(\d{2}\/[A-Z][a-z]{2}\/\d{4}:\d{2}:\d{2}:\d{2} \+0000)\] "([A-Z]+) (\/\S*) (HTTP\/\d\.\d)" (\d{3}) (\d+) "([^"]*)" "([^"]*)"$/

describe('generateLines', () => {
  it('is deterministic by seed', () => {
    const a = [...generateLines({ ...base, count: 2000, format: 'nginx-json' })]
    const b = [...generateLines({ ...base, count: 2000, format: 'nginx-json' })]
    const c = [...generateLines({ ...base, count: 2000, format: 'nginx-json', seed: 1235 })]
    expect(a).toHaveLength(2000)
    expect(b).toEqual(a)
    expect(c).not.toEqual(a)
  })

  it('writes nginx-json lines with exactly the documented keys, all strings, in time order', () => {
    let previous = ''
    for (const line of generateLines({ ...base, count: 5000, format: 'nginx-json' })) {
      const o = JSON.parse(line) as Record<string, unknown>
      expect(Object.keys(o)).toEqual([...NGINX_JSON_KEYS])
      for (const v of Object.values(o)) expect(typeof v).toBe('string')
      expect(o.time_iso8601).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\+00:00$/)
      expect(o.request_time).toMatch(/^\d+\.\d{3}$/)
      expect(o.status).toMatch(/^[1-5]\d{2}$/)
      expect((o.time_iso8601 as string) >= previous).toBe(true)
      previous = o.time_iso8601 as string
      const t = Date.parse(o.time_iso8601 as string)
      expect(t).toBeGreaterThanOrEqual(base.startMs)
      expect(t).toBeLessThan(base.endMs)
    }
  })

  it('writes nginx-combined lines that match the combined format and carry no credentials', () => {
    for (const line of generateLines({ ...base, count: 5000, format: 'nginx-combined' })) {
      expect(line).toMatch(COMBINED)
      expect(line).not.toMatch(/Bearer|Basic |sk_live_|eyJ/)
    }
  })

  it('the same seed gives the same requests in both formats', () => {
    const json = [...generateLines({ ...base, count: 300, format: 'nginx-json' })].map((l) => JSON.parse(l))
    const combined = [...generateLines({ ...base, count: 300, format: 'nginx-combined' })]
    combined.forEach((line, i) => {
      const m = COMBINED.exec(line)!
      expect(m[1]).toBe(json[i].remote_addr)
      expect(m[4]).toBe(json[i].request_method)
      expect(m[5]).toBe(json[i].request_uri)
      expect(m[7]).toBe(json[i].status)
    })
  })
})

describe('generateRequests', () => {
  const requests = [...generateRequests(base)]

  it('covers every service and nearly every route of the catalogue, with ids filled in', () => {
    const services = new Set(requests.map((r) => r.service))
    expect([...services].sort()).toEqual(SERVICES.map((s) => s.name).sort())
    const routes = new Set(requests.map((r) => routeKey({ method: r.method, template: r.route })))
    expect(ROUTES.length).toBeGreaterThanOrEqual(30)
    expect(routes.size).toBeGreaterThanOrEqual(ROUTES.length - 2)
    for (const r of requests) expect(r.path).not.toMatch(/[{}]/)
    const paths = requests.map((r) => r.path)
    expect(paths.some((p) => /^\/v2\/orders\/\d+$/.test(p))).toBe(true)
    expect(
      paths.some((p) =>
        /^\/v1\/payments\/[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/.test(p),
      ),
    ).toBe(true)
    expect(paths.some((p) => /^\/v1\/products\/[a-z]+(-[a-z]+)+$/.test(p))).toBe(true)
    expect(paths).toContain('/users/me')
  })

  it('has hundreds of users with JWT, API key, opaque bearer and Basic credentials', () => {
    const users = new Set(requests.filter((r) => r.actor.credential !== 'none').map((r) => r.actor.user))
    expect(users.size).toBeGreaterThan(200)
    const kinds = new Set(requests.map((r) => r.actor.credential))
    expect([...kinds].sort()).toEqual(['api_key', 'basic', 'bearer', 'jwt', 'none'])
    const basicUsers = new Set(
      requests.filter((r) => r.actor.credential === 'basic').map((r) => r.actor.user),
    )
    expect(basicUsers.size).toBeLessThanOrEqual(5)
  })

  it('sends HS256-shaped JWTs whose claims cover the request time', () => {
    const jwts = requests.filter((r) => r.actor.credential === 'jwt').slice(0, 500)
    expect(jwts.length).toBe(500)
    for (const r of jwts) {
      const token = r.authorization!.slice('Bearer '.length)
      expect(token).toMatch(/^eyJ[\w-]+\.eyJ[\w-]+\.[\w-]{43}$/)
      const claims = decodeJwtClaims(token)
      expect(claims.sub).toBe(r.actor.user)
      expect(claims.iss).toBe('https://auth.shop.example.com/')
      expect(claims.aud).toBeTruthy()
      expect(claims.scope).toMatch(/:read/)
      expect(claims.iat * 1000).toBeLessThanOrEqual(r.ts)
      expect(claims.exp * 1000).toBeGreaterThan(r.ts)
    }
  })

  it('answers mostly 2xx with some 4xx and 5xx, and log-normal latencies', () => {
    const share = (f: (s: number) => boolean) => requests.filter((r) => f(r.status)).length / requests.length
    expect(share((s) => s < 400)).toBeGreaterThan(0.88)
    expect(share((s) => s >= 400 && s < 500)).toBeGreaterThan(0.01)
    expect(share((s) => s >= 500)).toBeGreaterThan(0.001)
    expect(share((s) => s >= 500)).toBeLessThan(0.02)
    const ok = requests.filter((r) => r.status === 200 && r.route === '/users/me').map((r) => r.latencyMs)
    ok.sort((a, b) => a - b)
    const median = ok[Math.floor(ok.length / 2)]!
    expect(median).toBeGreaterThanOrEqual(7)
    expect(median).toBeLessThanOrEqual(11)
    expect(ok[Math.floor(ok.length * 0.99)]!).toBeGreaterThan(2 * median)
  })

  it('uses browser and SDK user agents', () => {
    const agents = new Set(requests.map((r) => r.userAgent))
    expect([...agents].some((a) => a.startsWith('Mozilla/5.0'))).toBe(true)
    expect([...agents].some((a) => a.startsWith('python-requests/') || a.startsWith('shop-sdk-'))).toBe(true)
  })

  it('follows a diurnal rhythm: night hours are quieter than day hours', () => {
    const byHour = new Array<number>(24).fill(0)
    for (const r of requests) byHour[new Date(r.ts).getUTCHours()]!++
    const night = byHour.slice(1, 6).reduce((a, b) => a + b, 0)
    const day = byHour.slice(12, 17).reduce((a, b) => a + b, 0)
    expect(day).toBeGreaterThan(2.5 * night)
  })

  it('names what is wrong with bad options', () => {
    expect(() => [...generateRequests({ ...base, endMs: base.startMs })]).toThrow(/endMs/)
    expect(() => [...generateRequests({ ...base, count: -1 })]).toThrow(/count/)
    expect(() => [...generateLines({ ...base, format: 'apache' as 'nginx-json' })]).toThrow(
      /unknown format "apache"/,
    )
  })
})
