"""Put a grid worker (网格员) on grids of the browser tests' database, for a GRID_WORKER account
(`gongzhi create-user --grid-worker EMPLOYEE_NO`) to stand for. No mutation creates grid workers
(staff records come from the personnel system), so the tests write the row directly, in a
process of their own with the live server's environment:

    python -m tests.e2e.workers EMPLOYEE_NO NAME GRID_CODE [GRID_CODE ...]
"""

from __future__ import annotations

import asyncio
import sys

from backend.config import get_settings
from backend.db import close_db, init_db
from backend.grids.models import Grid, GridAssignment, GridWorker


async def assign(employee_no: str, name: str, grid_codes: list[str]) -> int:
    await init_db(get_settings())
    try:
        worker, _ = await GridWorker.get_or_create(employee_no=employee_no, defaults={"name": name})
        grids = await Grid.filter(code__in=grid_codes)
        missing = sorted(set(grid_codes) - {g.code for g in grids})
        if missing:
            print(f"no such grids: {', '.join(missing)}", file=sys.stderr)
            return 1
        for grid in grids:
            await GridAssignment.get_or_create(grid_id=grid.pk, worker_id=worker.pk)
        print(f"grid worker {employee_no} on {', '.join(sorted(grid_codes))}")
        return 0
    finally:
        await close_db()


def main(argv: list[str]) -> int:
    if len(argv) < 3:
        print(__doc__, file=sys.stderr)
        return 2
    return asyncio.run(assign(argv[0], argv[1], argv[2:]))


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
