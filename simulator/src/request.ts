// One simulated request, labelled: everything a gateway would log about it plus who sent it and
// why (the ground truth the detectors are measured against). Formats turn it into a log line.
import type { ClientKind, HttpMethod } from './catalogue.js'
import type { CredentialSpec } from './users.js'

/**
 * Why the request exists: `normal` for ordinary users, `lookalike` for benign traffic shaped like an
 * attack (a nightly export, a search-engine crawl, typo'd passwords), `attack` for a scenario's
 * malicious requests. Only `attack` requests are in the ground truth.
 */
export type TrafficLabel = 'normal' | 'lookalike' | 'attack'

export interface SimulatedRequest {
  /** Event time, ms since the epoch, whole seconds (nginx logs seconds). */
  ts: number
  service: string
  host: string
  method: HttpMethod
  /** The catalogue's template for this request, e.g. `/v2/orders/{order_id}`. */
  route: string
  path: string
  /** Query string without `?`, empty when none. */
  query: string
  protocol: 'HTTP/1.1' | 'HTTP/2.0'
  status: number
  latencyMs: number
  requestBytes: number
  responseBytes: number
  clientIp: string
  forwardedFor?: string
  userAgent: string
  referer?: string
  /** The Authorization header as sent (Bearer JWT, Bearer opaque, Basic). */
  authorization?: string
  /** The X-Api-Key header as sent. */
  apiKey?: string
  /** nginx's $remote_user: the Basic-auth user name. */
  remoteUser?: string
  requestId: string
  /** Ground truth: who sent it and why. */
  actor: { user: string; client: ClientKind; credential: CredentialSpec['kind'] }
  label: TrafficLabel
  /** The scenario or look-alike that added it (its ground-truth id for attacks). */
  scenario?: string
}

/** `path?query`, as nginx's $request_uri holds it. */
export function requestUri(req: Pick<SimulatedRequest, 'path' | 'query'>): string {
  return req.query ? `${req.path}?${req.query}` : req.path
}
