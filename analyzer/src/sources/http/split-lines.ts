// Splits an NDJSON body into lines without decoding it: bytes stay bytes until the decode step,
// so a line of binary garbage is judged (and dead-lettered) on its own.

/** The lines of `body`, split on LF, a trailing CR removed; the empty tail after a final LF is not a line. */
export function splitLines(body: Buffer): Buffer[] {
  const lines: Buffer[] = []
  let start = 0
  while (start < body.length) {
    let end = body.indexOf(0x0a, start)
    if (end === -1) end = body.length
    let stop = end
    if (stop > start && body[stop - 1] === 0x0d) stop--
    lines.push(body.subarray(start, stop))
    start = end + 1
  }
  return lines
}
