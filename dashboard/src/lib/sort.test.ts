import { describe, expect, it } from 'vitest'
import { ariaSort, DEFAULT_SORT, nextSort } from './sort.js'

describe('nextSort', () => {
  it('starts sorted by requests, busiest first', () => {
    expect(DEFAULT_SORT).toEqual({ sort: 'requests', order: 'desc' })
  })

  it('flips the direction when the sorted column is clicked again', () => {
    expect(nextSort({ sort: 'requests', order: 'desc' }, 'requests')).toEqual({
      sort: 'requests',
      order: 'asc',
    })
    expect(nextSort({ sort: 'requests', order: 'asc' }, 'requests')).toEqual({
      sort: 'requests',
      order: 'desc',
    })
  })

  it('starts a new column in its natural direction', () => {
    expect(nextSort(DEFAULT_SORT, 'p95_ms')).toEqual({ sort: 'p95_ms', order: 'desc' })
    expect(nextSort(DEFAULT_SORT, 'last_seen')).toEqual({ sort: 'last_seen', order: 'desc' })
    expect(nextSort(DEFAULT_SORT, 'route')).toEqual({ sort: 'route', order: 'asc' })
  })

  it('tells assistive technology which column sorts the table', () => {
    expect(ariaSort(DEFAULT_SORT, 'requests')).toBe('descending')
    expect(ariaSort({ sort: 'route', order: 'asc' }, 'route')).toBe('ascending')
    expect(ariaSort(DEFAULT_SORT, 'route')).toBe('none')
  })
})
