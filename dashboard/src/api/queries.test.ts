import { describe, expect, it } from 'vitest'
import { apiUrl } from './client.js'
import { endpointKeys, endpointListQuery, trafficKeys, trafficSeriesQuery } from './queries.js'

describe('query keys', () => {
  const filters = { sort: 'requests', order: 'desc', service: 'shop', limit: 100 } as const

  it('are hierarchical, so one prefix invalidates every endpoint list', () => {
    expect(endpointKeys.list(filters)).toEqual(['endpoints', 'list', filters])
    expect(endpointListQuery(filters).queryKey.slice(0, 2)).toEqual(endpointKeys.lists())
    expect(trafficSeriesQuery({ from: 1, to: 2, bucket_ms: 1 }).queryKey).toEqual([
      ...trafficKeys.all,
      'series',
      { from: 1, to: 2, bucket_ms: 1 },
    ])
  })

  it('hold every parameter the fetcher sends', () => {
    const a = endpointListQuery(filters).queryKey
    const b = endpointListQuery({ ...filters, order: 'asc' }).queryKey
    expect(a).not.toEqual(b)
  })
})

describe('apiUrl', () => {
  it('builds the API path and drops unset parameters', () => {
    expect(apiUrl('/endpoints', { sort: 'p95_ms', order: 'desc', service: undefined, limit: 50 })).toBe(
      '/api/v1/endpoints?sort=p95_ms&order=desc&limit=50',
    )
    expect(apiUrl('/traffic')).toBe('/api/v1/traffic')
    expect(apiUrl('/endpoints', { service: 'a b&c' })).toBe('/api/v1/endpoints?service=a+b%26c')
  })
})
