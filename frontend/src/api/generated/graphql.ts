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

/** How a ballot was cast 投票渠道: ONLINE 线上, PAPER 纸质, ON_SITE 现场. */
export type BallotChannel =
  | 'ONLINE'
  | 'ON_SITE'
  | 'PAPER';

/** Resolve a ballot conflict 处理选票冲突. */
export type BallotConflictResolveInput = {
  /** The conflict. */
  conflictId: string | number;
  /** Why 处理说明 (required, at most 500 characters). */
  note: string;
  /** Keep or replace 处理方式. */
  resolution: ConflictResolution;
};

/** Channel of a ballot entered by staff 录入渠道: PAPER 纸质, ON_SITE 现场. */
export type BallotEntryChannel =
  | 'ON_SITE'
  | 'PAPER';

/** Kind of ballot 票型: SINGLE 单选, MULTIPLE 多选 (at most maxChoices), FOR_AGAINST_ABSTAIN 赞成/反对/弃权. */
export type BallotKind =
  | 'FOR_AGAINST_ABSTAIN'
  | 'MULTIPLE'
  | 'SINGLE';

/** Enter a paper or on-site ballot 录入纸质/现场选票. */
export type BallotPaperEnterInput = {
  /** PAPER or ON_SITE 渠道. */
  channel: BallotEntryChannel;
  /** Options on the sheet 选项. */
  optionIds: Array<string | number>;
  /** The resident who signed the sheet 签名人 (finds the unit). */
  residentId?: string | number | null | undefined;
  /** Sheet reference 选票编号 (unique within the vote, at most 64 characters). */
  sheetReference: string;
  /** The voting unit 投票单位 (or give the signer). */
  unitKey?: string | null | undefined;
  /** The vote. */
  voteId: string | number;
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

/** A comment or a reply 发表评论: a topic, a session or a parent. */
export type CommentCreateInput = {
  /** Text 内容 (at most 1000 characters). */
  body: string;
  /** The comment replied to 回复的评论 (not itself a reply). */
  parentId?: string | number | null | undefined;
  /** Session 协商会议. */
  sessionId?: string | number | null | undefined;
  /** Topic 议题. */
  topicId?: string | number | null | undefined;
};

/** Hide a comment 隐藏评论 (moderators), with a public reason. */
export type CommentHideInput = {
  /** The comment. */
  id: string | number;
  /** Reason 隐藏原因 (shown in its place). */
  reason: string;
};

/** Report a comment to the moderators 举报评论 (once). */
export type CommentReportInput = {
  /** The comment. */
  commentId: string | number;
  /** Why 举报原因 (at most 200 characters). */
  reason: string;
};

/** How to resolve a ballot conflict 冲突处理: KEEP_EXISTING 保留原票, REPLACE 替换. */
export type ConflictResolution =
  | 'KEEP_EXISTING'
  | 'REPLACE';

/** State of a ballot conflict 冲突状态: OPEN 待处理, KEPT_EXISTING 保留原票, REPLACED 已替换. */
export type ConflictStatus =
  | 'KEPT_EXISTING'
  | 'OPEN'
  | 'REPLACED';

/** Comment filter for moderation 评论管理筛选. */
export type ConsultationCommentFilter = {
  /** Community code 社区代码. */
  communityCode?: string | null | undefined;
  /** Hidden or not 已隐藏. */
  hidden?: boolean | null | undefined;
  /** Only comments with reports not yet reviewed 待处理举报. */
  reportedOnly?: boolean;
};

/** A new consultation session 新建协商会议. */
export type ConsultationSessionCreateInput = {
  /** Community 社区 (Division). */
  communityId: string | number;
  /** Description 说明. */
  description?: string;
  /** Ends at 结束时间. */
  endsAt: string;
  /** Materials 会议材料. */
  materials?: Array<SessionMaterialInput>;
  /** Mode 会议形式. */
  mode: SessionMode;
  /** Link to join 线上链接 (online, hybrid). */
  onlineLink?: string;
  /** Participants 参会方. */
  participants?: Array<SessionParticipantInput>;
  /** Place 地点 (on site, hybrid). */
  place?: string;
  /** Starts at 开始时间. */
  startsAt: string;
  /** Title 会议名称. */
  title: string;
  /** Agenda 议程: accepted topics, in order. */
  topicIds?: Array<string | number>;
};

/** Session filter 会议筛选. */
export type ConsultationSessionFilter = {
  /** Community code 社区代码. */
  communityCode?: string | null | undefined;
  /** State 状态. */
  state?: SessionState | null | undefined;
  /** Sessions with this topic on the agenda 议题. */
  topicId?: string | number | null | undefined;
};

/** Changes to a session 修改协商会议; omitted fields stay, lists replace. */
export type ConsultationSessionUpdateInput = {
  /** Description 说明. */
  description?: string | null | undefined;
  /** Ends at. */
  endsAt?: string | null | undefined;
  /** The session. */
  id: string | number;
  /** Mode 会议形式. */
  mode?: SessionMode | null | undefined;
  /** Link 线上链接. */
  onlineLink?: string | null | undefined;
  /** Replaces the participants 参会方. */
  participants?: Array<SessionParticipantInput> | null | undefined;
  /** Place 地点. */
  place?: string | null | undefined;
  /** Starts at. */
  startsAt?: string | null | undefined;
  /** Move on 状态: SCHEDULED → IN_PROGRESS → CONCLUDED, or CANCELLED. */
  state?: SessionState | null | undefined;
  /** Title 会议名称. */
  title?: string | null | undefined;
  /** Replaces the agenda 议程. */
  topicIds?: Array<string | number> | null | undefined;
};

/** Decision rule 表决规则: SIMPLE_MAJORITY 过半数, TWO_THIRDS 三分之二, OWNERS_ORDINARY 业主共同决定一般事项 and OWNERS_MAJOR 重大事项 (Civil Code art. 278). */
export type DecisionRule =
  | 'OWNERS_MAJOR'
  | 'OWNERS_ORDINARY'
  | 'SIMPLE_MAJORITY'
  | 'TWO_THIRDS';

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

/** Residents' rating of how a resolution was carried out 满意度评价: SATISFIED 满意, BASICALLY_SATISFIED 基本满意, NOT_SATISFIED 不满意. */
export type EvaluationRating =
  | 'BASICALLY_SATISFIED'
  | 'NOT_SATISFIED'
  | 'SATISFIED';

/** Rate a resolution 满意度评价 (once; a later call changes it). */
export type EvaluationSubmitInput = {
  /** Comment 意见. */
  comment?: string | null | undefined;
  /** Rating 评价. */
  rating: EvaluationRating;
  /** The resolution. */
  resolutionId: string | number;
};

/** Gender 性别. */
export type Gender =
  | 'FEMALE'
  | 'MALE';

/** Grid kind: COMPREHENSIVE 综合网格 or DEDICATED 专属网格. */
export type GridKind =
  | 'COMPREHENSIVE'
  | 'DEDICATED';

/** Post progress on a resolution 发布落实进展. */
export type ImplementationUpdateCreateInput = {
  /** The resolution. */
  resolutionId: string | number;
  /** What was done 进展. */
  text: string;
};

/** What an option means to the rules 选项立场: FOR 赞成, AGAINST 反对, ABSTAIN 弃权. */
export type OptionStance =
  | 'ABSTAIN'
  | 'AGAINST'
  | 'FOR';

/** Role of a session participant 参会身份: PARTY_ORGANISATION 党组织, RESIDENT_REPRESENTATIVE 居民代表, SOCIAL_ORGANISATION 社会组织, OWNERS_COMMITTEE 业委会, PROPERTY_SERVICE 物业. */
export type ParticipantRole =
  | 'OWNERS_COMMITTEE'
  | 'PARTY_ORGANISATION'
  | 'PROPERTY_SERVICE'
  | 'RESIDENT_REPRESENTATIVE'
  | 'SOCIAL_ORGANISATION';

/** Why a vote passed or not 结果原因: NO_ELIGIBLE_UNITS, TURNOUT_NOT_MET 参与率不足, NO_BALLOTS, TIE 平票, APPROVED 通过, NOT_APPROVED 未通过. */
export type Reason =
  | 'APPROVED'
  | 'NOT_APPROVED'
  | 'NO_BALLOTS'
  | 'NO_ELIGIBLE_UNITS'
  | 'TIE'
  | 'TURNOUT_NOT_MET';

/** What became of a ballot 回执状态: COUNTED 已计入, PENDING 待核实 (a conflict not yet resolved), NOT_COUNTED 未计入 (kept aside, or replaced by a later ballot of its unit). */
export type ReceiptStatus =
  | 'COUNTED'
  | 'NOT_COUNTED'
  | 'PENDING';

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

/** Publish a resolution as a public notice 发布决议公示. */
export type ResolutionPublishInput = {
  /** Notice period in days 公示天数 (1–90; the community's default). */
  noticeDays?: number | null | undefined;
  /** Session 协商会议 (with the topic on its agenda). */
  sessionId?: string | number | null | undefined;
  /** Text 决议内容. */
  text: string;
  /** Title 标题 (the topic's or session's when left out). */
  title?: string | null | undefined;
  /** Topic in consultation 议题 (becomes DECIDED). */
  topicId?: string | number | null | undefined;
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

/** Scope of a topic or vote 范围: COMMUNITY 社区, GRID 网格, COMPOUND 小区, BUILDING 楼栋. */
export type ScopeKind =
  | 'BUILDING'
  | 'COMMUNITY'
  | 'COMPOUND'
  | 'GRID';

/** Add a material to a session 添加会议材料. */
export type SessionMaterialAddInput = {
  /** Text 正文. */
  body?: string | null | undefined;
  /** The session. */
  sessionId: string | number;
  /** Title 标题. */
  title: string;
  /** Link 链接 (http/https). */
  url?: string | null | undefined;
};

/** Material of a session 会议材料: a link or a text, not both. */
export type SessionMaterialInput = {
  /** Text 正文. */
  body?: string | null | undefined;
  /** Title 标题. */
  title: string;
  /** Link 链接 (http/https). */
  url?: string | null | undefined;
};

/** Minutes and resolution text of a session 会议纪要. */
export type SessionMinutesSetInput = {
  /** Minutes 会议纪要. */
  minutes?: string | null | undefined;
  /** Resolution text 决议内容. */
  resolutionText?: string | null | undefined;
  /** The session. */
  sessionId: string | number;
};

/** How a session meets 会议形式: ON_SITE 现场, ONLINE 线上, HYBRID 线上线下结合. */
export type SessionMode =
  | 'HYBRID'
  | 'ONLINE'
  | 'ON_SITE';

/** A participant of a session 参会方. */
export type SessionParticipantInput = {
  /** Name for the minutes 名称 (a resident's masked name when left out). */
  name?: string | null | undefined;
  /** The resident, when on the register 居民. */
  residentId?: string | number | null | undefined;
  /** Role 参会身份. */
  role: ParticipantRole;
};

/** State of a session 会议状态: SCHEDULED 待召开, IN_PROGRESS 进行中, CONCLUDED 已结束, CANCELLED 已取消. */
export type SessionState =
  | 'CANCELLED'
  | 'CONCLUDED'
  | 'IN_PROGRESS'
  | 'SCHEDULED';

/** Topic category 议题类别: ENVIRONMENT 环境卫生, PUBLIC_FACILITIES 公共设施, PROPERTY_SERVICE 物业服务, PARKING_TRAFFIC 停车交通, SAFETY 安全消防, ELDERLY_CHILDREN 一老一小, CULTURE_SPORTS 文体活动, NEIGHBOURHOOD 邻里关系, HOUSING_RENEWAL 老旧小区改造/加装电梯/维修资金, OTHER 其他. */
export type TopicCategory =
  | 'CULTURE_SPORTS'
  | 'ELDERLY_CHILDREN'
  | 'ENVIRONMENT'
  | 'HOUSING_RENEWAL'
  | 'NEIGHBOURHOOD'
  | 'OTHER'
  | 'PARKING_TRAFFIC'
  | 'PROPERTY_SERVICE'
  | 'PUBLIC_FACILITIES'
  | 'SAFETY';

/** Topic filter 议题筛选; all given conditions must hold. */
export type TopicFilter = {
  /** Community code 社区代码 (12 digits). */
  communityCode?: string | null | undefined;
  /** Proposed by me 我提出的. */
  mine?: boolean;
  /** Scope 范围类型. */
  scopeKind?: ScopeKind | null | undefined;
  /** State 状态. */
  state?: TopicState | null | undefined;
};

/** A new topic 提出议题, for a scope that contains one's home. */
export type TopicProposeInput = {
  /** Category 类别. */
  category: TopicCategory;
  /** Description 内容. */
  description: string;
  /** The Grid, Compound or Building of the scope 范围对象 (a community scope may leave it out: the proposer's own community). */
  scopeId?: string | number | null | undefined;
  /** Kind of scope 范围类型. */
  scopeKind: ScopeKind;
  /** Title 标题 (at most 100 characters). */
  title: string;
};

/** Review decision 审核结果: ACCEPT 受理, REJECT 不予受理 (with a public reason). */
export type TopicReviewDecision =
  | 'ACCEPT'
  | 'REJECT';

/** Review a topic under review 审核议题. */
export type TopicReviewInput = {
  /** Accept or reject 审核结果. */
  decision: TopicReviewDecision;
  /** Public reason 理由 (required to reject). */
  reason?: string | null | undefined;
  /** Session to put an accepted topic on 安排协商会议. */
  sessionId?: string | number | null | undefined;
  /** The topic. */
  topicId: string | number;
};

/** State of a topic 议题状态: PROPOSED 征集附议, UNDER_REVIEW 审核中, ACCEPTED 已受理, REJECTED 不予受理, IN_CONSULTATION 协商中, DECIDED 已决议, IMPLEMENTED 已落实. */
export type TopicState =
  | 'ACCEPTED'
  | 'DECIDED'
  | 'IMPLEMENTED'
  | 'IN_CONSULTATION'
  | 'PROPOSED'
  | 'REJECTED'
  | 'UNDER_REVIEW';

/** Move a topic on 变更议题状态: to IN_CONSULTATION, DECIDED or IMPLEMENTED. */
export type TopicStateSetInput = {
  /** The next state 目标状态. */
  state: TopicState;
  /** The topic. */
  topicId: string | number;
};

/** Support a topic 附议 (once). */
export type TopicSupportInput = {
  /** The topic. */
  topicId: string | number;
};

/** Visit tier 走访等级: HIGH weekly, KEY monthly, GENERAL quarterly. */
export type VisitTier =
  | 'GENERAL'
  | 'HIGH'
  | 'KEY';

/** Cast the caller's ballot online 在线投票. */
export type VoteCastInput = {
  /** Options chosen 所选选项 (empty: an empty ballot, where allowed). */
  optionIds: Array<string | number>;
  /** The unit this ballot is for 投票单位, when the caller stands in several. */
  unitKey?: string | null | undefined;
  /** The vote. */
  voteId: string | number;
};

/** Close a vote 结束表决. */
export type VoteCloseInput = {
  /** The vote (OPEN, no open conflicts). */
  voteId: string | number;
};

/** A new vote 新建表决 (a DRAFT until it is opened). */
export type VoteCreateInput = {
  /** Voters may change their ballot before close 允许改票. */
  allowChange?: boolean;
  /** Accept empty ballots 空白票. */
  allowEmpty?: boolean;
  /** Kind of ballot 票型. */
  ballotKind: BallotKind;
  /** Closes at 截止时间 (after opensAt). */
  closesAt: string;
  /** Community 社区 (a Division). */
  communityId: string | number;
  /** Decision rule 表决规则 (the owners' rules need OWNER units). */
  decisionRule: DecisionRule;
  /** Explanation 说明. */
  description?: string | null | undefined;
  /** MULTIPLE: most options per ballot 最多可选 (default all). */
  maxChoices?: number | null | undefined;
  /** Opens at 开始时间. */
  opensAt: string;
  /** Options 选项 (2-50); FOR_AGAINST_ABSTAIN defaults to 同意/反对/弃权. */
  options?: Array<VoteOptionInput>;
  /** Question 表决事项 (at most 300 characters). */
  question: string;
  /** Show results while open 实时公开结果. */
  resultsLive?: boolean;
  /** The Grid, Compound or Building of the scope 范围对象 (none for COMMUNITY). */
  scopeId?: string | number | null | undefined;
  /** Scope 范围. */
  scopeKind: ScopeKind;
  /** MULTIPLE: options that can be adopted 可当选数. */
  seats?: number | null | undefined;
  /** Secret ballot 无记名 (default). */
  secret?: boolean;
  /** Consultation session 协商会议. */
  sessionId?: string | number | null | undefined;
  /** Topic 议题. */
  topicId?: string | number | null | undefined;
  /** Voting unit 投票单位. */
  votingUnit: VotingUnit;
};

/** Vote filter 表决筛选; all given conditions must hold. */
export type VoteFilter = {
  /** Community by its 12-digit code 社区代码. */
  communityCode?: string | null | undefined;
  /** Consultation session 协商会议. */
  sessionId?: string | number | null | undefined;
  /** State 状态. */
  state?: VoteState | null | undefined;
  /** Topic 议题. */
  topicId?: string | number | null | undefined;
};

/** Open a vote 开启表决. */
export type VoteOpenInput = {
  /** The vote (a DRAFT). */
  voteId: string | number;
};

/** An option of a new vote 表决选项. */
export type VoteOptionInput = {
  /** Label 选项内容 (1-100 characters, unique). */
  label: string;
  /** FOR / AGAINST / ABSTAIN, for FOR_AGAINST_ABSTAIN votes only. */
  stance?: OptionStance | null | undefined;
};

/** Recount a vote 重新计票. */
export type VoteRecountInput = {
  /** The vote (CLOSED). */
  voteId: string | number;
};

/** State of a vote 表决状态: DRAFT 草稿, OPEN 投票中, CLOSED 已结束. */
export type VoteState =
  | 'CLOSED'
  | 'DRAFT'
  | 'OPEN';

/** Voting unit 投票单位: PERSON 居民 (aged 18+), HOUSEHOLD 户, OWNER 业主 (area-weighted). */
export type VotingUnit =
  | 'HOUSEHOLD'
  | 'OWNER'
  | 'PERSON';

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

export type ConsultCommunitiesQueryVariables = Exact<{ [key: string]: never; }>;


export type ConsultCommunitiesQuery = { divisions: Array<{ id: string, code: string, name: string }> };

export type ConsultPlacesQueryVariables = Exact<{
  code: string;
  communityId: string | number;
}>;


export type ConsultPlacesQuery = { division: { id: string, grids: Array<{ id: string, name: string }> } | null, compounds: { edges: Array<{ node: { id: string, name: string, buildings: Array<{ id: string, name: string }> } }> } };

export type ConsultResidentSearchQueryVariables = Exact<{
  namePrefix?: string | null | undefined;
  phone?: string | null | undefined;
  first?: number | null | undefined;
}>;


export type ConsultResidentSearchQuery = { residents: { edges: Array<{ node: { id: string, name: string, gender: Gender, age: number, household: { id: string, number: string } | null, grid: { id: string, name: string } | null } }> } };

export type TopicListFieldsFragment = { id: string, title: string, category: TopicCategory, scopeKind: ScopeKind, scopeLabel: string, state: TopicState, supportCount: number, supportThreshold: number, supportedByMe: boolean, proposedByMe: boolean, commentCount: number, createdAt: string };

export type ConsultTopicsQueryVariables = Exact<{
  filter?: TopicFilter | null | undefined;
  first?: number | null | undefined;
  after?: string | null | undefined;
}>;


export type ConsultTopicsQuery = { topics: { totalCount: number, pageInfo: { hasNextPage: boolean, endCursor: string | null }, edges: Array<{ node: { id: string, title: string, category: TopicCategory, scopeKind: ScopeKind, scopeLabel: string, state: TopicState, supportCount: number, supportThreshold: number, supportedByMe: boolean, proposedByMe: boolean, commentCount: number, createdAt: string } }> } };

export type ConsultMyPlacesQueryVariables = Exact<{ [key: string]: never; }>;


export type ConsultMyPlacesQuery = { viewer: { resident: { id: string, grid: { id: string, name: string, community: { id: string, name: string } | null } | null, household: { id: string, dwelling: { id: string, building: { id: string, name: string, compound: { id: string, name: string } | null } | null } | null } | null } | null } };

export type CommentFieldsFragment = { id: string, body: string | null, authorName: string | null, hidden: boolean, hiddenReason: string | null, createdAt: string, editedAt: string | null, mine: boolean, reportedByMe: boolean, reportCount: number | null };

export type CommentThreadFieldsFragment = { id: string, body: string | null, authorName: string | null, hidden: boolean, hiddenReason: string | null, createdAt: string, editedAt: string | null, mine: boolean, reportedByMe: boolean, reportCount: number | null, replies: Array<{ id: string, body: string | null, authorName: string | null, hidden: boolean, hiddenReason: string | null, createdAt: string, editedAt: string | null, mine: boolean, reportedByMe: boolean, reportCount: number | null }> };

export type ResolutionFieldsFragment = { id: string, title: string, text: string, publishedAt: string | null, noticeUntil: string | null, implementedAt: string | null, inNoticePeriod: boolean, updates: Array<{ text: string, postedAt: string }>, evaluationSummary: { satisfied: number, basicallySatisfied: number, notSatisfied: number, total: number }, myEvaluation: { rating: EvaluationRating, comment: string, updatedAt: string } | null };

export type SessionSummaryFieldsFragment = { id: string, title: string, mode: SessionMode, startsAt: string, endsAt: string, place: string, state: SessionState };

export type ConsultTopicQueryVariables = Exact<{
  id: string | number;
  commentsFirst?: number | null | undefined;
}>;


export type ConsultTopicQuery = { node:
    | { __typename: 'AuditEntry' }
    | { __typename: 'BallotConflict' }
    | { __typename: 'Building' }
    | { __typename: 'Comment' }
    | { __typename: 'Compound' }
    | { __typename: 'ConsultationSession' }
    | { __typename: 'Division' }
    | { __typename: 'Dwelling' }
    | { __typename: 'Grid' }
    | { __typename: 'GridWorker' }
    | { __typename: 'Household' }
    | { __typename: 'Resident' }
    | { __typename: 'Resolution' }
    | { __typename: 'SessionMaterial' }
    | { __typename: 'SpecialPopulationRecord' }
    | { __typename: 'Topic', description: string, rejectionReason: string | null, reviewedAt: string | null, thresholdReachedAt: string | null, proposerName: string | null, id: string, title: string, category: TopicCategory, scopeKind: ScopeKind, scopeLabel: string, state: TopicState, supportCount: number, supportThreshold: number, supportedByMe: boolean, proposedByMe: boolean, commentCount: number, createdAt: string, community: { id: string, name: string, code: string } | null, sessions: Array<{ id: string, title: string, mode: SessionMode, startsAt: string, endsAt: string, place: string, state: SessionState }>, comments: { totalCount: number, edges: Array<{ node: { id: string, body: string | null, authorName: string | null, hidden: boolean, hiddenReason: string | null, createdAt: string, editedAt: string | null, mine: boolean, reportedByMe: boolean, reportCount: number | null, replies: Array<{ id: string, body: string | null, authorName: string | null, hidden: boolean, hiddenReason: string | null, createdAt: string, editedAt: string | null, mine: boolean, reportedByMe: boolean, reportCount: number | null }> } }> }, resolution: { id: string, title: string, text: string, publishedAt: string | null, noticeUntil: string | null, implementedAt: string | null, inNoticePeriod: boolean, updates: Array<{ text: string, postedAt: string }>, evaluationSummary: { satisfied: number, basicallySatisfied: number, notSatisfied: number, total: number }, myEvaluation: { rating: EvaluationRating, comment: string, updatedAt: string } | null } | null }
    | { __typename: 'Vote' }
    | { __typename: 'VoteOption' }
   | null };

export type ConsultSessionQueryVariables = Exact<{
  id: string | number;
  commentsFirst?: number | null | undefined;
}>;


export type ConsultSessionQuery = { node:
    | { __typename: 'AuditEntry' }
    | { __typename: 'BallotConflict' }
    | { __typename: 'Building' }
    | { __typename: 'Comment' }
    | { __typename: 'Compound' }
    | { __typename: 'ConsultationSession', description: string, onlineLink: string, minutes: string, resolutionText: string, id: string, title: string, mode: SessionMode, startsAt: string, endsAt: string, place: string, state: SessionState, community: { id: string, name: string } | null, topics: Array<{ id: string, title: string, state: TopicState }>, participants: Array<{ role: ParticipantRole, name: string, isMe: boolean }>, materials: Array<{ id: string, title: string, url: string | null, body: string | null, position: number }>, comments: { totalCount: number, edges: Array<{ node: { id: string, body: string | null, authorName: string | null, hidden: boolean, hiddenReason: string | null, createdAt: string, editedAt: string | null, mine: boolean, reportedByMe: boolean, reportCount: number | null, replies: Array<{ id: string, body: string | null, authorName: string | null, hidden: boolean, hiddenReason: string | null, createdAt: string, editedAt: string | null, mine: boolean, reportedByMe: boolean, reportCount: number | null }> } }> }, resolutions: Array<{ id: string, title: string, text: string, publishedAt: string | null, noticeUntil: string | null, implementedAt: string | null, inNoticePeriod: boolean, updates: Array<{ text: string, postedAt: string }>, evaluationSummary: { satisfied: number, basicallySatisfied: number, notSatisfied: number, total: number }, myEvaluation: { rating: EvaluationRating, comment: string, updatedAt: string } | null }> }
    | { __typename: 'Division' }
    | { __typename: 'Dwelling' }
    | { __typename: 'Grid' }
    | { __typename: 'GridWorker' }
    | { __typename: 'Household' }
    | { __typename: 'Resident' }
    | { __typename: 'Resolution' }
    | { __typename: 'SessionMaterial' }
    | { __typename: 'SpecialPopulationRecord' }
    | { __typename: 'Topic' }
    | { __typename: 'Vote' }
    | { __typename: 'VoteOption' }
   | null };

export type ConsultTopicResolutionQueryVariables = Exact<{
  id: string | number;
}>;


export type ConsultTopicResolutionQuery = { node:
    | { __typename: 'AuditEntry' }
    | { __typename: 'BallotConflict' }
    | { __typename: 'Building' }
    | { __typename: 'Comment' }
    | { __typename: 'Compound' }
    | { __typename: 'ConsultationSession' }
    | { __typename: 'Division' }
    | { __typename: 'Dwelling' }
    | { __typename: 'Grid' }
    | { __typename: 'GridWorker' }
    | { __typename: 'Household' }
    | { __typename: 'Resident' }
    | { __typename: 'Resolution' }
    | { __typename: 'SessionMaterial' }
    | { __typename: 'SpecialPopulationRecord' }
    | { __typename: 'Topic', id: string, title: string, state: TopicState, resolution: { id: string, title: string, text: string, publishedAt: string | null, noticeUntil: string | null, implementedAt: string | null, inNoticePeriod: boolean, updates: Array<{ text: string, postedAt: string }>, evaluationSummary: { satisfied: number, basicallySatisfied: number, notSatisfied: number, total: number }, myEvaluation: { rating: EvaluationRating, comment: string, updatedAt: string } | null } | null }
    | { __typename: 'Vote' }
    | { __typename: 'VoteOption' }
   | null };

export type ConsultErrorsFragment = { field: string | null, code: ErrorCode, message: string };

export type TopicProposeMutationVariables = Exact<{
  input: TopicProposeInput;
}>;


export type TopicProposeMutation = { topicPropose: { topic: { id: string } | null, errors: Array<{ field: string | null, code: ErrorCode, message: string }> } };

export type TopicSupportMutationVariables = Exact<{
  input: TopicSupportInput;
}>;


export type TopicSupportMutation = { topicSupport: { topic: { id: string, title: string, category: TopicCategory, scopeKind: ScopeKind, scopeLabel: string, state: TopicState, supportCount: number, supportThreshold: number, supportedByMe: boolean, proposedByMe: boolean, commentCount: number, createdAt: string } | null, errors: Array<{ field: string | null, code: ErrorCode, message: string }> } };

export type CommentCreateMutationVariables = Exact<{
  input: CommentCreateInput;
}>;


export type CommentCreateMutation = { commentCreate: { comment: { id: string } | null, errors: Array<{ field: string | null, code: ErrorCode, message: string }> } };

export type CommentReportMutationVariables = Exact<{
  input: CommentReportInput;
}>;


export type CommentReportMutation = { commentReport: { comment: { id: string, reportedByMe: boolean } | null, errors: Array<{ field: string | null, code: ErrorCode, message: string }> } };

export type EvaluationSubmitMutationVariables = Exact<{
  input: EvaluationSubmitInput;
}>;


export type EvaluationSubmitMutation = { evaluationSubmit: { resolution: { id: string, title: string, text: string, publishedAt: string | null, noticeUntil: string | null, implementedAt: string | null, inNoticePeriod: boolean, updates: Array<{ text: string, postedAt: string }>, evaluationSummary: { satisfied: number, basicallySatisfied: number, notSatisfied: number, total: number }, myEvaluation: { rating: EvaluationRating, comment: string, updatedAt: string } | null } | null, errors: Array<{ field: string | null, code: ErrorCode, message: string }> } };

export type AdminTopicsQueryVariables = Exact<{
  filter?: TopicFilter | null | undefined;
  first?: number | null | undefined;
  after?: string | null | undefined;
}>;


export type AdminTopicsQuery = { topics: { totalCount: number, pageInfo: { hasNextPage: boolean, endCursor: string | null }, edges: Array<{ node: { description: string, proposerName: string | null, rejectionReason: string | null, id: string, title: string, category: TopicCategory, scopeKind: ScopeKind, scopeLabel: string, state: TopicState, supportCount: number, supportThreshold: number, supportedByMe: boolean, proposedByMe: boolean, commentCount: number, createdAt: string, community: { id: string, name: string } | null, sessions: Array<{ id: string, title: string }> } }> } };

export type AdminSessionsQueryVariables = Exact<{
  filter?: ConsultationSessionFilter | null | undefined;
  first?: number | null | undefined;
  after?: string | null | undefined;
}>;


export type AdminSessionsQuery = { consultationSessions: { totalCount: number, pageInfo: { hasNextPage: boolean, endCursor: string | null }, edges: Array<{ node: { id: string, title: string, mode: SessionMode, startsAt: string, endsAt: string, place: string, state: SessionState, community: { id: string, name: string } | null, topics: Array<{ id: string, title: string, state: TopicState }> } }> } };

export type AdminSessionQueryVariables = Exact<{
  id: string | number;
}>;


export type AdminSessionQuery = { node:
    | { __typename: 'AuditEntry' }
    | { __typename: 'BallotConflict' }
    | { __typename: 'Building' }
    | { __typename: 'Comment' }
    | { __typename: 'Compound' }
    | { __typename: 'ConsultationSession', description: string, onlineLink: string, minutes: string, resolutionText: string, id: string, title: string, mode: SessionMode, startsAt: string, endsAt: string, place: string, state: SessionState, community: { id: string, name: string } | null, topics: Array<{ id: string, title: string, state: TopicState, resolution: { id: string, title: string, text: string, publishedAt: string | null, noticeUntil: string | null, implementedAt: string | null, inNoticePeriod: boolean, updates: Array<{ text: string, postedAt: string }>, evaluationSummary: { satisfied: number, basicallySatisfied: number, notSatisfied: number, total: number }, myEvaluation: { rating: EvaluationRating, comment: string, updatedAt: string } | null } | null }>, participants: Array<{ role: ParticipantRole, name: string }>, materials: Array<{ id: string, title: string, url: string | null, body: string | null }>, resolutions: Array<{ id: string, title: string, text: string, publishedAt: string | null, noticeUntil: string | null, implementedAt: string | null, inNoticePeriod: boolean, topic: { id: string, title: string } | null, updates: Array<{ text: string, postedAt: string }>, evaluationSummary: { satisfied: number, basicallySatisfied: number, notSatisfied: number, total: number }, myEvaluation: { rating: EvaluationRating, comment: string, updatedAt: string } | null }> }
    | { __typename: 'Division' }
    | { __typename: 'Dwelling' }
    | { __typename: 'Grid' }
    | { __typename: 'GridWorker' }
    | { __typename: 'Household' }
    | { __typename: 'Resident' }
    | { __typename: 'Resolution' }
    | { __typename: 'SessionMaterial' }
    | { __typename: 'SpecialPopulationRecord' }
    | { __typename: 'Topic' }
    | { __typename: 'Vote' }
    | { __typename: 'VoteOption' }
   | null };

export type AdminCommentsQueryVariables = Exact<{
  filter?: ConsultationCommentFilter | null | undefined;
  first?: number | null | undefined;
}>;


export type AdminCommentsQuery = { consultationComments: { totalCount: number, edges: Array<{ node: { id: string, body: string | null, authorName: string | null, hidden: boolean, hiddenReason: string | null, createdAt: string, editedAt: string | null, mine: boolean, reportedByMe: boolean, reportCount: number | null, topic: { id: string, title: string } | null, session: { id: string, title: string } | null } }> } };

export type TopicReviewMutationVariables = Exact<{
  input: TopicReviewInput;
}>;


export type TopicReviewMutation = { topicReview: { topic: { id: string, state: TopicState } | null, errors: Array<{ field: string | null, code: ErrorCode, message: string }> } };

export type TopicStateSetMutationVariables = Exact<{
  input: TopicStateSetInput;
}>;


export type TopicStateSetMutation = { topicStateSet: { topic: { id: string, state: TopicState } | null, errors: Array<{ field: string | null, code: ErrorCode, message: string }> } };

export type SessionCreateMutationVariables = Exact<{
  input: ConsultationSessionCreateInput;
}>;


export type SessionCreateMutation = { consultationSessionCreate: { session: { id: string } | null, errors: Array<{ field: string | null, code: ErrorCode, message: string }> } };

export type SessionUpdateMutationVariables = Exact<{
  input: ConsultationSessionUpdateInput;
}>;


export type SessionUpdateMutation = { consultationSessionUpdate: { session: { id: string, state: SessionState } | null, errors: Array<{ field: string | null, code: ErrorCode, message: string }> } };

export type SessionMaterialAddMutationVariables = Exact<{
  input: SessionMaterialAddInput;
}>;


export type SessionMaterialAddMutation = { sessionMaterialAdd: { material: { id: string } | null, errors: Array<{ field: string | null, code: ErrorCode, message: string }> } };

export type SessionMinutesSetMutationVariables = Exact<{
  input: SessionMinutesSetInput;
}>;


export type SessionMinutesSetMutation = { sessionMinutesSet: { session: { id: string, minutes: string, resolutionText: string } | null, errors: Array<{ field: string | null, code: ErrorCode, message: string }> } };

export type CommentHideMutationVariables = Exact<{
  input: CommentHideInput;
}>;


export type CommentHideMutation = { commentHide: { comment: { id: string, hidden: boolean } | null, errors: Array<{ field: string | null, code: ErrorCode, message: string }> } };

export type ResolutionPublishMutationVariables = Exact<{
  input: ResolutionPublishInput;
}>;


export type ResolutionPublishMutation = { resolutionPublish: { resolution: { id: string, title: string, text: string, publishedAt: string | null, noticeUntil: string | null, implementedAt: string | null, inNoticePeriod: boolean, updates: Array<{ text: string, postedAt: string }>, evaluationSummary: { satisfied: number, basicallySatisfied: number, notSatisfied: number, total: number }, myEvaluation: { rating: EvaluationRating, comment: string, updatedAt: string } | null } | null, errors: Array<{ field: string | null, code: ErrorCode, message: string }> } };

export type ImplementationUpdateCreateMutationVariables = Exact<{
  input: ImplementationUpdateCreateInput;
}>;


export type ImplementationUpdateCreateMutation = { implementationUpdateCreate: { resolution: { id: string, title: string, text: string, publishedAt: string | null, noticeUntil: string | null, implementedAt: string | null, inNoticePeriod: boolean, updates: Array<{ text: string, postedAt: string }>, evaluationSummary: { satisfied: number, basicallySatisfied: number, notSatisfied: number, total: number }, myEvaluation: { rating: EvaluationRating, comment: string, updatedAt: string } | null } | null, errors: Array<{ field: string | null, code: ErrorCode, message: string }> } };

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
    | { __typename: 'BallotConflict' }
    | { __typename: 'Building' }
    | { __typename: 'Comment' }
    | { __typename: 'Compound' }
    | { __typename: 'ConsultationSession' }
    | { __typename: 'Division' }
    | { __typename: 'Dwelling' }
    | { __typename: 'Grid', id: string, code: string, name: string, householdCount: number, residentCount: number }
    | { __typename: 'GridWorker' }
    | { __typename: 'Household' }
    | { __typename: 'Resident' }
    | { __typename: 'Resolution' }
    | { __typename: 'SessionMaterial' }
    | { __typename: 'SpecialPopulationRecord' }
    | { __typename: 'Topic' }
    | { __typename: 'Vote' }
    | { __typename: 'VoteOption' }
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
    | { __typename: 'BallotConflict' }
    | { __typename: 'Building' }
    | { __typename: 'Comment' }
    | { __typename: 'Compound' }
    | { __typename: 'ConsultationSession' }
    | { __typename: 'Division' }
    | { __typename: 'Dwelling' }
    | { __typename: 'Grid' }
    | { __typename: 'GridWorker' }
    | { __typename: 'Household' }
    | { __typename: 'Resident', id: string, name: string, gender: Gender, age: number, idNumber: string, phone: string | null, residency: Residency, relationToHead: RelationToHead | null, careTags: Array<{ kind: CareTagKind, tier: VisitTier }>, grid: { id: string, name: string } | null, household: { id: string, number: string, members: Array<{ id: string, name: string, gender: Gender, age: number, relationToHead: RelationToHead | null }> } | null }
    | { __typename: 'Resolution' }
    | { __typename: 'SessionMaterial' }
    | { __typename: 'SpecialPopulationRecord' }
    | { __typename: 'Topic' }
    | { __typename: 'Vote' }
    | { __typename: 'VoteOption' }
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

export type VoteTurnoutFieldsFragment = { ballots: number, headcount: number, area: number, headcountRatio: number | null, areaRatio: number | null };

export type VoteSnapshotFieldsFragment = { eligibleHeadcount: number, totalArea: number, unitCount: number, takenAt: string };

export type VoteListFieldsFragment = { id: string, question: string, state: VoteState, ballotKind: BallotKind, votingUnit: VotingUnit, decisionRule: DecisionRule, scopeKind: ScopeKind, opensAt: string, closesAt: string, closedAt: string | null, acceptingBallots: boolean, resultsLive: boolean, topicId: string | null, myBallot: { receiptCode: string, castAt: string } | null };

export type ConsultVotesQueryVariables = Exact<{
  filter?: VoteFilter | null | undefined;
  first?: number | null | undefined;
  after?: string | null | undefined;
}>;


export type ConsultVotesQuery = { votes: { totalCount: number, pageInfo: { hasNextPage: boolean, endCursor: string | null }, edges: Array<{ node: { id: string, question: string, state: VoteState, ballotKind: BallotKind, votingUnit: VotingUnit, decisionRule: DecisionRule, scopeKind: ScopeKind, opensAt: string, closesAt: string, closedAt: string | null, acceptingBallots: boolean, resultsLive: boolean, topicId: string | null, myBallot: { receiptCode: string, castAt: string } | null } }> } };

export type ConsultTopicVotesQueryVariables = Exact<{
  topicId: string | number;
}>;


export type ConsultTopicVotesQuery = { votes: { edges: Array<{ node: { id: string, question: string, state: VoteState, ballotKind: BallotKind, votingUnit: VotingUnit, decisionRule: DecisionRule, scopeKind: ScopeKind, opensAt: string, closesAt: string, closedAt: string | null, acceptingBallots: boolean, resultsLive: boolean, topicId: string | null, myBallot: { receiptCode: string, castAt: string } | null } }> } };

export type MyBallotFieldsFragment = { receiptCode: string, castAt: string, channel: BallotChannel, changedAt: string | null, unitKey: string };

export type VoteResultsFieldsFragment = { final: boolean, ballots: number, headcount: number, area: number, emptyBallots: number, options: Array<{ headcount: number, area: number, headcountRatio: number | null, areaRatio: number | null, meetsThreshold: boolean | null, passed: boolean | null, option: { id: string, label: string, stance: OptionStance | null } }>, outcome: { rule: DecisionRule, byArea: boolean, eligibleHeadcount: number, eligibleArea: number, participatingHeadcount: number, participatingArea: number, ballots: number, emptyBallots: number, turnoutHeadcountRatio: number | null, turnoutAreaRatio: number | null, turnoutHeadcountMet: boolean, turnoutAreaMet: boolean, turnoutMet: boolean, passed: boolean, reason: Reason, approval: { ratio: number, ratioText: string, inclusive: boolean }, turnout: { ratio: number, ratioText: string, inclusive: boolean } | null, passedOptions: Array<{ id: string, label: string }>, tiedOptions: Array<{ id: string, label: string }> } | null };

export type VoteDetailFieldsFragment = { id: string, question: string, description: string, ballotKind: BallotKind, maxChoices: number, seats: number | null, allowEmpty: boolean, votingUnit: VotingUnit, decisionRule: DecisionRule, scopeKind: ScopeKind, opensAt: string, closesAt: string, closedAt: string | null, state: VoteState, secret: boolean, resultsLive: boolean, allowChange: boolean, acceptingBallots: boolean, topicId: string | null, sessionId: string | null, community: { id: string, name: string } | null, options: Array<{ id: string, label: string, position: number, stance: OptionStance | null }>, snapshot: { eligibleHeadcount: number, totalArea: number, unitCount: number, takenAt: string } | null, turnout: { ballots: number, headcount: number, area: number, headcountRatio: number | null, areaRatio: number | null } | null, myEligibility: { eligible: boolean, units: Array<{ key: string, label: string, headcount: number, area: number, ballot: { receiptCode: string, castAt: string, channel: BallotChannel, changedAt: string | null, unitKey: string } | null }> } | null };

export type ConsultVoteQueryVariables = Exact<{
  id: string | number;
}>;


export type ConsultVoteQuery = { node:
    | { __typename: 'AuditEntry' }
    | { __typename: 'BallotConflict' }
    | { __typename: 'Building' }
    | { __typename: 'Comment' }
    | { __typename: 'Compound' }
    | { __typename: 'ConsultationSession' }
    | { __typename: 'Division' }
    | { __typename: 'Dwelling' }
    | { __typename: 'Grid' }
    | { __typename: 'GridWorker' }
    | { __typename: 'Household' }
    | { __typename: 'Resident' }
    | { __typename: 'Resolution' }
    | { __typename: 'SessionMaterial' }
    | { __typename: 'SpecialPopulationRecord' }
    | { __typename: 'Topic' }
    | { __typename: 'Vote', id: string, question: string, description: string, ballotKind: BallotKind, maxChoices: number, seats: number | null, allowEmpty: boolean, votingUnit: VotingUnit, decisionRule: DecisionRule, scopeKind: ScopeKind, opensAt: string, closesAt: string, closedAt: string | null, state: VoteState, secret: boolean, resultsLive: boolean, allowChange: boolean, acceptingBallots: boolean, topicId: string | null, sessionId: string | null, community: { id: string, name: string } | null, options: Array<{ id: string, label: string, position: number, stance: OptionStance | null }>, snapshot: { eligibleHeadcount: number, totalArea: number, unitCount: number, takenAt: string } | null, turnout: { ballots: number, headcount: number, area: number, headcountRatio: number | null, areaRatio: number | null } | null, myEligibility: { eligible: boolean, units: Array<{ key: string, label: string, headcount: number, area: number, ballot: { receiptCode: string, castAt: string, channel: BallotChannel, changedAt: string | null, unitKey: string } | null }> } | null }
    | { __typename: 'VoteOption' }
   | null };

export type ConsultVoteResultsQueryVariables = Exact<{
  id: string | number;
}>;


export type ConsultVoteResultsQuery = { node:
    | { __typename: 'AuditEntry' }
    | { __typename: 'BallotConflict' }
    | { __typename: 'Building' }
    | { __typename: 'Comment' }
    | { __typename: 'Compound' }
    | { __typename: 'ConsultationSession' }
    | { __typename: 'Division' }
    | { __typename: 'Dwelling' }
    | { __typename: 'Grid' }
    | { __typename: 'GridWorker' }
    | { __typename: 'Household' }
    | { __typename: 'Resident' }
    | { __typename: 'Resolution' }
    | { __typename: 'SessionMaterial' }
    | { __typename: 'SpecialPopulationRecord' }
    | { __typename: 'Topic' }
    | { __typename: 'Vote', id: string, question: string, description: string, ballotKind: BallotKind, maxChoices: number, seats: number | null, allowEmpty: boolean, votingUnit: VotingUnit, decisionRule: DecisionRule, scopeKind: ScopeKind, opensAt: string, closesAt: string, closedAt: string | null, state: VoteState, secret: boolean, resultsLive: boolean, allowChange: boolean, acceptingBallots: boolean, topicId: string | null, sessionId: string | null, results: { final: boolean, ballots: number, headcount: number, area: number, emptyBallots: number, options: Array<{ headcount: number, area: number, headcountRatio: number | null, areaRatio: number | null, meetsThreshold: boolean | null, passed: boolean | null, option: { id: string, label: string, stance: OptionStance | null } }>, outcome: { rule: DecisionRule, byArea: boolean, eligibleHeadcount: number, eligibleArea: number, participatingHeadcount: number, participatingArea: number, ballots: number, emptyBallots: number, turnoutHeadcountRatio: number | null, turnoutAreaRatio: number | null, turnoutHeadcountMet: boolean, turnoutAreaMet: boolean, turnoutMet: boolean, passed: boolean, reason: Reason, approval: { ratio: number, ratioText: string, inclusive: boolean }, turnout: { ratio: number, ratioText: string, inclusive: boolean } | null, passedOptions: Array<{ id: string, label: string }>, tiedOptions: Array<{ id: string, label: string }> } | null } | null, community: { id: string, name: string } | null, options: Array<{ id: string, label: string, position: number, stance: OptionStance | null }>, snapshot: { eligibleHeadcount: number, totalArea: number, unitCount: number, takenAt: string } | null, turnout: { ballots: number, headcount: number, area: number, headcountRatio: number | null, areaRatio: number | null } | null, myEligibility: { eligible: boolean, units: Array<{ key: string, label: string, headcount: number, area: number, ballot: { receiptCode: string, castAt: string, channel: BallotChannel, changedAt: string | null, unitKey: string } | null }> } | null }
    | { __typename: 'VoteOption' }
   | null };

export type VoteCastMutationVariables = Exact<{
  input: VoteCastInput;
}>;


export type VoteCastMutation = { voteCast: { ballot: { receiptCode: string, castAt: string, channel: BallotChannel, changedAt: string | null, unitKey: string } | null, errors: Array<{ field: string | null, code: ErrorCode, message: string }> } };

export type BallotReceiptLookupQueryVariables = Exact<{
  code: string;
}>;


export type BallotReceiptLookupQuery = { ballotReceipt: { code: string, counted: boolean, status: ReceiptStatus, castAt: string, channel: BallotChannel, voteQuestion: string } | null };

export type VoteTurnoutLiveSubscriptionVariables = Exact<{
  voteId: string | number;
}>;


export type VoteTurnoutLiveSubscription = { voteTurnout: { voteId: string, state: VoteState, ballots: number, headcount: number, area: number, eligibleUnits: number | null, eligibleHeadcount: number | null, eligibleArea: number | null, headcountRatio: number | null, areaRatio: number | null, at: string } };

export type VoteTurnoutPollQueryVariables = Exact<{
  id: string | number;
}>;


export type VoteTurnoutPollQuery = { node:
    | { __typename: 'AuditEntry' }
    | { __typename: 'BallotConflict' }
    | { __typename: 'Building' }
    | { __typename: 'Comment' }
    | { __typename: 'Compound' }
    | { __typename: 'ConsultationSession' }
    | { __typename: 'Division' }
    | { __typename: 'Dwelling' }
    | { __typename: 'Grid' }
    | { __typename: 'GridWorker' }
    | { __typename: 'Household' }
    | { __typename: 'Resident' }
    | { __typename: 'Resolution' }
    | { __typename: 'SessionMaterial' }
    | { __typename: 'SpecialPopulationRecord' }
    | { __typename: 'Topic' }
    | { __typename: 'Vote', id: string, state: VoteState, openConflictCount: number, snapshot: { eligibleHeadcount: number, totalArea: number, unitCount: number, takenAt: string } | null, turnout: { ballots: number, headcount: number, area: number, headcountRatio: number | null, areaRatio: number | null } | null }
    | { __typename: 'VoteOption' }
   | null };

export type AdminVotesQueryVariables = Exact<{
  filter?: VoteFilter | null | undefined;
  first?: number | null | undefined;
  after?: string | null | undefined;
}>;


export type AdminVotesQuery = { votes: { totalCount: number, pageInfo: { hasNextPage: boolean, endCursor: string | null }, edges: Array<{ node: { openConflictCount: number, id: string, question: string, state: VoteState, ballotKind: BallotKind, votingUnit: VotingUnit, decisionRule: DecisionRule, scopeKind: ScopeKind, opensAt: string, closesAt: string, closedAt: string | null, acceptingBallots: boolean, resultsLive: boolean, topicId: string | null, turnout: { ballots: number, headcount: number, area: number, headcountRatio: number | null, areaRatio: number | null } | null, myBallot: { receiptCode: string, castAt: string } | null } }> } };

export type AdminVoteQueryVariables = Exact<{
  id: string | number;
}>;


export type AdminVoteQuery = { node:
    | { __typename: 'AuditEntry' }
    | { __typename: 'BallotConflict' }
    | { __typename: 'Building' }
    | { __typename: 'Comment' }
    | { __typename: 'Compound' }
    | { __typename: 'ConsultationSession' }
    | { __typename: 'Division' }
    | { __typename: 'Dwelling' }
    | { __typename: 'Grid' }
    | { __typename: 'GridWorker' }
    | { __typename: 'Household' }
    | { __typename: 'Resident' }
    | { __typename: 'Resolution' }
    | { __typename: 'SessionMaterial' }
    | { __typename: 'SpecialPopulationRecord' }
    | { __typename: 'Topic' }
    | { __typename: 'Vote', openConflictCount: number, id: string, question: string, description: string, ballotKind: BallotKind, maxChoices: number, seats: number | null, allowEmpty: boolean, votingUnit: VotingUnit, decisionRule: DecisionRule, scopeKind: ScopeKind, opensAt: string, closesAt: string, closedAt: string | null, state: VoteState, secret: boolean, resultsLive: boolean, allowChange: boolean, acceptingBallots: boolean, topicId: string | null, sessionId: string | null, snapshot: { eligibleHeadcount: number, totalArea: number, unitCount: number, takenAt: string, excluded: Array<{ ref: string, reason: string }> } | null, results: { final: boolean, ballots: number, headcount: number, area: number, emptyBallots: number, options: Array<{ headcount: number, area: number, headcountRatio: number | null, areaRatio: number | null, meetsThreshold: boolean | null, passed: boolean | null, option: { id: string, label: string, stance: OptionStance | null } }>, outcome: { rule: DecisionRule, byArea: boolean, eligibleHeadcount: number, eligibleArea: number, participatingHeadcount: number, participatingArea: number, ballots: number, emptyBallots: number, turnoutHeadcountRatio: number | null, turnoutAreaRatio: number | null, turnoutHeadcountMet: boolean, turnoutAreaMet: boolean, turnoutMet: boolean, passed: boolean, reason: Reason, approval: { ratio: number, ratioText: string, inclusive: boolean }, turnout: { ratio: number, ratioText: string, inclusive: boolean } | null, passedOptions: Array<{ id: string, label: string }>, tiedOptions: Array<{ id: string, label: string }> } | null } | null, community: { id: string, name: string } | null, options: Array<{ id: string, label: string, position: number, stance: OptionStance | null }>, turnout: { ballots: number, headcount: number, area: number, headcountRatio: number | null, areaRatio: number | null } | null, myEligibility: { eligible: boolean, units: Array<{ key: string, label: string, headcount: number, area: number, ballot: { receiptCode: string, castAt: string, channel: BallotChannel, changedAt: string | null, unitKey: string } | null }> } | null }
    | { __typename: 'VoteOption' }
   | null };

export type VoteEligibleUnitsQueryVariables = Exact<{
  id: string | number;
  search?: string | null | undefined;
  first?: number | null | undefined;
}>;


export type VoteEligibleUnitsQuery = { node:
    | { __typename: 'AuditEntry' }
    | { __typename: 'BallotConflict' }
    | { __typename: 'Building' }
    | { __typename: 'Comment' }
    | { __typename: 'Compound' }
    | { __typename: 'ConsultationSession' }
    | { __typename: 'Division' }
    | { __typename: 'Dwelling' }
    | { __typename: 'Grid' }
    | { __typename: 'GridWorker' }
    | { __typename: 'Household' }
    | { __typename: 'Resident' }
    | { __typename: 'Resolution' }
    | { __typename: 'SessionMaterial' }
    | { __typename: 'SpecialPopulationRecord' }
    | { __typename: 'Topic' }
    | { __typename: 'Vote', id: string, eligibleUnits: { totalCount: number, edges: Array<{ node: { key: string, label: string, headcount: number, area: number } }> } }
    | { __typename: 'VoteOption' }
   | null };

export type BallotConflictFieldsFragment = { id: string, status: ConflictStatus, channel: BallotChannel, sheetReference: string | null, submittedAt: string, resolvedAt: string | null, note: string, unit: { key: string, label: string }, existing: { channel: BallotChannel, sheetReference: string | null, castAt: string, changedAt: string | null }, incomingChoices: Array<{ id: string, label: string }> | null, existingChoices: Array<{ id: string, label: string }> | null };

export type VoteConflictsQueryVariables = Exact<{
  voteId: string | number;
  status?: ConflictStatus | null | undefined;
  first?: number | null | undefined;
}>;


export type VoteConflictsQuery = { voteConflicts: { totalCount: number, edges: Array<{ node: { id: string, status: ConflictStatus, channel: BallotChannel, sheetReference: string | null, submittedAt: string, resolvedAt: string | null, note: string, unit: { key: string, label: string }, existing: { channel: BallotChannel, sheetReference: string | null, castAt: string, changedAt: string | null }, incomingChoices: Array<{ id: string, label: string }> | null, existingChoices: Array<{ id: string, label: string }> | null } }> } };

export type VotePayloadErrorsFragment = { field: string | null, code: ErrorCode, message: string };

export type VoteCreateMutationVariables = Exact<{
  input: VoteCreateInput;
}>;


export type VoteCreateMutation = { voteCreate: { vote: { id: string } | null, errors: Array<{ field: string | null, code: ErrorCode, message: string }> } };

export type VoteOpenMutationVariables = Exact<{
  input: VoteOpenInput;
}>;


export type VoteOpenMutation = { voteOpen: { vote: { id: string, state: VoteState } | null, errors: Array<{ field: string | null, code: ErrorCode, message: string }> } };

export type VoteCloseMutationVariables = Exact<{
  input: VoteCloseInput;
}>;


export type VoteCloseMutation = { voteClose: { vote: { id: string, state: VoteState } | null, errors: Array<{ field: string | null, code: ErrorCode, message: string }> } };

export type VoteTallyFieldsFragment = { ballots: number, headcount: number, areaText: string, emptyBallots: number, options: Array<{ optionId: string, headcount: number, areaText: string }> };

export type VoteRecountMutationVariables = Exact<{
  input: VoteRecountInput;
}>;


export type VoteRecountMutation = { voteRecount: { matches: boolean, stored: { ballots: number, headcount: number, areaText: string, emptyBallots: number, options: Array<{ optionId: string, headcount: number, areaText: string }> } | null, recounted: { ballots: number, headcount: number, areaText: string, emptyBallots: number, options: Array<{ optionId: string, headcount: number, areaText: string }> } | null, errors: Array<{ field: string | null, code: ErrorCode, message: string }> } };

export type BallotPaperEnterMutationVariables = Exact<{
  input: BallotPaperEnterInput;
}>;


export type BallotPaperEnterMutation = { ballotPaperEnter: { ballot: { receiptCode: string, castAt: string, channel: BallotChannel, changedAt: string | null, unitKey: string } | null, conflict: { id: string, status: ConflictStatus, channel: BallotChannel, sheetReference: string | null, submittedAt: string, resolvedAt: string | null, note: string, unit: { key: string, label: string }, existing: { channel: BallotChannel, sheetReference: string | null, castAt: string, changedAt: string | null }, incomingChoices: Array<{ id: string, label: string }> | null, existingChoices: Array<{ id: string, label: string }> | null } | null, errors: Array<{ field: string | null, code: ErrorCode, message: string }> } };

export type BallotConflictResolveMutationVariables = Exact<{
  input: BallotConflictResolveInput;
}>;


export type BallotConflictResolveMutation = { ballotConflictResolve: { conflict: { id: string, status: ConflictStatus, channel: BallotChannel, sheetReference: string | null, submittedAt: string, resolvedAt: string | null, note: string, unit: { key: string, label: string }, existing: { channel: BallotChannel, sheetReference: string | null, castAt: string, changedAt: string | null }, incomingChoices: Array<{ id: string, label: string }> | null, existingChoices: Array<{ id: string, label: string }> | null } | null, errors: Array<{ field: string | null, code: ErrorCode, message: string }> } };

export type VoteResultsLiveSubscriptionVariables = Exact<{
  voteId: string | number;
}>;


export type VoteResultsLiveSubscription = { voteResults: { final: boolean, ballots: number, headcount: number, area: number, emptyBallots: number, options: Array<{ headcount: number, area: number, headcountRatio: number | null, areaRatio: number | null, meetsThreshold: boolean | null, passed: boolean | null, option: { id: string, label: string, stance: OptionStance | null } }>, outcome: { rule: DecisionRule, byArea: boolean, eligibleHeadcount: number, eligibleArea: number, participatingHeadcount: number, participatingArea: number, ballots: number, emptyBallots: number, turnoutHeadcountRatio: number | null, turnoutAreaRatio: number | null, turnoutHeadcountMet: boolean, turnoutAreaMet: boolean, turnoutMet: boolean, passed: boolean, reason: Reason, approval: { ratio: number, ratioText: string, inclusive: boolean }, turnout: { ratio: number, ratioText: string, inclusive: boolean } | null, passedOptions: Array<{ id: string, label: string }>, tiedOptions: Array<{ id: string, label: string }> } | null } };

export type VoteResultsPollQueryVariables = Exact<{
  id: string | number;
}>;


export type VoteResultsPollQuery = { node:
    | { __typename: 'AuditEntry' }
    | { __typename: 'BallotConflict' }
    | { __typename: 'Building' }
    | { __typename: 'Comment' }
    | { __typename: 'Compound' }
    | { __typename: 'ConsultationSession' }
    | { __typename: 'Division' }
    | { __typename: 'Dwelling' }
    | { __typename: 'Grid' }
    | { __typename: 'GridWorker' }
    | { __typename: 'Household' }
    | { __typename: 'Resident' }
    | { __typename: 'Resolution' }
    | { __typename: 'SessionMaterial' }
    | { __typename: 'SpecialPopulationRecord' }
    | { __typename: 'Topic' }
    | { __typename: 'Vote', id: string, state: VoteState, results: { final: boolean, ballots: number, headcount: number, area: number, emptyBallots: number, options: Array<{ headcount: number, area: number, headcountRatio: number | null, areaRatio: number | null, meetsThreshold: boolean | null, passed: boolean | null, option: { id: string, label: string, stance: OptionStance | null } }>, outcome: { rule: DecisionRule, byArea: boolean, eligibleHeadcount: number, eligibleArea: number, participatingHeadcount: number, participatingArea: number, ballots: number, emptyBallots: number, turnoutHeadcountRatio: number | null, turnoutAreaRatio: number | null, turnoutHeadcountMet: boolean, turnoutAreaMet: boolean, turnoutMet: boolean, passed: boolean, reason: Reason, approval: { ratio: number, ratioText: string, inclusive: boolean }, turnout: { ratio: number, ratioText: string, inclusive: boolean } | null, passedOptions: Array<{ id: string, label: string }>, tiedOptions: Array<{ id: string, label: string }> } | null } | null }
    | { __typename: 'VoteOption' }
   | null };

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
export const TopicListFieldsFragmentDoc = new TypedDocumentString(`
    fragment TopicListFields on Topic {
  id
  title
  category
  scopeKind
  scopeLabel
  state
  supportCount
  supportThreshold
  supportedByMe
  proposedByMe
  commentCount
  createdAt
}
    `, {"fragmentName":"TopicListFields"}) as unknown as TypedDocumentString<TopicListFieldsFragment, unknown>;
export const CommentFieldsFragmentDoc = new TypedDocumentString(`
    fragment CommentFields on Comment {
  id
  body
  authorName
  hidden
  hiddenReason
  createdAt
  editedAt
  mine
  reportedByMe
  reportCount
}
    `, {"fragmentName":"CommentFields"}) as unknown as TypedDocumentString<CommentFieldsFragment, unknown>;
export const CommentThreadFieldsFragmentDoc = new TypedDocumentString(`
    fragment CommentThreadFields on Comment {
  ...CommentFields
  replies {
    ...CommentFields
  }
}
    fragment CommentFields on Comment {
  id
  body
  authorName
  hidden
  hiddenReason
  createdAt
  editedAt
  mine
  reportedByMe
  reportCount
}`, {"fragmentName":"CommentThreadFields"}) as unknown as TypedDocumentString<CommentThreadFieldsFragment, unknown>;
export const ResolutionFieldsFragmentDoc = new TypedDocumentString(`
    fragment ResolutionFields on Resolution {
  id
  title
  text
  publishedAt
  noticeUntil
  implementedAt
  inNoticePeriod
  updates {
    text
    postedAt
  }
  evaluationSummary {
    satisfied
    basicallySatisfied
    notSatisfied
    total
  }
  myEvaluation {
    rating
    comment
    updatedAt
  }
}
    `, {"fragmentName":"ResolutionFields"}) as unknown as TypedDocumentString<ResolutionFieldsFragment, unknown>;
export const SessionSummaryFieldsFragmentDoc = new TypedDocumentString(`
    fragment SessionSummaryFields on ConsultationSession {
  id
  title
  mode
  startsAt
  endsAt
  place
  state
}
    `, {"fragmentName":"SessionSummaryFields"}) as unknown as TypedDocumentString<SessionSummaryFieldsFragment, unknown>;
export const ConsultErrorsFragmentDoc = new TypedDocumentString(`
    fragment ConsultErrors on UserError {
  field
  code
  message
}
    `, {"fragmentName":"ConsultErrors"}) as unknown as TypedDocumentString<ConsultErrorsFragment, unknown>;
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
export const VoteListFieldsFragmentDoc = new TypedDocumentString(`
    fragment VoteListFields on Vote {
  id
  question
  state
  ballotKind
  votingUnit
  decisionRule
  scopeKind
  opensAt
  closesAt
  closedAt
  acceptingBallots
  resultsLive
  topicId
  myBallot {
    receiptCode
    castAt
  }
}
    `, {"fragmentName":"VoteListFields"}) as unknown as TypedDocumentString<VoteListFieldsFragment, unknown>;
export const VoteResultsFieldsFragmentDoc = new TypedDocumentString(`
    fragment VoteResultsFields on VoteResults {
  final
  ballots
  headcount
  area
  emptyBallots
  options {
    option {
      id
      label
      stance
    }
    headcount
    area
    headcountRatio
    areaRatio
    meetsThreshold
    passed
  }
  outcome {
    rule
    approval {
      ratio
      ratioText
      inclusive
    }
    turnout {
      ratio
      ratioText
      inclusive
    }
    byArea
    eligibleHeadcount
    eligibleArea
    participatingHeadcount
    participatingArea
    ballots
    emptyBallots
    turnoutHeadcountRatio
    turnoutAreaRatio
    turnoutHeadcountMet
    turnoutAreaMet
    turnoutMet
    passed
    reason
    passedOptions {
      id
      label
    }
    tiedOptions {
      id
      label
    }
  }
}
    `, {"fragmentName":"VoteResultsFields"}) as unknown as TypedDocumentString<VoteResultsFieldsFragment, unknown>;
export const VoteSnapshotFieldsFragmentDoc = new TypedDocumentString(`
    fragment VoteSnapshotFields on VoteSnapshot {
  eligibleHeadcount
  totalArea
  unitCount
  takenAt
}
    `, {"fragmentName":"VoteSnapshotFields"}) as unknown as TypedDocumentString<VoteSnapshotFieldsFragment, unknown>;
export const VoteTurnoutFieldsFragmentDoc = new TypedDocumentString(`
    fragment VoteTurnoutFields on VoteTurnout {
  ballots
  headcount
  area
  headcountRatio
  areaRatio
}
    `, {"fragmentName":"VoteTurnoutFields"}) as unknown as TypedDocumentString<VoteTurnoutFieldsFragment, unknown>;
export const MyBallotFieldsFragmentDoc = new TypedDocumentString(`
    fragment MyBallotFields on MyBallot {
  receiptCode
  castAt
  channel
  changedAt
  unitKey
}
    `, {"fragmentName":"MyBallotFields"}) as unknown as TypedDocumentString<MyBallotFieldsFragment, unknown>;
export const VoteDetailFieldsFragmentDoc = new TypedDocumentString(`
    fragment VoteDetailFields on Vote {
  id
  question
  description
  ballotKind
  maxChoices
  seats
  allowEmpty
  votingUnit
  decisionRule
  scopeKind
  opensAt
  closesAt
  closedAt
  state
  secret
  resultsLive
  allowChange
  acceptingBallots
  topicId
  sessionId
  community {
    id
    name
  }
  options {
    id
    label
    position
    stance
  }
  snapshot {
    ...VoteSnapshotFields
  }
  turnout {
    ...VoteTurnoutFields
  }
  myEligibility {
    eligible
    units {
      key
      label
      headcount
      area
      ballot {
        ...MyBallotFields
      }
    }
  }
}
    fragment VoteTurnoutFields on VoteTurnout {
  ballots
  headcount
  area
  headcountRatio
  areaRatio
}
fragment VoteSnapshotFields on VoteSnapshot {
  eligibleHeadcount
  totalArea
  unitCount
  takenAt
}
fragment MyBallotFields on MyBallot {
  receiptCode
  castAt
  channel
  changedAt
  unitKey
}`, {"fragmentName":"VoteDetailFields"}) as unknown as TypedDocumentString<VoteDetailFieldsFragment, unknown>;
export const BallotConflictFieldsFragmentDoc = new TypedDocumentString(`
    fragment BallotConflictFields on BallotConflict {
  id
  status
  channel
  sheetReference
  submittedAt
  resolvedAt
  note
  unit {
    key
    label
  }
  existing {
    channel
    sheetReference
    castAt
    changedAt
  }
  incomingChoices {
    id
    label
  }
  existingChoices {
    id
    label
  }
}
    `, {"fragmentName":"BallotConflictFields"}) as unknown as TypedDocumentString<BallotConflictFieldsFragment, unknown>;
export const VotePayloadErrorsFragmentDoc = new TypedDocumentString(`
    fragment VotePayloadErrors on UserError {
  field
  code
  message
}
    `, {"fragmentName":"VotePayloadErrors"}) as unknown as TypedDocumentString<VotePayloadErrorsFragment, unknown>;
export const VoteTallyFieldsFragmentDoc = new TypedDocumentString(`
    fragment VoteTallyFields on VoteTally {
  ballots
  headcount
  areaText
  emptyBallots
  options {
    optionId
    headcount
    areaText
  }
}
    `, {"fragmentName":"VoteTallyFields"}) as unknown as TypedDocumentString<VoteTallyFieldsFragment, unknown>;
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
export const ConsultCommunitiesDocument = new TypedDocumentString(`
    query ConsultCommunities {
  divisions(level: COMMUNITY) {
    id
    code
    name
  }
}
    `) as unknown as TypedDocumentString<ConsultCommunitiesQuery, ConsultCommunitiesQueryVariables>;
export const ConsultPlacesDocument = new TypedDocumentString(`
    query ConsultPlaces($code: String!, $communityId: ID!) {
  division(code: $code) {
    id
    grids {
      id
      name
    }
  }
  compounds(filter: {communityId: $communityId}, first: 100) {
    edges {
      node {
        id
        name
        buildings {
          id
          name
        }
      }
    }
  }
}
    `) as unknown as TypedDocumentString<ConsultPlacesQuery, ConsultPlacesQueryVariables>;
export const ConsultResidentSearchDocument = new TypedDocumentString(`
    query ConsultResidentSearch($namePrefix: String, $phone: String, $first: Int) {
  residents(filter: {namePrefix: $namePrefix, phone: $phone}, first: $first) {
    edges {
      node {
        id
        name
        gender
        age
        household {
          id
          number
        }
        grid {
          id
          name
        }
      }
    }
  }
}
    `) as unknown as TypedDocumentString<ConsultResidentSearchQuery, ConsultResidentSearchQueryVariables>;
export const ConsultTopicsDocument = new TypedDocumentString(`
    query ConsultTopics($filter: TopicFilter, $first: Int, $after: String) {
  topics(filter: $filter, first: $first, after: $after) {
    totalCount
    pageInfo {
      hasNextPage
      endCursor
    }
    edges {
      node {
        ...TopicListFields
      }
    }
  }
}
    fragment TopicListFields on Topic {
  id
  title
  category
  scopeKind
  scopeLabel
  state
  supportCount
  supportThreshold
  supportedByMe
  proposedByMe
  commentCount
  createdAt
}`) as unknown as TypedDocumentString<ConsultTopicsQuery, ConsultTopicsQueryVariables>;
export const ConsultMyPlacesDocument = new TypedDocumentString(`
    query ConsultMyPlaces {
  viewer {
    resident {
      id
      grid {
        id
        name
        community {
          id
          name
        }
      }
      household {
        id
        dwelling {
          id
          building {
            id
            name
            compound {
              id
              name
            }
          }
        }
      }
    }
  }
}
    `) as unknown as TypedDocumentString<ConsultMyPlacesQuery, ConsultMyPlacesQueryVariables>;
export const ConsultTopicDocument = new TypedDocumentString(`
    query ConsultTopic($id: ID!, $commentsFirst: Int) {
  node(id: $id) {
    __typename
    ... on Topic {
      ...TopicListFields
      description
      rejectionReason
      reviewedAt
      thresholdReachedAt
      proposerName
      community {
        id
        name
        code
      }
      sessions {
        ...SessionSummaryFields
      }
      comments(first: $commentsFirst) {
        totalCount
        edges {
          node {
            ...CommentThreadFields
          }
        }
      }
      resolution {
        ...ResolutionFields
      }
    }
  }
}
    fragment TopicListFields on Topic {
  id
  title
  category
  scopeKind
  scopeLabel
  state
  supportCount
  supportThreshold
  supportedByMe
  proposedByMe
  commentCount
  createdAt
}
fragment CommentFields on Comment {
  id
  body
  authorName
  hidden
  hiddenReason
  createdAt
  editedAt
  mine
  reportedByMe
  reportCount
}
fragment CommentThreadFields on Comment {
  ...CommentFields
  replies {
    ...CommentFields
  }
}
fragment ResolutionFields on Resolution {
  id
  title
  text
  publishedAt
  noticeUntil
  implementedAt
  inNoticePeriod
  updates {
    text
    postedAt
  }
  evaluationSummary {
    satisfied
    basicallySatisfied
    notSatisfied
    total
  }
  myEvaluation {
    rating
    comment
    updatedAt
  }
}
fragment SessionSummaryFields on ConsultationSession {
  id
  title
  mode
  startsAt
  endsAt
  place
  state
}`) as unknown as TypedDocumentString<ConsultTopicQuery, ConsultTopicQueryVariables>;
export const ConsultSessionDocument = new TypedDocumentString(`
    query ConsultSession($id: ID!, $commentsFirst: Int) {
  node(id: $id) {
    __typename
    ... on ConsultationSession {
      ...SessionSummaryFields
      description
      onlineLink
      minutes
      resolutionText
      community {
        id
        name
      }
      topics {
        id
        title
        state
      }
      participants {
        role
        name
        isMe
      }
      materials {
        id
        title
        url
        body
        position
      }
      comments(first: $commentsFirst) {
        totalCount
        edges {
          node {
            ...CommentThreadFields
          }
        }
      }
      resolutions {
        ...ResolutionFields
      }
    }
  }
}
    fragment CommentFields on Comment {
  id
  body
  authorName
  hidden
  hiddenReason
  createdAt
  editedAt
  mine
  reportedByMe
  reportCount
}
fragment CommentThreadFields on Comment {
  ...CommentFields
  replies {
    ...CommentFields
  }
}
fragment ResolutionFields on Resolution {
  id
  title
  text
  publishedAt
  noticeUntil
  implementedAt
  inNoticePeriod
  updates {
    text
    postedAt
  }
  evaluationSummary {
    satisfied
    basicallySatisfied
    notSatisfied
    total
  }
  myEvaluation {
    rating
    comment
    updatedAt
  }
}
fragment SessionSummaryFields on ConsultationSession {
  id
  title
  mode
  startsAt
  endsAt
  place
  state
}`) as unknown as TypedDocumentString<ConsultSessionQuery, ConsultSessionQueryVariables>;
export const ConsultTopicResolutionDocument = new TypedDocumentString(`
    query ConsultTopicResolution($id: ID!) {
  node(id: $id) {
    __typename
    ... on Topic {
      id
      title
      state
      resolution {
        ...ResolutionFields
      }
    }
  }
}
    fragment ResolutionFields on Resolution {
  id
  title
  text
  publishedAt
  noticeUntil
  implementedAt
  inNoticePeriod
  updates {
    text
    postedAt
  }
  evaluationSummary {
    satisfied
    basicallySatisfied
    notSatisfied
    total
  }
  myEvaluation {
    rating
    comment
    updatedAt
  }
}`) as unknown as TypedDocumentString<ConsultTopicResolutionQuery, ConsultTopicResolutionQueryVariables>;
export const TopicProposeDocument = new TypedDocumentString(`
    mutation TopicPropose($input: TopicProposeInput!) {
  topicPropose(input: $input) {
    topic {
      id
    }
    errors {
      ...ConsultErrors
    }
  }
}
    fragment ConsultErrors on UserError {
  field
  code
  message
}`) as unknown as TypedDocumentString<TopicProposeMutation, TopicProposeMutationVariables>;
export const TopicSupportDocument = new TypedDocumentString(`
    mutation TopicSupport($input: TopicSupportInput!) {
  topicSupport(input: $input) {
    topic {
      ...TopicListFields
    }
    errors {
      ...ConsultErrors
    }
  }
}
    fragment TopicListFields on Topic {
  id
  title
  category
  scopeKind
  scopeLabel
  state
  supportCount
  supportThreshold
  supportedByMe
  proposedByMe
  commentCount
  createdAt
}
fragment ConsultErrors on UserError {
  field
  code
  message
}`) as unknown as TypedDocumentString<TopicSupportMutation, TopicSupportMutationVariables>;
export const CommentCreateDocument = new TypedDocumentString(`
    mutation CommentCreate($input: CommentCreateInput!) {
  commentCreate(input: $input) {
    comment {
      id
    }
    errors {
      ...ConsultErrors
    }
  }
}
    fragment ConsultErrors on UserError {
  field
  code
  message
}`) as unknown as TypedDocumentString<CommentCreateMutation, CommentCreateMutationVariables>;
export const CommentReportDocument = new TypedDocumentString(`
    mutation CommentReport($input: CommentReportInput!) {
  commentReport(input: $input) {
    comment {
      id
      reportedByMe
    }
    errors {
      ...ConsultErrors
    }
  }
}
    fragment ConsultErrors on UserError {
  field
  code
  message
}`) as unknown as TypedDocumentString<CommentReportMutation, CommentReportMutationVariables>;
export const EvaluationSubmitDocument = new TypedDocumentString(`
    mutation EvaluationSubmit($input: EvaluationSubmitInput!) {
  evaluationSubmit(input: $input) {
    resolution {
      ...ResolutionFields
    }
    errors {
      ...ConsultErrors
    }
  }
}
    fragment ResolutionFields on Resolution {
  id
  title
  text
  publishedAt
  noticeUntil
  implementedAt
  inNoticePeriod
  updates {
    text
    postedAt
  }
  evaluationSummary {
    satisfied
    basicallySatisfied
    notSatisfied
    total
  }
  myEvaluation {
    rating
    comment
    updatedAt
  }
}
fragment ConsultErrors on UserError {
  field
  code
  message
}`) as unknown as TypedDocumentString<EvaluationSubmitMutation, EvaluationSubmitMutationVariables>;
export const AdminTopicsDocument = new TypedDocumentString(`
    query AdminTopics($filter: TopicFilter, $first: Int, $after: String) {
  topics(filter: $filter, first: $first, after: $after) {
    totalCount
    pageInfo {
      hasNextPage
      endCursor
    }
    edges {
      node {
        ...TopicListFields
        description
        proposerName
        rejectionReason
        community {
          id
          name
        }
        sessions {
          id
          title
        }
      }
    }
  }
}
    fragment TopicListFields on Topic {
  id
  title
  category
  scopeKind
  scopeLabel
  state
  supportCount
  supportThreshold
  supportedByMe
  proposedByMe
  commentCount
  createdAt
}`) as unknown as TypedDocumentString<AdminTopicsQuery, AdminTopicsQueryVariables>;
export const AdminSessionsDocument = new TypedDocumentString(`
    query AdminSessions($filter: ConsultationSessionFilter, $first: Int, $after: String) {
  consultationSessions(filter: $filter, first: $first, after: $after) {
    totalCount
    pageInfo {
      hasNextPage
      endCursor
    }
    edges {
      node {
        ...SessionSummaryFields
        community {
          id
          name
        }
        topics {
          id
          title
          state
        }
      }
    }
  }
}
    fragment SessionSummaryFields on ConsultationSession {
  id
  title
  mode
  startsAt
  endsAt
  place
  state
}`) as unknown as TypedDocumentString<AdminSessionsQuery, AdminSessionsQueryVariables>;
export const AdminSessionDocument = new TypedDocumentString(`
    query AdminSession($id: ID!) {
  node(id: $id) {
    __typename
    ... on ConsultationSession {
      ...SessionSummaryFields
      description
      onlineLink
      minutes
      resolutionText
      community {
        id
        name
      }
      topics {
        id
        title
        state
        resolution {
          ...ResolutionFields
        }
      }
      participants {
        role
        name
      }
      materials {
        id
        title
        url
        body
      }
      resolutions {
        ...ResolutionFields
        topic {
          id
          title
        }
      }
    }
  }
}
    fragment ResolutionFields on Resolution {
  id
  title
  text
  publishedAt
  noticeUntil
  implementedAt
  inNoticePeriod
  updates {
    text
    postedAt
  }
  evaluationSummary {
    satisfied
    basicallySatisfied
    notSatisfied
    total
  }
  myEvaluation {
    rating
    comment
    updatedAt
  }
}
fragment SessionSummaryFields on ConsultationSession {
  id
  title
  mode
  startsAt
  endsAt
  place
  state
}`) as unknown as TypedDocumentString<AdminSessionQuery, AdminSessionQueryVariables>;
export const AdminCommentsDocument = new TypedDocumentString(`
    query AdminComments($filter: ConsultationCommentFilter, $first: Int) {
  consultationComments(filter: $filter, first: $first) {
    totalCount
    edges {
      node {
        ...CommentFields
        topic {
          id
          title
        }
        session {
          id
          title
        }
      }
    }
  }
}
    fragment CommentFields on Comment {
  id
  body
  authorName
  hidden
  hiddenReason
  createdAt
  editedAt
  mine
  reportedByMe
  reportCount
}`) as unknown as TypedDocumentString<AdminCommentsQuery, AdminCommentsQueryVariables>;
export const TopicReviewDocument = new TypedDocumentString(`
    mutation TopicReview($input: TopicReviewInput!) {
  topicReview(input: $input) {
    topic {
      id
      state
    }
    errors {
      ...ConsultErrors
    }
  }
}
    fragment ConsultErrors on UserError {
  field
  code
  message
}`) as unknown as TypedDocumentString<TopicReviewMutation, TopicReviewMutationVariables>;
export const TopicStateSetDocument = new TypedDocumentString(`
    mutation TopicStateSet($input: TopicStateSetInput!) {
  topicStateSet(input: $input) {
    topic {
      id
      state
    }
    errors {
      ...ConsultErrors
    }
  }
}
    fragment ConsultErrors on UserError {
  field
  code
  message
}`) as unknown as TypedDocumentString<TopicStateSetMutation, TopicStateSetMutationVariables>;
export const SessionCreateDocument = new TypedDocumentString(`
    mutation SessionCreate($input: ConsultationSessionCreateInput!) {
  consultationSessionCreate(input: $input) {
    session {
      id
    }
    errors {
      ...ConsultErrors
    }
  }
}
    fragment ConsultErrors on UserError {
  field
  code
  message
}`) as unknown as TypedDocumentString<SessionCreateMutation, SessionCreateMutationVariables>;
export const SessionUpdateDocument = new TypedDocumentString(`
    mutation SessionUpdate($input: ConsultationSessionUpdateInput!) {
  consultationSessionUpdate(input: $input) {
    session {
      id
      state
    }
    errors {
      ...ConsultErrors
    }
  }
}
    fragment ConsultErrors on UserError {
  field
  code
  message
}`) as unknown as TypedDocumentString<SessionUpdateMutation, SessionUpdateMutationVariables>;
export const SessionMaterialAddDocument = new TypedDocumentString(`
    mutation SessionMaterialAdd($input: SessionMaterialAddInput!) {
  sessionMaterialAdd(input: $input) {
    material {
      id
    }
    errors {
      ...ConsultErrors
    }
  }
}
    fragment ConsultErrors on UserError {
  field
  code
  message
}`) as unknown as TypedDocumentString<SessionMaterialAddMutation, SessionMaterialAddMutationVariables>;
export const SessionMinutesSetDocument = new TypedDocumentString(`
    mutation SessionMinutesSet($input: SessionMinutesSetInput!) {
  sessionMinutesSet(input: $input) {
    session {
      id
      minutes
      resolutionText
    }
    errors {
      ...ConsultErrors
    }
  }
}
    fragment ConsultErrors on UserError {
  field
  code
  message
}`) as unknown as TypedDocumentString<SessionMinutesSetMutation, SessionMinutesSetMutationVariables>;
export const CommentHideDocument = new TypedDocumentString(`
    mutation CommentHide($input: CommentHideInput!) {
  commentHide(input: $input) {
    comment {
      id
      hidden
    }
    errors {
      ...ConsultErrors
    }
  }
}
    fragment ConsultErrors on UserError {
  field
  code
  message
}`) as unknown as TypedDocumentString<CommentHideMutation, CommentHideMutationVariables>;
export const ResolutionPublishDocument = new TypedDocumentString(`
    mutation ResolutionPublish($input: ResolutionPublishInput!) {
  resolutionPublish(input: $input) {
    resolution {
      ...ResolutionFields
    }
    errors {
      ...ConsultErrors
    }
  }
}
    fragment ResolutionFields on Resolution {
  id
  title
  text
  publishedAt
  noticeUntil
  implementedAt
  inNoticePeriod
  updates {
    text
    postedAt
  }
  evaluationSummary {
    satisfied
    basicallySatisfied
    notSatisfied
    total
  }
  myEvaluation {
    rating
    comment
    updatedAt
  }
}
fragment ConsultErrors on UserError {
  field
  code
  message
}`) as unknown as TypedDocumentString<ResolutionPublishMutation, ResolutionPublishMutationVariables>;
export const ImplementationUpdateCreateDocument = new TypedDocumentString(`
    mutation ImplementationUpdateCreate($input: ImplementationUpdateCreateInput!) {
  implementationUpdateCreate(input: $input) {
    resolution {
      ...ResolutionFields
    }
    errors {
      ...ConsultErrors
    }
  }
}
    fragment ResolutionFields on Resolution {
  id
  title
  text
  publishedAt
  noticeUntil
  implementedAt
  inNoticePeriod
  updates {
    text
    postedAt
  }
  evaluationSummary {
    satisfied
    basicallySatisfied
    notSatisfied
    total
  }
  myEvaluation {
    rating
    comment
    updatedAt
  }
}
fragment ConsultErrors on UserError {
  field
  code
  message
}`) as unknown as TypedDocumentString<ImplementationUpdateCreateMutation, ImplementationUpdateCreateMutationVariables>;
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
export const ConsultVotesDocument = new TypedDocumentString(`
    query ConsultVotes($filter: VoteFilter, $first: Int, $after: String) {
  votes(filter: $filter, first: $first, after: $after) {
    totalCount
    pageInfo {
      hasNextPage
      endCursor
    }
    edges {
      node {
        ...VoteListFields
      }
    }
  }
}
    fragment VoteListFields on Vote {
  id
  question
  state
  ballotKind
  votingUnit
  decisionRule
  scopeKind
  opensAt
  closesAt
  closedAt
  acceptingBallots
  resultsLive
  topicId
  myBallot {
    receiptCode
    castAt
  }
}`) as unknown as TypedDocumentString<ConsultVotesQuery, ConsultVotesQueryVariables>;
export const ConsultTopicVotesDocument = new TypedDocumentString(`
    query ConsultTopicVotes($topicId: ID!) {
  votes(filter: {topicId: $topicId}, first: 20) {
    edges {
      node {
        ...VoteListFields
      }
    }
  }
}
    fragment VoteListFields on Vote {
  id
  question
  state
  ballotKind
  votingUnit
  decisionRule
  scopeKind
  opensAt
  closesAt
  closedAt
  acceptingBallots
  resultsLive
  topicId
  myBallot {
    receiptCode
    castAt
  }
}`) as unknown as TypedDocumentString<ConsultTopicVotesQuery, ConsultTopicVotesQueryVariables>;
export const ConsultVoteDocument = new TypedDocumentString(`
    query ConsultVote($id: ID!) {
  node(id: $id) {
    __typename
    ... on Vote {
      ...VoteDetailFields
    }
  }
}
    fragment VoteTurnoutFields on VoteTurnout {
  ballots
  headcount
  area
  headcountRatio
  areaRatio
}
fragment VoteSnapshotFields on VoteSnapshot {
  eligibleHeadcount
  totalArea
  unitCount
  takenAt
}
fragment MyBallotFields on MyBallot {
  receiptCode
  castAt
  channel
  changedAt
  unitKey
}
fragment VoteDetailFields on Vote {
  id
  question
  description
  ballotKind
  maxChoices
  seats
  allowEmpty
  votingUnit
  decisionRule
  scopeKind
  opensAt
  closesAt
  closedAt
  state
  secret
  resultsLive
  allowChange
  acceptingBallots
  topicId
  sessionId
  community {
    id
    name
  }
  options {
    id
    label
    position
    stance
  }
  snapshot {
    ...VoteSnapshotFields
  }
  turnout {
    ...VoteTurnoutFields
  }
  myEligibility {
    eligible
    units {
      key
      label
      headcount
      area
      ballot {
        ...MyBallotFields
      }
    }
  }
}`) as unknown as TypedDocumentString<ConsultVoteQuery, ConsultVoteQueryVariables>;
export const ConsultVoteResultsDocument = new TypedDocumentString(`
    query ConsultVoteResults($id: ID!) {
  node(id: $id) {
    __typename
    ... on Vote {
      ...VoteDetailFields
      results {
        ...VoteResultsFields
      }
    }
  }
}
    fragment VoteTurnoutFields on VoteTurnout {
  ballots
  headcount
  area
  headcountRatio
  areaRatio
}
fragment VoteSnapshotFields on VoteSnapshot {
  eligibleHeadcount
  totalArea
  unitCount
  takenAt
}
fragment MyBallotFields on MyBallot {
  receiptCode
  castAt
  channel
  changedAt
  unitKey
}
fragment VoteResultsFields on VoteResults {
  final
  ballots
  headcount
  area
  emptyBallots
  options {
    option {
      id
      label
      stance
    }
    headcount
    area
    headcountRatio
    areaRatio
    meetsThreshold
    passed
  }
  outcome {
    rule
    approval {
      ratio
      ratioText
      inclusive
    }
    turnout {
      ratio
      ratioText
      inclusive
    }
    byArea
    eligibleHeadcount
    eligibleArea
    participatingHeadcount
    participatingArea
    ballots
    emptyBallots
    turnoutHeadcountRatio
    turnoutAreaRatio
    turnoutHeadcountMet
    turnoutAreaMet
    turnoutMet
    passed
    reason
    passedOptions {
      id
      label
    }
    tiedOptions {
      id
      label
    }
  }
}
fragment VoteDetailFields on Vote {
  id
  question
  description
  ballotKind
  maxChoices
  seats
  allowEmpty
  votingUnit
  decisionRule
  scopeKind
  opensAt
  closesAt
  closedAt
  state
  secret
  resultsLive
  allowChange
  acceptingBallots
  topicId
  sessionId
  community {
    id
    name
  }
  options {
    id
    label
    position
    stance
  }
  snapshot {
    ...VoteSnapshotFields
  }
  turnout {
    ...VoteTurnoutFields
  }
  myEligibility {
    eligible
    units {
      key
      label
      headcount
      area
      ballot {
        ...MyBallotFields
      }
    }
  }
}`) as unknown as TypedDocumentString<ConsultVoteResultsQuery, ConsultVoteResultsQueryVariables>;
export const VoteCastDocument = new TypedDocumentString(`
    mutation VoteCast($input: VoteCastInput!) {
  voteCast(input: $input) {
    ballot {
      ...MyBallotFields
    }
    errors {
      field
      code
      message
    }
  }
}
    fragment MyBallotFields on MyBallot {
  receiptCode
  castAt
  channel
  changedAt
  unitKey
}`) as unknown as TypedDocumentString<VoteCastMutation, VoteCastMutationVariables>;
export const BallotReceiptLookupDocument = new TypedDocumentString(`
    query BallotReceiptLookup($code: String!) {
  ballotReceipt(code: $code) {
    code
    counted
    status
    castAt
    channel
    voteQuestion
  }
}
    `) as unknown as TypedDocumentString<BallotReceiptLookupQuery, BallotReceiptLookupQueryVariables>;
export const VoteTurnoutLiveDocument = new TypedDocumentString(`
    subscription VoteTurnoutLive($voteId: ID!) {
  voteTurnout(voteId: $voteId) {
    voteId
    state
    ballots
    headcount
    area
    eligibleUnits
    eligibleHeadcount
    eligibleArea
    headcountRatio
    areaRatio
    at
  }
}
    `) as unknown as TypedDocumentString<VoteTurnoutLiveSubscription, VoteTurnoutLiveSubscriptionVariables>;
export const VoteTurnoutPollDocument = new TypedDocumentString(`
    query VoteTurnoutPoll($id: ID!) {
  node(id: $id) {
    __typename
    ... on Vote {
      id
      state
      openConflictCount
      snapshot {
        ...VoteSnapshotFields
      }
      turnout {
        ...VoteTurnoutFields
      }
    }
  }
}
    fragment VoteTurnoutFields on VoteTurnout {
  ballots
  headcount
  area
  headcountRatio
  areaRatio
}
fragment VoteSnapshotFields on VoteSnapshot {
  eligibleHeadcount
  totalArea
  unitCount
  takenAt
}`) as unknown as TypedDocumentString<VoteTurnoutPollQuery, VoteTurnoutPollQueryVariables>;
export const AdminVotesDocument = new TypedDocumentString(`
    query AdminVotes($filter: VoteFilter, $first: Int, $after: String) {
  votes(filter: $filter, first: $first, after: $after) {
    totalCount
    pageInfo {
      hasNextPage
      endCursor
    }
    edges {
      node {
        ...VoteListFields
        openConflictCount
        turnout {
          ...VoteTurnoutFields
        }
      }
    }
  }
}
    fragment VoteTurnoutFields on VoteTurnout {
  ballots
  headcount
  area
  headcountRatio
  areaRatio
}
fragment VoteListFields on Vote {
  id
  question
  state
  ballotKind
  votingUnit
  decisionRule
  scopeKind
  opensAt
  closesAt
  closedAt
  acceptingBallots
  resultsLive
  topicId
  myBallot {
    receiptCode
    castAt
  }
}`) as unknown as TypedDocumentString<AdminVotesQuery, AdminVotesQueryVariables>;
export const AdminVoteDocument = new TypedDocumentString(`
    query AdminVote($id: ID!) {
  node(id: $id) {
    __typename
    ... on Vote {
      ...VoteDetailFields
      openConflictCount
      snapshot {
        ...VoteSnapshotFields
        excluded {
          ref
          reason
        }
      }
      results {
        ...VoteResultsFields
      }
    }
  }
}
    fragment VoteTurnoutFields on VoteTurnout {
  ballots
  headcount
  area
  headcountRatio
  areaRatio
}
fragment VoteSnapshotFields on VoteSnapshot {
  eligibleHeadcount
  totalArea
  unitCount
  takenAt
}
fragment MyBallotFields on MyBallot {
  receiptCode
  castAt
  channel
  changedAt
  unitKey
}
fragment VoteResultsFields on VoteResults {
  final
  ballots
  headcount
  area
  emptyBallots
  options {
    option {
      id
      label
      stance
    }
    headcount
    area
    headcountRatio
    areaRatio
    meetsThreshold
    passed
  }
  outcome {
    rule
    approval {
      ratio
      ratioText
      inclusive
    }
    turnout {
      ratio
      ratioText
      inclusive
    }
    byArea
    eligibleHeadcount
    eligibleArea
    participatingHeadcount
    participatingArea
    ballots
    emptyBallots
    turnoutHeadcountRatio
    turnoutAreaRatio
    turnoutHeadcountMet
    turnoutAreaMet
    turnoutMet
    passed
    reason
    passedOptions {
      id
      label
    }
    tiedOptions {
      id
      label
    }
  }
}
fragment VoteDetailFields on Vote {
  id
  question
  description
  ballotKind
  maxChoices
  seats
  allowEmpty
  votingUnit
  decisionRule
  scopeKind
  opensAt
  closesAt
  closedAt
  state
  secret
  resultsLive
  allowChange
  acceptingBallots
  topicId
  sessionId
  community {
    id
    name
  }
  options {
    id
    label
    position
    stance
  }
  snapshot {
    ...VoteSnapshotFields
  }
  turnout {
    ...VoteTurnoutFields
  }
  myEligibility {
    eligible
    units {
      key
      label
      headcount
      area
      ballot {
        ...MyBallotFields
      }
    }
  }
}`) as unknown as TypedDocumentString<AdminVoteQuery, AdminVoteQueryVariables>;
export const VoteEligibleUnitsDocument = new TypedDocumentString(`
    query VoteEligibleUnits($id: ID!, $search: String, $first: Int) {
  node(id: $id) {
    __typename
    ... on Vote {
      id
      eligibleUnits(search: $search, first: $first) {
        totalCount
        edges {
          node {
            key
            label
            headcount
            area
          }
        }
      }
    }
  }
}
    `) as unknown as TypedDocumentString<VoteEligibleUnitsQuery, VoteEligibleUnitsQueryVariables>;
export const VoteConflictsDocument = new TypedDocumentString(`
    query VoteConflicts($voteId: ID!, $status: ConflictStatus, $first: Int) {
  voteConflicts(voteId: $voteId, status: $status, first: $first) {
    totalCount
    edges {
      node {
        ...BallotConflictFields
      }
    }
  }
}
    fragment BallotConflictFields on BallotConflict {
  id
  status
  channel
  sheetReference
  submittedAt
  resolvedAt
  note
  unit {
    key
    label
  }
  existing {
    channel
    sheetReference
    castAt
    changedAt
  }
  incomingChoices {
    id
    label
  }
  existingChoices {
    id
    label
  }
}`) as unknown as TypedDocumentString<VoteConflictsQuery, VoteConflictsQueryVariables>;
export const VoteCreateDocument = new TypedDocumentString(`
    mutation VoteCreate($input: VoteCreateInput!) {
  voteCreate(input: $input) {
    vote {
      id
    }
    errors {
      ...VotePayloadErrors
    }
  }
}
    fragment VotePayloadErrors on UserError {
  field
  code
  message
}`) as unknown as TypedDocumentString<VoteCreateMutation, VoteCreateMutationVariables>;
export const VoteOpenDocument = new TypedDocumentString(`
    mutation VoteOpen($input: VoteOpenInput!) {
  voteOpen(input: $input) {
    vote {
      id
      state
    }
    errors {
      ...VotePayloadErrors
    }
  }
}
    fragment VotePayloadErrors on UserError {
  field
  code
  message
}`) as unknown as TypedDocumentString<VoteOpenMutation, VoteOpenMutationVariables>;
export const VoteCloseDocument = new TypedDocumentString(`
    mutation VoteClose($input: VoteCloseInput!) {
  voteClose(input: $input) {
    vote {
      id
      state
    }
    errors {
      ...VotePayloadErrors
    }
  }
}
    fragment VotePayloadErrors on UserError {
  field
  code
  message
}`) as unknown as TypedDocumentString<VoteCloseMutation, VoteCloseMutationVariables>;
export const VoteRecountDocument = new TypedDocumentString(`
    mutation VoteRecount($input: VoteRecountInput!) {
  voteRecount(input: $input) {
    matches
    stored {
      ...VoteTallyFields
    }
    recounted {
      ...VoteTallyFields
    }
    errors {
      ...VotePayloadErrors
    }
  }
}
    fragment VotePayloadErrors on UserError {
  field
  code
  message
}
fragment VoteTallyFields on VoteTally {
  ballots
  headcount
  areaText
  emptyBallots
  options {
    optionId
    headcount
    areaText
  }
}`) as unknown as TypedDocumentString<VoteRecountMutation, VoteRecountMutationVariables>;
export const BallotPaperEnterDocument = new TypedDocumentString(`
    mutation BallotPaperEnter($input: BallotPaperEnterInput!) {
  ballotPaperEnter(input: $input) {
    ballot {
      ...MyBallotFields
    }
    conflict {
      ...BallotConflictFields
    }
    errors {
      ...VotePayloadErrors
    }
  }
}
    fragment MyBallotFields on MyBallot {
  receiptCode
  castAt
  channel
  changedAt
  unitKey
}
fragment BallotConflictFields on BallotConflict {
  id
  status
  channel
  sheetReference
  submittedAt
  resolvedAt
  note
  unit {
    key
    label
  }
  existing {
    channel
    sheetReference
    castAt
    changedAt
  }
  incomingChoices {
    id
    label
  }
  existingChoices {
    id
    label
  }
}
fragment VotePayloadErrors on UserError {
  field
  code
  message
}`) as unknown as TypedDocumentString<BallotPaperEnterMutation, BallotPaperEnterMutationVariables>;
export const BallotConflictResolveDocument = new TypedDocumentString(`
    mutation BallotConflictResolve($input: BallotConflictResolveInput!) {
  ballotConflictResolve(input: $input) {
    conflict {
      ...BallotConflictFields
    }
    errors {
      ...VotePayloadErrors
    }
  }
}
    fragment BallotConflictFields on BallotConflict {
  id
  status
  channel
  sheetReference
  submittedAt
  resolvedAt
  note
  unit {
    key
    label
  }
  existing {
    channel
    sheetReference
    castAt
    changedAt
  }
  incomingChoices {
    id
    label
  }
  existingChoices {
    id
    label
  }
}
fragment VotePayloadErrors on UserError {
  field
  code
  message
}`) as unknown as TypedDocumentString<BallotConflictResolveMutation, BallotConflictResolveMutationVariables>;
export const VoteResultsLiveDocument = new TypedDocumentString(`
    subscription VoteResultsLive($voteId: ID!) {
  voteResults(voteId: $voteId) {
    ...VoteResultsFields
  }
}
    fragment VoteResultsFields on VoteResults {
  final
  ballots
  headcount
  area
  emptyBallots
  options {
    option {
      id
      label
      stance
    }
    headcount
    area
    headcountRatio
    areaRatio
    meetsThreshold
    passed
  }
  outcome {
    rule
    approval {
      ratio
      ratioText
      inclusive
    }
    turnout {
      ratio
      ratioText
      inclusive
    }
    byArea
    eligibleHeadcount
    eligibleArea
    participatingHeadcount
    participatingArea
    ballots
    emptyBallots
    turnoutHeadcountRatio
    turnoutAreaRatio
    turnoutHeadcountMet
    turnoutAreaMet
    turnoutMet
    passed
    reason
    passedOptions {
      id
      label
    }
    tiedOptions {
      id
      label
    }
  }
}`) as unknown as TypedDocumentString<VoteResultsLiveSubscription, VoteResultsLiveSubscriptionVariables>;
export const VoteResultsPollDocument = new TypedDocumentString(`
    query VoteResultsPoll($id: ID!) {
  node(id: $id) {
    __typename
    ... on Vote {
      id
      state
      results {
        ...VoteResultsFields
      }
    }
  }
}
    fragment VoteResultsFields on VoteResults {
  final
  ballots
  headcount
  area
  emptyBallots
  options {
    option {
      id
      label
      stance
    }
    headcount
    area
    headcountRatio
    areaRatio
    meetsThreshold
    passed
  }
  outcome {
    rule
    approval {
      ratio
      ratioText
      inclusive
    }
    turnout {
      ratio
      ratioText
      inclusive
    }
    byArea
    eligibleHeadcount
    eligibleArea
    participatingHeadcount
    participatingArea
    ballots
    emptyBallots
    turnoutHeadcountRatio
    turnoutAreaRatio
    turnoutHeadcountMet
    turnoutAreaMet
    turnoutMet
    passed
    reason
    passedOptions {
      id
      label
    }
    tiedOptions {
      id
      label
    }
  }
}`) as unknown as TypedDocumentString<VoteResultsPollQuery, VoteResultsPollQueryVariables>;