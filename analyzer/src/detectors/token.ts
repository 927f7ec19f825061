// What the token.* detectors share: which rows carry an established credential, how a client IP
// becomes a network (its AS number, else its /24 or /48 prefix), and the subject of their alerts.
import type { AlertSubject } from '@gatewatch/schema'
import type { EventRow } from '../store/event-row.js'
import { memo2 } from './memo.js'

export const API2 = 'API2:2023 Broken Authentication' as const

/** The credential key of a row, or '' when the request carried none we can follow. */
export function credentialOf(row: EventRow): string {
  return row.principal_kind === 'none' ? '' : row.principal_fingerprint
}

const networkMemo = memo2((asn: number, ip: string): string => {
  if (asn > 0) return `AS${asn}`
  if (ip.includes(':')) return `${ip.split(':').slice(0, 3).join(':')}::/48`
  const dot = ip.lastIndexOf('.')
  return dot > 0 ? `${ip.slice(0, dot)}.0/24` : ip
})

/** The network of a client IP: `AS64500` when enrichment knows its AS, else its /24 (IPv4) or /48 (IPv6). */
export const networkOf = (row: EventRow): string => networkMemo(row.asn, row.client_ip)

/** A network in words: `AS64500 (Example Net, DE)`. */
export function describeNetwork(row: EventRow): string {
  const parts = [row.as_org, row.country].filter(Boolean).join(', ')
  return parts ? `${networkOf(row)} (${parts})` : networkOf(row)
}

/** A credential as an alert subject, labelled with its readable name when it has one. */
export const credentialSubject = memo2(
  (fingerprint: string, label: string): AlertSubject =>
    label ? { kind: 'principal', id: fingerprint, label } : { kind: 'principal', id: fingerprint },
)

/** The readable name of a row's credential: its subject, else its client id, else ''. */
export const credentialLabel = (row: EventRow): string => row.principal_subject || row.principal_client_id

/** The credential of a row as an alert subject (one object per row, shared: never change it). */
export const principalSubject = (row: EventRow): AlertSubject =>
  credentialSubject(row.principal_fingerprint, credentialLabel(row))

export const isSuccess = (status: number) => status >= 200 && status < 300

/** Adds `value` to a bounded list of samples (first ones kept: they show how it started). */
export function pushSample(samples: string[], value: string, max = 20): void {
  if (samples.length < max && !samples.includes(value)) samples.push(value)
}
