import {
  appendFileSync,
  copyFileSync,
  mkdtempSync,
  renameSync,
  rmSync,
  truncateSync,
  unlinkSync,
  writeFileSync,
} from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { createLogger, silentLogger } from '../../log.js'
import type { InputBatch, InputLine } from '../types.js'
import { type FileInputOptions, readFiles } from './file.js'

let dir: string
let path: string
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'gw-file-'))
  path = join(dir, 'access.log')
})
afterEach(() => rmSync(dir, { recursive: true, force: true }))

function options(over: Partial<FileInputOptions> = {}): FileInputOptions {
  return {
    paths: [path],
    maxLineBytes: 65_536,
    chunkBytes: 65_536,
    pollIntervalMs: 10,
    globIntervalMs: 10,
    rotateWaitMs: 50,
    once: true,
    resumeOffset: () => 0,
    signal: new AbortController().signal,
    log: silentLogger,
    ...over,
  }
}

async function readOnce(over: Partial<FileInputOptions> = {}): Promise<InputBatch[]> {
  const batches: InputBatch[] = []
  for await (const b of readFiles(options(over))) batches.push(b)
  return batches
}

const texts = (batches: InputBatch[]) => batches.flatMap((b) => b.lines.map((l) => l.text))

type Seen = InputLine & { source: string; path: string }

/** Polls `check` every 10 ms; fails after a deadline generous enough for a loaded 2-core machine. */
async function waitFor(check: () => boolean, failure: () => string, ms = 30_000) {
  const deadline = Date.now() + ms
  while (!check()) {
    if (Date.now() > deadline) throw new Error(failure())
    await new Promise((r) => setTimeout(r, 10))
  }
}

/** A logger that keeps every line it is given, parsed, as an operator reads them. */
function recordingLogger() {
  const logged: Record<string, unknown>[] = []
  return { logged, log: createLogger('debug', (line) => logged.push(JSON.parse(line))) }
}

/** Follows the files in the background; `lines` fills as data arrives. */
function follow(over: Partial<FileInputOptions> = {}) {
  const controller = new AbortController()
  const lines: Seen[] = []
  const batches: InputBatch[] = []
  const done = (async () => {
    for await (const b of readFiles(options({ once: false, signal: controller.signal, ...over }))) {
      batches.push(b)
      for (const l of b.lines) lines.push({ ...l, source: b.source.id, path: b.source.path })
    }
  })()
  return {
    lines,
    batches,
    async until(n: number) {
      await waitFor(
        () => lines.length >= n,
        () => `only ${lines.length} of ${n} lines arrived`,
      )
    },
    async stop() {
      controller.abort()
      await done
    },
  }
}

/** Every line once: no (source, offset) twice, and exactly the texts expected. */
function expectOnce(lines: Seen[], expected: string[]) {
  expect(new Set(lines.map((l) => `${l.source}:${l.offset}`)).size).toBe(lines.length)
  expect(lines.map((l) => l.text).sort()).toEqual([...expected].sort())
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))
const numbered = (prefix: string, n: number) => Array.from({ length: n }, (_, i) => `${prefix} ${i + 1}`)
const block = (lines: string[]) => lines.map((l) => `${l}\n`).join('')

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
    expect(batches[0]!.source).toMatchObject({ path, checkpointed: true })
  })

  it('keeps a partial last line until its end arrives, then follows appended data', async () => {
    writeFileSync(path, 'one\ntw')
    const f = follow()
    await f.until(1)
    await sleep(100)
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

  it('rotation by rename to a matched name: the old file keeps its identity, the new one is read from 0', async () => {
    writeFileSync(path, block(['old 1', 'old 2']))
    const { logged, log } = recordingLogger()
    const f = follow({ paths: [`${path}*`], log })
    await f.until(2)
    appendFileSync(path, 'old 3\n')
    renameSync(path, `${path}.1`)
    writeFileSync(path, 'new 1\n')
    // The tailer learns of a rename when it next globs (glob_interval_ms): lines it reads before
    // then carry the old name. Once it logs the rename, the old file's new lines carry the new one.
    await waitFor(
      () =>
        logged.some(
          (l) =>
            l.msg === 'A file was renamed; it is still read under its new name.' && l.path === `${path}.1`,
        ),
      () => `the rename was not logged: ${JSON.stringify(logged)}`,
    )
    appendFileSync(`${path}.1`, 'old 4 written after the rename\n')
    await f.until(5)
    appendFileSync(path, 'new 2\n')
    await f.until(6)
    await sleep(100)
    await f.stop()
    expectOnce(f.lines, ['old 1', 'old 2', 'old 3', 'old 4 written after the rename', 'new 1', 'new 2'])
    const newLine = f.lines.find((l) => l.text === 'new 1')!
    expect(newLine.offset).toBe(0)
    expect(newLine.source).not.toBe(f.lines[0]!.source)
    expect(f.lines.find((l) => l.text === 'old 4 written after the rename')!.path).toBe(`${path}.1`)
    // Still matched under its new name: never closed as rotated away.
    expect(f.batches.filter((b) => b.ended)).toEqual([])
  })

  it('rotation by rename to a name no glob matches: the old file is drained, then closed', async () => {
    writeFileSync(path, block(['old 1']))
    const f = follow()
    await f.until(1)
    renameSync(path, join(dir, 'access.log-20240101'))
    appendFileSync(join(dir, 'access.log-20240101'), 'old 2 after the rename\n')
    writeFileSync(path, 'new 1\n')
    await f.until(3)
    await sleep(150)
    await f.stop()
    expectOnce(f.lines, ['old 1', 'old 2 after the rename', 'new 1'])
    const ended = f.batches.filter((b) => b.ended)
    expect(ended.map((b) => b.source.id)).toEqual([f.lines[0]!.source])
  })

  it('copytruncate: the copy is read only past what was read, the truncated file again from 0', async () => {
    const before = numbered('before', 50)
    writeFileSync(path, block(before.slice(0, 40)))
    const f = follow({ paths: [path, `${path}.1`] })
    await f.until(40)
    // Lines written before the copy but not yet read are found in the copy.
    appendFileSync(path, block(before.slice(40)))
    copyFileSync(path, `${path}.1`)
    truncateSync(path, 0)
    appendFileSync(path, block(['after 1', 'after 2']))
    await f.until(52)
    await sleep(100)
    await f.stop()
    expectOnce(f.lines, [...before, 'after 1', 'after 2'])
    expect(f.lines.find((l) => l.text === 'after 1')!.offset).toBe(0)
  })

  it('truncation in place (no copy): reading starts again at 0 under a new identity', async () => {
    writeFileSync(path, block(['before truncation 1', 'before truncation 2']))
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

  it('finds new files that match while running, and ignores compressed and non-matching ones', async () => {
    const f = follow({ paths: [join(dir, '*.log*')], exclude: [join(dir, '*.skip')] })
    await sleep(50)
    writeFileSync(join(dir, 'a.log'), block(['a 1']))
    await f.until(1)
    writeFileSync(join(dir, 'b.log'), block(['b 1', 'b 2']))
    for (const ext of ['gz', 'bz2', 'xz', 'zst', 'zip'])
      writeFileSync(join(dir, `a.log.2.${ext}`), 'compressed\n')
    writeFileSync(join(dir, 'other.txt'), 'not matched\n')
    writeFileSync(join(dir, 'c.log.skip'), 'excluded\n')
    await f.until(3)
    await sleep(100)
    await f.stop()
    expectOnce(f.lines, ['a 1', 'b 1', 'b 2'])
  })

  it('a file deleted while open is drained', async () => {
    writeFileSync(path, block(['one']))
    const f = follow()
    await f.until(1)
    // The writer still holds it open: what it writes after the unlink is read through our handle.
    appendFileSync(path, 'two\n')
    unlinkSync(path)
    await f.until(2)
    await sleep(150)
    await f.stop()
    expectOnce(f.lines, ['one', 'two'])
    expect(f.batches.some((b) => b.ended)).toBe(true)
  })

  it('reads many files fairly: each gets a chunk in turn', async () => {
    const files = Array.from({ length: 8 }, (_, i) => join(dir, `svc-${i}.log`))
    for (const [i, file] of files.entries()) writeFileSync(file, block(numbered(`svc-${i} line`, 2000)))
    const batches = await readOnce({ paths: [join(dir, 'svc-*.log')], chunkBytes: 4096 })
    const firstRound = new Set(batches.slice(0, files.length).map((b) => b.source.path))
    expect(firstRound.size).toBe(files.length)
    expect(texts(batches)).toHaveLength(8 * 2000)
  })

  it('names a missing file in --once mode, and waits for it when following', async () => {
    await expect(readOnce()).rejects.toThrow(`input file ${path} does not exist`)
    await expect(readOnce({ paths: [join(dir, '*.log')] })).rejects.toThrow('no file matches')
    const f = follow()
    await sleep(60)
    writeFileSync(path, 'late\n')
    await f.until(1)
    await f.stop()
    expect(f.lines[0]!.text).toBe('late')
  })
})
