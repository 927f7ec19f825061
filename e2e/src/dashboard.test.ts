// The dashboard in a real Chromium against the whole pipeline: simulated nginx-json traffic is
// shipped by the collector (its CLI, as a child process) to an analyzer with an embedded
// ClickHouse with the shop service's OpenAPI spec imported, and a user signs in and checks the
// inventory (with spec status, auth kinds and consumers) and the traffic chart. The expected
// numbers are counted from the generated lines with the analyzer's own templater and spec.
import { execFile } from 'node:child_process'
import { existsSync, readFileSync } from 'node:fs'
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'
import { type Analyzer, createAnalyzer, parseSpec, Templater } from '@gatewatch/analyzer'
import type { TrafficSeries } from '@gatewatch/schema'
import { generateLines } from '@gatewatch/simulator'
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { launchChromium } from './browser.js'

const run = promisify(execFile)
const ROOT = fileURLToPath(new URL('../../', import.meta.url))
const DIST = join(ROOT, 'dashboard/dist/index.html')
const COLLECTOR_BIN = join(ROOT, 'collector/bin/gatewatch-collector.js')
const SHOP_SPEC = readFileSync(join(ROOT, 'analyzer/src/inventory/fixtures/shop-openapi.yaml'), 'utf8')

const ADMIN_TOKEN = 'e2e-admin-token-0123456789abcdef'
const INGEST_TOKEN = 'e2e-ingest-token-0123456789abcdef'
const LINES = 3000
const START = Date.parse('2026-11-20T00:00:00Z')
const END = Date.parse('2026-11-21T00:00:00Z')

interface Row {
  service: string
  method: string
  route: string
  requests: number
  spec: string
  auth: string
  consumers: number
}

const key = (r: Pick<Row, 'service' | 'method' | 'route'>) => `${r.service} ${r.method} ${r.route}`

let dir: string
let analyzer: Analyzer
let url: string
let browser: Browser
let page: Page
/** Requests per service + method + templated route, counted from the generated lines (0: in the spec, never called). */
const expected = new Map<string, number>()
/** The templater the analyzer holds, replayed over the same lines: routes and spec status. */
const templater = new Templater()

async function readRows(p: Page): Promise<Row[]> {
  return p.$$eval('[data-testid="endpoint-row"]', (rows) =>
    rows.map((r) => ({
      service: r.getAttribute('data-service') ?? '',
      method: r.getAttribute('data-method') ?? '',
      route: r.getAttribute('data-route') ?? '',
      // What the user reads in the cell, e.g. "1,234".
      requests: Number(
        (r.querySelector('[data-testid="endpoint-requests"]')?.textContent ?? '').replace(/,/g, ''),
      ),
      spec: r.querySelector('[data-testid="endpoint-spec-status"]')?.textContent ?? '',
      auth: r.querySelector('[data-testid="endpoint-auth"]')?.textContent ?? '',
      consumers: Number(
        (r.querySelector('[data-testid="endpoint-consumers"]')?.textContent ?? '').replace(/,/g, ''),
      ),
    })),
  )
}

async function signIn(p: Page, token: string): Promise<void> {
  await p.fill('[data-testid="login-token"]', token)
  await p.click('[data-testid="login-submit"]')
}

const isDescending = (xs: number[]) => xs.every((x, i) => i === 0 || xs[i - 1]! >= x)

beforeAll(async () => {
  if (!existsSync(DIST)) {
    throw new Error(
      `the dashboard is not built (${DIST} is missing): run \`pnpm --filter @gatewatch/dashboard build\` first`,
    )
  }
  dir = await mkdtemp(join(tmpdir(), 'gw-e2e-dashboard-'))

  const lines = [
    ...generateLines({
      seed: 'e2e-dashboard',
      count: LINES,
      format: 'nginx-json',
      startMs: START,
      endMs: END,
    }),
  ]
  await writeFile(join(dir, 'access.log'), `${lines.join('\n')}\n`)
  const spec = { service: 'shop', imported_at: 0, ...(await parseSpec(SHOP_SPEC)) }
  templater.setSpec(spec)
  const seen: Omit<Row, 'requests' | 'spec' | 'auth' | 'consumers'>[] = []
  for (const line of lines) {
    const o = JSON.parse(line) as { upstream_service: string; request_method: string; request_uri: string }
    const service = o.upstream_service
    seen.push({
      service,
      method: o.request_method,
      route: templater.template(service, o.request_method, o.request_uri),
    })
  }
  // The inventory shows rows stored before a template was learned under that template.
  for (const r of seen) {
    const k = key({ ...r, route: templater.retemplate(r.service, r.route) })
    expected.set(k, (expected.get(k) ?? 0) + 1)
  }
  for (const op of spec.operations) {
    const k = key({ service: 'shop', method: op.method, route: op.path })
    if (!expected.has(k)) expected.set(k, 0)
  }

  analyzer = createAnalyzer({
    port: 0,
    data_dir: join(dir, 'clickhouse'),
    admin_token: ADMIN_TOKEN,
    ingest_token: INGEST_TOKEN,
    log_level: 'silent',
  })
  url = (await analyzer.start()).url!
  const imported = await fetch(`${url}/api/v1/specs/shop`, {
    method: 'PUT',
    headers: { authorization: `Bearer ${ADMIN_TOKEN}`, 'content-type': 'application/yaml' },
    body: SHOP_SPEC,
  })
  expect(imported.status).toBe(200)

  const shipped = await run(
    process.execPath,
    [
      COLLECTOR_BIN,
      '--input',
      join(dir, 'access.log'),
      '--format',
      'nginx-json',
      '--sink',
      url,
      '--once',
      '--state-dir',
      join(dir, 'collector-state'),
      '--collector-id',
      'e2e-dashboard',
    ],
    {
      env: {
        ...process.env,
        GATEWATCH_INGEST_TOKEN: INGEST_TOKEN,
        GATEWATCH_HMAC_KEY: 'e2e-hmac-key-0123456789abcdef0123',
      },
      timeout: 120_000,
    },
  )
  const summary = JSON.parse(shipped.stdout.trim().split('\n').at(-1)!) as { parsed: number; shipped: number }
  expect(summary).toMatchObject({ parsed: LINES, shipped: LINES })

  browser = await launchChromium()
  page = await browser.newPage({ viewport: { width: 1280, height: 900 } })
}, 240_000)

afterAll(async () => {
  await browser?.close()
  await analyzer?.stop()
  if (dir) await rm(dir, { recursive: true, force: true })
})

describe('dashboard', { timeout: 60_000 }, () => {
  it('refuses a wrong admin token with a message on the login form', async () => {
    await page.goto(url)
    await signIn(page, 'not-the-admin-token-at-all')
    const error = await page.waitForSelector('[data-testid="login-error"]')
    expect(await error.textContent()).toMatch(/not accepted/)
    await page.screenshot({ path: join(tmpdir(), 'gatewatch-login-e2e.png') })
    expect(await page.$('[data-testid="endpoint-table"]')).toBeNull()
  })

  it('shows every simulated endpoint, templated, with the request counts of the generated log', async () => {
    const trafficResponse = page.waitForResponse(
      (r) => r.url().includes('/api/v1/traffic') && r.status() === 200,
    )
    await signIn(page, ADMIN_TOKEN)
    await page.waitForSelector('[data-testid="endpoint-row"]')
    const rows = await readRows(page)

    const shown = new Map(rows.map((r) => [key(r), r.requests]))
    expect(shown.size).toBe(rows.length)
    expect(shown).toEqual(expected)
    const row = (service: string, method: string, route: string) =>
      rows.find((r) => r.service === service && r.method === method && r.route === route)
    // spec templates for the shop, typed parameters elsewhere, names kept
    expect(row('shop', 'GET', '/v2/orders/{order_id}')).toBeDefined()
    expect(row('payments', 'GET', '/v1/payments/{id:uuid}')).toBeDefined()
    expect(row('accounts', 'GET', '/users/me')).toBeDefined()

    // The spec column says what the spec knows, for every row as the analyzer's templater does.
    for (const r of rows) {
      const status = r.requests === 0 ? 'unused' : templater.specStatus(r.service, r.method, r.route)
      expect(r.spec, key(r)).toBe(status === 'unspecified' ? '–' : status)
    }
    expect(row('shop', 'GET', '/v2/orders/{order_id}')!.spec).toBe('documented')
    expect(row('shop', 'GET', '/v1/stores')!.spec).toBe('shadow')
    expect(row('shop', 'GET', '/v2/orders/{id:int}/shipments/{id:uuid}')!.spec).toBe('zombie')
    expect(row('shop', 'DELETE', '/v2/orders/{order_id}')!.spec).toBe('zombie')
    expect(row('shop', 'PATCH', '/v2/orders/{order_id}')!.spec).toBe('shadow')
    expect(row('shop', 'POST', '/admin/exports')).toMatchObject({
      spec: 'unused',
      requests: 0,
      auth: '–',
      consumers: 0,
    })
    // Who calls: signed-in routes see credentials, every called route has consumers.
    expect(row('shop', 'GET', '/v1/cart')!.auth).toMatch(/JWT|API key|bearer|cookie/)
    for (const r of rows.filter((x) => x.requests > 0)) {
      expect(r.consumers, key(r)).toBeGreaterThan(0)
      expect(r.consumers, key(r)).toBeLessThanOrEqual(r.requests)
      expect(r.auth, key(r)).not.toBe('–')
    }
    expect(await page.textContent('[data-testid="summary-requests"]')).toBe(LINES.toLocaleString('en-US'))

    // The default order is by requests, busiest first.
    expect(isDescending(rows.map((r) => r.requests))).toBe(true)

    // The chart plots the whole day: its buckets add up to every request shipped.
    const series = (await (await trafficResponse).json()) as TrafficSeries
    expect(series.points.reduce((n, p) => n + p.requests, 0)).toBe(LINES)
    const chart = await page.waitForSelector('[data-testid="traffic-chart"] .recharts-area-curve')
    expect(await chart.getAttribute('d')).toMatch(/^M[\d.]+/)
    expect(await page.$$('[data-testid="traffic-chart"] .recharts-area-curve')).toHaveLength(2)

    const shot = join(tmpdir(), 'gatewatch-dashboard-e2e.png')
    await page.screenshot({ path: shot })
    console.info(`dashboard screenshot: ${shot}`)
  })

  it('sorts by a clicked column through the API, requests descending', async () => {
    await Promise.all([
      page.waitForResponse((r) => r.url().includes('/api/v1/endpoints') && r.url().includes('sort=p95_ms')),
      page.click('[data-testid="sort-p95_ms"]'),
    ])
    await expect
      .poll(async () => page.getAttribute('th:has([data-testid="sort-p95_ms"])', 'aria-sort'))
      .toBe('descending')

    // The rows now come in the API's p95 order, which is not the busiest-first order.
    await expect.poll(async () => isDescending((await readRows(page)).map((r) => r.requests))).toBe(false)

    // Back to requests: the first sort's answer may come from the cache, so watch the rows, not the network.
    await page.click('[data-testid="sort-requests"]')
    await expect
      .poll(async () => page.getAttribute('th:has([data-testid="sort-requests"])', 'aria-sort'))
      .toBe('descending')
    await expect.poll(async () => isDescending((await readRows(page)).map((r) => r.requests))).toBe(true)
    const rows = await readRows(page)
    expect(rows).toHaveLength(expected.size)
    expect(rows[0]!.requests).toBe(Math.max(...expected.values()))

    // A second click flips the order.
    await Promise.all([
      page.waitForResponse((r) => r.url().includes('sort=requests') && r.url().includes('order=asc')),
      page.click('[data-testid="sort-requests"]'),
    ])
    await expect.poll(async () => (await readRows(page))[0]?.requests).toBe(Math.min(...expected.values()))
  })

  it('filters the inventory by service', async () => {
    await Promise.all([
      page.waitForResponse(
        (r) => r.url().includes('/api/v1/endpoints') && r.url().includes('service=payments'),
      ),
      page.selectOption('[data-testid="service-filter"]', 'payments'),
    ])
    await expect
      .poll(async () => new Set((await readRows(page)).map((r) => r.service)))
      .toEqual(new Set(['payments']))
    const rows = await readRows(page)
    const payments = [...expected].filter(([k]) => k.startsWith('payments '))
    expect(rows).toHaveLength(payments.length)
  })

  it('sends the user back to the login page with a notice when the API refuses the token', async () => {
    await page.evaluate(`sessionStorage.setItem('gatewatch.adminToken', 'a-token-the-analyzer-revoked')`)
    await page.reload()
    const notice = await page.waitForSelector('[data-testid="login-notice"]')
    expect(await notice.textContent()).toMatch(/session has ended/)
    expect(await page.evaluate(`sessionStorage.getItem('gatewatch.adminToken')`)).toBeNull()
  })
})
