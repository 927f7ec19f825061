import { describe, expect, it } from 'vitest'
import { ROUTES } from '../catalogue.js'
import { generateRequests } from '../generate.js'
import { decodeJwtClaims } from '../jwt.js'
import { inNetwork, NETWORKS, type NetworkName } from '../networks.js'
import type { SimulatedRequest } from '../request.js'
import { RETIRED_ROUTES, SHADOW_ROUTES } from './inventory.js'
import { createScenarioRun, groundTruthJsonl, type ScenarioRunOptions } from './mix.js'
import { SENSITIVE_PATHS } from './recon.js'
import { catalogueSpecs } from './spec.js'
import { ATTACK_TYPES, type AttackType, type GroundTruth } from './types.js'

const DAY = 86_400_000
const MINUTE = 60_000
const START = Date.parse('2026-11-20T00:00:00Z')
const base: ScenarioRunOptions = { seed: 7, count: 20_000, startMs: START, endMs: START + 3 * DAY }

function networkOf(ip: string): NetworkName | undefined {
  return (Object.keys(NETWORKS) as NetworkName[]).find((n) => inNetwork(ip, n))
}

function materialise(options: ScenarioRunOptions) {
  const run = createScenarioRun(options)
  return { truth: run.truth, requests: [...run.requests()] }
}

describe('scenario runs, for any seed', () => {
  for (const seed of [1, 2, 'ci-3']) {
    const { truth, requests } = materialise({ ...base, seed })
    const byScenario = new Map<string, SimulatedRequest[]>()
    for (const r of requests)
      if (r.scenario) byScenario.set(r.scenario, [...(byScenario.get(r.scenario) ?? []), r])

    it(`seed ${seed}: one attack of every type, with requests in ascending event time inside the period`, () => {
      expect(truth.map((t) => t.type)).toEqual([...ATTACK_TYPES])
      for (let i = 1; i < requests.length; i++)
        expect(requests[i]!.ts).toBeGreaterThanOrEqual(requests[i - 1]!.ts)
      expect(requests.at(-1)!.ts).toBeLessThan(base.endMs)
      // Only the dormant key's old history, weeks before, precedes the period.
      const before = requests.filter((r) => r.ts < base.startMs)
      expect(before.length).toBeGreaterThan(10)
      for (const r of before) {
        expect(r.label).toBe('normal')
        expect(r.scenario).toMatch(/^token\.dormant_reuse#/)
      }
    })

    it(`seed ${seed}: every label matches its events: the truth lists exactly the attack requests`, () => {
      const attacks = requests.filter((r) => r.label === 'attack')
      expect(new Set(requests.map((r) => r.requestId)).size).toBe(requests.length)
      expect(attacks.length).toBe(truth.reduce((n, t) => n + t.request_ids.length, 0))
      for (const t of truth) {
        const own = (byScenario.get(t.id) ?? []).filter((r) => r.label === 'attack')
        expect(own.map((r) => r.requestId)).toEqual(t.request_ids)
        expect(t.start).toBe(own[0]!.ts)
        expect(t.end).toBe(own.at(-1)!.ts)
        for (const r of own) expect(r.scenario).toBe(t.id)
      }
      for (const r of requests.filter((r) => r.label === 'lookalike'))
        expect(r.scenario).toMatch(/^lookalike\./)
    })

    it(`seed ${seed}: each subject is who the attack requests come from or go to`, () => {
      for (const t of truth) {
        const own = byScenario.get(t.id)!.filter((r) => r.label === 'attack')
        if (t.subject.kind === 'ip') for (const r of own) expect(r.clientIp).toBe(t.subject.id)
        if (t.subject.kind === 'principal') for (const r of own) expect(r.actor.user).toBe(t.subject.id)
        if (t.subject.kind === 'endpoint')
          for (const r of own) expect(`${r.service} ${r.method} ${r.route}`).toBe(t.subject.id)
      }
    })
  }

  it('is deterministic by seed, and a different seed gives different traffic and truth', () => {
    const a = materialise(base)
    const b = materialise(base)
    const c = materialise({ ...base, seed: 8 })
    expect(b.truth).toEqual(a.truth)
    expect(b.requests).toEqual(a.requests)
    expect(c.truth.map((t) => t.request_ids)).not.toEqual(a.truth.map((t) => t.request_ids))
  }, 60_000)

  it('leaves the normal traffic of a seed as generateRequests gives it', () => {
    const { requests } = materialise(base)
    const normal = requests.filter((r) => r.scenario === undefined)
    expect(normal).toEqual([...generateRequests(base)])
  })

  it('writes the ground truth as one JSON object per line that reads back the same', () => {
    const { truth } = materialise({
      ...base,
      scenarios: [{ type: 'recon.scan_burst' }, { type: 'auth.brute_force' }],
    })
    const lines = groundTruthJsonl(truth).trimEnd().split('\n')
    expect(lines).toHaveLength(2)
    const back = lines.map((l) => JSON.parse(l) as GroundTruth)
    expect(back).toEqual(truth)
    expect(Object.keys(back[0]!).sort()).toEqual([
      'end',
      'id',
      'knobs',
      'request_ids',
      'start',
      'subject',
      'type',
    ])
  })
})

describe('knobs', () => {
  const one = (type: AttackType, knobs: object = {}) =>
    materialise({ ...base, lookalikes: false, scenarios: [{ type, knobs }] })

  it('rate and duration set how many attack requests there are', () => {
    const slow = one('volume.source_flood', { rate: 60, durationMs: 5 * MINUTE }).truth[0]!
    const fast = one('volume.source_flood', { rate: 240, durationMs: 5 * MINUTE }).truth[0]!
    const long = one('volume.source_flood', { rate: 60, durationMs: 20 * MINUTE }).truth[0]!
    expect(slow.request_ids.length).toBeGreaterThan(200)
    expect(slow.request_ids.length).toBeLessThan(400)
    expect(fast.request_ids.length / slow.request_ids.length).toBeGreaterThan(3)
    expect(long.request_ids.length / slow.request_ids.length).toBeGreaterThan(3)
    expect(long.end - long.start).toBeLessThanOrEqual(20 * MINUTE)
    expect(long.end - long.start).toBeGreaterThan(19 * MINUTE)
  })

  it('stealth slows the attack to a quarter and swaps the tool for a browser', () => {
    const loud = one('recon.scan_burst', { stealth: 0 })
    const quiet = one('recon.scan_burst', { stealth: 1 })
    const ratio = quiet.truth[0]!.request_ids.length / loud.truth[0]!.request_ids.length
    expect(ratio).toBeGreaterThan(0.15)
    expect(ratio).toBeLessThan(0.35)
    const agent = (run: typeof loud) => run.requests.find((r) => r.label === 'attack')!.userAgent
    expect(agent(loud)).toBe('gobuster/3.6')
    expect(agent(quiet)).toMatch(/^Mozilla\/5\.0 \(Windows/)
  })

  it('names the knob that is wrong, and an unknown type', () => {
    expect(() => one('auth.brute_force', { rate: 0 })).toThrow(/auth.brute_force: rate/)
    expect(() => one('auth.brute_force', { stealth: 2 })).toThrow(/stealth must be between 0 and 1/)
    expect(() => one('auth.brute_force', { durationMs: -1 })).toThrow(/durationMs/)
    expect(() => one('recon.low_and_slow', { durationMs: 4 * DAY })).toThrow(/period is too short/)
    expect(() => one('token.bogus' as AttackType)).toThrow(/unknown scenario type "token.bogus"/)
  })
})

describe('each attack has what makes it that attack', () => {
  const { truth, requests } = materialise({ ...base, seed: 11 })
  const attackOf = (type: AttackType) => {
    const t = truth.find((x) => x.type === type)!
    const own = requests.filter((r) => r.scenario === t.id)
    return {
      t,
      attack: own.filter((r) => r.label === 'attack'),
      history: own.filter((r) => r.label !== 'attack'),
    }
  }

  it('token.new_network: the stolen token comes from a network of the victim never used', () => {
    const { attack, history } = attackOf('token.new_network')
    const known = new Set(history.map((r) => NETWORKS[networkOf(r.clientIp)!].asn))
    expect(history.length).toBeGreaterThan(50)
    for (const r of attack) expect(known.has(NETWORKS[networkOf(r.clientIp)!].asn)).toBe(false)
    expect(new Set(attack.map((r) => r.authorization)).size).toBeGreaterThan(0)
  })

  it('token.concurrent_networks: victim and attacker use the token within the same minutes from two countries', () => {
    const { t, attack, history } = attackOf('token.concurrent_networks')
    const during = history.filter((r) => r.ts >= t.start && r.ts <= t.end)
    expect(during.length).toBeGreaterThan(5)
    const countries = new Set([...during, ...attack].map((r) => NETWORKS[networkOf(r.clientIp)!].country))
    expect(countries.size).toBeGreaterThanOrEqual(2)
  })

  it('token.scope_drift: the same key, used for days on a few routes, calls routes it never called', () => {
    const { attack, history } = attackOf('token.scope_drift')
    const usual = new Set(history.map((r) => `${r.method} ${r.route}`))
    expect(usual.size).toBeLessThanOrEqual(4)
    expect(history.filter((r) => r.ts < attack[0]!.ts).length).toBeGreaterThan(100)
    for (const r of attack) {
      expect(r.apiKey).toBe(history[0]!.apiKey)
      expect(usual.has(`${r.method} ${r.route}`)).toBe(false)
    }
    expect(new Set(attack.map((r) => r.route)).size).toBeGreaterThanOrEqual(3)
  })

  it('token.volume_anomaly: the credential sends over fifty times its busiest hour', () => {
    const { t, attack, history } = attackOf('token.volume_anomaly')
    const perHour = new Map<number, number>()
    for (const r of history)
      perHour.set(Math.floor(r.ts / 3_600_000), (perHour.get(Math.floor(r.ts / 3_600_000)) ?? 0) + 1)
    const attackPerHour = attack.length / ((t.end - t.start) / 3_600_000)
    expect(attackPerHour).toBeGreaterThan((50 * Math.max(...perHour.values())) / 2)
    expect(new Set(attack.map((r) => r.apiKey))).toEqual(new Set(history.map((r) => r.apiKey)))
  })

  it('token.expired_accepted: every attack request carries an expired JWT and is answered 2xx', () => {
    for (const r of attackOf('token.expired_accepted').attack) {
      expect(decodeJwtClaims(r.authorization!.slice(7)).exp * 1000).toBeLessThan(r.ts - 3_600_000)
      expect(r.status).toBeLessThan(300)
    }
  })

  it('token.dormant_reuse: the key was silent for more than a day before it came back', () => {
    const { t, history } = attackOf('token.dormant_reuse')
    expect(history.length).toBeGreaterThan(20)
    expect(t.start - history.at(-1)!.ts).toBeGreaterThan(DAY)
  })

  it('recon: the scan tries hundreds of distinct missing paths in minutes; low-and-slow stays under one a minute for hours', () => {
    const scan = attackOf('recon.scan_burst')
    expect(new Set(scan.attack.map((r) => r.path)).size).toBeGreaterThan(250)
    expect(scan.t.end - scan.t.start).toBeLessThanOrEqual(3 * MINUTE)
    expect(scan.attack.filter((r) => r.status >= 400).length).toBe(scan.attack.length)
    const slow = attackOf('recon.low_and_slow')
    expect(slow.t.end - slow.t.start).toBeGreaterThan(5 * 3_600_000)
    expect(slow.attack.length / ((slow.t.end - slow.t.start) / MINUTE)).toBeLessThan(1)
    expect(new Set(slow.attack.map((r) => r.path)).size).toBe(slow.attack.length)
    for (const r of attackOf('recon.sensitive_paths').attack) expect(SENSITIVE_PATHS).toContain(r.path)
  })

  it('bola.enumeration: one principal reads many distinct orders, mostly refused', () => {
    const { attack } = attackOf('bola.enumeration')
    expect(new Set(attack.map((r) => r.path)).size).toBeGreaterThan(200)
    expect(attack.filter((r) => r.status === 403 || r.status === 404).length / attack.length).toBeGreaterThan(
      0.85,
    )
  })

  it('auth: stuffing spreads over hundreds of addresses, brute force comes from one; both fail over 90%', () => {
    const stuffing = attackOf('auth.credential_stuffing').attack
    expect(new Set(stuffing.map((r) => r.clientIp)).size).toBeGreaterThan(300)
    const brute = attackOf('auth.brute_force').attack
    for (const run of [stuffing, brute]) {
      for (const r of run) expect(`${r.method} ${r.route}`).toBe('POST /v1/sessions')
      expect(run.filter((r) => r.status === 401).length / run.length).toBeGreaterThan(0.85)
    }
  })

  it("exfil.response_volume: the attack downloads over a hundred times the history's busiest hour", () => {
    const { attack, history } = attackOf('exfil.response_volume')
    const perHour = new Map<number, number>()
    for (const r of history) {
      const hour = Math.floor(r.ts / 3_600_000)
      perHour.set(hour, (perHour.get(hour) ?? 0) + r.responseBytes)
    }
    const attackBytes = attack.reduce((n, r) => n + r.responseBytes, 0)
    expect(attackBytes).toBeGreaterThan(100 * Math.max(...perHour.values()))
  })

  it('scrape.crawl walks consecutive pages at machine-regular gaps, with no crawler identity', () => {
    const { attack } = attackOf('scrape.crawl')
    expect(attack.length).toBeGreaterThan(1000)
    expect(attack.map((r) => r.query)).toEqual(attack.map((_, i) => `page=${i + 1}&limit=50`))
    const gaps = attack.slice(1).map((r, i) => r.ts - attack[i]!.ts)
    const mean = gaps.reduce((a, b) => a + b, 0) / gaps.length
    const sd = Math.sqrt(gaps.reduce((a, g) => a + (g - mean) ** 2, 0) / gaps.length)
    expect(sd / mean).toBeLessThan(0.2)
    for (const r of attack) expect(r.userAgent).not.toMatch(/bot/i)
  })

  it('injection.probe puts attack payloads in query parameters', () => {
    for (const r of attackOf('injection.probe').attack)
      expect(decodeURIComponent(r.query)).toMatch(/['"<>{}$`|;]|\.\.(\/|%2f)|OR|UNION|SLEEP/)
  })

  it('inventory: the unauthenticated calls carry no credential and succeed', () => {
    for (const r of attackOf('inventory.unauthenticated_access').attack) {
      expect(r.authorization ?? r.apiKey).toBeUndefined()
      expect(r.status).toBe(200)
    }
  })

  it('the look-alikes are all there, never in the truth', () => {
    const names = new Set(requests.filter((r) => r.label === 'lookalike').map((r) => r.scenario))
    expect([...names].sort()).toEqual(
      [
        'expired_refresh',
        'nightly_export',
        'odd_searches',
        'paging_users',
        'search_engine_crawl',
        'typo_passwords',
        'well_known_files',
      ].map((n) => `lookalike.${n}`),
    )
    const truthIds = new Set(truth.flatMap((t) => t.request_ids))
    for (const r of requests) if (r.label !== 'attack') expect(truthIds.has(r.requestId)).toBe(false)
  })
})

describe('the published API specs', () => {
  const specs = catalogueSpecs() as Record<
    string,
    { paths: Record<string, Record<string, { deprecated?: boolean; parameters: { name: string }[] }>> }
  >

  it('document every catalogue route, declare its path parameters, and mark the retired route deprecated', () => {
    const documented = Object.entries(specs).flatMap(([service, spec]) =>
      Object.entries(spec.paths).flatMap(([path, ops]) =>
        Object.entries(ops).map(([method, op]) => ({
          key: `${service} ${method.toUpperCase()} ${path}`,
          op,
          path,
        })),
      ),
    )
    for (const r of ROUTES)
      expect(documented.map((d) => d.key)).toContain(`${r.service} ${r.method} ${r.template}`)
    for (const d of documented)
      expect(d.op.parameters.map((p) => p.name)).toEqual(
        [...d.path.matchAll(/\{([a-z_]+)\}/g)].map((m) => m[1]),
      )
    const retired = documented.filter((d) => d.op.deprecated)
    expect(retired.map((d) => d.key)).toEqual(
      RETIRED_ROUTES.map((r) => `${r.service} ${r.method} ${r.template}`),
    )
    for (const r of SHADOW_ROUTES)
      expect(documented.map((d) => d.key)).not.toContain(`${r.service} ${r.method} ${r.template}`)
  })
})
