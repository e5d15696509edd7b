"""The one schema: every area's Query and Mutation merged, plus Relay node lookups."""

from __future__ import annotations

import logging
import traceback
from typing import Any

import strawberry
from graphql import GraphQLError
from strawberry.tools import merge_types
from strawberry.types import ExecutionContext

from backend.api.context import Info
from backend.api.errors import QueryInputError
from backend.api.execution import FastExecutionContext
from backend.api.node import NODE_KINDS
from backend.api.permissions import IsAuthenticated
from backend.api.pipeline import pipeline_extensions
from backend.api.relay import Node, parse_global_id
from backend.audit.queries import AuditQuery
from backend.auth.mutations import AuthMutation
from backend.auth.queries import AuthQuery
from backend.config import Settings
from backend.consultations.mutations import ConsultationMutation
from backend.consultations.queries import ConsultationQuery
from backend.consultations.subscriptions import VoteSubscription
from backend.consultations.vote_mutations import VoteMutation
from backend.consultations.vote_queries import VoteQuery
from backend.divisions.mutations import DivisionMutation
from backend.divisions.queries import DivisionQuery
from backend.grids.mutations import GridMutation
from backend.grids.queries import GridQuery
from backend.housing.mutations import HousingMutation
from backend.housing.queries import HousingQuery
from backend.residents.mutations import ResidentMutation
from backend.residents.queries import ResidentQuery
from backend.special.mutations import SpecialPopulationMutation
from backend.special.queries import SpecialPopulationQuery

logger = logging.getLogger("gongzhi.graphql")
MAX_NODES = 100


async def _load_nodes(info: Info, ids: list[strawberry.ID]) -> list[Node | None]:
    results: list[Node | None] = []
    for global_id in ids:
        parsed = parse_global_id(global_id)
        kind = NODE_KINDS.get(parsed[0]) if parsed else None
        if parsed is None or kind is None:
            raise QueryInputError(
                "无效的全局 ID" if info.context.lang == "zh" else "Invalid global ID",
                extensions={"code": "INVALID", "field": "id"},
            )
        row = await kind.loader(info.context).load(parsed[1])
        results.append(kind.wrap(row) if row is not None else None)
    return results


@strawberry.type
class NodeQuery:
    @strawberry.field(
        description="Any object by its global ID; null when absent or out of scope.",
        permission_classes=[IsAuthenticated],
    )
    async def node(self, info: Info, id: strawberry.ID) -> Node | None:
        return (await _load_nodes(info, [id]))[0]

    @strawberry.field(
        description="Objects by global IDs, in order; null where absent or out of scope.",
        permission_classes=[IsAuthenticated],
    )
    async def nodes(self, info: Info, ids: list[strawberry.ID]) -> list[Node | None]:
        if len(ids) > MAX_NODES:
            raise QueryInputError(
                f"At most {MAX_NODES} ids", extensions={"code": "OUT_OF_RANGE", "field": "ids"}
            )
        return await _load_nodes(info, ids)


Query = merge_types(
    "Query",
    (
        AuthQuery,
        NodeQuery,
        DivisionQuery,
        GridQuery,
        HousingQuery,
        ResidentQuery,
        SpecialPopulationQuery,
        VoteQuery,
        ConsultationQuery,
        AuditQuery,
    ),
)
Mutation = merge_types(
    "Mutation",
    (
        AuthMutation,
        DivisionMutation,
        GridMutation,
        HousingMutation,
        ResidentMutation,
        SpecialPopulationMutation,
        VoteMutation,
        ConsultationMutation,
    ),
)


@strawberry.type(description="Live updates 实时推送, over graphql-transport-ws on /graphql.")
class Subscription(VoteSubscription):
    pass


def _is_expected(error: GraphQLError) -> bool:
    """Validation, parse, input, limit and permission errors keep their message (they are
    GraphQL errors raised on purpose); anything else is a bug and is masked."""
    original = error.original_error
    return original is None or isinstance(original, GraphQLError)


class GongzhiSchema(strawberry.Schema):
    def process_errors(
        self, errors: list[GraphQLError], execution_context: ExecutionContext | None = None
    ) -> None:
        for error in errors:
            if _is_expected(error):
                continue
            # Log the type and path only: messages of driver errors can carry personal data.
            original = error.original_error
            frames = traceback.extract_tb(original.__traceback__) if original else []
            where = " <- ".join(
                f"{f.filename.rsplit('/', 1)[-1]}:{f.lineno} {f.name}" for f in frames[::-1][:12]
            )
            logger.error(
                "unexpected error at %s: %s at %s", error.path, type(original).__name__, where
            )


def _mask(error: GraphQLError) -> bool:
    return not _is_expected(error)


def build_schema(**kwargs: Any) -> strawberry.Schema:
    from backend.consultations import resolution_types as _resolution_types  # noqa: F401
    from backend.consultations import types as _consultation_types  # noqa: F401
    from backend.consultations import vote_types as _vote_types  # noqa: F401
    from backend.grids import types as _grid_types  # noqa: F401  register node kinds
    from backend.housing import types as _housing_types  # noqa: F401
    from backend.residents import types as _resident_types  # noqa: F401
    from backend.special import types as _special_types  # noqa: F401

    # Plain fields and subtrees without resolvers skip graphql-core's per-field path (§9).
    kwargs.setdefault("execution_context_class", FastExecutionContext)
    return GongzhiSchema(
        query=Query,
        mutation=Mutation,
        subscription=Subscription,
        types=[],
        # Each request is limited by its app's settings; these are the fallback.
        extensions=pipeline_extensions(Settings(), should_mask=_mask),
        **kwargs,
    )


schema = build_schema()
