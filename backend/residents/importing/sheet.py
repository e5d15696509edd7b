"""Reading the first sheet of an XLSX workbook or a CSV file into rows of cell texts."""

from __future__ import annotations

import csv
import datetime as dt
import io
import warnings
from pathlib import Path
from typing import Any

from backend.core.errors import ErrorCode

_ZIP_MAGIC = b"PK\x03\x04"
CSV_SUFFIXES = frozenset({".csv"})
XLSX_SUFFIXES = frozenset({".xlsx", ".xlsm"})


class SheetError(Exception):
    """The file as a whole cannot be used; no row was looked at."""

    def __init__(self, code: ErrorCode, **params: Any) -> None:
        super().__init__(code.value)
        self.code = code
        self.params = params


def read_table(path: Path) -> list[list[str]]:
    """Every row of the sheet, row ``i`` of the list being row ``i + 1`` as Excel shows it."""
    try:
        with path.open("rb") as fh:
            magic = fh.read(4)
    except OSError:
        raise SheetError(ErrorCode.FILE_UNREADABLE) from None
    # Judge by content first: an XLSX renamed to .csv is still a workbook.
    if magic == _ZIP_MAGIC:
        return _read_xlsx(path)
    if path.suffix.lower() in CSV_SUFFIXES:
        return _read_csv(path)
    raise SheetError(ErrorCode.FILE_UNREADABLE)


def cell_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, float) and value.is_integer():
        # Excel keeps every number as a double: a phone typed as a number reads back 13812341234.0.
        return str(int(value))
    if isinstance(value, dt.datetime | dt.date | dt.time):
        return value.isoformat()
    return str(value).strip()


def _read_xlsx(path: Path) -> list[list[str]]:
    import openpyxl

    try:
        with warnings.catch_warnings():
            # Sheets saved by WPS or older Excel make openpyxl warn about styles it ignores anyway.
            warnings.simplefilter("ignore")
            workbook = openpyxl.load_workbook(path, read_only=True, data_only=True)
            try:
                sheet = workbook.worksheets[0]
                # The stored dimensions are often wrong in files from other tools; read all rows.
                sheet.reset_dimensions()
                return [[cell_text(v) for v in row] for row in sheet.iter_rows(values_only=True)]
            finally:
                workbook.close()
    except Exception:
        # openpyxl reports a damaged or foreign file with many exception types; all mean the same.
        raise SheetError(ErrorCode.FILE_UNREADABLE) from None


def _read_csv(path: Path) -> list[list[str]]:
    try:
        data = path.read_bytes()
    except OSError:
        raise SheetError(ErrorCode.FILE_UNREADABLE) from None
    if b"\x00" in data:
        # NUL bytes mean a binary file or UTF-16 text, never a CSV saved by Excel or WPS.
        raise SheetError(ErrorCode.FILE_UNREADABLE)
    text = _decode(data)
    try:
        return [[cell.strip() for cell in row] for row in csv.reader(io.StringIO(text, newline=""))]
    except csv.Error:
        raise SheetError(ErrorCode.FILE_UNREADABLE) from None


def _decode(data: bytes) -> str:
    if data.startswith(b"\xef\xbb\xbf"):
        encodings: tuple[str, ...] = ("utf-8-sig",)
    else:
        # Excel in China saves "CSV" in the ANSI code page, GBK, which GB18030 extends.
        encodings = ("utf-8", "gb18030")
    for encoding in encodings:
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise SheetError(ErrorCode.FILE_UNREADABLE)
