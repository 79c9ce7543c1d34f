"""Data minimisation at the reader: only mapped columns are read, no raw copy on disk.

Each export is built here; the expected counts follow from the rows written out by
hand (two rows that differ only in an unmapped column are one event read twice).
"""

from __future__ import annotations

import os
import sys
from datetime import date
from pathlib import Path

import pandas as pd
import pytest

from ipgar_metrics import store
from ipgar_metrics.errors import ExportFormatError
from ipgar_metrics.ingest._load import load
from ipgar_metrics.ingest._mapping import load_mapping
from ipgar_metrics.simulation._export import mapping_toml
from tests.dutch_export import write_parquet

KEY = b"minimisation-test-key-0123456789abcdef"
NAME = "Jozefina Vermeulen-Quist"  # a person's name planted in an unmapped column
MAPPING = """
[source]
timestamp_format = "%d-%m-%Y %H:%M"
[columns]
"Casus" = "case_id"
"Gebeurtenis" = "activity"
"Datum" = "timestamp"
"Organisatie" = "org"
"""
HEADER = ["Casus", "Gebeurtenis", "Datum", "Organisatie", "Notitie"]
# rows 1 and 2 differ only in the unmapped note: the same event, read twice
ROWS = [
    ["K-1", "melding", "02-01-2024 09:00", "", f"gebeld door {NAME}"],
    ["K-1", "melding", "02-01-2024 09:00", "", "een andere notitie"],
    ["K-1", "contact", "05-01-2024 10:00", "politie", NAME],
    ["K-2", "melding", "03-01-2024 11:00", "", ""],
]


def _write(tmp_path: Path, kind: str) -> Path:
    frame = pd.DataFrame(ROWS, columns=HEADER)
    if kind == "xlsx":
        path = tmp_path / "export.xlsx"
        frame.to_excel(path, index=False)
    elif kind == "parquet":
        path = tmp_path / "export.parquet"
        write_parquet(frame, path)
    else:
        path = tmp_path / "export.csv"
        text = "\n".join(";".join(r) for r in [HEADER, *ROWS]) + "\n"
        path.write_bytes(text.encode("utf-8" if kind == "csv" else "cp1252"))
    return path


def _all_text(db: Path) -> str:
    """Every cell of every table of the store, as one text."""
    con = store.connect(db)
    try:
        tables = [
            r[0]
            for r in con.execute(
                "SELECT table_name FROM information_schema.tables"
            ).fetchall()
        ]
        cells = []
        for t in tables:
            for row in con.execute(f'SELECT * FROM "{t}"').fetchall():
                cells += [str(v) for v in row]
    finally:
        con.close()
    return "\n".join(cells)


@pytest.mark.parametrize("kind", ["csv", "csv-cp1252", "xlsx", "parquet"])
def test_an_unmapped_column_never_leaves_the_reader(tmp_path: Path, kind: str):
    path = _write(tmp_path, kind)
    mapping = tmp_path / "map.toml"
    mapping.write_text(MAPPING, encoding="utf-8")
    db = tmp_path / "store.duckdb"
    r = load(path, mapping=mapping, db=db, key=KEY, export_date=date(2024, 2, 1))
    # 4 rows read: row 2 is row 1 again in every mapped column (the note is not read)
    assert (r.rows_read, r.rows_loaded, r.duplicates_skipped) == (4, 3, 1)
    assert r.rows_rejected == 0
    for p in (db, db.with_name(db.name + ".wal")):
        if p.exists():
            data = p.read_bytes()
            for enc in ("utf-8", "utf-16-le"):
                assert NAME.encode(enc) not in data
            assert b"Vermeulen" not in data
    assert "Vermeulen" not in _all_text(db)


def test_an_undefined_byte_in_an_unmapped_column_is_not_read(tmp_path: Path):
    body = (
        "case_id,activity,timestamp,notitie\n"
        "K-1,melding,2024-01-02T09:00:00+01:00,caf\x81\n"  # 0x81: undefined in 1252
        "K-2,melding,2024-01-02T10:00:00+01:00,caf\xe9\n"
    ).encode("latin-1")
    path = tmp_path / "b.csv"
    path.write_bytes(body)
    r = load(path, db=tmp_path / "b.duckdb", key=KEY, export_date=date(2024, 2, 1))
    assert (r.rows_read, r.rows_loaded, r.rows_rejected) == (2, 2, 0)


class _Writes:
    """Python-level opens for writing while ``active`` (an audit hook, never removed)."""

    active = False
    seen: list[str] = []  # noqa: RUF012 - one shared record for the one hook

    @classmethod
    def hook(cls, event: str, args: tuple) -> None:
        if not cls.active or event != "open":
            return
        path, mode, flags = [*args, None, None, None][:3]
        writes = bool(mode) and any(c in str(mode) for c in "wax+")
        if isinstance(flags, int):
            writes = writes or bool(flags & (os.O_WRONLY | os.O_RDWR | os.O_CREAT))
        if writes:
            cls.seen.append(str(path))


sys.addaudithook(_Writes.hook)


def test_a_windows_1252_export_is_decoded_in_a_stream(tmp_path: Path):
    n = 20_000  # more rows than one batch of the stream, so the order must hold
    lines = ["case_id,activity,timestamp,org"]
    for i in range(1, n + 1):
        org = "caf\u00e9_noord\u2019" if i == 1 else ""  # é and ’ (0x92) of 1252
        lines.append(f"K-{i},melding,2024-01-02T09:00:00+01:00,{org}")
    body = bytearray("\n".join(lines).encode("cp1252") + b"\n")
    at = body.index(b"K-15000,") + 2
    body[at:at] = b"\x81"  # row 15000's case id holds an undefined byte
    path = tmp_path / "w.csv"
    path.write_bytes(bytes(body))
    db = tmp_path / "w.duckdb"
    _Writes.seen.clear()
    _Writes.active = True
    try:
        r = load(path, db=db, key=KEY, export_date=date(2024, 2, 1))
    finally:
        _Writes.active = False
    assert (r.rows_read, r.rows_loaded, r.rows_rejected) == (n, n - 1, 1)
    assert list(r.rejects["row"]) == [15000]
    assert list(r.rejects["reason_code"]) == ["undefined_byte"]
    # no copy of the export was written: the only files Python opened for writing
    # are the store's own (DuckDB writes its files itself) and its processing log
    outside = [p for p in _Writes.seen if not p.startswith(str(tmp_path))]
    assert outside == []
    inside = [p for p in _Writes.seen if p.startswith(str(tmp_path))]
    assert all(not p.endswith(".csv") for p in inside), inside
    con = store.connect(db)
    try:
        orgs = con.execute("SELECT DISTINCT org FROM events WHERE org IS NOT NULL")
        assert orgs.fetchall() == [("caf\u00e9_noord\u2019",)]
    finally:
        con.close()


def test_a_leftover_copy_of_a_crashed_load_is_removed(tmp_path: Path, monkeypatch):
    import tempfile

    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path / "tmp"))
    (tmp_path / "tmp").mkdir()
    old = tmp_path / "tmp" / "ipgar-abc123.csv"  # what _transcode left at a crash
    old.write_text("Casus;Naam\nK-1;" + NAME + "\n", encoding="utf-8")
    fresh = tmp_path / "tmp" / "ipgar-def456.csv"  # may belong to a running load
    fresh.write_text("x\n", encoding="utf-8")
    other = tmp_path / "tmp" / "export.csv"  # not a name the toolkit gives
    other.write_text("x\n", encoding="utf-8")
    two_hours_ago = os.path.getmtime(old) - 7200
    os.utime(old, (two_hours_ago, two_hours_ago))
    os.utime(other, (two_hours_ago, two_hours_ago))
    path = tmp_path / "e.csv"
    path.write_text(
        "case_id,activity,timestamp\nK-1,melding,2024-01-02T09:00:00+01:00\n",
        encoding="utf-8",
    )
    load(path, db=tmp_path / "e.duckdb", key=KEY, export_date=date(2024, 2, 1))
    assert not old.exists()
    assert fresh.exists()
    assert other.exists()


def test_an_unknown_lifecycle_is_rejected_with_its_shape_only(tmp_path: Path):
    body = (
        "case_id,activity,timestamp,lifecycle\n"
        "K-1,melding,2024-01-02T09:00:00+01:00,complete\n"
        "K-1,contact,2024-01-03T09:00:00+01:00,START\n"  # case-insensitive
        "K-1,contact,2024-01-04T09:00:00+01:00,ate_abort\n"
        "K-2,melding,2024-01-05T09:00:00+01:00,Jan Jansen\n"  # a name, not a transition
        "K-2,contact,2024-01-06T09:00:00+01:00,finished\n"
    )
    path = tmp_path / "l.csv"
    path.write_text(body, encoding="utf-8")
    db = tmp_path / "l.duckdb"
    r = load(path, db=db, key=KEY, export_date=date(2024, 2, 1))
    assert (r.rows_read, r.rows_loaded, r.rows_rejected) == (5, 3, 2)
    assert list(r.rejects["row"]) == [4, 5]
    assert set(r.rejects["reason_code"]) == {"unknown_lifecycle"}
    message = r.rejects["message"].iloc[0]
    assert "shape Aaa Aaaaaa" in message
    assert "Jan" not in message and "Jansen" not in message
    assert "Jansen" not in _all_text(db)


def test_special_categories_load_only_when_the_mapping_opts_in(tmp_path: Path):
    export = tmp_path / "s.csv"
    export.write_text(
        "Casus;Gebeurtenis;Datum;Ideologie\nK-1;melding;02-01-2024 09:00;rechts\n",
        encoding="utf-8",
    )
    base = MAPPING.replace('"Organisatie" = "org"', '"Ideologie" = "ideology"')
    mapping = tmp_path / "map.toml"
    mapping.write_text(base, encoding="utf-8")
    with pytest.raises(ExportFormatError) as info:
        load(export, mapping=mapping, db=tmp_path / "no.duckdb", key=KEY)
    text = str(info.value)
    assert '"Ideologie" to ideology' in text
    assert 'special_categories = ["ideology"] under [source]' in text
    assert "\n" not in text
    assert not (tmp_path / "no.duckdb").exists()
    opted = base.replace("[source]", '[source]\nspecial_categories = ["ideology"]')
    mapping.write_text(opted, encoding="utf-8")
    db = tmp_path / "yes.duckdb"
    load(export, mapping=mapping, db=db, key=KEY, export_date=date(2024, 2, 1))
    con = store.connect(db)
    try:
        assert con.execute("SELECT ideology FROM cases").fetchall() == [("rechts",)]
    finally:
        con.close()
    mapping.write_text(
        base.replace("[source]", '[source]\nspecial_categories = ["religion"]'),
        encoding="utf-8",
    )
    with pytest.raises(ExportFormatError, match="special_categories must be a list"):
        load_mapping(mapping)


def test_the_simulated_mapping_opts_in_to_both_special_categories(tmp_path: Path):
    path = tmp_path / "mapping.toml"
    path.write_text(mapping_toml(date(2026, 11, 1)), encoding="utf-8")
    assert load_mapping(path).special_categories == ("ideology", "risk_category")


def test_a_generic_log_keeps_its_own_lifecycles_but_no_number(tmp_path: Path):
    body = (
        "case_id,activity,timestamp,lifecycle\n"
        "A,Queued,2024-01-02T09:00:00+01:00,Awaiting Assignment\n"
        "A,Accepted,2024-01-03T09:00:00+01:00,In Progress\n"
        "B,Queued,2024-01-04T09:00:00+01:00,R2024-000123\n"  # a case number
    )
    path = tmp_path / "g.csv"
    path.write_text(body, encoding="utf-8")
    db = tmp_path / "g.duckdb"
    r = load(path, db=db, key=KEY, profile="generic", export_date=date(2024, 2, 1))
    assert (r.rows_read, r.rows_loaded, r.rows_rejected) == (3, 2, 1)
    assert list(zip(r.rejects["row"], r.rejects["reason_code"], strict=True)) == [
        (3, "number_in_label")
    ]
    assert "000123" not in _all_text(db)
    con = store.connect(db)
    try:
        got = con.execute("SELECT lifecycle FROM events ORDER BY lifecycle").fetchall()
    finally:
        con.close()
    assert got == [("Awaiting Assignment",), ("In Progress",)]
