// The inventory API through inject() on a real embedded ClickHouse: endpoint numbers from the
// rollups, spec import and spec status (documented, shadow, zombie, unused) from a real YAML spec,
// filters, sort and paging, one endpoint's series, principals and their profiles, and learned
// templates that an admin approves, renames and splits, each change in the audit log and kept
// in the store for the next start.
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import type { AccessEvent, EndpointList, EndpointSummary } from '@gatewatch/schema'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type Analyzer, createAnalyzer } from '../../analyzer.js'
import { createInventory } from '../../inventory/inventory.js'
import { ADMIN_TOKEN, INGEST_TOKEN, makeEvent, ndjson, T0, tempDir } from '../../testing/index.js'

const dir = tempDir()
const SPEC = readFileSync(new URL('../../inventory/fixtures/shop-openapi.yaml', import.meta.url), 'utf8')
const HOUR = 3_600_000
let analyzer: Analyzer

const jwt = (fp: string, subject: string) => ({ kind: 'jwt' as const, fingerprint: fp, subject })
const ALICE = jwt('a11ce000000000aa', 'alice')
const BOB = { kind: 'api_key' as const, fingerprint: 'b0b00000000000bb' }

/** Traffic sent after the spec is imported: v2 orders (documented), a deprecated DELETE, old v1 orders, a shadow route. */
const traffic: AccessEvent[] = [
  ...[10, 20, 30, 40].map((latency, i) =>
    makeEvent(`v2-${i}`, {
      path: `/v2/orders/${i + 1}`,
      latency_ms: latency,
      status: i === 3 ? 500 : 200,
      response_bytes: 1000,
      ts: T0 + i * HOUR,
      principal: ALICE,
    }),
  ),
  makeEvent('del', { method: 'DELETE', path: '/v2/orders/9', status: 204, ts: T0, principal: ALICE }),
  makeEvent('v1-a', {
    path: '/v1/orders/5',
    status: 404,
    ts: T0 + 1000,
    principal: BOB,
    client_ip: '198.51.100.1',
  }),
  makeEvent('v1-b', {
    path: '/v1/orders/6',
    status: 200,
    ts: T0 + 2000,
    principal: BOB,
    client_ip: '198.51.100.2',
  }),
  makeEvent('anon-1', { path: '/v1/stores', ts: T0, principal: { kind: 'none' }, client_ip: '203.0.113.1' }),
  makeEvent('anon-2', {
    path: '/v1/stores',
    ts: T0 + 5000,
    principal: { kind: 'none' },
    client_ip: '203.0.113.2',
  }),
  makeEvent('anon-3', { path: '/v1/stores', ts: T0 + 6000, principal: ALICE, client_ip: '203.0.113.2' }),
]

const get = (url: string) =>
  analyzer.app.inject({ method: 'GET', url, headers: { authorization: `Bearer ${ADMIN_TOKEN}` } })
const send = (method: 'POST' | 'PUT', url: string, payload: unknown, type = 'application/json') =>
  analyzer.app.inject({
    method,
    url,
    headers: { authorization: `Bearer ${ADMIN_TOKEN}`, 'content-type': type },
    payload: typeof payload === 'string' ? payload : JSON.stringify(payload),
  })
async function ingest(events: AccessEvent[]) {
  const res = await analyzer.app.inject({
    method: 'POST',
    url: '/api/v1/ingest',
    headers: { authorization: `Bearer ${INGEST_TOKEN}`, 'content-type': 'application/x-ndjson' },
    payload: ndjson(events),
  })
  expect(res.json()).toMatchObject({ accepted: events.length, rejected: 0 })
}
const list = async (query = ''): Promise<EndpointList> => (await get(`/api/v1/endpoints?${query}`)).json()
const find = (l: EndpointList, method: string, route: string) =>
  l.endpoints.find((e) => e.method === method && e.route === route) as EndpointSummary

beforeAll(async () => {
  analyzer = createAnalyzer({
    data_dir: join(dir.path, 'ch'),
    admin_token: ADMIN_TOKEN,
    ingest_token: INGEST_TOKEN,
    log_level: 'silent',
    templates: { learn_threshold: 5 },
  })
  await analyzer.start({ listen: false })
  const imported = await send('PUT', '/api/v1/specs/shop', SPEC, 'application/yaml')
  expect(imported.statusCode).toBe(200)
  expect(imported.json()).toEqual({
    service: 'shop',
    title: 'Shop API',
    version: '2.4.0',
    operations: 10,
    deprecated: 1,
  })
  await ingest(traffic)
})

afterAll(async () => {
  await analyzer?.stop()
  dir.remove()
})

describe('GET /api/v1/endpoints', () => {
  it('gives each endpoint its numbers: errors by class, latency, sizes, auth kinds, consumers, first and last seen', async () => {
    const l = await list()
    const orders = find(l, 'GET', '/v2/orders/{order_id}')
    expect(orders).toMatchObject({
      service: 'shop',
      requests: 4,
      status_4xx: 0,
      status_5xx: 1,
      error_rate: 0.25,
      error_rate_4xx: 0,
      error_rate_5xx: 0.25,
      response_bytes_avg: 1000,
      auth: { none: 0, api_key: 0, bearer: 0, jwt: 4, basic: 0, cookie: 0 },
      unauthenticated_share: 0,
      consumers: 1,
      first_seen: T0,
      last_seen: T0 + 3 * HOUR,
      spec_status: 'documented',
    })
    // t-digest estimates: within the observed range and ordered
    expect(orders.p50_ms).toBeGreaterThanOrEqual(10)
    expect(orders.p50_ms).toBeLessThanOrEqual(40)
    expect(orders.p95_ms).toBeGreaterThanOrEqual(orders.p50_ms)
    expect(orders.p99_ms).toBeLessThanOrEqual(40)
    const stores = find(l, 'GET', '/v1/stores')
    expect(stores).toMatchObject({ requests: 3, consumers: 3, spec_status: 'shadow' })
    expect(stores.unauthenticated_share).toBeCloseTo(2 / 3)
    expect(l.total_requests).toBe(traffic.length)
  })

  it('marks spec status: documented, zombie (deprecated or an older version), shadow and unused', async () => {
    const l = await list('limit=100')
    const status = Object.fromEntries(l.endpoints.map((e) => [`${e.method} ${e.route}`, e.spec_status]))
    expect(status).toMatchObject({
      'GET /v2/orders/{order_id}': 'documented',
      'DELETE /v2/orders/{order_id}': 'zombie',
      'GET /v1/orders/{id:int}': 'zombie',
      'GET /v1/stores': 'shadow',
      'POST /admin/exports': 'unused',
      'GET /v1/cart': 'unused',
    })
    const unused = find(l, 'POST', '/admin/exports')
    expect(unused).toMatchObject({ requests: 0, first_seen: null, last_seen: null, consumers: 0 })
    expect(l.total).toBe(4 + 8) // four seen endpoints, eight spec operations never called
  })

  it('filters by spec status, method, text and unauthenticated calls, sorts and pages', async () => {
    const zombies = await list('spec_status=zombie')
    expect(zombies.endpoints.map((e) => `${e.method} ${e.route}`).sort()).toEqual([
      'DELETE /v2/orders/{order_id}',
      'GET /v1/orders/{id:int}',
    ])
    expect((await list('method=DELETE&spec_status=unused')).endpoints.map((e) => e.route)).toEqual([
      '/v1/cart/items/{item_id}',
    ])
    expect((await list('q=STORES')).endpoints.map((e) => e.route)).toEqual(['/v1/stores'])
    expect((await list('unauthenticated=true')).endpoints.map((e) => e.route)).toEqual(['/v1/stores'])
    const byRequests = await list('sort=requests&order=desc&limit=2')
    expect(byRequests.endpoints.map((e) => e.requests)).toEqual([4, 3])
    expect(byRequests.total).toBe(12)
    const page2 = await list('sort=requests&order=desc&limit=2&offset=2')
    expect(page2.endpoints.map((e) => e.requests)).toEqual([2, 1])
    const byErrors = await list('sort=error_rate_5xx&limit=1')
    expect(byErrors.endpoints[0]!.route).toBe('/v2/orders/{order_id}')
    // a range of whole days reads the day rollup, a range of hours the minute rollup: same answer
    const day = Math.floor(T0 / 86_400_000) * 86_400_000
    expect((await list(`from=${day}&to=${day + 86_400_000}`)).total_requests).toBe(traffic.length)
    expect((await list(`from=${T0 + HOUR}&to=${T0 + 4 * HOUR}`)).total_requests).toBe(3)
  })

  it('refuses unknown filters and values with 400', async () => {
    for (const q of ['spec_status=ghost', 'sort=path', 'offset=-1', 'limit=0', 'x=1']) {
      const res = await get(`/api/v1/endpoints?${q}`)
      expect(res.statusCode, q).toBe(400)
      expect(res.json().error).toBe('bad_request')
    }
  })
})

describe('GET /api/v1/endpoints/:id', () => {
  it('gives one endpoint with its traffic per hour', async () => {
    const { id } = find(await list(), 'GET', '/v2/orders/{order_id}')
    const res = await get(`/api/v1/endpoints/${id}`)
    expect(res.statusCode).toBe(200)
    const body = res.json()
    expect(body.endpoint.requests).toBe(4)
    expect(body.bucket_ms).toBe(HOUR)
    expect(
      body.series.map((p: { t: number; requests: number; status_5xx: number }) => [
        p.t,
        p.requests,
        p.status_5xx,
      ]),
    ).toEqual([
      [T0, 1, 0],
      [T0 + HOUR, 1, 0],
      [T0 + 2 * HOUR, 1, 0],
      [T0 + 3 * HOUR, 1, 1],
    ])
  })

  it('answers an unused spec operation with zeros and an unknown id with 404', async () => {
    const { id } = find(await list('limit=100'), 'POST', '/admin/exports')
    expect((await get(`/api/v1/endpoints/${id}`)).json()).toMatchObject({
      endpoint: { requests: 0 },
      series: [],
    })
    const missing = await get(`/api/v1/endpoints/${Buffer.from('shop\nGET\n/nope').toString('base64url')}`)
    expect(missing.statusCode).toBe(404)
    expect((await get('/api/v1/endpoints/not-an-id')).statusCode).toBe(404)
  })
})

describe('GET /api/v1/principals', () => {
  it('lists credentials with their traffic and spread, sorted and filtered', async () => {
    const body = (await get('/api/v1/principals')).json()
    expect(body.total).toBe(2)
    expect(body.principals[0]).toMatchObject({
      id: ALICE.fingerprint,
      kind: 'jwt',
      subject: 'alice',
      requests: 6,
      status_5xx: 1,
      endpoints: 3,
      first_seen: T0,
      last_seen: T0 + 3 * HOUR,
    })
    expect(body.principals[1]).toMatchObject({
      id: BOB.fingerprint,
      kind: 'api_key',
      requests: 2,
      status_4xx: 1,
      ips: 2,
    })
    expect((await get('/api/v1/principals?kind=api_key')).json().principals).toHaveLength(1)
    expect(
      (await get('/api/v1/principals?q=ali')).json().principals.map((p: { id: string }) => p.id),
    ).toEqual([ALICE.fingerprint])
    const asc = (await get('/api/v1/principals?sort=requests&order=asc&limit=1')).json()
    expect(asc).toMatchObject({ total: 2, principals: [{ id: BOB.fingerprint }] })
    expect((await get('/api/v1/principals?sort=secret')).statusCode).toBe(400)
  })

  it('gives a profile with hours of traffic, and 404 for an unknown one', async () => {
    const body = (await get(`/api/v1/principals/${ALICE.fingerprint}`)).json()
    expect(body.principal.requests).toBe(6)
    expect(body.series.map((p: { t: number; requests: number }) => [p.t, p.requests])).toEqual([
      [T0, 3],
      [T0 + HOUR, 1],
      [T0 + 2 * HOUR, 1],
      [T0 + 3 * HOUR, 1],
    ])
    expect((await get('/api/v1/principals/ffffffffffffffff')).statusCode).toBe(404)
  })
})

describe('learned templates', () => {
  it('learns, approves, renames and splits a template, audits each change and keeps it for the next start', async () => {
    const names = ['oak-table', 'pine-desk', 'teak-chair', 'ash-shelf', 'elm-stool', 'fir-bench', 'yew-crate']
    await ingest(
      names.map((n, i) =>
        makeEvent(`product-${n}`, { service: 'catalog', path: `/v1/products/${n}`, ts: T0 + i }),
      ),
    )
    const { templates } = (await get('/api/v1/templates')).json()
    expect(templates).toHaveLength(1)
    const [t] = templates
    expect(t).toMatchObject({
      service: 'catalog',
      prefix: '/v1/products',
      template: '/v1/products/{param}',
      status: 'learned',
      distinct: 6,
    })

    // Rows stored before the template was learned are shown under it: one endpoint, seven requests.
    const catalog = await list('service=catalog')
    expect(catalog.endpoints.map((e) => [e.route, e.requests])).toEqual([['/v1/products/{param}', 7]])

    expect((await send('POST', `/api/v1/templates/${t.id}/approve`, {})).json().status).toBe('approved')
    const renamed = (await send('POST', `/api/v1/templates/${t.id}/rename`, { name: 'product_slug' })).json()
    expect(renamed.template).toBe('/v1/products/{product_slug}')
    const split = (await send('POST', `/api/v1/templates/${t.id}/split`, { values: ['oak-table'] })).json()
    expect(split.kept).toContain('oak-table')
    const after = await list('service=catalog')
    expect(after.endpoints.map((e) => [e.route, e.requests])).toEqual([
      ['/v1/products/{product_slug}', 6],
      ['/v1/products/oak-table', 1],
    ])

    expect((await send('POST', `/api/v1/templates/${t.id}/rename`, { name: 'Bad Name!' })).statusCode).toBe(
      400,
    )
    expect((await send('POST', '/api/v1/templates/0000000000000000/approve', {})).statusCode).toBe(404)
    const unauthenticated = await analyzer.app.inject({
      method: 'POST',
      url: `/api/v1/templates/${t.id}/approve`,
    })
    expect(unauthenticated.statusCode).toBe(401)

    const audit = (await get(`/api/v1/audit?target=template:${t.id}`)).json().entries
    expect(audit.map((e: { action: string }) => e.action)).toEqual([
      'template.split',
      'template.rename',
      'template.approve',
    ])
    expect(JSON.parse(audit[1].detail)).toMatchObject({
      before: { name: 'param' },
      after: { name: 'product_slug' },
    })
    expect((await get('/api/v1/audit?target=spec:shop')).json().entries).toHaveLength(1)

    // What the next start reads from the store.
    const next = createInventory({ client: analyzer.client })
    await next.load()
    expect(next.templater.learned()).toEqual([
      expect.objectContaining({ id: t.id, name: 'product_slug', status: 'approved', kept: ['oak-table'] }),
    ])
    expect(next.templater.template('catalog', 'GET', '/v1/products/new-thing')).toBe(
      '/v1/products/{product_slug}',
    )
    expect(next.view.specStatus('shop', 'GET', '/v2/orders/{order_id}')).toBe('documented')
  })

  it('refuses a spec that is not OpenAPI with 400 and keeps the one imported', async () => {
    const res = await send('PUT', '/api/v1/specs/shop', 'openapi: 3.0.0\npaths: {}', 'application/yaml')
    expect(res.statusCode).toBe(400)
    expect(res.json().message).toMatch(/not a valid OpenAPI document/)
    const anonymous = await analyzer.app.inject({ method: 'PUT', url: '/api/v1/specs/shop', payload: SPEC })
    expect(anonymous.statusCode).toBe(401)
    expect(analyzer.inventory.view.specStatus('shop', 'GET', '/v2/orders/{order_id}')).toBe('documented')
  })
})
