"""Apply Tortoise's own migrations (backend/migrations) to the configured database."""

from __future__ import annotations

from tortoise import Tortoise
from tortoise.migrations.api import migrate

from backend.config import Settings
from backend.db import tortoise_config


async def apply_migrations(settings: Settings, db_url: str | None = None) -> None:
    if db_url is None and not settings.database_url:
        settings.data_dir.mkdir(parents=True, exist_ok=True)
    try:
        await migrate(config=tortoise_config(settings, db_url))
    finally:
        await Tortoise.close_connections()
