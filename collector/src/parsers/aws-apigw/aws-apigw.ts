// Parser for Amazon API Gateway access logs in JSON (REST, HTTP and WebSocket APIs). The log
// format is a template the operator writes with $context variables; the key names below are those
// of AWS's documented JSON formats and the common variants, flat (`"sourceIp"`) or dotted and nested
// (`"identity": {"sourceIp": ...}`): requestId, extendedRequestId, ip / identity.sourceIp,
// requestTimeEpoch (ms) or requestTime (CLF), httpMethod (REST) or routeKey (`GET /pets`, HTTP
// APIs), path, resourcePath, status, protocol, responseLength, responseLatency /
// integrationLatency, userAgent, domainName, apiId, stage, identity.apiKey, and the authorizer's
// principalId or claims.sub. API Gateway writes every value as text and `-` for "none". When the
// template logs no `path`, the route template (resourcePath, or the path of routeKey) stands in
// for it. WebSocket message events (eventType without an HTTP method) are skipped.
//
// API Gateway does not escape quotes inside $context values: a user agent with a quote can break
// the JSON or inject a second key, which parseJsonObject rejects as a repeated key.
import { badNumber, checkRecord } from '../fields.js'
import { statelessFormat } from '../guard.js'
import { first, num, parseJsonObject, text } from '../json.js'
import { parseClf, parseEpoch } from '../time.js'
import { type ParseOutcome, type RawRecord, reject, SKIP } from '../types.js'

const REQUEST_ID = ['requestId', 'extendedRequestId']
const IP = ['ip', 'sourceIp', 'identity.sourceIp', 'clientIp']
const EPOCH = ['requestTimeEpoch']
const CLF_TIME = ['requestTime']
const METHOD = ['httpMethod', 'method']
const PATH = ['path', 'requestPath']
const ROUTE = ['routeKey', 'resourcePath']
const STATUS = ['status', 'statusCode']
const LATENCY = ['responseLatency', 'latency', 'integrationLatency', 'integration.latency']
const USER_AGENT = ['userAgent', 'identity.userAgent', 'user-agent']
const API_KEY = ['apiKey', 'identity.apiKey']
const CONSUMER = [
  'authorizer.principalId',
  'principalId',
  'authorizer.claims.sub',
  'authorizer.jwt.claims.sub',
  'claims.sub',
  'identity.cognitoIdentityId',
  'identity.user',
  'user',
]

/** `GET /pets/{id}` → [GET, /pets/{id}]; `$default` and `$connect` have no method. */
function splitRouteKey(routeKey: string | undefined): [string | undefined, string | undefined] {
  if (routeKey === undefined) return [undefined, undefined]
  const sp = routeKey.indexOf(' ')
  if (sp === -1) return [undefined, undefined]
  const method = routeKey.slice(0, sp)
  return [method === 'ANY' ? undefined : method, routeKey.slice(sp + 1)]
}

export function parseAwsApigw(line: string): ParseOutcome {
  const parsed = parseJsonObject(line)
  if (!parsed.ok) return parsed
  const o = parsed.value
  const requestId = text(first(o, REQUEST_ID))
  const status = num(first(o, STATUS))
  if (requestId === undefined)
    return reject('unknown_shape', 'missing key requestId: not an API Gateway access log')
  const route = text(first(o, ROUTE))
  const [routeMethod, routePath] = splitRouteKey(text(o.routeKey))
  const method = text(first(o, METHOD)) ?? routeMethod
  if (method === undefined) {
    if (o.eventType !== undefined || o.connectionId !== undefined) return SKIP
    return reject('bad_request_line', 'no httpMethod, and routeKey names no method')
  }
  const target = text(first(o, PATH)) ?? text(o.resourcePath) ?? routePath
  if (target === undefined) return reject('bad_request_line', 'no path, resourcePath or routeKey')
  let ts: number
  const epoch = first(o, EPOCH)
  if (epoch !== undefined) ts = parseEpoch(epoch, 'ms')
  else {
    const clf = text(first(o, CLF_TIME))
    if (clf === undefined) return reject('unknown_shape', 'missing key requestTime or requestTimeEpoch')
    ts = parseClf(clf)
  }
  if (ts < 0)
    return reject(
      'bad_timestamp',
      'requestTime is not dd/Mon/yyyy:HH:mm:ss +zzzz, or requestTimeEpoch not epoch ms',
    )
  if (status === undefined) return reject('unknown_shape', 'missing key status')
  if (Number.isNaN(status)) return badNumber('status')
  const length = num(o.responseLength)
  const latency = num(first(o, LATENCY))
  if (Number.isNaN(length)) return badNumber('responseLength')
  if (Number.isNaN(latency)) return badNumber('responseLatency')
  const rec: RawRecord = {
    ts,
    method,
    target,
    protocol: text(o.protocol) ?? '',
    status,
    client_ip: text(first(o, IP)) ?? '',
    user_agent: text(first(o, USER_AGENT)) ?? '',
    response_bytes: length,
    latency_ms: latency,
    host: text(o.domainName),
    request_id: requestId,
    upstream_service: text(o.apiId),
    gateway_route: route,
    api_key: text(first(o, API_KEY)),
    consumer: text(first(o, CONSUMER)),
  }
  return checkRecord(rec) ?? { ok: true, record: rec }
}

export const awsApigwFormat = statelessFormat(
  'aws-apigw',
  'Amazon API Gateway JSON access logs ($context variables, REST and HTTP APIs).',
  parseAwsApigw,
)
export const awsApigw = awsApigwFormat.shared!
