"""Data flows one way: models and services never reach up into the GraphQL or HTTP layers."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

BACKEND = Path(__file__).resolve().parent.parent / "backend"
FORBIDDEN = ("strawberry", "starlette", "graphql", "uvicorn")
LOWER_LAYERS = sorted(
    [
        *BACKEND.glob("*/models.py"),
        *BACKEND.glob("*/models/*.py"),  # an area's models split into a package
        *BACKEND.glob("*/services.py"),
        *BACKEND.glob("core/*.py"),
    ]
)


def _imported_modules(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            found.add(node.module)
    return found


def test_lower_layers_exist() -> None:
    assert len(LOWER_LAYERS) >= 10


@pytest.mark.parametrize("path", LOWER_LAYERS, ids=lambda p: str(p.relative_to(BACKEND)))
def test_models_and_services_do_not_import_the_api_layer(path: Path) -> None:
    offending = {
        m
        for m in _imported_modules(path)
        if m.split(".")[0] in FORBIDDEN or m.startswith("backend.api")
    }
    assert offending == set()
