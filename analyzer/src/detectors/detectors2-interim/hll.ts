// Interim HyperLogLog for the detectors2 detectors until wip/detect's detectors/sketch.ts lands:
// 2^precision one-byte registers, FNV-1a with a murmur3 finaliser as the hash, linear counting
// for small cardinalities (where the detectors' thresholds sit), base64 snapshots.

function hash32(text: string): number {
  let h = 0x811c9dc5
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i)
    h = Math.imul(h, 0x01000193)
  }
  h ^= h >>> 16
  h = Math.imul(h, 0x85ebca6b)
  h ^= h >>> 13
  h = Math.imul(h, 0xc2b2ae35)
  h ^= h >>> 16
  return h >>> 0
}

export class HyperLogLog {
  readonly registers: Uint8Array
  readonly #bits: number

  constructor(precision = 7, registers?: Uint8Array) {
    this.#bits = precision
    this.registers = registers ?? new Uint8Array(1 << precision)
  }

  add(value: string): void {
    const h = hash32(value)
    const index = h >>> (32 - this.#bits)
    const rest = (h << this.#bits) >>> 0
    const rank = rest === 0 ? 32 - this.#bits + 1 : Math.clz32(rest) + 1
    if (rank > this.registers[index]!) this.registers[index] = rank
  }

  merge(other: HyperLogLog): void {
    for (let i = 0; i < this.registers.length; i++) {
      if (other.registers[i]! > this.registers[i]!) this.registers[i] = other.registers[i]!
    }
  }

  count(): number {
    const m = this.registers.length
    let sum = 0
    let zeros = 0
    for (const r of this.registers) {
      sum += 2 ** -r
      if (r === 0) zeros++
    }
    const alpha = m >= 128 ? 0.7213 / (1 + 1.079 / m) : m === 64 ? 0.709 : m === 32 ? 0.697 : 0.673
    const raw = (alpha * m * m) / sum
    if (raw <= 2.5 * m && zeros > 0) return Math.round(m * Math.log(m / zeros))
    return Math.round(raw)
  }

  toJSON(): string {
    return Buffer.from(this.registers).toString('base64')
  }

  static from(json: unknown, precision = 7): HyperLogLog {
    const bytes = typeof json === 'string' ? new Uint8Array(Buffer.from(json, 'base64')) : undefined
    return new HyperLogLog(precision, bytes?.length === 1 << precision ? bytes : undefined)
  }
}
