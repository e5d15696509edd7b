"""The committed migrations describe the models exactly (Tortoise has no `makemigrations --check`)."""

from __future__ import annotations

from tortoise import Tortoise
from tortoise.migrations.autodetector import MigrationAutodetector

from backend.db import tortoise_config
from tests.conftest import TEST_SETTINGS


async def test_models_and_migrations_do_not_differ(database: str) -> None:
    config = tortoise_config(TEST_SETTINGS)
    apps_config = config["apps"]
    assert Tortoise.apps is not None
    writers = await MigrationAutodetector(Tortoise.apps, apps_config).changes()
    pending = [op for writer in writers for op in writer.operations]
    assert pending == [], "models changed without a migration: run `make migrations`"
