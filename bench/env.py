"""Settings shared by the dataset loader, the servers under test and the load runner.

The benchmark runs with fixed, published secrets (``APP_ENV=test``): its databases hold
synthetic people only, and fixed keys let a loaded dataset be reused by later runs.
"""

from __future__ import annotations

import base64
import hashlib
import os
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

BENCH_DIR = Path(__file__).resolve().parent
PROJECT_ROOT = BENCH_DIR.parent
DATA_DIR = BENCH_DIR / ".data"  # git-ignored: SQLite files, server scratch directories
RESULTS_DIR = BENCH_DIR / "results"

# Server that holds the benchmark databases; the bench creates gongzhi_bench_<size> on it.
ADMIN_URL = os.environ.get("BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/postgres")

SECRETS = {
    "SECRET_KEY": "gongzhi-bench-only-secret-key-0123456789abcdef",
    "DATA_ENCRYPTION_KEY": base64.urlsafe_b64encode(b"gongzhi-bench-only-aes-key-32byt").decode(),
    "DATA_HASH_KEY": "gongzhi-bench-only-hash-key",
}


def key_fingerprint() -> str:
    """Short digest of the keys, stored with a dataset so a key change forces a reload."""
    raw = SECRETS["DATA_ENCRYPTION_KEY"] + SECRETS["DATA_HASH_KEY"]
    return hashlib.sha256(raw.encode()).hexdigest()[:12]


def database_name(size: str) -> str:
    return f"gongzhi_bench_{size}"


def with_database(url: str, name: str) -> str:
    return urlunsplit(urlsplit(url)._replace(path=f"/{name}"))


def with_port(url: str, port: int) -> str:
    parts = urlsplit(url)
    netloc = parts.netloc.rsplit("@", 1)
    host = netloc[-1].rsplit(":", 1)[0]
    userinfo = netloc[0] + "@" if len(netloc) == 2 else ""
    return urlunsplit(parts._replace(netloc=f"{userinfo}{host}:{port}"))


def postgres_url(size: str) -> str:
    return with_database(ADMIN_URL, database_name(size))


def sqlite_path(size: str) -> Path:
    return DATA_DIR / f"{database_name(size)}.sqlite3"


def server_env(database_url: str, scratch: Path) -> dict[str, str]:
    """Environment of a ``gongzhi serve`` process under test."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DATABASE_", "SEED_"))}
    env.update(SECRETS)
    env.update(
        {
            "APP_ENV": "test",
            "DATABASE_URL": database_url,
            "DATA_DIR": str(scratch),
            "LOG_LEVEL": "WARNING",
            "SEED_DEMO": "0",
            # wrk sends thousands of requests a second from 127.0.0.1: no rate limits.
            "RATE_LIMIT_PER_ADDRESS": "0",
            "RATE_LIMIT_PER_USER": "0",
            "RATE_LIMIT_PER_API_KEY": "0",
        }
    )
    return env


def use_bench_settings(database_url: str = "") -> None:
    """Point this process's backend settings (and its cipher) at the benchmark's fixed keys."""
    from backend.config import Settings, override_settings
    from backend.core import crypto

    DATA_DIR.mkdir(parents=True, exist_ok=True)
    override_settings(
        Settings(
            app_env="test",
            database_url=database_url,
            data_dir=DATA_DIR,
            secret_key=SECRETS["SECRET_KEY"],
            data_encryption_key=SECRETS["DATA_ENCRYPTION_KEY"],
            data_hash_key=SECRETS["DATA_HASH_KEY"],
        )
    )
    crypto.get_cipher.cache_clear()
