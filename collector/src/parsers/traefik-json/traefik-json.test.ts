import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { describeBadInput } from '../bad-input.js'
import { describeGoldenFiles } from '../golden.js'
import { parseTraefikJson, traefikJson } from './traefik-json.js'

describeGoldenFiles('traefik-json', join(import.meta.dirname, 'fixtures'), traefikJson)

describe('traefik-json', () => {
  it('reads Duration in ns as ms, router and service names, and kept request headers', () => {
    const r = parseTraefikJson(
      '{"ClientHost":"192.0.2.30","DownstreamStatus":200,"OriginStatus":200,"Duration":1811271,"RequestMethod":"POST","RequestPath":"/rpc","RequestProtocol":"HTTP/1.1","RequestHost":"h.test","RouterName":"r@docker","ServiceName":"s@docker","StartUTC":"2024-11-14T10:00:00.123456789Z","request_User-Agent":"curl/8","request_Authorization":"Bearer t"}',
    )
    expect(r).toMatchObject({
      ok: true,
      record: {
        ts: Date.UTC(2024, 10, 14, 10, 0, 0, 123),
        latency_ms: 1.811271,
        gateway_route: 'r@docker',
        upstream_service: 's@docker',
        upstream_status: 200,
        user_agent: 'curl/8',
        authorization: 'Bearer t',
        headers: { 'user-agent': 'curl/8', authorization: 'Bearer t' },
      },
    })
  })
})

describeBadInput('traefik-json', () => traefikJson, {
  good: '{"ClientHost":"192.0.2.30","DownstreamStatus":200,"Duration":1000,"RequestMethod":"GET","RequestPath":"/","StartUTC":"2024-03-05T10:11:12Z","request_Authorization":"Bearer tr_s3cr3tT0ken"}',
  secret: 'tr_s3cr3tT0ken',
  json: true,
  cases: [
    {
      name: 'an absurd DownstreamStatus',
      line: '{"ClientHost":"1.2.3.4","DownstreamStatus":99999,"RequestMethod":"GET","RequestPath":"/","StartUTC":"2024-03-05T10:11:12Z"}',
      reason: 'out_of_range',
    },
    {
      name: 'a StartUTC without a date',
      line: '{"ClientHost":"1.2.3.4","DownstreamStatus":200,"RequestMethod":"GET","RequestPath":"/","StartUTC":"10:11:12"}',
      reason: 'bad_timestamp',
    },
    {
      name: 'a line without RequestMethod',
      line: '{"ClientHost":"1.2.3.4","RequestPath":"/"}',
      reason: 'unknown_shape',
    },
  ],
})
