// The network a client IP belongs to, as a CIDR (ipaddr.js: IPv6 forms, IPv4-mapped addresses and
// prefix arithmetic done right). An address that does not parse is its own network.
import ipaddr from 'ipaddr.js'

/**
 * Parsing an address costs more than the rest of a flood check: recent answers are kept, bounded,
 * one memo per pair of prefixes (so the address alone is the key, no string built per call).
 */
const MEMO_MAX = 10_000
const memos = new Map<number, Map<string, string>>()

export function cidrOf(ip: string, prefixV4: number, prefixV6: number): string {
  const prefixes = prefixV4 * 256 + prefixV6
  let memo = memos.get(prefixes)
  if (!memo) {
    memo = new Map()
    memos.set(prefixes, memo)
  }
  let cidr = memo.get(ip)
  if (cidr === undefined) {
    if (memo.size >= MEMO_MAX) memo.clear()
    cidr = computeCidr(ip, prefixV4, prefixV6)
    memo.set(ip, cidr)
  }
  return cidr
}

function computeCidr(ip: string, prefixV4: number, prefixV6: number): string {
  if (!ipaddr.isValid(ip)) return ip
  const address = ipaddr.process(ip) // ::ffff:a.b.c.d becomes a.b.c.d
  if (address.kind() === 'ipv4') {
    return `${ipaddr.IPv4.networkAddressFromCIDR(`${address.toString()}/${prefixV4}`).toString()}/${prefixV4}`
  }
  return `${ipaddr.IPv6.networkAddressFromCIDR(`${address.toString()}/${prefixV6}`).toString()}/${prefixV6}`
}
