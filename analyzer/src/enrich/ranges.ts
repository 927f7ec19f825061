// IP range tables from the ip-location-db CSV layout (`<name>-ipv4-num.csv`, `<name>-ipv6-num.csv`:
// first address, last address as decimal integers, then the values). Held as sorted typed arrays
// and searched by bisection: ~400,000 IPv4 ASN ranges take about 5 MB, a lookup a few hundred ns.
// IPv6 ranges keep the upper 64 bits of each bound (allocations are /64 or coarser).
import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'

export interface RangeTable<V> {
  lookup(ip: string): V | undefined
  readonly ranges: number
}

/** Splits one CSV line into fields (quotes around fields with commas, doubled quotes inside). */
export function csvFields(line: string): string[] {
  if (!line.includes('"')) return line.split(',')
  const fields: string[] = []
  let field = ''
  let quoted = false
  for (let i = 0; i < line.length; i++) {
    const c = line[i]!
    if (quoted) {
      if (c === '"' && line[i + 1] === '"') {
        field += '"'
        i++
      } else if (c === '"') quoted = false
      else field += c
    } else if (c === '"') quoted = true
    else if (c === ',') {
      fields.push(field)
      field = ''
    } else field += c
  }
  fields.push(field)
  return fields
}

/** IPv4 dotted quad to an unsigned 32-bit number, or -1. */
export function ipv4ToNumber(ip: string): number {
  let n = 0
  let part = 0
  let digits = 0
  let dots = 0
  for (let i = 0; i < ip.length; i++) {
    const c = ip.charCodeAt(i)
    if (c === 46) {
      if (digits === 0 || part > 255) return -1
      n = n * 256 + part
      part = 0
      digits = 0
      dots++
    } else if (c >= 48 && c <= 57 && digits < 3) {
      part = part * 10 + (c - 48)
      digits++
    } else return -1
  }
  if (dots !== 3 || digits === 0 || part > 255) return -1
  return n * 256 + part
}

/** The upper 64 bits of an IPv6 address (IPv4-mapped addresses are not IPv6 here), or -1n. */
export function ipv6High64(ip: string): bigint {
  const zone = ip.indexOf('%')
  const text = zone >= 0 ? ip.slice(0, zone) : ip
  const halves = text.split('::')
  if (halves.length > 2) return -1n
  const head = halves[0] ? halves[0].split(':') : []
  const tail = halves.length === 2 && halves[1] ? halves[1].split(':') : []
  if (tail.some((g) => g.includes('.')) || head.some((g) => g.includes('.'))) return -1n
  const groups =
    halves.length === 2 ? [...head, ...Array(8 - head.length - tail.length).fill('0'), ...tail] : head
  if (groups.length !== 8) return -1n
  let high = 0n
  for (let i = 0; i < 4; i++) {
    const g = groups[i]!
    if (!/^[0-9a-fA-F]{1,4}$/.test(g)) return -1n
    high = (high << 16n) | BigInt(Number.parseInt(g, 16))
  }
  for (let i = 4; i < 8; i++) if (!/^[0-9a-fA-F]{1,4}$/.test(groups[i]!)) return -1n
  return high
}

/** The `*-ipv4-num.csv` and `*-ipv6-num.csv` of a directory; throws naming what is missing. */
export function findRangeFiles(dir: string): { v4: string; v6: string | undefined } {
  let names: string[]
  try {
    names = readdirSync(dir)
  } catch (err) {
    throw new Error(`cannot read enrichment directory ${dir}: ${(err as Error).message}`)
  }
  const v4 = names.find((n) => n.endsWith('-ipv4-num.csv'))
  const v6 = names.find((n) => n.endsWith('-ipv6-num.csv'))
  if (!v4) throw new Error(`enrichment directory ${dir} has no *-ipv4-num.csv file (ip-location-db layout)`)
  return { v4: join(dir, v4), v6: v6 ? join(dir, v6) : undefined }
}

/**
 * Loads a range table whose value is made by `value(fields)` from the columns after the two
 * bounds; values are interned, so a table of 400,000 ranges over 70,000 ASNs holds 70,000 values.
 */
export function loadRangeTable<V>(
  dir: string,
  value: (fields: string[]) => V,
  keyOf: (v: V) => string,
): RangeTable<V> {
  const files = findRangeFiles(dir)
  const values: V[] = []
  const interned = new Map<string, number>()
  const intern = (fields: string[]) => {
    const v = value(fields)
    const key = keyOf(v)
    let at = interned.get(key)
    if (at === undefined) {
      at = values.length
      values.push(v)
      interned.set(key, at)
    }
    return at
  }

  const v4Lines = readFileSync(files.v4, 'utf8').split('\n')
  const v4Start = new Uint32Array(v4Lines.length)
  const v4End = new Uint32Array(v4Lines.length)
  const v4Value = new Uint32Array(v4Lines.length)
  let n4 = 0
  for (const line of v4Lines) {
    if (!line) continue
    const fields = csvFields(line)
    const start = Number(fields[0])
    const end = Number(fields[1])
    if (!(end >= start) || end > 0xffffffff)
      throw new Error(`${files.v4}: bad range line ${JSON.stringify(line.slice(0, 80))}`)
    v4Start[n4] = start
    v4End[n4] = end
    v4Value[n4] = intern(fields.slice(2))
    n4++
  }

  let n6 = 0
  let v6Start = new BigUint64Array(0)
  let v6End = new BigUint64Array(0)
  let v6Value = new Uint32Array(0)
  if (files.v6) {
    const v6Lines = readFileSync(files.v6, 'utf8').split('\n')
    v6Start = new BigUint64Array(v6Lines.length)
    v6End = new BigUint64Array(v6Lines.length)
    v6Value = new Uint32Array(v6Lines.length)
    for (const line of v6Lines) {
      if (!line) continue
      const fields = csvFields(line)
      v6Start[n6] = BigInt(fields[0]!) >> 64n
      v6End[n6] = BigInt(fields[1]!) >> 64n
      v6Value[n6] = intern(fields.slice(2))
      n6++
    }
  }

  function search<T extends number | bigint>(
    starts: ArrayLike<T>,
    ends: ArrayLike<T>,
    count: number,
    x: T,
  ): number {
    let lo = 0
    let hi = count - 1
    while (lo <= hi) {
      const mid = (lo + hi) >>> 1
      if (starts[mid]! > x) hi = mid - 1
      else if (ends[mid]! < x) lo = mid + 1
      else return mid
    }
    return -1
  }

  return {
    ranges: n4 + n6,
    lookup(ip) {
      if (!ip.includes(':')) {
        const x = ipv4ToNumber(ip)
        if (x < 0) return undefined
        const at = search(v4Start, v4End, n4, x)
        return at < 0 ? undefined : values[v4Value[at]!]
      }
      const high = ipv6High64(ip)
      if (high < 0n) return undefined
      const at = search(v6Start, v6End, n6, high)
      return at < 0 ? undefined : values[v6Value[at]!]
    },
  }
}
