// Who made a request, as an alert subject: the credential (with its readable name) when there is
// one, else the client IP.
import type { AlertSubject } from '@gatewatch/schema'
import type { EventRow } from '../../store/event-row.js'
import { principalSubject } from '../token.js'

export const callerOf = (e: EventRow): AlertSubject =>
  e.principal_fingerprint ? principalSubject(e) : { kind: 'ip', id: e.client_ip }

/** "Principal alice" or "IP 203.0.113.9", for summaries. */
export const callerLabel = (s: AlertSubject): string =>
  s.kind === 'ip' ? `IP ${s.id}` : `Principal ${s.label ?? s.id}`

/** The endpoint of a request as alert subjects name it: "SERVICE METHOD ROUTE". */
export const endpointOf = (e: EventRow): string => `${e.service} ${e.method} ${e.route}`
