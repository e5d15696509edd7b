"""CPU time and memory of the processes under test, read from /proc (Linux).

A ``Sampler`` polls a server process and the PostgreSQL backends connected to one database
(recognised by their process title ``postgres: … <user> <database> <client> …``) while a
load run lasts. CPU deltas use the last value seen for each backend, so a backend that exits
during the run still counts up to its last sample.
"""

from __future__ import annotations

import os
import threading
from dataclasses import dataclass, field
from pathlib import Path

_TICKS = os.sysconf("SC_CLK_TCK")
PROC = Path("/proc")


def cpu_seconds(pid: int) -> float | None:
    """User + system CPU seconds of a process (all its threads), or None if it is gone."""
    try:
        stat = (PROC / str(pid) / "stat").read_text()
    except OSError:
        return None
    fields = stat.rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / _TICKS  # utime, stime (fields 14 and 15)


def machine_busy_seconds() -> float:
    """CPU seconds spent busy by all cores since boot (/proc/stat, idle and iowait excluded)."""
    fields = (PROC / "stat").read_text().splitlines()[0].split()[1:]
    user, nice, system, _idle, _iowait, irq, softirq, steal = (int(f) for f in fields[:8])
    return (user + nice + system + irq + softirq + steal) / _TICKS


def memory_kib(pid: int) -> dict[str, int]:
    """VmRSS and VmHWM (peak resident set) of a process, in KiB."""
    out: dict[str, int] = {}
    try:
        lines = (PROC / str(pid) / "status").read_text().splitlines()
    except OSError:
        return out
    for line in lines:
        key, _, value = line.partition(":")
        if key in ("VmRSS", "VmHWM"):
            out[key] = int(value.split()[0])
    return out


def postgres_backends(database: str) -> dict[int, float]:
    """CPU seconds of every PostgreSQL backend connected to ``database``."""
    found: dict[int, float] = {}
    needle = f" {database} "
    for entry in PROC.iterdir():
        if not entry.name.isdigit():
            continue
        try:
            title = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
        except OSError:
            continue
        if title.startswith("postgres: ") and needle in title:
            cpu = cpu_seconds(int(entry.name))
            if cpu is not None:
                found[int(entry.name)] = cpu
    return found


@dataclass
class Usage:
    server_cpu_s: float
    postgres_cpu_s: float
    peak_rss_kib: int
    postgres_backends: int
    machine_busy_s: float  # every process on the machine, for spotting outside load


@dataclass
class Sampler:
    server_pid: int
    database: str | None
    interval: float = 0.5
    _machine_start: float = 0.0
    _server_start: float = 0.0
    _pg_start: dict[int, float] = field(default_factory=dict)
    _pg_last: dict[int, float] = field(default_factory=dict)
    _peak_rss: int = 0
    _stop: threading.Event = field(default_factory=threading.Event)
    _thread: threading.Thread | None = None

    def _poll(self) -> None:
        rss = memory_kib(self.server_pid).get("VmRSS", 0)
        self._peak_rss = max(self._peak_rss, rss)
        if self.database:
            self._pg_last.update(postgres_backends(self.database))

    def _loop(self) -> None:
        while not self._stop.wait(self.interval):
            self._poll()

    def start(self) -> None:
        self._server_start = cpu_seconds(self.server_pid) or 0.0
        self._pg_start = postgres_backends(self.database) if self.database else {}
        self._pg_last = dict(self._pg_start)
        self._peak_rss = 0
        self._machine_start = machine_busy_seconds()
        self._poll()
        self._stop.clear()
        self._thread = threading.Thread(target=self._loop, daemon=True)
        self._thread.start()

    def stop(self) -> Usage:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout=5)
        self._poll()
        machine = machine_busy_seconds() - self._machine_start
        server = (cpu_seconds(self.server_pid) or self._server_start) - self._server_start
        postgres = sum(cpu - self._pg_start.get(pid, 0.0) for pid, cpu in self._pg_last.items())
        return Usage(server, postgres, self._peak_rss, len(self._pg_last), machine)
