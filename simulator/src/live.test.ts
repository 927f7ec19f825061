import { mkdtemp, readFile, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { runLive } from './live.js'

describe('runLive', () => {
  const dirs: string[] = []
  afterAll(async () => {
    for (const d of dirs) await rm(d, { recursive: true, force: true })
  })

  it('appends lines stamped with the current time at the requested rate until the duration is over', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'gw-sim-live-'))
    dirs.push(dir)
    const out = join(dir, 'access.log')
    const before = Math.floor(Date.now() / 1000) * 1000
    const written = await runLive({ seed: 5, format: 'nginx-json', rate: 200, out, durationSec: 1 })
    const lines = (await readFile(out, 'utf8')).trimEnd().split('\n')
    expect(lines).toHaveLength(written)
    expect(written).toBeGreaterThanOrEqual(180)
    expect(written).toBeLessThanOrEqual(200)
    for (const line of lines) {
      const t = Date.parse(JSON.parse(line).time_iso8601)
      expect(t).toBeGreaterThanOrEqual(before)
      expect(t).toBeLessThanOrEqual(Date.now())
    }
  })

  it('stops when aborted', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'gw-sim-live-'))
    dirs.push(dir)
    const controller = new AbortController()
    setTimeout(() => controller.abort(), 300)
    const started = Date.now()
    const written = await runLive({
      seed: 5,
      format: 'nginx-combined',
      rate: 100,
      out: join(dir, 'a.log'),
      signal: controller.signal,
    })
    // It wrote until the abort and no further than the rate allows for the time it ran (a loaded
    // machine may run it late, so the bound follows the measured time, not the 300 ms asked).
    const elapsedSec = (Date.now() - started) / 1000
    const lines = (await readFile(join(dir, 'a.log'), 'utf8')).trimEnd().split('\n')
    expect(lines).toHaveLength(written)
    expect(written).toBeGreaterThan(0)
    expect(written).toBeLessThanOrEqual(Math.ceil(100 * elapsedSec) + 10)
  })
})
