import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { describeBadInput } from '../bad-input.js'
import { describeGoldenFiles } from '../golden.js'
import { awsApigw, parseAwsApigw } from './aws-apigw.js'

describeGoldenFiles('aws-apigw', join(import.meta.dirname, 'fixtures'), awsApigw)

describe('aws-apigw', () => {
  it('reads REST naming: httpMethod, resourcePath as the route (and the target when no path is logged)', () => {
    const r = parseAwsApigw(
      '{"requestId":"r1","ip":"198.51.100.10","requestTime":"05/Mar/2024:10:11:12 +0000","httpMethod":"GET","resourcePath":"/pets/{petId}","status":"200","protocol":"HTTP/1.1","responseLength":"49"}',
    )
    expect(r).toMatchObject({
      ok: true,
      record: {
        ts: Date.UTC(2024, 2, 5, 10, 11, 12),
        method: 'GET',
        target: '/pets/{petId}',
        gateway_route: '/pets/{petId}',
        response_bytes: 49,
      },
    })
  })

  it('reads HTTP API naming: routeKey gives method and route, requestTimeEpoch the time', () => {
    const r = parseAwsApigw(
      '{"requestId":"r2","ip":"198.51.100.10","requestTimeEpoch":"1709633472345","routeKey":"DELETE /pets/{petId}","path":"/pets/7","status":"204"}',
    )
    expect(r).toMatchObject({
      ok: true,
      record: {
        ts: 1709633472345,
        method: 'DELETE',
        target: '/pets/7',
        gateway_route: 'DELETE /pets/{petId}',
      },
    })
  })

  it('keeps the API key as a credential and the authorizer principal as the consumer', () => {
    const r = parseAwsApigw(
      '{"requestId":"r3","identity":{"sourceIp":"203.0.113.5","apiKey":"Zq8Kx2Lm9Np4"},"requestTimeEpoch":1709633472345,"httpMethod":"GET","path":"/a","status":200,"authorizer":{"claims":{"sub":"5c8e"}},"apiId":"a1b2","domainName":"api.test"}',
    )
    expect(r).toMatchObject({
      ok: true,
      record: {
        client_ip: '203.0.113.5',
        api_key: 'Zq8Kx2Lm9Np4',
        consumer: '5c8e',
        upstream_service: 'a1b2',
        host: 'api.test',
      },
    })
  })
})

describeBadInput('aws-apigw', () => awsApigw, {
  good: '{"requestId":"r1","ip":"198.51.100.10","requestTime":"05/Mar/2024:10:11:12 +0000","httpMethod":"GET","path":"/a","status":"200","apiKey":"sk_live_ApiGwKey99"}',
  secret: 'sk_live_ApiGwKey99',
  json: true,
  cases: [
    {
      name: 'a requestTime without its zone',
      line: '{"requestId":"r","ip":"1.2.3.4","requestTime":"05/Mar/2024:10:11:12","httpMethod":"GET","path":"/","status":"200"}',
      reason: 'bad_timestamp',
    },
    {
      name: 'a garbage requestTimeEpoch',
      line: '{"requestId":"r","ip":"1.2.3.4","requestTimeEpoch":"now","httpMethod":"GET","path":"/","status":"200"}',
      reason: 'bad_timestamp',
    },
    {
      name: 'an absurd responseLength',
      line: '{"requestId":"r","ip":"1.2.3.4","requestTimeEpoch":"1709633472345","httpMethod":"GET","path":"/","status":"200","responseLength":"1e400"}',
      reason: 'out_of_range',
    },
    {
      name: 'a line without requestId',
      line: '{"ip":"1.2.3.4","httpMethod":"GET","path":"/","status":"200"}',
      reason: 'unknown_shape',
    },
  ],
})
