import { describe, expect, it } from 'vitest'
import { makeEvent, T0 } from '../../testing/events.js'
import { replay } from '../testing.js'
import { inventoryShadowEndpoint } from './index.js'
import { specTable } from './spec-table.js'

const inventory = specTable({
  'shop GET /internal/debug/vars': 'shadow',
  'shop GET /v1/export-all': 'shadow',
  'shop GET /robots.txt': 'shadow',
  'shop GET /.well-known/openid-configuration': 'shadow',
  'shop GET /favicon.ico': 'shadow',
})
const anonymous = { kind: 'none' } as const

const calls = (path: string, count: number, overrides = {}) =>
  Array.from({ length: count }, (_, i) =>
    makeEvent(`${path}-${i}-${JSON.stringify(overrides)}`, { ts: T0 + i * 1000, path, ...overrides }),
  )

describe('inventory.shadow_endpoint', () => {
  it('raises one low alert per unlisted endpoint, updated at each doubling of its calls', () => {
    const { findings } = replay(
      inventoryShadowEndpoint,
      [...calls('/v1/export-all', 9), ...calls('/v1/orders', 50)],
      {
        inventory,
      },
    )
    expect(findings.map((f) => f.observed.calls)).toEqual([1, 2, 4, 8])
    const f = findings.at(-1)!
    expect(f.type).toBe('inventory.shadow_endpoint')
    expect(f.owasp).toBe('API9:2023 Improper Inventory Management')
    expect(f.subject).toEqual({ kind: 'endpoint', id: 'shop GET /v1/export-all' })
    expect(f.severity).toBe('low')
    expect(f.summary).toBe(
      'shop GET /v1/export-all is not in the imported spec, yet it served 8 calls (8 answered 2xx, 0 without credentials) from 1 caller since 2026-01-15T12:00 UTC; expected none.',
    )
    expect(f.sample_event_ids).toHaveLength(8)
  })

  it('is medium once the unlisted endpoint answers 2xx to a caller without credentials', () => {
    const events = [
      ...calls('/internal/debug/vars', 3, { status: 401, principal: anonymous }),
      makeEvent('leak', {
        ts: T0 + 10_000,
        path: '/internal/debug/vars',
        principal: anonymous,
        client_ip: '203.0.113.99',
      }),
    ]
    const { findings } = replay(inventoryShadowEndpoint, events, { inventory })
    // The three refusals alone are not reported; the first 2xx (without credentials) is, as medium.
    expect(findings.map((f) => [f.severity, f.observed.calls])).toEqual([['medium', 4]])
    expect(findings.at(-1)!.observed.without_credentials).toBe(4)
  })

  it('says nothing for documented endpoints, without a spec, or for 404 answers', () => {
    const probes = calls('/internal/debug/vars', 20, { status: 404 })
    expect(
      replay(inventoryShadowEndpoint, [...probes, ...calls('/v1/orders', 20)], { inventory }).findings,
    ).toEqual([])
    expect(replay(inventoryShadowEndpoint, calls('/v1/export-all', 20)).findings).toEqual([])
  })

  it('says nothing for unlisted paths a prober only got 401, 403 or 500 from', () => {
    const probes = [
      ...calls('/v1/export-all', 3, { status: 401 }),
      ...calls('/internal/debug/vars', 3, { status: 403 }),
      ...calls('/internal/debug/vars', 2, { status: 500, ts: T0 + 60_000 }),
    ]
    expect(replay(inventoryShadowEndpoint, probes, { inventory }).findings).toEqual([])
  })

  it('leaves the files every web server answers alone, unless ignore_routes is changed', () => {
    const files = [
      ...calls('/robots.txt', 5),
      ...calls('/.well-known/openid-configuration', 5),
      ...calls('/favicon.ico', 5),
    ]
    expect(replay(inventoryShadowEndpoint, files, { inventory }).findings).toEqual([])
    const strict = replay(inventoryShadowEndpoint, files, {
      inventory,
      config: { ignore_routes: ['^/favicon'] },
    })
    expect(new Set(strict.findings.map((f) => f.subject.id))).toEqual(
      new Set(['shop GET /robots.txt', 'shop GET /.well-known/openid-configuration']),
    )
  })

  it('resumes from a snapshot without raising the same endpoint again', () => {
    const first = replay(inventoryShadowEndpoint, calls('/v1/export-all', 3), { inventory })
    const fresh = replay(inventoryShadowEndpoint, [], { inventory }).instance
    fresh.restore(JSON.parse(JSON.stringify(first.instance.snapshot())))
    const more = calls('/v1/export-all', 4).map((e, i) => ({
      ...e,
      event_id: `${'e'.repeat(31)}${i}`,
      ts: T0 + 60_000,
    }))
    const rest = replay(inventoryShadowEndpoint, more, { inventory, instance: fresh }).findings
    expect(rest.map((f) => [f.observed.calls, f.observed.distinct_callers])).toEqual([[4, 1]])
  })
})
