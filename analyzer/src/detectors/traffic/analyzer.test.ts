// The recon, BOLA, auth and injection detectors inside a real analyzer on embedded ClickHouse:
// one attack per detector posted to the ingest API is stored, templated, enriched, run through
// the engine and served as one grouped alert per attack at GET /api/v1/alerts.
import { join } from 'node:path'
import type { AlertList } from '@gatewatch/schema'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type Analyzer, createAnalyzer } from '../../analyzer.js'
import { ADMIN_TOKEN, INGEST_TOKEN, ndjson, T0, tempDir } from '../../testing/index.js'
import { attackEvents } from './testing.js'

const dir = tempDir()
let analyzer: Analyzer

async function alerts(query: string): Promise<AlertList> {
  const res = await analyzer.app.inject({
    url: `/api/v1/alerts${query}`,
    headers: { authorization: `Bearer ${ADMIN_TOKEN}` },
  })
  expect(res.statusCode).toBe(200)
  return res.json()
}

beforeAll(async () => {
  analyzer = createAnalyzer({
    data_dir: join(dir.path, 'ch'),
    admin_token: ADMIN_TOKEN,
    ingest_token: INGEST_TOKEN,
    log_level: 'silent',
  })
  await analyzer.start({ listen: false })
})

afterAll(async () => {
  await analyzer?.stop()
  dir.remove()
})

describe('detectors2 in the analyzer', () => {
  it('turns one attack per detector, posted to the ingest API, into one alert each', async () => {
    const events = attackEvents(T0)
    for (let i = 0; i < events.length; i += 100) {
      const res = await analyzer.app.inject({
        method: 'POST',
        url: '/api/v1/ingest',
        headers: { authorization: `Bearer ${INGEST_TOKEN}`, 'content-type': 'application/x-ndjson' },
        payload: ndjson(events.slice(i, i + 100)),
      })
      expect(res.statusCode).toBe(200)
    }
    const expected = [
      ['auth.brute_force', 'username', 'admin'],
      ['auth.credential_stuffing', 'endpoint', 'semicomplete POST /api/login'],
      ['bola.enumeration', 'principal', 'mallory'],
      ['injection.probe', 'ip', '198.51.100.95'],
      ['recon.low_and_slow', 'ip', '198.51.100.99'],
      ['recon.scan_burst', 'ip', '198.51.100.98'],
      ['recon.sensitive_paths', 'ip', '198.51.100.95'],
    ]
    const list = await alerts('?limit=100')
    const seen = list.alerts
      .map((a) => [a.type, a.subject.kind, a.subject.label ?? a.subject.id])
      .sort((a, b) => a.join().localeCompare(b.join()))
    expect(seen).toEqual(expected)

    const [injection] = (await alerts('?type=injection.probe')).alerts
    expect(injection).toMatchObject({
      severity: 'high',
      owasp: 'API8:2023 Security Misconfiguration',
      status: 'open',
    })
    const [env] = (await alerts('?type=recon.sensitive_paths')).alerts
    expect(env).toMatchObject({ severity: 'critical' })
    expect(env!.evidence.sample_event_ids.length).toBeGreaterThan(0)
  })
})
