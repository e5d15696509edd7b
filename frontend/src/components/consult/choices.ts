// The choices on a ballot, checked before the confirmation step with the same rules and in the
// same order as the server (backend/consultations/rules.py validate_choices), so a resident
// sees the problem at once; the server checks again and its answer wins.

export type BallotKindName = 'SINGLE' | 'MULTIPLE' | 'FOR_AGAINST_ABSTAIN'

export type ChoiceProblem =
  | 'OPTION_NOT_IN_VOTE'
  | 'DUPLICATE_CHOICE'
  | 'EMPTY_BALLOT'
  | 'TOO_MANY_CHOICES'

export interface BallotShape {
  ballotKind: BallotKindName
  /** N of a MULTIPLE vote ("at most N"); 1 for the other kinds. */
  maxChoices: number
  /** Whether a ballot with no choice may be cast. */
  allowEmpty: boolean
  options: ReadonlyArray<{ id: string }>
}

/** How many options a ballot of this vote may carry. */
export function choiceLimit(vote: Pick<BallotShape, 'ballotKind' | 'maxChoices'>): number {
  return vote.ballotKind === 'MULTIPLE' ? Math.max(1, vote.maxChoices) : 1
}

/** The first problem with `choices`, or null when the ballot may be cast. */
export function choiceProblem(vote: BallotShape, choices: readonly string[]): ChoiceProblem | null {
  const known = new Set(vote.options.map((option) => option.id))
  if (choices.some((id) => !known.has(id))) return 'OPTION_NOT_IN_VOTE'
  if (new Set(choices).size !== choices.length) return 'DUPLICATE_CHOICE'
  if (choices.length === 0 && !vote.allowEmpty) return 'EMPTY_BALLOT'
  if (choices.length > choiceLimit(vote)) return 'TOO_MANY_CHOICES'
  return null
}

/** The choices after tapping `id`: SINGLE and FOR/AGAINST/ABSTAIN pick one (tapping it again
 * clears it); MULTIPLE toggles, and refuses a choice beyond the limit (the list is returned
 * unchanged, `refused` is true) rather than dropping an earlier one behind the voter's back. */
export function toggleChoice(
  vote: Pick<BallotShape, 'ballotKind' | 'maxChoices'>,
  choices: readonly string[],
  id: string,
): { choices: string[]; refused: boolean } {
  const chosen = choices.includes(id)
  if (vote.ballotKind !== 'MULTIPLE') {
    return { choices: chosen ? [] : [id], refused: false }
  }
  if (chosen) return { choices: choices.filter((c) => c !== id), refused: false }
  if (choices.length >= choiceLimit(vote)) return { choices: [...choices], refused: true }
  return { choices: [...choices, id], refused: false }
}

/** The chosen options in the vote's own order (the confirmation step lists them so). */
export function chosenInOrder<O extends { id: string }>(
  options: readonly O[],
  choices: readonly string[],
): O[] {
  const set = new Set(choices)
  return options.filter((option) => set.has(option.id))
}
