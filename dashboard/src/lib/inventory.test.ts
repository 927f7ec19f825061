import type { EndpointSummary } from '@gatewatch/schema'
import { describe, expect, it } from 'vitest'
import { authKindsOf, timeSpanOf } from './inventory.js'

const auth = (a: Partial<EndpointSummary['auth']>): EndpointSummary['auth'] => ({
  none: 0,
  api_key: 0,
  bearer: 0,
  jwt: 0,
  basic: 0,
  cookie: 0,
  ...a,
})

describe('authKindsOf', () => {
  it('lists the kinds seen, most used first, and nothing for an endpoint never called', () => {
    expect(authKindsOf({ auth: auth({ jwt: 10, none: 3, api_key: 5 }) })).toEqual(['JWT', 'API key', 'none'])
    expect(authKindsOf({ auth: auth({}) })).toEqual([])
  })
})

describe('timeSpanOf', () => {
  it('ignores endpoints never seen (spec operations without traffic)', () => {
    const e = (first_seen: number | null, last_seen: number | null) =>
      ({ first_seen, last_seen }) as EndpointSummary
    expect(timeSpanOf([e(null, null), e(5, 9), e(2, 7)])).toEqual({ first: 2, last: 9 })
    expect(timeSpanOf([e(null, null)])).toBeNull()
    expect(timeSpanOf([])).toBeNull()
  })
})
