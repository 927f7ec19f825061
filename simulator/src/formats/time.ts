// nginx's two timestamp variables, written in UTC as a gateway running with TZ=UTC does.

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec']

const pad = (n: number): string => String(n).padStart(2, '0')

/** `$time_iso8601`: `2026-11-22T10:00:00+00:00`. */
export function timeIso8601(ms: number): string {
  return `${new Date(ms).toISOString().slice(0, 19)}+00:00`
}

/** `$time_local`: `22/Nov/2026:10:00:00 +0000`. */
export function timeLocal(ms: number): string {
  const d = new Date(ms)
  return `${pad(d.getUTCDate())}/${MONTHS[d.getUTCMonth()]}/${d.getUTCFullYear()}:${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())} +0000`
}
