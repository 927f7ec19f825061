// detectors3 through a real analyzer on embedded ClickHouse: events posted to the ingest API are
// stored, enriched, run through the registered detectors and come out of GET /api/v1/alerts as
// one grouped alert per (type, subject), updated as the evidence grows.
import { join } from 'node:path'
import type { AccessEvent, AlertList } from '@gatewatch/schema'
import { afterAll, describe, expect, it } from 'vitest'
import { type Analyzer, createAnalyzer } from '../../analyzer.js'
import { ADMIN_TOKEN, INGEST_TOKEN, makeEvent, ndjson, tempDir } from '../../testing/index.js'

const dir = tempDir()
const START = Date.UTC(2026, 10, 2, 8)
let analyzer: Analyzer | undefined

async function ingest(a: Analyzer, events: AccessEvent[]) {
  const res = await a.app.inject({
    method: 'POST',
    url: '/api/v1/ingest',
    headers: { authorization: `Bearer ${INGEST_TOKEN}`, 'content-type': 'application/x-ndjson' },
    payload: ndjson(events),
  })
  expect(res.statusCode).toBe(200)
  expect(res.json()).toMatchObject({ accepted: events.length, rejected: 0 })
}

async function alerts(a: Analyzer, query: string): Promise<AlertList> {
  const res = await a.app.inject({
    url: `/api/v1/alerts${query}`,
    headers: { authorization: `Bearer ${ADMIN_TOKEN}` },
  })
  expect(res.statusCode).toBe(200)
  return res.json()
}

afterAll(async () => {
  await analyzer?.stop()
  dir.remove()
})

describe('detectors3 in the analyzer', () => {
  it('raises scrape.crawl and inventory.unauthenticated_access as grouped alerts through the API', async () => {
    analyzer = createAnalyzer({
      data_dir: join(dir.path, 'ch'),
      admin_token: ADMIN_TOKEN,
      ingest_token: INGEST_TOKEN,
      log_level: 'silent',
    })
    await analyzer.start({ listen: false })

    // 60 pages of the product list, one every 1.2 s, from one anonymous script
    const crawl = Array.from({ length: 60 }, (_, i) =>
      makeEvent(`crawl-${i}`, {
        ts: START + i * 1200 + (i % 3) * 30,
        path: '/v1/products',
        query: `page=${i + 1}`,
        client_ip: '198.51.100.77',
        user_agent: 'python-requests/2.32.3',
        principal: { kind: 'none' },
      }),
    )
    await ingest(analyzer, crawl.slice(0, 30))
    await ingest(analyzer, crawl.slice(30))
    const crawls = await alerts(analyzer, '?type=scrape.crawl')
    expect(crawls.total).toBe(1)
    expect(crawls.alerts[0]).toMatchObject({
      type: 'scrape.crawl',
      severity: 'medium',
      owasp: 'API6:2023 Unrestricted Access to Sensitive Business Flows',
      subject: { kind: 'ip', id: '198.51.100.77' },
      first_seen: START,
      evidence: { observed: { pages: 40, by: 'page', agent: 'python-requests' } },
    })

    // an account endpoint every signed-in user calls, then one answer without credentials
    const users = Array.from({ length: 300 }, (_, i) =>
      makeEvent(`me-${i}`, {
        ts: START + i * 20_000,
        path: '/v1/accounts/me',
        principal: {
          kind: 'jwt',
          fingerprint: (0x5000 + (i % 40)).toString(16).padStart(16, '0'),
          subject: `u${i % 40}`,
        },
      }),
    )
    const bypass = makeEvent('bypass', {
      ts: START + 2 * 3_600_000,
      path: '/v1/accounts/me',
      principal: { kind: 'none' },
      client_ip: '203.0.113.200',
    })
    await ingest(analyzer, [...users, bypass])
    const open = await alerts(analyzer, '?type=inventory.unauthenticated_access')
    expect(open.total).toBe(1)
    expect(open.alerts[0]).toMatchObject({
      severity: 'medium',
      subject: { kind: 'endpoint', id: 'shop GET /v1/accounts/me' },
      first_seen: bypass.ts,
      evidence: { events: 1, sample_event_ids: [bypass.event_id] },
    })
  })
})
