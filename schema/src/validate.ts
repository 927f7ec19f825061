// Compiled validators. A rejection names the first field that was wrong, so a dead letter can
// say why in one line.
import { Compile } from 'typebox/compile'
import { AccessEvent } from './access-event.js'

export type Validation<T> = { ok: true; value: T } | { ok: false; reason: string }

const accessEventValidator = Compile(AccessEvent)

/** Checks an unknown value against AccessEvent v1 and says what was wrong. */
export function validateAccessEvent(value: unknown): Validation<AccessEvent> {
  if (accessEventValidator.Check(value)) return { ok: true, value }
  const [first] = accessEventValidator.Errors(value)
  if (!first) return { ok: false, reason: 'invalid AccessEvent' }
  const where = first.instancePath || '/'
  const extra =
    first.keyword === 'additionalProperties'
      ? ` (${(first.params as { additionalProperties?: string[] }).additionalProperties?.join(', ')})`
      : ''
  return { ok: false, reason: `${where}: ${first.message}${extra}` }
}
