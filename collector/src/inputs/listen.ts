// `HOST:PORT` addresses of the push inputs and the metrics server, and the TypeBox field for them.
import type { AddressInfo, Server as NetServer } from 'node:net'
import Type from 'typebox'

export function listenField(defaultValue: string | undefined, description: string) {
  const options = {
    pattern: '^(\\[[0-9A-Fa-f:.]+\\]|[A-Za-z0-9.-]+):[0-9]{1,5}$',
    description: `${description} HOST:PORT ([::1]:PORT for IPv6); port 0 picks a free port.`,
  }
  return defaultValue === undefined
    ? Type.String(options)
    : Type.String({ ...options, default: defaultValue })
}

export function parseListen(address: string): { host: string; port: number } {
  const colon = address.lastIndexOf(':')
  const host = address.slice(0, colon).replace(/^\[(.*)\]$/, '$1')
  return { host, port: Number(address.slice(colon + 1)) }
}

/** Where a server listens now, as HOST:PORT. */
export function boundAddress(server: Pick<NetServer, 'address'>): string {
  const a = server.address() as AddressInfo | null
  if (a === null) return ''
  return a.family === 'IPv6' ? `[${a.address}]:${a.port}` : `${a.address}:${a.port}`
}
