// TCP syslog framing (RFC 6587), chosen per connection by its first byte: a digit starts octet
// counting (`LEN SP MSG`), `<` starts non-transparent framing (one message per line). A frame
// longer than the limit is rejected and skipped (its length is known, so the stream goes on); a
// garbage length loses the frame boundaries, so it is rejected and the connection is closed.
import { decodeLine, LineSplitter, tooLong } from '../lines.js'
import type { InputLine } from '../types.js'

/** Digits of the longest length accepted before the space (16 MiB has 8). */
const MAX_LENGTH_DIGITS = 9

export interface Framer {
  /** Messages (or rejections) completed by `chunk`; `fatal` when the stream cannot go on. */
  push(chunk: Buffer): { messages: InputLine[]; fatal?: string }
  /** The connection closed: a last unterminated line, or the detail of a cut frame. */
  end(): { messages: InputLine[]; cut?: string }
}

/** Strips one trailing LF (or CRLF) some senders put after an octet-counted frame. */
function trimmedEnd(data: Buffer, from: number, to: number): number {
  if (to > from && data[to - 1] === 10) to--
  if (to > from && data[to - 1] === 13) to--
  return to
}

export class OctetCountingFramer implements Framer {
  private buf: Buffer = Buffer.alloc(0)
  /** Bytes of an over-long frame still to skip. */
  private skipping = 0

  constructor(
    private readonly maxBytes: number,
    private readonly nextOffset: () => number,
  ) {}

  push(chunk: Buffer): { messages: InputLine[]; fatal?: string } {
    const messages: InputLine[] = []
    const data = this.buf.length ? Buffer.concat([this.buf, chunk]) : chunk
    let i = 0
    while (i < data.length) {
      if (this.skipping > 0) {
        const n = Math.min(this.skipping, data.length - i)
        this.skipping -= n
        i += n
        continue
      }
      const sp = data.indexOf(32, i)
      const digitsEnd = sp === -1 ? Math.min(data.length, i + MAX_LENGTH_DIGITS + 1) : sp
      let len = 0
      let ok = digitsEnd > i && digitsEnd - i <= MAX_LENGTH_DIGITS && data[i] !== 0x30
      for (let j = i; ok && j < digitsEnd; j++) {
        const c = data[j]!
        if (c < 0x30 || c > 0x39) ok = false
        else len = len * 10 + (c - 0x30)
      }
      if (!ok) {
        const detail = `bad octet-counting frame: expected LEN SP, got ${JSON.stringify(data.toString('latin1', i, Math.min(i + 16, data.length)))}`
        messages.push({
          offset: this.nextOffset(),
          text: data.toString('utf8', i, Math.min(i + 512, data.length)),
          reject: { reason: 'malformed', detail },
        })
        this.buf = Buffer.alloc(0)
        return { messages, fatal: detail }
      }
      if (sp === -1) break // the length is not complete yet
      const start = sp + 1
      if (len > this.maxBytes) {
        messages.push(tooLong(data, start, this.nextOffset(), this.maxBytes, 'syslog frame'))
        this.skipping = len
        i = start
        continue
      }
      if (data.length - start < len) break // the frame is not complete yet
      messages.push(decodeLine(data, start, trimmedEnd(data, start, start + len), this.nextOffset()))
      i = start + len
    }
    this.buf = i < data.length ? Buffer.from(data.subarray(i)) : Buffer.alloc(0)
    return { messages }
  }

  end(): { messages: InputLine[]; cut?: string } {
    if (this.buf.length === 0 && this.skipping === 0) return { messages: [] }
    return { messages: [], cut: 'the connection closed in the middle of a frame' }
  }
}

export class NewlineFramer implements Framer {
  private readonly splitter: LineSplitter

  constructor(
    maxBytes: number,
    private readonly nextOffset: () => number,
  ) {
    this.splitter = new LineSplitter(maxBytes, 0, 'syslog message')
  }

  private renumber(lines: InputLine[]): InputLine[] {
    for (const l of lines) l.offset = this.nextOffset()
    return lines
  }

  push(chunk: Buffer): { messages: InputLine[] } {
    return { messages: this.renumber(this.splitter.push(chunk)) }
  }

  end(): { messages: InputLine[] } {
    return { messages: this.renumber(this.splitter.flush()) }
  }
}
