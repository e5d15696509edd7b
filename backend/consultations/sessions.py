"""协商会议: sessions with their agenda, participants by role, materials and minutes.

Session states: SCHEDULED → IN_PROGRESS → CONCLUDED, and SCHEDULED or IN_PROGRESS →
CANCELLED. Starting a session puts its accepted agenda topics into consultation. Time, place
and agenda are fixed once a session has ended; minutes are written while it runs or after.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from tortoise.expressions import Subquery
from tortoise.queryset import QuerySet
from tortoise.transactions import in_transaction

from backend.consultations import access
from backend.consultations.access import Viewer, masked_name
from backend.consultations.models import (
    ConsultationSession,
    ParticipantRole,
    SessionMaterial,
    SessionMode,
    SessionParticipant,
    SessionState,
    SessionTopic,
    Topic,
    TopicState,
)
from backend.consultations.topics import community_in_region, invalid_transition, move, now
from backend.core.errors import ErrorCode, ErrorCollector
from backend.core.validators import optional_text, required_text
from backend.residents.models import Resident

TITLE_MAX = 100
DESCRIPTION_MAX = 5000
PLACE_MAX = 200
LINK_MAX = 500
NAME_MAX = 100
MATERIAL_TITLE_MAX = 200
MATERIAL_BODY_MAX = 20000
MINUTES_MAX = 50000
MAX_AGENDA = 20
MAX_PARTICIPANTS = 200
MAX_MATERIALS = 50

SESSION_TRANSITIONS: dict[SessionState, frozenset[SessionState]] = {
    SessionState.SCHEDULED: frozenset({SessionState.IN_PROGRESS, SessionState.CANCELLED}),
    SessionState.IN_PROGRESS: frozenset({SessionState.CONCLUDED, SessionState.CANCELLED}),
    SessionState.CONCLUDED: frozenset(),
    SessionState.CANCELLED: frozenset(),
}
ENDED = (SessionState.CONCLUDED, SessionState.CANCELLED)
# Topics that may be put on an agenda: accepted ones, or ones already in consultation.
AGENDA_STATES = (TopicState.ACCEPTED, TopicState.IN_CONSULTATION)


@dataclass
class ParticipantData:
    role: ParticipantRole
    name: str | None = None  # as shown in the minutes; a resident's masked name if left out
    resident_id: int | None = None


@dataclass
class MaterialData:
    title: str
    url: str | None = None
    body: str | None = None


@dataclass
class SessionData:
    community_id: int
    title: str
    mode: SessionMode
    starts_at: dt.datetime
    ends_at: dt.datetime
    description: str = ""
    place: str = ""
    online_link: str = ""
    topic_ids: list[int] = field(default_factory=list)
    participants: list[ParticipantData] = field(default_factory=list)
    materials: list[MaterialData] = field(default_factory=list)


@dataclass
class SessionPatch:
    """Changes to a session; None leaves a value as it is. Lists replace the old ones."""

    title: str | None = None
    description: str | None = None
    mode: SessionMode | None = None
    starts_at: dt.datetime | None = None
    ends_at: dt.datetime | None = None
    place: str | None = None
    online_link: str | None = None
    state: SessionState | None = None
    topic_ids: list[int] | None = None
    participants: list[ParticipantData] | None = None


def aware(value: dt.datetime) -> dt.datetime:
    """A time without an offset is read as UTC (as the rest of the API does)."""
    return value.replace(tzinfo=dt.UTC) if value.tzinfo is None else value


def _link(errors: ErrorCollector, value: str | None, name: str) -> str:
    text = errors.check(optional_text, value, name, LINK_MAX) or ""
    if text and not text.lower().startswith(("https://", "http://")):
        errors.add(ErrorCode.INVALID, name)
    return text


def _check_mode(errors: ErrorCollector, mode: SessionMode, place: str, link: str) -> None:
    if mode in (SessionMode.ON_SITE, SessionMode.HYBRID) and not place:
        errors.add(ErrorCode.REQUIRED, "place")
    if mode in (SessionMode.ONLINE, SessionMode.HYBRID) and not link:
        errors.add(ErrorCode.REQUIRED, "onlineLink")


def _check_times(errors: ErrorCollector, starts_at: dt.datetime, ends_at: dt.datetime) -> None:
    if ends_at <= starts_at:
        errors.add(ErrorCode.INVALID_RANGE, "endsAt")


async def _agenda(
    viewer: Viewer, errors: ErrorCollector, community_id: int, topic_ids: list[int]
) -> list[int]:
    if len(topic_ids) > MAX_AGENDA:
        errors.add(ErrorCode.OUT_OF_RANGE, "topicIds", min=0, max=MAX_AGENDA)
        return []
    if len(set(topic_ids)) != len(topic_ids):
        errors.add(ErrorCode.DUPLICATE, "topicIds")
    found = {t.pk: t for t in await access.topics(viewer).filter(id__in=topic_ids)}
    for i, pk in enumerate(topic_ids):
        topic = found.get(pk)
        name = f"topicIds.{i}"
        if topic is None:
            restricted = not viewer.scope.is_unrestricted
            errors.add(ErrorCode.FORBIDDEN if restricted else ErrorCode.NOT_FOUND, name)
        elif topic.community_id != community_id:
            errors.add(ErrorCode.OUTSIDE_COMMUNITY, name)
        elif topic.state not in AGENDA_STATES:
            errors.errors.append(invalid_transition(name, topic.state))
    return list(dict.fromkeys(topic_ids))


async def _participants(
    viewer: Viewer, errors: ErrorCollector, community_id: int, items: list[ParticipantData]
) -> list[SessionParticipant]:
    if len(items) > MAX_PARTICIPANTS:
        errors.add(ErrorCode.OUT_OF_RANGE, "participants", min=0, max=MAX_PARTICIPANTS)
        return []
    wanted = [p.resident_id for p in items if p.resident_id is not None]
    visible = viewer.scope.residents(Resident.filter(id__in=wanted))
    people = {
        pk: (name, community)
        for pk, name, community in await visible.values_list("id", "name", "grid__community_id")
    }
    restricted = not viewer.scope.is_unrestricted
    rows, seen = [], set()
    for i, item in enumerate(items):
        name = errors.check(optional_text, item.name, f"participants.{i}.name", NAME_MAX)
        field = f"participants.{i}.residentId"
        found = people.get(item.resident_id) if item.resident_id is not None else None
        if item.resident_id is not None:
            if found is None:
                errors.add(ErrorCode.FORBIDDEN if restricted else ErrorCode.NOT_FOUND, field)
            elif found[1] != community_id:
                errors.add(ErrorCode.OUTSIDE_COMMUNITY, field)
            elif item.resident_id in seen:
                errors.add(ErrorCode.DUPLICATE, field)
            seen.add(item.resident_id)
        if name == "" and found is not None:
            name = masked_name(found[0])
        elif name == "" and item.resident_id is None:
            errors.add(ErrorCode.REQUIRED, f"participants.{i}.name")
        resident_id = item.resident_id if found is not None else None
        rows.append(SessionParticipant(role=item.role, name=name or "", resident_id=resident_id))
    return rows


def _materials(
    errors: ErrorCollector, items: list[MaterialData], prefix: str
) -> list[SessionMaterial]:
    rows = []
    for i, item in enumerate(items):
        at = f"{prefix}{i}." if prefix else ""
        title = errors.check(required_text, item.title, f"{at}title", MATERIAL_TITLE_MAX)
        url = _link(errors, item.url, f"{at}url") or None
        body = errors.check(optional_text, item.body, f"{at}body", MATERIAL_BODY_MAX) or None
        if url is None and body is None and not errors.has(f"{at}url"):
            errors.add(ErrorCode.REQUIRED, f"{at}url")
        elif url is not None and body is not None:
            errors.add(ErrorCode.INVALID, f"{at}body")
        rows.append(SessionMaterial(title=title or "", url=url, body=body, position=i))
    return rows


async def _write_agenda(session: ConsultationSession, topic_ids: list[int]) -> None:
    await SessionTopic.filter(session_id=session.pk).delete()
    await SessionTopic.bulk_create(
        [
            SessionTopic(session_id=session.pk, topic_id=t, position=i)
            for i, t in enumerate(topic_ids)
        ]
    )


async def _write_participants(session: ConsultationSession, rows: list[SessionParticipant]) -> None:
    await SessionParticipant.filter(session_id=session.pk).delete()
    for row in rows:
        row.session_id = session.pk
    await SessionParticipant.bulk_create(rows)


async def create_session(viewer: Viewer, data: SessionData) -> ConsultationSession:
    errors = ErrorCollector()
    community = await errors.check_async(
        community_in_region(viewer, data.community_id, "communityId")
    )
    title = errors.check(required_text, data.title, "title", TITLE_MAX)
    description = errors.check(optional_text, data.description, "description", DESCRIPTION_MAX)
    place = errors.check(optional_text, data.place, "place", PLACE_MAX) or ""
    link = _link(errors, data.online_link, "onlineLink")
    _check_mode(errors, data.mode, place, link)
    starts_at, ends_at = aware(data.starts_at), aware(data.ends_at)
    _check_times(errors, starts_at, ends_at)
    agenda: list[int] = []
    participants: list[SessionParticipant] = []
    if community is not None:
        agenda = await _agenda(viewer, errors, community.pk, data.topic_ids)
        participants = await _participants(viewer, errors, community.pk, data.participants)
    if len(data.materials) > MAX_MATERIALS:
        errors.add(ErrorCode.OUT_OF_RANGE, "materials", min=0, max=MAX_MATERIALS)
    materials = _materials(errors, data.materials[:MAX_MATERIALS], "materials.")
    errors.raise_if_any()
    assert community is not None and viewer.account_id is not None
    async with in_transaction():
        session = await ConsultationSession.create(
            community_id=community.pk,
            title=title,
            description=description or "",
            mode=data.mode,
            starts_at=starts_at,
            ends_at=ends_at,
            place=place,
            online_link=link,
            created_by_id=viewer.account_id,
        )
        await _write_agenda(session, agenda)
        await _write_participants(session, participants)
        for material in materials:
            material.session_id = session.pk
            material.added_by_id = viewer.account_id
        await SessionMaterial.bulk_create(materials)
    return session


async def _managed_session(viewer: Viewer, session_id: int, field: str) -> ConsultationSession:
    return await access.get_visible(access.sessions(viewer), session_id, viewer, field)


async def update_session(
    viewer: Viewer, session_id: int, patch: SessionPatch
) -> ConsultationSession:
    session = await _managed_session(viewer, session_id, "id")
    errors = ErrorCollector()
    changes: dict[str, object] = {}
    edits = any(
        v is not None
        for v in (
            patch.title, patch.description, patch.mode, patch.starts_at, patch.ends_at,
            patch.place, patch.online_link, patch.topic_ids, patch.participants,
        )
    )  # fmt: skip
    if edits and session.state in ENDED:
        raise invalid_transition("id", session.state)
    if patch.state is not None and patch.state != session.state:
        if patch.state not in SESSION_TRANSITIONS[session.state]:
            errors.errors.append(invalid_transition("state", session.state))
        changes["state"] = patch.state
    if patch.title is not None:
        changes["title"] = errors.check(required_text, patch.title, "title", TITLE_MAX)
    if patch.description is not None:
        changes["description"] = errors.check(
            optional_text, patch.description, "description", DESCRIPTION_MAX
        )
    place = session.place
    if patch.place is not None:
        place = changes["place"] = errors.check(optional_text, patch.place, "place", PLACE_MAX)
    link = session.online_link
    if patch.online_link is not None:
        link = changes["online_link"] = _link(errors, patch.online_link, "onlineLink")
    mode = patch.mode or session.mode
    if patch.mode is not None:
        changes["mode"] = patch.mode
    if not errors.has("place") and not errors.has("onlineLink"):
        _check_mode(errors, mode, place or "", link or "")
    starts_at = aware(patch.starts_at) if patch.starts_at else session.starts_at
    ends_at = aware(patch.ends_at) if patch.ends_at else session.ends_at
    if patch.starts_at or patch.ends_at:
        changes.update(starts_at=starts_at, ends_at=ends_at)
        _check_times(errors, starts_at, ends_at)
    agenda = None
    if patch.topic_ids is not None:
        agenda = await _agenda(viewer, errors, session.community_id, patch.topic_ids)
    participants = None
    if patch.participants is not None:
        participants = await _participants(viewer, errors, session.community_id, patch.participants)
    errors.raise_if_any()
    async with in_transaction():
        if "state" in changes:
            moved = await ConsultationSession.filter(id=session.pk, state=session.state).update(
                state=patch.state, updated_at=now()
            )
            if not moved:  # changed by a concurrent request
                raise invalid_transition("state", session.state)
        if changes:
            session.update_from_dict(changes)
            await session.save()
        if agenda is not None:
            await _write_agenda(session, agenda)
        if participants is not None:
            await _write_participants(session, participants)
        if patch.state == SessionState.IN_PROGRESS:
            await _start_consultation(session)
    return session


async def _start_consultation(session: ConsultationSession) -> None:
    """The session has begun: its accepted topics are now in consultation."""
    ids = await SessionTopic.filter(session_id=session.pk).values_list("topic_id", flat=True)
    for topic in await Topic.filter(id__in=list(ids), state=TopicState.ACCEPTED):
        await move(topic, TopicState.ACCEPTED, TopicState.IN_CONSULTATION, "state")


async def add_material(viewer: Viewer, session_id: int, data: MaterialData) -> SessionMaterial:
    session = await _managed_session(viewer, session_id, "sessionId")
    if session.state == SessionState.CANCELLED:
        raise invalid_transition("sessionId", session.state)
    errors = ErrorCollector()
    (material,) = _materials(errors, [data], "")
    errors.raise_if_any()
    assert viewer.account_id is not None
    last = await SessionMaterial.filter(session_id=session.pk).order_by("-position").first()
    material.session_id = session.pk
    material.added_by_id = viewer.account_id
    material.position = last.position + 1 if last else 0
    await material.save()
    return material


async def set_minutes(
    viewer: Viewer, session_id: int, minutes: str | None, resolution_text: str | None
) -> ConsultationSession:
    """Minutes (会议纪要) and the resolution text, while the session runs or after it."""
    session = await _managed_session(viewer, session_id, "sessionId")
    if session.state not in (SessionState.IN_PROGRESS, SessionState.CONCLUDED):
        raise invalid_transition("sessionId", session.state)
    errors = ErrorCollector()
    changes: dict[str, object] = {}
    if minutes is not None:
        changes["minutes"] = errors.check(optional_text, minutes, "minutes", MINUTES_MAX)
    if resolution_text is not None:
        changes["resolution_text"] = errors.check(
            optional_text, resolution_text, "resolutionText", MINUTES_MAX
        )
    if not changes:
        errors.add(ErrorCode.REQUIRED, "minutes")
    errors.raise_if_any()
    session.update_from_dict(changes)
    await session.save()
    return session


def filter_sessions(
    viewer: Viewer,
    state: SessionState | None = None,
    community_code: str | None = None,
    topic_id: int | None = None,
) -> QuerySet[ConsultationSession]:
    code = access.community_code(community_code, "filter.communityCode")
    qs = access.sessions(viewer)
    if state is not None:
        qs = qs.filter(state=state)
    if code is not None:
        qs = qs.filter(community__code=code)
    if topic_id is not None:
        qs = qs.filter(id__in=Subquery(SessionTopic.filter(topic_id=topic_id).values("session_id")))
    return qs
