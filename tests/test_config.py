from __future__ import annotations

from pathlib import Path

import pytest

from backend.config import ConfigError, load_settings


def test_production_refuses_to_start_without_its_secrets(tmp_path: Path) -> None:
    with pytest.raises(ConfigError) as info:
        load_settings({"APP_ENV": "production", "DATA_DIR": str(tmp_path)})
    assert "SECRET_KEY" in str(info.value)
    assert "DATA_ENCRYPTION_KEY" in str(info.value)
    assert list(tmp_path.iterdir()) == []  # no secrets were generated for production


def test_development_generates_secrets_once_into_the_data_folder(tmp_path: Path) -> None:
    first = load_settings({"APP_ENV": "development", "DATA_DIR": str(tmp_path)})
    second = load_settings({"APP_ENV": "development", "DATA_DIR": str(tmp_path)})
    assert first.secret_key and first.secret_key == second.secret_key
    assert first.data_encryption_key == second.data_encryption_key
    assert (tmp_path / "dev-secrets.env").stat().st_mode & 0o777 == 0o600
    assert first.effective_database_url == f"sqlite://{tmp_path / 'gongzhi.sqlite3'}"


def test_unknown_app_env_is_refused(tmp_path: Path) -> None:
    with pytest.raises(ConfigError):
        load_settings({"APP_ENV": "staging", "DATA_DIR": str(tmp_path)})


def test_a_malformed_encryption_key_is_refused_in_development_too(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="32 bytes"):
        load_settings(
            {"APP_ENV": "development", "DATA_DIR": str(tmp_path), "DATA_ENCRYPTION_KEY": "abc"}
        )
