"""协商议事 over GraphQL: residents and staff, from a proposal to an evaluated resolution."""

from __future__ import annotations

from typing import Any

import pytest

from backend.api.relay import to_global_id
from backend.auth.services import create_api_key
from backend.consultations.models import Comment, Topic, TopicState
from tests.conftest import GraphQLClient, session_token_for
from tests.consultations.topic_world import TopicWorld, build_topic_world

_ERRORS = "errors { field code message }"
TOPIC_FIELDS = """
  id title state scopeKind scopeId scopeLabel supportCount supportThreshold supportedByMe
  proposedByMe proposerName rejectionReason commentCount community { code }
"""
PROPOSE = f"""
mutation ($input: TopicProposeInput!) {{
  topicPropose(input: $input) {{ topic {{ {TOPIC_FIELDS} }} {_ERRORS} }} }}"""
SUPPORT = f"""
mutation ($id: ID!) {{
  topicSupport(input: {{ topicId: $id }}) {{ topic {{ {TOPIC_FIELDS} }} {_ERRORS} }} }}"""
REVIEW = f"""
mutation ($input: TopicReviewInput!) {{
  topicReview(input: $input) {{ topic {{ id state rejectionReason sessions {{ id }} }} {_ERRORS} }}
}}"""
STATE_SET = f"""
mutation ($id: ID!, $state: TopicState!) {{
  topicStateSet(input: {{ topicId: $id, state: $state }}) {{ topic {{ state }} {_ERRORS} }} }}"""
IMPLEMENT = f"""
mutation ($id: ID!) {{ topicImplement(input: {{ topicId: $id }}) {{ topic {{ state }} {_ERRORS} }} }}"""
TOPICS = f"""
query ($filter: TopicFilter, $first: Int, $after: String) {{
  topics(filter: $filter, first: $first, after: $after) {{
    totalCount pageInfo {{ hasNextPage endCursor }} edges {{ node {{ {TOPIC_FIELDS} }} }}
  }}
}}"""
SETTINGS_SET = f"""
mutation ($input: ConsultationSettingsSetInput!) {{
  consultationSettingsSet(input: $input) {{
    settings {{ supportThresholdCount supportThresholdShare commentEditMinutes noticeDays }}
    {_ERRORS}
  }}
}}"""
SESSION_FIELDS = """
  id title mode state place onlineLink startsAt endsAt minutes resolutionText
  topics { id state } participants { role name isMe } materials { id title url body }
"""
SESSION_CREATE = f"""
mutation ($input: ConsultationSessionCreateInput!) {{
  consultationSessionCreate(input: $input) {{ session {{ {SESSION_FIELDS} }} {_ERRORS} }} }}"""
SESSION_UPDATE = f"""
mutation ($input: ConsultationSessionUpdateInput!) {{
  consultationSessionUpdate(input: $input) {{ session {{ {SESSION_FIELDS} }} {_ERRORS} }} }}"""
MATERIAL_ADD = f"""
mutation ($input: SessionMaterialAddInput!) {{
  sessionMaterialAdd(input: $input) {{
    material {{ title body }} session {{ materials {{ title }} }} {_ERRORS} }} }}"""
MINUTES_SET = f"""
mutation ($input: SessionMinutesSetInput!) {{
  sessionMinutesSet(input: $input) {{ session {{ minutes resolutionText }} {_ERRORS} }} }}"""
RESOLUTION_FIELDS = """
  id title text publishedAt noticeUntil inNoticePeriod implementedAt topic { id state }
  updates { text } evaluationSummary { satisfied basicallySatisfied notSatisfied total }
  myEvaluation { rating comment }
"""
PUBLISH = f"""
mutation ($input: ResolutionPublishInput!) {{
  resolutionPublish(input: $input) {{ resolution {{ {RESOLUTION_FIELDS} }} {_ERRORS} }} }}"""
UPDATE_CREATE = f"""
mutation ($input: ImplementationUpdateCreateInput!) {{
  implementationUpdateCreate(input: $input) {{
    update {{ text }} resolution {{ updates {{ text }} }} {_ERRORS} }} }}"""
EVALUATE = f"""
mutation ($input: EvaluationSubmitInput!) {{
  evaluationSubmit(input: $input) {{
    evaluation {{ rating comment }}
    resolution {{ evaluationSummary {{ satisfied basicallySatisfied notSatisfied total }} }}
    {_ERRORS}
  }}
}}"""
RESOLUTIONS = f"""
query ($filter: ResolutionFilter) {{
  resolutions(filter: $filter) {{ totalCount edges {{ node {{ {RESOLUTION_FIELDS} }} }} }}
}}"""
COMMENT_FIELDS = """
  id body hidden hiddenReason authorName mine reportedByMe reportCount editableUntil
  replies { id body authorName mine }
"""
COMMENT_CREATE = f"""
mutation ($input: CommentCreateInput!) {{
  commentCreate(input: $input) {{ comment {{ {COMMENT_FIELDS} }} {_ERRORS} }} }}"""
COMMENT_UPDATE = f"""
mutation ($input: CommentUpdateInput!) {{
  commentUpdate(input: $input) {{ comment {{ body }} {_ERRORS} }} }}"""
COMMENT_REPORT = f"""
mutation ($input: CommentReportInput!) {{
  commentReport(input: $input) {{ comment {{ reportedByMe }} {_ERRORS} }} }}"""
COMMENT_HIDE = f"""
mutation ($input: CommentHideInput!) {{
  commentHide(input: $input) {{ comment {{ hidden body hiddenReason }} {_ERRORS} }} }}"""
TOPIC_COMMENTS = f"""
query ($id: ID!) {{
  node(id: $id) {{
    ... on Topic {{ commentCount comments(first: 10) {{ totalCount edges {{ node {{
      {COMMENT_FIELDS} }} }} }} }}
  }}
}}"""


class Callers:
    def __init__(self, world: TopicWorld, http: Any) -> None:
        self.world = world
        self.http = http
        self.clients: dict[str, GraphQLClient] = {}

    async def resident(self, key: str) -> GraphQLClient:
        if key not in self.clients:
            r = self.world.residents[key]
            token = await session_token_for("RESIDENT", resident_id=r.pk, display_name=r.name)
            self.clients[key] = GraphQLClient(self.http, token)
        return self.clients[key]

    async def staff(self, community: str = "c1") -> GraphQLClient:
        key = f"staff:{community}"
        if key not in self.clients:
            token = await session_token_for(
                "DIVISION_STAFF", division_codes=[self.world.tree[community].code]
            )
            self.clients[key] = GraphQLClient(self.http, token)
        return self.clients[key]


@pytest.fixture
async def world(db: str) -> TopicWorld:
    return await build_topic_world()


@pytest.fixture
def callers(world: TopicWorld, client: Any) -> Callers:
    return Callers(world, client)


def gid(type_name: str, pk: int) -> str:
    return to_global_id(type_name, pk)


def ok(body: dict[str, Any], field: str) -> dict[str, Any]:
    assert "errors" not in body, body
    payload: dict[str, Any] = body["data"][field]
    assert payload["errors"] == [], payload["errors"]
    return payload


def payload_errors(body: dict[str, Any], field: str) -> list[tuple[str | None, str]]:
    assert "errors" not in body, body
    return [(e["field"], e["code"]) for e in body["data"][field]["errors"]]


def topic_input(world: TopicWorld, **kw: Any) -> dict[str, Any]:
    values = {
        "title": "小区增设电动自行车充电桩",
        "description": "楼道充电有火灾隐患，建议在小区东门增设集中充电桩。",
        "category": "SAFETY",
        "scopeKind": "COMMUNITY",
    }
    values.update(kw)
    return {"input": values}


async def set_threshold(callers: Callers, count: int) -> None:
    staff = await callers.staff()
    body = await staff(
        SETTINGS_SET,
        {
            "input": {
                "communityId": gid("Division", callers.world.tree["c1"].pk),
                "supportThresholdCount": count,
            }
        },
    )
    assert ok(body, "consultationSettingsSet")["settings"]["supportThresholdCount"] == count


async def proposed(callers: Callers, who: str = "a1", **kw: Any) -> dict[str, Any]:
    body = await (await callers.resident(who))(PROPOSE, topic_input(callers.world, **kw))
    topic: dict[str, Any] = ok(body, "topicPropose")["topic"]
    return topic


async def test_a_resident_proposes_and_neighbours_support_until_review(world, callers) -> None:
    await set_threshold(callers, 2)
    topic = await proposed(callers)
    assert {k: topic[k] for k in ("state", "scopeKind", "scopeLabel", "supportCount")} == {
        "state": "PROPOSED",
        "scopeKind": "COMMUNITY",
        "scopeLabel": "永安里社区",
        "supportCount": 0,
    }
    assert (topic["supportThreshold"], topic["proposerName"], topic["proposedByMe"]) == (
        2,
        "张*",
        True,
    )
    assert topic["scopeId"] == gid("Division", world.tree["c1"].pk)
    a2 = await callers.resident("a2")
    first = ok(await a2(SUPPORT, {"id": topic["id"]}), "topicSupport")["topic"]
    assert (first["supportCount"], first["supportedByMe"], first["proposedByMe"]) == (
        1,
        True,
        False,
    )
    again = await a2(SUPPORT, {"id": topic["id"]})
    assert again["data"]["topicSupport"]["errors"] == [
        {"field": "topicId", "code": "ALREADY_SUPPORTED", "message": "您已附议过该议题"}
    ]
    english = await a2(SUPPORT, {"id": topic["id"]}, lang="en")
    assert english["data"]["topicSupport"]["errors"][0]["message"] == (
        "You have already supported this topic"
    )
    b1 = await callers.resident("b1")
    reached = ok(await b1(SUPPORT, {"id": topic["id"]}), "topicSupport")["topic"]
    assert (reached["state"], reached["supportCount"]) == ("UNDER_REVIEW", 2)
    listed = await a2(TOPICS, {"filter": {"state": "UNDER_REVIEW"}})
    nodes = [e["node"] for e in listed["data"]["topics"]["edges"]]
    assert [(n["id"], n["supportedByMe"], n["proposerName"]) for n in nodes] == [
        (topic["id"], True, "张*")
    ]


async def test_residents_see_and_support_only_topics_that_cover_their_home(world, callers) -> None:
    on_grid = await proposed(callers, scopeKind="GRID", scopeId=gid("Grid", world.grids["GA"].pk))
    assert on_grid["scopeLabel"] == "GA 网格"
    building = world.dwellings["a1"].building_id
    on_building = await proposed(callers, scopeKind="BUILDING", scopeId=gid("Building", building))
    assert on_building["scopeLabel"] == "安和小区 GA 号楼"
    b1 = await callers.resident("b1")
    seen = await b1(TOPICS)
    assert seen["data"]["topics"]["totalCount"] == 0
    node = await b1("query ($id: ID!) { node(id: $id) { id } }", {"id": on_grid["id"]})
    assert node["data"] == {"node": None}
    refused = await b1(SUPPORT, {"id": on_grid["id"]})
    assert payload_errors(refused, "topicSupport") == [("topicId", "FORBIDDEN")]
    a2 = await callers.resident("a2")
    assert (await a2(TOPICS))["data"]["topics"]["totalCount"] == 2
    a3 = await callers.resident("a3")  # GA, but without a dwelling
    assert (await a3(TOPICS))["data"]["topics"]["totalCount"] == 1
    assert await Topic.filter(support_count__gt=0).count() == 0


async def test_bad_proposals_get_field_errors_and_change_nothing(world, callers) -> None:
    a1 = await callers.resident("a1")
    body = await a1(
        PROPOSE,
        topic_input(world, title="", scopeKind="GRID", scopeId=gid("Compound", world.compound_id)),
    )
    assert payload_errors(body, "topicPropose") == [("scopeId", "WRONG_TYPE")]
    body = await a1(PROPOSE, topic_input(world, title="", description="x" * 5001))
    assert sorted(payload_errors(body, "topicPropose")) == [
        ("description", "TOO_LONG"),
        ("title", "REQUIRED"),
    ]
    elsewhere = await a1(
        PROPOSE, topic_input(world, scopeKind="GRID", scopeId=gid("Grid", world.grids["GB"].pk))
    )
    assert elsewhere["data"]["topicPropose"]["errors"] == [
        {"field": "scopeId", "code": "NOT_IN_SCOPE", "message": "您的住所不在该范围内"}
    ]
    assert await Topic.all().count() == 0
    staff = await callers.staff()
    denied = await staff(PROPOSE, topic_input(world))
    assert denied["errors"][0]["extensions"]["code"] == "FORBIDDEN"


async def test_staff_review_schedule_consult_publish_and_residents_evaluate(world, callers) -> None:
    await set_threshold(callers, 1)
    topic = await proposed(callers)
    a1, a2 = await callers.resident("a1"), await callers.resident("a2")
    ok(await a2(SUPPORT, {"id": topic["id"]}), "topicSupport")
    staff = await callers.staff()
    session_input = {
        "communityId": gid("Division", world.tree["c1"].pk),
        "title": "四月居民议事会",
        "mode": "HYBRID",
        "startsAt": "2026-04-10T19:00:00+08:00",
        "endsAt": "2026-04-10T21:00:00+08:00",
        "place": "社区党群服务中心二楼",
        "onlineLink": "https://meeting.example.cn/r/4410",
        "participants": [
            {"role": "PARTY_ORGANISATION", "name": "永安里社区党委"},
            {
                "role": "RESIDENT_REPRESENTATIVE",
                "residentId": gid("Resident", world.residents["a2"].pk),
            },
            {"role": "PROPERTY_SERVICE", "name": "安和物业服务中心"},
        ],
        "materials": [{"title": "充电桩选址图", "url": "https://files.example.cn/map.pdf"}],
    }
    session = ok(
        await staff(SESSION_CREATE, {"input": session_input}), "consultationSessionCreate"
    )["session"]
    assert (session["state"], session["startsAt"]) == ("SCHEDULED", "2026-04-10T11:00:00+00:00")
    assert [p["name"] for p in session["participants"]] == [
        "永安里社区党委",
        "李*",
        "安和物业服务中心",
    ]
    reviewed = ok(
        await staff(
            REVIEW,
            {"input": {"topicId": topic["id"], "decision": "ACCEPT", "sessionId": session["id"]}},
        ),
        "topicReview",
    )["topic"]
    assert (reviewed["state"], reviewed["sessions"]) == ("ACCEPTED", [{"id": session["id"]}])
    material = ok(
        await staff(
            MATERIAL_ADD,
            {"input": {"sessionId": session["id"], "title": "费用测算", "body": "约 3 万元"}},
        ),
        "sessionMaterialAdd",
    )
    assert [m["title"] for m in material["session"]["materials"]] == ["充电桩选址图", "费用测算"]
    started = ok(
        await staff(SESSION_UPDATE, {"input": {"id": session["id"], "state": "IN_PROGRESS"}}),
        "consultationSessionUpdate",
    )["session"]
    assert started["topics"] == [{"id": topic["id"], "state": "IN_CONSULTATION"}]
    # The participant sees themself in the list.
    mine = await a2(
        "query ($id: ID!) { node(id: $id) { ... on ConsultationSession { participants { isMe } } } }",
        {"id": session["id"]},
    )
    assert [p["isMe"] for p in mine["data"]["node"]["participants"]] == [False, True, False]
    minutes = ok(
        await staff(
            MINUTES_SET,
            {
                "input": {
                    "sessionId": session["id"],
                    "minutes": "到会 21 人",
                    "resolutionText": "同意",
                }
            },
        ),
        "sessionMinutesSet",
    )
    assert minutes["session"]["minutes"] == "到会 21 人"
    published = ok(
        await staff(
            PUBLISH,
            {
                "input": {
                    "topicId": topic["id"],
                    "sessionId": session["id"],
                    "text": "同意在东门增设 20 个充电桩，五月底前完成。",
                    "noticeDays": 5,
                }
            },
        ),
        "resolutionPublish",
    )["resolution"]
    assert (published["topic"]["state"], published["inNoticePeriod"]) == ("DECIDED", True)
    update = ok(
        await staff(
            UPDATE_CREATE, {"input": {"resolutionId": published["id"], "text": "已完成招标。"}}
        ),
        "implementationUpdateCreate",
    )
    assert update["resolution"]["updates"] == [{"text": "已完成招标。"}]
    rated = ok(
        await a1(EVALUATE, {"input": {"resolutionId": published["id"], "rating": "NOT_SATISFIED"}}),
        "evaluationSubmit",
    )
    assert rated["resolution"]["evaluationSummary"]["notSatisfied"] == 1
    changed = ok(
        await a1(
            EVALUATE,
            {"input": {"resolutionId": published["id"], "rating": "SATISFIED", "comment": "很好"}},
        ),
        "evaluationSubmit",
    )
    assert changed["resolution"]["evaluationSummary"] == {
        "satisfied": 1,
        "basicallySatisfied": 0,
        "notSatisfied": 0,
        "total": 1,
    }
    ok(
        await a2(
            EVALUATE, {"input": {"resolutionId": published["id"], "rating": "BASICALLY_SATISFIED"}}
        ),
        "evaluationSubmit",
    )
    done = ok(await staff(IMPLEMENT, {"id": topic["id"]}), "topicImplement")["topic"]
    assert done["state"] == "IMPLEMENTED"
    seen = await a1(RESOLUTIONS, {"filter": {"topicId": topic["id"]}})
    (node,) = [e["node"] for e in seen["data"]["resolutions"]["edges"]]
    assert node["myEvaluation"] == {"rating": "SATISFIED", "comment": "很好"}
    assert node["evaluationSummary"]["total"] == 2
    assert node["implementedAt"] is not None
    assert node["updates"] == [{"text": "已完成招标。"}]
    staff_view = await staff(RESOLUTIONS)
    assert staff_view["data"]["resolutions"]["edges"][0]["node"]["myEvaluation"] is None


async def test_illegal_transitions_and_staff_of_another_community(world, callers) -> None:
    await set_threshold(callers, 1)
    topic = await proposed(callers)
    staff, other = await callers.staff(), await callers.staff("c2")
    early = await staff(REVIEW, {"input": {"topicId": topic["id"], "decision": "ACCEPT"}})
    assert early["data"]["topicReview"]["errors"] == [
        {"field": "topicId", "code": "INVALID_TRANSITION", "message": "当前状态不允许此操作"}
    ]
    ok(await (await callers.resident("a2"))(SUPPORT, {"id": topic["id"]}), "topicSupport")
    foreign = await other(REVIEW, {"input": {"topicId": topic["id"], "decision": "ACCEPT"}})
    assert payload_errors(foreign, "topicReview") == [("topicId", "FORBIDDEN")]
    assert (await other(TOPICS))["data"]["topics"]["totalCount"] == 0
    no_reason = await staff(REVIEW, {"input": {"topicId": topic["id"], "decision": "REJECT"}})
    assert payload_errors(no_reason, "topicReview") == [("reason", "REQUIRED")]
    rejected = ok(
        await staff(
            REVIEW,
            {
                "input": {
                    "topicId": topic["id"],
                    "decision": "REJECT",
                    "reason": "已纳入区级改造计划",
                }
            },
        ),
        "topicReview",
    )["topic"]
    assert (rejected["state"], rejected["rejectionReason"]) == ("REJECTED", "已纳入区级改造计划")
    for state in ("IN_CONSULTATION", "DECIDED", "ACCEPTED"):
        body = await staff(STATE_SET, {"id": topic["id"], "state": state})
        assert payload_errors(body, "topicStateSet")[0][1] == "INVALID_TRANSITION"
    body = await staff(IMPLEMENT, {"id": topic["id"]}, lang="en")
    assert body["data"]["topicImplement"]["errors"][0]["message"] == (
        "Not allowed in the current state"
    )
    assert await Topic.filter(state=TopicState.REJECTED).count() == 1


async def test_comments_replies_edits_reports_and_moderation(world, callers) -> None:
    topic = await proposed(callers)
    a1, a2, a3 = [await callers.resident(k) for k in ("a1", "a2", "a3")]
    root = ok(
        await a1(COMMENT_CREATE, {"input": {"topicId": topic["id"], "body": "我先说两句"}}),
        "commentCreate",
    )["comment"]
    assert (root["authorName"], root["mine"], root["editableUntil"] is not None) == (
        "张*",
        True,
        True,
    )
    reply = ok(
        await a2(COMMENT_CREATE, {"input": {"parentId": root["id"], "body": "同意"}}),
        "commentCreate",
    )["comment"]
    too_deep = await a1(COMMENT_CREATE, {"input": {"parentId": reply["id"], "body": "再回复"}})
    assert too_deep["data"]["commentCreate"]["errors"] == [
        {"field": "parentId", "code": "REPLY_TOO_DEEP", "message": "只能回复主评论，不能回复回复"}
    ]
    edited = ok(
        await a1(COMMENT_UPDATE, {"input": {"id": root["id"], "body": "我先说两句（补充）"}}),
        "commentUpdate",
    )
    assert edited["comment"]["body"] == "我先说两句（补充）"
    not_mine = await a2(COMMENT_UPDATE, {"input": {"id": root["id"], "body": "改"}})
    assert payload_errors(not_mine, "commentUpdate") == [("id", "FORBIDDEN")]
    reported = ok(
        await a3(COMMENT_REPORT, {"input": {"commentId": root["id"], "reason": "广告"}}),
        "commentReport",
    )
    assert reported["comment"]["reportedByMe"] is True
    twice = await a3(COMMENT_REPORT, {"input": {"commentId": root["id"], "reason": "广告"}})
    assert payload_errors(twice, "commentReport") == [("commentId", "ALREADY_REPORTED")]
    staff = await callers.staff()
    queue = await staff(
        "query { consultationComments(filter: {reportedOnly: true}) { totalCount "
        "edges { node { id body reportCount topic { id } } } } }"
    )
    assert queue["data"]["consultationComments"]["edges"] == [
        {"node": {"id": root["id"], "body": "我先说两句（补充）", "reportCount": 1,
                  "topic": {"id": topic["id"]}}}
    ]  # fmt: skip
    hidden = ok(
        await staff(COMMENT_HIDE, {"input": {"id": root["id"], "reason": "含广告信息"}}),
        "commentHide",
    )["comment"]
    assert (hidden["hidden"], hidden["body"], hidden["hiddenReason"]) == (
        True,
        "我先说两句（补充）",
        "含广告信息",
    )
    thread = await a2(TOPIC_COMMENTS, {"id": topic["id"]})
    comments = thread["data"]["node"]["comments"]
    assert (thread["data"]["node"]["commentCount"], comments["totalCount"]) == (2, 1)
    node = comments["edges"][0]["node"]
    assert (node["hidden"], node["body"], node["hiddenReason"], node["reportCount"]) == (
        True,
        None,
        "含广告信息",
        None,
    )
    assert node["replies"] == [
        {"id": reply["id"], "body": "同意", "authorName": "李*", "mine": True}
    ]
    queue = await staff(
        "query { consultationComments(filter: {reportedOnly: true}) { totalCount } }"
    )
    assert queue["data"]["consultationComments"]["totalCount"] == 0
    denied = await a1("query { consultationComments { totalCount } }")
    assert denied["errors"][0]["extensions"]["code"] == "FORBIDDEN"
    assert await Comment.all().count() == 2


async def test_pages_filters_and_partners(world, callers) -> None:
    for i in range(3):
        await proposed(callers, title=f"议题{i}")
    a1 = await callers.resident("a1")
    first = (await a1(TOPICS, {"first": 2}))["data"]["topics"]
    assert [e["node"]["title"] for e in first["edges"]] == ["议题2", "议题1"]
    assert (first["totalCount"], first["pageInfo"]["hasNextPage"]) == (3, True)
    rest = (await a1(TOPICS, {"first": 2, "after": first["pageInfo"]["endCursor"]}))["data"]
    assert [e["node"]["title"] for e in rest["topics"]["edges"]] == ["议题0"]
    too_many = await a1(TOPICS, {"first": 101})
    assert too_many["errors"][0]["extensions"] == {"code": "OUT_OF_RANGE", "field": "first"}
    bad_code = await a1(TOPICS, {"filter": {"communityCode": "1101"}})
    assert bad_code["errors"][0]["extensions"] == {
        "code": "INVALID",
        "field": "filter.communityCode",
    }
    mine = await (await callers.resident("a2"))(TOPICS, {"filter": {"mine": True}})
    assert mine["data"]["topics"]["totalCount"] == 0
    _, key = await create_api_key("协商数据合作方", ["consultations:read"])
    partner = GraphQLClient(callers.http, key)
    seen = await partner(TOPICS, {"filter": {"communityCode": world.tree["c1"].code}})
    nodes = [e["node"] for e in seen["data"]["topics"]["edges"]]
    assert len(nodes) == 3 and {n["proposerName"] for n in nodes} == {None}
    settings = await partner(
        "query ($code: String!) { consultationSettings(communityCode: $code) "
        "{ supportThresholdCount noticeDays community { code } } }",
        {"code": world.tree["c1"].code},
    )
    assert settings["data"]["consultationSettings"]["supportThresholdCount"] == 10
    other = await a1(
        "query ($code: String!) { consultationSettings(communityCode: $code) { noticeDays } }",
        {"code": world.tree["c2"].code},
    )
    assert other["data"] == {"consultationSettings": None}


async def test_settings_change_only_what_is_given(world, callers) -> None:
    staff = await callers.staff()
    community = gid("Division", world.tree["c1"].pk)
    first = await staff(
        SETTINGS_SET,
        {"input": {"communityId": community, "supportThresholdShare": 0.05, "noticeDays": 10}},
    )
    assert ok(first, "consultationSettingsSet")["settings"] == {
        "supportThresholdCount": None,
        "supportThresholdShare": 0.05,
        "commentEditMinutes": 15,
        "noticeDays": 10,
    }
    second = await staff(
        SETTINGS_SET, {"input": {"communityId": community, "supportThresholdCount": 8}}
    )
    assert ok(second, "consultationSettingsSet")["settings"] == {
        "supportThresholdCount": 8,
        "supportThresholdShare": None,
        "commentEditMinutes": 15,
        "noticeDays": 10,
    }
    bad = await staff(
        SETTINGS_SET,
        {"input": {"communityId": community, "supportThresholdShare": 1.5, "noticeDays": 0}},
        lang="en",
    )
    assert payload_errors(bad, "consultationSettingsSet") == [
        ("supportThresholdShare", "OUT_OF_RANGE"),
        ("noticeDays", "OUT_OF_RANGE"),
    ]


SESSIONS = """
query ($first: Int, $after: String) {
  consultationSessions(first: $first, after: $after) {
    totalCount pageInfo { hasNextPage endCursor } edges { node { title startsAt } }
  }
}"""


async def test_sessions_are_listed_latest_first_page_by_page(world, callers) -> None:
    staff = await callers.staff()
    for day in (3, 1, 2):
        body = await staff(
            SESSION_CREATE,
            {
                "input": {
                    "communityId": gid("Division", world.tree["c1"].pk),
                    "title": f"议事会{day}",
                    "mode": "ONLINE",
                    "startsAt": f"2026-06-0{day}T12:00:00+00:00",
                    "endsAt": f"2026-06-0{day}T13:00:00+00:00",
                    "onlineLink": "https://m.example.cn/1",
                }
            },
        )
        ok(body, "consultationSessionCreate")
    a1 = await callers.resident("a1")
    page = (await a1(SESSIONS, {"first": 2}))["data"]["consultationSessions"]
    assert [e["node"]["title"] for e in page["edges"]] == ["议事会3", "议事会2"]
    rest = await a1(SESSIONS, {"first": 2, "after": page["pageInfo"]["endCursor"]})
    assert [e["node"]["title"] for e in rest["data"]["consultationSessions"]["edges"]] == [
        "议事会1"
    ]
    assert (await (await callers.resident("c1"))(SESSIONS))["data"]["consultationSessions"][
        "totalCount"
    ] == 0


@pytest.mark.postgres_only
async def test_concurrent_supports_over_http_count_each_once(world, callers) -> None:
    import asyncio

    from backend.consultations.models import TopicSupport
    from tests.factories import make_household, make_resident

    await set_threshold(callers, 5)
    topic = await proposed(callers)
    clients = []
    for i in range(12):
        household = await make_household(world.grids["GA"])
        resident = await make_resident(
            world.grids["GA"], f"居民{i}", household=household, phone=None, relation="HEAD"
        )
        world.residents[f"x{i}"] = resident
        clients.append(await callers.resident(f"x{i}"))
    bodies = await asyncio.gather(*(c(SUPPORT, {"id": topic["id"]}) for c in clients))
    assert all(b["data"]["topicSupport"]["errors"] == [] for b in bodies)
    row = await Topic.get(title=topic["title"])
    assert (row.support_count, row.state) == (12, TopicState.UNDER_REVIEW)
    assert await TopicSupport.filter(topic_id=row.pk).count() == 12
    assert max(b["data"]["topicSupport"]["topic"]["supportCount"] for b in bodies) == 12
