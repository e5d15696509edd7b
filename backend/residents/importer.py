"""``gongzhi import-residents``: the resident register from the sheet staff keep (CSV or XLSX).

Every row is checked in memory and against the database in bulk before anything is written;
one bad row means nothing is written, and a clean file is written in one transaction. The
columns and accepted words are documented in docs/import.md.
"""

from __future__ import annotations

import asyncio
from pathlib import Path

from tortoise.exceptions import IntegrityError

from backend.auth.scope import Scope
from backend.core.errors import ErrorCode
from backend.residents.importing.columns import (
    BY_KEY,
    COLUMNS,
    DWELLING_GROUP,
    ColumnMap,
    column_for,
)
from backend.residents.importing.plan import build_plan
from backend.residents.importing.report import ImportCounts, ImportReport, RowError
from backend.residents.importing.rows import RowData, parse_row
from backend.residents.importing.sheet import SheetError, read_table
from backend.residents.importing.writer import write_plan

__all__ = ["ImportCounts", "ImportReport", "RowError", "import_residents_file"]

EVERYTHING = Scope.everything()
# A title row such as "永安里社区居民花名册" may sit above the header; look this far for it.
HEADER_SEARCH_ROWS = 10


async def import_residents_file(
    path: Path, *, dry_run: bool, scope: Scope = EVERYTHING
) -> ImportReport:
    report = ImportReport(dry_run=dry_run)
    try:
        # openpyxl and the CSV parser are synchronous; keep the event loop free meanwhile.
        table = await asyncio.to_thread(read_table, path)
    except SheetError as exc:
        report.errors.append(RowError.of(None, None, exc.code, **exc.params))
        return report
    header_index = _find_header(table)
    columns, problems = _map_columns(table[header_index] if table else [], header_index + 1)
    if problems:
        report.errors = problems
        return report

    rows = [
        parse_row(number, cells, columns)
        for number, cells in enumerate(table[header_index + 1 :], start=header_index + 2)
        if any(cells)
    ]
    report.rows = len(rows)
    plan = await build_plan(rows, scope)
    report.errors = _row_errors(rows, columns)
    if report.errors:
        return report
    counts = plan.counts()
    if not dry_run:
        try:
            await write_plan(plan)
        except IntegrityError:
            # Someone registered one of these ID numbers, households or dwellings since the
            # check; the transaction rolled back, so the file can simply be imported again.
            report.errors.append(RowError.of(None, None, ErrorCode.CONFLICT))
            return report
        report.written = True
    report.created = counts
    return report


def _find_header(table: list[list[str]]) -> int:
    for index, cells in enumerate(table[:HEADER_SEARCH_ROWS]):
        if sum(1 for cell in cells if column_for(cell)) >= 2:
            return index
    return next((i for i, cells in enumerate(table) if any(cells)), 0)


def _map_columns(header: list[str], row_number: int) -> tuple[ColumnMap, list[RowError]]:
    columns = ColumnMap()
    problems: list[RowError] = []
    for index, text in enumerate(header):
        key = column_for(text)
        if key is None:
            continue  # staff sheets carry their own columns (备注, 年龄 …); they are ignored
        if columns.has(key):
            problems.append(RowError.of(row_number, text, ErrorCode.DUPLICATE))
            continue
        columns.index[key] = index
        columns.headers[key] = text
    needed = {c.key for c in COLUMNS if c.required}
    if any(columns.has(key) for key in DWELLING_GROUP):
        needed.update(DWELLING_GROUP)
    for column in COLUMNS:
        if column.key in needed and not columns.has(column.key):
            label = BY_KEY[column.key].label
            problems.append(RowError.of(None, label, ErrorCode.MISSING_COLUMN, column=label))
    return columns, problems


def _row_errors(rows: list[RowData], columns: ColumnMap) -> list[RowError]:
    found = [
        (row.number, columns.position(error.field or ""), row, error)
        for row in rows
        for error in row.errors.errors
    ]
    found.sort(key=lambda item: (item[0], item[1]))
    return [
        RowError.of(row.number, columns.header(error.field or ""), error.code, **error.params)
        for _, _, row, error in found
    ]
