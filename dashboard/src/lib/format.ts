// Number, share, duration and time formatting for the tables and the chart, in one place so
// every view writes them the same way.

const integer = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 })
const compact = new Intl.NumberFormat('en-US', { notation: 'compact', maximumFractionDigits: 1 })

/** `12,345`: exact counts in tables. */
export function formatCount(n: number): string {
  return integer.format(n)
}

/** `12.3K`: counts on chart axes. */
export function formatCompact(n: number): string {
  return compact.format(n)
}

/** `0%`, `<0.1%`, `2.4%`, `100%` for a share between 0 and 1. */
export function formatPercent(share: number): string {
  if (share <= 0) return '0%'
  if (share < 0.001) return '<0.1%'
  if (share >= 1) return '100%'
  const pct = share * 100
  return `${pct < 10 ? pct.toFixed(1) : Math.round(pct)}%`
}

/** `0.4 ms`, `12 ms`, `1.25 s`, `2 min 5 s` for a duration in ms. */
export function formatDuration(ms: number): string {
  if (!Number.isFinite(ms) || ms < 0) return '–'
  if (ms < 10) return `${ms.toFixed(1).replace(/\.0$/, '')} ms`
  if (ms < 1000) return `${Math.round(ms)} ms`
  if (ms < 60_000) return `${(ms / 1000).toFixed(ms < 10_000 ? 2 : 1)} s`
  const minutes = Math.floor(ms / 60_000)
  const seconds = Math.round((ms % 60_000) / 1000)
  return seconds === 0 ? `${minutes} min` : `${minutes} min ${seconds} s`
}

/** `just now`, `5 min ago`, `3 h ago`, `2 d ago`; `in the future` for clocks ahead of ours. */
export function formatAgo(ts: number, now: number): string {
  const d = now - ts
  if (d < -60_000) return 'in the future'
  if (d < 60_000) return 'just now'
  if (d < 3_600_000) return `${Math.floor(d / 60_000)} min ago`
  if (d < 86_400_000) return `${Math.floor(d / 3_600_000)} h ago`
  return `${Math.floor(d / 86_400_000)} d ago`
}

const pad = (n: number): string => String(n).padStart(2, '0')
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec']

/** `2026-11-22 10:05:00 UTC`: exact event times (tooltips, titles). Event time is shown in UTC. */
export function formatTimestamp(ts: number): string {
  const d = new Date(ts)
  return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())} UTC`
}

/** An axis tick for a bucket start: `14:30` for sub-day buckets, `22 Nov` for day buckets. */
export function formatBucketTick(ts: number, bucketMs: number): string {
  const d = new Date(ts)
  if (bucketMs >= 86_400_000) return `${d.getUTCDate()} ${MONTHS[d.getUTCMonth()]}`
  const time = `${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}`
  return d.getUTCHours() === 0 && d.getUTCMinutes() === 0
    ? `${d.getUTCDate()} ${MONTHS[d.getUTCMonth()]}`
    : time
}

/**
 * Severity of an error rate, for colouring. A few percent of 4xx is ordinary API life (expired
 * tokens, missing ids); colour only what deserves a look, so the table stays calm.
 */
export function errorRateLevel(share: number): 'ok' | 'warn' | 'bad' {
  if (share >= 0.15) return 'bad'
  if (share >= 0.05) return 'warn'
  return 'ok'
}
