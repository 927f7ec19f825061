// The stdin input: lines to end of file, no checkpoint, event_ids from the raw line; once as a
// stream in the test process, once through the real bin with a pipe.
import { spawn } from 'node:child_process'
import { join } from 'node:path'
import { PassThrough } from 'node:stream'
import type { AccessEvent } from '@gatewatch/schema'
import { describe, expect, it } from 'vitest'
import { generateLines } from '../../testing/generate.js'
import type { InputBatch } from '../types.js'
import { readStream } from './stdin.js'

const BIN = join(import.meta.dirname, '../../../bin/gatewatch-collector.js')
const SOURCE = { id: 'stdin', path: 'stdin', checkpointed: false }

async function collect(it: AsyncIterable<InputBatch>) {
  const out: InputBatch[] = []
  for await (const b of it) out.push(b)
  return out
}

describe('stdin input', () => {
  it('reads lines to end of file, the last one even without a newline, each keyed by a hash of itself', async () => {
    const stream = new PassThrough()
    const reading = collect(readStream(stream, SOURCE, 1024, new AbortController().signal))
    stream.write('one\ntw')
    stream.write('o\r\n')
    stream.end('three')
    const lines = (await reading).flatMap((b) => b.lines)
    expect(lines.map((l) => [l.offset, l.text])).toEqual([
      [0, 'one'],
      [4, 'two'],
      [9, 'three'],
    ])
    expect(new Set(lines.map((l) => l.recordHash)).size).toBe(3)
    expect((await reading).every((b) => b.position === undefined)).toBe(true)
  })

  it('rejects a 1 MB line from a pipe as too_long with a short sample, and the lines around it flow', async () => {
    const stream = new PassThrough()
    const reading = collect(readStream(stream, SOURCE, 65_536, new AbortController().signal))
    const input = `before\n${'A'.repeat(1_000_000)}\nafter\n`
    // In pipe-sized pieces, so the over-long line never arrives in one chunk.
    for (let i = 0; i < input.length; i += 4096) stream.write(input.slice(i, i + 4096))
    stream.end()
    const lines = (await reading).flatMap((b) => b.lines)
    expect(lines.map((l) => [l.offset, l.reject?.reason ?? l.text])).toEqual([
      [0, 'before'],
      [7, 'too_long'],
      [1_000_008, 'after'],
    ])
    expect(lines[1]!.reject?.detail).toBe('line longer than 65536 bytes')
    expect(lines[1]!.text.length).toBeLessThanOrEqual(512)
  })

  it('stops reading when the collector stops, before the stream ends', async () => {
    const stream = new PassThrough()
    const controller = new AbortController()
    const reading = collect(readStream(stream, SOURCE, 1024, controller.signal))
    stream.write('one\n')
    await new Promise((r) => setTimeout(r, 20))
    controller.abort()
    expect((await reading).flatMap((b) => b.lines.map((l) => l.text))).toEqual(['one'])
  })

  it('`... | gatewatch-collector --input - --dry-run` ships every line once, and the same lines again get the same event_ids', async () => {
    const input = `${generateLines(300)
      .map((l) => l.combined)
      .join('\n')}\n`
    const run = () =>
      new Promise<{ code: number | null; events: AccessEvent[] }>((resolve) => {
        const child = spawn(
          process.execPath,
          [BIN, '--input', '-', '--format', 'nginx-combined', '--dry-run'],
          {
            env: {
              ...process.env,
              GATEWATCH_HMAC_KEY: 'stdin-test-hmac-key-0123456789',
              GATEWATCH_COLLECTOR_ID: 'c1',
            },
            stdio: ['pipe', 'pipe', 'ignore'],
          },
        )
        let out = ''
        child.stdout.on('data', (d) => {
          out += d
        })
        child.on('exit', (code) =>
          resolve({
            code,
            events: out
              .split('\n')
              .filter(Boolean)
              .map((l) => JSON.parse(l) as AccessEvent),
          }),
        )
        // Written in pieces, as a pipe delivers them.
        for (let i = 0; i < input.length; i += 4000) child.stdin.write(input.slice(i, i + 4000))
        child.stdin.end()
      })
    const first = await run()
    expect(first.code).toBe(0)
    expect(first.events).toHaveLength(300)
    expect(new Set(first.events.map((e) => e.event_id)).size).toBe(300)
    const second = await run()
    expect(second.events.map((e) => e.event_id).sort()).toEqual(first.events.map((e) => e.event_id).sort())
  })
})
