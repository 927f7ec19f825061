// Config of injection.probe: how much of each value is inspected and the state bounds. The
// signatures themselves are code (patterns.ts), each with tests on real attack strings.
import Type, { type Static } from 'typebox'

export const InjectionProbeConfig = Type.Object(
  {
    enabled: Type.Boolean({ default: true, description: 'Run injection.probe.' }),
    max_value_length: Type.Integer({
      minimum: 64,
      maximum: 65_536,
      default: 2048,
      description:
        'Characters of the path and of each query value inspected (bounds regex work on hostile URLs).',
    }),
    max_keys: Type.Integer({
      minimum: 1,
      default: 10_000,
      description: 'Sources held at most; the least recently seen is evicted first.',
    }),
    idle_ms: Type.Integer({
      minimum: 1,
      default: 24 * 3_600_000,
      description: 'A source unseen for this long (event time, ms) is forgotten.',
    }),
  },
  {
    additionalProperties: false,
    description: 'injection.probe: SQLi, XSS, traversal, command injection and SSRF payloads.',
  },
)
export type InjectionProbeConfig = Static<typeof InjectionProbeConfig>
