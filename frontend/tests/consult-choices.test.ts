import { describe, expect, it } from 'vitest'
import {
  choiceLimit,
  choiceProblem,
  chosenInOrder,
  toggleChoice,
  type BallotShape,
} from '../src/components/consult/choices'

const options = [{ id: 'a' }, { id: 'b' }, { id: 'c' }, { id: 'd' }]
const single: BallotShape = { ballotKind: 'SINGLE', maxChoices: 1, allowEmpty: true, options }
const multiple: BallotShape = { ballotKind: 'MULTIPLE', maxChoices: 2, allowEmpty: true, options }
const motion: BallotShape = {
  ballotKind: 'FOR_AGAINST_ABSTAIN',
  maxChoices: 1,
  allowEmpty: false,
  options: [{ id: 'for' }, { id: 'against' }, { id: 'abstain' }],
}

describe('choiceProblem (same rules and order as the server)', () => {
  it('accepts one option of a SINGLE vote and at most N of a MULTIPLE one', () => {
    expect(choiceProblem(single, ['b'])).toBeNull()
    expect(choiceProblem(multiple, ['a', 'c'])).toBeNull()
    expect(choiceProblem(motion, ['abstain'])).toBeNull()
  })

  it('refuses too many choices', () => {
    expect(choiceProblem(single, ['a', 'b'])).toBe('TOO_MANY_CHOICES')
    expect(choiceProblem(multiple, ['a', 'b', 'c'])).toBe('TOO_MANY_CHOICES')
    expect(choiceProblem(motion, ['for', 'against'])).toBe('TOO_MANY_CHOICES')
  })

  it('refuses an option of another vote before anything else', () => {
    expect(choiceProblem(single, ['x'])).toBe('OPTION_NOT_IN_VOTE')
    expect(choiceProblem(multiple, ['a', 'b', 'x'])).toBe('OPTION_NOT_IN_VOTE')
  })

  it('refuses the same option twice', () => {
    expect(choiceProblem(multiple, ['a', 'a'])).toBe('DUPLICATE_CHOICE')
  })

  it('allows an empty ballot only when the vote does', () => {
    expect(choiceProblem(single, [])).toBeNull()
    expect(choiceProblem(motion, [])).toBe('EMPTY_BALLOT')
  })

  it('reads the limit of a MULTIPLE vote from maxChoices, 1 otherwise', () => {
    expect(choiceLimit(multiple)).toBe(2)
    expect(choiceLimit({ ballotKind: 'SINGLE', maxChoices: 3 })).toBe(1)
    expect(choiceLimit({ ballotKind: 'MULTIPLE', maxChoices: 0 })).toBe(1)
  })
})

describe('toggleChoice', () => {
  it('SINGLE and FOR/AGAINST/ABSTAIN keep one choice; tapping it again clears it', () => {
    expect(toggleChoice(single, [], 'a')).toEqual({ choices: ['a'], refused: false })
    expect(toggleChoice(single, ['a'], 'b')).toEqual({ choices: ['b'], refused: false })
    expect(toggleChoice(motion, ['for'], 'for')).toEqual({ choices: [], refused: false })
  })

  it('MULTIPLE toggles and refuses a choice past N without dropping one', () => {
    let state = toggleChoice(multiple, [], 'c')
    state = toggleChoice(multiple, state.choices, 'a')
    expect(state).toEqual({ choices: ['c', 'a'], refused: false })
    const third = toggleChoice(multiple, state.choices, 'b')
    expect(third).toEqual({ choices: ['c', 'a'], refused: true })
    expect(toggleChoice(multiple, state.choices, 'c')).toEqual({ choices: ['a'], refused: false })
  })

  it('lists the chosen options in the order of the vote', () => {
    expect(chosenInOrder(options, ['d', 'a']).map((o) => o.id)).toEqual(['a', 'd'])
  })
})
