// Backpressure through the whole collector: a real HTTP receiver that acknowledges slowly. Reading
// must follow the acknowledgements (never more than max_in_flight batches plus one read chunk
// ahead), the heap must stay far below the size of the file being read, and every line arrives.

import { once } from 'node:events'
import { createWriteStream, mkdtempSync, rmSync, statSync } from 'node:fs'
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { setFlagsFromString } from 'node:v8'
import { runInNewContext } from 'node:vm'
import { afterAll, describe, expect, it } from 'vitest'
import { loadConfig } from '../../config.js'
import { silentLogger } from '../../log.js'
import { createCollector } from '../../pipeline.js'
import { generateLines } from '../../testing/generate.js'

const TOKEN = 'backpressure-token'
const LINES = 300_000
const BATCH = 1000
const IN_FLIGHT = 2
// A collection before each heap sample, so the test measures live memory, not garbage.
setFlagsFromString('--expose-gc')
const gc = runInNewContext('gc') as () => void
const dir = mkdtempSync(join(tmpdir(), 'gw-backpressure-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

describe('backpressure', () => {
  it('a slow receiver slows reading, the heap stays bounded, and nothing is lost', async () => {
    const file = join(dir, 'big.log')
    const out = createWriteStream(file)
    for (let done = 0; done < LINES; done += 50_000) {
      out.write(
        `${generateLines(50_000)
          .map((l) => l.json)
          .join('\n')}\n`,
      )
    }
    out.end()
    await once(out, 'finish')
    const fileBytes = statSync(file).size

    // Counts events without keeping them (this process's heap is what the test measures).
    let received = 0
    const receiver = createServer((req, res) => {
      let n = 0
      req.on('data', (c: Buffer) => {
        for (const byte of c) if (byte === 10) n++
      })
      req.on('end', () => {
        setTimeout(() => {
          received += n
          res.writeHead(200).end(JSON.stringify({ accepted: n, rejected: 0, reasons: [] }))
        }, 15)
      })
    })
    await new Promise<void>((r) => receiver.listen(0, '127.0.0.1', r))
    const url = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}`
    const config = loadConfig({
      env: { GATEWATCH_HMAC_KEY: 'backpressure-hmac-key-0123456789', GATEWATCH_INGEST_TOKEN: TOKEN },
      flags: {
        input: file,
        format: 'nginx-json',
        sink: url,
        once: true,
        stateDir: join(dir, 'state'),
        collectorId: 'bp',
      },
    })
    Object.assign(config.sink!, { batch_max_events: BATCH, max_in_flight: IN_FLIGHT })
    const collector = createCollector(config, { log: silentLogger })
    gc()
    const heapBefore = process.memoryUsage().heapUsed
    let peakHeap = heapBefore
    let furthestAhead = 0
    let samples = 0
    const sampler = setInterval(() => {
      furthestAhead = Math.max(furthestAhead, collector.metrics.lines_read - received)
      if (++samples % 10 === 0) {
        gc()
        peakHeap = Math.max(peakHeap, process.memoryUsage().heapUsed)
      }
    }, 20)
    const metrics = await collector.run()
    clearInterval(sampler)
    receiver.close()

    expect(metrics.shipped).toBe(LINES)
    expect(received).toBe(LINES)
    // One read chunk (1 MiB) holds under 2000 of these lines; batches in flight plus that is the bound.
    expect(furthestAhead).toBeLessThanOrEqual(IN_FLIGHT * BATCH + BATCH + 2000)
    const growthMb = (peakHeap - heapBefore) / 1024 ** 2
    console.log(
      `backpressure: file ${Math.round(fileBytes / 1024 ** 2)} MiB, live heap growth peak ${growthMb.toFixed(1)} MiB, furthest read ahead ${furthestAhead} lines`,
    )
    // Live heap: the batches in flight and one read chunk, tens of MiB; holding the file would
    // take at least its size (one byte per ASCII character).
    expect(growthMb).toBeLessThan(64)
    expect(growthMb).toBeLessThan(fileBytes / 1024 ** 2 / 2)
  }, 120_000)
})
