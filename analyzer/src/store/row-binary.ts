// RowBinary encoding of event rows, the format the writer inserts them in (store/writer.ts), in the
// column order of EVENT_COLUMNS. LowCardinality(String) is written as String, Nullable as a null
// byte then the value, DateTime64(3) as its Int64 milliseconds. Every number has been bounded by the
// event contract (schema/src/access-event.ts), so each fits its column.
import { EVENT_COLUMNS, type EventRow } from './event-row.js'

class Out {
  buf = Buffer.allocUnsafe(1 << 20)
  at = 0
  room(n: number) {
    if (this.at + n <= this.buf.length) return
    const next = Buffer.allocUnsafe(Math.max(this.buf.length * 2, this.at + n))
    this.buf.copy(next, 0, 0, this.at)
    this.buf = next
  }
  varint(n: number) {
    this.room(10)
    while (n >= 0x80) {
      this.buf[this.at++] = (n & 0x7f) | 0x80
      n >>>= 7
    }
    this.buf[this.at++] = n
  }
  string(s: string) {
    const bytes = Buffer.byteLength(s)
    this.varint(bytes)
    this.room(bytes)
    this.at += this.buf.write(s, this.at, 'utf8')
  }
  u8(n: number) {
    this.room(1)
    this.buf[this.at++] = n
  }
}

export function encodeRowBinary(rows: EventRow[]): Buffer {
  const out = new Out()
  for (const row of rows) {
    for (const [column, kind] of EVENT_COLUMNS) {
      const v = row[column] as unknown
      switch (kind) {
        case 'string':
          out.string(v as string)
          break
        case 'ts':
          out.room(8)
          out.at = out.buf.writeBigInt64LE(BigInt(v as number), out.at)
          break
        case 'u16':
          out.room(2)
          out.at = out.buf.writeUInt16LE(v as number, out.at)
          break
        case 'u32':
          out.room(4)
          out.at = out.buf.writeUInt32LE(v as number, out.at)
          break
        case 'f64?':
        case 'u64?':
        case 'i64?':
          if (v === null) {
            out.u8(1)
            break
          }
          out.u8(0)
          out.room(8)
          if (kind === 'f64?') out.at = out.buf.writeDoubleLE(v as number, out.at)
          else if (kind === 'u64?') out.at = out.buf.writeBigUInt64LE(BigInt(v as number), out.at)
          else out.at = out.buf.writeBigInt64LE(BigInt(v as number), out.at)
          break
        case 'strings':
          out.varint((v as string[]).length)
          for (const s of v as string[]) out.string(s)
          break
        case 'map': {
          const entries = Object.entries(v as Record<string, string>)
          out.varint(entries.length)
          for (const [k, val] of entries) {
            out.string(k)
            out.string(val)
          }
          break
        }
      }
    }
  }
  return out.buf.subarray(0, out.at)
}
