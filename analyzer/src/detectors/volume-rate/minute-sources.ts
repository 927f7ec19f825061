// Who sent the traffic of one key's minute: counts per source (bounded) and sample event ids, so
// an alert names its top sources and gives a responder requests to open. A Map, not an object:
// this runs for every event, and string-keyed objects this dynamic are slow; snapshots go through
// `minuteSourcesCodec`.
import type { StateCodec } from '../state.js'

export const MAX_SOURCES = 256
export const MAX_SAMPLES = 20

export interface MinuteSources {
  /** Amount (requests or bytes) per source, at most MAX_SOURCES sources; the rest goes to `other`. */
  sources: Map<string, number>
  other: number
  samples: string[]
}

export const newMinuteSources = (): MinuteSources => ({ sources: new Map(), other: 0, samples: [] })

export function resetMinuteSources(m: MinuteSources): void {
  m.sources.clear()
  m.other = 0
  m.samples.length = 0
}

/** JSON form of a minute's sources (and of any fields a detector adds beside them). */
export function minuteSourcesCodec<E extends MinuteSources>(): StateCodec<E, unknown> {
  return {
    save: (m) => ({ ...m, sources: [...m.sources] }),
    load: (s) => {
      const saved = s as Omit<E, 'sources'> & { sources: [string, number][] }
      return { ...saved, sources: new Map(saved.sources) } as unknown as E
    },
  }
}

export function addSource(m: MinuteSources, source: string, amount: number, eventId: string): void {
  const seen = m.sources.get(source)
  if (seen !== undefined) m.sources.set(source, seen + amount)
  else if (m.sources.size < MAX_SOURCES) m.sources.set(source, amount)
  else m.other += amount
  if (m.samples.length < MAX_SAMPLES) m.samples.push(eventId)
}

/** The `n` largest sources, largest first. */
export function topSources(m: MinuteSources, n: number): [string, number][] {
  return [...m.sources].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).slice(0, n)
}

/** `ip:count, ip:count` for evidence. */
export const formatSources = (top: [string, number][]): string => top.map(([s, n]) => `${s}:${n}`).join(', ')

export const minuteLabel = (minute: number): string => new Date(minute * 60_000).toISOString().slice(0, 16)

/** 1234567 → "1,234,567": numbers a responder reads in a summary. */
export const n = (x: number): string => Math.round(x).toLocaleString('en-US')
