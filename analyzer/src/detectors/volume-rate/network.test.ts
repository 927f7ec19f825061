import { describe, expect, it } from 'vitest'
import { cidrOf } from './network.js'

describe('cidrOf', () => {
  it.each([
    ['203.0.113.77', 24, '203.0.113.0/24'],
    ['203.0.113.77', 16, '203.0.0.0/16'],
    ['::ffff:198.51.100.9', 24, '198.51.100.0/24'],
    ['2001:db8:1:2::5', 24, '2001:db8:1::/48'],
    ['2001:0db8:0001:0002:0000:0000:0000:0005', 24, '2001:db8:1::/48'],
    ['not-an-ip', 24, 'not-an-ip'],
  ])('%s /%i → %s', (ip, v4, cidr) => {
    expect(cidrOf(ip, v4, 48)).toBe(cidr)
  })
})
