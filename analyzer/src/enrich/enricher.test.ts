// Enrichment on the real offline tables shipped by the npm packages, on a user's own directory
// (reloaded after an update), and on the user agents of browsers, crawlers and scripts.
import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { eventRow } from '../detectors/testing.js'
import { tempDir } from '../testing/index.js'
import { createEnricher } from './enricher.js'
import { csvFields, ipv4ToNumber, ipv6High64 } from './ranges.js'
import { createUserAgentParser } from './user-agent.js'

const CHROME =
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36'

describe('IP parsing', () => {
  it('reads IPv4 and the upper half of IPv6, refusing what is neither', () => {
    expect(ipv4ToNumber('1.2.3.4')).toBe(0x01020304)
    expect(ipv4ToNumber('255.255.255.255')).toBe(0xffffffff)
    for (const bad of ['1.2.3', '1.2.3.256', '01.2.3.4.5', 'a.b.c.d', '', '1..2.3'])
      expect(ipv4ToNumber(bad)).toBe(-1)
    expect(ipv6High64('2001:db8::1')).toBe(0x20010db800000000n)
    expect(ipv6High64('2001:db8:1:2:3:4:5:6')).toBe(0x20010db800010002n)
    expect(ipv6High64('fe80::1%eth0')).toBe(0xfe80000000000000n)
    for (const bad of ['2001:db8::1::2', 'zz::1', '::ffff:1.2.3.4', '1:2:3'])
      expect(ipv6High64(bad)).toBe(-1n)
    expect(csvFields('1,2,13335,"Cloudflare, Inc."')).toEqual(['1', '2', '13335', 'Cloudflare, Inc.'])
  })
})

describe('createEnricher on the bundled ip-location-db tables', () => {
  const enricher = createEnricher()

  it('fills country, AS number and organisation of well-known addresses, v4 and v6', () => {
    expect(enricher.ranges).toBeGreaterThan(500_000)
    const google = enricher.enrich(eventRow('g', { client_ip: '8.8.8.8', user_agent: CHROME }))
    expect(google).toMatchObject({
      country: 'US',
      asn: 15169,
      as_org: 'Google LLC',
      ua_family: 'Chrome',
      bot: '',
    })
    expect(enricher.enrich(eventRow('g6', { client_ip: '2001:4860:4860::8888' }))).toMatchObject({
      asn: 15169,
    })
    expect(enricher.enrich(eventRow('cf', { client_ip: '1.1.1.1' }))).toMatchObject({
      asn: 13335,
      as_org: 'Cloudflare, Inc.',
    })
  })

  it('leaves private, documentation and malformed addresses unknown', () => {
    for (const ip of [
      '10.1.2.3',
      '192.168.0.1',
      '127.0.0.1',
      '203.0.113.66',
      '2001:db8::1',
      'fd00::1',
      'not-an-ip',
      '',
    ]) {
      expect(enricher.enrich(eventRow(ip, { client_ip: ip }))).toMatchObject({
        country: '',
        asn: 0,
        as_org: '',
      })
    }
  })
})

describe('createEnricher on a user directory', () => {
  it('uses the given tables and reads a newer copy on reload', () => {
    const dir = tempDir()
    const asnDir = join(dir.path, 'asn')
    const ccDir = join(dir.path, 'cc')
    mkdirSync(asnDir)
    mkdirSync(ccDir)
    // 81.2.69.0/24 = 1359103232..1359103487
    writeFileSync(join(asnDir, 'asn-ipv4-num.csv'), '1359103232,1359103487,64500,"Example Net, Ltd"\n')
    writeFileSync(join(ccDir, 'country-ipv4-num.csv'), '1359103232,1359103487,NL\n')
    const enricher = createEnricher({ asnDir, countryDir: ccDir })
    expect(enricher.enrich(eventRow('a', { client_ip: '81.2.69.9' }))).toMatchObject({
      asn: 64500,
      as_org: 'Example Net, Ltd',
      country: 'NL',
    })
    writeFileSync(join(ccDir, 'country-ipv4-num.csv'), '1359103232,1359103487,BE\n')
    expect(enricher.reload()).toEqual({ ranges: 2 })
    expect(enricher.enrich(eventRow('b', { client_ip: '81.2.69.9' })).country).toBe('BE')
    // A broken update is refused and the tables in use stay.
    writeFileSync(join(ccDir, 'country-ipv4-num.csv'), 'garbage line\n')
    expect(() => enricher.reload()).toThrow(/bad range line "garbage line"/)
    expect(enricher.enrich(eventRow('c', { client_ip: '81.2.69.9' })).country).toBe('BE')
    expect(() => createEnricher({ asnDir: join(dir.path, 'missing') })).toThrow(
      /cannot read enrichment directory/,
    )
    dir.remove()
  })
})

describe('user agents', () => {
  const parse = createUserAgentParser()
  it.each([
    [CHROME, 'Chrome', ''],
    [
      'Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1',
      'Mobile Safari',
      '',
    ],
    ['Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)', '', 'googlebot'],
    ['python-requests/2.32.3', 'python-requests', 'python-requests'],
    ['curl/8.5.0', 'curl', 'curl'],
    ['', '', ''],
  ])('%s → family %s, bot %s', (ua, family, bot) => {
    const facts = parse(ua)
    expect(facts.ua_family).toBe(family)
    expect(facts.bot.toLowerCase()).toBe(bot)
  })
})
