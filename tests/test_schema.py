"""The published contract: schema.graphql is the code's schema, and every part is described."""

from __future__ import annotations

from pathlib import Path

from graphql import GraphQLEnumType, GraphQLInputObjectType, GraphQLInterfaceType, GraphQLObjectType

from backend.api.export import schema_sdl
from backend.api.schema import schema

SCHEMA_FILE = Path(__file__).resolve().parent.parent / "schema.graphql"


def test_committed_schema_matches_the_code() -> None:
    assert SCHEMA_FILE.read_text(encoding="utf-8") == schema_sdl(), (
        "schema.graphql is stale: run `gongzhi export-schema`"
    )


def test_register_types_implement_node() -> None:
    gql = schema._schema
    for name in (
        "Division",
        "Grid",
        "GridWorker",
        "Compound",
        "Building",
        "Dwelling",
        "Household",
        "Resident",
        "Vote",
        "VoteOption",
        "BallotConflict",
    ):
        type_ = gql.get_type(name)
        assert isinstance(type_, GraphQLObjectType), name
        assert [i.name for i in type_.interfaces] == ["Node"], name


def test_every_type_and_field_has_a_description() -> None:
    missing = []
    for name, type_ in schema._schema.type_map.items():
        if name.startswith("__") or name in {
            "String",
            "Int",
            "Float",
            "Boolean",
            "ID",
            "Date",
            "JSON",
        }:
            continue
        if name in {"Query", "Mutation"}:
            pass
        elif not type_.description:
            missing.append(name)
        if isinstance(type_, GraphQLObjectType | GraphQLInterfaceType | GraphQLInputObjectType):
            missing += [f"{name}.{f}" for f, field in type_.fields.items() if not field.description]
        if isinstance(type_, GraphQLEnumType):
            continue
    assert missing == []


def test_mutations_are_named_noun_first_and_return_payloads_with_errors() -> None:
    mutation = schema._schema.mutation_type
    assert mutation is not None
    assert sorted(mutation.fields) == [
        "authLogin",
        "authLogout",
        "authOtpRequest",
        "authOtpVerify",
        "ballotConflictResolve",
        "ballotPaperEnter",
        "commentCreate",
        "commentHide",
        "commentReport",
        "commentUpdate",
        "consultationSessionCreate",
        "consultationSessionUpdate",
        "consultationSettingsSet",
        "divisionCreate",
        "dwellingOwnersSet",
        "evaluationSubmit",
        "gridCreate",
        "gridUpdate",
        "gridWorkerAssign",
        "householdCreate",
        "householdMerge",
        "implementationUpdateCreate",
        "residentCreate",
        "residentMove",
        "residentReveal",
        "residentUpdate",
        "resolutionPublish",
        "sessionMaterialAdd",
        "sessionMinutesSet",
        "specialPopulationRecordCreate",
        "specialPopulationRecordEnd",
        "specialPopulationRecordUpdate",
        "topicImplement",
        "topicPropose",
        "topicReview",
        "topicStateSet",
        "topicSupport",
        "voteCast",
        "voteClose",
        "voteCreate",
        "voteOpen",
        "voteRecount",
    ]
    for name, field in mutation.fields.items():
        payload = field.type.of_type
        assert "errors" in payload.fields, name
        assert list(field.args) == ["input"], name
