import { validateAccessEvent } from '@gatewatch/schema'
import { describe, expect, it } from 'vitest'
import { createNormalizer } from '../normalize.js'
import { parseNginxJson } from '../parsers/nginx-json/index.js'
import type { RawRecord } from '../parsers/types.js'
import { fingerprintCredential } from './fingerprint.js'
import { createRedactor, REDACTED } from './redactor.js'
import {
  API_KEY_HEADER,
  BASIC_HEADER,
  BASIC_PASSWORD,
  BASIC_USER,
  corpusLines,
  GITHUB_PAT,
  JWT,
  OPAQUE_BEARER,
  PATH_TOKEN,
  QUERY_ACCESS_TOKEN,
  QUERY_API_KEY,
  SECRETS,
  SESSION_COOKIE,
  SHOP_KEY,
} from './secret-corpus.js'
import { looksSecret } from './secret-shape.js'
import { redactText } from './text.js'

const KEY = 'test-deployment-key-0123456789'
const redactor = createRedactor({ hmacKey: KEY })
const normalize = createNormalizer({ collectorId: 'edge-1', redactor })

const record = (over: Partial<RawRecord>): RawRecord => ({
  ts: 1_700_000_000_000,
  method: 'GET',
  target: '/v1/orders',
  protocol: 'HTTP/1.1',
  status: 200,
  client_ip: '203.0.113.7',
  user_agent: 'client/1.0',
  ...over,
})

const event = (over: Partial<RawRecord>) => normalize(record(over), { sourceId: 'src', offset: 0 })

describe('fingerprintCredential', () => {
  it('is HMAC-SHA256 hex truncated to 32 characters, keyed and kind-separated', () => {
    const fp = fingerprintCredential(KEY, 'api_key', 'abc')
    expect(fp).toMatch(/^[0-9a-f]{32}$/)
    expect(fingerprintCredential(KEY, 'api_key', 'abc')).toBe(fp)
    expect(fingerprintCredential('another-key-0123456789', 'api_key', 'abc')).not.toBe(fp)
    expect(fingerprintCredential(KEY, 'bearer', 'abc')).not.toBe(fp)
  })
})

describe('principal extraction', () => {
  it('keeps the claims of a Bearer JWT and its header alg, and fingerprints the token', () => {
    expect(event({ authorization: `Bearer ${JWT}` }).principal).toEqual({
      kind: 'jwt',
      fingerprint: fingerprintCredential(KEY, 'jwt', JWT),
      subject: 'cust-981',
      issuer: 'https://id.example.test/',
      audience: ['orders-api'],
      client_id: 'web-checkout',
      scopes: ['orders:read', 'profile'],
      iat: 1_700_000_000,
      exp: 1_700_003_600,
      jti: 'a1b2c3',
      alg: 'ES256',
    })
  })

  it('reads azp and a space-separated scope claim', () => {
    const b = (o: object) => Buffer.from(JSON.stringify(o)).toString('base64url')
    const jwt = `${b({ alg: 'RS256' })}.${b({ azp: 'spa', scope: 'a b  c', aud: ['x', 'y'] })}.sig0123456789abcdef`
    expect(event({ authorization: `bearer ${jwt}` }).principal).toMatchObject({
      kind: 'jwt',
      client_id: 'spa',
      scopes: ['a', 'b', 'c'],
      audience: ['x', 'y'],
    })
  })

  it('drops time claims no real time can have (beyond ±2^53 s), keeping the rest of the token', () => {
    const b = (o: object) => Buffer.from(JSON.stringify(o)).toString('base64url')
    const jwt = `${b({ alg: 'HS256' })}.${b({ sub: 'u-1', iat: 1e300, exp: -(2 ** 60) })}.sig0123456789abcdef`
    const principal = event({ authorization: `Bearer ${jwt}` }).principal
    expect(principal).toMatchObject({ kind: 'jwt', subject: 'u-1', alg: 'HS256' })
    expect(principal).not.toHaveProperty('iat')
    expect(principal).not.toHaveProperty('exp')
  })

  it('treats a Bearer token that is not a JWT as an opaque bearer', () => {
    expect(event({ authorization: `Bearer ${OPAQUE_BEARER}` }).principal).toEqual({
      kind: 'bearer',
      fingerprint: fingerprintCredential(KEY, 'bearer', OPAQUE_BEARER),
    })
  })

  it('keeps the Basic user name as subject and fingerprints user:password', () => {
    expect(event({ authorization: BASIC_HEADER }).principal).toEqual({
      kind: 'basic',
      subject: BASIC_USER,
      fingerprint: fingerprintCredential(KEY, 'basic', `${BASIC_USER}:${BASIC_PASSWORD}`),
    })
  })

  it('fingerprints an X-Api-Key header', () => {
    expect(event({ api_key: API_KEY_HEADER }).principal).toEqual({
      kind: 'api_key',
      fingerprint: fingerprintCredential(KEY, 'api_key', API_KEY_HEADER),
    })
  })

  it('takes an api key from the query, redacts it there and keeps the other parameters', () => {
    const e = event({ target: `/v1/orders?page=2&api_key=${QUERY_API_KEY}&sort=asc` })
    expect(e.query).toBe(`page=2&api_key=${REDACTED}&sort=asc`)
    expect(e.principal).toEqual({
      kind: 'api_key',
      fingerprint: fingerprintCredential(KEY, 'api_key', QUERY_API_KEY),
    })
  })

  it('treats an access_token query parameter as a bearer token', () => {
    const e = event({ target: `/v1/orders?access_token=${QUERY_ACCESS_TOKEN}` })
    expect(e.query).toBe(`access_token=${REDACTED}`)
    expect(e.principal).toEqual({
      kind: 'bearer',
      fingerprint: fingerprintCredential(KEY, 'bearer', QUERY_ACCESS_TOKEN),
    })
  })

  it('prefers the Authorization header over an api key, and redacts both', () => {
    const e = event({ authorization: `Bearer ${OPAQUE_BEARER}`, target: `/x?apikey=${QUERY_API_KEY}` })
    expect(e.principal.kind).toBe('bearer')
    expect(e.query).toBe(`apikey=${REDACTED}`)
  })

  it('fingerprints a session cookie', () => {
    expect(event({ cookie: `theme=dark; connect.sid=${SESSION_COOKIE}` }).principal).toEqual({
      kind: 'cookie',
      fingerprint: fingerprintCredential(KEY, 'cookie', SESSION_COOKIE),
    })
  })

  it('reports no principal for an anonymous request', () => {
    expect(event({}).principal).toEqual({ kind: 'none' })
  })
})

describe('path and query redaction', () => {
  it('redacts high-entropy and JWT-shaped path segments and keeps ids', () => {
    expect(event({ target: `/v1/reset/${PATH_TOKEN}/confirm` }).path).toBe(`/v1/reset/${REDACTED}/confirm`)
    expect(event({ target: `/v1/share/${JWT}` }).path).toBe(`/v1/share/${REDACTED}`)
    const ids = '/v1/orders/42/items/3f2b8c1e-9d4a-4b7e-8f6a-2c1d0e9b8a7f/507f1f77bcf86cd799439011'
    expect(event({ target: ids }).path).toBe(ids)
    expect(event({ target: '/blog/how-to-build-an-API-gateway-2024/comments' }).path).toBe(
      '/blog/how-to-build-an-API-gateway-2024/comments',
    )
  })

  it('redacts password parameters and secret-looking values of any parameter', () => {
    expect(event({ target: '/login?user=bob&password=hunter2' }).query).toBe(`user=bob&password=${REDACTED}`)
    expect(event({ target: `/cb?state=${PATH_TOKEN}&code=1` }).query).toBe(`state=${REDACTED}&code=1`)
  })

  it('tells secrets from ordinary values', () => {
    for (const s of [JWT, PATH_TOKEN, API_KEY_HEADER, QUERY_ACCESS_TOKEN, 'AKIAIOSFODNN7EXAMPLE']) {
      expect(looksSecret(s), s).toBe(true)
    }
    for (const s of [
      'productModel',
      '200x200',
      '3f2b8c1e-9d4a-4b7e-8f6a-2c1d0e9b8a7f',
      'font-awesome.min.css',
      '1548117000000',
    ]) {
      expect(looksSecret(s), s).toBe(false)
    }
  })

  it('scrubs credentials from free text', () => {
    const text = `{"http_authorization":"Bearer ${JWT}","x":1} GET /a?token=${OPAQUE_BEARER}&b=1 Authorization: ${BASIC_HEADER}`
    const out = redactText(text)
    for (const secret of SECRETS) expect(out).not.toContain(secret)
    expect(out).toContain('GET /a?token=[REDACTED]&b=1')
  })
})

describe('secret corpus', () => {
  it('no credential of the corpus appears in the serialized events, and every event is valid', () => {
    const out: string[] = []
    for (const [i, line] of corpusLines().entries()) {
      const parsed = parseNginxJson(line)
      if (!parsed.ok) continue
      const e = normalize(parsed.record, { sourceId: 'corpus', offset: i })
      expect(validateAccessEvent(e)).toEqual({ ok: true, value: e })
      out.push(JSON.stringify(e))
    }
    expect(out.length).toBeGreaterThanOrEqual(11)
    const all = out.join('\n')
    for (const secret of SECRETS) expect(all).not.toContain(secret)
    expect(all).toContain('cust-981')
  })
})

describe('configured credential names', () => {
  const configured = createRedactor({
    hmacKey: KEY,
    config: {
      token_schemes: ['Session'],
      api_key_schemes: ['Apikey-v2'],
      api_key_headers: ['X-Shop-Key'],
      api_key_params: ['shop_key'],
      token_params: ['sso_token'],
      secret_params: ['signature_v2'],
      session_cookies: ['shop_sess'],
      keep_headers: ['Content-Type', 'x-note', 'authorization', 'cookie', 'x-shop-key', 'x-api-key'],
    },
  })
  const custom = createNormalizer({ collectorId: 'edge-1', redactor: configured })
  const customEvent = (over: Partial<RawRecord>) => custom(record(over), { sourceId: 'src', offset: 0 })
  const fp = (kind: Parameters<typeof fingerprintCredential>[1], s: string) =>
    fingerprintCredential(KEY, kind, s)

  it('reads the built-in Authorization schemes: Token and JWT are tokens, ApiKey, Key and SSWS are API keys', () => {
    expect(event({ authorization: `Token ${OPAQUE_BEARER}` }).principal).toEqual({
      kind: 'bearer',
      fingerprint: fp('bearer', OPAQUE_BEARER),
    })
    expect(event({ authorization: `JWT ${JWT}` }).principal).toMatchObject({
      kind: 'jwt',
      subject: 'cust-981',
    })
    // A tab after the scheme, and IIS's `+` for a space, separate it too.
    expect(event({ authorization: `Bearer\t${JWT}` }).principal.kind).toBe('jwt')
    expect(event({ authorization: `Bearer+${JWT}` }).principal.kind).toBe('jwt')
    for (const scheme of ['ApiKey', 'apikey', 'Key', 'SSWS']) {
      expect(event({ authorization: `${scheme} ${API_KEY_HEADER}` }).principal, scheme).toEqual({
        kind: 'api_key',
        fingerprint: fp('api_key', API_KEY_HEADER),
      })
    }
  })

  it('reads the configured schemes, and fingerprints the whole header of a scheme it does not know', () => {
    expect(customEvent({ authorization: `Session ${JWT}` }).principal).toMatchObject({
      kind: 'jwt',
      jti: 'a1b2c3',
    })
    expect(customEvent({ authorization: `Apikey-v2 ${API_KEY_HEADER}` }).principal).toEqual({
      kind: 'api_key',
      fingerprint: fp('api_key', API_KEY_HEADER),
    })
    expect(event({ authorization: `Session ${OPAQUE_BEARER}` }).principal).toEqual({
      kind: 'bearer',
      fingerprint: fp('bearer', `Session ${OPAQUE_BEARER}`),
    })
  })

  it('follows a Digest user across requests (nonces change) and a SigV4 access key id across signatures', () => {
    const digest = (nonce: string) =>
      `Digest username="reporting-bot", realm="api@example.test", nonce="${nonce}", uri="/v1/x", response="6629fae49393a05397450978507c4ef1"`
    const a = event({ authorization: digest('dcd98b7102dd2f0e8b11d0f600bfb0c093') }).principal
    expect(a).toEqual({
      kind: 'basic',
      subject: 'reporting-bot',
      fingerprint: fp('basic', 'digest\0api@example.test\0reporting-bot'),
    })
    expect(event({ authorization: digest('0123456789abcdef0123456789abcdef') }).principal).toEqual(a)
    const sig = (s: string) =>
      `AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20231114/eu-west-1/execute-api/aws4_request, SignedHeaders=host;x-amz-date, Signature=${s}`
    expect(
      event({ authorization: sig('fe5f80f77d5fa3beca038a248ff027d0445342fe2855ddc963176630326f1024') })
        .principal,
    ).toEqual({
      kind: 'api_key',
      fingerprint: fp('api_key', 'AKIAIOSFODNN7EXAMPLE'),
    })
  })

  it('takes API keys from configured headers, parameters and cookies and redacts the values', () => {
    expect(customEvent({ headers: { 'x-shop-key': 'shop-key-1' } }).principal).toEqual({
      kind: 'api_key',
      fingerprint: fp('api_key', 'shop-key-1'),
    })
    const q = customEvent({ target: '/v1/x?shop_key=short1&a=1&signature_v2=abc' })
    expect(q.query).toBe(`shop_key=${REDACTED}&a=1&signature_v2=${REDACTED}`)
    expect(q.principal).toEqual({ kind: 'api_key', fingerprint: fp('api_key', 'short1') })
    expect(customEvent({ target: '/v1/x?sso_token=tok1' }).principal).toEqual({
      kind: 'bearer',
      fingerprint: fp('bearer', 'tok1'),
    })
    expect(customEvent({ cookie: 'shop_sess=abc' }).principal).toEqual({
      kind: 'cookie',
      fingerprint: fp('cookie', 'abc'),
    })
    // Without the config, a short value under an unknown name is an ordinary parameter.
    expect(event({ target: '/v1/x?shop_key=short1' }).query).toBe('shop_key=short1')
  })

  it('knows the usual session cookies by name, whatever their case', () => {
    for (const name of [
      'session',
      'sessionid',
      'sid',
      'JSESSIONID',
      'connect.sid',
      'PHPSESSID',
      '_shop_session',
    ]) {
      expect(event({ cookie: `theme=dark; ${name}=v-${name}` }).principal, name).toEqual({
        kind: 'cookie',
        fingerprint: fp('cookie', `v-${name}`),
      })
    }
    expect(event({ cookie: 'theme=dark; lang=fr' }).principal).toEqual({ kind: 'none' })
  })

  it('redacts a jsessionid path parameter', () => {
    expect(event({ target: '/shop/cart;jsessionid=0AB12CD34EF5678/items' }).path).toBe(
      `/shop/cart;jsessionid=${REDACTED}/items`,
    )
  })

  it('keeps only allowlisted headers, scrubs their secrets, and never keeps a credential header in clear', () => {
    const e = customEvent({
      authorization: `Bearer ${JWT}`,
      cookie: `theme=dark; connect.sid=${SESSION_COOKIE}`,
      headers: {
        'content-type': 'application/json',
        'x-note': `retry with token=${OPAQUE_BEARER} and ${GITHUB_PAT}`,
        'x-other': 'not kept',
        authorization: `Bearer ${JWT}`,
        cookie: `theme=dark; connect.sid=${SESSION_COOKIE}`,
        'x-shop-key': API_KEY_HEADER,
        'x-api-key': 'k',
      },
    })
    expect(e.headers).toEqual({
      'content-type': 'application/json',
      'x-note': `retry with token=${REDACTED} and ${REDACTED}`,
      authorization: `Bearer hmac:${fp('jwt', JWT)}`,
      cookie: `theme=hmac:${fp('cookie', 'dark')}; connect.sid=hmac:${fp('cookie', SESSION_COOKIE)}`,
      'x-shop-key': `hmac:${fp('api_key', API_KEY_HEADER)}`,
      'x-api-key': `hmac:${fp('api_key', 'k')}`,
    })
    expect(validateAccessEvent(e).ok).toBe(true)
    // The same credential is one fingerprint in the principal and in the kept header.
    expect(e.headers?.authorization).toContain(e.principal.fingerprint!)
    expect(event({ headers: { 'content-type': 'text/plain' } }).headers).toBeUndefined()
  })

  it('cuts a kept header to the contract limit', () => {
    const e = customEvent({ headers: { 'x-note': 'a '.repeat(2000) } })
    expect(e.headers!['x-note']!.length).toBeLessThanOrEqual(1024)
    expect(validateAccessEvent(e).ok).toBe(true)
  })

  it('in a dead-letter sample, also takes every long word mixing letters and digits for a secret', () => {
    // A rejected HAProxy line: the capture block is positional, no name says which value is a key.
    const line = `haproxy[1]: 10.0.1.2:33317 [06/Feb/2009:12:14:14.655] http-in api/srv1 {|${SHOP_KEY}} "GET /v1/orders HTTP/1.1`
    expect(configured.text(line)).toContain(SHOP_KEY)
    const sample = configured.sample(line)
    expect(sample).not.toContain(SHOP_KEY)
    expect(sample).toContain('"GET /v1/orders HTTP/1.1')
  })

  it('scrubs the configured names from free text (dead-letter samples)', () => {
    const line =
      '{"x_shop_key":"plain1","q":"/a?shop_key=plain2&sso_token=plain3"} X-Shop-Key: plain4 Cookie: shop_sess=plain5'
    const out = configured.text(line)
    for (const s of ['plain1', 'plain2', 'plain3', 'plain4', 'plain5']) expect(out).not.toContain(s)
    expect(out).toContain('"q":"/a?shop_key=[REDACTED]&sso_token=[REDACTED]"')
  })
})
