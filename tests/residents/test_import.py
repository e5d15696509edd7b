"""Importing the resident register from the staff sheet (CSV or XLSX)."""

from __future__ import annotations

import csv
import datetime as dt
import subprocess
import sys
from decimal import Decimal
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from backend.auth.scope import Scope
from backend.core import crypto
from backend.core.errors import ErrorCode
from backend.core.messages import message_for
from backend.core.validators import id_check_character, mask_id_number
from backend.divisions.models import Division
from backend.grids.models import Grid
from backend.housing.models import Building, Compound, Dwelling, DwellingOwner
from backend.residents.importer import ImportCounts, import_residents_file
from backend.residents.models import CareTag, Household, RelationToHead, Residency, Resident
from tests.factories import make_grid, make_household, make_resident, make_tree

ZH = [
    "姓名",
    "身份证号",
    "手机号",
    "居住类型",
    "网格编码",
    "户号",
    "与户主关系",
    "小区",
    "楼栋",
    "房号",
    "建筑面积",
    "关爱标签",
    "是否产权人",
]
EN = [
    "name",
    "idNumber",
    "phone",
    "residency",
    "gridCode",
    "householdNumber",
    "relationToHead",
    "compound",
    "building",
    "unit",
    "floorArea",
    "careTags",
    "owner",
]
MODELS = (Division, Grid, Compound, Building, Dwelling, DwellingOwner, Household, Resident, CareTag)


def ident(seq: int, birth: dt.date = dt.date(1980, 5, 17), male: bool = True) -> str:
    """A valid ID number; another area code than the factories' keeps the two sets apart."""
    first17 = f"310104{birth:%Y%m%d}{seq * 2 + (1 if male else 0):03d}"
    return first17 + id_check_character(first17)


def person(
    name: str,
    id_number: str,
    residency: str = "户籍",
    grid: str = "G1",
    *,
    phone: str = "",
    household: str = "",
    relation: str = "",
    dwelling: tuple[str, str, str, str] = ("", "", "", ""),
    tags: str = "",
    owner: str = "",
) -> list[str]:
    """One row in the column order of ``ZH``."""
    return [name, id_number, phone, residency, grid, household, relation, *dwelling, tags, owner]


def write_csv(path: Path, rows: list[list[Any]], encoding: str = "utf-8") -> Path:
    with path.open("w", encoding=encoding, newline="") as fh:
        csv.writer(fh).writerows(rows)
    return path


def write_xlsx(path: Path, rows: list[list[Any]]) -> Path:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    assert sheet is not None
    for row in rows:
        sheet.append(row)
    workbook.save(path)
    return path


async def make_dwelling(
    grid: Grid, unit: str, building: str = "1 号楼", compound: str = "安和小区"
) -> Dwelling:
    """Housing built here, not by the factories, so the names the sheets use stay in view."""
    c, _ = await Compound.get_or_create(name=compound, community_id=grid.community_id)
    b, _ = await Building.get_or_create(compound=c, name=building, defaults={"grid": grid})
    return await Dwelling.create(building=b, unit_number=unit, floor_area=Decimal("88.50"))


async def table_counts() -> dict[str, int]:
    return {model.__name__: await model.all().count() for model in MODELS}


async def setup_grids() -> dict[str, Grid]:
    tree = await make_tree()
    return {
        "G1": await make_grid(tree["c1"], "G1"),
        "G2": await make_grid(tree["c1"], "G2"),
        "G3": await make_grid(tree["c2"], "G3"),
    }


def found(report: Any) -> list[tuple[int | None, str | None, ErrorCode]]:
    return [(e.row, e.column, e.code) for e in report.errors]


# ---------------------------------------------------------------- valid files


async def test_valid_csv_creates_exactly_the_register(db: str, tmp_path: Path) -> None:
    grids = await setup_grids()
    head, spouse, floating, other = (
        ident(1, dt.date(1950, 3, 1)),
        ident(2, dt.date(1952, 7, 9), male=False),
        ident(3),
        ident(4, dt.date(1990, 1, 2)),
    )
    home = ("安和小区", "1号楼", "101")
    rows = [
        ZH,
        person(
            "张三",
            head,
            phone="13812341234",
            household="H001",
            relation="户主",
            dwelling=(*home, "88.5"),
            tags="独居老人:HIGH;残疾:重点",
            owner="是",
        ),
        person("李四", spouse, "常住", household="H001", relation="配偶", dwelling=(*home, "")),
        person("王五", floating.lower(), "流动", phone="139 1234 5678", tags="低保", owner="否"),
        person(
            "赵六",
            other,
            "REGISTERED",
            "G3",
            household="H002",
            relation="HEAD",
            dwelling=("吉祥小区", "2号楼", "202", "60"),
            owner="是",
        ),
    ]
    path = write_csv(tmp_path / "register.csv", rows, encoding="utf-8-sig")
    before = await table_counts()

    report = await import_residents_file(path, dry_run=False)

    assert report.ok and report.written and report.errors == []
    assert report.created == ImportCounts(
        residents=4, households=2, dwellings=2, compounds=2, buildings=2, owners=2, care_tags=3
    )
    assert report.lines() == [
        "导入完成：共 4 行，新建居民 4 人、户 2 户、房屋 2 套"
        "（另有小区 2 个、楼栋 2 栋、产权登记 2 条、关爱标签 3 条）"
    ]
    after = await table_counts()
    assert {k: after[k] - before[k] for k in after} == {
        **dict.fromkeys(before, 0),
        **{"Compound": 2, "Building": 2, "Dwelling": 2, "DwellingOwner": 2},
        **{"Household": 2, "Resident": 4, "CareTag": 3},
    }
    people = {
        r.name: r
        for r in await Resident.all().prefetch_related(
            "household", "grid", "care_tags", "ownerships"
        )
    }
    assert sorted(people) == ["张三", "李四", "王五", "赵六"]
    zhang, li, wang, zhao = people["张三"], people["李四"], people["王五"], people["赵六"]
    assert [p.grid.code for p in (zhang, li, wang, zhao)] == ["G1", "G1", "G1", "G3"]
    assert zhang.id_number_masked == mask_id_number(head) == "310104********" + head[14:]
    assert registered_id(zhang) == head
    assert (zhang.gender, zhang.birth_date) == ("MALE", dt.date(1950, 3, 1))
    assert (li.gender, li.birth_date) == ("FEMALE", dt.date(1952, 7, 9))
    assert wang.id_number_masked == mask_id_number(floating)
    phones = (zhang.phone_masked, li.phone_masked, wang.phone_masked)
    assert phones == ("138****1234", "", "139****5678")
    assert li.phone_hash is None
    assert [p.residency for p in (zhang, li, wang, zhao)] == [
        Residency.REGISTERED,
        Residency.PERMANENT,
        Residency.FLOATING,
        Residency.REGISTERED,
    ]
    relations = (zhang.relation_to_head, li.relation_to_head, zhao.relation_to_head)
    assert relations == (RelationToHead.HEAD, RelationToHead.SPOUSE, RelationToHead.HEAD)
    assert (wang.household, wang.relation_to_head) == (None, None)
    assert zhang.household_id == li.household_id != zhao.household_id
    tags = {(t.kind, t.tier) for t in zhang.care_tags}
    assert tags == {("ELDERLY_ALONE", "HIGH"), ("DISABLED", "KEY")}
    assert [(t.kind, t.tier) for t in wang.care_tags] == [("SUBSISTENCE", "GENERAL")]
    assert list(li.care_tags) == list(zhao.care_tags) == []

    households = {h.number: h for h in await Household.all().prefetch_related("dwelling__building")}
    assert sorted(households) == ["H001", "H002"]
    h1, h2 = households["H001"], households["H002"]
    assert (h1.grid_id, h2.grid_id) == (grids["G1"].pk, grids["G3"].pk)
    assert (h1.dwelling.unit_number, h1.dwelling.floor_area) == ("101", Decimal("88.50"))
    assert (h1.dwelling.building.name, h1.dwelling.building.grid_id) == ("1号楼", grids["G1"].pk)
    assert (h2.dwelling.unit_number, h2.dwelling.floor_area) == ("202", Decimal("60.00"))
    assert (h2.dwelling.building.name, h2.dwelling.building.grid_id) == ("2号楼", grids["G3"].pk)
    compounds = await Compound.all().values_list("name", "community__code")
    assert sorted(compounds) == [("吉祥小区", "110105002001"), ("安和小区", "110105001001")]
    owners = await DwellingOwner.all().values_list("owner__name", "dwelling__unit_number")
    assert sorted(owners) == [("张三", "101"), ("赵六", "202")]


async def test_valid_xlsx_with_english_headers_reuses_existing_housing(
    db: str, tmp_path: Path
) -> None:
    grids = await setup_grids()
    dwelling = await make_dwelling(grids["G1"], "101")
    household = await make_household(grids["G1"])
    before = await table_counts()
    newcomer, child = ident(10), ident(11, dt.date(2015, 6, 1), male=False)
    path = write_xlsx(
        tmp_path / "register.xlsx",
        [
            ["永安里社区居民花名册"],
            [*EN, "remark"],
            [
                "孙七",
                newcomer,
                13912345678,
                "permanent",
                "G1",
                household.number,
                "head",
                "安和小区",
                "1 号楼",
                101,
                88.5,
                None,
                "yes",
                "新迁入",
            ],
            [None] * 5,
            [
                "周八",
                child,
                None,
                "FLOATING",
                "G2",
                "H100",
                "CHILD",
                None,
                None,
                None,
                None,
                "留守儿童:KEY",
                None,
            ],
        ],
    )

    report = await import_residents_file(path, dry_run=False)

    assert found(report) == []
    assert report.rows == 2
    assert report.created == ImportCounts(residents=2, households=1, owners=1, care_tags=1)
    after = await table_counts()
    assert {k: after[k] - before[k] for k in after} == {
        "Division": 0,
        "Grid": 0,
        "Compound": 0,
        "Building": 0,
        "Dwelling": 0,
        "DwellingOwner": 1,
        "Household": 1,
        "Resident": 2,
        "CareTag": 1,
    }
    sun = await Resident.get(name="孙七")
    assert (sun.household_id, sun.relation_to_head, sun.grid_id) == (
        household.pk,
        RelationToHead.HEAD,
        grids["G1"].pk,
    )
    assert sun.phone_masked == "139****5678"
    await household.refresh_from_db()
    assert household.dwelling_id == dwelling.pk
    assert await DwellingOwner.filter(dwelling_id=dwelling.pk).values_list(
        "owner_id", flat=True
    ) == [sun.pk]
    zhou = await Resident.get(name="周八").prefetch_related("household", "care_tags")
    assert (zhou.household.number, zhou.household.grid_id, zhou.household.dwelling_id) == (
        "H100",
        grids["G2"].pk,
        None,
    )
    assert [(t.kind, t.tier) for t in zhou.care_tags] == [("LEFT_BEHIND_CHILD", "KEY")]


async def test_row_numbers_are_those_excel_shows(db: str, tmp_path: Path) -> None:
    await setup_grids()
    path = write_xlsx(
        tmp_path / "numbers.xlsx",
        [
            ["永安里社区居民花名册（2026 年）"],
            ["姓名*", "身份证号码", "联系电话", "居住类型", "网格编码", "备注"],
            ["甲", ident(15), 13812341234, "户籍", "G1", "ok"],
            [],
            ["乙", ident(16), 12345, "户籍", "G1", None],
        ],
    )

    report = await import_residents_file(path, dry_run=True)

    assert found(report) == [(5, "联系电话", ErrorCode.INVALID_PHONE)]
    assert report.rows == 2
    assert report.lines()[0] == "第 5 行 联系电话: 手机号码无效（须为 11 位，以 1 开头）"


async def test_gb18030_csv_from_excel(db: str, tmp_path: Path) -> None:
    await setup_grids()
    # 䶮 is outside GBK: only a real GB18030 decode keeps it.
    path = write_csv(
        tmp_path / "gb.csv",
        [ZH[:5], ["王䶮", ident(20), "", "户籍", "G1"], ["刘备", ident(21), "", "流动", "G2"]],
        encoding="gb18030",
    )

    report = await import_residents_file(path, dry_run=False)

    assert found(report) == []
    assert sorted(await Resident.all().values_list("name", flat=True)) == ["刘备", "王䶮"]


async def test_dry_run_of_a_valid_file_writes_nothing(db: str, tmp_path: Path) -> None:
    await setup_grids()
    row = person(
        "张三",
        ident(30),
        household="H9",
        relation="户主",
        dwelling=("安和小区", "1号楼", "101", "80"),
        owner="是",
    )
    path = write_csv(tmp_path / "ok.csv", [ZH, row])
    before = await table_counts()

    report = await import_residents_file(path, dry_run=True)

    assert report.ok and not report.written
    assert report.created == ImportCounts(
        residents=1, households=1, dwellings=1, compounds=1, buildings=1, owners=1
    )
    assert report.lines() == [
        "试运行通过：共 1 行均可导入，将新建居民 1 人、户 1 户、房屋 1 套"
        "（另有小区 1 个、楼栋 1 栋、产权登记 1 条、关爱标签 0 条）；未写入任何数据"
    ]
    assert await table_counts() == before


# ---------------------------------------------------------------- bad rows


@pytest.mark.parametrize("dry_run", [True, False], ids=["dry-run", "real"])
async def test_every_bad_row_is_reported_and_nothing_is_written(
    db: str, tmp_path: Path, dry_run: bool
) -> None:
    grids = await setup_grids()
    existing_household = await make_household(grids["G1"])
    registered = await make_resident(
        grids["G1"], "老住户", household=existing_household, relation="HEAD"
    )
    taken = registered_id(registered)
    good = ident(41)
    header = [*ZH[:10], "建筑面积（㎡）", *ZH[11:]]
    flat = ("安和小区", "1号楼", "101", "")
    rows = [
        header,
        person("甲", good, household="H1", relation="户主"),  # 2: fine
        person("乙", "110105198005170010"),  # 3: bad check digit
        person("丙", ident(42), phone="12345"),  # 4
        person("丁", ident(43), grid="G9"),  # 5: no such grid
        person("戊", good),  # 6: same ID as row 2
        person("己", taken),  # 7: ID already registered
        person("庚", ident(44), household="H1", relation="户主"),  # 8: second head
        person("辛", ident(45), grid="G2", household="H1", relation="子女"),  # 9: H1 is in G1
        person("壬", ident(46), household=existing_household.number, relation="户主"),  # 10
        person("", ident(47), "外来"),  # 11: two errors, listed in column order
        person("癸", ident(48), relation="配偶"),  # 12: a relation needs a household
        person("子", ident(49), tags="独居老人:每年"),  # 13
        person("丑", ident(50), owner="是"),  # 14: owner of no dwelling
        person("寅", ident(51), dwelling=flat),  # 15: a new dwelling needs its area
        person("卯", ident(52), dwelling=(*flat[:3], "abc")),  # 16
        person("辰", ident(53), "常住", "G2"),  # 17: fine
    ]
    path = write_csv(tmp_path / "bad.csv", rows)
    before = await table_counts()

    report = await import_residents_file(path, dry_run=dry_run)

    assert found(report) == [
        (3, "身份证号", ErrorCode.INVALID_ID_NUMBER),
        (4, "手机号", ErrorCode.INVALID_PHONE),
        (5, "网格编码", ErrorCode.NOT_FOUND),
        (6, "身份证号", ErrorCode.DUPLICATE),
        (7, "身份证号", ErrorCode.DUPLICATE),
        (8, "与户主关系", ErrorCode.HOUSEHOLD_HAS_HEAD),
        (9, "网格编码", ErrorCode.GRID_MISMATCH),
        (10, "与户主关系", ErrorCode.HOUSEHOLD_HAS_HEAD),
        (11, "姓名", ErrorCode.REQUIRED),
        (11, "居住类型", ErrorCode.INVALID),
        (12, "户号", ErrorCode.REQUIRED),
        (13, "关爱标签", ErrorCode.INVALID),
        (14, "小区", ErrorCode.REQUIRED),
        (15, "建筑面积（㎡）", ErrorCode.REQUIRED),
        (16, "建筑面积（㎡）", ErrorCode.INVALID),
    ]
    assert all(e.message == message_for(e.code, "zh") for e in report.errors)
    assert not report.ok and not report.written
    assert report.created == ImportCounts()
    lines = report.lines()
    assert lines[0] == "第 3 行 身份证号: 身份证号码无效（须为 18 位且校验位正确）"
    assert (
        lines[-1]
        == ("试运行：" if dry_run else "导入失败：") + "共 15 处错误，涉及 14 行；未写入任何数据"
    )
    assert await table_counts() == before


async def test_a_clash_at_write_time_rolls_everything_back(
    db: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Another request may register an ID number between the check and the insert: the
    unique constraint stops the insert and the households written before it are undone."""
    grids = await setup_grids()
    registered = await make_resident(grids["G1"], "张三")
    rows = [
        ZH,
        person(
            "李四", ident(95), household="H1", relation="户主", dwelling=("小区", "1", "1", "80")
        ),
        person("张三", registered_id(registered), household="H1", relation="配偶"),
    ]
    path = write_csv(tmp_path / "race.csv", rows)
    before = await table_counts()

    async def nothing_taken(digests: set[str]) -> set[str]:
        return set()

    monkeypatch.setattr("backend.residents.importing.plan._existing_hashes", nothing_taken)
    report = await import_residents_file(path, dry_run=False)

    assert found(report) == [(None, None, ErrorCode.CONFLICT)]
    assert not report.written and report.created == ImportCounts()
    assert await table_counts() == before


async def test_duplicate_id_within_the_file_and_against_the_database(
    db: str, tmp_path: Path
) -> None:
    grids = await setup_grids()
    registered = await make_resident(grids["G1"], "张三")
    twice = ident(60)
    path = write_csv(
        tmp_path / "dup.csv",
        [
            ZH[:5],
            ["李四", twice, "", "户籍", "G1"],
            ["李四", twice.lower(), "", "户籍", "G1"],
            ["王五", registered_id(registered), "", "户籍", "G2"],
        ],
    )

    report = await import_residents_file(path, dry_run=False)

    assert found(report) == [
        (3, "身份证号", ErrorCode.DUPLICATE),
        (4, "身份证号", ErrorCode.DUPLICATE),
    ]
    assert await Resident.all().values_list("name", flat=True) == ["张三"]


def registered_id(resident: Resident) -> str:
    return crypto.get_cipher().decrypt(resident.id_number_cipher, crypto.ID_NUMBER)


async def test_housing_that_disagrees_with_the_register(db: str, tmp_path: Path) -> None:
    grids = await setup_grids()
    dwelling = await make_dwelling(grids["G1"], "101")  # 88.50 m², building in G1
    elsewhere = await make_dwelling(grids["G1"], "102")
    placed = await make_household(grids["G1"], elsewhere)

    def at(building: str, unit: str, area: str = "") -> tuple[str, str, str, str]:
        return ("安和小区", building, unit, area)

    rows = [
        ZH,
        person("甲", ident(70), grid="G2", dwelling=at("1 号楼", "103", "50")),  # building in G1
        person("乙", ident(71), dwelling=at("1 号楼", "101", "90")),  # registered as 88.50 m²
        person("丙", ident(72), household=placed.number, dwelling=at("1 号楼", "101")),  # in 102
        person("丁", ident(73), household="N1", dwelling=at("1 号楼", "101")),
        person("戊", ident(74), household="N1", dwelling=at("2 号楼", "201", "70")),  # 2nd home
        person("己", ident(75), household="N2", dwelling=at("1 号楼", "101", "88.50"), owner="是"),
    ]
    path = write_csv(tmp_path / "housing.csv", rows)
    before = await table_counts()

    report = await import_residents_file(path, dry_run=False)

    assert found(report) == [
        (2, "楼栋", ErrorCode.GRID_MISMATCH),
        (3, "建筑面积", ErrorCode.CONFLICT),
        (4, "房号", ErrorCode.CONFLICT),
        (6, "房号", ErrorCode.CONFLICT),
    ]
    assert await table_counts() == before
    await dwelling.refresh_from_db()
    assert dwelling.floor_area == Decimal("88.50")


async def test_grid_outside_the_scope_is_not_found(db: str, tmp_path: Path) -> None:
    await setup_grids()
    path = write_csv(
        tmp_path / "scope.csv",
        [ZH[:5], ["甲", ident(80), "", "户籍", "G1"], ["乙", ident(81), "", "户籍", "G3"]],
    )

    report = await import_residents_file(
        path, dry_run=False, scope=Scope.for_division_codes(["110105001001"])
    )

    assert found(report) == [(3, "网格编码", ErrorCode.NOT_FOUND)]
    assert await Resident.all().count() == 0


# ---------------------------------------------------------------- file-level errors


async def test_missing_columns_are_named(db: str, tmp_path: Path) -> None:
    await setup_grids()
    path = write_csv(
        tmp_path / "missing.csv",
        [["name", "手机号", "居住类型", "小区"], ["甲", "", "户籍", "安和小区"]],
    )

    report = await import_residents_file(path, dry_run=True)

    assert found(report) == [
        (None, "身份证号", ErrorCode.MISSING_COLUMN),
        (None, "网格编码", ErrorCode.MISSING_COLUMN),
        (None, "楼栋", ErrorCode.MISSING_COLUMN),
        (None, "房号", ErrorCode.MISSING_COLUMN),
        (None, "建筑面积", ErrorCode.MISSING_COLUMN),
    ]
    assert report.lines()[:2] == ["文件: 缺少列：身份证号", "文件: 缺少列：网格编码"]
    assert report.rows == 0


async def test_a_column_given_twice_is_reported_on_the_header_row(db: str, tmp_path: Path) -> None:
    path = write_csv(
        tmp_path / "twice.csv", [[*ZH[:5], "Name"], ["甲", ident(90), "", "户籍", "G1", "甲"]]
    )

    report = await import_residents_file(path, dry_run=True)

    assert found(report) == [(1, "Name", ErrorCode.DUPLICATE)]


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("register.pdf", b"%PDF-1.4 not a sheet"),
        ("register.xls", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 64),
        ("register.xlsx", b"PK\x03\x04 damaged"),
        ("register.csv", b"\xff\xfe\xd3\x59\x0d\x54\x00\x00"),
        ("register.csv", b"\x81\x30"),
    ],
    ids=["pdf", "xls", "broken-xlsx", "utf16-csv", "undecodable-csv"],
)
async def test_unreadable_files(db: str, tmp_path: Path, name: str, content: bytes) -> None:
    path = tmp_path / name
    path.write_bytes(content)

    report = await import_residents_file(path, dry_run=False)

    assert found(report) == [(None, None, ErrorCode.FILE_UNREADABLE)]
    assert report.lines() == [
        "文件: 无法读取文件（支持 CSV 与 XLSX）",
        "导入失败：共 1 处错误；未写入任何数据",
    ]


async def test_a_file_that_does_not_exist_is_unreadable(db: str, tmp_path: Path) -> None:
    report = await import_residents_file(tmp_path / "nowhere.csv", dry_run=True)

    assert found(report) == [(None, None, ErrorCode.FILE_UNREADABLE)]


def test_the_importer_does_not_load_the_api_layer() -> None:
    code = (
        "import sys, backend.residents.importer;"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in "
        "('strawberry', 'starlette', 'graphql', 'uvicorn')))"
    )
    root = Path(__file__).resolve().parents[2]
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=root
    )
    assert out.stdout.strip() == "[]"
