// Who sent the traffic of one key's minute: counts per source (bounded) and sample event ids, so
// an alert names its top sources and gives a responder requests to open.
export const MAX_SOURCES = 256
export const MAX_SAMPLES = 20

export interface MinuteSources {
  /** Amount (requests or bytes) per source, at most MAX_SOURCES sources; the rest goes to `other`. */
  sources: Record<string, number>
  /** Number of keys in `sources` (kept, not counted: this runs for every event). */
  distinct: number
  other: number
  samples: string[]
}

export const newMinuteSources = (): MinuteSources => ({ sources: {}, distinct: 0, other: 0, samples: [] })

export function addSource(m: MinuteSources, source: string, amount: number, eventId: string): void {
  if (m.sources[source] !== undefined) m.sources[source] += amount
  else if (m.distinct < MAX_SOURCES) {
    m.sources[source] = amount
    m.distinct++
  } else m.other += amount
  if (m.samples.length < MAX_SAMPLES) m.samples.push(eventId)
}

/** The `n` largest sources, largest first. */
export function topSources(m: MinuteSources, n: number): [string, number][] {
  return Object.entries(m.sources)
    .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
    .slice(0, n)
}

/** `ip:count, ip:count` for evidence. */
export const formatSources = (top: [string, number][]): string => top.map(([s, n]) => `${s}:${n}`).join(', ')

export const minuteLabel = (minute: number): string => new Date(minute * 60_000).toISOString().slice(0, 16)

/** 1234567 → "1,234,567": numbers a responder reads in a summary. */
export const n = (x: number): string => Math.round(x).toLocaleString('en-US')
