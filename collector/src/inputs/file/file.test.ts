import { appendFileSync, mkdtempSync, renameSync, rmSync, truncateSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { silentLogger } from '../../log.js'
import { type InputBatch, type InputLine, readFileInput } from './file.js'

let dir: string
let path: string
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'gw-file-'))
  path = join(dir, 'access.log')
})
afterEach(() => rmSync(dir, { recursive: true, force: true }))

function options(over: Partial<Parameters<typeof readFileInput>[0]> = {}) {
  return {
    path,
    maxLineBytes: 65_536,
    chunkBytes: 65_536,
    pollIntervalMs: 20,
    once: true,
    resumeOffset: () => 0,
    signal: new AbortController().signal,
    log: silentLogger,
    ...over,
  }
}

async function readOnce(over: Partial<Parameters<typeof readFileInput>[0]> = {}): Promise<InputBatch[]> {
  const batches: InputBatch[] = []
  for await (const b of readFileInput(options(over))) batches.push(b)
  return batches
}

const texts = (batches: InputBatch[]) => batches.flatMap((b) => b.lines.map((l) => l.text))

/** Follows the file in the background; `lines` fills as data arrives. */
function follow() {
  const controller = new AbortController()
  const lines: (InputLine & { source: string })[] = []
  const done = (async () => {
    for await (const b of readFileInput(options({ once: false, signal: controller.signal }))) {
      for (const l of b.lines) lines.push({ ...l, source: b.source.id })
    }
  })()
  return {
    lines,
    async until(n: number) {
      const deadline = Date.now() + 5000
      while (lines.length < n) {
        if (Date.now() > deadline) throw new Error(`only ${lines.length} of ${n} lines arrived`)
        await new Promise((r) => setTimeout(r, 10))
      }
    },
    async stop() {
      controller.abort()
      await done
    },
  }
}

describe('file input', () => {
  it('splits on \\n, strips \\r and reports each line offset and the resume position', async () => {
    writeFileSync(path, 'first\r\nsecond\n\nthird\n')
    const batches = await readOnce()
    expect(batches.flatMap((b) => b.lines)).toEqual([
      { offset: 0, text: 'first' },
      { offset: 7, text: 'second' },
      { offset: 15, text: 'third' },
    ])
    expect(batches.at(-1)!.position).toBe(21)
  })

  it('keeps a partial last line until its end arrives, then follows appended data', async () => {
    writeFileSync(path, 'one\ntw')
    const f = follow()
    await f.until(1)
    await new Promise((r) => setTimeout(r, 100))
    expect(f.lines.map((l) => l.text)).toEqual(['one'])
    appendFileSync(path, 'o\nthree\n')
    await f.until(3)
    await f.stop()
    expect(f.lines.map((l) => [l.offset, l.text])).toEqual([
      [0, 'one'],
      [4, 'two'],
      [8, 'three'],
    ])
  })

  it('in --once mode leaves a partial last line for the next run', async () => {
    writeFileSync(path, 'one\ntw')
    const batches = await readOnce()
    expect(texts(batches)).toEqual(['one'])
    expect(batches.at(-1)!.position).toBe(4)
  })

  it('starts at the checkpointed offset', async () => {
    writeFileSync(path, 'one\ntwo\nthree\n')
    expect(texts(await readOnce({ resumeOffset: () => 4 }))).toEqual(['two', 'three'])
  })

  it('rejects a 1 MB line as too_long with a short sample, in small and in large chunks', async () => {
    writeFileSync(path, `before\n${'A'.repeat(1_000_000)}\nafter\n`)
    for (const chunkBytes of [4096, 65_536, 4 * 1024 * 1024]) {
      const lines = (await readOnce({ chunkBytes })).flatMap((b) => b.lines)
      expect(lines.map((l) => [l.offset, l.reject?.reason ?? l.text])).toEqual([
        [0, 'before'],
        [7, 'too_long'],
        [1_000_008, 'after'],
      ])
      expect(lines[1]!.text.length).toBeLessThanOrEqual(512)
    }
  })

  it('rejects an unterminated over-long tail without buffering it, and recovers at the next line', async () => {
    writeFileSync(path, 'x'.repeat(300_000))
    const f = follow()
    await f.until(1)
    expect(f.lines[0]!.reject?.reason).toBe('too_long')
    appendFileSync(path, 'y'.repeat(300_000))
    appendFileSync(path, '\nnext\n')
    await f.until(2)
    await f.stop()
    expect(f.lines.map((l) => l.reject?.reason ?? l.text)).toEqual(['too_long', 'next'])
  })

  it('rejects binary garbage (control bytes, invalid UTF-8) and keeps the text lines around it', async () => {
    writeFileSync(
      path,
      Buffer.concat([
        Buffer.from('good 1\n'),
        Buffer.from([0x16, 0x03, 0x01, 0x00, 0xa5, 0x01, 0x00, 0x00, 0x0a]),
        Buffer.from([0x47, 0x45, 0x54, 0x20, 0xff, 0xfe, 0xc3, 0x28, 0x0a]),
        Buffer.from('good 2 with tab\tand café\n'),
      ]),
    )
    const lines = (await readOnce()).flatMap((b) => b.lines)
    expect(lines.map((l) => l.reject?.reason ?? l.text)).toEqual([
      'good 1',
      'binary',
      'binary',
      'good 2 with tab\tand café',
    ])
    expect(lines[1]!.reject!.detail).toBe('control byte 0x16 at column 0')
    expect(lines[2]!.reject!.detail).toBe('invalid UTF-8')
  })

  it('survives rotation by rename: finishes the old file, then reads the new one from its start', async () => {
    writeFileSync(path, 'old 1\nold 2\n')
    const f = follow()
    await f.until(2)
    appendFileSync(path, 'old 3\n')
    renameSync(path, `${path}.1`)
    writeFileSync(path, 'new 1\n')
    await f.until(4)
    appendFileSync(path, 'new 2\n')
    await f.until(5)
    await f.stop()
    expect(f.lines.map((l) => l.text)).toEqual(['old 1', 'old 2', 'old 3', 'new 1', 'new 2'])
    expect(f.lines[3]!.offset).toBe(0)
    expect(f.lines[3]!.source).not.toBe(f.lines[0]!.source)
  })

  it('survives copytruncate: the file shrank below the offset, so it is read again from 0', async () => {
    writeFileSync(path, 'before truncation 1\nbefore truncation 2\n')
    const f = follow()
    await f.until(2)
    truncateSync(path, 0)
    appendFileSync(path, 'after 1\n')
    await f.until(3)
    await f.stop()
    expect(f.lines.map((l) => [l.offset, l.text])).toEqual([
      [0, 'before truncation 1'],
      [20, 'before truncation 2'],
      [0, 'after 1'],
    ])
    expect(f.lines[2]!.source).not.toBe(f.lines[0]!.source)
  })

  it('waits for a file that does not exist yet when following, and names it in --once mode', async () => {
    await expect(readOnce()).rejects.toThrow(`input file ${path} does not exist`)
    const f = follow()
    await new Promise((r) => setTimeout(r, 60))
    writeFileSync(path, 'late\n')
    await f.until(1)
    await f.stop()
    expect(f.lines[0]!.text).toBe('late')
  })
})
