"""A deterministic synthetic city district for the load benchmark, loaded with COPY.

    .venv/bin/python -m bench.dataset --size small [--backend postgres|sqlite] [--fresh]

Sizes (500 residents per grid, 5 grids per community, 4 communities per subdistrict):

    tiny     400 residents     4 grids     1 subdistrict   (tests)
    small    10,000            20          1
    medium   100,000           200         10
    large    1,000,000         2,000       100

Every subdistrict is drawn from its own ``random.Random(f"{seed}:{index}")``, so subdistrict 1
(and with it the first 20 grids) is the same at every size: the grid page and the subdistrict
dashboard return identical data at 10k and at 1M, and only the size of the tables around
them changes. Plaintext rows are deterministic; ID numbers and phones are then encrypted with
the app's cipher (AES-GCM with random nonces) and keyed hashes, as the app stores them.

PostgreSQL: database ``gongzhi_bench_<size>`` on ``BENCH_DATABASE_URL``'s server, migrated
with the app's migrations, filled with ``COPY``; a comment on the database records the
generator version, size, seed, key digest and newest migration, and a later run reuses a
matching database (after a new migration in the app, it applies the migration to the loaded
database, as a deployment would).
SQLite (any size, used for small): ``bench/.data/gongzhi_bench_<size>.sqlite3``.
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import random
import sys
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from bench import env

VERSION = 2
DEFAULT_SEED = 2026


@dataclass(frozen=True)
class Size:
    name: str
    residents: int
    grids: int
    grids_per_community: int = 5
    communities_per_subdistrict: int = 4

    @property
    def grids_per_subdistrict(self) -> int:
        return self.grids_per_community * self.communities_per_subdistrict

    @property
    def subdistricts(self) -> int:
        return self.grids // self.grids_per_subdistrict

    @property
    def residents_per_grid(self) -> int:
        return self.residents // self.grids


SIZES = {
    "tiny": Size("tiny", 400, 4, grids_per_community=2, communities_per_subdistrict=2),
    "small": Size("small", 10_000, 20),
    "medium": Size("medium", 100_000, 200),
    "large": Size("large", 1_000_000, 2_000),
}

DISTRICT_CODE = "110105"
DISTRICT_NAME = "朝阳区"
# Midnight UTC on the reference day: ages and timestamps are relative to it, not to today.
REFERENCE_DAY = dt.date(2026, 1, 1)
REFERENCE_TIME = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)

# ---------------------------------------------------------------- tables

COLUMNS: dict[str, tuple[str, ...]] = {
    "division": ("id", "code", "name", "level", "parent_id"),
    "grid": (
        "id",
        "code",
        "name",
        "kind",
        "community_id",
        "target_households_min",
        "target_households_max",
        "boundary",
        "created_at",
    ),
    "grid_worker": ("id", "name", "employee_no"),
    "grid_assignment": ("id", "grid_id", "worker_id", "is_leader"),
    "compound": ("id", "name", "address", "community_id"),
    "building": ("id", "compound_id", "name", "grid_id"),
    "dwelling": ("id", "building_id", "unit_number", "floor_area"),
    "household": ("id", "number", "dwelling_id", "grid_id", "created_at"),
    "resident": (
        "id",
        "name",
        "gender",
        "birth_date",
        "id_number_cipher",
        "id_number_hash",
        "id_number_masked",
        "phone_cipher",
        "phone_hash",
        "phone_masked",
        "residency",
        "household_id",
        "relation_to_head",
        "grid_id",
        "created_at",
        "updated_at",
    ),
    "care_tag": ("id", "resident_id", "kind", "tier"),
    "dwelling_owner": ("id", "dwelling_id", "owner_id"),
}
TABLES = tuple(COLUMNS)  # in foreign-key order

# The generator's resident rows, before sealing (ID number and phone in clear).
PLAIN_RESIDENT = (
    "id",
    "name",
    "gender",
    "birth_date",
    "id_number",
    "phone",
    "residency",
    "household_id",
    "relation_to_head",
    "grid_id",
    "created_at",
)
R = {name: index for index, name in enumerate(PLAIN_RESIDENT)}

# ---------------------------------------------------------------- vocabulary

# Surnames with rough shares of the population (per mille), most common first.
SURNAMES = (
    ("王", 71), ("李", 70), ("张", 67), ("刘", 54), ("陈", 45), ("杨", 31), ("黄", 22),
    ("赵", 22), ("吴", 20), ("周", 19), ("徐", 17), ("孙", 15), ("马", 15), ("朱", 14),
    ("胡", 13), ("郭", 12), ("何", 12), ("高", 11), ("林", 11), ("罗", 10), ("郑", 10),
    ("梁", 9), ("谢", 8), ("宋", 8), ("唐", 7), ("许", 7), ("韩", 7), ("冯", 7), ("邓", 7),
    ("曹", 6), ("彭", 6), ("曾", 6), ("肖", 6), ("田", 5), ("董", 5), ("袁", 5), ("潘", 5),
    ("于", 5), ("蒋", 5), ("蔡", 5), ("余", 5), ("杜", 4), ("叶", 4), ("程", 4), ("苏", 4),
    ("魏", 4), ("吕", 4), ("丁", 4), ("任", 4), ("沈", 4),
)  # fmt: skip
# First given-name character: 晓 is shared and common, so "王晓" is a useful search prefix.
GIVEN_FIRST_MALE = (
    ("晓", 10), ("建", 8), ("志", 6), ("国", 6), ("伟", 5), ("俊", 4), ("海", 4), ("明", 4),
    ("文", 4), ("永", 3), ("子", 3), ("浩", 3), ("宇", 3), ("家", 3), ("天", 2), ("立", 2),
    ("振", 2), ("德", 2), ("春", 2), ("金", 2), ("一", 2), ("成", 2), ("学", 2), ("鹏", 2),
)  # fmt: skip
GIVEN_FIRST_FEMALE = (
    ("晓", 10), ("秀", 8), ("丽", 6), ("雅", 5), ("玉", 5), ("美", 4), ("春", 4), ("淑", 4),
    ("静", 4), ("婷", 3), ("欣", 3), ("子", 3), ("梦", 3), ("海", 2), ("艳", 2), ("佳", 2),
    ("雪", 2), ("慧", 2), ("桂", 2), ("思", 2), ("一", 2), ("红", 2), ("诗", 2), ("金", 2),
)  # fmt: skip
GIVEN_SECOND_MALE = "伟强磊军勇杰涛明超刚平辉斌波峰华东亮龙林阳鑫宇浩轩"
GIVEN_SECOND_FEMALE = "芳娜敏静丽艳娟霞英华玲燕萍红琳洁颖雪梅兰琴云倩婷"
PLACE_WORDS = (
    "和平", "建国", "光明", "团结", "幸福", "安华", "东风", "长安", "兴华", "新华", "育才",
    "文化", "青年", "望京", "金台", "安贞", "双井", "劲松", "麦子", "呼家", "六里", "八里",
    "芳草", "枣营", "农光", "南磨", "垡头", "小关", "亚运", "奥林", "东坝", "将台", "来广",
    "孙河", "崔各", "豆各", "王四", "平房", "常营", "三间", "高碑", "黑庄", "管庄", "十八",
)  # fmt: skip
COMPOUND_SUFFIXES = ("小区", "花园", "家园", "嘉园", "北里", "南里", "西里", "东里", "苑")
# Birth places of people registered elsewhere (first six digits of the ID number).
REGIONS = (
    "110101", "110102", "110108", "120101", "130102", "140105", "210102", "320102",
    "330106", "340104", "370102", "410105", "420106", "430104", "440106", "510107",
)  # fmt: skip
TAG_TIERS = {
    "ELDERLY_ALONE": (("HIGH", 6), ("KEY", 4)),
    "EMPTY_NEST_ELDERLY": (("KEY", 5), ("GENERAL", 5)),
    "DISABLED": (("HIGH", 2), ("KEY", 5), ("GENERAL", 3)),
    "SUBSISTENCE": (("KEY", 4), ("GENERAL", 6)),
    "ENTITLED": (("KEY", 2), ("GENERAL", 8)),
    "LEFT_BEHIND_CHILD": (("HIGH", 3), ("KEY", 7)),
    "SERIOUS_ILLNESS": (("HIGH", 5), ("KEY", 5)),
}
HOUSEHOLD_SIZES = ((1, 20), (2, 28), (3, 25), (4, 15), (5, 8), (6, 4))
RESIDENCIES = (("REGISTERED", 60), ("PERMANENT", 25), ("FLOATING", 15))

_ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_ID_CHECK = "10X98765432"


def id_check_character(first17: str) -> str:
    """GB 11643 check character of the first 17 digits."""
    return _ID_CHECK[sum(int(d) * w for d, w in zip(first17, _ID_WEIGHTS, strict=True)) % 11]


class _Choice:
    """Weighted choice by cumulative weights (bisect in ``random.choices``)."""

    def __init__(self, pairs: tuple[tuple[Any, int], ...]) -> None:
        self.values = [v for v, _ in pairs]
        self.cum: list[float] = []
        total = 0
        for _, w in pairs:
            total += w
            self.cum.append(total)

    def __call__(self, rng: random.Random) -> Any:
        return rng.choices(self.values, cum_weights=self.cum)[0]


_surname = _Choice(SURNAMES)
_first_male = _Choice(GIVEN_FIRST_MALE)
_first_female = _Choice(GIVEN_FIRST_FEMALE)
_household_size = _Choice(HOUSEHOLD_SIZES)
_residency = _Choice(RESIDENCIES)
_tiers = {kind: _Choice(pairs) for kind, pairs in TAG_TIERS.items()}


# ---------------------------------------------------------------- generation


Chunk = dict[str, list[tuple[Any, ...]]]


@dataclass
class _Ids:
    next: dict[str, int] = field(default_factory=lambda: dict.fromkeys(TABLES, 1))

    def __call__(self, table: str) -> int:
        value = self.next[table]
        self.next[table] = value + 1
        return value


def _given_name(rng: random.Random, male: bool) -> str:
    first = _first_male(rng) if male else _first_female(rng)
    if rng.random() < 0.3:
        return first
    return first + rng.choice(GIVEN_SECOND_MALE if male else GIVEN_SECOND_FEMALE)


def _birth_date(rng: random.Random, age: int) -> dt.date:
    # Someone ``age`` years old on the reference day, born on any day of that year of life.
    latest = REFERENCE_DAY.replace(year=REFERENCE_DAY.year - age)
    return latest - dt.timedelta(days=rng.randrange(365))


def _id_number(rng: random.Random, used: set[str], region: str, birth: dt.date, male: bool) -> str:
    while True:
        sequence = rng.randrange(100) * 10 + rng.choice(
            (1, 3, 5, 7, 9) if male else (0, 2, 4, 6, 8)
        )
        first17 = f"{region}{birth:%Y%m%d}{sequence:03d}"
        number = first17 + id_check_character(first17)
        if number not in used:
            used.add(number)
            return number


def _phone(rng: random.Random) -> str:
    return f"1{rng.choice('3456789')}{rng.randrange(10**9):09d}"


def _relations(rng: random.Random, size: int, residency: str) -> list[str]:
    if size == 1:
        return ["HEAD"]
    if residency == "FLOATING" and size >= 3 and rng.random() < 0.3:
        return ["HEAD"] + ["TENANT"] * (size - 1)
    roll = rng.random()
    if size == 2:
        return ["HEAD", "SPOUSE" if roll < 0.7 else "CHILD" if roll < 0.9 else "PARENT"]
    if size == 3:
        return ["HEAD", "SPOUSE", "CHILD" if roll < 0.8 else "PARENT"]
    if size == 4:
        return ["HEAD", "SPOUSE", "CHILD", "CHILD" if roll < 0.6 else "PARENT"]
    if size == 5:
        return ["HEAD", "SPOUSE", "CHILD", "PARENT", "PARENT" if roll < 0.6 else "CHILD"]
    return ["HEAD", "SPOUSE", "CHILD", "CHILD", "PARENT", "PARENT"][:size] + ["GRANDCHILD"] * (
        size - 6
    )


def _ages(rng: random.Random, relations: list[str]) -> list[int]:
    if relations == ["HEAD"]:
        head = rng.randint(22, 40) if rng.random() < 0.5 else rng.randint(60, 92)
    else:
        head = rng.randint(28, 75)
    ages = []
    for relation in relations:
        if relation == "HEAD":
            age = head
        elif relation == "SPOUSE":
            age = max(20, head + rng.randint(-5, 5))
        elif relation in ("CHILD", "GRANDCHILD"):
            age = head - rng.randint(22, 36) - (25 if relation == "GRANDCHILD" else 0)
            age = age if age >= 0 else rng.randint(0, 3)
        elif relation == "PARENT":
            age = min(100, head + rng.randint(22, 34))
        else:
            age = rng.randint(18, 55)
        ages.append(age)
    return ages


def _care_tags(rng: random.Random, age: int, household_size: int, residency: str) -> list[str]:
    tags = []
    if age >= 65 and household_size == 1 and rng.random() < 0.7:
        tags.append("ELDERLY_ALONE")
    if age >= 60 and household_size == 2 and rng.random() < 0.3:
        tags.append("EMPTY_NEST_ELDERLY")
    if age < 16 and residency == "REGISTERED" and rng.random() < 0.05:
        tags.append("LEFT_BEHIND_CHILD")
    if rng.random() < 0.015:
        tags.append("DISABLED")
    if rng.random() < 0.02:
        tags.append("SUBSISTENCE")
    if age >= 40 and rng.random() < 0.01:
        tags.append("ENTITLED")
    if rng.random() < 0.01:
        tags.append("SERIOUS_ILLNESS")
    return tags


class _Subdistrict:
    """Draws one subdistrict (its communities, grids, housing and people) into a chunk."""

    def __init__(
        self, size: Size, index: int, seed: int, ids: _Ids, used: set[str], district_id: int
    ) -> None:
        self.size, self.index, self.ids, self.used = size, index, ids, used
        self.rng = random.Random(f"{seed}:{index}")
        self.district_id = district_id
        self.chunk: Chunk = {table: [] for table in TABLES}

    def add(self, table: str, *values: Any) -> int:
        row_id = self.ids(table)
        self.chunk[table].append((row_id, *values))
        return row_id

    def person_name(self, male: bool, surname: str | None = None) -> str:
        return (surname or _surname(self.rng)) + _given_name(self.rng, male)

    def build(self) -> Chunk:
        rng = self.rng
        code = f"{DISTRICT_CODE}{self.index + 1:03d}"
        words = rng.sample(PLACE_WORDS, self.size.communities_per_subdistrict + 1)
        sub_id = self.add(
            "division", code + "000", words[0] + "街道", "SUBDISTRICT", self.district_id
        )
        for c in range(self.size.communities_per_subdistrict):
            self.community(f"{code}{c + 1:03d}", words[c + 1] + "社区", sub_id)
        return self.chunk

    def community(self, code: str, name: str, parent_id: int) -> None:
        rng = self.rng
        community_id = self.add("division", code, name, "COMMUNITY", parent_id)
        compounds = []
        for n, word in enumerate(rng.sample(PLACE_WORDS, rng.randint(2, 3))):
            compound_name = f"{word}{rng.choice(COMPOUND_SUFFIXES)}"
            address = f"{name[:2]}路{(n + 1) * rng.randint(1, 9)}号"
            compound_id = self.add("compound", compound_name, address, community_id)
            compounds.append([compound_id, 0])  # id, buildings so far
        helper = self.add(
            "grid_worker", self.person_name(rng.random() < 0.5), f"W{code}00"
        )  # works every grid of the community
        for g in range(self.size.grids_per_community):
            grid_code = f"{code}{g + 1:02d}"
            created = REFERENCE_TIME - dt.timedelta(days=400 - g)
            grid_id = self.add(
                "grid", grid_code, f"{name}第{g + 1}网格", "COMPREHENSIVE",
                community_id, 300, 500, None, created,
            )  # fmt: skip
            leader = self.add("grid_worker", self.person_name(rng.random() < 0.5), f"W{grid_code}")
            self.add("grid_assignment", grid_id, leader, True)
            self.add("grid_assignment", grid_id, helper, False)
            self.grid(grid_id, grid_code, compounds)

    def grid(self, grid_id: int, grid_code: str, compounds: list[list[int]]) -> None:
        rng = self.rng
        quota = self.size.residents_per_grid
        sizes = []
        while quota > 0:
            n = min(_household_size(rng), quota)
            sizes.append(n)
            quota -= n
        # Buildings until there is a dwelling for every household plus about 8 % vacancy.
        dwellings: list[int] = []
        while len(dwellings) < len(sizes) * 1.08:
            compound = rng.choice(compounds)
            compound[1] += 1
            building_id = self.add("building", compound[0], f"{compound[1]}号楼", grid_id)
            missing = len(sizes) * 1.08 - len(dwellings)
            shapes = ((6, 2, 2), (11, 2, 3), (18, 3, 2)) if missing > 60 else ((6, 2, 2),)
            floors, units, rooms = rng.choice(shapes)
            for unit in range(1, units + 1):
                for floor in range(1, floors + 1):
                    for room in range(1, rooms + 1):
                        area = Decimal(rng.randrange(3800, 16000)) / 100
                        dwellings.append(
                            self.add("dwelling", building_id, f"{unit}-{floor}{room:02d}", area)
                        )
        rng.shuffle(dwellings)
        vacant = dwellings[len(sizes) :]
        people: list[int] = []
        for number, household_size in enumerate(sizes, start=1):
            dwelling_id = dwellings[number - 1] if rng.random() >= 0.03 else None
            self.household(
                grid_id, f"H{grid_code}{number:04d}", dwelling_id, household_size, people
            )
        for dwelling_id in vacant:
            if people and rng.random() < 0.9:
                self.add("dwelling_owner", dwelling_id, rng.choice(people))

    def household(
        self, grid_id: int, number: str, dwelling_id: int | None, size: int, people: list[int]
    ) -> None:
        rng = self.rng
        created = REFERENCE_TIME - dt.timedelta(
            days=rng.randrange(3000), seconds=rng.randrange(86400)
        )
        household_id = self.add("household", number, dwelling_id, grid_id, created)
        residency = _residency(rng)
        relations = _relations(rng, size, residency)
        ages = _ages(rng, relations)
        head_male = rng.random() < 0.55
        head_surname = _surname(rng)
        members: list[int] = []
        for relation, age in zip(relations, ages, strict=True):
            if relation == "HEAD":
                male, surname = head_male, head_surname
            elif relation == "SPOUSE":
                male, surname = not head_male, None
            else:
                male = rng.random() < 0.5
                same = relation in ("CHILD", "GRANDCHILD") or (relation == "PARENT" and male)
                surname = head_surname if same and rng.random() < 0.8 else None
            own = residency if rng.random() < 0.9 else _residency(rng)
            birth = _birth_date(rng, age)
            region = DISTRICT_CODE if own == "REGISTERED" and rng.random() < 0.9 else None
            id_number = _id_number(
                rng, self.used, region or rng.choice(REGIONS), birth, male
            )  # male: odd 17th digit
            phone = _phone(rng) if age >= 16 and rng.random() < 0.9 else None
            resident_id = self.ids("resident")
            self.chunk["resident"].append(
                (
                    resident_id,
                    self.person_name(male, surname),
                    "MALE" if male else "FEMALE",
                    birth,
                    id_number,
                    phone,
                    own,
                    household_id,
                    relation,
                    grid_id,
                    created + dt.timedelta(seconds=len(members)),
                )
            )
            members.append(resident_id)
            for kind in _care_tags(rng, age, size, own):
                self.add("care_tag", resident_id, kind, _tiers[kind](rng))
        if dwelling_id is not None:
            if residency != "FLOATING" or rng.random() < 0.2 or not people:
                owners = [members[0]]
                if relations[1:2] == ["SPOUSE"] and rng.random() < 0.4:
                    owners.append(members[1])
            else:  # renters: the owner is someone registered earlier in the grid
                owners = [rng.choice(people)]
            for owner in owners:
                self.add("dwelling_owner", dwelling_id, owner)
        people.extend(members)


def generate(size: Size, seed: int = DEFAULT_SEED) -> Iterator[Chunk]:
    """Yield the district one subdistrict at a time (the first chunk starts with the district)."""
    ids = _Ids()
    used: set[str] = set()
    district_id = ids("division")
    head: Chunk = {table: [] for table in TABLES}
    head["division"].append(
        (district_id, DISTRICT_CODE + "000000", DISTRICT_NAME, "DISTRICT", None)
    )
    for index in range(size.subdistricts):
        chunk = _Subdistrict(size, index, seed, ids, used, district_id).build()
        if index == 0:
            chunk["division"] = head["division"] + chunk["division"]
        yield chunk


def collect(size: Size, seed: int = DEFAULT_SEED) -> Chunk:
    """The whole dataset in memory (plaintext residents): for tests and small sizes."""
    tables: Chunk = {table: [] for table in TABLES}
    for chunk in generate(size, seed):
        for table, rows in chunk.items():
            tables[table].extend(rows)
    return tables


# ---------------------------------------------------------------- sealing and loading


def sealer() -> Callable[[list[tuple[Any, ...]]], list[tuple[Any, ...]]]:
    """Turn plaintext resident rows into the stored columns, with the configured cipher.

    Same result as ``backend.residents.services.sealed_id_number`` / ``sealed_phone``, calling
    the cipher directly for speed at 1M rows.
    """
    from backend.core import crypto
    from backend.core.validators import mask_id_number, mask_phone

    cipher = crypto.get_cipher()
    encrypt, digest = cipher.encrypt, cipher.lookup_hash
    id_ctx, phone_ctx = crypto.ID_NUMBER, crypto.PHONE

    def seal(rows: list[tuple[Any, ...]]) -> list[tuple[Any, ...]]:
        out = []
        for rid, name, gender, birth, id_number, phone, residency, hh, rel, grid, created in rows:
            if phone:
                sealed_phone = (encrypt(phone, phone_ctx), digest(phone, phone_ctx))
                masked_phone = mask_phone(phone)
            else:
                sealed_phone, masked_phone = (None, None), ""
            out.append(
                (
                    rid,
                    name,
                    gender,
                    birth,
                    encrypt(id_number, id_ctx),
                    digest(id_number, id_ctx),
                    mask_id_number(id_number),
                    *sealed_phone,
                    masked_phone,
                    residency,
                    hh,
                    rel,
                    grid,
                    created,
                    created,
                )
            )
        return out

    return seal


def latest_migration() -> str:
    """Name of the app's newest migration: a database migrated before it is rebuilt."""
    folder = env.PROJECT_ROOT / "backend" / "migrations"
    names = sorted(p.stem for p in folder.glob("[0-9][0-9][0-9][0-9]_*.py"))
    return names[-1] if names else "none"


def data_fingerprint(size: Size, seed: int) -> str:
    """What decides the rows: generator version, size, seed and keys."""
    return (
        f"gongzhi-bench dataset v{VERSION} size={size.name} residents={size.residents} "
        f"seed={seed} keys={env.key_fingerprint()}"
    )


def fingerprint(size: Size, seed: int) -> str:
    return f"{data_fingerprint(size, seed)} schema={latest_migration()}"


def only_schema_behind(note: str | None, size: Size, seed: int) -> bool:
    """Same rows, older migrations: migrating the database brings it up to date."""
    return bool(note) and str(note).startswith(data_fingerprint(size, seed) + " schema=")


def _sqlite_value(value: Any) -> Any:
    # What Tortoise stores in SQLite: text dates and decimals, integer booleans.
    if isinstance(value, dt.datetime):
        return value.isoformat(" ")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, bool):
        return int(value)
    return value


def sqlite_rows(rows: list[tuple[Any, ...]]) -> list[tuple[Any, ...]]:
    return [tuple(_sqlite_value(v) for v in row) for row in rows]


def insert_sql(table: str, placeholder: Callable[[int], str]) -> str:
    columns = COLUMNS[table]
    values = ", ".join(placeholder(i) for i in range(1, len(columns) + 1))
    return f'INSERT INTO "{table}" ({", ".join(columns)}) VALUES ({values})'


def _log(message: str) -> None:
    print(f"[dataset] {message}", flush=True)


async def _admin_connect(url: str) -> Any:
    import asyncpg

    return await asyncpg.connect(url)


async def load_postgres(size: Size, seed: int, *, fresh: bool = False) -> dict[str, Any]:
    """Create, migrate and fill ``gongzhi_bench_<size>``, or reuse it when it matches."""
    from backend.migrate import apply_migrations

    name = env.database_name(size.name)
    url = env.postgres_url(size.name)
    stamp = fingerprint(size, seed)
    admin = await _admin_connect(env.ADMIN_URL)
    try:
        row = await admin.fetchrow(
            "SELECT shobj_description(oid, 'pg_database') AS note FROM pg_database"
            " WHERE datname = $1",
            name,
        )
        if row is not None and row["note"] == stamp and not fresh:
            _log(f"reusing PostgreSQL database {name} ({stamp})")
            return {"database": name, "reused": True, "seconds": 0.0}
        if row is not None and not fresh and only_schema_behind(row["note"], size, seed):
            return await _migrate_postgres(name, url, stamp)
        if row is not None:
            await admin.execute(f'DROP DATABASE "{name}" WITH (FORCE)')
        await admin.execute(f'CREATE DATABASE "{name}"')
    finally:
        await admin.close()

    started = time.perf_counter()
    env.use_bench_settings(url)
    from backend.config import get_settings

    await apply_migrations(get_settings(), url)
    seal = sealer()
    conn = await _admin_connect(url)
    counts = dict.fromkeys(TABLES, 0)
    try:
        await conn.execute("SET synchronous_commit = off")
        for chunk in generate(size, seed):
            for table in TABLES:
                rows = chunk[table]
                if table == "resident":
                    rows = seal(rows)
                if rows:
                    await conn.copy_records_to_table(table, records=rows, columns=COLUMNS[table])
                counts[table] += len(rows)
            _log(f"{counts['resident']:>9,} residents loaded")
        for table in TABLES:
            await conn.execute(
                f"SELECT setval(pg_get_serial_sequence('{table}', 'id'),"
                f' (SELECT coalesce(max(id), 0) + 1 FROM "{table}"), false)'
            )
        # Vacuum too: a freshly copied table has no visibility map, so index-only scans
        # would visit the heap until autovacuum came by.
        await conn.execute("VACUUM (ANALYZE)")
        await conn.execute(f"COMMENT ON DATABASE \"{name}\" IS '{stamp}'")
    finally:
        await conn.close()
    seconds = time.perf_counter() - started
    _log(f"loaded {name} in {seconds:.1f} s: {counts}")
    return {"database": name, "reused": False, "seconds": round(seconds, 1), "rows": counts}


async def _migrate_postgres(name: str, url: str, stamp: str) -> dict[str, Any]:
    """Apply the app's newer migrations to a loaded database (as a deployment would)."""
    from backend.config import get_settings
    from backend.migrate import apply_migrations

    started = time.perf_counter()
    env.use_bench_settings(url)
    await apply_migrations(get_settings(), url)
    conn = await _admin_connect(url)
    try:
        await conn.execute("VACUUM (ANALYZE)")
        await conn.execute(f"COMMENT ON DATABASE \"{name}\" IS '{stamp}'")
    finally:
        await conn.close()
    seconds = time.perf_counter() - started
    _log(f"migrated PostgreSQL database {name} to {stamp} in {seconds:.1f} s")
    return {"database": name, "reused": True, "migrated": True, "seconds": round(seconds, 1)}


async def load_sqlite(size: Size, seed: int, *, fresh: bool = False) -> dict[str, Any]:
    import sqlite3

    from backend.migrate import apply_migrations

    path = env.sqlite_path(size.name)
    stamp_file = path.with_suffix(".fingerprint")
    stamp = fingerprint(size, seed)
    if (
        not fresh
        and path.exists()
        and stamp_file.exists()
        and stamp_file.read_text(encoding="utf-8") == stamp
    ):
        _log(f"reusing SQLite database {path.name} ({stamp})")
        return {"database": path.name, "reused": True, "seconds": 0.0}
    note = stamp_file.read_text(encoding="utf-8") if stamp_file.exists() else None
    if not fresh and path.exists() and only_schema_behind(note, size, seed):
        env.use_bench_settings(f"sqlite://{path}")
        from backend.config import get_settings

        await apply_migrations(get_settings(), f"sqlite://{path}")
        stamp_file.write_text(stamp, encoding="utf-8")
        _log(f"migrated SQLite database {path.name} to {stamp}")
        return {"database": path.name, "reused": True, "migrated": True, "seconds": 0.0}
    started = time.perf_counter()
    path.parent.mkdir(parents=True, exist_ok=True)
    for stale in (path, stamp_file, path.with_name(path.name + "-wal")):
        stale.unlink(missing_ok=True)
    url = f"sqlite://{path}"
    env.use_bench_settings(url)
    from backend.config import get_settings

    await apply_migrations(get_settings(), url)
    seal = sealer()
    counts = dict.fromkeys(TABLES, 0)
    db = sqlite3.connect(path)
    try:
        with db:
            for chunk in generate(size, seed):
                for table in TABLES:
                    rows = seal(chunk[table]) if table == "resident" else chunk[table]
                    db.executemany(insert_sql(table, lambda _i: "?"), sqlite_rows(rows))
                    counts[table] += len(rows)
        db.execute("ANALYZE")
    finally:
        db.close()
    stamp_file.write_text(stamp, encoding="utf-8")
    seconds = time.perf_counter() - started
    _log(f"loaded {path.name} in {seconds:.1f} s: {counts}")
    return {"database": path.name, "reused": False, "seconds": round(seconds, 1), "rows": counts}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Load the benchmark district.")
    parser.add_argument("--size", choices=tuple(SIZES), default="small")
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
    parser.add_argument("--backend", choices=("postgres", "sqlite"), default="postgres")
    parser.add_argument("--fresh", action="store_true", help="reload even if a match exists")
    args = parser.parse_args(argv)
    size = SIZES[args.size]
    # Tortoise keeps the first SQL dialect it sees: one backend per process.
    load = load_postgres if args.backend == "postgres" else load_sqlite
    asyncio.run(load(size, args.seed, fresh=args.fresh))
    return 0


if __name__ == "__main__":
    sys.exit(main())
