// Every value of the vote enums of the schema, in display order; `Record<Enum, true>` makes the
// type checker fail when the schema gains a value the interface does not label. Labels live
// in the catalogue under `enums.<section>.<VALUE>` (checked by tests/consult-enums.test.ts).
import type {
  BallotChannel,
  BallotKind,
  ConflictStatus,
  DecisionRule,
  OptionStance,
  Reason,
  ReceiptStatus,
  ScopeKind,
  VoteState,
  VotingUnit,
} from '../../api/generated/graphql'

function keys<T extends string>(all: Record<T, true>): T[] {
  return Object.keys(all) as T[]
}

export const VOTE_STATES = keys<VoteState>({ DRAFT: true, OPEN: true, CLOSED: true })
export const BALLOT_KINDS = keys<BallotKind>({
  SINGLE: true,
  MULTIPLE: true,
  FOR_AGAINST_ABSTAIN: true,
})
export const VOTING_UNITS = keys<VotingUnit>({ PERSON: true, HOUSEHOLD: true, OWNER: true })
export const DECISION_RULES = keys<DecisionRule>({
  SIMPLE_MAJORITY: true,
  TWO_THIRDS: true,
  OWNERS_ORDINARY: true,
  OWNERS_MAJOR: true,
})
export const SCOPE_KINDS = keys<ScopeKind>({
  COMMUNITY: true,
  GRID: true,
  COMPOUND: true,
  BUILDING: true,
})
export const OPTION_STANCES = keys<OptionStance>({ FOR: true, AGAINST: true, ABSTAIN: true })
export const BALLOT_CHANNELS = keys<BallotChannel>({ ONLINE: true, PAPER: true, ON_SITE: true })
export const CONFLICT_STATUSES = keys<ConflictStatus>({
  OPEN: true,
  KEPT_EXISTING: true,
  REPLACED: true,
})
export const RECEIPT_STATUSES = keys<ReceiptStatus>({
  COUNTED: true,
  PENDING: true,
  NOT_COUNTED: true,
})
export const OUTCOME_REASONS = keys<Reason>({
  APPROVED: true,
  NOT_APPROVED: true,
  TIE: true,
  TURNOUT_NOT_MET: true,
  NO_BALLOTS: true,
  NO_ELIGIBLE_UNITS: true,
})

/** The owners' rules (Civil Code art. 278) weigh by area and need OWNER units. */
export const OWNER_RULES: readonly DecisionRule[] = ['OWNERS_ORDINARY', 'OWNERS_MAJOR']

export const VOTE_ENUM_SECTIONS = {
  voteState: VOTE_STATES,
  ballotKind: BALLOT_KINDS,
  votingUnit: VOTING_UNITS,
  decisionRule: DECISION_RULES,
  scopeKind: SCOPE_KINDS,
  optionStance: OPTION_STANCES,
  ballotChannel: BALLOT_CHANNELS,
  conflictStatus: CONFLICT_STATUSES,
  receiptStatus: RECEIPT_STATUSES,
  outcomeReason: OUTCOME_REASONS,
} as const
