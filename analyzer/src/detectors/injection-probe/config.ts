// Config of injection.probe: how much of each value is inspected and the state bounds. The
// signatures themselves are code (patterns.ts), each with tests on real attack strings.
import Type, { type Static } from 'typebox'
import { enabledField, idleField, maxKeysField } from '../fields.js'

export const InjectionProbeConfig = Type.Object(
  {
    enabled: enabledField(),
    max_value_length: Type.Integer({
      minimum: 64,
      maximum: 65_536,
      default: 2048,
      description:
        'Characters of the path and of each query value inspected (bounds regex work on hostile URLs).',
    }),
    max_keys: maxKeysField(10_000),
    idle_ms: idleField(24 * 3_600_000),
  },
  {
    additionalProperties: false,
    default: {},
    description: 'injection.probe: SQLi, XSS, traversal, command injection and SSRF payloads.',
  },
)
export type InjectionProbeConfig = Static<typeof InjectionProbeConfig>
