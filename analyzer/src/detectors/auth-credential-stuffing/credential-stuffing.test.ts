import { describe, expect, it } from 'vitest'
import { loadConfig } from '../../config.js'
import { T0 } from '../../testing/index.js'
import { detectorConfig, replay } from '../testing.js'
import { LOGIN_DEFAULTS } from '../traffic/login.js'
import { basicAuth, login, MIN } from '../traffic/testing.js'
import { authCredentialStuffing } from './index.js'

describe('auth.credential_stuffing', () => {
  it('finds one IP failing basic auth for many user names, high once one works', () => {
    const tries = Array.from({ length: 30 }, (_, i) =>
      login(`cs-${i}`, T0 + i * 2000, '198.51.100.60', i === 25 ? 200 : 401, {
        method: 'GET',
        path: '/api/v1/me',
        principal: basicAuth(`user${i}@example.com`, 'Summer2024!'),
      }),
    )
    const { findings } = replay(authCredentialStuffing, tries)
    const bySource = findings.filter((f) => f.subject.kind === 'ip')
    expect(bySource[0]).toMatchObject({
      type: 'auth.credential_stuffing',
      owasp: 'API2:2023 Broken Authentication',
      severity: 'medium',
      subject: { kind: 'ip', id: '198.51.100.60' },
      observed: { failures: 10, identities: 10 },
    })
    expect(bySource.at(-1)!.severity).toBe('high')
  })

  it('finds one IP trying many API keys on a login route', () => {
    const tries = Array.from({ length: 12 }, (_, i) =>
      login(`keys-${i}`, T0 + i * 1000, '198.51.100.61', 401, {
        path: '/oauth/token',
        principal: { kind: 'api_key', fingerprint: `${(i + 1).toString(16).padStart(4, '0')}feedfacecafe` },
      }),
    )
    const { findings } = replay(authCredentialStuffing, tries)
    expect(findings.some((f) => f.subject.kind === 'ip' && f.observed.identities === 10)).toBe(true)
  })

  it('finds distributed stuffing on one endpoint from 100 IPs, one attempt each, within 100 attempts', () => {
    const tries = Array.from({ length: 100 }, (_, i) =>
      login(`dist-${i}`, T0 + i * 3000, `10.20.${i >> 4}.${i & 15}`, i % 10 === 0 ? 200 : 401),
    )
    const { findings } = replay(authCredentialStuffing, tries)
    const byEndpoint = findings.filter((f) => f.subject.kind === 'endpoint')
    expect(byEndpoint[0]).toMatchObject({
      subject: { kind: 'endpoint', id: 'shop POST /api/login' },
      observed: { failures: 40 },
    })
    expect(byEndpoint[0]!.observed.distinct_ips).toBeGreaterThanOrEqual(15)
    expect(findings.filter((f) => f.subject.kind === 'ip')).toEqual([])
  })

  it('stays quiet for a busy login endpoint where one attempt in ten is a mistyped password', () => {
    const tries = Array.from({ length: 2000 }, (_, i) =>
      login(`busy-${i}`, T0 + i * 1500, `10.30.${(i * 7) & 255}.${i & 255}`, i % 10 === 3 ? 401 : 200),
    )
    expect(replay(authCredentialStuffing, tries).findings).toEqual([])
  })

  it('stays quiet for a user who mistypes a password twice', () => {
    const tries = [401, 401, 200].map((status, i) =>
      login(`typo-${i}`, T0 + i * 5000, '203.0.113.62', status, { principal: basicAuth('alice', i) }),
    )
    expect(replay(authCredentialStuffing, tries).findings).toEqual([])
  })

  it('raises the endpoint bar above its usual failures (EWMA baseline)', () => {
    // an endpoint that normally fails 60 times in 10 minutes (a client with a stale secret per IP)
    const usual = Array.from({ length: 6 * 120 }, (_, i) =>
      login(`usual-${i}`, T0 + i * 5000, `10.40.${i % 30}.1`, i % 2 ? 401 : 200),
    )
    const { findings } = replay(authCredentialStuffing, usual, { config: { min_endpoint_failures: 40 } })
    // the first window has no baseline and alerts; later windows of the same traffic do not
    const byEndpoint = findings.filter((f) => f.subject.kind === 'endpoint')
    expect(byEndpoint.length).toBeGreaterThan(0)
    expect(byEndpoint.every((f) => f.last_seen < T0 + 20 * MIN)).toBe(true)
  })

  it('keeps the endpoint subject within the alert id limit for a hostile 4 KB route', () => {
    const path = `/${'x'.repeat(4000)}/login`
    const tries = Array.from({ length: 60 }, (_, i) =>
      login(`long-${i}`, T0 + i * 1000, `10.50.0.${i}`, 401, { path }),
    )
    const endpoint = replay(authCredentialStuffing, tries).findings.find((f) => f.subject.kind === 'endpoint')
    expect(endpoint?.subject.id.length).toBe(512)
  })

  it('rejects an invalid login_routes pattern, naming the detector and the pattern', () => {
    const config = detectorConfig(authCredentialStuffing, { login_routes: ['[unclosed'] })
    expect(() => authCredentialStuffing.create(config)).toThrow(
      /auth_credential_stuffing: login_routes pattern "\[unclosed"/,
    )
  })

  it('reads its block of the example config, whose login routes are the defaults', () => {
    const example = new URL('../../../gatewatch-analyzer.example.yaml', import.meta.url).pathname
    const config = loadConfig({ file: example, env: {} }).detectors.auth_credential_stuffing
    expect(config).toMatchObject({
      enabled: true,
      login_routes: LOGIN_DEFAULTS.routes,
      min_source_failures: 10,
    })
  })
})
