import { createScenarioRun, formatterFor } from '@gatewatch/simulator'
import { describe, expect, it } from 'vitest'
import { createLineReader, emptyStats } from './feed.js'
import { definitionsIn } from './registered.js'

const START = Date.parse('2026-11-20T00:00:00Z')

describe('the benchmark feed', () => {
  const run = createScenarioRun({
    seed: 5,
    count: 500,
    startMs: START,
    endMs: START + 86_400_000,
    scenarios: [{ type: 'auth.brute_force' }],
    lookalikes: false,
  })
  const requests = [...run.requests()]
  const format = formatterFor('nginx-json')

  function read() {
    const stats = emptyStats()
    const reader = createLineReader('nginx-json', 'sim.log', 'a-key-of-the-benchmark-0123456789')
    return { events: requests.map((r) => reader(format(r), stats)), stats }
  }

  it('turns every simulated line into an AccessEvent that keeps its request id, with no credential in clear', () => {
    const { events, stats } = read()
    expect(stats).toMatchObject({ lines: requests.length, notParsed: {} })
    events.forEach((e, i) => {
      expect(e?.request_id).toBe(requests[i]!.requestId)
      expect(e?.ts).toBe(requests[i]!.ts)
    })
    const withKey = events.filter((e) => e?.principal.kind === 'api_key')
    expect(withKey.length).toBeGreaterThan(0)
    expect(JSON.stringify(events)).not.toMatch(/sk_live_|eyJ[\w-]+\.eyJ/)
  })

  it('gives the same event ids on every pass (source and byte offset), all distinct', () => {
    const a = read().events.map((e) => e!.event_id)
    expect(read().events.map((e) => e!.event_id)).toEqual(a)
    expect(new Set(a).size).toBe(a.length)
  })
})

describe('finding the registered detectors', () => {
  const token = { name: 'token_new_network', types: ['token.new_network'], config: {}, create: () => ({}) }
  const flood = {
    name: 'volume_source_flood',
    types: ['volume.source_flood'],
    config: {},
    create: () => ({}),
  }

  it('reads definitions from an exported list, map or record, and ignores everything else', () => {
    expect(
      definitionsIn({ detectorDefinitions: [token, flood], findDetector: () => token }).map((d) => d.name),
    ).toEqual(['token_new_network', 'volume_source_flood'])
    expect(definitionsIn({ byName: new Map([['a', flood]]) }).map((d) => d.name)).toEqual([
      'volume_source_flood',
    ])
    expect(
      definitionsIn({ registry: { token }, VERSION: '1', list: [1, 'x', null] }).map((d) => d.name),
    ).toEqual(['token_new_network'])
  })
})
