// Raw record → AccessEvent v1: splits the target into path and query, redacts both, reduces the
// credentials to a principal, trims every field to the contract's limits and derives the
// deterministic event_id from (collector, source identity, byte offset).
import { hash } from 'node:crypto'
import type { AccessEvent } from '@gatewatch/schema'
import type { RawRecord } from './parsers/types.js'
import type { Redactor } from './redact/index.js'

export interface NormalizeOptions {
  collectorId: string
  /** Service name when the log line does not name one (`upstream_service`); else the Host header is used. */
  service?: string
  redactor: Redactor
}

/** Where a line came from: the stable identity of its source and its byte offset there. */
export interface LinePosition {
  sourceId: string
  offset: number
}

export type Normalizer = (record: RawRecord, position: LinePosition) => AccessEvent

const MAX_PATH = 8192
const MAX_FORWARDED = 32

/** First 32 hex of sha256(collectorId NUL sourceId NUL offset): the same line always gets the same id. */
export function eventId(collectorId: string, sourceId: string, offset: number): string {
  return hash('sha256', `${collectorId}\0${sourceId}\0${offset}`, 'hex').slice(0, 32)
}

function forwardedChain(header: string | undefined): string[] {
  if (header === undefined) return []
  const out: string[] = []
  for (const part of header.split(',')) {
    const hop = part.trim()
    if (hop && hop !== '-' && hop !== 'unknown') out.push(hop.slice(0, 64))
    if (out.length === MAX_FORWARDED) break
  }
  return out
}

export function createNormalizer(options: NormalizeOptions): Normalizer {
  const { collectorId, redactor } = options
  const configuredService = options.service || undefined

  return function normalize(record, position) {
    let target = record.target
    let host = record.host
    // Proxy-style absolute targets (`GET http://host/path`): keep the path, the host is the authority.
    if (target.charCodeAt(0) !== 47 && (target.startsWith('http://') || target.startsWith('https://'))) {
      const authStart = target.indexOf('//') + 2
      const pathStart = target.indexOf('/', authStart)
      host ??= target.slice(authStart, pathStart === -1 ? undefined : pathStart)
      target = pathStart === -1 ? '/' : target.slice(pathStart)
    }
    const hash = target.indexOf('#')
    if (hash !== -1) target = target.slice(0, hash)
    const q = target.indexOf('?')
    const rawPath = q === -1 ? target : target.slice(0, q)
    const redactedQuery = q === -1 ? null : redactor.query(target.slice(q + 1))
    const path = redactor.path(rawPath)
    const query = redactedQuery === null ? '' : redactedQuery.query

    const event: AccessEvent = {
      v: 1,
      event_id: eventId(collectorId, position.sourceId, position.offset),
      ts: record.ts,
      collector: collectorId,
      service: (record.upstream_service ?? configuredService ?? host ?? '').slice(0, 256),
      host: (host ?? '').slice(0, 256),
      method: record.method.toUpperCase(),
      path: path.length > MAX_PATH ? path.slice(0, MAX_PATH) : path,
      query: query.length > MAX_PATH ? query.slice(0, MAX_PATH) : query,
      status: record.status,
      client_ip: record.client_ip.slice(0, 64),
      forwarded_for: forwardedChain(record.forwarded_for),
      user_agent: record.user_agent.length > 1024 ? record.user_agent.slice(0, 1024) : record.user_agent,
      principal: redactor.principal(record, redactedQuery === null ? null : redactedQuery.credential),
    }
    if (record.latency_ms !== undefined) event.latency_ms = record.latency_ms
    if (record.request_bytes !== undefined) event.request_bytes = Math.floor(record.request_bytes)
    if (record.response_bytes !== undefined) event.response_bytes = Math.floor(record.response_bytes)
    if (record.request_id !== undefined) event.request_id = record.request_id.slice(0, 256)
    if (record.gateway_route !== undefined) event.gateway_route = record.gateway_route.slice(0, 256)
    const headers = record.headers === undefined ? undefined : redactor.headers(record)
    if (headers !== undefined) event.headers = headers
    return event
  }
}
