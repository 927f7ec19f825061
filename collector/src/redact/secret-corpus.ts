// Test corpus: realistic credentials in every place a gateway log carries them. Tests feed these
// through the collector and assert that no secret string appears in any output.
const b64url = (o: object) => Buffer.from(JSON.stringify(o)).toString('base64url')

export const JWT = `${b64url({ alg: 'ES256', typ: 'JWT' })}.${b64url({
  sub: 'cust-981',
  iss: 'https://id.example.test/',
  aud: 'orders-api',
  client_id: 'web-checkout',
  scp: ['orders:read', 'profile'],
  iat: 1_700_000_000.7,
  exp: 1_700_003_600,
  jti: 'a1b2c3',
})}.MEUCIQDx3kq9V1oRk2mY8b7c4n2sQwErTyUiOpAsDfGhJk`
export const OPAQUE_BEARER = 'ya29.a0AfH6SMBx3kq9V1oRk2mY8b7c4n2sQwErTyUiOp'
export const BASIC_USER = 'reporting-bot'
export const BASIC_PASSWORD = 'Tr0ub4dor&3-correct-horse'
export const BASIC_HEADER = `Basic ${Buffer.from(`${BASIC_USER}:${BASIC_PASSWORD}`).toString('base64')}`
export const API_KEY_HEADER = 'sk_live_51H8xYzAbCdEfGhIjKlMnOpQr'
export const QUERY_API_KEY = 'AIzaSyD4f9Xk2LmNoPqRsTuVwXyZ0123456789a'
export const QUERY_ACCESS_TOKEN = 'gho_16C7e42F292c6912E7710c838347Ae178B4a'
export const QUERY_PASSWORD = 'p4ssw0rd!Summer2024'
export const PATH_TOKEN = 'Zx8Kq2Lm9Np4Rs7Tv1Wy3Ab6Cd0Ef5Gh'
export const SESSION_COOKIE = 's%3Aj9Xk2LmNoPqRsTuVwXyZ.0123abcdEFGH'
export const GITHUB_PAT = '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'
/** Django REST framework `Token` scheme: 40 hex characters. */
export const DRF_TOKEN = '9944b09199c62bcf9418ad846dd0e4bbdfc6ee4b'
/** Okta `SSWS` API token. */
export const OKTA_TOKEN = '00QCjAl4MlV-WPXM-YkVXQ8zfhMyQe1d0ZoTuS6kL5'
/** A servlet session id rewritten into the path (`;jsessionid=`): 32 hex, found only by its name. */
export const JSESSIONID = '8F3A2B1C9D0E7F6A5B4C3D2E1F0A9B8C'
export const PHPSESSID = 'u7v4qk2bn1l0c9d8e7f6a5b4c3'
/** The value of a header that only the config names (`redact.api_key_headers: [x-shop-key]`). */
export const SHOP_KEY = 'shopkey-plain-0042'

/** Every string that must never appear in an event, a log line or a dead letter. */
export const SECRETS = [
  JWT,
  JWT.split('.')[2]!,
  OPAQUE_BEARER,
  BASIC_HEADER.slice(6),
  BASIC_PASSWORD,
  API_KEY_HEADER,
  QUERY_API_KEY,
  QUERY_ACCESS_TOKEN,
  QUERY_PASSWORD,
  encodeURIComponent(QUERY_PASSWORD),
  PATH_TOKEN,
  SESSION_COOKIE,
  GITHUB_PAT,
  DRF_TOKEN,
  OKTA_TOKEN,
  JSESSIONID,
  PHPSESSID,
  SHOP_KEY,
]

/** One request of the corpus, as a gateway would log it, in any format. */
export interface CorpusRequest {
  method: string
  /** Path and query as sent. */
  target: string
  authorization?: string
  apiKey?: string
  cookie?: string
  /** A header only the config names as an API key header. */
  shopKey?: string
}

/** The corpus as requests: each secret in each place a request carries one. */
export const CORPUS_REQUESTS: readonly CorpusRequest[] = [
  { method: 'GET', target: '/v1/orders', authorization: `Bearer ${JWT}` },
  { method: 'GET', target: '/v1/orders', authorization: `Bearer ${OPAQUE_BEARER}` },
  { method: 'GET', target: '/v1/orders', authorization: BASIC_HEADER },
  { method: 'GET', target: '/v1/orders', authorization: `Token ${DRF_TOKEN}` },
  { method: 'GET', target: '/v1/users', authorization: `SSWS ${OKTA_TOKEN}` },
  { method: 'POST', target: '/v1/orders', apiKey: API_KEY_HEADER },
  { method: 'GET', target: '/v1/stock', shopKey: SHOP_KEY },
  { method: 'GET', target: `/v1/orders?key=${QUERY_API_KEY}&page=2` },
  { method: 'GET', target: `/v1/orders?access_token=${QUERY_ACCESS_TOKEN}` },
  { method: 'POST', target: `/login?user=bob&password=${encodeURIComponent(QUERY_PASSWORD)}` },
  { method: 'GET', target: `/v1/reset/${PATH_TOKEN}/confirm` },
  { method: 'GET', target: `/v1/share/${JWT}` },
  { method: 'GET', target: `/v1/items?next=${GITHUB_PAT}` },
  { method: 'GET', target: `/shop/cart;jsessionid=${JSESSIONID}` },
  { method: 'GET', target: '/v1/me', cookie: `theme=dark; connect.sid=${SESSION_COOKIE}` },
  { method: 'GET', target: '/v1/me', cookie: `PHPSESSID=${PHPSESSID}; lang=fr` },
]

/**
 * Every form in which a secret might leak: as is, URL-encoded, URL-decoded, base64 and base64url.
 * (A form shorter than 12 characters would match by chance, so none is that short.)
 */
export function leakForms(secret: string): string[] {
  const forms = new Set([
    secret,
    encodeURIComponent(secret),
    Buffer.from(secret).toString('base64'),
    Buffer.from(secret).toString('base64url'),
  ])
  try {
    forms.add(decodeURIComponent(secret))
  } catch {
    // Not URL-encoded.
  }
  return [...forms].filter((f) => f.length >= 12)
}

/** An nginx-json line of Gatewatch's log_format, with no credential. */
export const NGINX_JSON_BASE = {
  time_iso8601: '2023-11-14T22:13:20+00:00',
  remote_addr: '203.0.113.7',
  x_forwarded_for: '',
  request_method: 'GET',
  request_uri: '/v1/orders',
  server_protocol: 'HTTP/1.1',
  status: '200',
  body_bytes_sent: '10',
  request_length: '100',
  request_time: '0.010',
  http_host: 'api.example.test',
  http_user_agent: 'client/1.0',
  http_referer: '',
  http_authorization: '',
  http_x_api_key: '',
  request_id: 'r1',
  upstream_service: 'orders',
}

/** nginx-json lines that carry the corpus, one secret placement per line, plus malformed ones. */
export function corpusLines(): string[] {
  const lines = [
    { ...NGINX_JSON_BASE, http_authorization: `Bearer ${JWT}` },
    { ...NGINX_JSON_BASE, http_authorization: `Bearer ${OPAQUE_BEARER}` },
    { ...NGINX_JSON_BASE, http_authorization: BASIC_HEADER },
    { ...NGINX_JSON_BASE, http_x_api_key: API_KEY_HEADER },
    { ...NGINX_JSON_BASE, request_uri: `/v1/orders?key=${QUERY_API_KEY}&page=2` },
    { ...NGINX_JSON_BASE, request_uri: `/v1/orders?access_token=${QUERY_ACCESS_TOKEN}` },
    { ...NGINX_JSON_BASE, request_uri: `/login?user=bob&password=${encodeURIComponent(QUERY_PASSWORD)}` },
    { ...NGINX_JSON_BASE, request_uri: `/v1/reset/${PATH_TOKEN}/confirm` },
    { ...NGINX_JSON_BASE, request_uri: `/v1/share/${JWT}` },
    { ...NGINX_JSON_BASE, request_uri: `/v1/items?next=${GITHUB_PAT}` },
    { ...NGINX_JSON_BASE, http_cookie: `theme=dark; connect.sid=${SESSION_COOKIE}` },
  ].map((o) => JSON.stringify(o))
  // Lines the parser rejects must not leak through the dead letter or the log either.
  lines.push(`{"http_authorization":"Bearer ${JWT}", "broken`)
  lines.push(JSON.stringify({ ...NGINX_JSON_BASE, status: 'oops', http_x_api_key: API_KEY_HEADER }))
  lines.push(`GET /v1/orders?api_key=${QUERY_API_KEY} Authorization: ${BASIC_HEADER} x-api-key=${GITHUB_PAT}`)
  lines.push(`${JSON.stringify({ ...NGINX_JSON_BASE, http_authorization: `Bearer ${OPAQUE_BEARER}` })}\u0000`)
  return lines
}
