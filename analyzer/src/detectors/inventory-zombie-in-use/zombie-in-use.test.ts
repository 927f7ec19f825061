import { describe, expect, it } from 'vitest'
import type { EventRow } from '../../store/event-row.js'
import { makeEvent, T0 } from '../../testing/events.js'
import { specTable } from '../inventory-shadow-endpoint/spec-table.js'
import { replay } from '../testing.js'
import { inventoryZombieInUse } from './index.js'

const inventory = specTable({ 'shop GET /v1/orders/{id}': 'zombie' })
const callers = ['aaaaaaaaaaaaaaa1', 'aaaaaaaaaaaaaaa2', 'aaaaaaaaaaaaaaa3']

const calls = (path: string, count: number, status = 200) =>
  Array.from({ length: count }, (_, i) =>
    makeEvent(`${path}-${i}-${status}`, {
      ts: T0 + i * 1000,
      path,
      status,
      principal: { kind: 'api_key', fingerprint: callers[i % callers.length]! },
    }),
  )
/** The replay harness uses the path as the route; these rows carry the template the inventory knows. */
const asRoute = (row: EventRow): EventRow => ({ ...row, route: row.route.replace(/\/\d+$/, '/{id}') })

describe('inventory.zombie_in_use', () => {
  it('raises a deprecated endpoint still in use: low at first, medium once it served ten 2xx', () => {
    const { findings } = replay(
      inventoryZombieInUse,
      [...calls('/v1/orders/42', 12), ...calls('/v2/orders/42', 30)],
      {
        inventory,
        enrich: asRoute,
      },
    )
    expect(findings.map((f) => [f.observed.calls, f.severity])).toEqual([
      [1, 'low'],
      [2, 'low'],
      [4, 'low'],
      [8, 'low'],
      [10, 'medium'],
    ])
    const f = findings.at(-1)!
    expect(f.subject).toEqual({ kind: 'endpoint', id: 'shop GET /v1/orders/{id}' })
    expect(f.owasp).toBe('API9:2023 Improper Inventory Management')
    expect(f.observed.distinct_callers).toBe(3)
    expect(f.summary).toMatch(
      /^shop GET \/v1\/orders\/\{id\} is deprecated or superseded in the spec, yet it served 10 calls \(10 answered 2xx/,
    )
  })

  it('says nothing when the old version answers 410 Gone or 404, or for current endpoints', () => {
    const gone = [
      ...calls('/v1/orders/42', 20, 410),
      ...calls('/v1/orders/43', 20, 404),
      ...calls('/v2/orders/1', 20),
    ]
    expect(replay(inventoryZombieInUse, gone, { inventory, enrich: asRoute }).findings).toEqual([])
  })
})
