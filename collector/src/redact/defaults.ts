// The built-in names of credentials: Authorization schemes, headers, query parameters and cookies.
// The redact config adds to these lists; it cannot remove from them.

/** Authorization schemes whose value is a bearer token: RFC 6750, GitHub and DRF `Token`, `JWT`. */
export const TOKEN_SCHEMES = ['Bearer', 'Token', 'JWT'] as const
/** Authorization schemes whose value is an API key: Elastic `ApiKey`, Okta `SSWS`, `Key`. */
export const API_KEY_SCHEMES = ['ApiKey', 'Api-Key', 'Key', 'SSWS'] as const
/** Headers whose value is an API key (Kong key-auth's default is `apikey`). */
export const API_KEY_HEADERS = ['x-api-key', 'apikey', 'api-key', 'x-api-token', 'x-auth-token'] as const
/** Query parameters that carry an API key. */
export const API_KEY_PARAMS = [
  'api_key',
  'apikey',
  'api-key',
  'x-api-key',
  'key',
  'private_token',
  'subscription-key',
] as const
/** Query parameters that carry a bearer token or a JWT. */
export const TOKEN_PARAMS = ['token', 'access_token', 'auth_token', 'jwt', 'id_token', 'bearer'] as const
/** Query parameters that are secret but identify nobody. */
export const SECRET_PARAMS = [
  'refresh_token',
  'password',
  'passwd',
  'pwd',
  'pass',
  'secret',
  'client_secret',
  'signature',
  'sig',
  'x-amz-signature',
  'x-amz-security-token',
  'x-amz-credential',
  'session',
  'sessionid',
  'session_id',
  'jsessionid',
  'phpsessid',
  'auth',
  'credentials',
] as const
/** Cookies that carry a session: Express, PHP, Java servlets, Django, Rails-style names. */
export const SESSION_COOKIES = [
  'session',
  'sess',
  'sid',
  'sessionid',
  'session_id',
  'jsessionid',
  'connect.sid',
  'phpsessid',
  'asp.net_sessionid',
  'auth',
  'token',
] as const
/** Headers that are credentials whatever the config says: never in AccessEvent.headers in clear. */
export const NEVER_KEPT_HEADERS = [
  'authorization',
  'proxy-authorization',
  'cookie',
  'set-cookie',
  ...API_KEY_HEADERS,
] as const
