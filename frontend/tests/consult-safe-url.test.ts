import { describe, expect, it } from 'vitest'
import { safeUrl } from '../src/components/consult/safeUrl'

describe('safeUrl', () => {
  it('keeps web addresses', () => {
    expect(safeUrl('https://meeting.example.cn/j/123')).toBe('https://meeting.example.cn/j/123')
    expect(safeUrl(' http://10.0.0.1/minutes.pdf ')).toBe('http://10.0.0.1/minutes.pdf')
  })

  it('refuses scripts, data, relative and broken addresses', () => {
    expect(safeUrl('javascript:alert(1)')).toBeNull()
    expect(safeUrl('JavaScript:alert(1)')).toBeNull()
    expect(safeUrl('data:text/html,<b>x</b>')).toBeNull()
    expect(safeUrl('/relative/path')).toBeNull()
    expect(safeUrl('not a url')).toBeNull()
    expect(safeUrl('')).toBeNull()
    expect(safeUrl(null)).toBeNull()
  })
})
