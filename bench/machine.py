"""The machine and the versions a result was measured with."""

from __future__ import annotations

import importlib.metadata
import json
import os
import platform
import subprocess
from pathlib import Path
from typing import Any

from bench import env, loadgen
from bench.servers import PG_DIR


def _version(package: str) -> str:
    try:
        return importlib.metadata.version(package)
    except importlib.metadata.PackageNotFoundError:
        return "not installed"


def _node_package_version(name: str) -> str:
    path = PG_DIR / "node_modules" / name / "package.json"
    try:
        version: str = json.loads(path.read_text(encoding="utf-8"))["version"]
        return version
    except (OSError, KeyError, ValueError):
        return "not installed"


def machine(postgres_version: str, node_version: str) -> dict[str, Any]:
    cpuinfo = Path("/proc/cpuinfo").read_text(encoding="utf-8", errors="replace")
    model = next(
        (ln.split(":", 1)[1].strip() for ln in cpuinfo.splitlines() if ln.startswith("model name")),
        platform.processor() or "unknown",
    )
    meminfo = Path("/proc/meminfo").read_text(encoding="utf-8").splitlines()
    mem_kib = int(next(ln for ln in meminfo if ln.startswith("MemTotal")).split()[1])
    os_name = platform.platform()
    release = Path("/etc/os-release")
    if release.exists():
        for line in release.read_text(encoding="utf-8").splitlines():
            if line.startswith("PRETTY_NAME="):
                os_name = line.split("=", 1)[1].strip('"')
    git = subprocess.run(
        ["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True, check=False
    )
    dirty = subprocess.run(
        ["git", "status", "--porcelain", "--", "backend"],
        capture_output=True,
        text=True,
        check=False,
        cwd=env.PROJECT_ROOT,
    )
    return {
        "cpu_model": model,
        "cores": os.cpu_count(),
        "memory_gb": round(mem_kib / 1024 / 1024, 1),
        "os": os_name,
        "kernel": platform.release(),
        "git_commit": git.stdout.strip() or "unknown",
        "backend_has_uncommitted_changes": bool(dirty.stdout.strip()),
        "versions": {
            "python": platform.python_version(),
            "postgresql": postgres_version,
            "node": node_version,
            "postgraphile": _node_package_version("postgraphile"),
            "postgraphile-plugin-connection-filter": _node_package_version(
                "postgraphile-plugin-connection-filter"
            ),
            "strawberry-graphql": _version("strawberry-graphql"),
            "graphql-core": _version("graphql-core"),
            "starlette": _version("starlette"),
            "uvicorn": _version("uvicorn"),
            "uvloop": _version("uvloop"),
            "httptools": _version("httptools"),
            "tortoise-orm": _version("tortoise-orm"),
            "asyncpg": _version("asyncpg"),
            "orjson": _version("orjson"),
            "wrk": loadgen.wrk_version(),
        },
    }
