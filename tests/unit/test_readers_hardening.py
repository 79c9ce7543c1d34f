"""The CSV reader: short rows, quoted newlines, limits, encodings, quotes, --db files.

Each test reproduces a finding of the adversarial review of the loader; the
expected values are written out by hand from the file each test builds.
"""

from __future__ import annotations

import sqlite3
import time
from datetime import date
from pathlib import Path

import pytest

from ipgar_metrics import store
from ipgar_metrics.errors import ExportFormatError, StoreError
from ipgar_metrics.ingest._load import load, validate

KEY = b"readers-hardening-key-0123456789ab"
WIDE_HEAD = (
    "case_id,activity,timestamp,org,life_domain,outcome,case_manager,event_id,"
    "report_source,risk_category,ideology"
)
T1 = "2024-01-02T09:00:00+01:00"
T2 = "2024-01-05T10:00:00+01:00"


def _load(tmp_path: Path, name: str, body: bytes, mapping: str | None = None):
    path = tmp_path / name
    path.write_bytes(body)
    map_path = None
    if mapping is not None:
        map_path = tmp_path / "map.toml"
        map_path.write_text(mapping, encoding="utf-8")
    db = tmp_path / f"{name}.duckdb"
    result = load(path, mapping=map_path, db=db, key=KEY, export_date=date(2026, 11, 1))
    return result, db


def test_a_short_row_is_rejected_and_kept(tmp_path: Path):
    body = (
        f"{WIDE_HEAD}\n"
        f"K-1,melding,{T1},,,,,E1,,,\n"
        f"K-1,contact,{T2},politie\n"  # 4 of 11 fields
    ).encode()
    r, db = _load(tmp_path, "short.csv", body)
    assert (r.rows_read, r.rows_loaded, r.rows_rejected) == (2, 1, 1)
    con = store.connect(db)
    try:
        kept = con.execute(
            'SELECT file, "row", reason_code FROM rejected_events'
        ).fetchall()
    finally:
        con.close()
    assert kept == [("short.csv", 2, "short_row")]


def test_empty_trailing_fields_are_not_short(tmp_path: Path):
    body = f"case_id,activity,timestamp,org\nK-1,melding,{T1},\n".encode()
    r, _ = _load(tmp_path, "trail.csv", body)
    assert (r.rows_loaded, r.rows_rejected) == (1, 0)


@pytest.mark.parametrize(
    "note",
    [
        '"first line\nsecond line"',  # a quoted newline (RFC 4180)
        'a 12" screen',  # a quote inside an unquoted field is a character
        '"quoted, with ""escapes"""',
    ],
)
def test_valid_quoting_loads_every_row(tmp_path: Path, note: str):
    body = (
        "case_id,activity,timestamp,org,note\n"
        f"K-1,melding,{T1},,{note}\n"
        f"K-1,contact,{T2},politie,plain\n"
    ).encode()
    r, _ = _load(tmp_path, "q.csv", body)
    assert (r.rows_read, r.rows_loaded, r.rows_rejected) == (2, 2, 0)


def test_a_very_wide_header_is_refused_by_load_and_validate(tmp_path: Path):
    head = ",".join(f"c{i}" for i in range(100_000))
    rows = "\n".join(",".join("x" for _ in range(100_000)) for _ in range(5))
    path = tmp_path / "wide.csv"
    path.write_text(f"{head}\n{rows}\n", encoding="utf-8")
    start = time.monotonic()
    with pytest.raises(ExportFormatError, match="more than 1000 columns"):
        load(path, db=tmp_path / "w.duckdb", key=KEY)
    with pytest.raises(ExportFormatError, match="more than 1000 columns"):
        validate(path, key=KEY)
    assert time.monotonic() - start < 20


def test_a_very_wide_row_is_refused_with_its_line(tmp_path: Path):
    wide = ",".join("7" for _ in range(100_000))
    body = f"case_id,activity,timestamp,org\nK-1,melding,{T1},\n{wide}\n".encode()
    path = tmp_path / "wrow.csv"
    path.write_bytes(body)
    with pytest.raises(
        ExportFormatError, match=r"limit of 16 beyond the header.*line 3"
    ) as info:
        load(path, db=tmp_path / "wr.duckdb", key=KEY)
    assert "7,7" not in str(info.value)


def test_a_declared_latin1_is_used(tmp_path: Path):
    text = f"case_id,activity,timestamp\nK-\u00e91,melding,{T1}\n"
    latin, _ = _load(
        tmp_path, "l.csv", text.encode("latin-1"), '[source]\nencoding = "latin-1"\n'
    )
    utf8, _ = _load(tmp_path, "u.csv", text.encode("utf-8"))
    assert latin.rows_loaded == utf8.rows_loaded == 1
    latin_ids = _case_ids(tmp_path / "l.csv.duckdb")
    assert latin_ids == _case_ids(tmp_path / "u.csv.duckdb")


def _case_ids(db: Path) -> list[str]:
    con = store.connect(db)
    try:
        return [r[0] for r in con.execute("SELECT case_id FROM events").fetchall()]
    finally:
        con.close()


@pytest.mark.parametrize("mapping", [None, '[source]\nencoding = "cp1252"\n'])
def test_an_undefined_windows_1252_byte_rejects_its_row(
    tmp_path: Path, mapping: str | None
):
    body = (
        b"case_id,activity,timestamp,org\n"
        b"K-1,melding," + T1.encode() + b",politie\x92\n"  # a defined byte: a quote
        b"K-\x811,melding," + T1.encode() + b",\n"  # 0x81 is undefined
        b"K-2,melding," + T1.encode() + b",\n"
    )
    r, _ = _load(tmp_path, "b.csv", body, mapping)
    # row 1's organisation "politie’" is a new value: loaded and flagged, not rejected
    assert r.rows_loaded == 2
    assert [c for c, *_ in r.new_values] == ["org"]
    assert sorted(zip(r.rejects["row"], r.rejects["reason_code"], strict=True)) == [
        (2, "undefined_byte"),
    ]


def test_an_unclosed_quote_is_named_as_such(tmp_path: Path):
    rows = "".join(f"K-{i},contact,{T2},politie\n" for i in range(150_000))
    body = f'case_id,activity,timestamp,org\nK-1,"melding,{T1},\n{rows}'.encode()
    assert len(body) > 4 * 1024 * 1024  # more than a line may hold
    path = tmp_path / "q.csv"
    path.write_bytes(body)
    with pytest.raises(ExportFormatError, match=r"quoted field is not closed.*line 2"):
        load(path, db=tmp_path / "q.duckdb", key=KEY)


def test_a_sqlite_file_is_refused_before_duckdb_opens_it(tmp_path: Path):
    db = tmp_path / "other.db"
    lite = sqlite3.connect(db)
    lite.execute("CREATE TABLE t (x INTEGER)")
    lite.commit()
    lite.close()
    before = db.read_bytes()
    for read_only in (True, False):
        with pytest.raises(StoreError, match="not a DuckDB event store"):
            store.connect(db, read_only=read_only)
    assert db.read_bytes() == before


def test_a_new_path_still_creates_a_store(tmp_path: Path):
    con = store.connect(tmp_path / "sub" / "new.duckdb", read_only=False)
    con.close()
    assert (tmp_path / "sub" / "new.duckdb").read_bytes()[8:12] == b"DUCK"


def test_validate_runs_with_the_memory_limit_of_a_load(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    seen: list[str] = []
    real = store.memory_store

    def spy():
        con = real()
        original_close = con.close

        class Spy:
            def __getattr__(self, name):
                return getattr(con, name)

            def close(self):
                seen.append(
                    con.execute("SELECT current_setting('memory_limit')").fetchall()[0][
                        0
                    ]
                )
                original_close()

        return Spy()

    monkeypatch.setenv("IPGAR_MEMORY_LIMIT", "300MB")
    monkeypatch.setattr(store, "memory_store", spy)
    path = tmp_path / "m.csv"
    path.write_text(f"case_id,activity,timestamp\nK-1,melding,{T1}\n", encoding="utf-8")
    validate(path, key=KEY)
    assert seen and seen[0].replace(" ", "").upper() in {"286.1MIB", "300.0MB", "300MB"}


def test_a_header_line_longer_than_the_sample_is_refused(tmp_path: Path):
    long_names = ",".join(f"{'h' * 200}{i}" for i in range(400))  # 400 columns, 80 KB
    path = tmp_path / "lh.csv"
    path.write_text(f"case_id,activity,timestamp,{long_names}\n", encoding="utf-8")
    with pytest.raises(ExportFormatError, match="header line is longer than 64 KB"):
        load(path, db=tmp_path / "lh.duckdb", key=KEY)


def test_a_short_row_of_a_case_table_is_rejected(tmp_path: Path):
    events = tmp_path / "ev.csv"
    events.write_text(
        f"case_id,activity,timestamp\nK-1,melding,{T1}\nK-2,melding,{T1}\n",
        encoding="utf-8",
    )
    cases = tmp_path / "cases.csv"
    cases.write_text(
        "case_id,report_source,risk_category,ideology\nK-1,,,\nK-2\n", encoding="utf-8"
    )
    r = load(
        [events, cases],
        db=tmp_path / "c.duckdb",
        key=KEY,
        export_date=date(2026, 11, 1),
    )
    assert (r.case_rows_read, r.case_rows_loaded, r.case_rows_rejected) == (2, 1, 1)
    short = r.rejects[r.rejects["reason_code"] == "short_row"]
    assert list(zip(short["file"], short["row"], strict=True)) == [("cases.csv", 2)]
