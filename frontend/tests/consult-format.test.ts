import { describe, expect, it } from 'vitest'
import {
  areaNumber,
  daysLeft,
  formatArea,
  formatPercent,
  parseShare,
  share,
  shareNumber,
} from '../src/components/consult/format'

describe('shares', () => {
  it('reads numbers, decimal strings and exact fractions', () => {
    expect(parseShare('2/3')).toEqual({ num: 2n, den: 3n })
    expect(parseShare('0.75')).toEqual({ num: 75n, den: 100n })
    expect(parseShare(0.5)).not.toBeNull()
    expect(parseShare('1/0')).toBeNull()
    expect(parseShare(null)).toBeNull()
    expect(parseShare('abc')).toBeNull()
    expect(share(0, 0)).toBeNull()
    expect(share('3.5', 7)).toEqual({ num: 35n, den: 70n })
  })

  it('cuts percentages instead of rounding, so just under 2/3 never reads as 2/3', () => {
    expect(formatPercent('2/3', 'en')).toBe('66.66%')
    expect(formatPercent('6666/10000', 'en')).toBe('66.66%')
    expect(formatPercent('1/2', 'en')).toBe('50.00%')
    expect(formatPercent('999999/1000000', 'en', 1)).toBe('99.9%')
    expect(formatPercent('1/1', 'zh-CN', 0)).toBe('100%')
    expect(formatPercent(null, 'en')).toBeNull()
    // exactly 2/3 of the area, as the owners' turnout rule compares it
    expect(formatPercent(share('800.00', '1200.00'), 'en')).toBe('66.66%')
  })

  it('gives a number between 0 and 1 for drawing', () => {
    expect(shareNumber('3/4')).toBe(0.75)
    expect(shareNumber(null)).toBe(0)
  })
})

describe('areas', () => {
  it('groups thousands and keeps two decimals without floating point', () => {
    expect(formatArea('12345.6', 'en')).toBe('12,345.60')
    expect(formatArea('98765432109.99', 'zh-CN')).toBe('98,765,432,109.99')
    expect(formatArea('0.005', 'en')).toBe('0.01')
    expect(formatArea('0', 'en')).toBe('0.00')
    expect(formatArea(null, 'en')).toBe('0.00')
    expect(formatArea(88.5, 'en')).toBe('88.50')
  })

  it('turns areas into numbers for charts', () => {
    expect(areaNumber('120.50')).toBe(120.5)
    expect(areaNumber('x')).toBe(0)
    expect(areaNumber(null)).toBe(0)
  })
})

describe('notice period', () => {
  const now = new Date('2026-05-01T12:00:00Z')
  it('counts the days left, a part of a day as a day, and nothing once past', () => {
    expect(daysLeft('2026-05-08T12:00:00Z', now)).toBe(7)
    expect(daysLeft('2026-05-08T11:59:00Z', now)).toBe(7)
    expect(daysLeft('2026-05-01T18:00:00Z', now)).toBe(1)
    expect(daysLeft('2026-05-01T12:00:00Z', now)).toBeNull()
    expect(daysLeft('2026-04-30T12:00:00Z', now)).toBeNull()
    expect(daysLeft(null, now)).toBeNull()
  })
})

describe('datetime-local inputs', async () => {
  const { isoToLocalInput, localInputAfter, localInputToIso } = await import(
    '../src/components/consult/datetime'
  )
  it('round-trips a local time through an ISO instant', () => {
    const iso = localInputToIso('2026-05-01T09:30')
    expect(iso).not.toBeNull()
    expect(new Date(iso ?? '').getHours()).toBe(9)
    expect(isoToLocalInput(iso ?? '')).toBe('2026-05-01T09:30')
  })

  it('refuses empty, malformed and impossible values', () => {
    expect(localInputToIso('')).toBeNull()
    expect(localInputToIso('2026-05-01 09:30')).toBeNull()
    expect(localInputToIso('2026-02-30T09:30')).toBeNull()
    expect(isoToLocalInput('nonsense')).toBe('')
  })

  it('adds minutes for default windows', () => {
    expect(localInputAfter(new Date(2026, 4, 1, 9, 30, 45), 90)).toBe('2026-05-01T11:00')
  })
})
