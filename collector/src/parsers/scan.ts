// A cursor over a space-separated log line with quoted fields (Envoy, ALB, HAProxy): words end
// at a space, quoted fields at a `"` followed by a space or the end of the line. indexOf does the
// searching; one Scan is reused per parser, so reading a line allocates only the field strings.

export class Scan {
  s = ''
  i = 0

  reset(s: string, from = 0): this {
    this.s = s
    this.i = from
    return this
  }

  atEnd(): boolean {
    return this.i >= this.s.length
  }

  /** The next word (up to a space or the end), skipping one separating space; null at the end. */
  word(): string | null {
    const { s } = this
    if (this.i >= s.length) return null
    let end = s.indexOf(' ', this.i)
    if (end === -1) end = s.length
    const w = s.slice(this.i, end)
    this.i = end + 1
    return w
  }

  /**
   * The next `"..."` field, without the quotes; null when the cursor is not at a quote or the
   * quote is not closed. With `escapes`, `\"` inside does not close it (ALB, Apache); without,
   * the field ends at the first `"` followed by a space or the end (Envoy does not escape).
   */
  quoted(escapes = false): string | null {
    const { s } = this
    if (s.charCodeAt(this.i) !== 34) return null
    const from = this.i + 1
    let end = s.indexOf('"', from)
    while (end !== -1) {
      const next = s.charCodeAt(end + 1)
      let escaped = false
      if (escapes) {
        let b = 0
        for (let k = end - 1; k >= from && s.charCodeAt(k) === 92; k--) b++
        escaped = b % 2 === 1
      }
      if (!escaped && (next === 32 || end + 1 === s.length)) break
      end = s.indexOf('"', end + 1)
    }
    if (end === -1) return null
    this.i = end + 2
    return s.slice(from, end)
  }
}

/** A logged value, or undefined for the `-` (and empty) that text logs write for "none". */
export function present(v: string | null | undefined): string | undefined {
  return v === null || v === undefined || v === '' || v === '-' ? undefined : v
}

/** A count field: `-` (or nothing) is absent, a whole number below 2^53 is itself, anything else NaN. */
export function count(v: string | null | undefined): number | undefined {
  if (v === null || v === undefined || v === '-') return undefined
  const n = Number(v)
  return v.length > 0 && Number.isSafeInteger(n) && n >= 0 ? n : Number.NaN
}
