"""Consultation rows and operations for the access tests in ``tests/auth``.

``add_consultations`` gives the access tests' world (community 永安里 c1 with grids GA and GB,
吉祥里 c2 with GC; the resident caller lives in GA) topics in every state, sessions, comments
and resolutions, in c1 for the callers' own valid calls and in c2 (and a topic for grid GB) as
other people's rows. ``PROBES``, ``ID_TYPES`` and ``foreign`` feed the isolation test;
``OPERATIONS`` the role × operation matrix (fresh rows for every call that
uses one up).
"""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING, Any

from backend.api.relay import to_global_id
from backend.consultations.models import (
    Comment,
    ConsultationSession,
    Resolution,
    ScopeKind,
    SessionMode,
    SessionState,
    SessionTopic,
    Topic,
    TopicCategory,
    TopicState,
)

if TYPE_CHECKING:
    from tests.auth.support import World

_serial = itertools.count(1)
START = dt.datetime(2026, 5, 1, 11, tzinfo=dt.UTC)


async def _topic(world: World, state: TopicState, community: str = "c1", **kw: Any) -> Topic:
    place = world.a if community == "c1" else world.c
    values: dict[str, Any] = {
        "community_id": world.tree[community].pk,
        "scope_kind": ScopeKind.COMMUNITY,
        "title": f"议题{next(_serial)}",
        "description": "说明",
        "category": TopicCategory.OTHER,
        "state": state,
        "proposer_id": place.residents[0].pk,
        "support_threshold": 10,
        "support_count": 0 if state == TopicState.PROPOSED else 10,
        "rejection_reason": "理由" if state == TopicState.REJECTED else "",
    }
    values.update(kw)
    return await Topic.create(**values)


async def _session(
    world: World, state: SessionState, community: str = "c1", topics: tuple[Topic, ...] = ()
) -> ConsultationSession:
    session = await ConsultationSession.create(
        community_id=world.tree[community].pk,
        title=f"议事会{next(_serial)}",
        mode=SessionMode.ON_SITE,
        starts_at=START,
        ends_at=START + dt.timedelta(hours=2),
        place="议事厅",
        state=state,
        created_by_id=world.accounts["staff"].pk,
    )
    for i, topic in enumerate(topics):
        await SessionTopic.create(session_id=session.pk, topic_id=topic.pk, position=i)
    return session


async def _comment(world: World, topic: Topic, author: int = 0, community: str = "c1") -> Comment:
    place = world.a if community == "c1" else world.c
    return await Comment.create(
        topic_id=topic.pk, author_id=place.residents[author].pk, body=f"评论{next(_serial)}"
    )


async def _resolution(world: World, topic: Topic) -> Resolution:
    now = dt.datetime.now(dt.UTC)
    account = world.accounts["staff"].pk
    return await Resolution.create(
        topic_id=topic.pk,
        title=topic.title,
        text="决议内容",
        published_at=now,
        published_by_id=account,
        notice_until=now + dt.timedelta(days=7),
        created_by_id=account,
    )


def _gid(row: Any) -> str:
    return to_global_id(type(row).__name__, row.pk)


async def add_consultations(world: World) -> dict[str, str]:
    """The rows the isolation probes name, by short name (global IDs)."""
    rows: dict[str, Any] = {
        "topic_proposed": await _topic(world, TopicState.PROPOSED),
        "topic_review": await _topic(world, TopicState.UNDER_REVIEW),
        "topic_accepted": await _topic(world, TopicState.ACCEPTED),
        "topic_agenda": await _topic(world, TopicState.ACCEPTED),
        "topic_decided": await _topic(world, TopicState.DECIDED),
        "topic_consulting": await _topic(world, TopicState.IN_CONSULTATION),
        "topic_resolved": await _topic(world, TopicState.DECIDED),
        "topic_grid_b": await _topic(
            world, TopicState.PROPOSED, scope_kind=ScopeKind.GRID, grid_id=world.b.grid.pk
        ),
        "topic_c2": await _topic(world, TopicState.PROPOSED, "c2"),
        "topic_c2_decided": await _topic(world, TopicState.DECIDED, "c2"),
    }
    rows["session_scheduled"] = await _session(world, SessionState.SCHEDULED)
    rows["session_running"] = await _session(
        world, SessionState.IN_PROGRESS, topics=(rows["topic_consulting"],)
    )
    rows["session_c2"] = await _session(world, SessionState.SCHEDULED, "c2")
    rows["comment_mine"] = await _comment(world, rows["topic_proposed"], 0)
    rows["comment_other"] = await _comment(world, rows["topic_proposed"], 1)
    rows["comment_c2"] = await _comment(world, rows["topic_c2"], 0, "c2")
    rows["resolution"] = await _resolution(world, rows["topic_resolved"])
    rows["resolution_c2"] = await _resolution(world, rows["topic_c2_decided"])
    return {name: _gid(row) for name, row in rows.items()}


def foreign(world: World, caller: str) -> dict[str, list[str]]:
    """Consultation rows of others, by type, for a caller of the isolation test."""
    ids = world.consultation
    found = {
        "Topic": [ids["topic_c2"]],
        "ConsultationSession": [ids["session_c2"]],
        "Comment": [ids["comment_c2"]],
        "Resolution": [ids["resolution_c2"]],
    }
    if caller == "RESIDENT":  # a topic for grid GB does not cover a home in GA
        found["Topic"].append(ids["topic_grid_b"])
    if caller == "PARTNER":
        return {}
    return found


# --- isolation probes ------------------------------------------------------------------------

_P = "errors { field code }"
TOPIC_PAYLOAD = f"topic {{ id state }} {_P}"
SESSION_PAYLOAD = f"session {{ id state }} {_P}"
COMMENT_PAYLOAD = f"comment {{ id }} {_P}"


def _mutation(field: str, input_type: str, selection: str) -> str:
    return f"""
mutation ($input: {input_type}!) {{ {field}(input: $input) {{ {selection} }} }}"""


SESSIONS = """
query ($filter: ConsultationSessionFilter) {
  consultationSessions(filter: $filter) { totalCount edges { node { id title } } } }"""
RESOLUTIONS = """
query ($filter: ResolutionFilter) {
  resolutions(filter: $filter) { totalCount edges { node { id title } } } }"""

DOCUMENTS = {
    "topicPropose": _mutation("topicPropose", "TopicProposeInput", TOPIC_PAYLOAD),
    "topicSupport": _mutation("topicSupport", "TopicSupportInput", TOPIC_PAYLOAD),
    "topicReview": _mutation("topicReview", "TopicReviewInput", TOPIC_PAYLOAD),
    "topicStateSet": _mutation("topicStateSet", "TopicStateSetInput", TOPIC_PAYLOAD),
    "topicImplement": _mutation("topicImplement", "TopicImplementInput", TOPIC_PAYLOAD),
    "consultationSessionCreate": _mutation(
        "consultationSessionCreate", "ConsultationSessionCreateInput", SESSION_PAYLOAD
    ),
    "consultationSessionUpdate": _mutation(
        "consultationSessionUpdate", "ConsultationSessionUpdateInput", SESSION_PAYLOAD
    ),
    "sessionMaterialAdd": _mutation(
        "sessionMaterialAdd", "SessionMaterialAddInput", f"material {{ id }} {_P}"
    ),
    "sessionMinutesSet": _mutation("sessionMinutesSet", "SessionMinutesSetInput", SESSION_PAYLOAD),
    "commentCreate": _mutation("commentCreate", "CommentCreateInput", COMMENT_PAYLOAD),
    "commentUpdate": _mutation("commentUpdate", "CommentUpdateInput", COMMENT_PAYLOAD),
    "commentReport": _mutation("commentReport", "CommentReportInput", COMMENT_PAYLOAD),
    "commentHide": _mutation("commentHide", "CommentHideInput", COMMENT_PAYLOAD),
    "resolutionPublish": _mutation(
        "resolutionPublish", "ResolutionPublishInput", f"resolution {{ id }} {_P}"
    ),
    "implementationUpdateCreate": _mutation(
        "implementationUpdateCreate", "ImplementationUpdateCreateInput", f"update {{ text }} {_P}"
    ),
    "evaluationSubmit": _mutation(
        "evaluationSubmit", "EvaluationSubmitInput", f"evaluation {{ rating }} {_P}"
    ),
    "consultationSettingsSet": _mutation(
        "consultationSettingsSet", "ConsultationSettingsSetInput", f"settings {{ noticeDays }} {_P}"
    ),
}

ID_TYPES: dict[tuple[str, str], str] = {
    ("consultationSessions", "filter.topicId"): "Topic",
    ("resolutions", "filter.topicId"): "Topic",
    ("resolutions", "filter.sessionId"): "ConsultationSession",
    ("topicPropose", "input.scopeId"): "Grid",
    ("topicSupport", "input.topicId"): "Topic",
    ("topicReview", "input.topicId"): "Topic",
    ("topicReview", "input.sessionId"): "ConsultationSession",
    ("topicStateSet", "input.topicId"): "Topic",
    ("topicImplement", "input.topicId"): "Topic",
    ("consultationSessionCreate", "input.communityId"): "Division",
    ("consultationSessionCreate", "input.topicIds[]"): "Topic",
    ("consultationSessionCreate", "input.participants[].residentId"): "Resident",
    ("consultationSessionUpdate", "input.id"): "ConsultationSession",
    ("consultationSessionUpdate", "input.topicIds[]"): "Topic",
    ("consultationSessionUpdate", "input.participants[].residentId"): "Resident",
    ("sessionMaterialAdd", "input.sessionId"): "ConsultationSession",
    ("sessionMinutesSet", "input.sessionId"): "ConsultationSession",
    ("commentCreate", "input.topicId"): "Topic",
    ("commentCreate", "input.sessionId"): "ConsultationSession",
    ("commentCreate", "input.parentId"): "Comment",
    ("commentUpdate", "input.id"): "Comment",
    ("commentReport", "input.commentId"): "Comment",
    ("commentHide", "input.id"): "Comment",
    ("resolutionPublish", "input.topicId"): "Topic",
    ("resolutionPublish", "input.sessionId"): "ConsultationSession",
    ("implementationUpdateCreate", "input.resolutionId"): "Resolution",
    ("evaluationSubmit", "input.resolutionId"): "Resolution",
    ("consultationSettingsSet", "input.communityId"): "Division",
}

# Mutations the access tests' staff and grid worker may not call (residents' own actions).
PARTICIPATION = (
    "topicPropose",
    "topicSupport",
    "commentCreate",
    "commentUpdate",
    "commentReport",
    "evaluationSubmit",
)


def probes(world: World) -> dict[str, tuple[str, dict[str, Any]]]:
    """Document and valid variables (the caller's own rows) of every probed field."""
    ids = world.consultation
    a = world.a.ids()
    c1 = to_global_id("Division", world.tree["c1"].pk)
    participant = {"role": "RESIDENT_REPRESENTATIVE", "residentId": a["resident0"]}
    agenda = {"topicIds": [ids["topic_agenda"]], "participants": [participant]}
    inputs: dict[str, dict[str, Any]] = {
        "topicPropose": {
            "title": "增设充电桩",
            "description": "说明",
            "category": "SAFETY",
            "scopeKind": "GRID",
            "scopeId": a["grid"],
        },
        "topicSupport": {"topicId": ids["topic_proposed"]},
        "topicReview": {
            "topicId": ids["topic_review"],
            "decision": "ACCEPT",
            "sessionId": ids["session_scheduled"],
        },
        "topicStateSet": {"topicId": ids["topic_accepted"], "state": "IN_CONSULTATION"},
        "topicImplement": {"topicId": ids["topic_decided"]},
        "consultationSessionCreate": {
            "communityId": c1,
            "title": "新议事会",
            "mode": "ON_SITE",
            "startsAt": START.isoformat(),
            "endsAt": (START + dt.timedelta(hours=1)).isoformat(),
            "place": "议事厅",
            **agenda,
        },
        "consultationSessionUpdate": {"id": ids["session_scheduled"], "title": "改期", **agenda},
        "sessionMaterialAdd": {"sessionId": ids["session_scheduled"], "title": "材料", "body": "…"},
        "sessionMinutesSet": {"sessionId": ids["session_running"], "minutes": "纪要"},
        "commentCreate": {"topicId": ids["topic_proposed"], "body": "同意"},
        "commentUpdate": {"id": ids["comment_mine"], "body": "改"},
        "commentReport": {"commentId": ids["comment_other"], "reason": "广告"},
        "commentHide": {"id": ids["comment_other"], "reason": "广告"},
        "resolutionPublish": {
            "topicId": ids["topic_consulting"],
            "sessionId": ids["session_running"],
            "text": "同意",
        },
        "implementationUpdateCreate": {"resolutionId": ids["resolution"], "text": "进展"},
        "evaluationSubmit": {"resolutionId": ids["resolution"], "rating": "SATISFIED"},
        "consultationSettingsSet": {"communityId": c1, "supportThresholdCount": 5},
    }
    found = {name: (DOCUMENTS[name], {"input": given}) for name, given in inputs.items()}
    found["consultationSessions"] = (SESSIONS, {"filter": {"topicId": ids["topic_agenda"]}})
    found["resolutions"] = (
        RESOLUTIONS,
        {"filter": {"topicId": ids["topic_resolved"], "sessionId": ids["session_running"]}},
    )
    return found


# --- the role × operation matrix ------------------------------------------------------------

Variables = Callable[["World"], Awaitable[dict[str, Any]]]


async def _input(world: World, name: str, **changes: str) -> dict[str, Any]:
    _, variables = probes(world)[name]
    variables["input"].update(changes)
    return variables


async def _support(world: World) -> dict[str, Any]:
    return await _input(
        world, "topicSupport", topicId=_gid(await _topic(world, TopicState.PROPOSED))
    )


async def _review(world: World) -> dict[str, Any]:
    topic = await _topic(world, TopicState.UNDER_REVIEW)
    session = await _session(world, SessionState.SCHEDULED)
    return await _input(world, "topicReview", topicId=_gid(topic), sessionId=_gid(session))


async def _state_set(world: World) -> dict[str, Any]:
    return await _input(
        world, "topicStateSet", topicId=_gid(await _topic(world, TopicState.ACCEPTED))
    )


async def _implement(world: World) -> dict[str, Any]:
    return await _input(
        world, "topicImplement", topicId=_gid(await _topic(world, TopicState.DECIDED))
    )


async def _publish(world: World) -> dict[str, Any]:
    topic = await _topic(world, TopicState.IN_CONSULTATION)
    session = await _session(world, SessionState.IN_PROGRESS, topics=(topic,))
    return await _input(world, "resolutionPublish", topicId=_gid(topic), sessionId=_gid(session))


async def _minutes(world: World) -> dict[str, Any]:
    session = await _session(world, SessionState.IN_PROGRESS)
    return await _input(world, "sessionMinutesSet", sessionId=_gid(session))


async def _report(world: World) -> dict[str, Any]:
    comment = await _comment(world, await _topic(world, TopicState.PROPOSED), 1)
    return await _input(world, "commentReport", commentId=_gid(comment))


async def _hide(world: World) -> dict[str, Any]:
    comment = await _comment(world, await _topic(world, TopicState.PROPOSED), 1)
    return await _input(world, "commentHide", id=_gid(comment))


def _probe(name: str) -> Variables:
    async def build(world: World) -> dict[str, Any]:
        return probes(world)[name][1]

    return build


def _query(document: str, variables: Callable[[World], dict[str, Any]] | None = None) -> Any:
    async def build(world: World) -> dict[str, Any]:
        return variables(world) if variables else {}

    return document, build


# field: (document, variables, payload errors of an allowed call)
OPERATIONS: dict[str, tuple[str, Variables, tuple[str, ...]]] = {
    "topics": (*_query("query { topics { totalCount } }"), ()),
    "consultationSessions": (*_query("query { consultationSessions { totalCount } }"), ()),
    "resolutions": (*_query("query { resolutions { totalCount } }"), ()),
    "consultationComments": (*_query("query { consultationComments { totalCount } }"), ()),
    "consultationSettings": (
        *_query(
            "query ($code: String!) { consultationSettings(communityCode: $code) { noticeDays } }",
            lambda w: {"code": w.tree["c1"].code},
        ),
        (),
    ),
    "topicPropose": (DOCUMENTS["topicPropose"], _probe("topicPropose"), ()),
    "topicSupport": (DOCUMENTS["topicSupport"], _support, ()),
    "topicReview": (DOCUMENTS["topicReview"], _review, ()),
    "topicStateSet": (DOCUMENTS["topicStateSet"], _state_set, ()),
    "topicImplement": (DOCUMENTS["topicImplement"], _implement, ()),
    "consultationSessionCreate": (
        DOCUMENTS["consultationSessionCreate"],
        _probe("consultationSessionCreate"),
        (),
    ),
    "consultationSessionUpdate": (
        DOCUMENTS["consultationSessionUpdate"],
        _probe("consultationSessionUpdate"),
        (),
    ),
    "sessionMaterialAdd": (DOCUMENTS["sessionMaterialAdd"], _probe("sessionMaterialAdd"), ()),
    "sessionMinutesSet": (DOCUMENTS["sessionMinutesSet"], _minutes, ()),
    "commentCreate": (DOCUMENTS["commentCreate"], _probe("commentCreate"), ()),
    "commentUpdate": (DOCUMENTS["commentUpdate"], _probe("commentUpdate"), ()),
    "commentReport": (DOCUMENTS["commentReport"], _report, ()),
    "commentHide": (DOCUMENTS["commentHide"], _hide, ()),
    "resolutionPublish": (DOCUMENTS["resolutionPublish"], _publish, ()),
    "implementationUpdateCreate": (
        DOCUMENTS["implementationUpdateCreate"],
        _probe("implementationUpdateCreate"),
        (),
    ),
    "evaluationSubmit": (DOCUMENTS["evaluationSubmit"], _probe("evaluationSubmit"), ()),
    "consultationSettingsSet": (
        DOCUMENTS["consultationSettingsSet"],
        _probe("consultationSettingsSet"),
        (),
    ),
}
