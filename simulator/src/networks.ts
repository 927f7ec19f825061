// Real networks the simulated clients come from: address blocks of well-known autonomous systems,
// each checked against @ip-location-db (asn-ipv4 and geo-whois-asn-country, 2026-06 release) so
// that every address in a block maps to one AS number and one country. The analyzer's enrichment
// then sees what it would see in production: a customer on Comcast in the US, a partner on AWS,
// an attacker on a Russian hoster or a Tor exit.
import type { Rng } from './rng.js'

export type NetworkKind = 'residential' | 'mobile' | 'cloud' | 'hosting' | 'anonymizer' | 'private'

export interface NetworkSpec {
  name: string
  /** AS number the block belongs to (0 for private space). */
  asn: number
  /** ISO 3166 country the block is registered in ('' for private space). */
  country: string
  kind: NetworkKind
  /** An IPv4 block in CIDR notation; every address in it maps to `asn` and `country`. */
  cidr: string
}

export const NETWORKS = {
  comcast: { name: 'Comcast', asn: 7922, country: 'US', kind: 'residential', cidr: '73.0.0.0/12' },
  tmobileUs: { name: 'T-Mobile USA', asn: 21928, country: 'US', kind: 'mobile', cidr: '172.56.0.0/14' },
  bell: { name: 'Bell Canada', asn: 577, country: 'CA', kind: 'residential', cidr: '70.48.0.0/13' },
  rogers: { name: 'Rogers', asn: 812, country: 'CA', kind: 'mobile', cidr: '99.224.0.0/12' },
  telekom: { name: 'Deutsche Telekom', asn: 3320, country: 'DE', kind: 'residential', cidr: '79.192.0.0/12' },
  vodafoneDe: { name: 'Vodafone DE', asn: 3209, country: 'DE', kind: 'mobile', cidr: '88.64.0.0/13' },
  orange: { name: 'Orange', asn: 3215, country: 'FR', kind: 'residential', cidr: '90.0.0.0/11' },
  free: { name: 'Free', asn: 12322, country: 'FR', kind: 'mobile', cidr: '82.64.0.0/14' },
  bt: { name: 'British Telecom', asn: 2856, country: 'GB', kind: 'residential', cidr: '86.128.0.0/10' },
  talktalk: { name: 'TalkTalk', asn: 13285, country: 'GB', kind: 'mobile', cidr: '2.96.0.0/13' },
  telefonica: {
    name: 'Telefonica Espana',
    asn: 3352,
    country: 'ES',
    kind: 'residential',
    cidr: '83.32.0.0/11',
  },
  ntt: { name: 'NTT OCN', asn: 4713, country: 'JP', kind: 'residential', cidr: '153.128.0.0/10' },
  telstra: { name: 'Telstra', asn: 1221, country: 'AU', kind: 'residential', cidr: '1.128.0.0/11' },
  jio: { name: 'Reliance Jio', asn: 55836, country: 'IN', kind: 'mobile', cidr: '49.32.0.0/13' },
  vivo: { name: 'Telefonica Brasil', asn: 27699, country: 'BR', kind: 'residential', cidr: '187.10.0.0/15' },
  aws: { name: 'Amazon AWS', asn: 16509, country: 'US', kind: 'cloud', cidr: '52.0.0.0/12' },
  hetzner: { name: 'Hetzner', asn: 24940, country: 'DE', kind: 'hosting', cidr: '88.198.0.0/16' },
  googlebot: { name: 'Google crawlers', asn: 15169, country: 'US', kind: 'cloud', cidr: '66.249.64.0/20' },
  bingbot: { name: 'Microsoft crawlers', asn: 8075, country: 'US', kind: 'cloud', cidr: '157.55.39.0/24' },
  alibaba: { name: 'Alibaba Cloud', asn: 37963, country: 'CN', kind: 'hosting', cidr: '47.92.0.0/14' },
  vk: { name: 'VK hosting', asn: 47541, country: 'RU', kind: 'hosting', cidr: '95.213.0.0/17' },
  magistral: {
    name: 'Magistral Telecom',
    asn: 205553,
    country: 'RU',
    kind: 'hosting',
    cidr: '5.188.10.0/24',
  },
  torExit: {
    name: 'Tor exit relays',
    asn: 60729,
    country: 'DE',
    kind: 'anonymizer',
    cidr: '185.220.101.0/24',
  },
  corporate: { name: 'Internal network', asn: 0, country: '', kind: 'private', cidr: '10.20.0.0/16' },
  cluster: { name: 'Cluster network', asn: 0, country: '', kind: 'private', cidr: '10.0.0.0/24' },
} as const satisfies Record<string, NetworkSpec>

export type NetworkName = keyof typeof NETWORKS

/**
 * Where customers live: a home broadband network and a mobile carrier of the same country (a
 * carrier abroad would make every phone look like impossible travel).
 */
export const HOME_COUNTRIES: readonly {
  country: string
  home: NetworkName
  carrier: NetworkName
  weight: number
}[] = [
  { country: 'US', home: 'comcast', carrier: 'tmobileUs', weight: 5 },
  { country: 'DE', home: 'telekom', carrier: 'vodafoneDe', weight: 2 },
  { country: 'FR', home: 'orange', carrier: 'free', weight: 1.5 },
  { country: 'GB', home: 'bt', carrier: 'talktalk', weight: 2 },
  { country: 'CA', home: 'bell', carrier: 'rogers', weight: 0.8 },
]

/** Networks an attacker rents or hides behind: none of them is a customer's home. */
export const ATTACKER_NETWORKS: readonly NetworkName[] = ['vk', 'magistral', 'alibaba', 'torExit', 'hetzner']

/** Residential networks in countries no simulated customer lives in: a botnet's or a proxy pool's exits. */
export const PROXY_NETWORKS: readonly NetworkName[] = ['telefonica', 'ntt', 'telstra', 'jio', 'vivo']

function parseCidr(cidr: string): { base: number; size: number } {
  const [address, bits] = cidr.split('/')
  const octets = address!.split('.').map(Number)
  const base = ((octets[0]! << 24) | (octets[1]! << 16) | (octets[2]! << 8) | octets[3]!) >>> 0
  return { base, size: 2 ** (32 - Number(bits)) }
}

/** A host address drawn from the network's block (never its network or broadcast address). */
export function addressIn(rng: Rng, network: NetworkName): string {
  const { base, size } = parseCidr(NETWORKS[network].cidr)
  const n = base + 1 + Math.floor(rng.next() * (size - 2))
  return `${n >>> 24}.${(n >>> 16) & 255}.${(n >>> 8) & 255}.${n & 255}`
}

/** Whether `ip` lies in the network's block. */
export function inNetwork(ip: string, network: NetworkName): boolean {
  const { base, size } = parseCidr(NETWORKS[network].cidr)
  const n = parseCidr(`${ip}/32`).base
  return n >= base && n < base + size
}
