"""Fixtures of the access tests: the app without rate limits, and a district with every role."""

from __future__ import annotations

from typing import Any

import pytest

from tests.auth.support import UNLIMITED, World, build_world


@pytest.fixture
def app(db: str) -> Any:
    """The app with rate limits off: these tests send hundreds of requests from one address."""
    from backend.app import create_app

    return create_app(UNLIMITED, migrate=False)


@pytest.fixture
async def world(db: str) -> World:
    return await build_world()
