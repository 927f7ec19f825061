// The recon, BOLA, auth and injection detectors over real access logs (../shared/data): every
// alert they raise there is listed and explained in the analyzer README, and none is above low.
import { AlertEvidence, AlertSubject, OwaspCategory, Severity } from '@gatewatch/schema'
import Value from 'typebox/value'
import { describe, expect, it } from 'vitest'
import { routeTemplate } from '../../inventory/route-template.js'
import { type EventRow, toEventRow } from '../../store/event-row.js'
import { makeEvent } from '../../testing/index.js'
import { reconLowAndSlow } from '../recon-low-and-slow/index.js'
import { detectorDefinitions } from '../registry.js'
import { detectorConfig, replay } from '../testing.js'
import type { Finding } from '../types.js'
import { combinedLogRows } from './real-logs.js'
import { anonymous, attackEvents } from './testing.js'

/** One attack per detector from `start`, as stored rows (templated, not enriched). */
const attacks = (start: number): EventRow[] =>
  attackEvents(start).map((e) => toEventRow(e, routeTemplate(e.path)))

const mine = detectorDefinitions.filter((d) => /^(recon|bola|auth|injection)_/.test(d.name))

/** The last finding of each (type, subject), as the alert a responder would see. */
function alerts(rows: ReturnType<typeof combinedLogRows>): Finding[] {
  const latest = new Map<string, Finding>()
  for (const definition of mine) {
    for (const f of replay(definition, rows).findings)
      latest.set(`${f.type} ${f.subject.kind}:${f.subject.id}`, f)
  }
  return [...latest.values()]
}

describe('detectors2 on real logs', () => {
  it('runs all seven detectors', () => {
    expect(mine.map((d) => d.name).sort()).toEqual([
      'auth_brute_force',
      'auth_credential_stuffing',
      'bola_enumeration',
      'injection_probe',
      'recon_low_and_slow',
      'recon_scan_burst',
      'recon_sensitive_paths',
    ])
  })

  it('raise only low sensitive-path alerts on the Apache log of a public site: 34 WordPress login scans, all 404', () => {
    const rows = combinedLogRows('elastic-apache-logs', 'apache_logs')
    expect(rows.length).toBe(9999)
    const found = alerts(rows)
    expect(found.map((f) => f.type)).toEqual(Array(34).fill('recon.sensitive_paths'))
    for (const f of found) {
      expect(f.severity).toBe('low')
      expect(f.summary).toContain('(WordPress admin or login), none answered 2xx')
      const requests = rows.filter((r) => f.sample_event_ids.includes(r.event_id))
      expect(requests.every((r) => r.status === 404 && /wp-(admin|login)/.test(r.path))).toBe(true)
    }
  })

  it('give the same findings when stopped mid-log and resumed from a JSON snapshot', () => {
    const real = combinedLogRows('elastic-apache-logs', 'apache_logs')
    const rows = [...real, ...attacks(Math.min(...real.map((r) => r.ts)))].sort((a, b) => a.ts - b.ts)
    const half = Math.floor(rows.length / 2)
    for (const definition of mine) {
      const whole = replay(definition, rows).findings
      const head = replay(definition, rows.slice(0, half))
      const instance = definition.create(detectorConfig(definition))
      instance.restore(JSON.parse(JSON.stringify(head.instance.snapshot())))
      const tail = replay(definition, rows.slice(half), { instance }).findings
      expect([...head.findings, ...tail], definition.name).toEqual(whole)
    }
  })

  it('stay quiet on the crawlers of both logs even when low-and-slow does not exclude bots', () => {
    for (const file of [
      ['elastic-apache-logs', 'apache_logs'],
      ['lnav-format-samples', 'logfile_shop_access_log.0'],
    ]) {
      const rows = combinedLogRows(...file)
      // the real enricher marks the crawlers: Googlebot, Baiduspider, feed readers, AhrefsBot ...
      expect(rows.filter((r) => r.bot).length, file[1]).toBeGreaterThan(300)
      expect(replay(reconLowAndSlow, rows, { config: { exclude_bots: false } }).findings, file[1]).toEqual([])
    }
  })

  it('neither throw nor alert on hostile rows: a 1 MB path, broken escapes, empty fields', () => {
    const hostile = [
      { path: `/${'a1/'.repeat(350_000)}`, query: `q=${'%'.repeat(100_000)}` },
      { path: '/%E0%A4%A/%/%%zz', query: 'a=%ZZ&=&&b' },
      { path: '', query: '', method: '', status: 0 },
      { path: '/v1/orders/%', query: 'id=%C0' },
    ].map((fields, i) =>
      toEventRow(makeEvent(`hostile-${i}`, { principal: anonymous, ...fields }), routeTemplate(fields.path)),
    )
    for (const definition of mine) expect(replay(definition, hostile).findings, definition.name).toEqual([])
  })

  it('raise nothing on the nginx log of an online shop', () => {
    const rows = combinedLogRows('lnav-format-samples', 'logfile_shop_access_log.0')
    expect(rows.length).toBe(1000)
    expect(alerts(rows)).toEqual([])
  })

  it('find each detector’s attack hidden in the real Apache traffic, and nothing new besides', () => {
    const rows = combinedLogRows('elastic-apache-logs', 'apache_logs')
    const found = alerts([...rows, ...attacks(Math.min(...rows.map((r) => r.ts)))])
    const added = found.filter((f) => f.type !== 'recon.sensitive_paths' || f.severity !== 'low')
    // every finding fits the alert contract the engine stores and the API serves
    for (const f of found) {
      expect(Value.Check(AlertSubject, f.subject), f.type).toBe(true)
      expect(Value.Check(OwaspCategory, f.owasp) && Value.Check(Severity, f.severity), f.type).toBe(true)
      expect(
        Value.Check(AlertEvidence, {
          observed: f.observed,
          expected: f.expected,
          sample_event_ids: f.sample_event_ids,
          events: f.events,
        }),
        f.type,
      ).toBe(true)
      expect(f.summary.split('. ').length, f.summary).toBe(1)
    }
    expect(added.map((f) => `${f.type} ${f.subject.kind}:${f.subject.label ?? f.subject.id}`).sort()).toEqual(
      [
        'auth.brute_force username:admin',
        'auth.credential_stuffing endpoint:semicomplete POST /api/login',
        'bola.enumeration principal:mallory',
        'injection.probe ip:198.51.100.95',
        'recon.low_and_slow ip:198.51.100.99',
        'recon.scan_burst ip:198.51.100.98',
        'recon.sensitive_paths ip:198.51.100.95',
      ],
    )
  })
})
