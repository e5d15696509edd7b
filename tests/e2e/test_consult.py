"""Community consultation in Chromium, as one story in order:

1. staff watch a vote's turnout; without WebSockets it is polled;
2. a resident logs in with a phone code, proposes a topic (field errors from the server first),
   supports another resident's topic (it goes to review), comments, replies and reports;
3. staff accept the topic onto a session and start the session (the topic is in consultation);
4. the resident votes with a confirmation step and keeps the receipt; staff see it live, enter a
   paper ballot and one in conflict with the online ballot, resolve the conflict, close the vote
   and recount; the resident sees the result;
5. staff publish the resolution and post progress; the resident reads the notice and rates it.

The data (consultation settings, a topic proposed by another resident, a session, the vote) is
made through the public GraphQL API in the module's setup: the e2e server starts empty."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from typing import Any

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import SESSION_COOKIE, LiveServer, requires_browser, screenshot, sign_in
from tests.e2e.support import PASSWORD, Api, Register

pytestmark = [pytest.mark.e2e, requires_browser]

ERROR = ".van-field__error-message"
QUESTION = "是否在小区东门加装电动自行车充电棚"
TOPIC = "东门加装电动自行车充电棚"
SESSION = "东门充电棚协商会"
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
    elder: Api  # another resident, on their own phone (through the API here)
    topic_id: str
    session_id: str
    vote_id: str
    options: dict[str, str]  # label -> option id
    resident_token: dict[str, str] = field(default_factory=dict)  # the head's browser session


def iso(moment: dt.datetime) -> str:
    return moment.astimezone(dt.UTC).isoformat()


def resident_api(live_server: LiveServer, phone: str) -> Api:
    """A resident's session through the public login mutations (code from the dev outbox)."""
    api = Api(live_server.url)
    sent = api(OTP_REQUEST, {"input": {"phone": phone}})["authOtpRequest"]
    assert sent["sent"], sent
    code = live_server.otp_code(phone)
    verified = api(OTP_VERIFY, {"input": {"phone": phone, "code": code, "tokenInResponse": True}})[
        "authOtpVerify"
    ]
    assert not verified["errors"] and verified["token"], verified
    api.token = verified["token"]
    return api


@pytest.fixture(scope="module")
def consult(live_server: LiveServer, register: Register) -> ConsultData:
    """Settings (one support sends a topic to review), a topic proposed by the elderly resident
    with a comment of hers, a scheduled session with a participant and a material, and an open
    PERSON vote on the topic (for / against / abstain, simple majority)."""
    staff = Api(live_server.url)
    staff.login("community", PASSWORD)
    elder_phone = register.people["elder"].phone
    assert elder_phone is not None
    elder = resident_api(live_server, elder_phone)
    staff.mutate(
        "consultationSettingsSet",
        "ConsultationSettingsSetInput",
        "settings { supportThresholdCount }",
        {"communityId": register.community_id, "supportThresholdCount": 1, "noticeDays": 7},
    )
    topic = elder.mutate(
        "topicPropose",
        "TopicProposeInput",
        "topic { id state }",
        {
            "title": TOPIC,
            "description": "东门附近电动自行车乱停乱充，建议在绿地旁建充电棚，集中充电。",
            "category": "PUBLIC_FACILITIES",
            "scopeKind": "COMMUNITY",
        },
    )
    elder.mutate(
        "commentCreate",
        "CommentCreateInput",
        "comment { id }",
        {"topicId": topic["id"], "body": "晚上楼道里充电太危险了。"},
    )
    now = dt.datetime.now(dt.UTC)
    session = staff.mutate(
        "consultationSessionCreate",
        "ConsultationSessionCreateInput",
        "session { id }",
        {
            "communityId": register.community_id,
            "title": SESSION,
            "mode": "ON_SITE",
            "startsAt": iso(now + dt.timedelta(hours=1)),
            "endsAt": iso(now + dt.timedelta(hours=3)),
            "place": "社区党群服务中心二楼会议室",
            "participants": [
                {"role": "PARTY_ORGANISATION", "name": "永安里社区党委"},
                {"role": "PROPERTY_SERVICE", "name": "安居物业"},
            ],
            "materials": [
                {"title": "充电棚选址说明", "body": "选址在东门内侧绿地旁，约 30 个车位。"}
            ],
        },
    )
    vote = staff.mutate(
        "voteCreate",
        "VoteCreateInput",
        "vote { id options { id label } }",
        {
            "communityId": register.community_id,
            "scopeKind": "COMMUNITY",
            "topicId": topic["id"],
            "sessionId": session["id"],
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
        elder=elder,
        topic_id=topic["id"],
        session_id=session["id"],
        vote_id=vote["id"],
        options={o["label"]: o["id"] for o in vote["options"]},
    )


def resident_login(page: Any, live_server: LiveServer, phone: str) -> str:
    """Log in on the phone screen with a code; returns the session cookie's value."""
    page.goto("/login")
    page.get_by_test_id("login-phone").locator("input").fill(phone)
    page.get_by_test_id("get-code").click()
    expect(page.get_by_test_id("code-sent")).to_be_visible()
    page.get_by_test_id("login-code").locator("input").fill(live_server.otp_code(phone))
    page.get_by_test_id("login-submit").click()
    expect(page).to_have_url(re.compile(r"/consult$"))
    return next(c["value"] for c in page.context.cookies() if c["name"] == SESSION_COOKIE)


def as_resident(page: Any, live_server: LiveServer, consult: ConsultData) -> None:
    """The head of household's session from the login test, in a new browser context."""
    token = consult.resident_token["head"]
    page.context.add_cookies(
        [{"name": SESSION_COOKIE, "value": token, "url": live_server.url, "httpOnly": True}]
    )


def staff_consult(page: Any, live_server: LiveServer, tab: str) -> None:
    page.on("dialog", lambda d: d.accept())
    sign_in(page, live_server, "community")
    page.goto("/admin")
    page.get_by_test_id("nav-consult").click()
    expect(page).to_have_url(re.compile(r"/admin/consult"))
    page.get_by_test_id(f"admin-consult-tab-{tab}").click()


def open_vote_as_staff(page: Any, live_server: LiveServer) -> None:
    staff_consult(page, live_server, "votes")
    page.get_by_test_id("admin-vote-link").filter(has_text=QUESTION).click()
    expect(page.get_by_test_id("admin-vote-question")).to_have_text(QUESTION)


def test_turnout_falls_back_to_polling_without_websockets(
    desktop_page: Any, live_server: LiveServer, consult: ConsultData
) -> None:
    """A browser (or a proxy) without WebSockets: the turnout is read every few seconds."""
    staff = desktop_page
    staff.add_init_script("delete window.WebSocket")
    open_vote_as_staff(staff, live_server)
    expect(staff.get_by_test_id("live-mode")).to_have_text("定时刷新")
    expect(staff.get_by_test_id("live-ballots")).to_contain_text("0 / 5")

    # Another resident votes on their own phone: the next poll shows it.
    cast = consult.elder(
        "mutation($input: VoteCastInput!) { voteCast(input: $input) "
        "{ ballot { receiptCode } errors { code } } }",
        {"input": {"voteId": consult.vote_id, "optionIds": [consult.options["弃权"]]}},
    )["voteCast"]
    assert not cast["errors"] and cast["ballot"]["receiptCode"]
    expect(staff.get_by_test_id("live-ballots")).to_contain_text("1 / 5")
    screenshot(staff, "admin-vote-polling")


def test_resident_proposes_supports_and_discusses_a_topic(
    phone_page: Any, live_server: LiveServer, register: Register, consult: ConsultData
) -> None:
    head = register.people["head"]
    assert head.phone is not None
    page = phone_page
    consult.resident_token["head"] = resident_login(page, live_server, head.phone)

    # Topics in the resident's scope, the first tab.
    item = page.get_by_test_id("topic-item").filter(has_text=TOPIC)
    expect(item).to_contain_text("征集附议")
    expect(item.get_by_test_id("support-count")).to_have_text("附议 0 / 1")
    screenshot(page, "consult-topics")

    # Proposing: the server's field errors appear under the fields.
    page.get_by_test_id("topic-propose-link").click()
    expect(page).to_have_url(re.compile(r"/consult/topics/new$"))
    page.get_by_test_id("topic-category").click()
    page.get_by_role("button", name="确定").click()
    page.get_by_test_id("topic-submit").click()
    expect(page.get_by_test_id("topic-title").locator(ERROR)).to_have_text("此项必填")
    screenshot(page, "consult-propose-errors")
    page.get_by_test_id("topic-title").locator("input").fill("楼下垃圾分类投放点增加洗手池")
    page.get_by_test_id("topic-description").locator("textarea").fill("投放后没有地方洗手。")
    page.get_by_test_id("topic-scope-GRID").click()
    page.get_by_test_id("topic-submit").click()
    expect(page).to_have_url(re.compile(r"/consult/topics/(?!new)"))
    expect(page.get_by_test_id("topic-title")).to_have_text("楼下垃圾分类投放点增加洗手池")
    expect(page.get_by_test_id("topic-state")).to_have_text("征集附议")

    # Supporting another resident's topic: with one support needed it goes to review.
    page.goto(f"/consult/topics/{consult.topic_id}")
    expect(page.get_by_test_id("topic-title")).to_have_text(TOPIC)
    page.get_by_test_id("topic-support-button").click()
    expect(page.get_by_test_id("topic-supported")).to_have_text("你已附议这个议题")
    expect(page.get_by_test_id("topic-state")).to_have_text("待审核")
    expect(page.get_by_test_id("support-count")).to_have_text("附议 1 / 1")

    # Comment, reply one level, report.
    comments = page.get_by_test_id("comments")
    comments.get_by_test_id("comment-body").locator("textarea").fill("支持，东门晚上电动车很多。")
    comments.get_by_test_id("comment-send").click()
    expect(comments.get_by_test_id("comment-body-text")).to_have_text(
        ["支持，东门晚上电动车很多。", "晚上楼道里充电太危险了。"]
    )
    elders = comments.get_by_test_id("comment").filter(has_text="晚上楼道里充电太危险了。")
    elders.get_by_test_id("comment-reply").click()
    elders.get_by_test_id("reply-body").locator("textarea").fill("同意，应该集中充电。")
    elders.get_by_test_id("reply-send").click()
    expect(elders.get_by_test_id("reply")).to_contain_text("同意，应该集中充电。")
    elders.get_by_test_id("comment-report").click()
    dialog = page.get_by_test_id("report-dialog")
    dialog.get_by_test_id("report-reason").locator("textarea").fill("含有他人的电话号码")
    dialog.get_by_role("button", name="举报").click()
    expect(elders.get_by_test_id("comment-report")).to_have_text("已举报")
    screenshot(page, "consult-topic")


def test_staff_accept_the_topic_onto_a_session_and_start_it(
    desktop_page: Any, live_server: LiveServer, consult: ConsultData
) -> None:
    page = desktop_page
    staff_consult(page, live_server, "topics")
    row = page.get_by_test_id("admin-topic-row").filter(has_text=TOPIC)
    expect(row).to_contain_text("待审核")
    row.get_by_test_id("review-open").click()
    row.get_by_test_id("review-session").select_option(value=consult.session_id)
    screenshot(page, "admin-topic-review")
    row.get_by_test_id("review-accept").click()
    page.get_by_test_id("admin-topics-state").select_option("ACCEPTED")
    expect(page.get_by_test_id("admin-topic-row").filter(has_text=TOPIC)).to_contain_text("已受理")

    page.get_by_test_id("admin-consult-tab-sessions").click()
    page.get_by_test_id("admin-session-link").filter(has_text=SESSION).click()
    expect(page.get_by_test_id("admin-session-title")).to_have_text(SESSION)
    page.get_by_test_id("session-to-IN_PROGRESS").click()
    expect(page.get_by_test_id("admin-session-state")).to_have_text("进行中")
    page.get_by_test_id("minutes-text").fill("与会各方同意在东门内侧建设充电棚，交居民表决。")
    page.get_by_test_id("minutes-save").click()
    expect(page.get_by_test_id("session-minutes-admin")).to_contain_text("已保存")
    expect(page.get_by_test_id("resolution-form")).to_be_visible()  # the topic is in consultation
    screenshot(page, "admin-session")

    # The reported comment: hidden with a reason the residents see.
    page.goto("/admin/consult?tab=comments")
    row = page.get_by_test_id("admin-comment-row").filter(has_text="晚上楼道里充电太危险了。")
    expect(row).to_have_count(1)
    row.get_by_test_id("hide-comment").click()
    expect(row).to_contain_text("请填写隐藏原因")
    row.get_by_test_id("hide-reason").fill("含有个人信息")
    screenshot(page, "admin-comments")
    row.get_by_test_id("hide-comment").click()
    expect(page.get_by_test_id("admin-comment-row")).to_have_count(0)  # no report left to handle
    page.get_by_test_id("admin-comments-reported").uncheck()
    expect(page.get_by_test_id("admin-comment-row").filter(has_text="已隐藏")).to_contain_text(
        "含有个人信息"
    )


def test_resident_votes_staff_count_paper_ballots_close_and_the_resident_sees_the_result(
    phone_page: Any,
    desktop_page: Any,
    live_server: LiveServer,
    register: Register,
    consult: ConsultData,
) -> None:
    head = register.people["head"]
    spouse = register.people["spouse"]
    page = phone_page
    page.context.grant_permissions(["clipboard-read", "clipboard-write"])
    as_resident(page, live_server, consult)

    # --- staff watch the turnout live (graphql-transport-ws) ---------------------------------
    staff = desktop_page
    open_vote_as_staff(staff, live_server)
    expect(staff.get_by_test_id("admin-vote-state")).to_have_text("投票中")
    expect(staff.get_by_test_id("live-mode")).to_have_text("实时推送")
    expect(staff.get_by_test_id("live-ballots")).to_contain_text("1 / 5")

    # --- the resident finds the vote ---------------------------------------------------------
    page.goto("/consult")
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


def test_staff_publish_the_resolution_and_the_resident_reads_and_rates_it(
    phone_page: Any, desktop_page: Any, live_server: LiveServer, consult: ConsultData
) -> None:
    staff = desktop_page
    open_vote_as_staff(staff, live_server)
    form = staff.get_by_test_id("resolution-form")
    expect(form.get_by_test_id("resolution-text-input")).to_have_value(re.compile("通过"))
    form.get_by_test_id("resolution-text-input").fill(
        "经居民表决通过：在东门内侧绿地旁建设电动自行车充电棚，费用由公共收益列支。"
    )
    form.get_by_test_id("resolution-publish").click()
    notice = staff.get_by_test_id("resolution-admin")
    expect(notice.get_by_test_id("resolution-admin-text")).to_contain_text("经居民表决通过")
    expect(notice).to_contain_text("还有 7 天")
    notice.get_by_test_id("update-text").fill("已完成选址测量，下周开工。")
    notice.get_by_test_id("update-post").click()
    expect(notice.get_by_test_id("resolution-admin-updates")).to_contain_text("已完成选址测量")
    screenshot(staff, "admin-resolution")

    page = phone_page
    as_resident(page, live_server, consult)
    page.goto(f"/consult/votes/{consult.vote_id}/results")
    resolution = page.get_by_test_id("resolution")
    expect(resolution.get_by_test_id("resolution-text")).to_contain_text("经居民表决通过")
    expect(resolution.get_by_test_id("resolution-period")).to_contain_text("还有 7 天")
    expect(resolution.get_by_test_id("resolution-update")).to_contain_text("已完成选址测量")
    resolution.get_by_test_id("rating-SATISFIED").click()
    resolution.get_by_test_id("evaluation-submit").click()
    expect(resolution.get_by_test_id("evaluation-mine")).to_have_text("你的评价：满意")
    expect(resolution.get_by_test_id("evaluation-summary")).to_contain_text("1 人评价：满意 1")
    screenshot(page, "consult-resolution")

    # The topic shows it is decided; its session page has the materials and the minutes.
    page.get_by_test_id("vote-topic-link").click()
    expect(page.get_by_test_id("topic-state")).to_have_text("已决议")
    expect(page.get_by_test_id("comments")).to_contain_text("该评论已被隐藏：含有个人信息")
    page.get_by_test_id("topic-session").filter(has_text=SESSION).click()
    expect(page.get_by_test_id("session-title")).to_have_text(SESSION)
    expect(page.get_by_test_id("session-participants")).to_contain_text("安居物业")
    page.get_by_test_id("session-material").filter(has_text="充电棚选址说明").click()
    expect(page.get_by_test_id("session-material-body")).to_contain_text("约 30 个车位")
    expect(page.get_by_test_id("session-minutes")).to_contain_text("交居民表决")
    screenshot(page, "consult-session")

    # The same result in English.
    page.goto(f"/consult/votes/{consult.vote_id}/results")
    page.get_by_role("button", name="English").click()
    expect(page.get_by_test_id("vote-outcome-verdict")).to_have_text("Passed")
    expect(page.get_by_test_id("resolution-period")).to_contain_text("7 days left")
    expect(page.get_by_test_id("nav-bar")).to_contain_text("Results")
    screenshot(page, "consult-results-en")


def test_staff_create_a_vote_with_the_form(
    desktop_page: Any, live_server: LiveServer, register: Register
) -> None:
    """The vote form: options by ballot kind, the owners' rules only for owners, the server's
    field errors under the fields; a valid vote is a draft until it is opened."""
    page = desktop_page
    staff_consult(page, live_server, "votes")
    page.get_by_test_id("admin-vote-new").click()
    form = page.get_by_test_id("vote-create-form")
    form.get_by_test_id("vote-community").select_option(value=register.community_id)
    form.get_by_test_id("vote-question").fill("选举 2 名居民代表")
    form.get_by_test_id("vote-kind-MULTIPLE").check()
    labels = form.get_by_test_id("vote-option-label")
    expect(labels).to_have_count(2)
    form.get_by_test_id("vote-add-option").click()
    for i, name in enumerate(["赵磊", "王强", "李娜"]):
        labels.nth(i).fill(name)
    form.get_by_test_id("vote-max-choices").fill("2")
    expect(form.get_by_test_id("vote-rule").locator("option")).to_have_count(2)  # no owners' rules
    form.get_by_test_id("vote-unit").select_option("OWNER")
    expect(form.get_by_test_id("vote-rule").locator("option")).to_have_count(4)
    form.get_by_test_id("vote-unit").select_option("PERSON")
    form.get_by_test_id("vote-opens-at").fill("2020-01-01T09:00")
    form.get_by_test_id("vote-closes-at").fill("2020-01-02T09:00")
    form.get_by_test_id("vote-create-submit").click()
    expect(form).to_contain_text("时间不能早于当前时间")
    screenshot(page, "admin-vote-create-errors")

    later = dt.datetime.now() + dt.timedelta(days=3)
    form.get_by_test_id("vote-closes-at").fill(later.strftime("%Y-%m-%dT%H:%M"))
    form.get_by_test_id("vote-create-submit").click()
    expect(page.get_by_test_id("admin-vote-question")).to_have_text("选举 2 名居民代表")
    expect(page.get_by_test_id("admin-vote-state")).to_have_text("未开始")
    expect(page.get_by_test_id("admin-vote")).to_contain_text("最多选 2 项")
    page.get_by_test_id("vote-open").click()
    expect(page.get_by_test_id("admin-vote-state")).to_have_text("投票中")
    expect(page.get_by_test_id("admin-vote-snapshot")).to_contain_text("5 个投票单位")
    screenshot(page, "admin-vote-opened")

    # A paper ballot found by its voting unit (the household number of a person's home).
    paper = page.get_by_test_id("paper-ballot")
    paper.get_by_test_id("paper-search").fill(register.household_number)
    paper.get_by_test_id("paper-search-button").click()
    expect(paper.get_by_test_id("paper-pick")).to_have_count(2)  # two adults live there
    paper.get_by_test_id("paper-pick").first.check()
    paper.get_by_test_id("paper-sheet").fill("P-0101")
    choices = paper.get_by_test_id("paper-choice")
    for i in range(3):
        choices.nth(i).click()
    expect(paper.get_by_test_id("paper-choice").nth(2)).not_to_be_checked()  # at most 2
    paper.get_by_test_id("paper-submit").click()
    expect(paper.get_by_test_id("paper-counted")).to_contain_text("已计入")
    expect(page.get_by_test_id("live-ballots")).to_contain_text("1 / 5")
