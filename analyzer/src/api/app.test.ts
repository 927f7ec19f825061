// The HTTP API on a real embedded ClickHouse: auth, traffic buckets, metrics, the dashboard with SPA fallback, and 5xx without internals.
import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import type { AccessEvent } from '@gatewatch/schema'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type Analyzer, createAnalyzer } from '../analyzer.js'
import { ADMIN_TOKEN, INGEST_TOKEN, makeEvent, ndjson, T0, tempDir } from '../testing/index.js'

const dir = tempDir()
const dashboardDir = join(dir.path, 'dist')
let analyzer: Analyzer

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
    // o1 twice: a re-delivery must not change any number below (events, rollups, the inventory).
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

  it.each([
    '/api/v1/endpoints',
    '/api/v1/traffic',
    '/api/v1/principals',
    '/api/v1/templates',
    '/api/v1/audit',
  ])('refuses %s without a token or with a wrong one', async (url) => {
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
  })

  it('answers unknown /api paths with a JSON 404, never the dashboard', async () => {
    const res = await get('/api/v1/nothing-here')
    expect(res.statusCode).toBe(404)
    expect(res.json().error).toBe('not_found')
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
