// Test corpus in every log format: each CorpusRequest written the way that gateway logs it, with
// its credentials in every field the format can carry (a format that logs no headers carries only
// the target), plus lines the parser must reject that still hold the secrets. The no-leak test
// feeds these through every input and asserts that no secret comes out anywhere.
import { type CorpusRequest, JWT, NGINX_JSON_BASE, OPAQUE_BEARER } from './secret-corpus.js'

export interface CorpusFormat {
  /** Registry name of the format. */
  format: string
  /** The input's `parser` options (a LogFormat, captured headers, a custom mapping). */
  parser?: Record<string, unknown>
  /** Lines that come before the records: IIS writes its `#Fields:` directive first. */
  prelude?: string[]
  line(r: CorpusRequest): string
  /** Which credentials the format logs: the test checks that each one became a principal. */
  carries: { authorization: boolean; apiKey: boolean; cookie: boolean; headers: boolean }
}

const TS_ISO = '2023-11-14T22:13:20.000Z'
const TS_CLF = '14/Nov/2023:22:13:20 +0000'
const UA = 'client/1.0'
const dash = (v: string | undefined) => (v === undefined || v === '' ? '-' : v)
const q = (r: CorpusRequest) => {
  const i = r.target.indexOf('?')
  return i === -1
    ? { path: r.target, query: '' }
    : { path: r.target.slice(0, i), query: r.target.slice(i + 1) }
}
/** Request headers of the request, as a gateway that logs them all would (names as sent). */
function headers(r: CorpusRequest): Record<string, string> {
  const h: Record<string, string> = { 'User-Agent': UA, Host: 'api.example.test' }
  if (r.authorization) h.Authorization = r.authorization
  if (r.apiKey) h['X-Api-Key'] = r.apiKey
  if (r.cookie) h.Cookie = r.cookie
  if (r.shopKey) h['X-Shop-Key'] = r.shopKey
  return h
}
/** NCSA common log format, as Apache and nginx write it; combined adds Referer and User-Agent. */
const common = (r: CorpusRequest) => `203.0.113.7 - - [${TS_CLF}] "${r.method} ${r.target} HTTP/1.1" 200 10`
const combined = (r: CorpusRequest) => `${common(r)} "-" "${UA}"`
function nginxJson(r: CorpusRequest): string {
  return JSON.stringify({
    ...NGINX_JSON_BASE,
    request_method: r.method,
    request_uri: r.target,
    http_authorization: r.authorization ?? '',
    http_x_api_key: r.apiKey ?? '',
    http_cookie: r.cookie ?? '',
  })
}
const ALL = { authorization: true, apiKey: true, cookie: true, headers: true }
const TARGET_ONLY = { authorization: false, apiKey: false, cookie: false, headers: false }

export const CORPUS_FORMATS: readonly CorpusFormat[] = [
  {
    format: 'nginx-combined',
    line: (r) => combined(r),
    carries: TARGET_ONLY,
  },
  {
    format: 'apache-combined',
    line: (r) => combined(r),
    carries: TARGET_ONLY,
  },
  {
    format: 'apache-common',
    line: (r) => common(r),
    carries: TARGET_ONLY,
  },
  {
    format: 'nginx-json',
    line: (r) => nginxJson(r),
    carries: { ...ALL, headers: false },
  },
  {
    format: 'auto',
    line: (r) => nginxJson(r),
    carries: { ...ALL, headers: false },
  },
  {
    format: 'apache',
    parser: {
      apache: {
        log_format:
          '%h %l %u %t "%r" %>s %b "%{Referer}i" "%{User-Agent}i" "%{Authorization}i" "%{X-Api-Key}i" "%{Cookie}i" "%{X-Shop-Key}i"',
      },
    },
    line: (r) =>
      `203.0.113.7 - - [${TS_CLF}] "${r.method} ${r.target} HTTP/1.1" 200 10 "-" "${UA}" "${dash(r.authorization)}" "${dash(r.apiKey)}" "${dash(r.cookie)}" "${dash(r.shopKey)}"`,
    carries: ALL,
  },
  {
    format: 'envoy',
    line: (r) =>
      `[${TS_ISO}] "${r.method} ${r.target} HTTP/1.1" 200 - 0 10 12 11 "203.0.113.7" "${UA}" "req-1" "api.example.test" "10.0.0.1:80"`,
    carries: TARGET_ONLY,
  },
  {
    format: 'envoy-json',
    line: (r) =>
      JSON.stringify({
        start_time: TS_ISO,
        method: r.method,
        path: r.target,
        protocol: 'HTTP/1.1',
        response_code: '200',
        bytes_received: '0',
        bytes_sent: '10',
        duration: '12',
        'x-forwarded-for': '203.0.113.7',
        'user-agent': UA,
        authority: 'api.example.test',
        authorization: r.authorization,
        x_api_key: r.apiKey,
        cookie: r.cookie,
        x_shop_key: r.shopKey,
      }),
    carries: ALL,
  },
  {
    format: 'kong',
    line: (r) =>
      JSON.stringify({
        request: {
          method: r.method,
          uri: r.target,
          url: `https://api.example.test${r.target}`,
          size: 100,
          headers: Object.fromEntries(Object.entries(headers(r)).map(([k, v]) => [k.toLowerCase(), v])),
          querystring: Object.fromEntries(new URLSearchParams(q(r).query)),
        },
        response: { status: 200, size: 10 },
        client_ip: '203.0.113.7',
        started_at: 1_700_000_000_000,
        latencies: { request: 12 },
      }),
    carries: ALL,
  },
  {
    format: 'aws-apigw',
    line: (r) =>
      JSON.stringify({
        requestId: 'c6af9ac6-7b61-11e6-9a41-93e8deadbeef',
        ip: '203.0.113.7',
        requestTime: TS_CLF,
        httpMethod: r.method,
        path: r.target,
        status: '200',
        protocol: 'HTTP/1.1',
        responseLength: '10',
        identity: r.apiKey ? { apiKey: r.apiKey } : {},
      }),
    carries: { ...TARGET_ONLY, apiKey: true },
  },
  {
    format: 'aws-alb',
    line: (r) =>
      `https 2023-11-14T22:13:20.000000Z app/my-loadbalancer/50dc6c495c0c9188 203.0.113.7:2817 10.0.0.1:80 0.000 0.001 0.000 200 200 34 366 "${r.method} https://api.example.test:443${r.target} HTTP/1.1" "${UA}" ECDHE-RSA-AES128-GCM-SHA256 TLSv1.2 arn:aws:elasticloadbalancing:us-east-2:123456789012:targetgroup/my-targets/73e2d6bc24d8a067 "Root=1-58337281-1d84f3d73c47ec4e58577259" "api.example.test" "-" 1 2023-11-14T22:13:19.000000Z "forward" "-" "-" "10.0.0.1:80" "200" "-" "-"`,
    carries: TARGET_ONLY,
  },
  {
    format: 'traefik-json',
    line: (r) =>
      JSON.stringify({
        ClientAddr: '203.0.113.7:50412',
        ClientHost: '203.0.113.7',
        DownstreamContentSize: 10,
        DownstreamStatus: 200,
        Duration: 108_900,
        RequestHost: 'api.example.test',
        RequestMethod: r.method,
        RequestPath: r.target,
        RequestProtocol: 'HTTP/1.1',
        StartUTC: TS_ISO,
        ...Object.fromEntries(Object.entries(headers(r)).map(([k, v]) => [`request_${k}`, v])),
      }),
    carries: ALL,
  },
  {
    format: 'caddy-json',
    line: (r) =>
      JSON.stringify({
        level: 'info',
        ts: 1_700_000_000,
        logger: 'http.log.access',
        msg: 'handled request',
        request: {
          remote_ip: '203.0.113.7',
          proto: 'HTTP/1.1',
          method: r.method,
          host: 'api.example.test',
          uri: r.target,
          headers: Object.fromEntries(Object.entries(headers(r)).map(([k, v]) => [k, [v]])),
        },
        duration: 0.012,
        size: 10,
        status: 200,
      }),
    carries: ALL,
  },
  {
    format: 'haproxy',
    parser: { haproxy: { capture_request_headers: ['Authorization', 'X-Api-Key', 'Cookie', 'X-Shop-Key'] } },
    line: (r) =>
      `haproxy[14389]: 203.0.113.7:33317 [14/Nov/2023:22:13:20.000] http-in api/srv1 10/0/30/69/109 200 10 - - ---- 1/1/1/1/0 0/0 {${r.authorization ?? ''}|${r.apiKey ?? ''}|${r.cookie ?? ''}|${r.shopKey ?? ''}} {} "${r.method} ${r.target} HTTP/1.1"`,
    carries: ALL,
  },
  {
    format: 'iis-w3c',
    prelude: [
      '#Software: Microsoft Internet Information Services 10.0',
      '#Version: 1.0',
      '#Fields: date time s-ip cs-method cs-uri-stem cs-uri-query s-port cs-username c-ip cs(User-Agent) cs(Cookie) cs(Authorization) cs(X-Api-Key) cs(X-Shop-Key) sc-status sc-substatus sc-win32-status time-taken',
    ],
    line: (r) => {
      // IIS writes spaces as `+`.
      const w = (v: string | undefined) => dash(v).replaceAll(' ', '+')
      const { path, query } = q(r)
      return `2023-11-14 22:13:20 10.0.0.1 ${r.method} ${path} ${dash(query)} 443 - 203.0.113.7 ${UA} ${w(r.cookie)} ${w(r.authorization)} ${w(r.apiKey)} ${w(r.shopKey)} 200 0 0 12`
    },
    carries: ALL,
  },
  {
    format: 'custom',
    parser: {
      custom: {
        json_fields: {
          ts: '@timestamp',
          method: 'http.request.method',
          path: 'url.path',
          query: 'url.query',
          status: 'http.response.status_code',
          client_ip: 'client.ip',
          user_agent: 'user_agent.original',
          headers: 'http.request.headers',
        },
        time_format: 'iso8601',
      },
    },
    line: (r) =>
      JSON.stringify({
        '@timestamp': TS_ISO,
        http: { request: { method: r.method, headers: headers(r) }, response: { status_code: 200 } },
        url: q(r),
        client: { ip: '203.0.113.7' },
        user_agent: { original: UA },
      }),
    carries: ALL,
  },
]

/**
 * Lines of a format that its parser rejects, each still holding secrets: every request of the
 * corpus with a NUL byte after it (a binary line), and a credential-laden line cut short and one
 * with garbage in front (a few formats parse the cut line: ALB and HAProxy tolerate missing
 * trailing fields). Whatever the reason, the dead letter and the log must not show the secrets.
 */
export function rejectedLines(f: CorpusFormat, requests: readonly CorpusRequest[]): string[] {
  const withJwt = f.line({
    method: 'GET',
    target: `${requests[0]!.target}?access_token=${OPAQUE_BEARER}`,
    authorization: `Bearer ${JWT}`,
  })
  return [
    withJwt.slice(0, Math.floor(withJwt.length * 0.7)),
    `garbage ${withJwt.replace(/GET/g, 'G E T')}`,
    ...requests.map((r) => `${f.line(r)}\u0000`),
  ]
}

/** The whole corpus of a format as lines: prelude, one line per request, the rejected lines. */
export function corpusFileLines(f: CorpusFormat, requests: readonly CorpusRequest[]): string[] {
  return [...(f.prelude ?? []), ...requests.map((r) => f.line(r)), ...rejectedLines(f, requests)]
}
