// IP range tables from the ip-location-db CSV layout (`<name>-ipv4-num.csv`, `<name>-ipv6-num.csv`:
// first address, last address as decimal integers, then the values). Held as sorted typed arrays
// and searched by bisection: ~400,000 IPv4 ASN ranges take about 5 MB, a lookup a few hundred ns.
// IPv6 ranges keep the upper 64 bits of each bound (allocations are /64 or coarser).
import { createHash } from 'node:crypto'
import { mkdirSync, readdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
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

interface Tables<V> {
  values: V[]
  n4: number
  v4Start: Uint32Array
  v4End: Uint32Array
  v4Value: Uint32Array
  n6: number
  v6Start: BigUint64Array
  v6End: BigUint64Array
  v6Value: Uint32Array
}

function parseTables<V>(
  files: { v4: string; v6: string | undefined },
  value: (fields: string[]) => V,
  keyOf: (v: V) => string,
): Tables<V> {
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
      try {
        v6Start[n6] = BigInt(fields[0]!) >> 64n
        v6End[n6] = BigInt(fields[1]!) >> 64n
      } catch {
        throw new Error(`${files.v6}: bad range line ${JSON.stringify(line.slice(0, 80))}`)
      }
      v6Value[n6] = intern(fields.slice(2))
      n6++
    }
  }
  return { values, n4, v4Start, v4End, v4Value, n6, v6Start, v6End, v6Value }
}

// Parsed tables are cached in the temp directory, keyed by the files' paths, sizes and mtimes:
// parsing a million CSV lines takes seconds at every start, reading the cache a few milliseconds.
const CACHE_VERSION = 1
const cacheDir = () => join(tmpdir(), 'gatewatch-enrichment-cache')

function cacheKey(kind: string, files: { v4: string; v6: string | undefined }): string {
  const hash = createHash('sha256').update(`v${CACHE_VERSION}\n${kind}`)
  for (const file of [files.v4, files.v6]) {
    if (!file) continue
    const st = statSync(file)
    hash.update(`\n${file}\n${st.ino}\n${st.size}\n${st.mtimeMs}\n${st.ctimeMs}`)
  }
  return hash.digest('hex').slice(0, 32)
}

function readCache<V>(path: string): Tables<V> | undefined {
  let buf: Buffer
  try {
    buf = readFileSync(path)
  } catch {
    return undefined
  }
  try {
    const headerBytes = buf.readUInt32LE(0)
    const header = JSON.parse(buf.subarray(4, 4 + headerBytes).toString('utf8')) as {
      values: V[]
      n4: number
      n6: number
    }
    let at = 4 + headerBytes
    const take = (bytes: number) => {
      const copy = buf.buffer.slice(buf.byteOffset + at, buf.byteOffset + at + bytes)
      at += bytes
      return copy
    }
    const { n4, n6 } = header
    return {
      values: header.values,
      n4,
      v4Start: new Uint32Array(take(n4 * 4)),
      v4End: new Uint32Array(take(n4 * 4)),
      v4Value: new Uint32Array(take(n4 * 4)),
      n6,
      v6Start: new BigUint64Array(take(n6 * 8)),
      v6End: new BigUint64Array(take(n6 * 8)),
      v6Value: new Uint32Array(take(n6 * 4)),
    }
  } catch {
    return undefined
  }
}

function writeCache<V>(path: string, t: Tables<V>): void {
  try {
    const header = Buffer.from(JSON.stringify({ values: t.values, n4: t.n4, n6: t.n6 }))
    const length = Buffer.alloc(4)
    length.writeUInt32LE(header.byteLength)
    const part = (a: Uint32Array | BigUint64Array, n: number) =>
      Buffer.from(a.buffer, 0, n * a.BYTES_PER_ELEMENT)
    mkdirSync(cacheDir(), { recursive: true })
    const temp = `${path}.${process.pid}.tmp`
    writeFileSync(
      temp,
      Buffer.concat([
        length,
        header,
        part(t.v4Start, t.n4),
        part(t.v4End, t.n4),
        part(t.v4Value, t.n4),
        part(t.v6Start, t.n6),
        part(t.v6End, t.n6),
        part(t.v6Value, t.n6),
      ]),
    )
    renameSync(temp, path)
  } catch {
    // A cache that cannot be written only costs the next start its parse time.
  }
}

/**
 * Loads a range table whose value is made by `value(fields)` from the columns after the two
 * bounds; values are interned, so a table of 400,000 ranges over 70,000 ASNs holds 70,000 values.
 */
export function loadRangeTable<V>(
  dir: string,
  /** What the values are (`asn`, `country`): part of the cache key, as the same files parse differently. */
  kind: string,
  value: (fields: string[]) => V,
  keyOf: (v: V) => string,
): RangeTable<V> {
  const files = findRangeFiles(dir)
  const cachePath = join(cacheDir(), `${cacheKey(kind, files)}.bin`)
  let tables = readCache<V>(cachePath)
  if (!tables) {
    tables = parseTables(files, value, keyOf)
    writeCache(cachePath, tables)
  }
  const { values, n4, v4Start, v4End, v4Value, n6, v6Start, v6End, v6Value } = tables

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
