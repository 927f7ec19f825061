import { describe, expect, it } from 'vitest'
import {
  compileStrftime,
  compileTimeFormat,
  newParts,
  parseClfNoZone,
  parseEpoch,
  parseIso,
  parseZone,
  partsToMs,
  UTC_ZONE,
} from './time.js'

describe('parseIso', () => {
  it('reads any fraction, Z, offsets with and without colon, and a space for T', () => {
    expect(parseIso('2024-12-29T11:42:47.503803974Z')).toBe(Date.UTC(2024, 11, 29, 11, 42, 47, 503))
    expect(parseIso('2018-07-02T22:23:00.186641Z')).toBe(Date.UTC(2018, 6, 2, 22, 23, 0, 186))
    expect(parseIso('2024-03-05T10:11:12+01:00')).toBe(Date.UTC(2024, 2, 5, 9, 11, 12))
    expect(parseIso('2024-03-05 10:11:12-0530')).toBe(Date.UTC(2024, 2, 5, 15, 41, 12))
    expect(parseIso('2024-03-05T10:11Z')).toBe(Date.UTC(2024, 2, 5, 10, 11))
  })

  it('reads a time without a zone in the zone given, and refuses impossible dates', () => {
    expect(parseIso('2024-03-05T10:11:12', parseZone('+02:00')!)).toBe(Date.UTC(2024, 2, 5, 8, 11, 12))
    for (const bad of [
      '2024-02-30T10:11:12Z',
      '2023-02-29T10:11:12Z',
      '2024-03-05T24:00:00Z',
      '2024-03-05',
      '2024-03-05T10:11:12+25:00',
      'x'.repeat(30),
    ]) {
      expect(parseIso(bad), bad).toBe(-1)
    }
    expect(parseIso('2024-02-29T10:11:12Z')).toBe(Date.UTC(2024, 1, 29, 10, 11, 12))
  })
})

describe('zones', () => {
  it('follows daylight saving time for IANA names, both ways across the year', () => {
    const paris = parseZone('Europe/Paris')!
    expect(paris.toUtc(Date.UTC(2024, 6, 1, 12))).toBe(Date.UTC(2024, 6, 1, 10))
    expect(paris.toUtc(Date.UTC(2024, 0, 1, 12))).toBe(Date.UTC(2024, 0, 1, 11))
    const ny = parseZone('America/New_York')!
    expect(ny.toUtc(Date.UTC(2024, 6, 1, 12))).toBe(Date.UTC(2024, 6, 1, 16))
    expect(parseZone('UTC')).toBe(UTC_ZONE)
    expect(parseZone('Not/AZone')).toBeNull()
  })
})

describe('HAProxy and epoch times', () => {
  it('reads dd/Mon/yyyy:HH:MM:SS[.mmm] in a zone', () => {
    expect(parseClfNoZone('06/Feb/2009:12:14:14.655', UTC_ZONE)).toBe(Date.UTC(2009, 1, 6, 12, 14, 14, 655))
    expect(parseClfNoZone('06/Feb/2009:12:14:14', UTC_ZONE)).toBe(Date.UTC(2009, 1, 6, 12, 14, 14))
    expect(parseClfNoZone('06/Feb/2009:12:14:14.6', UTC_ZONE)).toBe(-1)
  })

  it('reads epochs in s, ms, us and ns from numbers and text, refusing negatives and garbage', () => {
    expect([
      parseEpoch(1709633472.345, 's'),
      parseEpoch('1709633472345', 'ms'),
      parseEpoch(1709633472345678, 'us'),
    ]).toEqual([1709633472345, 1709633472345, 1709633472345])
    expect(parseEpoch('1709633472345678901', 'ns')).toBe(1709633472345)
    expect([
      parseEpoch(-1, 's'),
      parseEpoch('soon', 's'),
      parseEpoch(null, 's'),
      parseEpoch(Number.POSITIVE_INFINITY, 's'),
    ]).toEqual([-1, -1, -1, -1])
  })
})

describe('strftime patterns', () => {
  const read = (pattern: string, text: string, zone = UTC_ZONE) => {
    const c = compileStrftime(pattern)
    if (typeof c === 'string') throw new Error(c)
    const p = newParts()
    return c.read(text, p) ? partsToMs(p, zone) : -1
  }

  it('reads the common patterns', () => {
    expect(read('%d/%b/%Y:%H:%M:%S %z', '10/Oct/2000:13:55:36 -0700')).toBe(Date.UTC(2000, 9, 10, 20, 55, 36))
    expect(read('%Y-%m-%dT%H:%M:%S.%f%z', '2024-03-05T10:11:12.123456+0000')).toBe(
      Date.UTC(2024, 2, 5, 10, 11, 12, 123),
    )
    expect(read('%a, %d %B %Y %I:%M:%S %p %Z', 'Tue, 05 March 2024 01:11:12 PM GMT')).toBe(
      Date.UTC(2024, 2, 5, 13, 11, 12),
    )
    expect(read('%s', '1709633472')).toBe(1709633472000)
    expect(read('%Y %j %T', '2024 065 10:11:12')).toBe(Date.UTC(2024, 2, 5, 10, 11, 12))
    expect(read('%b %e %H:%M:%S %Y', 'Mar  5 10:11:12 2024')).toBe(Date.UTC(2024, 2, 5, 10, 11, 12))
    expect(read('%F %T', '2024-03-05 10:11:12', parseZone('Asia/Tokyo')!)).toBe(
      Date.UTC(2024, 2, 5, 1, 11, 12),
    )
  })

  it('refuses text that does not fit, and names an unknown directive', () => {
    expect(read('%Y-%m-%d %H:%M:%S', '2024-03-05 10:11:12 extra')).toBe(-1)
    expect(read('%Y-%m-%d %H:%M:%S', '2024-02-31 10:11:12')).toBe(-1)
    expect(read('%Z', 'CET')).toBe(-1)
    expect(compileStrftime('%Y %q')).toBe('uses %q, which is not a supported strftime directive')
    expect(compileTimeFormat('%H:%M', UTC_ZONE)).toMatch(/no year/)
  })
})
