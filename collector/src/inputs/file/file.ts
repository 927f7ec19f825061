// Tails one log file from a checkpointed byte offset. Reads big chunks and splits them on \n
// (dropping a trailing \r), keeps a partial last line until the rest arrives, rejects over-long
// lines without buffering them and binary lines without decoding them as text, follows appended
// data, and survives rotation by rename (drains the old file, then opens the new one at the path)
// and copytruncate (the file shrank below our offset: start again at 0).
import { constants } from 'node:fs'
import { type FileHandle, open, stat } from 'node:fs/promises'
import { setTimeout as sleep } from 'node:timers/promises'
import type { Logger } from '../../log.js'
import { sourceIdentity } from './source-identity.js'

/** A file's stable identity (see source-identity.ts) and the path it was read at. */
export interface SourceRef {
  id: string
  path: string
}

/** One line of input: its text, or (for input-level rejections) a sample of it and why it was refused. */
export interface InputLine {
  /** Byte offset of the line's first byte. */
  offset: number
  text: string
  reject?: { reason: 'too_long' | 'binary'; detail: string }
}

/** Lines read from one source, and the offset after the last complete line (the resume point). */
export interface InputBatch {
  source: SourceRef
  lines: InputLine[]
  position: number
}

export interface FileInputOptions {
  path: string
  maxLineBytes: number
  chunkBytes: number
  pollIntervalMs: number
  /** Read to the end of the file and stop, instead of following it. */
  once: boolean
  /** Checkpointed offset for a source identity (0 when unknown). */
  resumeOffset(sourceId: string): number
  signal: AbortSignal
  log: Logger
}

const SAMPLE_BYTES = 512

async function pause(ms: number, signal: AbortSignal): Promise<void> {
  await sleep(ms, undefined, { signal }).catch(() => undefined)
}

/** Index of the first control byte that never appears in a text log line (TAB is allowed), or -1. */
function controlByte(data: Buffer, from: number, to: number): number {
  for (let i = from; i < to; i++) {
    const c = data[i]!
    if ((c < 32 && c !== 9) || c === 127) return i
  }
  return -1
}

interface Opened {
  fh: FileHandle
  source: SourceRef
  ino: number
  dev: number
}

export async function* readFileInput(options: FileInputOptions): AsyncGenerator<InputBatch> {
  const { path, maxLineBytes, chunkBytes, pollIntervalMs, once, signal, log } = options
  const buf = Buffer.allocUnsafe(chunkBytes)

  /** Opens the file at `path` once it exists and has an identity; null when stopping first. */
  async function openAtPath(): Promise<Opened | null> {
    let warned = false
    while (!signal.aborted) {
      let fh: FileHandle | undefined
      try {
        fh = await open(path, constants.O_RDONLY)
        const id = await sourceIdentity(fh)
        if (id !== null) {
          const st = await fh.stat()
          return { fh, source: { id, path }, ino: st.ino, dev: st.dev }
        }
        await fh.close()
        if (once) return null
      } catch (err) {
        await fh?.close()
        if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err
        if (once) throw new Error(`input file ${path} does not exist`)
        if (!warned) log.warn('The input file does not exist yet; waiting for it.', { path })
        warned = true
      }
      await pause(pollIntervalMs, signal)
    }
    return null
  }

  let opened = await openAtPath()
  while (opened !== null) {
    const { fh, ino, dev } = opened
    let source = opened.source
    let lineStart = options.resumeOffset(source.id)
    if (lineStart > (await fh.stat()).size) lineStart = 0
    if (lineStart > 0) log.info('Resuming the input file from its checkpoint.', { path, offset: lineStart })
    let readPos = lineStart
    let carry: Buffer | null = null
    let discarding = false
    let rotated = false

    try {
      while (!signal.aborted) {
        const { bytesRead } = await fh.read(buf, 0, chunkBytes, readPos)
        if (bytesRead > 0) {
          const dataStart = carry === null ? readPos : lineStart
          const data: Buffer =
            carry === null ? buf.subarray(0, bytesRead) : Buffer.concat([carry, buf.subarray(0, bytesRead)])
          readPos += bytesRead
          const lines: InputLine[] = []
          let i = 0
          for (let nl = data.indexOf(10, i); nl !== -1; nl = data.indexOf(10, i)) {
            if (discarding) {
              discarding = false
            } else {
              let end = nl
              if (end > i && data[end - 1] === 13) end--
              if (end - i > maxLineBytes) lines.push(tooLong(data, i, dataStart + i, maxLineBytes))
              else if (end > i) lines.push(decodeLine(data, i, end, dataStart + i))
            }
            i = nl + 1
          }
          if (!discarding) lineStart = dataStart + i
          const rest = data.length - i
          if (discarding) {
            carry = null
          } else if (rest > maxLineBytes) {
            // Report the over-long line now and skip its bytes up to the next \n: memory stays bounded.
            lines.push(tooLong(data, i, dataStart + i, maxLineBytes))
            discarding = true
            carry = null
          } else {
            // A partial last line: keep a copy (buf is reused) until the rest is written.
            carry = rest > 0 ? Buffer.from(data.subarray(i)) : null
          }
          yield { source, lines, position: lineStart }
          continue
        }
        // End of file.
        if (rotated || once) break
        await pause(pollIntervalMs, signal)
        if (signal.aborted) break
        const atPath = await stat(path).catch(() => null)
        if (atPath === null || atPath.ino !== ino || atPath.dev !== dev) {
          // Renamed away (or deleted): read what was appended before the rename, then switch.
          rotated = true
          continue
        }
        if ((await fh.stat()).size < readPos) {
          log.info('The input file was truncated; reading it again from the start.', { path })
          let id = await sourceIdentity(fh)
          while (id === null && !signal.aborted) {
            await pause(pollIntervalMs, signal)
            id = await sourceIdentity(fh)
          }
          if (id === null) break
          source = { id, path }
          lineStart = 0
          readPos = 0
          carry = null
          discarding = false
        }
      }
    } finally {
      await fh.close()
    }
    if (!rotated || signal.aborted) return
    log.info('The input file was rotated; opening the new file at its path.', { path })
    opened = await openAtPath()
  }
}

function tooLong(data: Buffer, from: number, offset: number, max: number): InputLine {
  return {
    offset,
    text: data.toString('utf8', from, Math.min(from + SAMPLE_BYTES, data.length)),
    reject: { reason: 'too_long', detail: `line longer than max_line_bytes (${max})` },
  }
}

function decodeLine(data: Buffer, from: number, to: number, offset: number): InputLine {
  const ctl = controlByte(data, from, to)
  if (ctl !== -1) {
    return {
      offset,
      text: data.toString('utf8', from, Math.min(to, from + SAMPLE_BYTES)),
      reject: {
        reason: 'binary',
        detail: `control byte 0x${data[ctl]!.toString(16).padStart(2, '0')} at column ${ctl - from}`,
      },
    }
  }
  const text = data.toString('utf8', from, to)
  // Invalid UTF-8 decodes to U+FFFD: the line is not text in any encoding a gateway writes.
  if (text.includes('\uFFFD')) {
    return {
      offset,
      text: text.slice(0, SAMPLE_BYTES),
      reject: { reason: 'binary', detail: 'invalid UTF-8' },
    }
  }
  return { offset, text }
}
