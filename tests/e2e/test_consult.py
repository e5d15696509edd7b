"""Community consultation in Chromium: a resident logs in with a phone code, supports a topic,
votes with a confirmation step and keeps the receipt; staff watch the turnout, enter paper
ballots (one counted, one in conflict with an online ballot), close the vote, recount and
publish the resolution; the resident sees the result and the notice.

The data (a topic proposed by another resident, a session, the vote) is created through the
public GraphQL API in the module's setup: the e2e server starts empty."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Any

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import LiveServer, requires_browser, screenshot, sign_in
from tests.e2e.support import PASSWORD, Api, Register

pytestmark = [pytest.mark.e2e, requires_browser]

ERROR = ".van-field__error-message"
QUESTION = "是否在小区东门加装电动自行车充电棚"
RECEIPT = re.compile(r"^[0-9A-HJKMNP-TV-Z]{4}( [0-9A-HJKMNP-TV-Z]{4}){3}$")

OTP_REQUEST = """
mutation($input: AuthOtpRequestInput!) { authOtpRequest(input: $input) { sent errors { code } } }"""
OTP_VERIFY = """
mutation($input: AuthOtpVerifyInput!) {
  authOtpVerify(input: $input) { token errors { field code message } }
}"""


@dataclass
class ConsultData:
    staff: Api
    vote_id: str
    options: dict[str, str]  # label -> option id


def iso(moment: dt.datetime) -> str:
    return moment.astimezone(dt.UTC).isoformat()


def resident_api(live_server: LiveServer, phone: str) -> Api:
    """A resident's session through the public login mutations (code from the dev outbox)."""
    api = Api(live_server.url)
    sent = api(OTP_REQUEST, {"input": {"phone": phone}})["authOtpRequest"]
    assert sent["sent"], sent
    code = live_server.otp_code(phone)
    verified = api(
        OTP_VERIFY, {"input": {"phone": phone, "code": code, "tokenInResponse": True}}
    )["authOtpVerify"]
    assert not verified["errors"] and verified["token"], verified
    api.token = verified["token"]
    return api


@pytest.fixture(scope="module")
def consult(live_server: LiveServer, register: Register) -> ConsultData:
    """An open PERSON vote of the community (for / against / abstain, simple majority), created
    and opened by the community's staff."""
    staff = Api(live_server.url)
    staff.login("community", PASSWORD)
    now = dt.datetime.now(dt.UTC)
    vote = staff.mutate(
        "voteCreate",
        "VoteCreateInput",
        "vote { id options { id label } }",
        {
            "communityId": register.community_id,
            "scopeKind": "COMMUNITY",
            "question": QUESTION,
            "description": "充电棚建在东门内侧绿地旁，费用由公共收益列支。",
            "ballotKind": "FOR_AGAINST_ABSTAIN",
            "options": [
                {"label": "赞成", "stance": "FOR"},
                {"label": "反对", "stance": "AGAINST"},
                {"label": "弃权", "stance": "ABSTAIN"},
            ],
            "votingUnit": "PERSON",
            "decisionRule": "SIMPLE_MAJORITY",
            "opensAt": iso(now - dt.timedelta(minutes=1)),
            "closesAt": iso(now + dt.timedelta(days=7)),
        },
    )
    staff.mutate("voteOpen", "VoteOpenInput", "vote { id state }", {"voteId": vote["id"]})
    return ConsultData(
        staff=staff,
        vote_id=vote["id"],
        options={o["label"]: o["id"] for o in vote["options"]},
    )


def resident_login(page: Any, live_server: LiveServer, phone: str) -> None:
    page.goto("/login")
    page.get_by_test_id("login-phone").locator("input").fill(phone)
    page.get_by_test_id("get-code").click()
    expect(page.get_by_test_id("code-sent")).to_be_visible()
    page.get_by_test_id("login-code").locator("input").fill(live_server.otp_code(phone))
    page.get_by_test_id("login-submit").click()
    expect(page).to_have_url(re.compile(r"/consult$"))


def open_vote_as_staff(page: Any, live_server: LiveServer) -> None:
    page.on("dialog", lambda d: d.accept())
    sign_in(page, live_server, "community")
    page.goto("/admin")
    page.get_by_test_id("nav-consult").click()
    expect(page).to_have_url(re.compile(r"/admin/consult"))
    page.get_by_test_id("admin-consult-tab-votes").click()
    page.get_by_test_id("admin-vote-link").filter(has_text=QUESTION).click()
    expect(page.get_by_test_id("admin-vote-question")).to_have_text(QUESTION)


def test_turnout_falls_back_to_polling_without_websockets(
    desktop_page: Any, live_server: LiveServer, register: Register, consult: ConsultData
) -> None:
    """A browser (or a proxy) without WebSockets: the turnout is read every few seconds."""
    elder = register.people["elder"]
    assert elder.phone is not None
    staff = desktop_page
    staff.add_init_script("delete window.WebSocket")
    open_vote_as_staff(staff, live_server)
    expect(staff.get_by_test_id("live-mode")).to_have_text("定时刷新")
    expect(staff.get_by_test_id("live-ballots")).to_contain_text("0 / 5")

    # Another resident votes on their own phone (through the API here): the next poll shows it.
    voter = resident_api(live_server, elder.phone)
    cast = voter(
        "mutation($input: VoteCastInput!) { voteCast(input: $input) "
        "{ ballot { receiptCode } errors { code } } }",
        {"input": {"voteId": consult.vote_id, "optionIds": [consult.options["弃权"]]}},
    )["voteCast"]
    assert not cast["errors"] and cast["ballot"]["receiptCode"]
    expect(staff.get_by_test_id("live-ballots")).to_contain_text("1 / 5")
    screenshot(staff, "admin-vote-polling")


def test_resident_votes_staff_count_paper_ballots_close_and_the_resident_sees_the_result(
    phone_page: Any,
    desktop_page: Any,
    live_server: LiveServer,
    register: Register,
    consult: ConsultData,
) -> None:
    head = register.people["head"]
    spouse = register.people["spouse"]
    assert head.phone is not None
    page = phone_page
    page.context.grant_permissions(["clipboard-read", "clipboard-write"])

    # --- staff watch the turnout live (graphql-transport-ws) ---------------------------------
    staff = desktop_page
    open_vote_as_staff(staff, live_server)
    expect(staff.get_by_test_id("admin-vote-state")).to_have_text("投票中")
    expect(staff.get_by_test_id("live-mode")).to_have_text("实时推送")
    expect(staff.get_by_test_id("live-ballots")).to_contain_text("1 / 5")

    # --- the resident logs in with a code and finds the vote ------------------------------
    resident_login(page, live_server, head.phone)
    page.get_by_role("tab", name="表决").click()
    item = page.get_by_test_id("vote-item").filter(has_text=QUESTION)
    expect(item).to_contain_text("投票中")
    screenshot(page, "consult-votes")
    item.click()
    expect(page).to_have_url(re.compile(r"/consult/votes/"))
    expect(page.get_by_test_id("vote-question")).to_have_text(QUESTION)
    expect(page.get_by_test_id("vote-state")).to_have_text("投票中")
    expect(page.get_by_test_id("vote-turnout")).to_contain_text("已投 1 / 5")
    options = page.get_by_test_id("ballot-option")
    expect(options).to_have_text(["赞成", "反对", "弃权"])
    screenshot(page, "consult-vote")

    # --- votes with a confirmation step ----------------------------------------------------
    options.filter(has_text="反对").click()
    options.filter(has_text="赞成").click()  # one choice: the second replaces the first
    page.get_by_test_id("ballot-submit").click()
    dialog = page.get_by_test_id("ballot-confirm")
    expect(dialog).to_be_visible()
    expect(dialog.get_by_test_id("ballot-confirm-choice")).to_have_text(["赞成"])
    expect(dialog).to_contain_text("选票提交后不能修改")
    screenshot(page, "consult-vote-confirm")
    dialog.get_by_role("button", name="返回修改").click()
    expect(dialog).to_be_hidden()
    expect(page.get_by_test_id("receipt")).to_have_count(0)  # nothing was cast
    page.get_by_test_id("ballot-submit").click()
    dialog.get_by_role("button", name="确认提交").click()

    # --- keeps the receipt -----------------------------------------------------------------
    receipt = page.get_by_test_id("receipt-code")
    expect(receipt).to_have_text(RECEIPT)
    code = receipt.get_attribute("data-code")
    assert code and len(code) == 16
    expect(page.get_by_test_id("ballot-form")).to_have_count(0)
    expect(page.get_by_test_id("receipt-saved")).to_have_text(
        "回执已保存在本手机上，可随时在“我的”中查询。"
    )
    kept = page.evaluate("() => localStorage.getItem('gongzhi.consult.receipts')")
    assert code in kept and "赞成" not in kept  # the receipt, never the choice
    page.get_by_test_id("receipt-copy").click()
    expect(page.get_by_test_id("receipt-copied")).to_have_text("回执码已复制")
    assert page.evaluate("() => navigator.clipboard.readText()") == code
    screenshot(page, "consult-receipt")

    # The staff screen learnt of the ballot from the subscription, without a reload.
    expect(staff.get_by_test_id("live-ballots")).to_contain_text("2 / 5")

    page.get_by_test_id("receipt-lookup-link").click()
    expect(page).to_have_url(re.compile(r"/consult/receipts\?code="))
    expect(page.get_by_test_id("lookup-status")).to_have_text("已计入")
    expect(page.get_by_test_id("lookup-vote")).to_contain_text(QUESTION)
    expect(page.get_by_test_id("kept-receipt")).to_have_count(1)
    screenshot(page, "consult-receipt-lookup")
    page.get_by_test_id("lookup-code").locator("input").fill("ABC")
    page.get_by_test_id("lookup-submit").click()
    expect(page.get_by_test_id("lookup-code").locator(ERROR)).to_have_text(
        "回执码为 16 位字母和数字，请检查后重新输入"
    )

    # --- staff: a paper ballot, then one in conflict with the online ballot -------------------
    paper = staff.get_by_test_id("paper-ballot")
    paper.get_by_test_id("paper-by-resident").check()
    paper.get_by_test_id("paper-search").fill(spouse.name)
    paper.get_by_test_id("paper-search-button").click()
    expect(paper.get_by_test_id("paper-pick")).to_have_count(1)
    paper.get_by_test_id("paper-sheet").fill("P-0001")
    paper.get_by_test_id("paper-choice").nth(0).check()
    screenshot(staff, "admin-vote-paper")
    paper.get_by_test_id("paper-submit").click()
    expect(paper.get_by_test_id("paper-counted")).to_contain_text("已计入")
    expect(staff.get_by_test_id("live-ballots")).to_contain_text("3 / 5")

    paper.get_by_test_id("paper-search").fill(head.name)
    paper.get_by_test_id("paper-search-button").click()
    expect(paper.get_by_test_id("paper-pick")).to_have_count(1)
    paper.get_by_test_id("paper-sheet").fill("P-0002")
    paper.get_by_test_id("paper-choice").nth(1).check()
    paper.get_by_test_id("paper-submit").click()
    expect(paper.get_by_test_id("paper-conflict")).to_be_visible()
    expect(staff.get_by_test_id("live-ballots")).to_contain_text("3 / 5")  # not counted twice
    expect(staff.get_by_test_id("vote-close")).to_be_disabled()
    row = staff.get_by_test_id("conflict-row")
    expect(row).to_have_count(1)
    screenshot(staff, "admin-vote-conflict")
    row.get_by_test_id("conflict-keep").click()
    expect(row).to_contain_text("请填写处理说明")
    row.get_by_test_id("conflict-note").fill("本人确认以线上投票为准")
    row.get_by_test_id("conflict-keep").click()
    expect(row).to_contain_text("保留原票")

    # The online ballot that was kept still reads as counted.
    page.goto(f"/consult/receipts?code={code}")
    expect(page.get_by_test_id("lookup-status")).to_have_text("已计入")

    # --- close and recount -------------------------------------------------------------------
    staff.get_by_test_id("vote-close").click()
    expect(staff.get_by_test_id("admin-vote-state")).to_have_text("已结束")
    results = staff.get_by_test_id("admin-vote-results")
    expect(results.get_by_test_id("vote-outcome-verdict")).to_have_text("通过")
    expect(results.get_by_test_id("results-row-headcount")).to_have_text(
        [re.compile(r"^2\s"), re.compile(r"^0\s"), re.compile(r"^1\s")]
    )
    staff.get_by_test_id("vote-recount").click()
    expect(staff.get_by_test_id("vote-recount-result")).to_contain_text("一致")
    screenshot(staff, "admin-vote-closed")

    # --- the resident sees the result --------------------------------------------------------
    page.goto(f"/consult/votes/{consult.vote_id}")
    expect(page.get_by_test_id("vote-state")).to_have_text("已结束")
    expect(page.get_by_test_id("receipt-code")).to_have_text(RECEIPT)
    page.get_by_test_id("vote-results-link").click()
    expect(page.get_by_test_id("vote-outcome-verdict")).to_have_text("通过")
    expect(page.get_by_test_id("results-row").locator("th")).to_have_text(["赞成", "反对", "弃权"])
    expect(page.get_by_test_id("results-turnout-heads")).to_contain_text("3 / 5")
    expect(page.get_by_test_id("result-chart").locator("canvas")).to_have_count(1)
    screenshot(page, "consult-results")
