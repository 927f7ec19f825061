// Enrichment of stored rows, run by the pipeline's `enrich` hook before the insert: country and
// AS (number and organisation) of the client IP from offline ip-location-db tables, and the
// user-agent family and bot name. The tables come from npm packages (@ip-location-db/asn,
// @ip-location-db/geo-whois-asn-country: free, updated daily upstream) or from directories the
// user points to with a newer copy; `reload()` (SIGHUP in the CLI) reads them again.
import { createRequire } from 'node:module'
import { BlockList, isIP } from 'node:net'
import { dirname } from 'node:path'
import type { EventRow } from '../store/event-row.js'
import { loadRangeTable, type RangeTable } from './ranges.js'
import { createUserAgentParser } from './user-agent.js'

export interface EnrichmentOptions {
  /** Directory of `*-ipv4-num.csv` / `*-ipv6-num.csv` with ASN and organisation; default the npm package. */
  asnDir?: string | undefined
  /** Directory of `*-ipv4-num.csv` / `*-ipv6-num.csv` with a country code; default the npm package. */
  countryDir?: string | undefined
}

export interface Enricher {
  enrich(row: EventRow): EventRow
  /** Reads the IP tables again (a newer copy in the same directories); keeps the old ones if that fails. */
  reload(): { ranges: number }
  readonly ranges: number
}

interface AsnInfo {
  asn: number
  org: string
}

const require = createRequire(import.meta.url)

/**
 * Private, loopback, link-local, shared, documentation (RFC 5737, RFC 3849), multicast and
 * reserved ranges: no country or AS, whatever a table says (some tables map them to a registry).
 */
const internal = new BlockList()
const INTERNAL_V4 = [
  ['0.0.0.0', 8],
  ['10.0.0.0', 8],
  ['100.64.0.0', 10],
  ['127.0.0.0', 8],
  ['169.254.0.0', 16],
  ['172.16.0.0', 12],
  ['192.0.2.0', 24],
  ['192.168.0.0', 16],
  ['198.18.0.0', 15],
  ['198.51.100.0', 24],
  ['203.0.113.0', 24],
  ['224.0.0.0', 3],
] as const
const INTERNAL_V6 = [
  ['fc00::', 7],
  ['fe80::', 10],
  ['::1', 128],
  ['2001:db8::', 32],
  ['ff00::', 8],
] as const
for (const [net, bits] of INTERNAL_V4) internal.addSubnet(net, bits, 'ipv4')
for (const [net, bits] of INTERNAL_V6) internal.addSubnet(net, bits, 'ipv6')

function isPublic(ip: string): boolean {
  const family = isIP(ip)
  return family !== 0 && !internal.check(ip, family === 6 ? 'ipv6' : 'ipv4')
}
const packageDir = (name: string) => dirname(require.resolve(`${name}/package.json`))

export const DEFAULT_ASN_DIR = (): string => packageDir('@ip-location-db/asn')
export const DEFAULT_COUNTRY_DIR = (): string => packageDir('@ip-location-db/geo-whois-asn-country')

export function createEnricher(options: EnrichmentOptions = {}): Enricher {
  const asnDir = options.asnDir ?? DEFAULT_ASN_DIR()
  const countryDir = options.countryDir ?? DEFAULT_COUNTRY_DIR()
  const userAgent = createUserAgentParser()
  let asn: RangeTable<AsnInfo>
  let country: RangeTable<string>

  function load() {
    const nextAsn = loadRangeTable(
      asnDir,
      (f) => ({ asn: Number(f[0]) || 0, org: f[1] ?? '' }),
      (v) => `${v.asn}\n${v.org}`,
    )
    const nextCountry = loadRangeTable(
      countryDir,
      (f) => f[0] ?? '',
      (v) => v,
    )
    asn = nextAsn
    country = nextCountry
    return { ranges: asn.ranges + country.ranges }
  }
  load()

  return {
    get ranges() {
      return asn.ranges + country.ranges
    },
    reload: load,
    enrich(row) {
      const routable = isPublic(row.client_ip)
      const as = routable ? asn.lookup(row.client_ip) : undefined
      const ua = userAgent(row.user_agent)
      row.country = (routable && country.lookup(row.client_ip)) || ''
      row.asn = as?.asn ?? 0
      row.as_org = as?.org ?? ''
      row.ua_family = ua.ua_family
      row.bot = ua.bot
      return row
    },
  }
}
