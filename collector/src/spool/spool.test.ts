// The disk spool on real files: order, durability across a reopen, corrupt tails, and a full spool
// that blocks (logging one clear error and setting its metric) instead of dropping anything.
import {
  appendFileSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Registry } from 'prom-client'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { createLogger } from '../log.js'
import { spoolMetrics } from '../sinks/metrics.js'
import { DiskSpool, RECORD_HEADER_BYTES } from './spool.js'

let dir: string
let lines: string[]
const log = createLogger('debug', (l) => lines.push(l))
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'gw-spool-'))
  lines = []
})
afterEach(() => rmSync(dir, { recursive: true, force: true }))

const batch = (i: number, size = 1000) => Buffer.from(`batch-${i}-`.padEnd(size, 'x'))
const segments = () => readdirSync(dir).filter((n) => n.endsWith('.seg'))

async function drainAll(spool: DiskSpool): Promise<string[]> {
  const out: string[] = []
  while (!spool.isEmpty) {
    const b = (await spool.next())!
    out.push(b.payload.toString().split('-').slice(0, 2).join('-'))
    await b.ack()
  }
  return out
}

describe('disk spool', () => {
  it('hands batches out in order and deletes segments only once acknowledged', async () => {
    const spool = await DiskSpool.open({ dir, maxBytes: 1 << 20, segmentBytes: 4096, log })
    for (let i = 0; i < 10; i++) await spool.append(batch(i))
    expect(spool.batches).toBe(10)
    expect(segments().length).toBeGreaterThan(2)
    const first = (await spool.next())!
    expect(first.payload.toString().startsWith('batch-0-')).toBe(true)
    // Not acknowledged: handed out again.
    expect((await spool.next())!.payload.equals(first.payload)).toBe(true)
    expect(await drainAll(spool)).toEqual(Array.from({ length: 10 }, (_, i) => `batch-${i}`))
    await spool.close()
    expect(segments()).toEqual([])
  })

  it('survives a reopen: a new process resumes after the last acknowledged batch', async () => {
    const a = await DiskSpool.open({ dir, maxBytes: 1 << 20, segmentBytes: 4096, log })
    for (let i = 0; i < 6; i++) await a.append(batch(i))
    for (let i = 0; i < 2; i++) await (await a.next())!.ack()
    // No close(): the process is gone as if killed; the files and the cursor are what remains.
    const b = await DiskSpool.open({ dir, maxBytes: 1 << 20, segmentBytes: 4096, log })
    expect(b.batches).toBe(4)
    await b.append(batch(6))
    expect(await drainAll(b)).toEqual(['batch-2', 'batch-3', 'batch-4', 'batch-5', 'batch-6'])
    await b.close()
  })

  it('detects, counts and skips a torn segment tail, naming the file', async () => {
    const registry = new Registry()
    const a = await DiskSpool.open({ dir, maxBytes: 1 << 20, log })
    for (let i = 0; i < 3; i++) await a.append(batch(i))
    const [seg] = segments()
    const file = join(dir, seg!)
    // A crash in the middle of a fourth write: a header and half a payload.
    const torn = Buffer.alloc(RECORD_HEADER_BYTES + 100)
    torn.writeUInt32BE(0x47575331, 0)
    torn.writeUInt32BE(1000, 4)
    appendFileSync(file, torn)
    const b = await DiskSpool.open({ dir, maxBytes: 1 << 20, log, metrics: spoolMetrics(registry) })
    expect(await drainAll(b)).toEqual(['batch-0', 'batch-1', 'batch-2'])
    expect(lines.join('')).toContain(`spool segment ${file} has a corrupt tail`)
    expect(await registry.getSingleMetricAsString('gatewatch_collector_spool_corrupt_records_total')).toMatch(
      / 1$/,
    )
    await b.close()
  })

  it('skips a record failing its checksum and keeps the ones after it', async () => {
    const a = await DiskSpool.open({ dir, maxBytes: 1 << 20, log })
    for (let i = 0; i < 3; i++) await a.append(batch(i))
    const file = join(dir, segments()[0]!)
    const bytes = readFileSync(file)
    const at = RECORD_HEADER_BYTES + 1000 + RECORD_HEADER_BYTES + 500 // inside batch 1's payload
    bytes[at] = bytes[at]! ^ 0xff
    writeFileSync(file, bytes)
    const b = await DiskSpool.open({ dir, maxBytes: 1 << 20, log })
    expect(await drainAll(b)).toEqual(['batch-0', 'batch-2'])
    expect(lines.join('')).toContain(`spool segment ${file} has a record failing its checksum`)
    await b.close()
  })

  it('when full, blocks the writer with one clear error and a metric, keeps the oldest, and resumes', async () => {
    const registry = new Registry()
    const maxBytes = 65_536
    const spool = await DiskSpool.open({
      dir,
      maxBytes,
      segmentBytes: 8192,
      log,
      metrics: spoolMetrics(registry),
    })
    let written = 0
    const writing = (async () => {
      for (let i = 0; i < 100; i++) {
        await spool.append(batch(i, 4000))
        written++
      }
    })()
    await new Promise((r) => setTimeout(r, 300))
    expect(written).toBeLessThan(20)
    expect(spool.bytes).toBeLessThanOrEqual(maxBytes)
    const full = lines.filter((l) => l.includes('disk spool full'))
    expect(full).toHaveLength(1)
    expect(JSON.parse(full[0]!).msg).toBe(
      `disk spool full at ${maxBytes} bytes; reading paused until the sink drains it`,
    )
    expect(await registry.getSingleMetricAsString('gatewatch_collector_spool_full')).toMatch(/ 1$/)
    // The oldest batch is still the first out, and draining lets the writer finish.
    const drained: string[] = []
    while (drained.length < 100) {
      const b = (await spool.next())!
      drained.push(b.payload.toString().split('-').slice(0, 2).join('-'))
      await b.ack()
    }
    await writing
    expect(drained).toEqual(Array.from({ length: 100 }, (_, i) => `batch-${i}`))
    expect(await registry.getSingleMetricAsString('gatewatch_collector_spool_full')).toMatch(/ 0$/)
    await spool.close()
    expect(statSync(dir).isDirectory()).toBe(true)
  })
})
