// Every value of the schema's enums, in display order. `Record<Enum, true>` makes the type
// checker fail when the schema gains a value the interface does not list.
import type {
  CareTagKind,
  DivisionLevel,
  Gender,
  GridKind,
  RelationToHead,
  Residency,
  VisitTier,
} from '../api/generated/graphql'

function keys<T extends string>(all: Record<T, true>): T[] {
  return Object.keys(all) as T[]
}

export const GENDERS = keys<Gender>({ MALE: true, FEMALE: true })

export const RESIDENCIES = keys<Residency>({ REGISTERED: true, PERMANENT: true, FLOATING: true })

export const RELATIONS = keys<RelationToHead>({
  HEAD: true,
  SPOUSE: true,
  CHILD: true,
  PARENT: true,
  GRANDPARENT: true,
  GRANDCHILD: true,
  SIBLING: true,
  OTHER_RELATIVE: true,
  TENANT: true,
  OTHER: true,
})

export const CARE_TAG_KINDS = keys<CareTagKind>({
  ELDERLY_ALONE: true,
  EMPTY_NEST_ELDERLY: true,
  DISABLED: true,
  SERIOUS_ILLNESS: true,
  SUBSISTENCE: true,
  ENTITLED: true,
  LEFT_BEHIND_CHILD: true,
})

export const VISIT_TIERS = keys<VisitTier>({ HIGH: true, KEY: true, GENERAL: true })

export const GRID_KINDS = keys<GridKind>({ COMPREHENSIVE: true, DEDICATED: true })

export const DIVISION_LEVELS = keys<DivisionLevel>({
  DISTRICT: true,
  SUBDISTRICT: true,
  COMMUNITY: true,
})

/** Catalogue section holding the labels of each enum (`enums.<section>.<VALUE>`). */
export const ENUM_SECTIONS = {
  gender: GENDERS,
  residency: RESIDENCIES,
  relationToHead: RELATIONS,
  careTag: CARE_TAG_KINDS,
  visitTier: VISIT_TIERS,
  gridKind: GRID_KINDS,
  divisionLevel: DIVISION_LEVELS,
} as const
