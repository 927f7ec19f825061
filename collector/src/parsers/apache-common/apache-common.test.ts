import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { describeBadInput } from '../bad-input.js'
import { describeGoldenFiles } from '../golden.js'
import { apacheCommon } from './apache-common.js'

describeGoldenFiles('apache-common', join(import.meta.dirname, 'fixtures'), apacheCommon)

describe('apache-common', () => {
  it('reads the documentation example: user, CLF time with its zone, request, status, size', () => {
    expect(
      apacheCommon.parse(
        '127.0.0.1 - frank [10/Oct/2000:13:55:36 -0700] "GET /apache_pb.gif HTTP/1.0" 200 2326',
      ),
    ).toEqual({
      ok: true,
      record: expect.objectContaining({
        ts: Date.UTC(2000, 9, 10, 20, 55, 36),
        method: 'GET',
        target: '/apache_pb.gif',
        protocol: 'HTTP/1.0',
        status: 200,
        client_ip: '127.0.0.1',
        remote_user: 'frank',
        response_bytes: 2326,
      }),
    })
  })
})

const good = '127.0.0.1 - frank [10/Oct/2000:13:55:36 -0700] "GET /a?token=tok_7Yh2Kd9QmZ HTTP/1.0" 200 2326'
describeBadInput('apache-common', () => apacheCommon, {
  good,
  secret: 'tok_7Yh2Kd9QmZ',
  // A cut inside the last field (the size) leaves a shorter, valid size.
  mustRejectCutsBelow: good.lastIndexOf(' ') + 2,
  cases: [
    {
      name: 'a negative size',
      line: '127.0.0.1 - - [10/Oct/2000:13:55:36 -0700] "GET / HTTP/1.0" 200 -5',
      reason: 'out_of_range',
    },
    {
      name: 'a day that does not exist',
      line: '127.0.0.1 - - [30/Feb/2000:13:55:36 -0700] "GET / HTTP/1.0" 200 5',
      reason: 'bad_timestamp',
    },
  ],
})
