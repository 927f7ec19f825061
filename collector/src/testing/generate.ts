// Deterministic synthetic access-log lines in both nginx formats, for tests and the benchmark:
// a mix of anonymous, JWT, opaque-bearer, basic and api-key traffic over a small API.
const b64url = (o: object) => Buffer.from(JSON.stringify(o)).toString('base64url')

const PATHS = [
  '/v1/orders',
  '/v1/orders/{id}',
  '/v1/products',
  '/v1/products/{id}/reviews',
  '/v1/users/me',
  '/health',
]
const METHODS = ['GET', 'GET', 'GET', 'POST', 'PUT', 'DELETE']
const AGENTS = [
  'okhttp/4.12.0',
  'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 Chrome/120.0 Safari/537.36',
  'curl/8.4.0',
]

function tokensFor(n: number): string[] {
  const out: string[] = []
  for (let u = 0; u < n; u++) {
    const jwt = `${b64url({ alg: 'RS256', typ: 'JWT' })}.${b64url({
      sub: `user-${u}`,
      iss: 'https://id.shop.test/',
      aud: 'shop-api',
      azp: 'web',
      scope: 'orders:read orders:write',
      iat: 1_700_000_000,
      exp: 1_700_003_600,
      jti: `jti-${u}`,
    })}.${Buffer.from(`signature-${u}-0123456789abcdef`).toString('base64url')}`
    out.push(`Bearer ${jwt}`)
  }
  return out
}

function pad(n: number): string {
  return n < 10 ? `0${n}` : String(n)
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec']

export interface GeneratedLine {
  json: string
  combined: string
}

/** `count` requests one 10 ms apart from 2023-11-14T22:13:20Z, in both formats. */
export function generateLines(count: number, users = 200): GeneratedLine[] {
  const jwts = tokensFor(users)
  const lines: GeneratedLine[] = []
  const start = 1_700_000_000_000
  for (let i = 0; i < count; i++) {
    const t = new Date(start + i * 10)
    const u = (i * 7919) % users
    const path = PATHS[i % PATHS.length]!.replace('{id}', String((i * 31) % 5000))
    const method = METHODS[i % METHODS.length]!
    const status = i % 23 === 0 ? 404 : i % 37 === 0 ? 500 : 200
    let authorization = ''
    let apiKey = ''
    let query = i % 3 === 0 ? `?page=${i % 10}&limit=50` : ''
    switch (i % 5) {
      case 0:
      case 1:
        authorization = jwts[u]!
        break
      case 2:
        authorization = `Bearer opaque-${u}-Zx8Kq2Lm9Np4Rs7Tv1Wy`
        break
      case 3:
        apiKey = `sk_live_${u}AbCdEfGhIjKlMnOp`
        break
      default:
        if (i % 10 === 4) query = `?api_key=key${u}XyZ0123456789abcdef`
    }
    const ip = `203.0.${(u >> 8) & 255}.${u & 255}`
    const ua = AGENTS[i % AGENTS.length]!
    const bytes = 200 + ((i * 13) % 5000)
    const iso = t.toISOString().replace(/\.\d{3}Z$/, '+00:00')
    const json = JSON.stringify({
      time_iso8601: iso,
      remote_addr: ip,
      x_forwarded_for: i % 4 === 0 ? '198.51.100.1, 10.0.0.1' : '',
      request_method: method,
      request_uri: path + query,
      server_protocol: 'HTTP/1.1',
      status: String(status),
      body_bytes_sent: String(bytes),
      request_length: String(150 + (i % 300)),
      request_time: ((i % 250) / 1000).toFixed(3),
      http_host: 'api.shop.test',
      http_user_agent: ua,
      http_referer: '',
      http_authorization: authorization,
      http_x_api_key: apiKey,
      request_id: (i + 1).toString(16).padStart(32, '0'),
      upstream_service: i % 2 === 0 ? 'orders' : 'catalog',
    })
    const local = `${pad(t.getUTCDate())}/${MONTHS[t.getUTCMonth()]}/${t.getUTCFullYear()}:${pad(t.getUTCHours())}:${pad(t.getUTCMinutes())}:${pad(t.getUTCSeconds())} +0000`
    const combined = `${ip} - - [${local}] "${method} ${path}${query} HTTP/1.1" ${status} ${bytes} "-" "${ua}"`
    lines.push({ json, combined })
  }
  return lines
}
