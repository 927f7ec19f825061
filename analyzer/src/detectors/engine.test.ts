// Detection through a real analyzer on embedded ClickHouse: events posted to the ingest API are
// stored, run through the detectors, and raise one grouped alert visible at GET /api/v1/alerts;
// after a restart the restored state keeps the same alert growing instead of raising a new one.
import { join } from 'node:path'
import type { AccessEvent, Alert, AlertList } from '@gatewatch/schema'
import Type from 'typebox'
import { afterAll, describe, expect, it } from 'vitest'
import { createAlertStore } from '../alerts/store.js'
import { type Analyzer, createAnalyzer } from '../analyzer.js'
import { parseConfig } from '../config.js'
import { toEventRow } from '../store/event-row.js'
import { ADMIN_TOKEN, INGEST_TOKEN, makeEvent, ndjson, tempDir } from '../testing/index.js'
import type { DetectorsConfig } from './config.js'
import { createDetectionEngine } from './engine.js'
import { detectorDefinitions } from './registry.js'
import { credentialTraffic } from './testing.js'
import type { DetectorDefinition } from './types.js'

const dir = tempDir()
const HOUR = 3_600_000
const START = Date.UTC(2026, 10, 2, 8)
const MINUTE_START = Date.UTC(2026, 10, 5, 9, 0)
let analyzer: Analyzer | undefined

const open = async () => {
  const a = createAnalyzer({
    data_dir: join(dir.path, 'ch'),
    admin_token: ADMIN_TOKEN,
    ingest_token: INGEST_TOKEN,
    log_level: 'silent',
  })
  await a.start({ listen: false })
  return a
}

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

async function alerts(a: Analyzer, query = ''): Promise<AlertList> {
  const res = await a.app.inject({
    url: `/api/v1/alerts${query}`,
    headers: { authorization: `Bearer ${ADMIN_TOKEN}` },
  })
  expect(res.statusCode).toBe(200)
  return res.json()
}

const alice = { kind: 'jwt' as const, fingerprint: 'a11ce00000000001', subject: 'alice' }
const history = Array.from({ length: 200 }, (_, i) =>
  makeEvent(`alice-${i}`, {
    ts: START + i * 10 * 60_000,
    client_ip: '192.0.2.10',
    user_agent:
      'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0 Safari/537.36',
    principal: alice,
  }),
)
const stolenAt = START + 3 * 24 * HOUR
const stolen = Array.from({ length: 20 }, (_, i) =>
  makeEvent(`thief-${i}`, {
    ts: stolenAt + i * 15_000,
    client_ip: '203.0.113.66',
    user_agent: 'python-requests/2.32.3',
    path: `/v1/orders/${1000 + i}`,
    principal: alice,
  }),
)

afterAll(async () => {
  await analyzer?.stop()
  dir.remove()
})

describe('detection in the analyzer', () => {
  let first: Alert

  it('raises one grouped token.new_network alert for a stolen token within 20 requests from its new network', async () => {
    analyzer = await open()
    await ingest(analyzer, history)
    expect((await alerts(analyzer)).total).toBe(0)
    // The thief's requests arrive in two batches: the second updates the alert, it does not add one.
    await ingest(analyzer, stolen.slice(0, 5))
    await ingest(analyzer, stolen.slice(5, 10))
    const list = await alerts(analyzer, '?type=token.new_network')
    expect(list.total).toBe(1)
    first = list.alerts[0]!
    expect(first).toMatchObject({
      type: 'token.new_network',
      owasp: 'API2:2023 Broken Authentication',
      subject: { kind: 'principal', id: 'a11ce00000000001', label: 'alice' },
      status: 'open',
      first_seen: stolenAt,
      last_seen: stolen[9]!.ts,
      evidence: {
        events: 10,
        observed: { network: '203.0.113.0/24' },
        expected: { known_networks: '192.0.2.0/24' },
      },
    })
    // Raised on the thief's third request, far inside the first 20.
    expect(first.detected_at).toBe(stolen[2]!.ts)
    expect(first.evidence.sample_event_ids.slice(0, 3)).toEqual(stolen.slice(0, 3).map((e) => e.event_id))
    expect(first.summary).toMatch(
      /^Credential of alice known on 1 network.* made 10 requests from 203\.0\.113\.0\/24/,
    )
    const one = await analyzer.app.inject({
      url: `/api/v1/alerts/${first.id}`,
      headers: { authorization: `Bearer ${ADMIN_TOKEN}` },
    })
    expect(one.json()).toEqual(first)
    const metrics = (await analyzer.app.inject({ url: '/metrics' })).body
    expect(metrics).toContain('gatewatch_alerts_total{type="token.new_network",change="new"} 1')
    expect(metrics).toMatch(/gatewatch_alerts_total\{type="token\.new_network",change="updated"\} [1-9]/)
    expect(metrics).toContain('gatewatch_detector_state_keys{detector="token_new_network"} 1')
  })

  it('filters by type, severity, subject and time, and needs the admin token', async () => {
    const a = analyzer!
    expect((await alerts(a, `?subject=alice`)).total).toBe(1)
    expect((await alerts(a, `?subject=bob`)).total).toBe(0)
    expect((await alerts(a, `?severity=${first.severity}&type=token.new_network`)).total).toBe(1)
    expect((await alerts(a, '?severity=low')).total).toBe(0)
    expect((await alerts(a, `?from=${stolenAt}&to=${stolenAt + HOUR}`)).total).toBe(1)
    expect((await alerts(a, `?to=${stolenAt}`)).total).toBe(0)
    expect((await a.app.inject({ url: '/api/v1/alerts' })).statusCode).toBe(401)
    expect(
      (
        await a.app.inject({
          url: '/api/v1/alerts/0123456789abcdef01234567',
          headers: { authorization: `Bearer ${ADMIN_TOKEN}` },
        })
      ).statusCode,
    ).toBe(404)
    expect(
      (
        await a.app.inject({
          url: "/api/v1/alerts?severity=urgent'",
          headers: { authorization: `Bearer ${ADMIN_TOKEN}` },
        })
      ).statusCode,
    ).toBe(400)
  })

  it('after a restart keeps the baseline and grows the same alert instead of raising a new one', async () => {
    await analyzer!.stop()
    analyzer = await open()
    await ingest(analyzer, stolen.slice(10))
    const list = await alerts(analyzer, '?type=token.new_network')
    expect(list.total).toBe(1)
    const after = list.alerts[0]!
    expect(after.id).toBe(first.id)
    expect(after.detected_at).toBe(first.detected_at)
    expect(after.evidence.events).toBe(20)
    expect(after.last_seen).toBe(stolen[19]!.ts)
    expect((await alerts(analyzer)).total).toBe(1)
  })

  it('stores rows enriched with country, AS, user-agent family and bot before the insert', async () => {
    const a = analyzer!
    // Within the allowed lateness of the newest event the earlier tests stored.
    const crawler = makeEvent('crawler', {
      ts: stolenAt,
      client_ip: '8.8.8.8',
      user_agent: 'Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)',
    })
    await ingest(a, [crawler])
    const result = await a.client.query({
      query: 'SELECT country, asn, as_org, bot FROM events WHERE event_id = {id:String}',
      query_params: { id: crawler.event_id },
      format: 'JSONEachRow',
    })
    expect(await result.json()).toEqual([
      { country: 'US', asn: 15169, as_org: 'Google LLC', bot: 'Googlebot' },
    ])
  })

  it('moves a partition: state released by one engine is picked up by the next owner of that partition', async () => {
    const a = analyzer!
    const config = parseConfig({})
    const make = () =>
      createDetectionEngine({
        client: a.client,
        alerts: createAlertStore(a.client),
        detection: config.detection,
        detectors: config.detectors as DetectorsConfig,
      })
    const fields = (asn: number) => () => ({
      principal_fingerprint: 'f00df00df00df00d',
      principal_subject: 'frank',
      asn,
    })
    const before = credentialTraffic('frank', 120, START, 5 * 60_000, fields(64500))
    const first = make()
    await first.afterStore({ source: 'kafka', partition: 7, events: before, watermark: before.at(-1)!.ts })
    await first.release('kafka', [7])
    expect(first.stats().lanes).toBe(0)
    const saved = await a.client.query({
      query: "SELECT count() AS n FROM detector_state FINAL WHERE source = 'kafka' AND partition = 7",
      format: 'JSONEachRow',
    })
    // one saved state per registered detector (other helpers add detectors to the registry)
    expect(await saved.json()).toEqual([{ n: detectorDefinitions.length }])
    const moved = credentialTraffic('frank-moved', 3, START + 2 * 24 * HOUR, 1000, fields(666))
    const second = make()
    await second.afterStore({ source: 'kafka', partition: 7, events: moved, watermark: moved.at(-1)!.ts })
    expect(second.stats().findings).toBeGreaterThan(0)
    expect((await alerts(a, '?subject=frank&type=token.new_network')).total).toBe(1)
    // The same traffic on a partition with no saved state is a new credential warming up.
    const elsewhere = make()
    await elsewhere.afterStore({ source: 'kafka', partition: 8, events: moved, watermark: moved.at(-1)!.ts })
    expect(elsewhere.stats().findings).toBe(0)
    await Promise.all([second.stop(), elsewhere.stop()])
  })

  it('skips allowlisted traffic and drops suppressed findings, on the same store', async () => {
    const a = analyzer!
    const store = createAlertStore(a.client)
    const config = parseConfig({
      detection: {
        allowlist: { cidrs: ['198.51.100.0/24'] },
        suppressions: [{ type: 'token.*', subject: 'fp-carol', reason: 'test key' }],
      },
    })
    const engine = createDetectionEngine({
      client: a.client,
      alerts: store,
      detection: config.detection,
      detectors: config.detectors as DetectorsConfig,
    })
    const expiredJwt = (seed: string, fingerprint: string, ip: string) => {
      const row = { ...makeEvent(seed), ts: START, client_ip: ip }
      return {
        ...row,
        route: row.path,
        country: '',
        asn: 0,
        as_org: '',
        ua_family: '',
        bot: '',
        latency_ms: 1,
        request_bytes: 0,
        response_bytes: 1,
        forwarded_for: [],
        headers: {},
        principal_kind: 'jwt',
        principal_fingerprint: fingerprint,
        principal_subject: '',
        principal_issuer: '',
        principal_audience: [],
        principal_client_id: '',
        principal_scopes: [],
        principal_iat: null,
        principal_exp: START / 1000 - 3600,
        principal_jti: '',
        principal_alg: 'RS256',
        request_id: '',
        gateway_route: '',
      }
    }
    await engine.afterStore({
      source: 'test',
      partition: 9,
      watermark: START,
      events: [
        expiredJwt('allow', 'fp-dave', '198.51.100.7'),
        expiredJwt('supp', 'fp-carol', '192.0.2.1'),
        expiredJwt('real', 'fp-erin', '192.0.2.1'),
      ],
    })
    expect(engine.stats()).toMatchObject({ findings: 2, suppressed: 1 })
    const expired = await alerts(a, '?type=token.expired_accepted')
    expect(expired.alerts.map((x) => x.subject.id)).toEqual(['fp-erin'])
    expect(() =>
      createDetectionEngine({
        client: a.client,
        alerts: store,
        detection: { ...config.detection, allowlist: { cidrs: ['10.0.0/8'], principals: [], routes: [] } },
        detectors: config.detectors as DetectorsConfig,
      }),
    ).toThrow(/detection\.allowlist\.cidrs: '10\.0\.0\/8' is not a CIDR/)
    await engine.stop()
  })

  it("moves the detectors' watermark once per second of event time, before the first event of a new minute, and at the end of a batch", async () => {
    const calls: string[] = []
    const recorder: DetectorDefinition<never> = {
      name: 'recorder',
      types: [],
      config: Type.Object({}),
      create: () => ({
        onEvent: (row) => calls.push(`event ${row.ts - MINUTE_START}`),
        onWatermark: (ctx) => calls.push(`watermark ${ctx.watermark - MINUTE_START}`),
        snapshot: () => null,
        restore() {},
        size: () => 0,
      }),
    }
    const config = parseConfig({})
    const engine = createDetectionEngine({
      client: analyzer!.client,
      alerts: createAlertStore(analyzer!.client),
      detection: config.detection,
      detectors: {} as DetectorsConfig,
      definitions: [recorder],
    })
    // Events 400 ms apart from 58.8 s into a minute to 1.2 s into the next.
    const at = [58_800, 59_200, 59_600, 60_000, 60_400, 60_800, 61_200]
    const events = at.map((ms, i) => toEventRow({ ...makeEvent(`wm-${i}`), ts: MINUTE_START + ms }, '/'))
    await engine.afterStore({ source: 'wm', partition: 0, watermark: MINUTE_START + 61_500, events })
    expect(calls).toEqual([
      'watermark 58800',
      'event 58800',
      'watermark 59200',
      'event 59200',
      'event 59600',
      'watermark 60000',
      'event 60000',
      'event 60400',
      'event 60800',
      'watermark 61200',
      'event 61200',
      'watermark 61500',
    ])
    await engine.stop()
  })
})
