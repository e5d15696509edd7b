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
    # API limits (DESIGN §6); 0 disables a rate limit.
    max_query_depth: int = 10
    max_aliases: int = 15
    max_tokens: int = 2000
    max_query_cost: int = 50_000
    max_body_bytes: int = 1_048_576
    request_timeout_seconds: float = 10.0
    rate_limit_per_address: int = 600
    rate_limit_per_user: int = 300
    rate_limit_per_api_key: int = 1200
    rate_limit_window_seconds: int = 60
    # Accounts and sessions.
    session_ttl_hours: int = 12
    resident_session_ttl_hours: int = 24 * 30
    login_max_failures: int = 5
    login_lockout_seconds: int = 60
    otp_ttl_seconds: int = 300
    otp_max_attempts: int = 5
    otp_resend_seconds: int = 60
    otp_max_per_phone_per_day: int = 10
    # "log" writes codes to the log and the development outbox; "http" posts to a gateway.
    sms_sender: str = "log"
    sms_http_url: str = ""
    sms_http_token: str = ""
    # Origins allowed to send cookie-authenticated requests besides the app's own.
    allowed_origins: tuple[str, ...] = ()
    cookie_secure: bool = False
    audit_retention_days: int = 180

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
        max_query_depth=_int(merged, "MAX_QUERY_DEPTH", 10),
        max_aliases=_int(merged, "MAX_ALIASES", 15),
        max_tokens=_int(merged, "MAX_TOKENS", 2000),
        max_query_cost=_int(merged, "MAX_QUERY_COST", 50_000),
        max_body_bytes=_int(merged, "MAX_BODY_BYTES", 1_048_576),
        request_timeout_seconds=float(merged.get("REQUEST_TIMEOUT_SECONDS", "10")),
        rate_limit_per_address=_int(merged, "RATE_LIMIT_PER_ADDRESS", 600),
        rate_limit_per_user=_int(merged, "RATE_LIMIT_PER_USER", 300),
        rate_limit_per_api_key=_int(merged, "RATE_LIMIT_PER_API_KEY", 1200),
        rate_limit_window_seconds=_int(merged, "RATE_LIMIT_WINDOW_SECONDS", 60),
        session_ttl_hours=_int(merged, "SESSION_TTL_HOURS", 12),
        resident_session_ttl_hours=_int(merged, "RESIDENT_SESSION_TTL_HOURS", 24 * 30),
        login_max_failures=_int(merged, "LOGIN_MAX_FAILURES", 5),
        login_lockout_seconds=_int(merged, "LOGIN_LOCKOUT_SECONDS", 60),
        otp_ttl_seconds=_int(merged, "OTP_TTL_SECONDS", 300),
        otp_max_attempts=_int(merged, "OTP_MAX_ATTEMPTS", 5),
        otp_resend_seconds=_int(merged, "OTP_RESEND_SECONDS", 60),
        otp_max_per_phone_per_day=_int(merged, "OTP_MAX_PER_PHONE_PER_DAY", 10),
        sms_sender=merged.get("SMS_SENDER", "log"),
        sms_http_url=merged.get("SMS_HTTP_URL", ""),
        sms_http_token=merged.get("SMS_HTTP_TOKEN", ""),
        allowed_origins=tuple(o for o in merged.get("ALLOWED_ORIGINS", "").split(",") if o),
        cookie_secure=merged.get("COOKIE_SECURE", "0") == "1",
        audit_retention_days=_int(merged, "AUDIT_RETENTION_DAYS", 180),
    )
    _refuse_unsafe(settings)
    return settings


def _int(values: dict[str, str], name: str, default: int) -> int:
    raw = values.get(name)
    if raw is None or raw == "":
        return default
    try:
        return int(raw)
    except ValueError:
        raise ConfigError(f"{name} must be a whole number, not {raw!r}") from None


# The audit log is kept at least this long (DESIGN §6); the database refuses earlier deletes.
MIN_AUDIT_RETENTION_DAYS = 180


def _refuse_unsafe(settings: Settings) -> None:
    if settings.audit_retention_days < MIN_AUDIT_RETENTION_DAYS:
        raise ConfigError(f"AUDIT_RETENTION_DAYS must be at least {MIN_AUDIT_RETENTION_DAYS}")
    if settings.sms_sender not in {"log", "http"}:
        raise ConfigError("SMS_SENDER must be log or http")
    _refuse_malformed_keys(settings)
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
    if {
        settings.secret_key.lower(),
        settings.data_encryption_key.lower(),
        settings.data_hash_key.lower(),
    } & KNOWN_PLACEHOLDERS:
        raise ConfigError(
            "SECRET_KEY, DATA_ENCRYPTION_KEY and DATA_HASH_KEY must not be placeholder values"
        )
    if settings.sms_sender != "http" or not settings.sms_http_url:
        raise ConfigError("production needs a real SMS sender: SMS_SENDER=http and SMS_HTTP_URL")


def _refuse_malformed_keys(settings: Settings) -> None:
    """A key that is set must be usable: found at start, not at the first personal-data read."""
    from backend.core.crypto import CryptoError, PersonalDataCipher

    if not settings.data_encryption_key or not settings.data_hash_key:
        return  # production reports missing keys by name below
    try:
        PersonalDataCipher(
            settings.data_encryption_key,
            settings.data_encryption_old_keys,
            settings.data_hash_key,
        )
    except CryptoError as exc:
        raise ConfigError(str(exc)) from None


# Values copied from examples (docker-compose.yml, docs) that must never reach production.
KNOWN_PLACEHOLDERS = frozenset(
    {
        "change-me",
        "changeme",
        "change-me-to-a-long-random-string-of-48-characters",
        "secret",
        "development",
    }
)

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
