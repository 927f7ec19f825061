// Waits between retries. Exponential backoff with full jitter (AWS architecture blog's
// recommendation): retries of many collectors against one recovering analyzer or broker do not
// arrive in waves. The cap keeps a long outage from growing the wait without bound.
import { setTimeout as sleep } from 'node:timers/promises'

export interface BackoffPolicy {
  /** Bound of the first wait, ms. */
  baseMs: number
  /** Largest bound of any wait, ms. */
  capMs: number
}

export const DEFAULT_BACKOFF: BackoffPolicy = { baseMs: 200, capMs: 30_000 }

/** A random wait in [0, min(cap, base·2^attempt)) ms; attempt 0 is the first retry. */
export function backoffMs(attempt: number, policy: BackoffPolicy = DEFAULT_BACKOFF): number {
  // 2 ** 60 is already past any cap; larger exponents only risk Infinity arithmetic.
  const bound = Math.min(policy.capMs, policy.baseMs * 2 ** Math.min(attempt, 60))
  return Math.floor(Math.random() * bound)
}

/**
 * The wait a `Retry-After` header asks for (RFC 9110 §10.2.3: delay-seconds or an HTTP date), in ms,
 * or undefined when absent or unreadable.
 */
export function retryAfterMs(header: string | null | undefined, now = Date.now()): number | undefined {
  if (!header) return undefined
  const text = header.trim()
  if (/^\d+$/.test(text)) return Number(text) * 1000
  const at = Date.parse(text)
  return Number.isNaN(at) ? undefined : Math.max(0, at - now)
}

/** Sleeps, returning early (without throwing) when the signal aborts. */
export async function pause(ms: number, signal?: AbortSignal): Promise<void> {
  if (signal?.aborted) return
  await sleep(ms, undefined, signal ? { signal } : undefined).catch(() => undefined)
}
