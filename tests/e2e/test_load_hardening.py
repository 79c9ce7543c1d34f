"""`ipgar load` on a closed pipe and with a --db that is not a DuckDB file (subprocess)."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from pathlib import Path

KEY = "some-test-key-0123456789abcdef0123456789abcdef"
EXPORT = (
    "case_id,activity,timestamp\n"
    "K-1,melding,2024-01-02T09:00:00+01:00\n"
    "K-1,contact,2024-01-05T10:00:00+01:00\n"
)


def _ipgar(*args: str, cwd: Path) -> subprocess.Popen[bytes]:
    env = {**os.environ, "IPGAR_KEY": KEY}
    return subprocess.Popen(
        [sys.executable, "-m", "ipgar_metrics.cli", *args],
        cwd=cwd,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )


def test_a_closed_pipe_ends_quietly(tmp_path: Path):
    (tmp_path / "e.csv").write_text(EXPORT, encoding="utf-8")
    proc = _ipgar("load", "e.csv", "--db", "s.duckdb", cwd=tmp_path)
    assert proc.stdout is not None and proc.stderr is not None
    proc.stdout.close()  # like `| head -0`: the reader is gone before the output
    err = proc.stderr.read().decode()
    assert proc.wait(timeout=120) == 1
    assert "Traceback" not in err and "BrokenPipe" not in err


def test_a_sqlite_db_is_refused_in_one_line(tmp_path: Path):
    (tmp_path / "e.csv").write_text(EXPORT, encoding="utf-8")
    lite = sqlite3.connect(tmp_path / "other.db")
    lite.execute("CREATE TABLE t (x INTEGER)")
    lite.commit()
    lite.close()
    before = (tmp_path / "other.db").read_bytes()
    proc = _ipgar("load", "e.csv", "--db", "other.db", cwd=tmp_path)
    _out, err = proc.communicate(timeout=120)
    assert proc.returncode == 1
    lines = err.decode().strip().splitlines()
    assert len(lines) == 1 and "not a DuckDB event store" in lines[0]
    assert "extension" not in lines[0].lower()
    assert (tmp_path / "other.db").read_bytes() == before
