"""Settings read from the environment (and a git-ignored ``.env`` / generated secrets file).

Production refuses to start with missing or development secrets, because a street office
must never run on a key that is published in the repository.
"""

from __future__ import annotations

import base64
import os
import secrets
from dataclasses import dataclass
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DATA_DIR = PROJECT_ROOT / "data"


class ConfigError(RuntimeError):
    """Raised when the environment does not describe a safe configuration."""


def _load_env_file(path: Path) -> dict[str, str]:
    values: dict[str, str] = {}
    if not path.is_file():
        return values
    for raw in path.read_text(encoding="utf-8").splitlines():
        line = raw.strip()
        if not line or line.startswith("#") or "=" not in line:
            continue
        key, _, value = line.partition("=")
        values[key.strip()] = value.strip().strip('"').strip("'")
    return values


def _dev_secrets(data_dir: Path) -> dict[str, str]:
    """Generate development secrets once into a git-ignored file so restarts keep data readable."""
    path = data_dir / "dev-secrets.env"
    existing = _load_env_file(path)
    if {"SECRET_KEY", "DATA_ENCRYPTION_KEY", "DATA_HASH_KEY"} <= existing.keys():
        return existing
    data_dir.mkdir(parents=True, exist_ok=True)
    generated = {
        "SECRET_KEY": secrets.token_urlsafe(48),
        "DATA_ENCRYPTION_KEY": base64.urlsafe_b64encode(secrets.token_bytes(32)).decode(),
        "DATA_HASH_KEY": secrets.token_urlsafe(32),
    }
    path.write_text("".join(f"{k}={v}\n" for k, v in generated.items()), encoding="utf-8")
    path.chmod(0o600)
    return generated


@dataclass(frozen=True)
class Settings:
    app_env: str = "development"
    host: str = "127.0.0.1"
    port: int = 8000
    database_url: str = ""
    data_dir: Path = DEFAULT_DATA_DIR
    secret_key: str = ""
    data_encryption_key: str = ""
    # Keys the lookup hashes of ID numbers and phones; unlike the encryption key it cannot rotate
    # without re-hashing every row, so it is a setting of its own.
    data_hash_key: str = ""
    # Older keys, still accepted for decryption while records are re-encrypted (key rotation).
    data_encryption_old_keys: tuple[str, ...] = ()
    frontend_dist: Path = PROJECT_ROOT / "frontend" / "dist"
    log_level: str = "INFO"
    seed_demo_on_start: bool = False
    max_page_size: int = 100

    @property
    def is_production(self) -> bool:
        return self.app_env == "production"

    @property
    def effective_database_url(self) -> str:
        if self.database_url:
            return self.database_url
        return f"sqlite://{self.data_dir / 'gongzhi.sqlite3'}"


def load_settings(environ: dict[str, str] | None = None) -> Settings:
    env = dict(os.environ if environ is None else environ)
    file_values = _load_env_file(PROJECT_ROOT / ".env") if environ is None else {}
    merged = {**file_values, **env}
    app_env = merged.get("APP_ENV", "development")
    if app_env not in {"development", "production", "test"}:
        raise ConfigError(f"APP_ENV must be development, production or test, not {app_env!r}")
    data_dir = Path(merged.get("DATA_DIR", str(DEFAULT_DATA_DIR)))
    if app_env != "production":
        for key, value in _dev_secrets(data_dir).items():
            merged.setdefault(key, value)
    settings = Settings(
        app_env=app_env,
        host=merged.get("HOST", "127.0.0.1"),
        port=int(merged.get("PORT", "8000")),
        database_url=merged.get("DATABASE_URL", ""),
        data_dir=data_dir,
        secret_key=merged.get("SECRET_KEY", ""),
        data_encryption_key=merged.get("DATA_ENCRYPTION_KEY", ""),
        data_hash_key=merged.get("DATA_HASH_KEY", ""),
        data_encryption_old_keys=tuple(
            k for k in merged.get("DATA_ENCRYPTION_OLD_KEYS", "").split(",") if k
        ),
        frontend_dist=Path(merged.get("FRONTEND_DIST", str(PROJECT_ROOT / "frontend" / "dist"))),
        log_level=merged.get("LOG_LEVEL", "INFO"),
        seed_demo_on_start=merged.get("SEED_DEMO", "0") == "1",
    )
    _refuse_unsafe(settings)
    return settings


def _refuse_unsafe(settings: Settings) -> None:
    if not settings.is_production:
        return
    missing = [
        name
        for name, value in (
            ("SECRET_KEY", settings.secret_key),
            ("DATA_ENCRYPTION_KEY", settings.data_encryption_key),
            ("DATA_HASH_KEY", settings.data_hash_key),
            ("DATABASE_URL", settings.database_url),
        )
        if not value
    ]
    if missing:
        raise ConfigError("production needs these settings: " + ", ".join(missing))
    if len(settings.secret_key) < 32:
        raise ConfigError("SECRET_KEY must be at least 32 characters in production")


_settings: Settings | None = None


def get_settings() -> Settings:
    global _settings
    if _settings is None:
        _settings = load_settings()
    return _settings


def override_settings(settings: Settings | None) -> None:
    """Used by the CLI and tests to run with explicit settings."""
    global _settings
    _settings = settings
