"""Adversarial store files (``--db``), loads into a store that has data, and CSV output.

The export is always the five valid rows of ``corpus_inputs.BASE``; what changes is the
file given as ``--db`` (another program's database, a damaged store, a folder ...) or
what the store already holds (the same load, a corrected event, another key).
The disk-full class runs in a subprocess with a file-size limit; the formula classes
load labels that start like a formula and read them back with ``ipgar dfg --format csv``.
"""

from __future__ import annotations

import csv
import io
import os
import resource
import sqlite3
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest
from adversarial_harness import (
    CASES,
    DB,
    EVENTS,
    MANAGERS,
    NAME,
    PLANTED,
    Case,
    Error,
    Loads,
    check_case,
    leaks,
    load_cmd,
    run,
)
from corpus_inputs import BASE, N, csv_text, row

TEXT = csv_text(BASE)
ALL = Loads(N, N)


def store(prepare):
    """A builder: writes the export, lets ``prepare(db_path)`` make the store file."""

    def build(folder: Path) -> list[list[str]]:
        (folder / "export.csv").write_text(TEXT, encoding="utf-8")
        prepare(folder / DB)
        return [load_cmd("export.csv")]

    return build


def _real_store(db: Path) -> None:
    """A store holding the export (loaded with the test key), closed."""
    from ipgar_metrics.cli._main import main

    src = db.parent / "eerder.csv"
    src.write_text(TEXT, encoding="utf-8")
    cwd = Path.cwd()
    os.chdir(db.parent)
    try:
        assert main(["load", src.name, "--db", db.name, "--quiet"]) == 0
    finally:
        os.chdir(cwd)
    src.unlink()
    (db.parent / f"{db.name}.log.jsonl").unlink(missing_ok=True)


def _sqlite(db: Path) -> None:
    con = sqlite3.connect(db)
    con.execute("CREATE TABLE t (x INTEGER)")
    con.commit()
    con.close()


def _other_duckdb(db: Path) -> None:
    con = duckdb.connect(str(db))
    con.execute("CREATE TABLE klanten (nummer INTEGER, naam VARCHAR)")
    con.execute("INSERT INTO klanten VALUES (1, 'Karin'), (2, 'Piet')")
    con.close()


def _truncated(db: Path) -> None:
    _real_store(db)
    data = db.read_bytes()
    db.write_bytes(data[: len(data) // 3])


def _damaged(db: Path) -> None:
    _real_store(db)
    data = bytearray(db.read_bytes())
    for i in range(4096, len(data), 8192):  # every block's first bytes
        data[i : i + 64] = b"\xa5" * 64
    db.write_bytes(bytes(data))


def _garbage_wal(db: Path) -> None:
    _real_store(db)
    Path(f"{db}.wal").write_bytes(b"not a write-ahead log\n" * 100)


def _newer_schema(db: Path) -> None:
    _real_store(db)
    con = duckdb.connect(str(db))
    con.execute("UPDATE meta SET value = '99' WHERE key = 'schema_version'")
    con.close()


def _read_only(db: Path) -> None:
    _real_store(db)
    db.chmod(0o444)


def _other_key(db: Path) -> None:
    key = os.environ["IPGAR_KEY"]
    os.environ["IPGAR_KEY"] = "another-key-0123456789abcdef-0123456789"
    try:
        _real_store(db)
    finally:
        os.environ["IPGAR_KEY"] = key


def then_load(second: str):
    """A builder: load the export, then load ``second`` into the same store."""

    def build(folder: Path) -> list[list[str]]:
        (folder / "export.csv").write_text(TEXT, encoding="utf-8")
        (folder / "second.csv").write_text(second, encoding="utf-8")
        return [load_cmd("export.csv"), load_cmd("second.csv")]

    return build


def _corrected_at(con) -> None:
    """The corrected event (EV-90003) holds its new time; the old one is gone."""
    got = con.execute(
        "SELECT count(*), count(*) FILTER (WHERE ts = TIMESTAMPTZ '2024-01-06 10:00:00+01') "
        "FROM events WHERE activity = 'contact' AND org = 'politie'"
    ).fetchone()
    assert got == (1, 1), f"contact events (all, at the corrected time): {got}"


CORRECTED = [
    r if r[5] != EVENTS[2] else [*r[:2], "2024-01-06T10:00:00+01:00", *r[3:]]
    for r in BASE
]
ROOT = os.geteuid() == 0

CLASSES = [
    Case("store_sqlite_file", store(_sqlite), Error(("not a DuckDB event store",))),
    Case(
        "store_text_file",
        store(lambda db: db.write_text(f"{CASES[0]};{NAME}\n")),
        Error(("DuckDB",)),
    ),
    Case(
        "store_empty_file",
        store(lambda db: db.write_bytes(b"")),
        Error(("damaged", "new --db file")),
    ),
    Case("store_truncated", store(_truncated), Error(("store",))),
    Case("store_damaged", store(_damaged), Error(("store",))),
    # the store was checkpointed: a write-ahead log that is not one holds nothing
    Case("store_garbage_wal", store(_garbage_wal), Loads(N, N, new=0)),
    Case("store_of_another_program", store(_other_duckdb), Error(("event store",))),
    Case("store_is_a_folder", store(lambda db: db.mkdir()), Error(("directory",))),
    Case("store_of_a_newer_version", store(_newer_schema), Error(("newer",))),
    Case("store_of_another_key", store(_other_key), Error(("key",))),
    # root writes a read-only file anyway; anyone else gets one line
    Case(
        "store_read_only",
        store(_read_only),
        Loads(N, N, new=0) if ROOT else Error(("permission",)),
    ),
    Case("same_export_twice", then_load(TEXT), Loads(N, N, new=0)),
    Case(
        "same_export_twice_with_another_row",
        then_load(csv_text([*BASE, row()])),
        Loads(N + 1, N + 1, new=1),
    ),
    Case(
        # the same event id with a new time: the correction replaces the event
        "corrected_event",
        then_load(csv_text(CORRECTED)),
        Loads(N, N, new=0, exact=False, check=_corrected_at),
    ),
    Case(
        "second_load_with_rejects",
        then_load(csv_text([*BASE, row(ts="2099-01-01T10:00:00+01:00")])),
        Loads(N + 1, N, 1, reasons={"future_date": 1}, new=0),
    ),
]


@pytest.mark.parametrize("case", CLASSES, ids=lambda c: c.name)
def test_store_input_class(case, tmp_path, capsys):
    check_case(case, tmp_path, capsys)


def _events(db: Path) -> int:
    con = duckdb.connect(str(db), read_only=True)
    try:
        return con.execute("SELECT count(*) FROM events").fetchone()[0]
    finally:
        con.close()


def test_disk_full_is_one_line_and_leaves_the_store(tmp_path):
    """A disk that fills during a load: one line, exit 1, the store as it was.

    The store holds the five rows; the next load (20,000 rows more) runs with a
    file-size limit of the store's size + 512 KB, so its writes fail part-way.
    """
    _real_store(tmp_path / DB)
    (tmp_path / "export.csv").write_text(
        csv_text(
            [*BASE] + [row(case=f"{CASES[2]}{i}", event=f"X{i}") for i in range(20000)]
        ),
        encoding="utf-8",
    )
    size = (tmp_path / DB).stat().st_size + (512 << 10)

    def limit() -> None:
        resource.setrlimit(resource.RLIMIT_FSIZE, (size, size))

    proc = subprocess.run(
        [sys.executable, "-m", "ipgar_metrics.cli", *load_cmd("export.csv"), "--quiet"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        preexec_fn=limit,
        timeout=300,
    )
    lines = proc.stderr.strip().splitlines()
    assert proc.returncode == 1, proc.stderr
    assert "Traceback" not in proc.stderr
    assert len(lines) == 1, lines
    assert _events(tmp_path / DB) == N
    found = leaks(
        {"stdout": proc.stdout, "stderr": proc.stderr},
        [p for p in tmp_path.iterdir() if p.is_file() and p.name != "export.csv"],
    )
    assert not found


@pytest.mark.parametrize("label", ["+1+1", "-2+3", "@SUM(A1)"])
def test_formula_like_labels_are_quoted_in_csv_output(label, tmp_path, capsys):
    """A label starting like a formula loads (generic log) and never starts a CSV cell."""
    rows = [
        [CASES[0], "start", "2024-01-02T09:00:00+01:00", "", MANAGERS[0], EVENTS[0]],
        [CASES[0], label, "2024-01-03T09:00:00+01:00", "", MANAGERS[0], EVENTS[1]],
        [CASES[0], "einde", "2024-01-04T09:00:00+01:00", "", MANAGERS[0], EVENTS[2]],
    ]
    (tmp_path / "log.csv").write_text(csv_text(rows), encoding="utf-8")
    cwd = Path.cwd()
    os.chdir(tmp_path)
    try:
        code, out, err = run([*load_cmd("log.csv"), "--profile", "generic"], capsys)
        assert code == 0, err
        assert out.startswith("read 3 = loaded 3 ")
        code, out, err = run(["dfg", "--db", DB, "--format", "csv"], capsys)
    finally:
        os.chdir(cwd)
    assert code == 0, err
    cells = [c for r in csv.reader(io.StringIO(out)) for c in r]
    assert len(cells) == 6 * 5  # header + 4 edges: [start]>start>label>einde>[end]
    unsafe = [c for c in cells if c[:1] in ("=", "+", "-", "@", "\t", "\r")]
    assert not unsafe, f"cells that a spreadsheet runs as a formula: {unsafe}"
    assert not [v for v in PLANTED if v in out + err]
