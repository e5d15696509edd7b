"""Grid worker app, changing the register (logged in as the community's staff, who see every
grid of the community, new ones included): add a resident (server field errors shown under the
field, in Chinese), edit a resident, and the English interface with English server errors."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import LiveServer, requires_browser, screenshot
from tests.e2e.support import (
    GRID_ONE,
    GRID_TWO,
    REGION,
    Register,
    age_on,
    id_number,
    mask_id,
    with_wrong_check,
)

pytestmark = [pytest.mark.e2e, requires_browser]

TITLE = ".van-cell__title > span"
VALUE = ".van-cell__value"
ERROR = ".van-field__error-message"

ID_ERROR_ZH = "身份证号码无效（须为 18 位且校验位正确）"
ID_ERROR_EN = "Invalid ID number (18 characters with a valid GB 11643 check digit)"
PHONE_ERROR_ZH = "手机号码无效（须为 11 位，以 1 开头）"
REQUIRED_EN = "This field is required"


def open_register(page: Any, grid_name: str) -> None:
    page.goto("/grid")
    page.get_by_test_id("grid-item").filter(has_text=grid_name).click()
    expect(page.get_by_test_id("register-grid-name")).to_have_text(grid_name)


def field_input(page: Any, test_id: str) -> Any:
    return page.get_by_test_id(test_id).locator("input")


def test_add_resident_shows_the_server_field_error_then_saves(
    community_page: Any, register: Register
) -> None:
    page = community_page
    birth = dt.date(1968, 2, 29)
    number = id_number(REGION, birth, 482)  # even sequence: female
    open_register(page, GRID_ONE[1])
    expect(page.get_by_test_id("register-total")).to_have_text("共 4 人")

    page.get_by_test_id("add-resident").click()
    expect(page.get_by_test_id("nav-bar")).to_contain_text("新增居民")
    field_input(page, "field-name").fill("赵敏")
    field_input(page, "field-id-number").fill(with_wrong_check(number))
    field_input(page, "field-phone").fill("13700002222")
    page.get_by_test_id("field-residency").get_by_role("radio", name="常住").click()
    page.get_by_test_id("field-care-tags").get_by_role("checkbox", name="空巢老人").click()
    page.get_by_test_id("field-care-tags").get_by_role("radio", name="每月走访").click()
    page.get_by_test_id("submit-resident").click()

    expect(page.get_by_test_id("field-id-number").locator(ERROR)).to_have_text(ID_ERROR_ZH)
    expect(page.get_by_test_id("field-name").locator(ERROR)).to_have_count(0)
    expect(page.get_by_test_id("field-phone").locator(ERROR)).to_have_count(0)
    expect(page).to_have_url(re.compile(r"/residents/new$"))
    screenshot(page, "resident-add-error")

    field_input(page, "field-id-number").fill(number)
    page.get_by_test_id("submit-resident").click()

    expect(page).to_have_url(re.compile(r"/grid/[^/]+$"))
    expect(page.get_by_test_id("register-total")).to_have_text("共 5 人")
    names = page.get_by_test_id("resident-item").locator(TITLE)
    expect(names).to_have_text(["张伟", "张丽", "李娜", "王强", "赵敏"])
    added = page.get_by_test_id("resident-item").filter(has_text="赵敏")
    expect(added.locator(".van-cell__label")).to_have_text(
        f"女 · {age_on(birth, dt.date.today())} 岁 · 常住"
    )
    expect(added.locator(VALUE)).to_have_text("空巢老人")
    screenshot(page, "resident-added")

    added.click()
    expect(page.get_by_test_id("resident-id-number").locator(VALUE)).to_have_text(mask_id(number))
    expect(page.get_by_test_id("resident-phone").locator(VALUE)).to_have_text("137****2222")
    expect(page.get_by_test_id("resident-care-tag").locator(VALUE)).to_have_text(["每月走访"])


def test_add_resident_into_a_household_with_its_relation(
    community_page: Any, live_server: LiveServer, register: Register
) -> None:
    # A grid of its own, so the other tests' counts do not depend on the order they run in.
    api = live_server.api
    grid_id = api.mutate(
        "gridCreate",
        "GridCreateInput",
        "grid { id }",
        {"code": "110105001001-03", "name": "永安里第三网格", "communityId": register.community_id},
    )["id"]
    household_id = api.mutate(
        "householdCreate",
        "HouseholdCreateInput",
        "household { id }",
        {"gridId": grid_id, "number": "0301"},
    )["id"]
    api.mutate(
        "residentCreate",
        "ResidentCreateInput",
        "resident { id }",
        {
            "name": "孙浩",
            "idNumber": id_number(REGION, dt.date(1972, 5, 5), 101),
            "residency": "REGISTERED",
            "householdId": household_id,
            "relationToHead": "HEAD",
        },
    )
    page = community_page
    open_register(page, "永安里第三网格")
    expect(page.get_by_test_id("register-total")).to_have_text("共 1 人")
    page.get_by_test_id("add-resident").click()
    field_input(page, "field-name").fill("孙悦")
    field_input(page, "field-id-number").fill(id_number(REGION, dt.date(2005, 9, 1), 16))
    expect(field_input(page, "field-relation")).to_have_value("分户后可设置")

    page.get_by_test_id("field-household").click()
    picker = page.locator(".van-popup").filter(has_text="选择户")
    picker.get_by_role("button", name="户号 0301（孙浩）", exact=True).click()
    picker.get_by_role("button", name="确定").click()
    expect(field_input(page, "field-household")).to_have_value("户号 0301（孙浩）")

    page.get_by_test_id("field-relation").click()
    picker = page.locator(".van-popup").filter(has_text="选择与户主关系")
    picker.get_by_role("button", name="子女", exact=True).click()
    picker.get_by_role("button", name="确定").click()
    expect(field_input(page, "field-relation")).to_have_value("子女")
    screenshot(page, "resident-add-household")

    page.get_by_test_id("submit-resident").click()
    expect(page).to_have_url(re.compile(r"/grid/[^/]+$"))
    expect(page.get_by_test_id("register-total")).to_have_text("共 2 人")
    page.get_by_test_id("resident-item").filter(has_text="孙悦").click()
    expect(page.get_by_test_id("resident-household").locator(VALUE)).to_have_text("户号 0301")
    expect(page.get_by_test_id("resident-relation").locator(VALUE)).to_have_text("子女")
    expect(page.get_by_test_id("resident-member").locator(TITLE)).to_have_text(["孙浩", "孙悦"])


def test_edit_resident_name_with_a_field_error_first(
    community_page: Any, register: Register
) -> None:
    page = community_page
    person = register.people["other"]
    open_register(page, GRID_TWO[1])
    page.get_by_test_id("resident-item").filter(has_text=person.name).click()
    page.get_by_test_id("edit-resident").click()

    expect(page.get_by_test_id("nav-bar")).to_contain_text("编辑居民")
    expect(field_input(page, "field-name")).to_have_value(person.name)
    expect(field_input(page, "field-id-number")).to_have_value("")
    expect(field_input(page, "field-id-number")).to_have_attribute(
        "placeholder", f"留空则不修改（当前 {mask_id(person.id_number)}）"
    )
    field_input(page, "field-name").fill("赵小磊")
    field_input(page, "field-phone").fill("12345")
    page.get_by_test_id("submit-resident").click()
    expect(page.get_by_test_id("field-phone").locator(ERROR)).to_have_text(PHONE_ERROR_ZH)
    screenshot(page, "resident-edit-error")

    field_input(page, "field-phone").fill("")
    page.get_by_test_id("submit-resident").click()
    expect(page).to_have_url(re.compile(r"/residents/[^/]+$"))
    expect(page.get_by_test_id("resident-name")).to_have_text("赵小磊")
    expect(page.get_by_test_id("resident-phone").locator(VALUE)).to_have_text("未登记")

    page.get_by_text("返回").click()
    expect(page.get_by_test_id("resident-item").locator(TITLE)).to_have_text(["赵小磊"])


def test_english_interface_and_english_server_errors(
    community_page: Any, register: Register
) -> None:
    page = community_page
    page.goto("/grid")
    expect(page.get_by_test_id("nav-bar")).to_contain_text("我的网格")
    page.get_by_role("button", name="English").click()

    expect(page.get_by_test_id("nav-bar")).to_contain_text("My grids")
    other = page.get_by_test_id("grid-item").filter(has_text=GRID_TWO[1])
    expect(other.get_by_test_id("grid-households")).to_have_text("0 households")
    expect(other.get_by_test_id("grid-residents")).to_have_text("1 resident")
    expect(page).to_have_title("My grids · Gongzhi")
    screenshot(page, "grid-list-en")

    other.click()
    expect(page.get_by_test_id("nav-bar")).to_contain_text("Resident register")
    expect(page.get_by_test_id("register-total")).to_have_text("1 resident")
    expect(page.get_by_test_id("resident-item").locator(".van-cell__label")).to_have_text(
        f"Male · {register.people['other'].age} years · Registered"
    )
    page.get_by_test_id("add-resident").click()

    expect(page.get_by_test_id("nav-bar")).to_contain_text("Add resident")
    expect(page.get_by_test_id("field-name").locator(".van-field__label")).to_have_text("Name")
    expect(page.get_by_test_id("field-id-number").locator(".van-field__label")).to_have_text(
        "ID number"
    )
    bad_number = with_wrong_check(id_number(REGION, dt.date(1968, 2, 29), 123))
    field_input(page, "field-id-number").fill(bad_number)
    page.get_by_test_id("submit-resident").click()
    expect(page.get_by_test_id("field-id-number").locator(ERROR)).to_have_text(ID_ERROR_EN)
    expect(page.get_by_test_id("field-name").locator(ERROR)).to_have_text(REQUIRED_EN)
    screenshot(page, "resident-add-error-en")

    # The choice is remembered, and switching back answers in Chinese again.
    page.reload()
    expect(page.get_by_test_id("nav-bar")).to_contain_text("Add resident")
    page.get_by_role("button", name="中文").click()
    expect(page.get_by_test_id("nav-bar")).to_contain_text("新增居民")
    page.get_by_test_id("submit-resident").click()
    expect(page.get_by_test_id("field-name").locator(ERROR)).to_have_text("此项必填")


def test_register_loads_more_residents_on_scroll(
    community_page: Any, live_server: LiveServer, register: Register
) -> None:
    # 45 residents in a grid of their own: three pages of 20, loaded as the list scrolls.
    api = live_server.api
    grid_id = api.mutate(
        "gridCreate",
        "GridCreateInput",
        "grid { id }",
        {"code": "110105001001-04", "name": "永安里第四网格", "communityId": register.community_id},
    )["id"]
    names = [f"居民{i:02d}" for i in range(1, 46)]
    for i, name in enumerate(names, start=1):
        api.mutate(
            "residentCreate",
            "ResidentCreateInput",
            "resident { id }",
            {
                "name": name,
                "idNumber": id_number(REGION, dt.date(1980, 1, 1), 500 + i),
                "residency": "PERMANENT",
                "gridId": grid_id,
            },
        )
    page = community_page
    open_register(page, "永安里第四网格")
    expect(page.get_by_test_id("register-total")).to_have_text("共 45 人")
    items = page.get_by_test_id("resident-item")
    expect(items).to_have_count(20)

    items.last.scroll_into_view_if_needed()
    expect(items).to_have_count(40)
    items.last.scroll_into_view_if_needed()
    expect(items).to_have_count(45)
    expect(items.locator(TITLE)).to_have_text(names)
    expect(page.get_by_text("没有更多了")).to_be_visible()

    # A new search starts from the first page again.
    page.get_by_test_id("register-search").locator("input").fill("居民4")
    expect(items.locator(TITLE)).to_have_text([f"居民{i}" for i in range(40, 46)])
    expect(page.get_by_test_id("register-total")).to_have_text("共 6 人")
