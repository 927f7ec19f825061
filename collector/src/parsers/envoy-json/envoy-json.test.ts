import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { describeBadInput } from '../bad-input.js'
import { describeGoldenFiles } from '../golden.js'
import { envoyJson, parseEnvoyJson } from './envoy-json.js'

describeGoldenFiles('envoy-json', join(import.meta.dirname, 'fixtures'), envoyJson)

describe('envoy-json', () => {
  it('puts headers logged with %REQ(...)% in headers and the credentials in their own fields', () => {
    const r = parseEnvoyJson(
      '{"start_time":"2024-03-05T10:11:12.345Z","method":"GET","path":"/","response_code":200,"authorization":"Bearer t0k","x_api_key":"k-1","cookie":"sid=1","response_flags":"-","upstream_cluster":"web"}',
    )
    expect(r).toMatchObject({
      ok: true,
      record: {
        authorization: 'Bearer t0k',
        api_key: 'k-1',
        cookie: 'sid=1',
        upstream_service: 'web',
        headers: { authorization: 'Bearer t0k', 'x-api-key': 'k-1', cookie: 'sid=1' },
      },
    })
    // Command-operator output is not a header.
    expect(r.ok === true && Object.keys(r.record.headers ?? {})).not.toContain('response-flags')
  })

  it('prefers the original path (X-Envoy-Original-Path) over the rewritten one', () => {
    const r = parseEnvoyJson(
      '{"start_time":"2024-03-05T10:11:12Z","method":"GET","x-envoy-original-path":"/public/a","path":"/a","response_code":200}',
    )
    expect(r.ok === true && r.record.target).toBe('/public/a')
  })
})

describeBadInput('envoy-json', () => envoyJson, {
  good: '{"start_time":"2024-03-05T10:11:12.345Z","method":"GET","path":"/v1/a","protocol":"HTTP/1.1","response_code":200,"bytes_received":0,"bytes_sent":10,"duration":3,"authorization":"Bearer sk_live_Zz9Yy8Xx7"}',
  secret: 'sk_live_Zz9Yy8Xx7',
  json: true,
  cases: [
    {
      name: 'a missing start_time',
      line: '{"method":"GET","path":"/","response_code":200}',
      reason: 'unknown_shape',
    },
    {
      name: 'a garbage start_time',
      line: '{"start_time":"soon","method":"GET","path":"/","response_code":200}',
      reason: 'bad_timestamp',
    },
    {
      name: 'an infinite duration',
      line: '{"start_time":"2024-03-05T10:11:12Z","method":"GET","path":"/","response_code":200,"duration":1e999}',
      reason: 'out_of_range',
    },
    {
      name: 'a status that is not a number',
      line: '{"start_time":"2024-03-05T10:11:12Z","method":"GET","path":"/","response_code":"OK"}',
      reason: 'out_of_range',
    },
    {
      name: 'a method that is not a token',
      line: '{"start_time":"2024-03-05T10:11:12Z","method":"GE T","path":"/","response_code":200}',
      reason: 'bad_request_line',
    },
  ],
})
