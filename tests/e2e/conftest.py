"""Browser tests: the real server in a subprocess (one per test module, its own SQLite in a
fresh temporary directory, serving the built frontend) and Debian's Chromium through
Playwright. Nothing is downloaded; traffic stays on 127.0.0.1.

Every app needs login: accounts are made with the real command line (`gongzhi create-user`,
run with the server's environment), the API helper logs in as the platform admin with a bearer
token, and the `*_page` fixtures open the browser with a session cookie of the named account
(the login screens themselves are tested in test_login.py)."""

from __future__ import annotations

import os
import re
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from tests.e2e.support import (
    COMMUNITY,
    GRID_ONE,
    GRID_TWO,
    PASSWORD,
    Api,
    Register,
    create_register,
)

REPO_ROOT = Path(__file__).resolve().parents[2]
FRONTEND_DIST = REPO_ROOT / "frontend" / "dist"
SCREENSHOTS = REPO_ROOT / "test-artifacts" / "screenshots"
CHROMIUM = Path(os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium"))
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 860}
SESSION_COOKIE = "gongzhi_session"
# The grid worker account of every module (on grids one and two) and its staff record.
GRID_WORKER = ("grid1", "E2E-0001", "王芳")


def _missing() -> str | None:
    if not (FRONTEND_DIST / "index.html").is_file():
        return "frontend/dist/index.html is missing: build it with `cd frontend && npm run build`"
    if not CHROMIUM.is_file():
        return f"Chromium is missing at {CHROMIUM} (apt-get install chromium)"
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "the playwright Python package is not installed"
    return None


SKIP_REASON = _missing()
requires_browser = pytest.mark.skipif(SKIP_REASON is not None, reason=SKIP_REASON or "")


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def _wait_healthy(url: str, process: subprocess.Popen[bytes], log: Path) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"the server exited ({process.returncode}):\n{log.read_text()}")
        try:
            if httpx.get(f"{url}/healthz", timeout=2).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.2)
    raise RuntimeError(f"the server did not become healthy in 60 s:\n{log.read_text()}")


class LiveServer:
    def __init__(self, url: str, env: dict[str, str]) -> None:
        self.url = url
        self.env = env
        self.api = Api(url)

    def run(
        self, *args: str, module: str = "backend.cli", env: dict[str, str] | None = None
    ) -> str:
        """Run a command line against the server's database; returns its output."""
        done = subprocess.run(
            [sys.executable, "-m", module, *args],
            cwd=REPO_ROOT,
            env={**self.env, **(env or {})},
            capture_output=True,
            text=True,
            timeout=120,
        )
        if done.returncode != 0:
            raise RuntimeError(f"{module} {' '.join(args)} failed:\n{done.stdout}{done.stderr}")
        return done.stdout

    def create_user(self, username: str, role: str, *options: str) -> None:
        """`gongzhi create-user` with the tests' password (given through the environment)."""
        self.run(
            "create-user",
            "--username",
            username,
            "--role",
            role,
            *options,
            env={"GONGZHI_PASSWORD": PASSWORD},
        )

    def otp_code(self, phone: str) -> str:
        """The last login code sent to a phone (`gongzhi otp-peek`, development outbox)."""
        text = self.run("otp-peek", phone)
        found = re.search(r"\b(\d{6})\b", text)
        assert found, f"no code in {text!r}"
        return found.group(1)

    def token(self, username: str) -> str:
        """A new session of a staff account."""
        return Api(self.url).login(username, PASSWORD)


@pytest.fixture(scope="module")
def live_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    """`python -m backend.cli serve` on a free port with a fresh SQLite database."""
    data_dir = tmp_path_factory.mktemp("e2e-data")
    port = _free_port()
    url = f"http://127.0.0.1:{port}"
    env = {
        **os.environ,
        "APP_ENV": "test",
        "DATA_DIR": str(data_dir),
        "DATABASE_URL": f"sqlite://{data_dir / 'gongzhi.sqlite3'}",
        "FRONTEND_DIST": str(FRONTEND_DIST),
        "SEED_DEMO": "0",
        "LOG_LEVEL": "warning",
        # Limits have their own tests; here they would only make the suite timing-dependent.
        "RATE_LIMIT_PER_ADDRESS": "0",
        "RATE_LIMIT_PER_USER": "0",
    }
    log_path = data_dir / "server.log"
    command = [sys.executable, "-m", "backend.cli", "serve", "--host", "127.0.0.1"]
    command += ["--port", str(port)]
    with log_path.open("wb") as log:
        process = subprocess.Popen(
            command,
            cwd=REPO_ROOT,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        try:
            _wait_healthy(url, process, log_path)
            server = LiveServer(url, env)
            server.create_user("admin", "PLATFORM_ADMIN", "--display-name", "平台管理员")
            server.api.login("admin", PASSWORD)
            yield server
        finally:
            process.terminate()
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait(timeout=15)


@pytest.fixture(scope="module")
def register(live_server: LiveServer) -> Register:
    """The module's own data, created through GraphQL mutations by the platform admin, with a
    grid worker on grids one and two (`grid1`) and a member of the community's staff
    (`community`)."""
    reg = create_register(live_server.api)
    username, employee_no, name = GRID_WORKER
    live_server.run(employee_no, name, GRID_ONE[0], GRID_TWO[0], module="tests.e2e.workers")
    live_server.create_user(
        username, "GRID_WORKER", "--grid-worker", employee_no, "--display-name", name
    )
    live_server.create_user(
        "community",
        "DIVISION_STAFF",
        "--scope-division",
        COMMUNITY[0],
        "--display-name",
        f"{COMMUNITY[1]}工作人员",
    )
    return reg


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    """Chromium for one module. Playwright's sync API runs an event loop of its own while it is
    open, so it is closed with the module, before any asyncio test of another module runs."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS
        )
        try:
            yield chromium
        finally:
            chromium.close()


_FAILED = pytest.StashKey[bool]()


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]) -> Any:
    report = yield
    if report.when == "call":
        item.stash[_FAILED] = report.failed
    return report


def _new_page(
    browser: Any, live_server: LiveServer, request: pytest.FixtureRequest, viewport: dict[str, int]
) -> Iterator[Any]:
    from playwright.sync_api import expect

    expect.set_options(timeout=10_000)
    context = browser.new_context(base_url=live_server.url, viewport=viewport, locale="zh-CN")
    context.set_default_timeout(10_000)
    page = context.new_page()
    page_errors: list[str] = []
    page.on("pageerror", lambda error: page_errors.append(str(error)))
    # The app is self-contained: nothing may be fetched from another host (a phone on a
    # government network may not reach it, and the CSP refuses it), and nothing is refused.
    foreign: list[str] = []
    page.on(
        "request",
        lambda r: (
            foreign.append(r.url)
            if r.url.split(":", 1)[0] in {"http", "https", "ws", "wss"}
            and not r.url.startswith(live_server.url)
            else None
        ),
    )
    page.on(
        "console",
        lambda m: foreign.append(m.text) if "Content Security Policy" in m.text else None,
    )
    safe_name = re.sub(r"[^\w.-]+", "_", request.node.name)
    failure_shot = SCREENSHOTS / f"FAILED-{safe_name}.png"
    failure_shot.unlink(missing_ok=True)
    try:
        yield page
        if request.node.stash.get(_FAILED, False):
            SCREENSHOTS.mkdir(parents=True, exist_ok=True)
            page.screenshot(path=str(failure_shot), full_page=True)
        assert page_errors == [], f"JavaScript errors in the page: {page_errors}"
        assert foreign == [], f"Requests off the site or refused by the CSP: {foreign}"
    finally:
        context.close()


@pytest.fixture
def phone_page(browser: Any, live_server: LiveServer, request: pytest.FixtureRequest) -> Any:
    """A fresh phone-sized page (empty storage, so the interface starts in Chinese)."""
    yield from _new_page(browser, live_server, request, PHONE)


@pytest.fixture
def desktop_page(browser: Any, live_server: LiveServer, request: pytest.FixtureRequest) -> Any:
    yield from _new_page(browser, live_server, request, DESKTOP)


def sign_in(page: Any, live_server: LiveServer, username: str) -> str:
    """Give the page's browser a session of a staff account, as a login would; returns the
    token (the cookie's value)."""
    token = live_server.token(username)
    page.context.add_cookies(
        [
            {
                "name": SESSION_COOKIE,
                "value": token,
                "url": live_server.url,
                "httpOnly": True,
                "sameSite": "Lax",
            }
        ]
    )
    return token


@pytest.fixture
def grid_worker_page(phone_page: Any, live_server: LiveServer, register: Register) -> Any:
    """A phone page logged in as the grid worker of grids one and two."""
    sign_in(phone_page, live_server, GRID_WORKER[0])
    return phone_page


@pytest.fixture
def community_page(phone_page: Any, live_server: LiveServer, register: Register) -> Any:
    """A phone page logged in as the community's staff (every grid of the community)."""
    sign_in(phone_page, live_server, "community")
    return phone_page


@pytest.fixture
def admin_page(desktop_page: Any, live_server: LiveServer, register: Register) -> Any:
    """A desktop page logged in as the platform admin."""
    sign_in(desktop_page, live_server, "admin")
    return desktop_page


def screenshot(page: Any, name: str) -> None:
    """Keep a picture of a main screen as a test artefact (test-artifacts/screenshots)."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=True)
