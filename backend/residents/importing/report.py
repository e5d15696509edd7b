"""What an import found and did, for staff: row errors as they see the sheet, and counts."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from backend.core.errors import ErrorCode
from backend.core.messages import message_for


@dataclass(frozen=True)
class RowError:
    """One problem: ``row`` as Excel numbers it (header = 1), None for the file as a whole;
    ``column`` is the header as written in the file (or the Chinese name of a missing column)."""

    row: int | None
    column: str | None
    code: ErrorCode
    message: str

    @classmethod
    def of(cls, row: int | None, column: str | None, code: ErrorCode, /, **params: Any) -> RowError:
        return cls(row, column, code, message_for(code, "zh", **params))

    def line(self) -> str:
        if self.row is None:
            # A file-level message names its column itself (缺少列：身份证号).
            return f"文件: {self.message}"
        return f"第 {self.row} 行 {self.column}: {self.message}"


@dataclass
class ImportCounts:
    """Records the import creates; existing compounds, buildings, dwellings and households
    named in the file are reused and not counted."""

    residents: int = 0
    households: int = 0
    dwellings: int = 0
    compounds: int = 0
    buildings: int = 0
    owners: int = 0
    care_tags: int = 0


@dataclass
class ImportReport:
    """``created`` holds what was written, or for a clean dry run what would be written;
    ``written`` tells which. Any error means nothing was written."""

    dry_run: bool
    rows: int = 0
    errors: list[RowError] = field(default_factory=list)
    created: ImportCounts = field(default_factory=ImportCounts)
    written: bool = False

    @property
    def ok(self) -> bool:
        return not self.errors

    @property
    def bad_rows(self) -> int:
        return len({e.row for e in self.errors if e.row is not None})

    def lines(self) -> list[str]:
        return [e.line() for e in self.errors] + [self.summary()]

    def summary(self) -> str:
        if self.errors:
            rows = f"，涉及 {self.bad_rows} 行" if self.bad_rows else ""
            prefix = "试运行：" if self.dry_run else "导入失败："
            return f"{prefix}共 {len(self.errors)} 处错误{rows}；未写入任何数据"
        c = self.created
        what = (
            f"居民 {c.residents} 人、户 {c.households} 户、房屋 {c.dwellings} 套"
            f"（另有小区 {c.compounds} 个、楼栋 {c.buildings} 栋、"
            f"产权登记 {c.owners} 条、关爱标签 {c.care_tags} 条）"
        )
        if self.dry_run:
            return f"试运行通过：共 {self.rows} 行均可导入，将新建{what}；未写入任何数据"
        return f"导入完成：共 {self.rows} 行，新建{what}"
