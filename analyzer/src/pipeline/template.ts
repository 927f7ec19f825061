// Template step: fills the event's route template and shapes the row stored in ClickHouse.
import type { AccessEvent } from '@gatewatch/schema'
import { routeTemplate } from '../inventory/route-template.js'
import { type EventRow, toEventRow } from '../store/event-row.js'
import { ok, type Step } from './step.js'

export function createTemplateStep(): Step<AccessEvent, EventRow> {
  return function template(event) {
    return ok(toEventRow(event, routeTemplate(event.path)))
  }
}
