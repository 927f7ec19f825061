// Template step: fills the event's route template and shapes the row stored in ClickHouse. The
// templater (inventory/templater.ts) may hold state (learned templates, imported specs), so the
// pipeline receives it as a dependency; without one, a fresh templater with the defaults is used.
import type { AccessEvent } from '@gatewatch/schema'
import { Templater } from '../inventory/templater.js'
import { type EventRow, toEventRow } from '../store/event-row.js'
import { ok, type Step } from './step.js'

/** What the step needs from a templater. */
export interface RouteTemplater {
  template(service: string, method: string, path: string): string
}

export function createTemplateStep(templater: RouteTemplater = new Templater()): Step<AccessEvent, EventRow> {
  return function template(event) {
    return ok(toEventRow(event, templater.template(event.service, event.method, event.path)))
  }
}
