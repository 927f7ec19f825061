import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { describeBadInput } from '../bad-input.js'
import { describeGoldenFiles } from '../golden.js'
import { envoy, parseEnvoy } from './envoy.js'

describeGoldenFiles('envoy', join(import.meta.dirname, 'fixtures'), envoy)

describe('envoy', () => {
  it('reads the documented example: sizes, duration, X-Forwarded-For as the client, authority, upstream', () => {
    const r = parseEnvoy(
      '[2016-04-15T20:17:00.310Z] "POST /api/v1/locations HTTP/2" 204 - 154 0 226 100 "10.0.35.28" "nsq2http" "cc21d9b0-cf5c-432b-8c7e-98aeb7988cd2" "locations" "tcp://10.0.2.1:80"',
    )
    expect(r).toEqual({
      ok: true,
      record: expect.objectContaining({
        ts: Date.UTC(2016, 3, 15, 20, 17, 0, 310),
        method: 'POST',
        target: '/api/v1/locations',
        status: 204,
        request_bytes: 154,
        response_bytes: 0,
        latency_ms: 226,
        client_ip: '10.0.35.28',
        user_agent: 'nsq2http',
        request_id: 'cc21d9b0-cf5c-432b-8c7e-98aeb7988cd2',
        host: 'locations',
        upstream_host: 'tcp://10.0.2.1:80',
      }),
    })
  })

  it('takes the last X-Forwarded-For hop (the one Envoy appended) as the client', () => {
    const r = parseEnvoy(
      '[2018-09-20T16:28:43.348Z] "GET /headers HTTP/1.1" 200 - 0 539 14 9 "10.171.53.49, 172.30.201.1" "curl/7.54.0" "dd33e3aa" "h" "172.30.246.176:8000"',
    )
    expect(r.ok === true && r.record.client_ip).toBe('172.30.201.1')
    expect(r.ok === true && r.record.forwarded_for).toBe('10.171.53.49, 172.30.201.1')
  })

  it("reads Istio's extra fields: downstream address as the client, cluster as the service, route name", () => {
    const r = parseEnvoy(
      '[2024-06-02T13:35:27.054Z] "GET / HTTP/2" 302 UAEX ext_authz_denied - "-" 0 387 16 - "192.168.0.24" "Mozilla/5.0" "1d3e" "kubeflow.kubefrog.fr" "-" outbound|80||centraldashboard.kubeflow.svc.cluster.local - 10.0.0.196:8443 192.168.0.24:41604 kubeflow.kubefrog.fr dashboard-route',
    )
    expect(r).toMatchObject({
      ok: true,
      record: {
        client_ip: '192.168.0.24',
        upstream_service: 'centraldashboard.kubeflow.svc.cluster.local',
        gateway_route: 'dashboard-route',
        status: 302,
      },
    })
  })
})

const good =
  '[2016-04-15T20:17:00.310Z] "GET /api/v1/locations?access_token=at_Qw3rTy7Ui9Op HTTP/2" 200 - 154 0 226 100 "10.0.35.28" "nsq2http" "cc21d9b0" "locations" "tcp://10.0.2.1:80"'
describeBadInput('envoy', () => envoy, {
  good,
  secret: 'at_Qw3rTy7Ui9Op',
  cases: [
    {
      name: 'a garbage START_TIME',
      line: good.replace('2016-04-15T20:17:00.310Z', 'not-a-time'),
      reason: 'bad_timestamp',
    },
    { name: 'a START_TIME in year 9999', line: good.replace('2016-', '9999-'), reason: 'bad_timestamp' },
    { name: 'an absurd status', line: good.replace('" 200 -', '" 7000 -'), reason: 'out_of_range' },
    {
      name: 'an absurd byte count',
      line: good.replace(' 154 0 ', ' 154 9999999999999999999 '),
      reason: 'out_of_range',
    },
    {
      name: 'a line of another format',
      line: '127.0.0.1 - - [10/Oct/2000:13:55:36 -0700] "GET / HTTP/1.0" 200 2326',
      reason: 'unknown_shape',
    },
  ],
})
