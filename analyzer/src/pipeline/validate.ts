// Validate step: a parsed JSON value to an AccessEvent v1, using the schema package's compiled
// validator; the rejection names the first wrong field.
import { type AccessEvent, validateAccessEvent } from '@gatewatch/schema'
import { deadLetter, ok, type Step } from './step.js'

export function createValidateStep(): Step<unknown, AccessEvent> {
  return function validate(value) {
    const r = validateAccessEvent(value)
    return r.ok ? ok(r.value) : deadLetter('invalid_event', r.reason)
  }
}
