"""Demo 协商议事 for the first community (where the demo community staff member and the two
demo residents live): topics in every state, three sessions with participants, materials and
comments, and resolutions with implementation updates and evaluations. Development data only.

Which residents propose, support, comment and rate is drawn from the seed; times follow the
moment of seeding (an upcoming session stays upcoming, a fresh notice is in its notice period).
The votes (表决) are seeded next, by ``backend.consultations.demo_votes``.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass
from typing import Any

from backend.auth.models import Account
from backend.auth.roles import Role
from backend.consultations.access import masked_name
from backend.consultations.models import (
    Comment,
    CommentReport,
    ConsultationSession,
    ConsultationSettings,
    Evaluation,
    EvaluationRating,
    ImplementationUpdate,
    ParticipantRole,
    Resolution,
    ScopeKind,
    SessionMaterial,
    SessionMode,
    SessionParticipant,
    SessionState,
    SessionTopic,
    Topic,
    TopicCategory,
    TopicState,
    TopicSupport,
)
from backend.divisions.models import Division, DivisionLevel
from backend.grids.models import Grid
from backend.residents.models import Resident

REFERENCE_DATE = dt.date(2026, 1, 1)  # the demo register's reference day
ADULT_BORN_BEFORE = REFERENCE_DATE.replace(year=REFERENCE_DATE.year - 18)
THRESHOLD = 5
LOCAL = dt.timezone(dt.timedelta(hours=8))


@dataclass(frozen=True)
class Person:
    id: int
    name: str
    grid_id: int
    building_id: int | None
    compound_id: int | None


@dataclass(frozen=True)
class TopicSpec:
    title: str
    description: str
    category: TopicCategory
    state: TopicState
    supports: int
    scope: ScopeKind = ScopeKind.COMMUNITY
    rejection: str = ""


TOPICS = {
    "charging": TopicSpec(
        "小区东门增设电动自行车集中充电桩",
        "不少居民把电动自行车推进楼道充电，存在火灾隐患。建议在东门空地增设集中充电桩和车棚。",
        TopicCategory.SAFETY,
        TopicState.PROPOSED,
        3,
    ),
    "lights": TopicSpec(
        "本楼单元门禁和楼道声控灯维修",
        "单元门禁经常失灵，三楼到六楼的声控灯坏了一个多月，老人晚上上下楼不安全。",
        TopicCategory.PUBLIC_FACILITIES,
        TopicState.PROPOSED,
        1,
        ScopeKind.BUILDING,
    ),
    "clutter": TopicSpec(
        "清理楼道和地下室堆放杂物",
        "楼道和地下室堆放旧家具、纸箱，影响通行，也有消防隐患，建议统一清理并明确后续管理办法。",
        TopicCategory.ENVIRONMENT,
        TopicState.UNDER_REVIEW,
        6,
    ),
    "meals": TopicSpec(
        "社区增设老年人助餐点",
        "社区独居和高龄老人较多，建议在党群服务中心开设助餐点，提供平价午餐和送餐服务。",
        TopicCategory.ELDERLY_CHILDREN,
        TopicState.ACCEPTED,
        9,
    ),
    "parking_fee": TopicSpec(
        "要求物业免收地面停车费",
        "地面车位是业主共有部分，物业不应收取停车费。",
        TopicCategory.PROPERTY_SERVICE,
        TopicState.REJECTED,
        5,
        rejection=(
            "地面停车收费属于业主共同决定事项，须由业主大会依法表决，已转业委会按程序征求意见。"
        ),
    ),
    "elevator": TopicSpec(
        "老旧楼栋加装电梯意见征集",
        "五层以上老楼住着不少行动不便的老人，建议按楼栋征集加装电梯意见，明确费用分摊方案。",
        TopicCategory.HOUSING_RENEWAL,
        TopicState.IN_CONSULTATION,
        12,
    ),
    "greenbelt": TopicSpec(
        "中心绿地改造为口袋公园",
        "中心绿地长期缺乏维护，建议改造为口袋公园，增加座椅、儿童游乐设施和健身步道。",
        TopicCategory.ENVIRONMENT,
        TopicState.DECIDED,
        8,
    ),
    "garage": TopicSpec(
        "地下车库照明改造",
        "地下车库照明昏暗，多处灯管损坏，建议更换为感应式节能灯。",
        TopicCategory.PARKING_TRAFFIC,
        TopicState.IMPLEMENTED,
        7,
        ScopeKind.COMPOUND,
    ),
}

COMMENTS = (
    "支持！楼下每天晚上都有人拉线充电，太危险了。",
    "建议同时考虑充电收费标准，别让大家负担太重。",
    "希望能尽快落实，家里老人上下楼很不方便。",
    "可以先在一个楼栋试点，效果好再推广。",
    "物业应该把维修进度公示出来。",
    "同意，另外建议增加几个监控探头。",
)
REPLIES = (
    "同意楼上的意见。",
    "这个问题我们楼也有，一起反映。",
    "已经跟物业打过电话了，说下周来看。",
)


async def adults_of(community: Division) -> list[Person]:
    rows = (
        await Resident.filter(
            grid__community_id=community.pk,
            birth_date__lte=ADULT_BORN_BEFORE,
            household_id__not_isnull=True,
        )
        .order_by("id")
        .values_list(
            "id",
            "name",
            "grid_id",
            "household__dwelling__building_id",
            "household__dwelling__building__compound_id",
        )
    )
    return [Person(*row) for row in rows]


async def staff_account() -> Account | None:
    """The demo community staff member (created outside production only)."""
    return await Account.filter(username="community", role=Role.DIVISION_STAFF).first()


def demo_residents(people: list[Person], grids: list[Grid]) -> list[Person]:
    """The residents the demo logins belong to (the first adult with a household in each of
    the community's first two grids, as ``backend.demo.accounts`` picks them)."""
    found = []
    for grid in grids[:2]:
        first = next((p for p in people if p.grid_id == grid.pk), None)
        if first is not None:
            found.append(first)
    return found


class Seeder:
    def __init__(self, rng: random.Random, community: Division, staff: Account) -> None:
        self.rng = rng
        self.community = community
        self.staff = staff
        self.now = dt.datetime.now(dt.UTC).replace(minute=0, second=0, microsecond=0)

    def ago(self, days: float, hours: float = 0) -> dt.datetime:
        return self.now - dt.timedelta(days=days, hours=hours)

    async def topic(
        self,
        spec: TopicSpec,
        proposer: Person,
        supporters: list[Person],
        created: dt.datetime,
        scope_person: Person,
    ) -> Topic:
        keys: dict[str, Any] = {}
        if spec.scope == ScopeKind.BUILDING:
            keys["building_id"] = scope_person.building_id
        elif spec.scope == ScopeKind.COMPOUND:
            keys["compound_id"] = scope_person.compound_id
        chosen = supporters[: spec.supports]
        reached = spec.state != TopicState.PROPOSED
        reviewed = spec.state not in (TopicState.PROPOSED, TopicState.UNDER_REVIEW)
        topic = await Topic.create(
            community_id=self.community.pk,
            scope_kind=spec.scope,
            title=spec.title,
            description=spec.description,
            category=spec.category,
            state=spec.state,
            proposer_id=proposer.id,
            support_threshold=THRESHOLD,
            support_count=len(chosen),
            threshold_reached_at=created + dt.timedelta(days=2) if reached else None,
            reviewed_by_id=self.staff.pk if reviewed else None,
            reviewed_at=created + dt.timedelta(days=4) if reviewed else None,
            rejection_reason=spec.rejection,
            **keys,
        )
        await Topic.filter(id=topic.pk).update(created_at=created)
        await TopicSupport.bulk_create(
            [TopicSupport(topic_id=topic.pk, resident_id=p.id) for p in chosen]
        )
        return topic

    async def session(
        self,
        title: str,
        mode: SessionMode,
        state: SessionState,
        starts_at: dt.datetime,
        hours: float,
        topics: list[Topic],
        participants: list[tuple[ParticipantRole, str, int | None]],
        **extra: Any,
    ) -> ConsultationSession:
        session = await ConsultationSession.create(
            community_id=self.community.pk,
            title=title,
            mode=mode,
            state=state,
            starts_at=starts_at,
            ends_at=starts_at + dt.timedelta(hours=hours),
            created_by_id=self.staff.pk,
            **extra,
        )
        await SessionTopic.bulk_create(
            [
                SessionTopic(session_id=session.pk, topic_id=t.pk, position=i)
                for i, t in enumerate(topics)
            ]
        )
        await SessionParticipant.bulk_create(
            [
                SessionParticipant(session_id=session.pk, role=role, name=name, resident_id=rid)
                for role, name, rid in participants
            ]
        )
        return session

    async def materials(self, session: ConsultationSession, items: list[tuple[str, str]]) -> None:
        await SessionMaterial.bulk_create(
            [
                SessionMaterial(
                    session_id=session.pk,
                    title=title,
                    url=content if content.startswith("https://") else None,
                    body=None if content.startswith("https://") else content,
                    position=i,
                    added_by_id=self.staff.pk,
                )
                for i, (title, content) in enumerate(items)
            ]
        )

    async def comments(
        self,
        authors: list[Person],
        count: int,
        when: dt.datetime,
        topic: Topic | None = None,
        session: ConsultationSession | None = None,
    ) -> list[Comment]:
        made = []
        for i in range(count):
            author = authors[i % len(authors)]
            comment = await Comment.create(
                topic_id=topic.pk if topic else None,
                session_id=session.pk if session else None,
                author_id=author.id,
                body=self.rng.choice(COMMENTS),
            )
            posted = when + dt.timedelta(hours=3 * i + self.rng.randint(0, 2))
            await Comment.filter(id=comment.pk).update(created_at=posted)
            made.append(comment)
            if self.rng.random() < 0.5:
                replier = authors[(i + 1) % len(authors)]
                reply = await Comment.create(
                    topic_id=comment.topic_id,
                    session_id=comment.session_id,
                    parent_id=comment.pk,
                    author_id=replier.id,
                    body=self.rng.choice(REPLIES),
                )
                await Comment.filter(id=reply.pk).update(
                    created_at=posted + dt.timedelta(minutes=40)
                )
        return made

    async def resolution(
        self,
        topic: Topic,
        session: ConsultationSession | None,
        text: str,
        published: dt.datetime,
        updates: list[tuple[float, str]],
        raters: list[Person],
        implemented: dt.datetime | None = None,
    ) -> Resolution:
        resolution = await Resolution.create(
            topic_id=topic.pk,
            session_id=session.pk if session else None,
            title=f"关于“{topic.title}”的决议",
            text=text,
            published_at=published,
            published_by_id=self.staff.pk,
            notice_until=published + dt.timedelta(days=7),
            implemented_at=implemented,
            created_by_id=self.staff.pk,
        )
        for days, update in updates:
            row = await ImplementationUpdate.create(
                resolution_id=resolution.pk, text=update, posted_by_id=self.staff.pk
            )
            await ImplementationUpdate.filter(id=row.pk).update(
                posted_at=published + dt.timedelta(days=days)
            )
        ratings = [
            EvaluationRating.SATISFIED,
            EvaluationRating.SATISFIED,
            EvaluationRating.BASICALLY_SATISFIED,
            EvaluationRating.NOT_SATISFIED,
        ]
        await Evaluation.bulk_create(
            [
                Evaluation(
                    resolution_id=resolution.pk,
                    resident_id=p.id,
                    rating=self.rng.choice(ratings),
                    comment="",
                )
                for p in raters
            ]
        )
        return resolution


async def seed_consultations(seed: int) -> None:
    """Write the demo consultations unless topics exist; runs in the caller's transaction."""
    if await Topic.exists():
        return
    community = await Division.filter(level=DivisionLevel.COMMUNITY).order_by("code").first()
    if community is None:
        return
    staff = await staff_account()
    grids = list(await Grid.filter(community_id=community.pk).order_by("code"))
    people = await adults_of(community)
    demo = demo_residents(people, grids)
    if staff is None or len(demo) < 2 or len(people) < 40:
        return
    rng = random.Random(f"{seed}:consultations")
    others = [p for p in people if p not in demo]
    rng.shuffle(others)
    first, second = demo
    s = Seeder(rng, community, staff)
    await ConsultationSettings.create(
        community_id=community.pk,
        support_threshold_count=THRESHOLD,
        support_threshold_share=None,
        updated_by_id=staff.pk,
    )
    # The building and compound topics are about the first demo resident's home (or, should
    # that household have no dwelling, the first neighbour's who has one).
    home = first if first.building_id else next(p for p in others if p.building_id)
    neighbours = [p for p in others if p.building_id == home.building_id and p != home]
    same_compound = [p for p in others if p.compound_id == home.compound_id and p != home]
    pool = others[:30]
    topics: dict[str, Topic] = {}
    ages = {
        "charging": 3, "lights": 1, "clutter": 9, "meals": 20, "parking_fee": 25,
        "elevator": 35, "greenbelt": 60, "garage": 120,
    }  # fmt: skip
    for key, spec in TOPICS.items():
        supporters = pool
        if spec.scope == ScopeKind.BUILDING:
            proposer, supporters = home, neighbours
        elif spec.scope == ScopeKind.COMPOUND:
            proposer, supporters = same_compound[0], same_compound[1:]
        elif key == "meals":
            proposer = second
        else:
            proposer = pool[len(topics)]
        supporters = [p for p in supporters if p != proposer]
        if key in ("elevator", "greenbelt"):
            supporters = [first, *supporters]  # the demo resident took part in these
        topics[key] = await s.topic(spec, proposer, supporters, s.ago(ages[key]), home)

    party = (ParticipantRole.PARTY_ORGANISATION, f"{community.name}党委", None)
    owners = (ParticipantRole.OWNERS_COMMITTEE, "小区业主委员会", None)
    property_service = (ParticipantRole.PROPERTY_SERVICE, "物业服务中心", None)
    social = (ParticipantRole.SOCIAL_ORGANISATION, "阳光社工服务中心", None)

    def representatives(*chosen: Person) -> list[tuple[ParticipantRole, str, int | None]]:
        return [
            (ParticipantRole.RESIDENT_REPRESENTATIVE, f"居民代表 {masked_name(p.name)}", p.id)
            for p in chosen
        ]

    evening = s.now.astimezone(LOCAL).replace(hour=19).astimezone(dt.UTC)  # 19:00 in Beijing
    past = await s.session(
        "第三季度居民议事会",
        SessionMode.ON_SITE,
        SessionState.CONCLUDED,
        evening - dt.timedelta(days=50),
        2,
        [topics["greenbelt"], topics["garage"]],
        [party, owners, property_service, *representatives(pool[3], pool[4], first)],
        place="社区党群服务中心二楼议事厅",
        minutes=(
            "应到 15 人，实到 13 人。与会人员就中心绿地改造方案和地下车库照明改造逐项讨论，"
            "物业介绍了费用测算，居民代表提出增加无障碍通道的建议。"
        ),
        resolution_text="同意中心绿地按方案二改造；地下车库照明由物业在一个月内完成更换。",
    )
    await s.materials(
        past,
        [
            ("绿地改造方案（两个比选方案）", "https://files.example.cn/gongzhi/greenbelt.pdf"),
            (
                "车库照明改造费用测算",
                "更换感应式 LED 灯管 160 支，预计费用 2.4 万元，由公共收益列支。",
            ),
        ],
    )
    online = await s.session(
        "加装电梯线上议事",
        SessionMode.ONLINE,
        SessionState.IN_PROGRESS,
        s.ago(2),
        24 * 6,
        [topics["elevator"]],
        [party, owners, *representatives(pool[5], second)],
        online_link="https://meeting.example.cn/gongzhi/elevator",
        description="线上征集各楼栋意见，为期一周。",
    )
    await s.materials(
        online,
        [
            ("加装电梯政策问答", "https://files.example.cn/gongzhi/elevator-faq.pdf"),
            (
                "费用分摊参考方案",
                "一层不分摊，二层起按楼层递增系数分摊，具体由本单元业主协商确定。",
            ),
        ],
    )
    upcoming = await s.session(
        "助餐点设置议事会",
        SessionMode.HYBRID,
        SessionState.SCHEDULED,
        evening + dt.timedelta(days=7),
        2,
        [topics["meals"]],
        [party, social, property_service, *representatives(second, pool[6])],
        place="社区党群服务中心一楼多功能厅",
        online_link="https://meeting.example.cn/gongzhi/meals",
    )
    await s.materials(upcoming, [("助餐点选址意向", "党群服务中心一楼东侧活动室，约 80 平方米。")])

    talkers = pool[:12]
    await s.comments([second, *talkers], 4, s.ago(2, 20), topic=topics["charging"])
    await s.comments(talkers, 3, s.ago(7), topic=topics["clutter"])
    elevator_comments = await s.comments(
        [first, *talkers], 5, s.ago(1, 20), topic=topics["elevator"]
    )
    await s.comments(talkers[3:], 3, s.ago(1), session=online)
    await s.comments(talkers[5:], 2, s.ago(55), topic=topics["greenbelt"])
    # One comment was reported by two residents and hidden by the community staff member.
    rude = elevator_comments[-1]
    await Comment.filter(id=rude.pk).update(
        body="住一楼的凭什么出钱？谁要装谁自己掏钱，别来烦我们！",
        hidden=True,
        hidden_by_id=staff.pk,
        hidden_at=s.ago(0, 6),
        hidden_reason="含不文明用语，已隐藏",
    )
    await CommentReport.bulk_create(
        [
            CommentReport(
                comment_id=rude.pk,
                reporter_id=p.id,
                reason="不文明用语",
                reviewed_by_id=staff.pk,
                reviewed_at=s.ago(0, 6),
            )
            for p in (talkers[0], talkers[1])
        ]
    )
    await CommentReport.create(
        comment_id=elevator_comments[0].pk, reporter_id=talkers[2].id, reason="与议题无关"
    )

    await s.resolution(
        topics["greenbelt"],
        past,
        "中心绿地按方案二改造为口袋公园：保留现有乔木，增设座椅 12 处、儿童游乐区和环形健身步道，"
        "费用由社区公益金和街道微更新资金共同承担，年底前完工。",
        s.ago(3),
        [(1, "已完成施工单位比选，确定由街道微更新项目库中的施工单位承建。")],
        pool[10:16],
    )
    await s.resolution(
        topics["garage"],
        past,
        "地下车库全部更换为感应式 LED 灯，由物业在一个月内完成，费用从小区公共收益中列支并公示。",
        s.ago(48),
        [
            (5, "物业已完成灯具采购。"),
            (15, "B1 层照明改造完成。"),
            (26, "B2 层照明改造完成，费用明细已在公告栏公示。"),
        ],
        [p for p in (first, *same_compound[:11]) if p.compound_id == home.compound_id],
        implemented=s.ago(20),
    )
