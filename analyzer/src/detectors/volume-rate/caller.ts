// Who made a request, as an alert subject: the credential (with its readable name) when there is
// one, else the client IP.
import type { AlertSubject } from '@gatewatch/schema'
import type { EventRow } from '../../store/event-row.js'
import { sourceOf } from '../traffic/source.js'

export const callerOf = (e: EventRow): AlertSubject => sourceOf(e).subject

/** "Principal alice" or "IP 203.0.113.9", for summaries. */
export const callerLabel = (s: AlertSubject): string =>
  s.kind === 'ip' ? `IP ${s.id}` : `Principal ${s.label ?? s.id}`
