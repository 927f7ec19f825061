// The alerts page in a real Chromium: a stolen token's traffic posted to a real analyzer (embedded
// ClickHouse, every detector on) raises a grouped token.new_network alert, and a user signs in,
// opens Alerts, finds it and reads its evidence.
import { existsSync } from 'node:fs'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { type Analyzer, createAnalyzer } from '@gatewatch/analyzer'
import type { AccessEvent, AlertList } from '@gatewatch/schema'
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { launchChromium } from './browser.js'

const ROOT = fileURLToPath(new URL('../../', import.meta.url))
const DIST = join(ROOT, 'dashboard/dist/index.html')
const ADMIN_TOKEN = 'e2e-admin-token-0123456789abcdef'
const INGEST_TOKEN = 'e2e-ingest-token-0123456789abcdef'
const START = Date.parse('2026-11-20T08:00:00Z')
const FINGERPRINT = 'a11ce0000000e2e0'

let dir: string
let analyzer: Analyzer
let url: string
let browser: Browser
let page: Page

function request(seed: string, ts: number, clientIp: string, userAgent: string, path: string): AccessEvent {
  return {
    v: 1,
    event_id: seed.padEnd(32, '0'),
    ts,
    collector: 'e2e',
    service: 'shop',
    host: 'api.shop.test',
    method: 'GET',
    path,
    query: '',
    status: 200,
    latency_ms: 12,
    request_bytes: 0,
    response_bytes: 900,
    client_ip: clientIp,
    forwarded_for: [],
    user_agent: userAgent,
    principal: { kind: 'jwt', fingerprint: FINGERPRINT, subject: 'alice' },
  }
}

async function post(events: AccessEvent[]) {
  const res = await fetch(`${url}/api/v1/ingest`, {
    method: 'POST',
    headers: { authorization: `Bearer ${INGEST_TOKEN}`, 'content-type': 'application/x-ndjson' },
    body: `${events.map((e) => JSON.stringify(e)).join('\n')}\n`,
  })
  expect(res.status).toBe(200)
}

beforeAll(async () => {
  if (!existsSync(DIST))
    throw new Error(
      `the dashboard is not built (${DIST} is missing): run \`pnpm --filter @gatewatch/dashboard build\``,
    )
  dir = await mkdtemp(join(tmpdir(), 'gw-e2e-alerts-'))
  analyzer = createAnalyzer({
    port: 0,
    data_dir: join(dir, 'clickhouse'),
    admin_token: ADMIN_TOKEN,
    ingest_token: INGEST_TOKEN,
    log_level: 'silent',
  })
  url = (await analyzer.start()).url!
  const chrome =
    'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0 Safari/537.36'
  const history = Array.from({ length: 200 }, (_, i) =>
    request(
      `a1${i.toString(16).padStart(6, '0')}`,
      START + i * 10 * 60_000,
      '192.0.2.10',
      chrome,
      `/v1/orders/${i}`,
    ),
  )
  const stolen = Array.from({ length: 12 }, (_, i) =>
    request(
      `b2${i.toString(16).padStart(6, '0')}`,
      START + 3 * 86_400_000 + i * 20_000,
      '203.0.113.66',
      'python-requests/2.32.3',
      `/v1/orders/${900 + i}`,
    ),
  )
  await post(history)
  await post(stolen)
  browser = await launchChromium()
  page = await browser.newPage({ viewport: { width: 1280, height: 900 } })
}, 240_000)

afterAll(async () => {
  await browser?.close()
  await analyzer?.stop()
  if (dir) await rm(dir, { recursive: true, force: true })
})

describe('alerts page', { timeout: 120_000 }, () => {
  it('lists the stolen-token alert and shows its evidence: seen against expected, with sample requests', async () => {
    const api = (await (
      await fetch(`${url}/api/v1/alerts?type=token.new_network`, {
        headers: { authorization: `Bearer ${ADMIN_TOKEN}` },
      })
    ).json()) as AlertList
    expect(api.total).toBe(1)
    const alert = api.alerts[0]!

    await page.goto(url)
    await page.fill('[data-testid="login-token"]', ADMIN_TOKEN)
    await page.click('[data-testid="login-submit"]')
    await page.waitForSelector('[data-testid="endpoint-row"]')
    await page.click('[data-testid="nav-alerts"]')
    await page.waitForSelector('[data-testid="alerts-page"] [data-testid="alert-row"]')
    const types = await page.$$eval('[data-testid="alert-row"]', (rows) =>
      rows.map((r) => r.getAttribute('data-type')),
    )
    expect(types).toContain('token.new_network')

    await page.click(`[data-testid="alert-row"][data-alert-id="${alert.id}"] [data-testid="alert-open"]`)
    const detail = await page.waitForSelector(`[data-testid="alert-detail"][data-alert-id="${alert.id}"]`)
    expect(await page.textContent('[data-testid="alert-summary"]')).toBe(alert.summary)
    expect(alert.summary).toMatch(/made 12 requests from 203\.0\.113\.0\/24/)
    expect(await page.textContent('[data-testid="alert-events"]')).toBe('12')
    expect(await page.textContent('[data-testid="alert-subject"]')).toContain('alice')
    expect(await page.textContent('[data-testid="alert-observed"]')).toContain('203.0.113.0/24')
    expect(await page.textContent('[data-testid="alert-expected"]')).toContain('192.0.2.0/24')
    expect(await page.$$('[data-testid="alert-samples"] li')).toHaveLength(12)
    expect(page.url()).toMatch(new RegExp(`#/alerts/${alert.id}$`))
    await detail.screenshot({ path: join(tmpdir(), 'gatewatch-alert-e2e.png') })
    await page.screenshot({ path: join(tmpdir(), 'gatewatch-alerts-e2e.png'), fullPage: true })

    // The severity filter asks the API again and hides what does not match.
    await page.selectOption('[data-testid="alert-severity-filter"]', 'low')
    await page.waitForSelector('[data-testid="alert-row"]', { state: 'detached' })
  })
})
