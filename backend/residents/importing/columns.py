"""The columns of the residents sheet and the words staff write in its cells."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from enum import StrEnum
from typing import TypeVar

from backend.residents.models import CareTagKind, RelationToHead, Residency, VisitTier


@dataclass(frozen=True)
class Column:
    key: str  # the English header, also the field name used in error records
    label: str  # the Chinese header of the staff sheet
    aliases: tuple[str, ...] = ()
    required: bool = False


COLUMNS: tuple[Column, ...] = (
    Column("name", "姓名", ("名字",), required=True),
    Column("idNumber", "身份证号", ("身份证号码", "公民身份号码", "身份证"), required=True),
    Column("phone", "手机号", ("手机号码", "手机", "联系电话")),
    Column("residency", "居住类型", ("人口类型",), required=True),
    Column("gridCode", "网格编码", ("网格代码", "网格编号"), required=True),
    Column("householdNumber", "户号", ("户编号",)),
    Column("relationToHead", "与户主关系", ("与户主的关系", "relation")),
    Column("compound", "小区", ("小区名称",)),
    Column("building", "楼栋", ("楼号", "楼栋号")),
    Column("unit", "房号", ("房间号", "室号", "unitNumber")),
    Column("floorArea", "建筑面积", ("面积", "area")),
    Column("careTags", "关爱标签", ("关爱对象",)),
    Column("owner", "是否产权人", ("产权人", "isOwner")),
)
BY_KEY = {c.key: c for c in COLUMNS}
ORDER = {c.key: i for i, c in enumerate(COLUMNS)}
# Either all of these columns are in the sheet or none: a dwelling needs all four to be found
# or created.
DWELLING_GROUP = ("compound", "building", "unit", "floorArea")


def nfkc(text: str) -> str:
    """Full-width digits, letters and punctuation (common in Chinese input) as ASCII."""
    return unicodedata.normalize("NFKC", text).strip()


def header_key(text: str) -> str:
    """Reduce a header cell to its lookup form: 建筑面积（㎡）, ``姓名*``, ``id_number`` match."""
    text = nfkc(text)
    text = re.sub(r"\(.*\)$", "", text)
    return re.sub(r"[\s_\-*]", "", text).lower()


_HEADERS = {header_key(name): c.key for c in COLUMNS for name in (c.key, c.label, *c.aliases)}


def column_for(header: str) -> str | None:
    return _HEADERS.get(header_key(header)) if header else None


E = TypeVar("E", bound=StrEnum)


def _vocabulary(enum: type[E], words: dict[str, E]) -> dict[str, E]:
    """Chinese words plus the enum names themselves, in any letter case."""
    table = {member.value.lower(): member for member in enum}
    table.update({nfkc(word).lower(): member for word, member in words.items()})
    return table


RESIDENCY = _vocabulary(
    Residency,
    {
        "户籍": Residency.REGISTERED,
        "户籍人口": Residency.REGISTERED,
        "常住": Residency.PERMANENT,
        "常住人口": Residency.PERMANENT,
        "流动": Residency.FLOATING,
        "流动人口": Residency.FLOATING,
    },
)

RELATIONS = _vocabulary(
    RelationToHead,
    {
        "户主": RelationToHead.HEAD,
        "本人": RelationToHead.HEAD,
        "配偶": RelationToHead.SPOUSE,
        "妻": RelationToHead.SPOUSE,
        "妻子": RelationToHead.SPOUSE,
        "夫": RelationToHead.SPOUSE,
        "丈夫": RelationToHead.SPOUSE,
        "子女": RelationToHead.CHILD,
        "子": RelationToHead.CHILD,
        "女": RelationToHead.CHILD,
        "儿子": RelationToHead.CHILD,
        "女儿": RelationToHead.CHILD,
        "父母": RelationToHead.PARENT,
        "父亲": RelationToHead.PARENT,
        "母亲": RelationToHead.PARENT,
        "祖父母": RelationToHead.GRANDPARENT,
        "外祖父母": RelationToHead.GRANDPARENT,
        "孙子女": RelationToHead.GRANDCHILD,
        "外孙子女": RelationToHead.GRANDCHILD,
        "兄弟姐妹": RelationToHead.SIBLING,
        "其他亲属": RelationToHead.OTHER_RELATIVE,
        "租户": RelationToHead.TENANT,
        "租客": RelationToHead.TENANT,
        "其他": RelationToHead.OTHER,
    },
)

CARE_KINDS = _vocabulary(
    CareTagKind,
    {
        "独居老人": CareTagKind.ELDERLY_ALONE,
        "残疾": CareTagKind.DISABLED,
        "残疾人": CareTagKind.DISABLED,
        "低保": CareTagKind.SUBSISTENCE,
        "低保户": CareTagKind.SUBSISTENCE,
        "优抚": CareTagKind.ENTITLED,
        "优抚对象": CareTagKind.ENTITLED,
        "留守儿童": CareTagKind.LEFT_BEHIND_CHILD,
        "大病": CareTagKind.SERIOUS_ILLNESS,
        "重病": CareTagKind.SERIOUS_ILLNESS,
        "空巢老人": CareTagKind.EMPTY_NEST_ELDERLY,
    },
)

TIERS = _vocabulary(
    VisitTier,
    {
        "高": VisitTier.HIGH,
        "每周": VisitTier.HIGH,
        "重点": VisitTier.KEY,
        "每月": VisitTier.KEY,
        "一般": VisitTier.GENERAL,
        "每季度": VisitTier.GENERAL,
    },
)
# A tag written without a tier gets the lightest schedule; staff raise it where needed.
DEFAULT_TIER = VisitTier.GENERAL

YES = frozenset({"是", "y", "yes", "true", "1", "√"})
NO = frozenset({"否", "n", "no", "false", "0", "×"})


@dataclass
class ColumnMap:
    """Where each known column sits in the sheet, and its header as the staff wrote it."""

    index: dict[str, int] = field(default_factory=dict)
    headers: dict[str, str] = field(default_factory=dict)

    def has(self, key: str) -> bool:
        return key in self.index

    def header(self, key: str) -> str:
        # A column absent from the file is named by its Chinese header.
        return self.headers.get(key) or BY_KEY[key].label

    def position(self, key: str) -> int:
        return self.index.get(key, len(COLUMNS) * 1000 + ORDER[key])

    def value(self, cells: list[str], key: str) -> str:
        i = self.index.get(key)
        return cells[i] if i is not None and i < len(cells) else ""
