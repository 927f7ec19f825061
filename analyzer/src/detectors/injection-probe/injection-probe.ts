// injection.probe: SQL injection, XSS, path traversal, command injection and SSRF payloads in the
// path or the query values, after percent-decoding (double encoding included). Medium while the
// API refuses them (4xx), high once one was answered 2xx (accepted) or 5xx (it broke something).
import type { OwaspCategory, Severity } from '@gatewatch/schema'
import type { EventRow } from '../../store/event-row.js'
import { KeyedState, keyedDetector } from '../state.js'
import { pushSample } from '../token.js'
import { decodeRepeatedly, queryValues } from '../traffic/decode.js'
import { maxSeverity, type Reported, type Source, sourceOf, worthReporting } from '../traffic/source.js'
import type { DetectorContext, DetectorInstance } from '../types.js'
import type { InjectionProbeConfig } from './config.js'
import { type InjectionClass, matchSignature, type Signature } from './patterns.js'

export const INJECTION_PROBE = 'injection.probe'

interface ProbeState {
  subject: Source['subject']
  first: number
  hits: number
  classes: InjectionClass[]
  signatures: string[]
  answered: number
  severity: Severity
  samples: string[]
  reported: Reported | null
}

/** The first signature found in the path or a query value of `row`. */
export function findInjection(row: Pick<EventRow, 'path' | 'query'>, maxLength = 2048): Signature | null {
  const path = decodeRepeatedly(row.path.slice(0, maxLength)).toLowerCase()
  const found = matchSignature(path)
  if (found) return found
  for (const value of queryValues(row.query.slice(0, 4 * maxLength))) {
    const match = matchSignature(value.slice(0, maxLength).toLowerCase())
    if (match) return match
  }
  return null
}

const owaspOf = (classes: InjectionClass[]): OwaspCategory =>
  classes.length === 1 && classes[0] === 'ssrf'
    ? 'API7:2023 Server Side Request Forgery'
    : 'API8:2023 Security Misconfiguration'

export function createInjectionProbe(config: InjectionProbeConfig): DetectorInstance {
  const sources = new KeyedState<ProbeState>({ maxKeys: config.max_keys, idleMs: config.idle_ms })

  function onEvent(row: EventRow, ctx: DetectorContext): void {
    const signature = findInjection(row, config.max_value_length)
    if (!signature) return
    const source = sourceOf(row)
    const state = sources.touch(source.key, row.ts, () => ({
      subject: source.subject,
      first: row.ts,
      hits: 0,
      classes: [],
      signatures: [],
      answered: 0,
      severity: 'medium',
      samples: [],
      reported: null,
    }))
    state.hits++
    pushSample(state.samples, row.event_id)
    if (!state.classes.includes(signature.class)) state.classes.push(signature.class)
    if (!state.signatures.includes(signature.name) && state.signatures.length < 10)
      state.signatures.push(signature.name)
    if ((row.status >= 200 && row.status < 300) || row.status >= 500) {
      state.answered++
      state.severity = maxSeverity(state.severity, 'high')
    }
    if (!worthReporting(state.reported, state.hits, state.severity)) return
    state.reported = { events: state.hits, severity: state.severity }
    ctx.emit({
      type: INJECTION_PROBE,
      severity: state.severity,
      owasp: owaspOf(state.classes),
      subject: state.subject,
      first_seen: state.first,
      last_seen: row.ts,
      summary: `${state.hits} requests carried ${state.classes.join('/')} payloads (${state.signatures.join(', ')}), ${state.answered} answered 2xx or 5xx; an ordinary client sends none.`,
      observed: {
        requests: state.hits,
        classes: state.classes.join(','),
        answered_2xx_or_5xx: state.answered,
        latest_status: row.status,
        latest_path: row.path.slice(0, 200),
      },
      expected: { requests: 0 },
      sample_event_ids: [...state.samples],
      events: state.hits,
    })
  }

  return keyedDetector(sources, onEvent)
}
