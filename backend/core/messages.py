"""The message catalogue for error codes: zh-CN by default, English on request."""

from __future__ import annotations

from typing import Any

from backend.core.errors import ErrorCode

MESSAGES: dict[ErrorCode, dict[str, str]] = {
    ErrorCode.REQUIRED: {"zh": "此项必填", "en": "This field is required"},
    ErrorCode.INVALID: {"zh": "格式不正确", "en": "The value is not valid"},
    ErrorCode.TOO_LONG: {
        "zh": "长度不能超过 {max} 个字符",
        "en": "Must be at most {max} characters",
    },
    ErrorCode.OUT_OF_RANGE: {
        "zh": "取值须在 {min} 到 {max} 之间",
        "en": "Must be between {min} and {max}",
    },
    ErrorCode.INVALID_ID_NUMBER: {
        "zh": "身份证号码无效（须为 18 位且校验位正确）",
        "en": "Invalid ID number (18 characters with a valid GB 11643 check digit)",
    },
    ErrorCode.INVALID_PHONE: {
        "zh": "手机号码无效（须为 11 位，以 1 开头）",
        "en": "Invalid mobile phone number (11 digits starting with 1)",
    },
    ErrorCode.INVALID_DIVISION_CODE: {
        "zh": "区划代码无效（须为 12 位数字，按 6+3+3 结构）",
        "en": "Invalid division code (12 digits structured 6+3+3)",
    },
    ErrorCode.DIVISION_CODE_OUTSIDE_PARENT: {
        "zh": "区划代码不在上级区划 {parent} 之下",
        "en": "The division code is not under its parent {parent}",
    },
    ErrorCode.INVALID_GEOJSON: {
        "zh": "边界须为 GeoJSON 的 Polygon 或 MultiPolygon",
        "en": "The boundary must be a GeoJSON Polygon or MultiPolygon",
    },
    ErrorCode.NOT_FOUND: {"zh": "对象不存在", "en": "Not found"},
    ErrorCode.WRONG_TYPE: {
        "zh": "ID 类型不符，应为 {expected}",
        "en": "The ID is of the wrong type; expected {expected}",
    },
    ErrorCode.FORBIDDEN: {"zh": "无权操作此对象", "en": "You may not act on this object"},
    ErrorCode.DUPLICATE: {"zh": "该值已存在", "en": "This value already exists"},
    ErrorCode.CONFLICT: {"zh": "与现有数据冲突", "en": "Conflicts with existing data"},
    ErrorCode.BIRTH_DATE_MISMATCH: {
        "zh": "出生日期与身份证号码不一致",
        "en": "The birth date does not match the ID number",
    },
    ErrorCode.GENDER_MISMATCH: {
        "zh": "性别与身份证号码不一致",
        "en": "The gender does not match the ID number",
    },
    ErrorCode.HOUSEHOLD_HAS_HEAD: {
        "zh": "该户已有户主",
        "en": "The household already has a head",
    },
    ErrorCode.SAME_HOUSEHOLD: {
        "zh": "不能与同一户合并",
        "en": "A household cannot be merged with itself",
    },
    ErrorCode.GRID_MISMATCH: {
        "zh": "户所在网格与所选网格不一致",
        "en": "The household belongs to another grid",
    },
    ErrorCode.INVALID_RANGE: {
        "zh": "下限不能大于上限",
        "en": "The minimum cannot exceed the maximum",
    },
    ErrorCode.FILE_UNREADABLE: {
        "zh": "无法读取文件（支持 CSV 与 XLSX）",
        "en": "The file cannot be read (CSV and XLSX are supported)",
    },
    ErrorCode.MISSING_COLUMN: {"zh": "缺少列：{column}", "en": "Missing column: {column}"},
    ErrorCode.UNAUTHENTICATED: {"zh": "请先登录", "en": "Please log in first"},
    ErrorCode.INVALID_CREDENTIALS: {
        "zh": "用户名或密码错误",
        "en": "Wrong username or password",
    },
    ErrorCode.ACCOUNT_LOCKED: {
        "zh": "登录失败次数过多，请 {seconds} 秒后再试",
        "en": "Too many failed logins; try again in {seconds} seconds",
    },
    ErrorCode.WEAK_PASSWORD: {
        "zh": "密码至少 {min} 位，且须同时包含字母和数字",
        "en": "The password needs at least {min} characters with letters and digits",
    },
    ErrorCode.OTP_INVALID: {"zh": "验证码错误", "en": "Wrong verification code"},
    ErrorCode.OTP_EXPIRED: {
        "zh": "验证码已失效，请重新获取",
        "en": "The code has expired; request a new one",
    },
    ErrorCode.OTP_TOO_MANY_ATTEMPTS: {
        "zh": "验证码错误次数过多，请重新获取",
        "en": "Too many wrong codes; request a new one",
    },
    ErrorCode.OTP_THROTTLED: {
        "zh": "发送过于频繁，请 {seconds} 秒后再试",
        "en": "Codes are sent too often; try again in {seconds} seconds",
    },
    ErrorCode.REASON_REQUIRED: {
        "zh": "请填写查看原因（至少 {min} 个字）",
        "en": "Give a reason (at least {min} characters)",
    },
    ErrorCode.DATE_IN_FUTURE: {
        "zh": "日期不能晚于今天",
        "en": "The date cannot be in the future",
    },
    ErrorCode.ALREADY_ENDED: {"zh": "该记录已结束", "en": "The record has already ended"},
    ErrorCode.ALREADY_VOTED: {
        "zh": "该投票单位已经投过票",
        "en": "This voting unit has already voted",
    },
    ErrorCode.NOT_ELIGIBLE: {
        "zh": "不在本次表决的投票名单中",
        "en": "Not on the voting list of this vote",
    },
    ErrorCode.VOTE_NOT_OPEN: {"zh": "表决尚未开始", "en": "The vote has not opened yet"},
    ErrorCode.VOTE_CLOSED: {"zh": "表决已结束", "en": "The vote has closed"},
    ErrorCode.VOTE_ALREADY_OPENED: {
        "zh": "表决已经开启，投票名单已确定",
        "en": "The vote has already been opened and its voting list taken",
    },
    ErrorCode.VOTE_NOT_CLOSED: {
        "zh": "表决尚未结束计票",
        "en": "The vote has not been closed and counted yet",
    },
    ErrorCode.TOO_MANY_CHOICES: {
        "zh": "最多只能选择 {max} 项",
        "en": "Choose at most {max} options",
    },
    ErrorCode.OPTION_NOT_IN_VOTE: {
        "zh": "所选选项不属于本次表决",
        "en": "An option chosen is not an option of this vote",
    },
    ErrorCode.DUPLICATE_CHOICE: {"zh": "同一选项不能重复选择", "en": "An option was chosen twice"},
    ErrorCode.EMPTY_BALLOT: {
        "zh": "本次表决不接受空白票，请至少选择一项",
        "en": "This vote does not accept empty ballots; choose an option",
    },
    ErrorCode.RULE_NEEDS_OWNER_UNITS: {
        "zh": "业主表决规则须以业主为投票单位",
        "en": "The owners' rules need owners as the voting unit",
    },
    ErrorCode.UNIT_REQUIRED: {
        "zh": "您可代表多个投票单位，请选择本次投票的单位",
        "en": "You may vote for several units; choose the unit of this ballot",
    },
    ErrorCode.OPEN_CONFLICTS: {
        "zh": "还有 {count} 张冲突选票待处理，处理后才能结束表决",
        "en": "{count} conflicting ballots must be resolved before the vote can close",
    },
    ErrorCode.CONFLICT_RESOLVED: {
        "zh": "该冲突选票已处理",
        "en": "This ballot conflict has already been resolved",
    },
    ErrorCode.OUTSIDE_COMMUNITY: {
        "zh": "所选对象不属于该社区",
        "en": "The object chosen is not in this community",
    },
    ErrorCode.IN_THE_PAST: {"zh": "时间不能早于当前时间", "en": "The time cannot be in the past"},
    ErrorCode.INVALID_TRANSITION: {
        "zh": "当前状态不允许此操作",
        "en": "Not allowed in the current state",
    },
    ErrorCode.NOT_IN_SCOPE: {
        "zh": "您的住所不在该范围内",
        "en": "Your home is not within this scope",
    },
    ErrorCode.ALREADY_SUPPORTED: {
        "zh": "您已附议过该议题",
        "en": "You have already supported this topic",
    },
    ErrorCode.SUPPORT_CLOSED: {
        "zh": "该议题已不再征集附议",
        "en": "This topic no longer collects support",
    },
    ErrorCode.ALREADY_REPORTED: {
        "zh": "您已举报过该评论",
        "en": "You have already reported this comment",
    },
    ErrorCode.EDIT_WINDOW_CLOSED: {
        "zh": "评论发布 {minutes} 分钟后不能再修改",
        "en": "A comment can be edited only within {minutes} minutes of posting",
    },
    ErrorCode.REPLY_TOO_DEEP: {
        "zh": "只能回复主评论，不能回复回复",
        "en": "Replies go one level deep: reply to the original comment",
    },
}


def message_for(code: ErrorCode, lang: str = "zh", **params: Any) -> str:
    template = MESSAGES[code]["en" if lang == "en" else "zh"]
    try:
        return template.format(**params)
    except (KeyError, IndexError):
        return template


def pick_language(accept_language: str | None) -> str:
    """``en`` when the client prefers English over Chinese, otherwise ``zh`` (the default)."""
    if not accept_language:
        return "zh"
    best, best_q = "zh", -1.0
    for part in accept_language.split(","):
        tag, _, q = part.strip().partition(";q=")
        try:
            weight = float(q) if q else 1.0
        except ValueError:
            weight = 0.0
        primary = tag.strip().lower().split("-")[0]
        if primary in {"zh", "en"} and weight > best_q:
            best, best_q = primary, weight
    return best
