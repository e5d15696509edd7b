"""Staff workbench: the division tree with grid and resident counts, and a community's grids."""

from __future__ import annotations

import re
from typing import Any

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import requires_browser, screenshot
from tests.e2e.support import (
    COMMUNITY,
    DISTRICT,
    EMPTY_COMMUNITY,
    GRID_ONE,
    GRID_TWO,
    SUBDISTRICT,
    Register,
)

pytestmark = [pytest.mark.e2e, requires_browser]


def node_row(page: Any, code: str) -> Any:
    return page.locator(f'[data-testid="division-node"][data-code="{code}"] > .tree-node__row')


def test_division_tree_and_community_grids(admin_page: Any, register: Register) -> None:
    page = admin_page
    page.goto("/admin")
    expect(page.locator("h1")).to_have_text("行政区划")
    expect(page.get_by_test_id("community-panel")).to_have_text("在左侧选择一个社区，查看其网格")

    tree = page.get_by_test_id("division-tree")
    expect(tree.get_by_test_id("division-name")).to_have_text(
        [DISTRICT[1], SUBDISTRICT[1], COMMUNITY[1], EMPTY_COMMUNITY[1]]
    )
    expect(node_row(page, DISTRICT[0])).to_have_text(re.compile(r"朝阳区\s*区县\s*网格 2 · 居民 5"))
    expect(node_row(page, SUBDISTRICT[0]).get_by_test_id("division-counts")).to_have_text(
        "网格 2 · 居民 5"
    )
    expect(node_row(page, COMMUNITY[0]).get_by_test_id("division-counts")).to_have_text(
        "网格 2 · 居民 5"
    )
    expect(node_row(page, EMPTY_COMMUNITY[0]).get_by_test_id("division-counts")).to_have_text(
        "网格 0 · 居民 0"
    )
    screenshot(page, "admin-tree")

    node_row(page, COMMUNITY[0]).get_by_role("link", name=COMMUNITY[1]).click()
    expect(page).to_have_url(re.compile(rf"/admin/divisions/{COMMUNITY[0]}$"))
    expect(page.get_by_test_id("community-title")).to_have_text(f"{COMMUNITY[1]} 的网格")
    rows = page.get_by_test_id("community-grid-row")
    expect(rows).to_have_count(2)
    expect(rows.nth(0).locator("td")).to_have_text(
        [GRID_ONE[0], GRID_ONE[1], "综合网格", "1", "4", "300–500", "名册"]
    )
    expect(rows.nth(1).locator("td")).to_have_text(
        [GRID_TWO[0], GRID_TWO[1], "综合网格", "0", "1", "300–500", "名册"]
    )
    screenshot(page, "admin-community")

    page.get_by_role("button", name="English").click()
    expect(page.locator("h1")).to_have_text("Divisions")
    expect(page.get_by_test_id("community-title")).to_have_text(f"Grids of {COMMUNITY[1]}")
    expect(node_row(page, DISTRICT[0]).get_by_test_id("division-counts")).to_have_text(
        "Grids 2 · Residents 5"
    )
    expect(page.locator("thead th")).to_have_text(
        ["Grid code", "Name", "Kind", "Households", "Residents", "Target households", "Register"]
    )
    screenshot(page, "admin-community-en")

    # From the workbench to the grid's register.
    rows.nth(0).get_by_role("link", name="Register").click()
    expect(page.get_by_test_id("register-grid-name")).to_have_text(GRID_ONE[1])
    expect(page.get_by_test_id("register-total")).to_have_text("4 residents")


def test_empty_community_and_unknown_code(admin_page: Any, register: Register) -> None:
    page = admin_page
    page.goto(f"/admin/divisions/{EMPTY_COMMUNITY[0]}")
    expect(page.get_by_test_id("community-title")).to_have_text(f"{EMPTY_COMMUNITY[1]} 的网格")
    expect(page.get_by_test_id("community-panel")).to_contain_text("该社区暂无网格")
    page.goto("/admin/divisions/110105001999")
    expect(page.get_by_test_id("community-panel")).to_have_text(
        "找不到该记录，可能已被删除或无权查看"
    )
