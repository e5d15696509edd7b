import { describe, expect, it } from 'vitest'
import { hasErrors, mapFieldErrors, topField } from '../src/lib/formErrors'

const FIELDS = ['name', 'idNumber', 'phone', 'careTags'] as const

describe('mapFieldErrors', () => {
  it('puts each message under its field', () => {
    const mapped = mapFieldErrors(
      [
        { field: 'idNumber', code: 'INVALID_ID_NUMBER', message: '身份证号码无效' },
        { field: 'phone', code: 'INVALID_PHONE', message: '手机号码无效' },
      ],
      FIELDS,
    )
    expect(mapped.byField).toEqual({ idNumber: '身份证号码无效', phone: '手机号码无效' })
    expect(mapped.general).toEqual([])
    expect(hasErrors(mapped)).toBe(true)
  })

  it('keeps errors for the whole input and for fields the form lacks as general errors', () => {
    const mapped = mapFieldErrors(
      [
        { field: null, code: 'FORBIDDEN', message: 'You may not act on this object' },
        { field: 'gender', code: 'GENDER_MISMATCH', message: 'The gender does not match' },
        { field: 'gridId', code: 'REQUIRED', message: 'This field is required' },
      ],
      FIELDS,
    )
    expect(mapped.byField).toEqual({})
    expect(mapped.general).toEqual([
      'You may not act on this object',
      'The gender does not match',
      'This field is required',
    ])
  })

  it('maps nested paths to their top field and joins several messages', () => {
    const mapped = mapFieldErrors(
      [
        { field: 'careTags.1.tier', code: 'INVALID', message: 'bad tier' },
        { field: 'careTags[0]', code: 'DUPLICATE', message: 'duplicate' },
        { field: 'careTags', code: 'DUPLICATE', message: 'duplicate' },
      ],
      FIELDS,
    )
    expect(mapped.byField).toEqual({ careTags: 'bad tier duplicate' })
  })

  it('drops repeated general messages and reports no errors for an empty list', () => {
    const same = { field: null, code: 'CONFLICT', message: 'conflict' }
    expect(mapFieldErrors([same, same], FIELDS).general).toEqual(['conflict'])
    const none = mapFieldErrors([], FIELDS)
    expect(hasErrors(none)).toBe(false)
  })

  it('topField', () => {
    expect(topField('idNumber')).toBe('idNumber')
    expect(topField('careTags.0.kind')).toBe('careTags')
    expect(topField('careTags[2].tier')).toBe('careTags')
  })
})
