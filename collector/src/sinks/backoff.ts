// Exponential backoff with full jitter (AWS architecture blog's recommendation): retries of many
// collectors against one recovering analyzer do not arrive in waves.
export function backoffMs(attempt: number, baseMs = 200, capMs = 30_000): number {
  return Math.floor(Math.random() * Math.min(capMs, baseMs * 2 ** attempt))
}
