// scrape.crawl: one caller (a principal, else an IP) walking a list endpoint page after page
// (page=1,2,3…, offset=0,50,100… or a fresh cursor each time) at machine regularity: the gaps
// between its requests have a low coefficient of variation. A person paging through a few pages,
// or many at their own irregular pace, is not a crawl. Emits when the walk reaches `min_pages` and
// again at every doubling, so a long crawl updates one alert with its growing length.
import type { EventRow } from '../../store/event-row.js'
import { KeyedState } from '../state.js'
import { endpointOf } from '../traffic/source.js'
import type { DetectorInstance } from '../types.js'
import { callerLabel, callerOf } from '../volume-rate/caller.js'
import { n } from '../volume-rate/minute-sources.js'
import type { CrawlConfig } from './config.js'

export const CRAWL = 'scrape.crawl'
const PAGE_KEYS = ['page', 'p', 'pg', 'page[number]', 'pageNumber', 'page_number', 'pageNo']
const OFFSET_KEYS = ['offset', 'start', 'skip', 'from', 'page[offset]', 'startIndex']
const CURSOR_KEYS = [
  'cursor',
  'after',
  'next',
  'page_token',
  'pageToken',
  'continuation',
  'starting_after',
  'page[cursor]',
  'since_id',
  'max_id',
]
const MAX_SAMPLES = 20

/** Where in a list a request asks to start: a page number, an offset or an opaque cursor. */
type Position =
  | { kind: 'page' | 'offset'; value: number; param: string }
  | { kind: 'cursor'; value: string; param: string }

function position(query: string): Position | null {
  if (!query) return null
  const params = new URLSearchParams(query)
  for (const [keys, kind] of [
    [PAGE_KEYS, 'page'],
    [OFFSET_KEYS, 'offset'],
  ] as const) {
    for (const k of keys) {
      const v = params.get(k)
      if (v !== null && /^\d{1,12}$/.test(v)) return { kind, value: Number(v), param: k }
    }
  }
  for (const k of CURSOR_KEYS) {
    const v = params.get(k)
    if (v) return { kind: 'cursor', value: v.slice(0, 128), param: k }
  }
  return null
}

interface Walk {
  kind: Position['kind']
  param: string
  last: number | string
  /** Offset step of an offset walk, learned from its first step. */
  step: number
  pages: number
  firstTs: number
  lastTs: number
  /** Welford count, mean and M2 of the gaps between pages, ms. */
  gaps: number
  mean: number
  m2: number
  emittedAt: number
  samples: string[]
  /** Bot name (enrichment) or user-agent family of the walk's latest request. */
  agent: string
}

function startWalk(p: Position, e: EventRow): Walk {
  return {
    kind: p.kind,
    param: p.param,
    last: p.value,
    step: 0,
    pages: 1,
    firstTs: e.ts,
    lastTs: e.ts,
    gaps: 0,
    mean: 0,
    m2: 0,
    emittedAt: 0,
    samples: [e.event_id],
    agent: e.bot || e.ua_family,
  }
}

/** Whether `p` is the next page of `w`: same kind, and one page, one step or a new cursor on. */
function isNext(w: Walk, p: Position): boolean {
  if (p.kind !== w.kind || p.param !== w.param) return false
  if (p.kind === 'page') return p.value === (w.last as number) + 1
  if (p.kind === 'offset') {
    const d = p.value - (w.last as number)
    return d > 0 && (w.step === 0 || d === w.step)
  }
  return p.value !== w.last
}

export function createCrawl(config: CrawlConfig): DetectorInstance {
  const maxGap = config.max_gap_seconds * 1000
  const walks = new KeyedState<Walk>({ maxKeys: config.max_walks, idleMs: maxGap })
  let sweptAt = Number.NEGATIVE_INFINITY

  return {
    onEvent(e, ctx) {
      if (e.status >= 400) return
      const p = position(e.query)
      if (!p) return
      const subject = callerOf(e)
      const route = endpointOf(e)
      const key = `${subject.kind} ${subject.id} ${route}`
      const known = walks.has(key)
      const w = walks.touch(key, e.ts, () => startWalk(p, e))
      if (!known) return
      if (p.kind === w.kind && p.value === w.last && e.ts - w.lastTs <= maxGap) return // a retry: neither counts nor breaks
      if (e.ts - w.lastTs > maxGap || !isNext(w, p)) {
        Object.assign(w, startWalk(p, e))
        return
      }
      if (w.kind === 'offset' && w.step === 0) w.step = (p.value as number) - (w.last as number)
      const gap = e.ts - w.lastTs
      w.gaps++
      const d = gap - w.mean
      w.mean += d / w.gaps
      w.m2 += d * (gap - w.mean)
      w.last = p.value
      w.lastTs = e.ts
      w.pages++
      w.agent = e.bot || e.ua_family
      if (w.samples.length < MAX_SAMPLES) w.samples.push(e.event_id)

      if (w.pages < config.min_pages || w.pages < 2 * w.emittedAt) return
      const cv = w.mean > 0 ? Math.sqrt(w.m2 / w.gaps) / w.mean : 0
      if (cv > config.max_cv) return
      w.emittedAt = w.pages
      const label = callerLabel(subject)
      ctx.emit({
        type: CRAWL,
        severity: w.pages >= config.high_pages ? 'high' : 'medium',
        owasp: 'API6:2023 Unrestricted Access to Sensitive Business Flows',
        subject,
        first_seen: w.firstTs,
        last_seen: w.lastTs,
        summary:
          `${label} walked ${n(w.pages)} consecutive pages of ${route} by ${w.param} every ` +
          `${(w.mean / 1000).toFixed(1)} s with a gap variation of ${cv.toFixed(2)}, against at most ` +
          `${config.max_cv} for ${config.min_pages} pages expected of people.`,
        observed: {
          pages: w.pages,
          route,
          by: w.param,
          last_position: String(w.last),
          mean_gap_seconds: Number((w.mean / 1000).toFixed(2)),
          gap_cv: Number(cv.toFixed(3)),
          agent: w.agent || 'unknown',
        },
        expected: { min_pages: config.min_pages, max_cv: config.max_cv },
        sample_event_ids: w.samples,
        events: w.pages,
      })
    },
    onWatermark(ctx) {
      if (ctx.watermark - sweptAt < maxGap) return
      sweptAt = ctx.watermark
      walks.evictIdle(ctx.watermark)
    },
    snapshot: () => ({ walks: walks.snapshot() }),
    restore(state) {
      const saved = (state as { walks?: unknown } | undefined)?.walks
      if (saved) walks.restore(saved)
    },
    size: () => walks.size,
  }
}
