// The recon, BOLA, auth and injection detectors over real access logs (../shared/data): every
// alert they raise there is listed and explained in the analyzer README, and none is above low.
import { describe, expect, it } from 'vitest'
import { toEventRow } from '../../store/event-row.js'
import { makeEvent } from '../../testing/index.js'
import { detectorDefinitions } from '../registry.js'
import { replay } from '../testing.js'
import type { Finding } from '../types.js'
import { combinedLogRows } from './real-logs.js'

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

  it('raise nothing on the nginx log of an online shop', () => {
    const rows = combinedLogRows('lnav-format-samples', 'logfile_shop_access_log.0')
    expect(rows.length).toBe(1000)
    expect(alerts(rows)).toEqual([])
  })

  it('find a probe at one request per 5 minutes hidden in the real Apache traffic', () => {
    const rows = combinedLogRows('elastic-apache-logs', 'apache_logs')
    const start = Math.min(...rows.map((r) => r.ts))
    const probe = Array.from({ length: 120 }, (_, i) => {
      const e = makeEvent(`hidden-probe-${i}`, {
        ts: start + i * 5 * 60_000,
        client_ip: '198.51.100.99',
        principal: { kind: 'none' },
        path: `/${['api', 'admin', 'internal', 'v1'][i % 4]}/${i}`,
        status: i % 5 === 0 ? 403 : 404,
      })
      return toEventRow(e, e.path)
    })
    const found = alerts([...rows, ...probe]).filter((f) => f.type === 'recon.low_and_slow')
    expect(found.map((f) => f.subject.id)).toEqual(['198.51.100.99'])
  })
})
