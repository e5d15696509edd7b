"""Export the schema as SDL; ``schema.graphql`` is this output, checked by a test."""

from __future__ import annotations

from strawberry.printer import print_schema

from backend.api.schema import schema


def schema_sdl() -> str:
    return print_schema(schema).rstrip() + "\n"
