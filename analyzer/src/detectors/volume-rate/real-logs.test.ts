// The seven detectors of detectors3 over every real public log in ../shared/data (benign traffic
// of a public website and an online shop, through the collector's parsers and the analyzer's route
// templating): with default config they raise nothing. The second part shows they do see this
// traffic: with a floor lowered they fire, and on what, which is why the defaults are where they are.
import { describe, expect, it } from 'vitest'
import { exfilResponseVolume } from '../exfil-response-volume/index.js'
import { inventoryShadowEndpoint } from '../inventory-shadow-endpoint/index.js'
import { inventoryUnauthenticatedAccess } from '../inventory-unauthenticated-access/index.js'
import { inventoryZombieInUse } from '../inventory-zombie-in-use/index.js'
import { scrapeCrawl } from '../scrape-crawl/index.js'
import { replay } from '../testing.js'
import type { DetectorDefinition } from '../types.js'
import { volumeEndpointSpike } from '../volume-endpoint-spike/index.js'
import { volumeSourceFlood } from '../volume-source-flood/index.js'
import { REAL_LOGS, realLogRows } from './real-logs.js'

const DETECTORS: DetectorDefinition<never>[] = [
  volumeEndpointSpike,
  volumeSourceFlood,
  exfilResponseVolume,
  scrapeCrawl,
  inventoryShadowEndpoint,
  inventoryUnauthenticatedAccess,
  inventoryZombieInUse,
] as DetectorDefinition<never>[]

const rows = new Map(REAL_LOGS.map((log) => [log.file, realLogRows(log)]))
const apache = rows.get('elastic-apache-logs/apache_logs')!
const shop = rows.get('lnav-format-samples/logfile_shop_access_log.0')!

describe('detectors3 on the real logs', () => {
  it('reads every real log', () => {
    expect([...rows].map(([file, r]) => [file, r.length])).toEqual([
      ['elastic-apache-logs/apache_logs', 9999],
      ['lnav-format-samples/logfile_shop_access_log.0', 1000],
      ['lnav-format-samples/logfile_access_log.0', 3],
      ['lnav-format-samples/logfile_haproxy.0', 13],
      ['lnav-format-samples/logfile_caddy_log.0', 4],
      ['lnav-format-samples/logfile_caddy_log.1', 4],
      ['lnav-format-samples/logfile_w3c_big.0', 210],
    ])
  })

  it.each(DETECTORS.map((d) => [d.name, d] as const))(
    '%s raises no alert on any of them with its defaults',
    (_, d) => {
      for (const [file, r] of rows) expect(replay(d, r).findings, file).toEqual([])
    },
  )

  it('volume.endpoint_spike with a floor of 10 requests fires only on the log\u2019s minute-05 artefact', () => {
    // every timestamp of the Apache log has minute 05: an hour of traffic lands in one minute
    const { findings } = replay(volumeEndpointSpike, apache, { config: { min_requests: 10 } })
    expect(findings.length).toBeGreaterThan(50)
    for (const f of findings) {
      expect(new Date(f.first_seen).getUTCMinutes()).toBe(5)
      expect(f.severity).toBe('medium')
      expect(Number(f.observed.requests)).toBeLessThan(40) // the default floor is 100
    }
  })

  it('scrape.crawl at 5 pages and any regularity finds the shop\u2019s one real pager, far from the defaults', () => {
    const { findings } = replay(scrapeCrawl, shop, { config: { min_pages: 5, max_cv: 1 } })
    expect(findings.length).toBeGreaterThan(0)
    for (const f of findings) {
      expect(f.subject.id).toBe('130.185.74.243')
      expect(Number(f.observed.pages)).toBeLessThan(20) // the default needs 20 consecutive pages
    }
  })
})
