"""Tortoise configuration: one app listing every area's models, migrations in backend.migrations."""

from __future__ import annotations

from typing import Any

from tortoise import Tortoise

from backend.config import Settings, get_settings

MODEL_MODULES = [
    "backend.divisions.models",
    "backend.grids.models",
    "backend.housing.models",
    "backend.residents.models",
    "backend.auth.models",
    "backend.audit.models",
    "backend.special.models",
    "backend.consultations.models",
]


def tortoise_config(settings: Settings | None = None, db_url: str | None = None) -> dict[str, Any]:
    settings = settings or get_settings()
    url = db_url or settings.effective_database_url
    return {
        "connections": {"default": connection_config(url)},
        "apps": {
            "models": {
                "models": MODEL_MODULES,
                "default_connection": "default",
                "migrations": "backend.migrations",
            }
        },
        "use_tz": True,
        "timezone": "UTC",
    }


def connection_config(url: str) -> str | dict[str, Any]:
    if not url.startswith(("postgres://", "postgresql://")):
        return url
    from tortoise.backends.base.config_generator import expand_db_url

    expanded = expand_db_url(url)
    expanded["engine"] = "tortoise.backends.asyncpg"
    credentials = expanded["credentials"]
    # A parameterised LIMIT in a generic plan scans the whole table (DESIGN §9).
    credentials["server_settings"] = {
        "plan_cache_mode": "force_custom_plan",
        "statement_timeout": "10000",
    }
    # No session state is ever changed (no SET, LISTEN, advisory locks or cursors), so the
    # pool's default reset (one more round trip after every statement) has nothing to undo;
    # asyncpg still rolls back a transaction left open before a connection goes back.
    credentials["reset"] = _keep_session
    return expanded


async def _keep_session(connection: Any) -> None:
    """Pool reset that sends nothing to the server (see ``connection_config``)."""


async def init_db(settings: Settings | None = None, db_url: str | None = None) -> None:
    await Tortoise.init(config=tortoise_config(settings, db_url), _enable_global_fallback=True)


async def close_db() -> None:
    await Tortoise.close_connections()


# Read by `tortoise -c backend.db.TORTOISE_ORM makemigrations`.
TORTOISE_ORM = tortoise_config()
