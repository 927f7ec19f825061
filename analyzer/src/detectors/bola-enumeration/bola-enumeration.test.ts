import type { AccessEvent } from '@gatewatch/schema'
import { describe, expect, it } from 'vitest'
import { routeTemplate } from '../../inventory/route-template.js'
import type { EventRow } from '../../store/event-row.js'
import { makeEvent, T0 } from '../../testing/index.js'
import { detectorConfig, replay } from '../testing.js'
import { MIN } from '../traffic/testing.js'
import { bolaEnumeration } from './index.js'
import { objectId } from './object-id.js'

const HOUR = 60 * MIN
const alice = { kind: 'jwt', fingerprint: 'a11ce0000000beef', subject: 'alice' } as const
/** Routes come from the real templater, as the pipeline stores them. */
const templated = (row: EventRow): EventRow => ({ ...row, route: routeTemplate(row.path) })

const get = (seed: string, ts: number, path: string, status: number, principal = alice): AccessEvent =>
  makeEvent(seed, { ts, path, status, principal })

/** `count` requests for `path(i)`, one every `everyMs` from `start`. */
const series = (
  name: string,
  start: number,
  count: number,
  everyMs: number,
  path: (i: number) => string,
  status: (i: number) => number,
) => Array.from({ length: count }, (_, i) => get(`${name}-${i}`, start + i * everyMs, path(i), status(i)))

describe('object ids from the route template', () => {
  it.each([
    ['/v1/orders/{id:int}', '/v1/orders/42', '42'],
    ['/users/{id:int}/orders/{id:int}', '/users/7/orders/42', '7/42'],
    ['/blog/geekery/{id:int}.html', '/blog/geekery/101.html', '101'],
    [
      '/v1/carts/{id:uuid}',
      '/v1/carts/0f8fad5b-d9cb-469f-a165-70867728950e',
      '0f8fad5b-d9cb-469f-a165-70867728950e',
    ],
    ['/v2/orders/{order_id}', '/v2/orders/981', '981'],
    ['/v1/reports/{date}', '/v1/reports/2026-01-15', null],
    ['/v1/orders', '/v1/orders', null],
    ['/v1/orders/{id:int}', '/v1/orders/42/items', null],
  ])('%s and %s give %s', (route, path, id) => {
    expect(objectId(route, path)).toBe(id)
  })
})

describe('bola.enumeration', () => {
  it('finds an id walker within 20 foreign ids, after its own orders', () => {
    const own = series(
      'own',
      T0,
      3,
      MIN,
      (i) => `/v1/orders/${500 + i}`,
      () => 200,
    )
    const walk = series(
      'walk',
      T0 + 5 * MIN,
      40,
      20_000,
      (i) => `/v1/orders/${1000 + i}`,
      (i) => [200, 403, 404, 403][i % 4]!,
    )
    const { findings } = replay(bolaEnumeration, [...own, ...walk], { enrich: templated })
    expect(findings.length).toBeGreaterThan(0)
    const first = findings[0]!
    expect(first).toMatchObject({
      type: 'bola.enumeration',
      owasp: 'API1:2023 Broken Object Level Authorization',
      severity: 'high',
      subject: { kind: 'principal', id: alice.fingerprint, label: 'alice' },
      observed: { endpoint: 'shop GET /v1/orders/{id:int}' },
    })
    const foreignSeen = walk.filter((e) => e.ts <= first.last_seen).length
    expect(foreignSeen).toBeLessThanOrEqual(20)
    expect(first.summary).toMatch(/distinct ids of shop GET \/v1\/orders\/\{id:int\}/)
  })

  it('finds a walk that never fails once it is long and sequential (a leaking BOLA)', () => {
    const walk = series(
      'leak',
      T0,
      60,
      10_000,
      (i) => `/v1/invoices/${7000 + i}`,
      () => 200,
    )
    const { findings } = replay(bolaEnumeration, walk, { enrich: templated })
    expect(findings[0]).toMatchObject({ severity: 'high', observed: { distinct_ids: 40, denied: 0 } })
  })

  it('stays quiet for a user paging through 30 pages of a list', () => {
    const pages = series(
      'pages',
      T0,
      30,
      30_000,
      (i) => `/catalog/page/${i + 1}`,
      () => 200,
    )
    expect(replay(bolaEnumeration, pages, { enrich: templated }).findings).toEqual([])
  })

  it('stays quiet for a user re-reading their own few orders with a stale link or two', () => {
    const reads = series(
      'reads',
      T0,
      200,
      30_000,
      (i) => `/v1/orders/${500 + (i % 6)}`,
      (i) => (i % 50 === 0 ? 404 : 200),
    )
    expect(replay(bolaEnumeration, reads, { enrich: templated }).findings).toEqual([])
  })

  it('raises the bar for a principal that usually touches many ids (its baseline)', () => {
    // three hours of a back-office user opening 40 tickets an hour, all answered 200
    const usual = [0, 1, 2].flatMap((h) =>
      series(
        `usual-${h}`,
        T0 + h * HOUR,
        40,
        MIN,
        (i) => `/v1/tickets/${h * 1000 + i * 7}`,
        () => 200,
      ),
    )
    // then an hour of 45 tickets with a quarter of them gone (404)
    const busy = (name: string, start: number) =>
      series(
        name,
        start,
        45,
        MIN,
        (i) => `/v1/tickets/${9000 + i * 7}`,
        (i) => (i % 4 === 0 ? 404 : 200),
      )
    expect(
      replay(bolaEnumeration, [...usual, ...busy('busy', T0 + 3 * HOUR)], { enrich: templated }).findings,
    ).toEqual([])
    // the same hour from a principal without that history is a walk
    expect(replay(bolaEnumeration, busy('fresh', T0), { enrich: templated }).findings.length).toBeGreaterThan(
      0,
    )
  })

  it('ignores callers without a credential unless include_anonymous is set', () => {
    const walk = series(
      'anon',
      T0,
      30,
      10_000,
      (i) => `/v1/orders/${1000 + i}`,
      () => 404,
    ).map((e) => ({
      ...e,
      principal: { kind: 'none' as const },
    }))
    expect(replay(bolaEnumeration, walk, { enrich: templated }).findings).toEqual([])
    const { findings } = replay(bolaEnumeration, walk, {
      enrich: templated,
      config: { include_anonymous: true },
    })
    expect(findings[0]?.subject).toEqual({ kind: 'ip', id: '203.0.113.7' })
  })

  it('resumes from a JSON snapshot with its baseline', () => {
    const walk = series(
      'resume',
      T0,
      30,
      10_000,
      (i) => `/v1/orders/${1000 + i}`,
      (i) => (i % 2 ? 403 : 200),
    )
    const head = replay(bolaEnumeration, walk.slice(0, 10), { enrich: templated })
    const instance = bolaEnumeration.create(detectorConfig(bolaEnumeration))
    instance.restore(JSON.parse(JSON.stringify(head.instance.snapshot())))
    const { findings } = replay(bolaEnumeration, walk.slice(10), { enrich: templated, instance })
    expect(findings[0]?.observed.distinct_ids).toBe(15)
  })
})
