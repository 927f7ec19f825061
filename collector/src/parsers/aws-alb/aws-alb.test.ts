import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { describeBadInput } from '../bad-input.js'
import { describeGoldenFiles } from '../golden.js'
import { awsAlb, parseAwsAlb } from './aws-alb.js'

describeGoldenFiles('aws-alb', join(import.meta.dirname, 'fixtures'), awsAlb)

describe('aws-alb', () => {
  it('reads the documented HTTPS entry: processing times summed, target group as the service, trace id', () => {
    const r = parseAwsAlb(
      'https 2018-07-02T22:23:00.186641Z app/my-loadbalancer/50dc6c495c0c9188 192.168.131.39:2817 10.0.0.1:80 0.086 0.048 0.037 200 200 0 57 "GET https://www.example.com:443/ HTTP/1.1" "curl/7.46.0" ECDHE-RSA-AES128-GCM-SHA256 TLSv1.2 arn:aws:elasticloadbalancing:us-east-2:123456789012:targetgroup/my-targets/73e2d6bc24d8a067 "Root=1-58337281-1d84f3d73c47ec4e58577259" "www.example.com"',
    )
    expect(r).toMatchObject({
      ok: true,
      record: {
        ts: Date.UTC(2018, 6, 2, 22, 23, 0, 186),
        client_ip: '192.168.131.39',
        target: 'https://www.example.com:443/',
        latency_ms: 171,
        upstream_service: 'my-targets',
        upstream_host: '10.0.0.1:80',
        upstream_status: 200,
        request_id: 'Root=1-58337281-1d84f3d73c47ec4e58577259',
        host: 'www.example.com',
      },
    })
  })
})

const good =
  'https 2018-07-02T22:23:00.186641Z app/my-loadbalancer/50dc6c495c0c9188 192.168.131.39:2817 10.0.0.1:80 0.086 0.048 0.037 200 200 0 57 "GET https://www.example.com:443/?api_key=AKIAEXAMPLEKEY77 HTTP/1.1" "curl/7.46.0" ECDHE-RSA-AES128-GCM-SHA256 TLSv1.2 arn:aws:elasticloadbalancing:us-east-2:123456789012:targetgroup/my-targets/73e2d6bc24d8a067 "Root=1-58337281-1d84f3d73c47ec4e58577259" "www.example.com"'
describeBadInput('aws-alb', () => awsAlb, {
  good,
  secret: 'AKIAEXAMPLEKEY77',
  // Everything after the user agent is optional (older entries stop there).
  mustRejectCutsBelow: good.indexOf('"curl/7.46.0"') + 13,
  cases: [
    {
      name: 'a garbage time',
      line: good.replace('2018-07-02T22:23:00.186641Z', '2018-07-02T25:23:00Z'),
      reason: 'bad_timestamp',
    },
    { name: 'an absurd status', line: good.replace(' 200 200 ', ' 1200 200 '), reason: 'out_of_range' },
    { name: 'a negative byte count', line: good.replace(' 0 57 ', ' -4 57 '), reason: 'out_of_range' },
    {
      name: 'a processing time that is not a number',
      line: good.replace('0.086', 'fast'),
      reason: 'out_of_range',
    },
    {
      name: 'an entry of another log',
      line: 'tls 2.0 2018-12-20T02:59:40 net/my-nlb/c6e77e28c25b2234 g3d4 1.2.3.4:1 5.6.7.8:443 5 2 98 246',
      reason: 'unknown_shape',
    },
  ],
})
