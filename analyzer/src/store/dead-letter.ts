// A dead letter: input the pipeline refused, with the reason, kept for an operator to inspect.
export const RAW_LIMIT_BYTES = 4096

const encoder = new TextEncoder()

export interface DeadLetterRow {
  received_at: number
  source: string
  origin: string
  reason: string
  error: string
  raw: string
  raw_bytes: number
}

/**
 * The row for refused input. Raw bytes are kept as text (invalid UTF-8 becomes U+FFFD, since a
 * JSON insert carries only text), truncated to 4 KiB on a character boundary.
 */
export function toDeadLetterRow(
  input: { bytes: Uint8Array; source: string; origin: string },
  reason: string,
  error: string,
  now = Date.now(),
): DeadLetterRow {
  const head = Buffer.from(
    input.bytes.buffer,
    input.bytes.byteOffset,
    Math.min(input.bytes.byteLength, RAW_LIMIT_BYTES),
  )
  const text = head.toString('utf8')
  // Replacement characters take 3 bytes each, so cut again on the encoded size, whole characters only.
  const { read } = encoder.encodeInto(text, new Uint8Array(RAW_LIMIT_BYTES))
  const raw = text.slice(0, read)
  return {
    received_at: now,
    source: input.source,
    origin: input.origin,
    reason,
    error: error.slice(0, 1024),
    raw,
    raw_bytes: input.bytes.byteLength,
  }
}
