// Every value of the topic, session and evaluation enums of the schema, in display order (see
// voteEnums.ts for the why); labels under `enums.<section>.<VALUE>`.
import type {
  EvaluationRating,
  ParticipantRole,
  SessionMode,
  SessionState,
  TopicCategory,
  TopicState,
} from '../../api/generated/graphql'

function keys<T extends string>(all: Record<T, true>): T[] {
  return Object.keys(all) as T[]
}

export const TOPIC_CATEGORIES = keys<TopicCategory>({
  ENVIRONMENT: true,
  PUBLIC_FACILITIES: true,
  PROPERTY_SERVICE: true,
  PARKING_TRAFFIC: true,
  SAFETY: true,
  ELDERLY_CHILDREN: true,
  CULTURE_SPORTS: true,
  NEIGHBOURHOOD: true,
  HOUSING_RENEWAL: true,
  OTHER: true,
})
export const TOPIC_STATES = keys<TopicState>({
  PROPOSED: true,
  UNDER_REVIEW: true,
  ACCEPTED: true,
  REJECTED: true,
  IN_CONSULTATION: true,
  DECIDED: true,
  IMPLEMENTED: true,
})
export const SESSION_MODES = keys<SessionMode>({ ON_SITE: true, ONLINE: true, HYBRID: true })
export const SESSION_STATES = keys<SessionState>({
  SCHEDULED: true,
  IN_PROGRESS: true,
  CONCLUDED: true,
  CANCELLED: true,
})
export const PARTICIPANT_ROLES = keys<ParticipantRole>({
  PARTY_ORGANISATION: true,
  RESIDENT_REPRESENTATIVE: true,
  SOCIAL_ORGANISATION: true,
  OWNERS_COMMITTEE: true,
  PROPERTY_SERVICE: true,
})
export const EVALUATION_RATINGS = keys<EvaluationRating>({
  SATISFIED: true,
  BASICALLY_SATISFIED: true,
  NOT_SATISFIED: true,
})

/** The states a staff member may move a topic to by hand, from the state it must be in
 * (backend MANUAL_TRANSITIONS); review and publishing move it otherwise. */
export const MANUAL_TOPIC_MOVES: Partial<Record<TopicState, TopicState>> = {
  ACCEPTED: 'IN_CONSULTATION',
  IN_CONSULTATION: 'DECIDED',
  DECIDED: 'IMPLEMENTED',
}

export const TOPIC_ENUM_SECTIONS = {
  topicCategory: TOPIC_CATEGORIES,
  topicState: TOPIC_STATES,
  sessionMode: SESSION_MODES,
  sessionState: SESSION_STATES,
  participantRole: PARTICIPANT_ROLES,
  evaluationRating: EVALUATION_RATINGS,
} as const
