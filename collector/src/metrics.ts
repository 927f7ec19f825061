// The collector's counters, in one object: updated per line with plain increments, read once
// for the --once summary (and later for a metrics endpoint).
import type { RejectReason } from './parsers/types.js'

export interface CollectorMetrics {
  lines_read: number
  parsed: number
  /** Lines that are neither events nor errors (directives, comments, blank lines, gateway notices). */
  skipped: number
  rejected: Partial<Record<RejectReason, number>>
  shipped: number
  batches: number
}

export function createMetrics(): CollectorMetrics {
  return { lines_read: 0, parsed: 0, skipped: 0, rejected: {}, shipped: 0, batches: 0 }
}

export function countRejection(metrics: CollectorMetrics, reason: RejectReason): number {
  const n = (metrics.rejected[reason] ?? 0) + 1
  metrics.rejected[reason] = n
  return n
}
