import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { describeBadInput } from '../bad-input.js'
import { describeGoldenFiles } from '../golden.js'
import { nginxJson, parseNginxJson } from './nginx-json.js'

describeGoldenFiles('nginx-json', join(import.meta.dirname, 'fixtures'), nginxJson)

describe('nginx-json', () => {
  it('reads the credential headers, sizes and latency of a line', () => {
    const r = parseNginxJson(
      '{"time_iso8601":"2024-03-01T10:00:00+00:00","remote_addr":"198.51.100.4","request_method":"GET","request_uri":"/a?b=1","status":"200","request_time":"1.5","http_authorization":"Bearer abc","http_x_api_key":"k1"}',
    )
    expect(r).toMatchObject({
      ok: true,
      record: {
        ts: Date.UTC(2024, 2, 1, 10),
        target: '/a?b=1',
        latency_ms: 1500,
        authorization: 'Bearer abc',
        api_key: 'k1',
      },
    })
  })

  it('treats "-" and empty strings as absent headers', () => {
    const r = parseNginxJson(
      '{"time_iso8601":"2024-03-01T10:00:00Z","remote_addr":"198.51.100.4","request_method":"GET","request_uri":"/","status":"200","http_authorization":"-","http_x_api_key":"","body_bytes_sent":"-"}',
    )
    expect(r.ok && r.record.authorization).toBe(undefined)
    expect(r.ok && r.record.api_key).toBe(undefined)
    expect(r.ok && r.record.response_bytes).toBe(undefined)
  })

  it('names the missing key of an unknown shape', () => {
    expect(parseNginxJson('{"remote_addr":"1.2.3.4"}')).toEqual({
      ok: false,
      reason: 'unknown_shape',
      detail: 'missing key time_iso8601',
    })
  })
})

describeBadInput('nginx-json', () => nginxJson, {
  good: '{"time_iso8601":"2024-03-01T10:00:00+00:00","remote_addr":"198.51.100.4","request_method":"GET","request_uri":"/a?b=1","status":"200","request_time":"1.5","http_authorization":"Bearer ngx_S3cretT0ken"}',
  secret: 'ngx_S3cretT0ken',
  json: true,
  cases: [
    {
      name: 'a status beyond 999',
      line: '{"time_iso8601":"2024-03-01T10:00:00+00:00","remote_addr":"1.2.3.4","request_method":"GET","request_uri":"/","status":"1200"}',
      reason: 'out_of_range',
    },
    {
      name: 'an infinite request_time',
      line: '{"time_iso8601":"2024-03-01T10:00:00+00:00","remote_addr":"1.2.3.4","request_method":"GET","request_uri":"/","status":"200","request_time":1e999}',
      reason: 'out_of_range',
    },
    {
      name: 'a time in the year 2200',
      line: '{"time_iso8601":"2200-03-01T10:00:00+00:00","remote_addr":"1.2.3.4","request_method":"GET","request_uri":"/","status":"200"}',
      reason: 'bad_timestamp',
    },
  ],
})
