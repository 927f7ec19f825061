// Parser for Kong Gateway's log serializer output (file-log, http-log, tcp-log, udp-log, syslog):
// one JSON object per request with request.{method, uri, url, size, headers, querystring},
// response.{status, size}, latencies.{request, proxy, kong}, client_ip, started_at (ms),
// service.name, route.{name, paths}, consumer.{username, id}, authenticated_entity, tries,
// upstream_status. Kong logs every request header, so authorization, apikey and cookie arrive in
// `headers` and in their own fields (Kong ≥ 2.0 writes Authorization as "REDACTED"; that
// placeholder is dropped). The http-log plugin posts batches as a JSON array: splitKongBatch cuts a
// posted body into one record per element for the HTTP receiver.
import { badNumber, checkRecord, fieldsFromHeaders, headersFromObject } from '../fields.js'
import { statelessFormat } from '../guard.js'
import { type JsonObject, MAX_JSON_DEPTH, num, obj, parseJsonObject, text } from '../json.js'
import { parseEpoch } from '../time.js'
import { type ParseOutcome, type RawRecord, type Rejection, reject } from '../types.js'

function routeName(route: JsonObject | undefined): string | undefined {
  if (route === undefined) return undefined
  const name = text(route.name)
  if (name !== undefined) return name
  const paths = route.paths
  return Array.isArray(paths) && typeof paths[0] === 'string' ? paths[0] : text(route.id)
}

function consumerOf(o: JsonObject): string | undefined {
  const consumer = obj(o.consumer)
  if (consumer !== undefined) {
    return text(consumer.username) ?? text(consumer.custom_id) ?? text(consumer.id)
  }
  const entity = obj(o.authenticated_entity)
  return entity === undefined ? undefined : (text(entity.consumer_id) ?? text(entity.id))
}

/** The balancer's last try: the upstream that answered. */
function lastTry(o: JsonObject): string | undefined {
  const tries = o.tries
  if (!Array.isArray(tries) || tries.length === 0) return undefined
  const t = obj(tries[tries.length - 1])
  const ip = t === undefined ? undefined : text(t.ip)
  if (ip === undefined) return undefined
  const port = text(t!.port)
  return port === undefined ? ip : `${ip.includes(':') ? `[${ip}]` : ip}:${port}`
}

/** request.uri, else the path and query of request.url. */
function targetOf(request: JsonObject): string | undefined {
  const uri = text(request.uri) ?? text(request.request_uri)
  if (uri !== undefined && uri.charCodeAt(0) === 47) return uri
  const url = text(request.url) ?? uri
  if (url === undefined) return undefined
  const scheme = url.indexOf('://')
  if (scheme === -1) return url
  const slash = url.indexOf('/', scheme + 3)
  return slash === -1 ? '/' : url.slice(slash)
}

/** Kong record (the parsed JSON object) → RawRecord. */
export function kongRecord(o: JsonObject): ParseOutcome {
  const request = obj(o.request)
  const response = obj(o.response)
  if (request === undefined || response === undefined) {
    return reject('unknown_shape', 'missing object request or response: not a Kong log entry')
  }
  const method = text(request.method)
  const target = targetOf(request)
  if (method === undefined || target === undefined)
    return reject('bad_request_line', 'request.method or request.uri is missing')
  if (o.started_at === undefined) return reject('unknown_shape', 'missing key started_at')
  const ts = parseEpoch(o.started_at, 'ms')
  if (ts < 0) return reject('bad_timestamp', 'started_at is not epoch milliseconds')
  const status = num(response.status)
  if (status === undefined) return reject('unknown_shape', 'missing key response.status')
  if (Number.isNaN(status)) return badNumber('response.status')
  const requestBytes = num(request.size)
  const responseBytes = num(response.size)
  const latencies = obj(o.latencies)
  const latency = latencies === undefined ? undefined : num(latencies.request)
  const upstreamStatus = num(o.upstream_status)
  if (Number.isNaN(requestBytes)) return badNumber('request.size')
  if (Number.isNaN(responseBytes)) return badNumber('response.size')
  if (Number.isNaN(latency)) return badNumber('latencies.request')
  if (Number.isNaN(upstreamStatus)) return badNumber('upstream_status')
  const headers = headersFromObject(obj(request.headers))
  // Kong ≥ 0.13 names the service; older versions the `api`.
  const service = obj(o.service) ?? obj(o.api)
  const rec: RawRecord = {
    ts,
    method,
    target,
    protocol: '',
    status,
    client_ip: text(o.client_ip) ?? '',
    user_agent: '',
    request_bytes: requestBytes,
    response_bytes: responseBytes,
    latency_ms: latency,
    request_id: text(request.id) ?? headers?.['x-kong-request-id'],
    upstream_service: service === undefined ? undefined : (text(service.name) ?? text(service.host)),
    gateway_route: routeName(obj(o.route)),
    consumer: consumerOf(o),
    upstream_host: lastTry(o),
    upstream_status: upstreamStatus,
    headers,
  }
  fieldsFromHeaders(rec)
  if (rec.api_key === undefined) {
    // key-auth also accepts the key as a query parameter; Kong logs it in request.querystring.
    const qs = obj(request.querystring)
    const key = qs === undefined ? undefined : text(qs.apikey)
    if (key !== undefined) rec.api_key = key
  }
  return checkRecord(rec) ?? { ok: true, record: rec }
}

export function parseKong(line: string): ParseOutcome {
  const parsed = parseJsonObject(line)
  if (!parsed.ok) {
    if (parsed.reason === 'unknown_shape' && parsed.detail.includes('array')) {
      return reject(
        'unknown_shape',
        'the line is a JSON array (an http-log batch): split it with splitKongBatch',
      )
    }
    return parsed
  }
  return kongRecord(parsed.value)
}

export const kongFormat = statelessFormat(
  'kong',
  "Kong's log serializer JSON (file-log, http-log, tcp-log, syslog), one object per line.",
  parseKong,
)
export const kong = kongFormat.shared!

/** Most records one posted batch may hold (http-log's queue.max_batch_size is at most 1,000,000; 1,000 is its usual value). */
export const MAX_KONG_BATCH = 10_000

/**
 * Cuts an http-log POST body into one JSON text per record, without parsing the records: a JSON
 * array of objects (batch size > 1) or a single object. The cut is one pass over the text that
 * tracks strings and nesting, so a hostile body cannot make it recurse; each record is then parsed
 * by the kong parser, with its own bounds, and gets its own rejection when it is bad.
 */
export function splitKongBatch(body: string): { ok: true; records: string[] } | Rejection {
  let i = 0
  while (i < body.length && /\s/.test(body[i]!)) i++
  const c = body.charCodeAt(i)
  if (c === 123) return { ok: true, records: [body.slice(i).trim()] }
  if (c !== 91)
    return reject('unknown_shape', 'the body is neither a JSON array of records nor one JSON object')
  const records: string[] = []
  let depth = 0
  let start = -1
  for (i = i + 1; i < body.length; i++) {
    const ch = body.charCodeAt(i)
    if (ch === 34) {
      // Skip the string: to the next quote not preceded by an odd run of backslashes.
      for (i = i + 1; i < body.length; i++) {
        const sc = body.charCodeAt(i)
        if (sc === 92) i++
        else if (sc === 34) break
      }
      continue
    }
    if (ch === 123 || ch === 91) {
      if (depth === 0) {
        if (ch !== 123)
          return reject('unknown_shape', `batch element ${records.length + 1} is not a JSON object`)
        start = i
      }
      if (++depth > MAX_JSON_DEPTH)
        return reject('too_complex', `the batch nests deeper than ${MAX_JSON_DEPTH} levels`)
    } else if (ch === 125 || ch === 93) {
      if (depth === 0) {
        if (ch !== 93) return reject('malformed', 'the batch has an unbalanced }')
        return { ok: true, records }
      }
      if (--depth === 0) {
        records.push(body.slice(start, i + 1))
        if (records.length > MAX_KONG_BATCH) {
          return reject('too_complex', `the batch holds more than ${MAX_KONG_BATCH} records`)
        }
      }
    } else if (depth === 0 && ch !== 44 && ch !== 32 && ch !== 10 && ch !== 13 && ch !== 9) {
      return reject('unknown_shape', `batch element ${records.length + 1} is not a JSON object`)
    }
  }
  return reject('malformed', 'the batch is truncated (the array is not closed)')
}
