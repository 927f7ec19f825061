import { describe, expect, it } from 'vitest'
import { pageOf } from './usePage.js'

describe('pageOf', () => {
  it('reads the alerts page and an alert id from the hash, and falls back to the inventory', () => {
    expect(pageOf('#/alerts')).toEqual({ name: 'alerts', alertId: null })
    expect(pageOf('#/alerts/0123456789abcdef01234567')).toEqual({
      name: 'alerts',
      alertId: '0123456789abcdef01234567',
    })
    expect(pageOf('')).toEqual({ name: 'endpoints' })
    expect(pageOf('#/')).toEqual({ name: 'endpoints' })
    expect(pageOf('#/alerts/<script>')).toEqual({ name: 'endpoints' })
  })
})
