"""Database triggers that make the audit log append-only.

Updates are refused, and so are deletes of entries younger than the minimum retention, so
neither a bug nor a compromised application account can quietly rewrite recent history.
"""

from __future__ import annotations

from backend.config import MIN_AUDIT_RETENTION_DAYS

POSTGRES_CREATE = f"""
CREATE OR REPLACE FUNCTION audit_entry_append_only() RETURNS trigger AS $$
BEGIN
  IF TG_OP = 'UPDATE' THEN
    RAISE EXCEPTION 'audit_entry is append-only';
  END IF;
  IF OLD.at > now() - interval '{MIN_AUDIT_RETENTION_DAYS} days' THEN
    RAISE EXCEPTION 'audit entries are kept at least {MIN_AUDIT_RETENTION_DAYS} days';
  END IF;
  RETURN OLD;
END $$ LANGUAGE plpgsql;
DROP TRIGGER IF EXISTS audit_entry_append_only ON audit_entry;
CREATE TRIGGER audit_entry_append_only BEFORE UPDATE OR DELETE ON audit_entry
  FOR EACH ROW EXECUTE FUNCTION audit_entry_append_only();
"""

POSTGRES_DROP = """
DROP TRIGGER IF EXISTS audit_entry_append_only ON audit_entry;
DROP FUNCTION IF EXISTS audit_entry_append_only();
"""

# Tortoise stores SQLite datetimes as ISO text, which compares in time order.
SQLITE_CREATE = f"""
CREATE TRIGGER IF NOT EXISTS audit_entry_no_update BEFORE UPDATE ON audit_entry
BEGIN SELECT RAISE(ABORT, 'audit_entry is append-only'); END;
CREATE TRIGGER IF NOT EXISTS audit_entry_no_early_delete BEFORE DELETE ON audit_entry
WHEN OLD.at > strftime('%Y-%m-%d %H:%M:%S', 'now', '-{MIN_AUDIT_RETENTION_DAYS} days')
BEGIN SELECT RAISE(ABORT, 'audit entries are kept at least {MIN_AUDIT_RETENTION_DAYS} days'); END;
"""

SQLITE_DROP = """
DROP TRIGGER IF EXISTS audit_entry_no_update;
DROP TRIGGER IF EXISTS audit_entry_no_early_delete;
"""


def create_sql(dialect: str) -> str:
    return POSTGRES_CREATE if dialect == "postgres" else SQLITE_CREATE


def drop_sql(dialect: str) -> str:
    return POSTGRES_DROP if dialect == "postgres" else SQLITE_DROP
