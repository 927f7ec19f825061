// The network a client IP belongs to, as a CIDR (ipaddr.js: IPv6 forms, IPv4-mapped addresses and
// prefix arithmetic done right). An address that does not parse is its own network.
import ipaddr from 'ipaddr.js'

export function cidrOf(ip: string, prefixV4: number, prefixV6: number): string {
  if (!ipaddr.isValid(ip)) return ip
  const address = ipaddr.process(ip) // ::ffff:a.b.c.d becomes a.b.c.d
  if (address.kind() === 'ipv4') {
    return `${ipaddr.IPv4.networkAddressFromCIDR(`${address.toString()}/${prefixV4}`).toString()}/${prefixV4}`
  }
  return `${ipaddr.IPv6.networkAddressFromCIDR(`${address.toString()}/${prefixV6}`).toString()}/${prefixV6}`
}
