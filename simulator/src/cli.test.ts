import { execFile } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { afterAll, describe, expect, it } from 'vitest'
import type { GroundTruth } from './scenarios/types.js'

const run = promisify(execFile)
const bin = new URL('../bin/gatewatch-simulator.js', import.meta.url).pathname
const dir = mkdtempSync(join(tmpdir(), 'simulator-cli-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

const period = ['--start', '2026-11-20T00:00:00Z', '--end', '2026-11-22T00:00:00Z']

describe('gatewatch-simulator --scenarios', () => {
  it('writes the log with the attacks mixed in and a ground truth whose request ids are in the log', async () => {
    const out = join(dir, 'access.log')
    const truthFile = join(dir, 'truth.jsonl')
    await run(process.execPath, [
      bin,
      '--count',
      '3000',
      ...period,
      '--scenarios',
      'recon.scan_burst,auth.brute_force',
      '--attack-rate',
      '30',
      '--attack-duration',
      '4',
      '--truth',
      truthFile,
      '--out',
      out,
    ])
    const truth = readFileSync(truthFile, 'utf8')
      .trimEnd()
      .split('\n')
      .map((l) => JSON.parse(l) as GroundTruth)
    expect(truth.map((t) => t.type)).toEqual(['recon.scan_burst', 'auth.brute_force'])
    const ids = new Set(
      readFileSync(out, 'utf8')
        .trimEnd()
        .split('\n')
        .map((l) => JSON.parse(l).request_id as string),
    )
    for (const t of truth) {
      expect(t.knobs).toEqual({ rate: 30, durationMs: 240_000, stealth: 0 })
      expect(t.request_ids.length).toBeGreaterThan(60)
      for (const id of t.request_ids) expect(ids.has(id)).toBe(true)
    }
    // Normal traffic, look-alikes and the attacks.
    expect(ids.size).toBeGreaterThan(3000 + truth[0]!.request_ids.length + truth[1]!.request_ids.length)
  }, 60_000)

  it('names what is wrong: an unknown scenario, a missing truth file, a stealth out of range', async () => {
    const fails = (args: string[]) => run(process.execPath, [bin, '--count', '10', ...period, ...args])
    await expect(fails(['--scenarios', 'recon.bogus', '--truth', join(dir, 't')])).rejects.toThrow(
      /unknown scenario "recon.bogus"/,
    )
    await expect(fails(['--scenarios', 'all'])).rejects.toThrow(/--scenarios needs --truth FILE/)
    await expect(fails(['--scenarios', 'all', '--truth', join(dir, 't'), '--stealth', '3'])).rejects.toThrow(
      /--stealth must be between 0 and 1/,
    )
  }, 60_000)
})
