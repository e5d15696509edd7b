import { describe, expect, it } from 'vitest'
import { REASON_MAX, REASON_MIN, reasonProblem } from '../src/lib/reveal'

describe('reveal reason', () => {
  it('needs 4 to 200 characters, counted as characters and trimmed', () => {
    expect(REASON_MIN).toBe(4)
    expect(REASON_MAX).toBe(200)
    expect(reasonProblem('')).toBe('tooShort')
    expect(reasonProblem('   核对  ')).toBe('tooShort')
    expect(reasonProblem('入户核对')).toBeNull()
    expect(reasonProblem('check')).toBeNull()
    expect(reasonProblem('走'.repeat(200))).toBeNull()
    expect(reasonProblem('走'.repeat(201))).toBe('tooLong')
    // One character outside the BMP is one character, not two.
    expect(reasonProblem('𠀀𠀀𠀀')).toBe('tooShort')
  })
})
