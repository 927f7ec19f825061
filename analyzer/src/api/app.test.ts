// The HTTP API on a real embedded ClickHouse: auth, the endpoint inventory's numbers on a small
// known set, traffic buckets, metrics, the dashboard with SPA fallback, and 5xx without internals.
import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import type { AccessEvent } from '@gatewatch/schema'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type Analyzer, createAnalyzer } from '../analyzer.js'
import { ADMIN_TOKEN, INGEST_TOKEN, makeEvent, ndjson, T0, tempDir } from '../testing/index.js'

const dir = tempDir()
const dashboardDir = join(dir.path, 'dist')
let analyzer: Analyzer

/** Linear-interpolated quantile, the definition ClickHouse's quantile() uses on small samples. */
function quantile(values: number[], q: number): number {
  const s = [...values].sort((a, b) => a - b)
  const pos = q * (s.length - 1)
  const lo = Math.floor(pos)
  const hi = Math.ceil(pos)
  return s[lo]! + (s[hi]! - s[lo]!) * (pos - lo)
}

const known: AccessEvent[] = [
  makeEvent('o1', { path: '/v1/orders/1', latency_ms: 10, status: 200, ts: T0 }),
  makeEvent('o2', { path: '/v1/orders/2', latency_ms: 20, status: 200, ts: T0 + 1000 }),
  makeEvent('o3', { path: '/v1/orders/3', latency_ms: 30, status: 404, ts: T0 + 2000 }),
  makeEvent('o4', { path: '/v1/orders/4', latency_ms: 40, status: 500, ts: T0 + 3000 }),
  makeEvent('p1', { method: 'POST', path: '/v1/orders', latency_ms: 100, status: 201, ts: T0 + 60_000 }),
  makeEvent('p2', { method: 'POST', path: '/v1/orders', latency_ms: 300, status: 201, ts: T0 + 61_000 }),
  makeEvent('me', { service: 'auth', path: '/users/me', latency_ms: 5, status: 401, ts: T0 + 120_000 }),
]

beforeAll(async () => {
  mkdirSync(join(dashboardDir, 'assets'), { recursive: true })
  writeFileSync(
    join(dashboardDir, 'index.html'),
    '<!doctype html><title>Gatewatch</title><div id="root"></div>',
  )
  writeFileSync(join(dashboardDir, 'assets', 'app.js'), 'console.log("gatewatch")')
  analyzer = createAnalyzer({
    data_dir: join(dir.path, 'ch'),
    admin_token: ADMIN_TOKEN,
    ingest_token: INGEST_TOKEN,
    log_level: 'silent',
    dashboard_dir: dashboardDir,
  })
  await analyzer.start({ listen: false })
  const res = await analyzer.app.inject({
    method: 'POST',
    url: '/api/v1/ingest',
    headers: { authorization: `Bearer ${INGEST_TOKEN}`, 'content-type': 'application/x-ndjson' },
    // o1 twice: a re-delivery must not change any number below.
    payload: ndjson([...known, known[0]!]),
  })
  expect(res.json()).toMatchObject({ accepted: 8, rejected: 0 })
})

afterAll(async () => {
  await analyzer?.stop()
  dir.remove()
})

/** GET with the admin token, another token, or none (`null`). */
const get = (url: string, token: string | null = ADMIN_TOKEN) =>
  analyzer.app.inject({ method: 'GET', url, headers: token ? { authorization: `Bearer ${token}` } : {} })

describe('auth', () => {
  it('serves health without a token', async () => {
    const res = await get('/api/v1/health', null)
    expect(res.statusCode).toBe(200)
    expect(res.json()).toEqual({ status: 'ok', clickhouse: 'up', events_stored: 7, version: '0.1.0' })
  })

  it.each(['/api/v1/endpoints', '/api/v1/traffic'])(
    'refuses %s without a token or with a wrong one',
    async (url) => {
      expect((await get(url, null)).statusCode).toBe(401)
      expect((await get(url, 'not-the-admin-token-at-all')).statusCode).toBe(401)
      expect((await get(url, INGEST_TOKEN)).statusCode).toBe(401)
      const basic = await analyzer.app.inject({
        method: 'GET',
        url,
        headers: { authorization: `Basic ${Buffer.from(`admin:${ADMIN_TOKEN}`).toString('base64')}` },
      })
      expect(basic.statusCode).toBe(401)
      expect(basic.json()).toEqual({ error: 'unauthorized', message: 'a valid Bearer token is required' })
      expect((await get(url)).statusCode).toBe(200)
    },
  )

  it('answers unknown /api paths with a JSON 404, never the dashboard', async () => {
    const res = await get('/api/v1/nothing-here')
    expect(res.statusCode).toBe(404)
    expect(res.json().error).toBe('not_found')
  })
})

describe('GET /api/v1/endpoints', () => {
  it('lists each service + method + route with exact numbers', async () => {
    const res = await get('/api/v1/endpoints')
    expect(res.statusCode).toBe(200)
    const body = res.json()
    expect(body.total_requests).toBe(7)
    const orders = [10, 20, 30, 40]
    expect(body.endpoints).toEqual([
      {
        service: 'shop',
        method: 'GET',
        route: '/v1/orders/{id}',
        requests: 4,
        error_rate: 0.5,
        p50_ms: quantile(orders, 0.5),
        p95_ms: quantile(orders, 0.95),
        first_seen: T0,
        last_seen: T0 + 3000,
      },
      {
        service: 'shop',
        method: 'POST',
        route: '/v1/orders',
        requests: 2,
        error_rate: 0,
        p50_ms: quantile([100, 300], 0.5),
        p95_ms: quantile([100, 300], 0.95),
        first_seen: T0 + 60_000,
        last_seen: T0 + 61_000,
      },
      {
        service: 'auth',
        method: 'GET',
        route: '/users/me',
        requests: 1,
        error_rate: 1,
        p50_ms: 5,
        p95_ms: 5,
        first_seen: T0 + 120_000,
        last_seen: T0 + 120_000,
      },
    ])
    expect(body.endpoints[0].p50_ms).toBe(25)
  })

  it('sorts, orders, filters by service and limits', async () => {
    const byP50 = (await get('/api/v1/endpoints?sort=p50_ms&order=asc')).json()
    expect(byP50.endpoints.map((e: { route: string }) => e.route)).toEqual([
      '/users/me',
      '/v1/orders/{id}',
      '/v1/orders',
    ])
    const top = (await get('/api/v1/endpoints?sort=error_rate&limit=1')).json()
    expect(top.endpoints).toHaveLength(1)
    expect(top.endpoints[0].route).toBe('/users/me')
    expect(top.total_requests).toBe(7)
    const auth = (await get('/api/v1/endpoints?service=auth')).json()
    expect(auth.endpoints).toHaveLength(1)
    expect(auth.total_requests).toBe(1)
  })

  it('rejects a sort outside the allowlist and bad limits; a hostile service value is only a value', async () => {
    for (const q of [
      'sort=requests;DROP TABLE events',
      'sort=path',
      'order=sideways',
      'limit=0',
      'limit=abc',
      'x=1',
    ]) {
      const res = await get(`/api/v1/endpoints?${q}`)
      expect(res.statusCode, q).toBe(400)
      expect(res.json().error).toBe('bad_request')
    }
    const hostile = await get(`/api/v1/endpoints?service=${encodeURIComponent("shop' OR 1=1 --")}`)
    expect(hostile.statusCode).toBe(200)
    expect(hostile.json()).toEqual({ endpoints: [], total_requests: 0 })
    expect((await get('/api/v1/health', null)).json().events_stored).toBe(7)
  })
})

describe('GET /api/v1/traffic', () => {
  it('counts requests and errors per event-time bucket, empty buckets as zeros', async () => {
    const res = await get(`/api/v1/traffic?from=${T0}&to=${T0 + 180_000}&bucket_ms=60000`)
    expect(res.statusCode).toBe(200)
    expect(res.json()).toEqual({
      bucket_ms: 60_000,
      points: [
        { t: T0, requests: 4, errors: 2 },
        { t: T0 + 60_000, requests: 2, errors: 0 },
        { t: T0 + 120_000, requests: 1, errors: 1 },
      ],
    })
    const quiet = (await get(`/api/v1/traffic?from=${T0 - 120_000}&to=${T0}&bucket_ms=60000`)).json()
    expect(quiet.points).toEqual([
      { t: T0 - 120_000, requests: 0, errors: 0 },
      { t: T0 - 60_000, requests: 0, errors: 0 },
    ])
  })

  it('defaults to the day before the newest event and refuses ranges that are too fine', async () => {
    const day = (await get('/api/v1/traffic?bucket_ms=3600000')).json()
    expect(day.points.reduce((n: number, p: { requests: number }) => n + p.requests, 0)).toBe(7)
    const tooFine = await get(`/api/v1/traffic?from=0&to=${T0}&bucket_ms=1000`)
    expect(tooFine.statusCode).toBe(400)
    expect(tooFine.json().message).toMatch(/bucket_ms/)
  })
})

describe('GET /metrics', () => {
  it('exposes Prometheus text with ingest and insert counters', async () => {
    const res = await get('/metrics', null)
    expect(res.statusCode).toBe(200)
    expect(res.headers['content-type']).toMatch(/^text\/plain/)
    // 8 accepted, o1 twice: 7 stored and 1 recognised as a duplicate.
    expect(res.body).toContain('gatewatch_events_ingested_total{source="http"} 7')
    expect(res.body).toContain('gatewatch_events_duplicate_total{source="http"} 1')
    expect(res.body).toMatch(/gatewatch_insert_batches_total\{table="events",outcome="ok"\} \d+/)
    expect(res.body).toContain('gatewatch_insert_duration_seconds_bucket')
  })
})

describe('dashboard', () => {
  it('serves the built files with security headers, and index.html for client-side routes', async () => {
    const index = await get('/', null)
    expect(index.statusCode).toBe(200)
    expect(index.body).toContain('<title>Gatewatch</title>')
    expect(index.headers['x-content-type-options']).toBe('nosniff')
    expect(index.headers['content-security-policy']).toContain("script-src 'self'")
    expect((await get('/assets/app.js', null)).body).toContain('gatewatch')
    const deep = await get('/endpoints/shop?sort=requests', null)
    expect(deep.statusCode).toBe(200)
    expect(deep.body).toContain('<title>Gatewatch</title>')
    expect((await get('/metricsx', null)).statusCode).toBe(404)
  })

  it('says how to build the dashboard when it is missing', async () => {
    const other = createAnalyzer({
      data_dir: join(dir.path, 'ch'),
      admin_token: ADMIN_TOKEN,
      ingest_token: INGEST_TOKEN,
      log_level: 'silent',
      dashboard_dir: join(dir.path, 'no-dashboard-here'),
    })
    await other.app.ready()
    const res = await other.app.inject({ method: 'GET', url: '/' })
    expect(res.statusCode).toBe(200)
    expect(res.body).toMatch(/dashboard is not built/)
    await other.app.close()
  })
})

describe('errors', () => {
  it('answers 5xx without internals when the store fails', async () => {
    const broken = createAnalyzer({
      clickhouse_url: 'http://127.0.0.1:1',
      admin_token: ADMIN_TOKEN,
      ingest_token: INGEST_TOKEN,
      log_level: 'silent',
    })
    await broken.app.ready()
    const res = await broken.app.inject({
      method: 'GET',
      url: '/api/v1/endpoints',
      headers: { authorization: `Bearer ${ADMIN_TOKEN}` },
    })
    expect(res.statusCode).toBe(500)
    expect(res.json()).toEqual({ error: 'internal_error', message: 'internal error' })
    const ingest = await broken.app.inject({
      method: 'POST',
      url: '/api/v1/ingest',
      headers: { authorization: `Bearer ${INGEST_TOKEN}`, 'content-type': 'application/x-ndjson' },
      payload: ndjson([makeEvent('lost')]),
    })
    expect(ingest.statusCode).toBe(503)
    expect(ingest.json().error).toBe('store_unavailable')
    expect(ingest.body).not.toMatch(/ECONNREFUSED|127\.0\.0\.1/)
    const health = (await broken.app.inject({ method: 'GET', url: '/api/v1/health' })).json()
    expect(health).toMatchObject({ status: 'degraded', clickhouse: 'down' })
    await broken.stop()
  })
})
