// recon.sensitive_paths: requests for files and consoles that should never be public (.env,
// .git, actuator, admin consoles, dumps). Low while they fail, the rule's severity once one
// answered 2xx, medium when one source tries several kinds.
import type { Severity } from '@gatewatch/schema'
import type { EventRow } from '../../store/event-row.js'
import { KeyedState, keyedDetector } from '../state.js'
import { pushSample } from '../token.js'
import { decodeRepeatedly } from '../traffic/decode.js'
import { maxSeverity, type Reported, type Source, sourceOf, worthReporting } from '../traffic/source.js'
import type { DetectorContext, DetectorInstance } from '../types.js'
import type { SensitivePathsConfig } from './config.js'

export const SENSITIVE_PATHS = 'recon.sensitive_paths'

interface PathState {
  subject: Source['subject']
  first: number
  hits: number
  rules: string[]
  exposed: string[]
  severity: Severity
  samples: string[]
  reported: Reported | null
}

export function createSensitivePaths(config: SensitivePathsConfig): DetectorInstance {
  const rules = config.rules.map((rule) => {
    try {
      return { ...rule, regex: new RegExp(rule.pattern, 'i') }
    } catch (error) {
      throw new Error(
        `recon_sensitive_paths: rule "${rule.name}" has an invalid pattern: ${(error as Error).message}`,
      )
    }
  })
  // One alternation rejects the ordinary path in one pass (unless a pattern uses back-references,
  // whose numbers an alternation would shift).
  const anyRule = config.rules.some((r) => /\\\d/.test(r.pattern))
    ? null
    : new RegExp(config.rules.map((r) => `(?:${r.pattern})`).join('|'), 'i')
  const sources = new KeyedState<PathState>({ maxKeys: config.max_keys, idleMs: config.idle_ms })

  function onEvent(row: EventRow, ctx: DetectorContext): void {
    const path = decodeRepeatedly(row.path).replace(/\/{2,}/g, '/')
    if (anyRule && !anyRule.test(path)) return
    const rule = rules.find((r) => r.regex.test(path))
    if (!rule) return
    const source = sourceOf(row)
    const state = sources.touch(source.key, row.ts, () => ({
      subject: source.subject,
      first: row.ts,
      hits: 0,
      rules: [],
      exposed: [],
      severity: 'low',
      samples: [],
      reported: null,
    }))
    state.hits++
    pushSample(state.samples, row.event_id)
    if (!state.rules.includes(rule.name)) state.rules.push(rule.name)
    const succeeded = row.status >= 200 && row.status < 300
    if (succeeded) {
      if (!state.exposed.includes(rule.name)) state.exposed.push(rule.name)
      state.severity = maxSeverity(state.severity, rule.success_severity)
    }
    if (state.rules.length >= config.probe_rules) state.severity = maxSeverity(state.severity, 'medium')
    if (!worthReporting(state.reported, state.hits, state.severity)) return
    state.reported = { events: state.hits, severity: state.severity }
    const answered = state.exposed.length
      ? `, ${state.exposed.join(', ')} answered 2xx`
      : ', none answered 2xx'
    ctx.emit({
      type: SENSITIVE_PATHS,
      severity: state.severity,
      owasp: 'API8:2023 Security Misconfiguration',
      subject: state.subject,
      first_seen: state.first,
      last_seen: row.ts,
      summary: `${state.hits} requests for sensitive paths (${state.rules.join(', ')})${answered}; an ordinary client asks for none.`,
      observed: {
        requests: state.hits,
        kinds: state.rules.length,
        exposed: state.exposed.length,
        latest_path: row.path.slice(0, 200),
        latest_status: row.status,
      },
      expected: { requests: 0 },
      sample_event_ids: [...state.samples],
      events: state.hits,
    })
  }

  return keyedDetector(sources, onEvent)
}
