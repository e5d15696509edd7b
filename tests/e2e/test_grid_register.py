"""Grid worker app, read-only flows (logged in as the grid worker of grids one and two): the
start page, grids with counts, the register with search and care-tag filter, and a resident's
detail with masked personal data."""

from __future__ import annotations

import gzip
import re
from typing import Any

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import LiveServer, requires_browser, screenshot
from tests.e2e.support import COMMUNITY, GRID_ONE, GRID_TWO, Register, mask_id, mask_phone

pytestmark = [pytest.mark.e2e, requires_browser]

TITLE = ".van-cell__title > span"
VALUE = ".van-cell__value"
LABEL = ".van-cell__label"


def open_grid_one(page: Any, register: Register) -> None:
    page.goto("/grid")
    page.get_by_test_id("grid-item").filter(has_text=GRID_ONE[1]).click()
    expect(page).to_have_url(re.compile(r"/grid/[^/]+$"))
    expect(page.get_by_test_id("register-grid-name")).to_have_text(GRID_ONE[1])


def test_the_start_page_opens_the_grid_workers_app(
    grid_worker_page: Any, register: Register
) -> None:
    page = grid_worker_page
    page.goto("/")
    expect(page).to_have_url(re.compile(r"/grid$"))
    expect(page.get_by_test_id("nav-bar")).to_contain_text("我的网格")
    expect(page).to_have_title("我的网格 · 共治")


def test_grid_list_shows_each_grid_with_its_counts(
    grid_worker_page: Any, register: Register
) -> None:
    page = grid_worker_page
    page.goto("/grid")
    expect(page.get_by_test_id("grids-total")).to_have_text("共 2 个网格")
    items = page.get_by_test_id("grid-item")
    expect(items.locator(TITLE)).to_have_text([GRID_ONE[1], GRID_TWO[1]])
    expect(items.locator(LABEL)).to_have_text(
        [f"{COMMUNITY[1]} · {GRID_ONE[0]} · 综合网格", f"{COMMUNITY[1]} · {GRID_TWO[0]} · 综合网格"]
    )
    expect(items.get_by_test_id("grid-households")).to_have_text(["1 户", "0 户"])
    expect(items.get_by_test_id("grid-residents")).to_have_text(["4 人", "1 人"])
    screenshot(page, "grid-list")


def test_register_lists_searches_and_filters(grid_worker_page: Any, register: Register) -> None:
    page = grid_worker_page
    open_grid_one(page, register)
    names = page.get_by_test_id("resident-item").locator(TITLE)
    expect(page.get_by_test_id("register-total")).to_have_text("共 4 人")
    expect(names).to_have_text(["张伟", "张丽", "李娜", "王强"])
    expect(page.get_by_test_id("resident-item").locator(LABEL)).to_have_text(
        [
            f"男 · {register.people['head'].age} 岁 · 户籍",
            f"女 · {register.people['spouse'].age} 岁 · 户籍",
            f"女 · {register.people['elder'].age} 岁 · 常住",
            f"男 · {register.people['floating'].age} 岁 · 流动",
        ]
    )
    expect(page.get_by_test_id("resident-item").nth(2).locator(VALUE)).to_have_text("独居老人")
    screenshot(page, "register")

    search = page.get_by_test_id("register-search").locator("input")
    search.fill("张")
    expect(names).to_have_text(["张伟", "张丽"])
    expect(page.get_by_test_id("register-total")).to_have_text("共 2 人")

    search.fill("赵")  # lives in the other grid
    expect(page.get_by_test_id("register-empty")).to_contain_text("没有符合条件的居民")
    expect(page.get_by_test_id("register-total")).to_have_text("共 0 人")
    expect(names).to_have_count(0)

    search.fill("")
    expect(page.get_by_test_id("register-total")).to_have_text("共 4 人")
    page.get_by_test_id("care-tag-filter").locator(".van-dropdown-menu__title").click()
    page.locator(".van-dropdown-item__option", has_text="独居老人").click()
    expect(names).to_have_text(["李娜"])
    expect(page.get_by_test_id("register-total")).to_have_text("共 1 人")
    screenshot(page, "register-filtered")


def test_resident_detail_shows_masked_personal_data(
    grid_worker_page: Any, register: Register
) -> None:
    page = grid_worker_page
    head = register.people["head"]
    spouse = register.people["spouse"]
    open_grid_one(page, register)
    page.get_by_test_id("resident-item").filter(has_text=head.name).click()

    expect(page.get_by_test_id("resident-name")).to_have_text(head.name)
    expect(page.get_by_test_id("nav-bar")).to_contain_text("居民详情")
    expect(page.get_by_test_id("resident-gender").locator(VALUE)).to_have_text("男")
    expect(page.get_by_test_id("resident-age").locator(VALUE)).to_have_text(f"{head.age} 岁")
    # The birth date would reveal the masked digits of the ID number, so it is not shown.
    expect(page.get_by_test_id("resident-birth-date")).to_have_count(0)
    assert head.birth.isoformat() not in page.content()
    masked_id = mask_id(head.id_number)
    assert re.fullmatch(r"110105\*{8}\d{3}[\dX]", masked_id)
    expect(page.get_by_test_id("resident-id-number").locator(VALUE)).to_have_text(masked_id)
    assert head.phone is not None
    expect(page.get_by_test_id("resident-phone").locator(VALUE)).to_have_text(
        mask_phone(head.phone)
    )
    expect(page.get_by_test_id("resident-residency").locator(VALUE)).to_have_text("户籍")
    expect(page.get_by_test_id("resident-grid").locator(VALUE)).to_have_text(GRID_ONE[1])
    expect(page.get_by_test_id("resident-household").locator(VALUE)).to_have_text(
        f"户号 {register.household_number}"
    )
    expect(page.get_by_test_id("resident-relation").locator(VALUE)).to_have_text("户主")
    expect(page.get_by_test_id("resident-care-tags")).to_contain_text("无关爱标签")
    members = page.get_by_test_id("resident-member")
    expect(members.locator(TITLE)).to_have_text([head.name, spouse.name])
    expect(members.locator(LABEL)).to_have_text(
        [f"户主 · 男 · {head.age} 岁", f"配偶 · 女 · {spouse.age} 岁"]
    )
    # The full values never reach the page.
    body = page.content()
    assert head.id_number not in body
    assert head.phone not in body
    screenshot(page, "resident-detail")

    # A member links to their own detail.
    members.filter(has_text=spouse.name).click()
    expect(page.get_by_test_id("resident-name")).to_have_text(spouse.name)
    expect(page.get_by_test_id("resident-phone").locator(VALUE)).to_have_text("未登记")

    elder = register.people["elder"]
    page.get_by_text("返回").click()
    page.get_by_test_id("resident-item").filter(has_text=elder.name).click()
    expect(page.get_by_test_id("resident-name")).to_have_text(elder.name)
    expect(page.get_by_test_id("resident-care-tag").locator(TITLE)).to_have_text(["独居老人"])
    expect(page.get_by_test_id("resident-care-tag").locator(VALUE)).to_have_text(["每周走访"])
    expect(page.get_by_test_id("resident-household").locator(VALUE)).to_have_text("未分户")


def test_grid_first_screen_loads_under_200_kb_of_gzip_javascript(
    grid_worker_page: Any, live_server: LiveServer, register: Register
) -> None:
    page = grid_worker_page
    scripts: dict[str, bytes] = {}

    def keep(response: Any) -> None:
        if response.url.endswith(".js") and response.ok:
            scripts[response.url] = response.body()

    page.on("response", keep)
    page.goto("/grid", wait_until="networkidle")
    expect(page.get_by_test_id("grid-item")).to_have_count(2)
    gzip_bytes = sum(len(gzip.compress(body, compresslevel=9)) for body in scripts.values())
    print(f"/grid first screen: {len(scripts)} scripts, {gzip_bytes / 1024:.1f} KB gzip")
    assert scripts, "no JavaScript was loaded"
    assert gzip_bytes < 200 * 1024
    # The workbench is not part of the grid worker's first screen.
    assert not any(re.search(r"DivisionsView|AdminLayout", url) for url in scripts)
