/* eslint-disable */
/** Internal type. DO NOT USE DIRECTLY. */
type Exact<T extends { [key: string]: unknown }> = { [K in keyof T]: T[K] };
/** Internal type. DO NOT USE DIRECTLY. */
export type Incremental<T> = T | { [P in keyof T]?: P extends ' $fragmentName' | '__typename' ? T[P] : never };
import type { DocumentTypeDecoration } from '@graphql-typed-document-node/core';
/** Staff login 工作人员登录. */
export type AuthLoginInput = {
  /** Password 密码. */
  password: string;
  /** Return the session token for `Authorization: Bearer`. */
  tokenInResponse?: boolean;
  /** Username 用户名. */
  username: string;
};

/** Log out 退出登录. */
export type AuthLogoutInput = {
  /** End every session of the account 退出所有设备. */
  everywhere?: boolean;
};

/** Ask for a login code by SMS 获取验证码. */
export type AuthOtpRequestInput = {
  /** Mobile phone 手机号. */
  phone: string;
};

/** Log in with the SMS code 验证码登录. */
export type AuthOtpVerifyInput = {
  /** 6-digit code 验证码. */
  code: string;
  /** Mobile phone 手机号. */
  phone: string;
  /** Return the session token for `Authorization: Bearer`. */
  tokenInResponse?: boolean;
};

/** What a role may do 权限. */
export type Capability =
  | 'AUDIT_READ'
  | 'CONSULTATIONS_READ'
  | 'CONSULTATION_MANAGE'
  | 'CONSULTATION_PARTICIPATE'
  | 'DIVISION_MANAGE'
  | 'GRID_MANAGE'
  | 'PEOPLE_READ'
  | 'PEOPLE_WRITE'
  | 'PERSONAL_DATA_REVEAL'
  | 'SPECIAL_POPULATION'
  | 'STRUCTURE_READ';

/** A care tag to set 关爱标签. */
export type CareTagInput = {
  /** Category 类别. */
  kind: CareTagKind;
  /** Visit tier 走访等级. */
  tier: VisitTier;
};

/** Care tag 关爱对象类别: 独居老人, 残疾, 低保, 优抚, 留守儿童, 大病, 空巢老人. */
export type CareTagKind =
  | 'DISABLED'
  | 'ELDERLY_ALONE'
  | 'EMPTY_NEST_ELDERLY'
  | 'ENTITLED'
  | 'LEFT_BEHIND_CHILD'
  | 'SERIOUS_ILLNESS'
  | 'SUBSISTENCE';

/** Administrative level 区划层级: 区县, 街道/乡镇, 社区/村. */
export type DivisionLevel =
  | 'COMMUNITY'
  | 'DISTRICT'
  | 'SUBDISTRICT';

/** Machine-readable reason for a user error 错误代码. */
export type ErrorCode =
  | 'ACCOUNT_LOCKED'
  | 'ALREADY_ENDED'
  | 'ALREADY_REPORTED'
  | 'ALREADY_SUPPORTED'
  | 'ALREADY_VOTED'
  | 'BIRTH_DATE_MISMATCH'
  | 'CONFLICT'
  | 'CONFLICT_RESOLVED'
  | 'DATE_IN_FUTURE'
  | 'DIVISION_CODE_OUTSIDE_PARENT'
  | 'DUPLICATE'
  | 'DUPLICATE_CHOICE'
  | 'EDIT_WINDOW_CLOSED'
  | 'EMPTY_BALLOT'
  | 'FILE_UNREADABLE'
  | 'FORBIDDEN'
  | 'GENDER_MISMATCH'
  | 'GRID_MISMATCH'
  | 'HOUSEHOLD_HAS_HEAD'
  | 'INVALID'
  | 'INVALID_CREDENTIALS'
  | 'INVALID_DIVISION_CODE'
  | 'INVALID_GEOJSON'
  | 'INVALID_ID_NUMBER'
  | 'INVALID_PHONE'
  | 'INVALID_RANGE'
  | 'INVALID_TRANSITION'
  | 'IN_THE_PAST'
  | 'MISSING_COLUMN'
  | 'NOT_ELIGIBLE'
  | 'NOT_FOUND'
  | 'NOT_IN_SCOPE'
  | 'OPEN_CONFLICTS'
  | 'OPTION_NOT_IN_VOTE'
  | 'OTP_EXPIRED'
  | 'OTP_INVALID'
  | 'OTP_THROTTLED'
  | 'OTP_TOO_MANY_ATTEMPTS'
  | 'OUTSIDE_COMMUNITY'
  | 'OUT_OF_RANGE'
  | 'REASON_REQUIRED'
  | 'REPLY_TOO_DEEP'
  | 'REQUIRED'
  | 'RULE_NEEDS_OWNER_UNITS'
  | 'SAME_HOUSEHOLD'
  | 'SUPPORT_CLOSED'
  | 'TOO_LONG'
  | 'TOO_MANY_CHOICES'
  | 'UNAUTHENTICATED'
  | 'UNIT_REQUIRED'
  | 'VOTE_ALREADY_OPENED'
  | 'VOTE_CLOSED'
  | 'VOTE_NOT_CLOSED'
  | 'VOTE_NOT_OPEN'
  | 'WEAK_PASSWORD'
  | 'WRONG_TYPE';

/** Gender 性别. */
export type Gender =
  | 'FEMALE'
  | 'MALE';

/** Grid kind: COMPREHENSIVE 综合网格 or DEDICATED 专属网格. */
export type GridKind =
  | 'COMPREHENSIVE'
  | 'DEDICATED';

/** Relation to the head 与户主关系. */
export type RelationToHead =
  | 'CHILD'
  | 'GRANDCHILD'
  | 'GRANDPARENT'
  | 'HEAD'
  | 'OTHER'
  | 'OTHER_RELATIVE'
  | 'PARENT'
  | 'SIBLING'
  | 'SPOUSE'
  | 'TENANT';

/** Residency 居住类型: REGISTERED 户籍, PERMANENT 常住, FLOATING 流动. */
export type Residency =
  | 'FLOATING'
  | 'PERMANENT'
  | 'REGISTERED';

/** A new resident 新增居民. Gender and birth date follow the ID number. */
export type ResidentCreateInput = {
  /** Checked against the ID number 出生日期. */
  birthDate?: string | null | undefined;
  /** Care tags 关爱标签. */
  careTags?: Array<CareTagInput>;
  /** Checked against the ID number 性别. */
  gender?: Gender | null | undefined;
  /** Grid 网格 (required without a household). */
  gridId?: string | number | null | undefined;
  /** Household 户 (decides the grid). */
  householdId?: string | number | null | undefined;
  /** ID number 身份证号 (GB 11643). */
  idNumber: string;
  /** Name 姓名. */
  name: string;
  /** Mobile phone 手机号. */
  phone?: string | null | undefined;
  /** Relation to the head 与户主关系. */
  relationToHead?: RelationToHead | null | undefined;
  /** Residency 居住类型. */
  residency: Residency;
};

/** Resident filter 居民筛选; all given conditions must hold. */
export type ResidentFilter = {
  /** Age at most 最大年龄. */
  ageMax?: number | null | undefined;
  /** Age at least 最小年龄. */
  ageMin?: number | null | undefined;
  /** Building 楼栋. */
  buildingId?: string | number | null | undefined;
  /** Has this care tag 关爱类别. */
  careTag?: CareTagKind | null | undefined;
  /** Compound 小区. */
  compoundId?: string | number | null | undefined;
  /** Grid 网格. */
  gridId?: string | number | null | undefined;
  /** Household 户. */
  householdId?: string | number | null | undefined;
  /** Exact ID number 身份证号 (matched by keyed hash). */
  idNumber?: string | null | undefined;
  /** Name starts with 姓名前缀. */
  namePrefix?: string | null | undefined;
  /** Exact mobile phone 手机号 (matched by keyed hash). */
  phone?: string | null | undefined;
  /** Residency 居住类型. */
  residency?: Residency | null | undefined;
};

/** Show a resident's full personal data 查看完整个人信息 (audited). */
export type ResidentRevealInput = {
  /** The resident. */
  id: string | number;
  /** Why it is needed 查看原因 (4–200 characters), kept in the audit log. */
  reason: string;
};

/** Changes to a resident 修改居民; omitted fields stay as they are. */
export type ResidentUpdateInput = {
  /** Checked against the ID number. */
  birthDate?: string | null | undefined;
  /** Replaces all care tags. */
  careTags?: Array<CareTagInput> | null | undefined;
  /** Checked against the ID number. */
  gender?: Gender | null | undefined;
  /** The resident. */
  id: string | number;
  /** ID number 身份证号. */
  idNumber?: string | null | undefined;
  /** Name 姓名. */
  name?: string | null | undefined;
  /** Mobile phone 手机号 (empty clears it). */
  phone?: string | null | undefined;
  /** Relation to the head. */
  relationToHead?: RelationToHead | null | undefined;
  /** Residency 居住类型. */
  residency?: Residency | null | undefined;
};

/** Role 角色: PLATFORM_ADMIN 平台管理员, DIVISION_STAFF 街道/社区工作人员, GRID_WORKER 网格员, RESIDENT 居民, PARTNER 合作方; DEPARTMENT_HANDLER, PARTY_SECRETARY and VOLUNTEER_ORGANISER for later areas. */
export type Role =
  | 'DEPARTMENT_HANDLER'
  | 'DIVISION_STAFF'
  | 'GRID_WORKER'
  | 'PARTNER'
  | 'PARTY_SECRETARY'
  | 'PLATFORM_ADMIN'
  | 'RESIDENT'
  | 'VOLUNTEER_ORGANISER';

/** Visit tier 走访等级: HIGH weekly, KEY monthly, GENERAL quarterly. */
export type VisitTier =
  | 'GENERAL'
  | 'HIGH'
  | 'KEY';

export type ViewerFieldsFragment = { authenticated: boolean, accountId: string | null, displayName: string | null, roles: Array<Role>, capabilities: Array<Capability>, divisionCodes: Array<string>, gridIds: Array<string>, landingApp: string | null };

export type AuthFieldErrorsFragment = { field: string | null, code: ErrorCode, message: string };

export type ViewerQueryVariables = Exact<{ [key: string]: never; }>;


export type ViewerQuery = { viewer: { authenticated: boolean, accountId: string | null, displayName: string | null, roles: Array<Role>, capabilities: Array<Capability>, divisionCodes: Array<string>, gridIds: Array<string>, landingApp: string | null } };

export type AuthLoginMutationVariables = Exact<{
  input: AuthLoginInput;
}>;


export type AuthLoginMutation = { authLogin: { viewer: { authenticated: boolean, accountId: string | null, displayName: string | null, roles: Array<Role>, capabilities: Array<Capability>, divisionCodes: Array<string>, gridIds: Array<string>, landingApp: string | null } | null, errors: Array<{ field: string | null, code: ErrorCode, message: string }> } };

export type AuthOtpRequestMutationVariables = Exact<{
  input: AuthOtpRequestInput;
}>;


export type AuthOtpRequestMutation = { authOtpRequest: { sent: boolean, retryAfterSeconds: number | null, errors: Array<{ field: string | null, code: ErrorCode, message: string }> } };

export type AuthOtpVerifyMutationVariables = Exact<{
  input: AuthOtpVerifyInput;
}>;


export type AuthOtpVerifyMutation = { authOtpVerify: { viewer: { authenticated: boolean, accountId: string | null, displayName: string | null, roles: Array<Role>, capabilities: Array<Capability>, divisionCodes: Array<string>, gridIds: Array<string>, landingApp: string | null } | null, errors: Array<{ field: string | null, code: ErrorCode, message: string }> } };

export type AuthLogoutMutationVariables = Exact<{
  input?: AuthLogoutInput | null | undefined;
}>;


export type AuthLogoutMutation = { authLogout: { endedSessions: number, errors: Array<{ field: string | null, code: ErrorCode, message: string }> } };

export type MyHouseholdQueryVariables = Exact<{ [key: string]: never; }>;


export type MyHouseholdQuery = { viewer: { resident: { id: string, name: string, gender: Gender, age: number, idNumber: string, phone: string | null, relationToHead: RelationToHead | null, grid: { id: string, name: string } | null, household: { id: string, number: string, members: Array<{ id: string, name: string, gender: Gender, age: number, relationToHead: RelationToHead | null }> } | null } | null } };

export type DivisionNodeFragment = { id: string, code: string, name: string, level: DivisionLevel, gridCount: number, residentCount: number };

export type DivisionTreeQueryVariables = Exact<{ [key: string]: never; }>;


export type DivisionTreeQuery = { divisionTree: Array<{ id: string, code: string, name: string, level: DivisionLevel, gridCount: number, residentCount: number, children: Array<{ id: string, code: string, name: string, level: DivisionLevel, gridCount: number, residentCount: number, children: Array<{ id: string, code: string, name: string, level: DivisionLevel, gridCount: number, residentCount: number }> }> }> };

export type CommunityGridsQueryVariables = Exact<{
  code: string;
}>;


export type CommunityGridsQuery = { division: { id: string, code: string, name: string, level: DivisionLevel, gridCount: number, residentCount: number, parent: { id: string, name: string } | null, grids: Array<{ id: string, code: string, name: string, kind: GridKind, householdCount: number, residentCount: number, targetHouseholdsMin: number, targetHouseholdsMax: number }> } | null };

export type GridsQueryVariables = Exact<{
  first: number;
  after?: string | null | undefined;
}>;


export type GridsQuery = { grids: { totalCount: number, pageInfo: { hasNextPage: boolean, endCursor: string | null }, edges: Array<{ node: { id: string, code: string, name: string, kind: GridKind, householdCount: number, residentCount: number, community: { id: string, name: string } | null } }> } };

export type GridSummaryQueryVariables = Exact<{
  id: string | number;
}>;


export type GridSummaryQuery = { node:
    | { __typename: 'AuditEntry' }
    | { __typename: 'Building' }
    | { __typename: 'Compound' }
    | { __typename: 'Division' }
    | { __typename: 'Dwelling' }
    | { __typename: 'Grid', id: string, code: string, name: string, householdCount: number, residentCount: number }
    | { __typename: 'GridWorker' }
    | { __typename: 'Household' }
    | { __typename: 'Resident' }
    | { __typename: 'SpecialPopulationRecord' }
   | null };

export type GridHouseholdsQueryVariables = Exact<{
  gridId: string | number;
  first: number;
}>;


export type GridHouseholdsQuery = { households: { edges: Array<{ node: { id: string, number: string, members: Array<{ id: string, name: string, relationToHead: RelationToHead | null }> } }> } };

export type ResidentListItemFragment = { id: string, name: string, gender: Gender, age: number, residency: Residency, careTags: Array<{ kind: CareTagKind, tier: VisitTier }>, household: { id: string, number: string } | null };

export type ResidentDetailFieldsFragment = { id: string, name: string, gender: Gender, age: number, idNumber: string, phone: string | null, residency: Residency, relationToHead: RelationToHead | null, careTags: Array<{ kind: CareTagKind, tier: VisitTier }>, grid: { id: string, name: string } | null, household: { id: string, number: string, members: Array<{ id: string, name: string, gender: Gender, age: number, relationToHead: RelationToHead | null }> } | null };

export type FieldErrorsFragment = { field: string | null, code: ErrorCode, message: string };

export type ResidentsQueryVariables = Exact<{
  filter: ResidentFilter;
  first: number;
  after?: string | null | undefined;
}>;


export type ResidentsQuery = { residents: { totalCount: number, pageInfo: { hasNextPage: boolean, endCursor: string | null }, edges: Array<{ node: { id: string, name: string, gender: Gender, age: number, residency: Residency, careTags: Array<{ kind: CareTagKind, tier: VisitTier }>, household: { id: string, number: string } | null } }> } };

export type ResidentDetailQueryVariables = Exact<{
  id: string | number;
}>;


export type ResidentDetailQuery = { node:
    | { __typename: 'AuditEntry' }
    | { __typename: 'Building' }
    | { __typename: 'Compound' }
    | { __typename: 'Division' }
    | { __typename: 'Dwelling' }
    | { __typename: 'Grid' }
    | { __typename: 'GridWorker' }
    | { __typename: 'Household' }
    | { __typename: 'Resident', id: string, name: string, gender: Gender, age: number, idNumber: string, phone: string | null, residency: Residency, relationToHead: RelationToHead | null, careTags: Array<{ kind: CareTagKind, tier: VisitTier }>, grid: { id: string, name: string } | null, household: { id: string, number: string, members: Array<{ id: string, name: string, gender: Gender, age: number, relationToHead: RelationToHead | null }> } | null }
    | { __typename: 'SpecialPopulationRecord' }
   | null };

export type ResidentCreateMutationVariables = Exact<{
  input: ResidentCreateInput;
}>;


export type ResidentCreateMutation = { residentCreate: { resident: { id: string, name: string, gender: Gender, age: number, idNumber: string, phone: string | null, residency: Residency, relationToHead: RelationToHead | null, careTags: Array<{ kind: CareTagKind, tier: VisitTier }>, grid: { id: string, name: string } | null, household: { id: string, number: string, members: Array<{ id: string, name: string, gender: Gender, age: number, relationToHead: RelationToHead | null }> } | null } | null, errors: Array<{ field: string | null, code: ErrorCode, message: string }> } };

export type ResidentUpdateMutationVariables = Exact<{
  input: ResidentUpdateInput;
}>;


export type ResidentUpdateMutation = { residentUpdate: { resident: { id: string, name: string, gender: Gender, age: number, idNumber: string, phone: string | null, residency: Residency, relationToHead: RelationToHead | null, careTags: Array<{ kind: CareTagKind, tier: VisitTier }>, grid: { id: string, name: string } | null, household: { id: string, number: string, members: Array<{ id: string, name: string, gender: Gender, age: number, relationToHead: RelationToHead | null }> } | null } | null, errors: Array<{ field: string | null, code: ErrorCode, message: string }> } };

export type ResidentRevealMutationVariables = Exact<{
  input: ResidentRevealInput;
}>;


export type ResidentRevealMutation = { residentReveal: { revealed: { idNumber: string, phone: string | null, birthDate: string, resident: { id: string } } | null, errors: Array<{ field: string | null, code: ErrorCode, message: string }> } };

export class TypedDocumentString<TResult, TVariables>
  extends String
  implements DocumentTypeDecoration<TResult, TVariables>
{
  __apiType?: NonNullable<DocumentTypeDecoration<TResult, TVariables>['__apiType']>;
  private value: string;
  public __meta__?: Record<string, any> | undefined;

  constructor(value: string, __meta__?: Record<string, any> | undefined) {
    super(value);
    this.value = value;
    this.__meta__ = __meta__;
  }

  override toString(): string & DocumentTypeDecoration<TResult, TVariables> {
    return this.value;
  }
}
export const ViewerFieldsFragmentDoc = new TypedDocumentString(`
    fragment ViewerFields on Viewer {
  authenticated
  accountId
  displayName
  roles
  capabilities
  divisionCodes
  gridIds
  landingApp
}
    `, {"fragmentName":"ViewerFields"}) as unknown as TypedDocumentString<ViewerFieldsFragment, unknown>;
export const AuthFieldErrorsFragmentDoc = new TypedDocumentString(`
    fragment AuthFieldErrors on UserError {
  field
  code
  message
}
    `, {"fragmentName":"AuthFieldErrors"}) as unknown as TypedDocumentString<AuthFieldErrorsFragment, unknown>;
export const DivisionNodeFragmentDoc = new TypedDocumentString(`
    fragment DivisionNode on Division {
  id
  code
  name
  level
  gridCount
  residentCount
}
    `, {"fragmentName":"DivisionNode"}) as unknown as TypedDocumentString<DivisionNodeFragment, unknown>;
export const ResidentListItemFragmentDoc = new TypedDocumentString(`
    fragment ResidentListItem on Resident {
  id
  name
  gender
  age
  residency
  careTags {
    kind
    tier
  }
  household {
    id
    number
  }
}
    `, {"fragmentName":"ResidentListItem"}) as unknown as TypedDocumentString<ResidentListItemFragment, unknown>;
export const ResidentDetailFieldsFragmentDoc = new TypedDocumentString(`
    fragment ResidentDetailFields on Resident {
  id
  name
  gender
  age
  idNumber
  phone
  residency
  relationToHead
  careTags {
    kind
    tier
  }
  grid {
    id
    name
  }
  household {
    id
    number
    members {
      id
      name
      gender
      age
      relationToHead
    }
  }
}
    `, {"fragmentName":"ResidentDetailFields"}) as unknown as TypedDocumentString<ResidentDetailFieldsFragment, unknown>;
export const FieldErrorsFragmentDoc = new TypedDocumentString(`
    fragment FieldErrors on UserError {
  field
  code
  message
}
    `, {"fragmentName":"FieldErrors"}) as unknown as TypedDocumentString<FieldErrorsFragment, unknown>;
export const ViewerDocument = new TypedDocumentString(`
    query Viewer {
  viewer {
    ...ViewerFields
  }
}
    fragment ViewerFields on Viewer {
  authenticated
  accountId
  displayName
  roles
  capabilities
  divisionCodes
  gridIds
  landingApp
}`) as unknown as TypedDocumentString<ViewerQuery, ViewerQueryVariables>;
export const AuthLoginDocument = new TypedDocumentString(`
    mutation AuthLogin($input: AuthLoginInput!) {
  authLogin(input: $input) {
    viewer {
      ...ViewerFields
    }
    errors {
      ...AuthFieldErrors
    }
  }
}
    fragment ViewerFields on Viewer {
  authenticated
  accountId
  displayName
  roles
  capabilities
  divisionCodes
  gridIds
  landingApp
}
fragment AuthFieldErrors on UserError {
  field
  code
  message
}`) as unknown as TypedDocumentString<AuthLoginMutation, AuthLoginMutationVariables>;
export const AuthOtpRequestDocument = new TypedDocumentString(`
    mutation AuthOtpRequest($input: AuthOtpRequestInput!) {
  authOtpRequest(input: $input) {
    sent
    retryAfterSeconds
    errors {
      ...AuthFieldErrors
    }
  }
}
    fragment AuthFieldErrors on UserError {
  field
  code
  message
}`) as unknown as TypedDocumentString<AuthOtpRequestMutation, AuthOtpRequestMutationVariables>;
export const AuthOtpVerifyDocument = new TypedDocumentString(`
    mutation AuthOtpVerify($input: AuthOtpVerifyInput!) {
  authOtpVerify(input: $input) {
    viewer {
      ...ViewerFields
    }
    errors {
      ...AuthFieldErrors
    }
  }
}
    fragment ViewerFields on Viewer {
  authenticated
  accountId
  displayName
  roles
  capabilities
  divisionCodes
  gridIds
  landingApp
}
fragment AuthFieldErrors on UserError {
  field
  code
  message
}`) as unknown as TypedDocumentString<AuthOtpVerifyMutation, AuthOtpVerifyMutationVariables>;
export const AuthLogoutDocument = new TypedDocumentString(`
    mutation AuthLogout($input: AuthLogoutInput) {
  authLogout(input: $input) {
    endedSessions
    errors {
      ...AuthFieldErrors
    }
  }
}
    fragment AuthFieldErrors on UserError {
  field
  code
  message
}`) as unknown as TypedDocumentString<AuthLogoutMutation, AuthLogoutMutationVariables>;
export const MyHouseholdDocument = new TypedDocumentString(`
    query MyHousehold {
  viewer {
    resident {
      id
      name
      gender
      age
      idNumber
      phone
      relationToHead
      grid {
        id
        name
      }
      household {
        id
        number
        members {
          id
          name
          gender
          age
          relationToHead
        }
      }
    }
  }
}
    `) as unknown as TypedDocumentString<MyHouseholdQuery, MyHouseholdQueryVariables>;
export const DivisionTreeDocument = new TypedDocumentString(`
    query DivisionTree {
  divisionTree {
    ...DivisionNode
    children {
      ...DivisionNode
      children {
        ...DivisionNode
      }
    }
  }
}
    fragment DivisionNode on Division {
  id
  code
  name
  level
  gridCount
  residentCount
}`) as unknown as TypedDocumentString<DivisionTreeQuery, DivisionTreeQueryVariables>;
export const CommunityGridsDocument = new TypedDocumentString(`
    query CommunityGrids($code: String!) {
  division(code: $code) {
    ...DivisionNode
    parent {
      id
      name
    }
    grids {
      id
      code
      name
      kind
      householdCount
      residentCount
      targetHouseholdsMin
      targetHouseholdsMax
    }
  }
}
    fragment DivisionNode on Division {
  id
  code
  name
  level
  gridCount
  residentCount
}`) as unknown as TypedDocumentString<CommunityGridsQuery, CommunityGridsQueryVariables>;
export const GridsDocument = new TypedDocumentString(`
    query Grids($first: Int!, $after: String) {
  grids(first: $first, after: $after) {
    totalCount
    pageInfo {
      hasNextPage
      endCursor
    }
    edges {
      node {
        id
        code
        name
        kind
        householdCount
        residentCount
        community {
          id
          name
        }
      }
    }
  }
}
    `) as unknown as TypedDocumentString<GridsQuery, GridsQueryVariables>;
export const GridSummaryDocument = new TypedDocumentString(`
    query GridSummary($id: ID!) {
  node(id: $id) {
    __typename
    ... on Grid {
      id
      code
      name
      householdCount
      residentCount
    }
  }
}
    `) as unknown as TypedDocumentString<GridSummaryQuery, GridSummaryQueryVariables>;
export const GridHouseholdsDocument = new TypedDocumentString(`
    query GridHouseholds($gridId: ID!, $first: Int!) {
  households(filter: {gridId: $gridId}, first: $first) {
    edges {
      node {
        id
        number
        members {
          id
          name
          relationToHead
        }
      }
    }
  }
}
    `) as unknown as TypedDocumentString<GridHouseholdsQuery, GridHouseholdsQueryVariables>;
export const ResidentsDocument = new TypedDocumentString(`
    query Residents($filter: ResidentFilter!, $first: Int!, $after: String) {
  residents(filter: $filter, first: $first, after: $after) {
    totalCount
    pageInfo {
      hasNextPage
      endCursor
    }
    edges {
      node {
        ...ResidentListItem
      }
    }
  }
}
    fragment ResidentListItem on Resident {
  id
  name
  gender
  age
  residency
  careTags {
    kind
    tier
  }
  household {
    id
    number
  }
}`) as unknown as TypedDocumentString<ResidentsQuery, ResidentsQueryVariables>;
export const ResidentDetailDocument = new TypedDocumentString(`
    query ResidentDetail($id: ID!) {
  node(id: $id) {
    __typename
    ... on Resident {
      ...ResidentDetailFields
    }
  }
}
    fragment ResidentDetailFields on Resident {
  id
  name
  gender
  age
  idNumber
  phone
  residency
  relationToHead
  careTags {
    kind
    tier
  }
  grid {
    id
    name
  }
  household {
    id
    number
    members {
      id
      name
      gender
      age
      relationToHead
    }
  }
}`) as unknown as TypedDocumentString<ResidentDetailQuery, ResidentDetailQueryVariables>;
export const ResidentCreateDocument = new TypedDocumentString(`
    mutation ResidentCreate($input: ResidentCreateInput!) {
  residentCreate(input: $input) {
    resident {
      ...ResidentDetailFields
    }
    errors {
      ...FieldErrors
    }
  }
}
    fragment ResidentDetailFields on Resident {
  id
  name
  gender
  age
  idNumber
  phone
  residency
  relationToHead
  careTags {
    kind
    tier
  }
  grid {
    id
    name
  }
  household {
    id
    number
    members {
      id
      name
      gender
      age
      relationToHead
    }
  }
}
fragment FieldErrors on UserError {
  field
  code
  message
}`) as unknown as TypedDocumentString<ResidentCreateMutation, ResidentCreateMutationVariables>;
export const ResidentUpdateDocument = new TypedDocumentString(`
    mutation ResidentUpdate($input: ResidentUpdateInput!) {
  residentUpdate(input: $input) {
    resident {
      ...ResidentDetailFields
    }
    errors {
      ...FieldErrors
    }
  }
}
    fragment ResidentDetailFields on Resident {
  id
  name
  gender
  age
  idNumber
  phone
  residency
  relationToHead
  careTags {
    kind
    tier
  }
  grid {
    id
    name
  }
  household {
    id
    number
    members {
      id
      name
      gender
      age
      relationToHead
    }
  }
}
fragment FieldErrors on UserError {
  field
  code
  message
}`) as unknown as TypedDocumentString<ResidentUpdateMutation, ResidentUpdateMutationVariables>;
export const ResidentRevealDocument = new TypedDocumentString(`
    mutation ResidentReveal($input: ResidentRevealInput!) {
  residentReveal(input: $input) {
    revealed {
      idNumber
      phone
      birthDate
      resident {
        id
      }
    }
    errors {
      ...FieldErrors
    }
  }
}
    fragment FieldErrors on UserError {
  field
  code
  message
}`) as unknown as TypedDocumentString<ResidentRevealMutation, ResidentRevealMutationVariables>;