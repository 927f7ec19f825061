// Splits a byte stream into lines: big chunks split on \n (a trailing \r dropped), a partial last
// line kept until the rest arrives, over-long lines rejected without being buffered and binary
// lines rejected without being decoded as text. Shared by the file, stdin and syslog inputs.
import type { InputLine } from './types.js'

const SAMPLE_BYTES = 512

/** Index of the first control byte that never appears in a text log line (TAB is allowed), or -1. */
function controlByte(data: Buffer, from: number, to: number): number {
  for (let i = from; i < to; i++) {
    const c = data[i]!
    if ((c < 32 && c !== 9) || c === 127) return i
  }
  return -1
}

export function tooLong(data: Buffer, from: number, offset: number, max: number, what = 'line'): InputLine {
  return {
    offset,
    text: data.toString('utf8', from, Math.min(from + SAMPLE_BYTES, data.length)),
    reject: { reason: 'too_long', detail: `${what} longer than ${max} bytes` },
  }
}

/** The line at data[from, to), or a `binary` rejection when it holds control bytes or invalid UTF-8. */
export function decodeLine(data: Buffer, from: number, to: number, offset: number): InputLine {
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

export class LineSplitter {
  private carry: Buffer | null = null
  private discarding = false
  private readPos: number
  private lineStart: number

  /** `start`: the stream offset of the first byte pushed. */
  constructor(
    private readonly maxLineBytes: number,
    start = 0,
    private readonly what = 'line',
  ) {
    this.readPos = start
    this.lineStart = start
  }

  /** Offset after the last complete line: where a resumed read starts. */
  get position(): number {
    return this.lineStart
  }

  /** Bytes of a partial line held back. */
  get pending(): number {
    return this.carry?.length ?? 0
  }

  /** Splits the next bytes of the stream; `chunk` may be reused by the caller afterwards. */
  push(chunk: Buffer): InputLine[] {
    const max = this.maxLineBytes
    const dataStart = this.carry === null ? this.readPos : this.lineStart
    const data = this.carry === null ? chunk : Buffer.concat([this.carry, chunk])
    this.readPos += chunk.length
    const lines: InputLine[] = []
    let i = 0
    for (let nl = data.indexOf(10, i); nl !== -1; nl = data.indexOf(10, i)) {
      if (this.discarding) {
        this.discarding = false
      } else {
        let end = nl
        if (end > i && data[end - 1] === 13) end--
        if (end - i > max) lines.push(tooLong(data, i, dataStart + i, max, this.what))
        else if (end > i) lines.push(decodeLine(data, i, end, dataStart + i))
      }
      i = nl + 1
    }
    if (!this.discarding) this.lineStart = dataStart + i
    const rest = data.length - i
    if (this.discarding) {
      this.carry = null
    } else if (rest > max) {
      // Report the over-long line now and skip its bytes up to the next \n: memory stays bounded.
      lines.push(tooLong(data, i, dataStart + i, max, this.what))
      this.discarding = true
      this.carry = null
    } else {
      // A partial last line: keep a copy (the caller reuses its buffer) until the rest is written.
      this.carry = rest > 0 ? Buffer.from(data.subarray(i)) : null
    }
    return lines
  }

  /**
   * At the end of a stream that will not grow (stdin EOF): the partial last line, if any, as a line.
   * Files keep it instead, for the writer may still finish it.
   */
  flush(): InputLine[] {
    const carry = this.carry
    this.carry = null
    if (carry === null || this.discarding) return []
    const end = carry[carry.length - 1] === 13 ? carry.length - 1 : carry.length
    const line = decodeLine(carry, 0, end, this.lineStart)
    this.lineStart += carry.length
    return end > 0 ? [line] : []
  }
}
