"""DataLoaders of topics, sessions, comments and resolutions (one container per request).

Every loader reads through the visibility rules of ``access`` with the caller's ``Viewer``
(a resident's place is read once per request), so a relation never shows a row that a list
or a node lookup would not.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable, Sequence
from functools import cached_property
from typing import Any, Generic, TypeVar

from strawberry.dataloader import DataLoader
from tortoise.expressions import Subquery
from tortoise.functions import Count
from tortoise.models import Model
from tortoise.queryset import QuerySet

from backend.auth.principal import Principal
from backend.auth.roles import Capability
from backend.consultations import access
from backend.consultations.access import Viewer
from backend.consultations.models import (
    Comment,
    CommentReport,
    ConsultationSettings,
    Evaluation,
    ImplementationUpdate,
    ScopeKind,
    SessionMaterial,
    SessionParticipant,
    SessionTopic,
    TopicSupport,
)
from backend.consultations.topics import settings_for
from backend.divisions.models import Division
from backend.grids.models import Grid
from backend.housing.models import Building, Compound
from backend.residents.models import Resident

M = TypeVar("M", bound=Model)
K = TypeVar("K")
V = TypeVar("V")


class _Loader(DataLoader[K, V], Generic[K, V]):
    """A loader whose batch function gets the request's viewer first."""

    def __init__(self, owner: ConsultationLoaders) -> None:
        super().__init__(load_fn=self._batch)
        self.owner = owner

    async def _batch(self, keys: Sequence[K]) -> list[V]:
        return await self.load_batch(await self.owner.viewer(), list(keys))

    async def load_batch(self, viewer: Viewer, keys: list[K]) -> list[V]:
        raise NotImplementedError


class VisibleById(_Loader[int, Any]):
    """Rows by id through a visibility rule; a row the caller may not see loads as None."""

    def __init__(
        self, owner: ConsultationLoaders, visible: Callable[[Viewer], QuerySet[Any]]
    ) -> None:
        super().__init__(owner)
        self.visible = visible

    async def load_batch(self, viewer: Viewer, keys: list[int]) -> list[Any]:
        found = {row.pk: row for row in await self.visible(viewer).filter(id__in=keys)}
        return [found.get(k) for k in keys]


class Grouped(_Loader[int, list[Any]]):
    """Rows pointing at each key through ``key``, from a visibility rule, in ``order``."""

    def __init__(
        self,
        owner: ConsultationLoaders,
        rows: Callable[[Viewer], QuerySet[Any]],
        key: str,
        order: tuple[str, ...] = ("id",),
    ) -> None:
        super().__init__(owner)
        self.rows, self.key, self.order = rows, key, order

    async def load_batch(self, viewer: Viewer, keys: list[int]) -> list[list[Any]]:
        grouped: dict[int, list[Any]] = defaultdict(list)
        qs = self.rows(viewer).filter(**{f"{self.key}__in": keys}).order_by(*self.order)
        for row in await qs:
            grouped[getattr(row, self.key)].append(row)
        return [grouped.get(k, []) for k in keys]


class ScopeLabels(_Loader[tuple[ScopeKind, int], str]):
    """Names of the places topics are about (not personal data): community, grid, compound,
    or compound and building."""

    async def load_batch(self, viewer: Viewer, keys: list[tuple[ScopeKind, int]]) -> list[str]:
        wanted: dict[ScopeKind, set[int]] = defaultdict(set)
        for kind, pk in keys:
            wanted[kind].add(pk)
        names: dict[tuple[ScopeKind, int], str] = {}
        sources: list[tuple[ScopeKind, type[Model]]] = [
            (ScopeKind.COMMUNITY, Division),
            (ScopeKind.GRID, Grid),
            (ScopeKind.COMPOUND, Compound),
        ]
        for kind, model in sources:
            if wanted[kind]:
                rows = await model.filter(id__in=sorted(wanted[kind])).values_list("id", "name")
                names.update({(kind, pk): name for pk, name in rows})
        if wanted[ScopeKind.BUILDING]:
            rows = await Building.filter(id__in=sorted(wanted[ScopeKind.BUILDING])).values_list(
                "id", "compound__name", "name"
            )
            names.update({(ScopeKind.BUILDING, pk): f"{c} {b}" for pk, c, b in rows})
        return [names.get(k, "") for k in keys]


class MaskedNames(_Loader[int, str | None]):
    """How residents appear to others on consultation pages (张*); nothing for partners."""

    async def load_batch(self, viewer: Viewer, keys: list[int]) -> list[str | None]:
        if not viewer.sees_people:
            return [None] * len(keys)
        rows = dict(await Resident.filter(id__in=keys).values_list("id", "name"))
        return [access.masked_name(rows.get(k)) for k in keys]


class SupportedByMe(_Loader[int, bool]):
    async def load_batch(self, viewer: Viewer, keys: list[int]) -> list[bool]:
        if viewer.place is None:
            return [False] * len(keys)
        mine = set(
            await TopicSupport.filter(
                topic_id__in=keys, resident_id=viewer.place.resident_id
            ).values_list("topic_id", flat=True)
        )
        return [k in mine for k in keys]


class ReportedByMe(_Loader[int, bool]):
    async def load_batch(self, viewer: Viewer, keys: list[int]) -> list[bool]:
        if viewer.place is None:
            return [False] * len(keys)
        mine = set(
            await CommentReport.filter(
                comment_id__in=keys, reporter_id=viewer.place.resident_id
            ).values_list("comment_id", flat=True)
        )
        return [k in mine for k in keys]


class ReportCounts(_Loader[int, int | None]):
    """Reports per comment, for moderators only."""

    async def load_batch(self, viewer: Viewer, keys: list[int]) -> list[int | None]:
        if not viewer.manager:
            return [None] * len(keys)
        rows = (
            await CommentReport.filter(comment_id__in=keys)
            .annotate(n=Count("id"))
            .group_by("comment_id")
            .values_list("comment_id", "n")
        )
        found = dict(rows)
        return [int(found.get(k, 0)) for k in keys]


class CommentCounts(_Loader[int, int]):
    """Visible comments (replies included) per topic; keyed by topic id."""

    async def load_batch(self, viewer: Viewer, keys: list[int]) -> list[int]:
        rows = (
            await Comment.filter(topic_id__in=keys)
            .annotate(n=Count("id"))
            .group_by("topic_id")
            .values_list("topic_id", "n")
        )
        found = dict(rows)
        return [int(found.get(k, 0)) for k in keys]


class EvaluationSummaries(_Loader[int, Counter[str]]):
    async def load_batch(self, viewer: Viewer, keys: list[int]) -> list[Counter[str]]:
        rows = (
            await Evaluation.filter(resolution_id__in=keys)
            .annotate(n=Count("id"))
            .group_by("resolution_id", "rating")
            .values_list("resolution_id", "rating", "n")
        )
        found: dict[int, Counter[str]] = defaultdict(Counter)
        for resolution_id, rating, n in rows:
            found[resolution_id][str(rating)] = int(n)
        return [found.get(k, Counter()) for k in keys]


class MyEvaluations(_Loader[int, Evaluation | None]):
    async def load_batch(self, viewer: Viewer, keys: list[int]) -> list[Evaluation | None]:
        if viewer.place is None:
            return [None] * len(keys)
        rows = await Evaluation.filter(resolution_id__in=keys, resident_id=viewer.place.resident_id)
        found = {row.resolution_id: row for row in rows}
        return [found.get(k) for k in keys]


class CommunitySettings(_Loader[int, ConsultationSettings]):
    async def load_batch(self, viewer: Viewer, keys: list[int]) -> list[ConsultationSettings]:
        found = {
            s.community_id: s for s in await ConsultationSettings.filter(community_id__in=keys)
        }
        return [found.get(k) or await settings_for(k) for k in keys]


def _agenda_topics(viewer: Viewer) -> QuerySet[Any]:
    return SessionTopic.filter(topic_id__in=Subquery(access.topics(viewer).values("id")))


def _visible_links(viewer: Viewer) -> QuerySet[Any]:
    return SessionTopic.filter(session_id__in=Subquery(access.sessions(viewer).values("id")))


def _visible_materials(viewer: Viewer) -> QuerySet[Any]:
    return SessionMaterial.filter(session_id__in=Subquery(access.sessions(viewer).values("id")))


class ConsultationLoaders:
    """The request's loaders for the consultation area (topics, sessions, comments,
    resolutions); votes have their own."""

    def __init__(self, principal: Principal) -> None:
        self.principal = principal
        self._viewer: Viewer | None = None

    async def viewer(self) -> Viewer:
        """The caller as the services see them (a resident's place is read once)."""
        if self._viewer is None:
            scope = self.principal.scope
            place = None
            if scope.people == "own":
                place = await access.resident_place(scope.own_resident_id)
            self._viewer = Viewer(
                scope=scope,
                account_id=self.principal.account_id,
                place=place,
                manager=self.principal.can(Capability.CONSULTATION_MANAGE),
            )
        return self._viewer

    @cached_property
    def topics(self) -> VisibleById:
        return VisibleById(self, access.topics)

    @cached_property
    def sessions(self) -> VisibleById:
        return VisibleById(self, access.sessions)

    @cached_property
    def comments(self) -> VisibleById:
        return VisibleById(self, access.comments)

    @cached_property
    def resolutions(self) -> VisibleById:
        return VisibleById(self, access.resolutions)

    @cached_property
    def materials(self) -> VisibleById:
        return VisibleById(self, _visible_materials)

    @cached_property
    def agenda(self) -> Grouped:
        """Agenda links of each session (to topics the caller may see), in order."""
        return Grouped(self, _agenda_topics, "session_id", ("position", "id"))

    @cached_property
    def topic_sessions(self) -> Grouped:
        """Agenda links of each topic (in sessions the caller may see)."""
        return Grouped(self, _visible_links, "topic_id", ("session_id",))

    @cached_property
    def participants(self) -> Grouped:
        return Grouped(self, lambda v: SessionParticipant.all(), "session_id")

    @cached_property
    def session_materials(self) -> Grouped:
        return Grouped(self, lambda v: SessionMaterial.all(), "session_id", ("position", "id"))

    @cached_property
    def replies(self) -> Grouped:
        return Grouped(self, lambda v: Comment.all(), "parent_id", ("created_at", "id"))

    @cached_property
    def topic_resolutions(self) -> Grouped:
        return Grouped(self, access.resolutions, "topic_id", ("-id",))

    @cached_property
    def session_resolutions(self) -> Grouped:
        return Grouped(self, access.resolutions, "session_id", ("-id",))

    @cached_property
    def updates(self) -> Grouped:
        return Grouped(
            self, lambda v: ImplementationUpdate.all(), "resolution_id", ("posted_at", "id")
        )

    @cached_property
    def scope_labels(self) -> ScopeLabels:
        return ScopeLabels(self)

    @cached_property
    def names(self) -> MaskedNames:
        return MaskedNames(self)

    @cached_property
    def supported_by_me(self) -> SupportedByMe:
        return SupportedByMe(self)

    @cached_property
    def reported_by_me(self) -> ReportedByMe:
        return ReportedByMe(self)

    @cached_property
    def report_counts(self) -> ReportCounts:
        return ReportCounts(self)

    @cached_property
    def comment_counts(self) -> CommentCounts:
        return CommentCounts(self)

    @cached_property
    def evaluation_summaries(self) -> EvaluationSummaries:
        return EvaluationSummaries(self)

    @cached_property
    def my_evaluations(self) -> MyEvaluations:
        return MyEvaluations(self)

    @cached_property
    def settings(self) -> CommunitySettings:
        return CommunitySettings(self)
