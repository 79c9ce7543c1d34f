"""Failures of the environment as one stderr line and exit 1: a full disk, a damaged
store file, a mapping with a timestamp form strptime cannot read.

The full disk is a file size limit (``RLIMIT_FSIZE``, with SIGXFSZ ignored so a
write fails with EFBIG instead of killing the process): no root needed.
"""

from __future__ import annotations

import hashlib
import os
import resource
import signal
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest

KEY = "e2e-failures-key-0123456789abcdef-0123"
EXPORT = "case_id,activity,timestamp\n" + "".join(
    f"Z{i},melding,2024-01-{1 + i % 28:02d} 09:00\n" for i in range(3000)
)


def ipgar(*args: str, limit: int | None = None) -> subprocess.CompletedProcess:
    def small_files() -> None:
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))

    return subprocess.run(
        [sys.executable, "-m", "ipgar_metrics.cli", *args],
        capture_output=True,
        text=True,
        env={**os.environ, "IPGAR_KEY": KEY},
        timeout=300,
        preexec_fn=small_files if limit is not None else None,
    )


def one_line(stderr: str) -> str:
    lines = [ln for ln in stderr.splitlines() if ln.strip()]
    assert len(lines) == 1, stderr
    assert "Traceback" not in stderr
    return lines[0]


@pytest.fixture
def export(tmp_path: Path) -> Path:
    path = tmp_path / "export.csv"
    path.write_text(EXPORT)
    return path


def load_args(export: Path, db: Path) -> list[str]:
    return ["load", str(export), "--db", str(db), "--export-date", "2024-02-01"]


def sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.mark.parametrize("limit", [4_000, 40_000, 400_000])
def test_full_disk_on_a_new_store_is_one_line_and_leaves_no_file(
    export, tmp_path, limit
):
    # 4 kB: the database header cannot be written; 40 kB and 400 kB: the commit
    # (write-ahead log) or the checkpoint fails, each a different DuckDB error
    db = tmp_path / "new.duckdb"
    done = ipgar(*load_args(export, db), limit=limit)
    assert done.returncode == 1
    line = one_line(done.stderr)
    assert "File too large" in line  # the operating system's words (EFBIG)
    assert "new.duckdb" in line
    assert "free space" in line.lower()
    assert "rollback" not in line
    left = sorted(p.name for p in tmp_path.iterdir() if p.name.startswith("new.duckdb"))
    assert left == []


def big_export(path: Path, n: int) -> Path:
    rows = "".join(f"Y{i},melding,2024-01-{1 + i % 28:02d} 09:00\n" for i in range(n))
    path.write_text("case_id,activity,timestamp\n" + rows)
    return path


def existing_store(tmp_path: Path) -> Path:
    db = tmp_path / "s.duckdb"
    first = tmp_path / "first.csv"
    first.write_text("case_id,activity,timestamp\nA1,melding,2024-01-02 09:00\n")
    assert ipgar(*load_args(first, db)).returncode == 0
    return db


def events_in(db: Path) -> int:
    con = duckdb.connect(str(db), read_only=True)
    try:
        return con.execute("SELECT count(*) FROM events").fetchall()[0][0]
    finally:
        con.close()


def test_full_disk_before_commit_rolls_back_and_keeps_the_store(tmp_path):
    # the file size limit is the store's size: the write-ahead log of 30000 rows
    # outgrows it during the commit, which fails and is rolled back
    db = existing_store(tmp_path)
    before = sha(db)
    export = big_export(tmp_path / "big.csv", 30_000)
    done = ipgar(*load_args(export, db), limit=db.stat().st_size)
    assert done.returncode == 1
    line = one_line(done.stderr)
    assert "File too large" in line and "rolled back" in line
    assert sha(db) == before
    assert not (tmp_path / "s.duckdb.wal").exists()
    assert events_in(db) == 1


def test_full_disk_at_the_checkpoint_keeps_the_committed_load(export, tmp_path):
    # 3000 rows fit in the write-ahead log under the limit, but the checkpoint must
    # grow the store file: the load is committed in the .wal and merged later
    db = existing_store(tmp_path)
    done = ipgar(*load_args(export, db), limit=db.stat().st_size)
    assert done.returncode == 1
    line = one_line(done.stderr)
    assert "File too large" in line and "s.duckdb.wal" in line
    assert (tmp_path / "s.duckdb.wal").exists()
    assert events_in(db) == 1 + 3000
    again = ipgar(*load_args(tmp_path / "first.csv", db))  # no limit: merges the .wal
    assert again.returncode == 0, again.stderr
    assert not (tmp_path / "s.duckdb.wal").exists()
    assert events_in(db) == 1 + 3000


@pytest.fixture
def store(export, tmp_path) -> Path:
    db = tmp_path / "s.duckdb"
    assert ipgar(*load_args(export, db)).returncode == 0
    return db


def truncated(db: Path) -> Path:
    out = db.with_name("cut.duckdb")
    data = db.read_bytes()
    out.write_bytes(data[: len(data) // 2])
    return out


def overwritten(db: Path) -> Path:
    out = db.with_name("hit.duckdb")
    data = bytearray(db.read_bytes())
    data[4096:8192] = b"\xa5" * 4096  # the first block after the headers
    out.write_bytes(bytes(data))
    return out


@pytest.mark.parametrize("damage", [truncated, overwritten])
@pytest.mark.parametrize("command", ["overview", "load"])
def test_a_damaged_store_is_one_line(store, export, damage, command):
    db = damage(store)
    args = (
        ["overview", "--db", str(db)]
        if command == "overview"
        else load_args(export, db)
    )
    done = ipgar(*args)
    assert done.returncode == 1
    line = one_line(done.stderr)
    assert db.name in line
    assert "is damaged" in line


def test_a_bad_timestamp_format_is_one_line(export, tmp_path):
    mapping = tmp_path / "m.toml"
    mapping.write_text('[source]\ntimestamp_format = "%d-%m-%Y %Q"\n')
    db = tmp_path / "s.duckdb"
    done = ipgar("load", str(export), "--mapping", str(mapping), "--db", str(db))
    assert done.returncode == 1
    line = one_line(done.stderr)
    assert "timestamp_format" in line and "m.toml" in line
    assert not db.exists()
