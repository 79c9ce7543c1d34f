"""DuckDB spills only into owner-only folders, never into the current folder."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from ipgar_metrics import store


def _mode(p: Path) -> int:
    return stat.S_IMODE(p.stat().st_mode)


def _setting(con) -> Path:
    return Path(
        con.execute("SELECT current_setting('temp_directory')").fetchall()[0][0]
    )


@pytest.mark.skipif(os.name == "nt", reason="POSIX modes")
def test_a_store_spills_beside_itself_in_an_owner_only_folder(tmp_path):
    db = tmp_path / "s.duckdb"
    store.connect(db, read_only=False).close()
    spill = tmp_path / "s.duckdb.tmp"
    spill.chmod(0o755)  # as an earlier version left it for analysis commands
    con = store.connect(db)  # read-only, as every analysis command
    try:
        assert _setting(con) == spill
    finally:
        con.close()
    assert _mode(spill) == 0o700


def test_a_writable_open_removes_what_a_crash_left_in_the_spill_folder(tmp_path):
    db = tmp_path / "s.duckdb"
    store.connect(db, read_only=False).close()
    leftover = tmp_path / "s.duckdb.tmp" / "duckdb_temp_storage-0.tmp"
    leftover.write_bytes(b"pseudonymised rows of a crashed load")
    store.connect(db, read_only=False).close()
    assert not leftover.exists()


def test_an_in_memory_store_never_spills_into_the_current_folder(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    con = store.memory_store()
    try:
        folder = _setting(con)
        assert folder.is_absolute() and tmp_path not in folder.parents
        if os.name != "nt":
            assert _mode(folder) == 0o700
        # force a spill: a temporary table far larger than the memory limit
        con.execute("SET memory_limit = '40MB'")
        con.execute(
            "CREATE TEMP TABLE big AS SELECT md5(CAST(range AS VARCHAR)) AS h "
            "FROM range(2500000)"
        )
        spilled = [
            Path(p)
            for (p,) in con.execute(
                "SELECT path FROM duckdb_temporary_files()"
            ).fetchall()
        ]
        assert spilled and all(p.parent == folder for p in spilled)
    finally:
        con.close()
    assert not (tmp_path / ".tmp").exists()
    assert list(tmp_path.iterdir()) == []
