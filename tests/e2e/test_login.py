"""Login and personal data: staff and residents log in and land on their app, the apps need
login, logout ends the session, a grid worker reveals a resident's full details with a reason,
and a resident has no way to reveal anything."""

from __future__ import annotations

import gzip
import re
from typing import Any

import httpx
import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import (
    GRID_WORKER,
    SESSION_COOKIE,
    LiveServer,
    requires_browser,
    screenshot,
    sign_in,
)
from tests.e2e.support import DISTRICT, GRID_ONE, PASSWORD, Register, mask_id, mask_phone

pytestmark = [pytest.mark.e2e, requires_browser]

VALUE = ".van-cell__value"
TITLE = ".van-cell__title > span"
ERROR = ".van-field__error-message"
VIEWER = "{ viewer { authenticated displayName } }"


@pytest.fixture(scope="module")
def district_staff(live_server: LiveServer, register: Register) -> str:
    live_server.create_user(
        "district",
        "DIVISION_STAFF",
        "--scope-division",
        DISTRICT[0],
        "--display-name",
        f"{DISTRICT[1]}工作人员",
    )
    return "district"


def field(page: Any, test_id: str) -> Any:
    return page.get_by_test_id(test_id).locator("input, textarea")


def staff_login(page: Any, username: str, password: str = PASSWORD) -> None:
    field(page, "login-username").fill(username)
    field(page, "login-password").fill(password)
    page.get_by_test_id("login-submit").click()


def graphql_with_cookie(live_server: LiveServer, token: str, query: str) -> dict[str, Any]:
    response = httpx.post(
        f"{live_server.url}/graphql",
        json={"query": query},
        cookies={SESSION_COOKIE: token},
        timeout=30,
    )
    body: dict[str, Any] = response.json()
    return body


def test_staff_login_shows_field_errors_then_lands_the_grid_worker_on_grid(
    phone_page: Any, register: Register
) -> None:
    page = phone_page
    page.goto("/login")
    expect(page.locator("h1")).to_have_text("欢迎使用共治")
    expect(page.get_by_role("tab", name="居民")).to_have_attribute("aria-selected", "true")
    expect(page).to_have_title("登录 · 共治")
    page.get_by_role("tab", name="工作人员").click()
    expect(page).to_have_url(re.compile(r"/login/staff$"))

    page.get_by_test_id("login-submit").click()
    expect(page.get_by_test_id("login-username").locator(ERROR)).to_have_text("请输入用户名")
    expect(page.get_by_test_id("login-password").locator(ERROR)).to_have_text("请输入密码")

    staff_login(page, GRID_WORKER[0], "not-the-password-1")
    expect(page.get_by_test_id("login-password").locator(ERROR)).to_have_text("用户名或密码错误")
    expect(page.get_by_test_id("login-username").locator(ERROR)).to_have_count(0)
    expect(page).to_have_url(re.compile(r"/login/staff$"))
    screenshot(page, "login-staff")

    field(page, "login-password").fill(PASSWORD)
    page.get_by_test_id("login-submit").click()
    expect(page).to_have_url(re.compile(r"/grid$"))
    expect(page.get_by_test_id("nav-bar")).to_contain_text("我的网格")
    expect(page.get_by_test_id("grid-item")).to_have_count(2)

    # Logged in, the login screen sends the worker on to their app.
    page.goto("/login")
    expect(page).to_have_url(re.compile(r"/grid$"))


def test_district_staff_and_admin_land_on_the_workbench(
    desktop_page: Any, district_staff: str
) -> None:
    page = desktop_page
    page.goto("/login/staff")
    page.get_by_role("button", name="English").click()
    expect(page.get_by_role("tab", name="Staff")).to_have_attribute("aria-selected", "true")
    expect(page.get_by_test_id("login-username").locator("label")).to_have_text("Username")
    staff_login(page, district_staff)
    expect(page).to_have_url(re.compile(r"/admin$"))
    expect(page.locator("h1")).to_have_text("Divisions")
    expect(page.get_by_test_id("viewer-name")).to_have_text(f"Signed in as {DISTRICT[1]}工作人员")
    expect(page.get_by_test_id("division-name").first).to_have_text(DISTRICT[1])

    page.get_by_test_id("logout").click()
    expect(page).to_have_url(re.compile(r"/login$"))
    page.get_by_role("tab", name="Staff").click()
    staff_login(page, "admin")
    expect(page).to_have_url(re.compile(r"/admin$"))
    expect(page.get_by_test_id("viewer-name")).to_have_text("Signed in as 平台管理员")


def test_resident_logs_in_with_a_code_and_sees_their_household_masked(
    phone_page: Any, live_server: LiveServer, register: Register
) -> None:
    page = phone_page
    head = register.people["head"]
    spouse = register.people["spouse"]
    assert head.phone is not None
    page.goto("/login")
    screenshot(page, "login-resident")

    field(page, "login-phone").fill("1381234")
    page.get_by_test_id("get-code").click()
    expect(page.get_by_test_id("login-phone").locator(ERROR)).to_have_text("请输入 11 位手机号")

    field(page, "login-phone").fill(head.phone)
    page.get_by_test_id("get-code").click()
    expect(page.get_by_test_id("code-sent")).to_have_text("验证码已发送，请查看短信")
    get_code = page.get_by_test_id("get-code")
    expect(get_code).to_have_text(re.compile(r"^\d{1,2} 秒后重新获取$"))
    expect(get_code).to_be_disabled()
    code = live_server.otp_code(head.phone)

    wrong = "000000" if code != "000000" else "111111"
    field(page, "login-code").fill(wrong)
    page.get_by_test_id("login-submit").click()
    expect(page.get_by_test_id("login-code").locator(ERROR)).not_to_be_empty()
    expect(page).to_have_url(re.compile(r"/login$"))

    field(page, "login-code").fill(code)
    page.get_by_test_id("login-submit").click()
    expect(page).to_have_url(re.compile(r"/consult$"))
    expect(page.get_by_test_id("nav-bar")).to_contain_text("社区协商")
    expect(page.get_by_test_id("consult-greeting")).to_have_text(f"你好，{head.name}")
    expect(page.get_by_test_id("me-id-number").locator(VALUE)).to_have_text(mask_id(head.id_number))
    expect(page.get_by_test_id("me-phone").locator(VALUE)).to_have_text(mask_phone(head.phone))
    expect(page.get_by_test_id("me-grid").locator(VALUE)).to_have_text(GRID_ONE[1])
    expect(page.get_by_test_id("household-number").locator(VALUE)).to_have_text(
        f"户号 {register.household_number}"
    )
    expect(page.get_by_test_id("household-member").locator(TITLE)).to_have_text(
        [head.name, spouse.name]
    )
    # Residents have nothing to reveal with, and the full values never reach the page.
    expect(page.get_by_test_id("reveal-button")).to_have_count(0)
    body = page.content()
    assert head.id_number not in body
    assert head.phone not in body
    screenshot(page, "consult-home")

    # The grid worker's app is not theirs: a plain "no access" screen at the same address.
    detail = f"/grid/{register.grid_ids['1']}/residents/{head.id}"
    page.goto(detail)
    expect(page.get_by_test_id("no-access")).to_be_visible()
    expect(page.get_by_test_id("no-access-message")).to_contain_text("“网格员”")
    expect(page).to_have_url(re.compile(re.escape(detail) + "$"))
    expect(page.get_by_test_id("reveal-button")).to_have_count(0)
    expect(page).to_have_title("无权访问 · 共治")
    screenshot(page, "no-access")
    page.get_by_test_id("no-access-mine").click()
    expect(page).to_have_url(re.compile(r"/consult$"))


def test_grid_needs_login_and_comes_back_after_it(phone_page: Any, register: Register) -> None:
    page = phone_page
    target = f"/grid/{register.grid_ids['1']}"
    page.goto(target)
    expect(page).to_have_url(re.compile(r"/login\?next=" + re.escape(target) + "$"))
    expect(page.get_by_test_id("resident-login")).to_be_visible()

    page.get_by_role("tab", name="工作人员").click()
    expect(page).to_have_url(re.compile(r"/login/staff\?next="))
    staff_login(page, GRID_WORKER[0])
    expect(page).to_have_url(re.compile(re.escape(target) + "$"))
    expect(page.get_by_test_id("register-grid-name")).to_have_text(GRID_ONE[1])


def test_logout_returns_to_login_and_the_old_cookie_no_longer_works(
    phone_page: Any, live_server: LiveServer, register: Register
) -> None:
    page = phone_page
    token = sign_in(page, live_server, GRID_WORKER[0])
    assert graphql_with_cookie(live_server, token, VIEWER)["data"]["viewer"]["authenticated"]
    page.goto("/grid")
    expect(page.get_by_test_id("grid-item")).to_have_count(2)

    page.get_by_test_id("logout").click()
    expect(page).to_have_url(re.compile(r"/login$"))
    assert all(c["name"] != SESSION_COOKIE for c in page.context.cookies())

    # The session is over on the server, not only forgotten by the browser.
    assert not graphql_with_cookie(live_server, token, VIEWER)["data"]["viewer"]["authenticated"]
    denied = graphql_with_cookie(live_server, token, "{ grids(first: 1) { totalCount } }")
    assert [e["extensions"]["code"] for e in denied["errors"]] == ["UNAUTHENTICATED"]

    page.goto("/grid")
    expect(page).to_have_url(re.compile(r"/login\?next=/grid$"))


def test_a_session_ended_elsewhere_sends_the_app_to_login(
    phone_page: Any, live_server: LiveServer, register: Register
) -> None:
    page = phone_page
    token = sign_in(page, live_server, GRID_WORKER[0])
    page.goto("/grid")
    expect(page.get_by_test_id("grid-item")).to_have_count(2)

    # The worker logs out on another device: this session ends while the app is open.
    ended = httpx.post(
        f"{live_server.url}/graphql",
        json={"query": "mutation { authLogout(input: {}) { endedSessions } }"},
        headers={"Authorization": f"Bearer {token}"},
        timeout=30,
    ).json()
    assert ended["data"]["authLogout"]["endedSessions"] == 1

    page.get_by_test_id("grid-item").filter(has_text=GRID_ONE[1]).click()
    expect(page).to_have_url(re.compile(r"/login\?next=/grid/"))
    expect(page.get_by_test_id("resident-login")).to_be_visible()


def test_grid_worker_reveals_full_details_with_a_reason(
    grid_worker_page: Any, live_server: LiveServer, register: Register
) -> None:
    page = grid_worker_page
    head = register.people["head"]
    assert head.phone is not None
    page.goto(f"/grid/{register.grid_ids['1']}/residents/{head.id}")
    id_cell = page.get_by_test_id("resident-id-number").locator(VALUE)
    phone_cell = page.get_by_test_id("resident-phone").locator(VALUE)
    expect(id_cell).to_have_text(mask_id(head.id_number))
    expect(phone_cell).to_have_text(mask_phone(head.phone))
    expect(page.get_by_test_id("resident-birth-date")).to_have_count(0)

    page.get_by_test_id("reveal-button").click()
    dialog = page.get_by_role("dialog")
    expect(dialog).to_be_visible()
    expect(dialog).to_contain_text("查看完整信息")
    expect(dialog).to_contain_text("记入审计日志")
    dialog.get_by_role("button", name="查看").click()
    expect(dialog.locator(ERROR)).to_have_text("请填写查看原因，至少 4 个字")
    field(dialog, "reveal-reason").fill("入户走访核对身份")
    screenshot(page, "reveal-dialog")
    dialog.get_by_role("button", name="查看").click()
    expect(dialog).to_be_hidden()

    expect(id_cell).to_have_text(head.id_number)
    expect(phone_cell).to_have_text(head.phone)
    expect(page.get_by_test_id("resident-birth-date").locator(VALUE)).to_have_text(
        head.birth.isoformat()
    )
    expect(page.get_by_test_id("reveal-notice")).to_contain_text("离开本页后恢复脱敏显示")
    screenshot(page, "resident-revealed")

    # The reveal is in the audit log, with the reason.
    audit = live_server.api(
        '{ auditEntries(filter: {operation: "residentReveal"}, first: 10)'
        " { edges { node { outcome objectIds detail } } } }"
    )["auditEntries"]["edges"]
    assert [e["node"]["outcome"] for e in audit] == ["OK"]

    # Leaving the screen masks the values again; nothing was kept in the browser.
    page.get_by_text("返回").click()
    expect(page.get_by_test_id("register-grid-name")).to_have_text(GRID_ONE[1])
    storage = page.evaluate(
        "() => JSON.stringify({...localStorage}) + JSON.stringify({...sessionStorage})"
    )
    assert head.id_number not in storage
    page.get_by_test_id("resident-item").filter(has_text=head.name).click()
    expect(id_cell).to_have_text(mask_id(head.id_number))
    expect(page.get_by_test_id("resident-birth-date")).to_have_count(0)

    # "Mask again" hides them at once, too.
    page.get_by_test_id("reveal-button").click()
    field(dialog, "reveal-reason").fill("核对户籍信息")
    dialog.get_by_role("button", name="查看").click()
    expect(id_cell).to_have_text(head.id_number)
    page.get_by_test_id("reveal-hide").click()
    expect(id_cell).to_have_text(mask_id(head.id_number))


def test_login_first_screen_loads_under_200_kb_of_gzip_javascript(
    phone_page: Any, register: Register
) -> None:
    page = phone_page
    scripts: dict[str, bytes] = {}

    def keep(response: Any) -> None:
        if response.url.endswith(".js") and response.ok:
            scripts[response.url] = response.body()

    page.on("response", keep)
    page.goto("/grid", wait_until="networkidle")
    expect(page.get_by_test_id("resident-login")).to_be_visible()
    gzip_bytes = sum(len(gzip.compress(body, compresslevel=9)) for body in scripts.values())
    print(f"/login first screen: {len(scripts)} scripts, {gzip_bytes / 1024:.1f} KB gzip")
    assert scripts, "no JavaScript was loaded"
    assert gzip_bytes < 200 * 1024
    assert not any(re.search(r"DivisionsView|AdminLayout|GridListView", url) for url in scripts)
