"""``ipgar load`` of a corrected export, with an export window, as a user runs it.

The store holds the new value with the history of the old one, the summary says what
changed, and the events the export lacks inside its window are held for review
(``--keep-deletions``) and then deleted. Expected values are worked out from the rows.
"""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import duckdb

from tests import dutch_export
from tests.e2e.test_load_cli import ipgar

NAMES = ("Casusnummer", "Activiteit", "Datum", "Registratienummer")
MAPPING = dutch_export.mapping(
    *NAMES, values={"activity": dutch_export.ACTIVITY_LABELS}, timezone=None
)
ROWS = [
    "ZX-1;Melding ontvangen;02-01-2024 09:00;R-101",
    "ZX-1;Contact;05-01-2024 09:00;R-102",
    "ZX-2;Melding ontvangen;03-01-2024 09:00;R-103",
]
# the source corrected the date of R-102 and no longer has R-103
CORRECTED = [ROWS[0], "ZX-1;Contact;09-01-2024 09:00;R-102"]
RAW = ("ZX-1", "ZX-2", "R-101", "R-102", "R-103")


def _write(path: Path, rows: list[str]) -> Path:
    return dutch_export.write_export(path, NAMES, rows)


def _query(db: Path, sql: str) -> list[tuple[object, ...]]:
    con = duckdb.connect(str(db), read_only=True)
    try:
        return con.execute(sql).fetchall()
    finally:
        con.close()


def test_corrected_export_through_the_cli(tmp_path):
    mapping = tmp_path / "mapping.toml"
    mapping.write_text(MAPPING, encoding="utf-8")
    db = tmp_path / "s.duckdb"
    old = _write(tmp_path / "okt.csv", ROWS)
    new = _write(tmp_path / "nov.csv", CORRECTED)
    common = ["--mapping", str(mapping), "--db", str(db)]
    first = ipgar("load", str(old), *common, "--export-date", "2024-02-01")
    assert first.returncode == 0, first.stderr

    held = ipgar(
        "load",
        str(new),
        *common,
        "--export-date",
        "2024-03-01",
        "--export-window",
        "2024-01-01",
        "2024-01-31",
        "--keep-deletions",
    )
    assert held.returncode == 0, held.stderr
    lines = held.stdout.splitlines()
    assert lines[0] == (
        "read 2 = loaded 2 (new 0, corrected 1, already in store 1) + rejected 0 "
        "+ duplicates 0"
    )
    assert lines[1] == (
        "export window 2024-01-01..2024-01-31, the export's events "
        "2024-01-02..2024-01-09: deleted in the source 1, held for review "
        "(--keep-deletions; quality flag deleted_in_source)"
    )
    # the new value in events, the old one in the history; R-103 held and flagged
    assert _query(db, "SELECT ts FROM events WHERE activity = 'contact'") == [
        (datetime(2024, 1, 9, 8, 0, tzinfo=UTC),)
    ]
    assert _query(db, "SELECT ts, change, load_id, replaced_by FROM event_history") == [
        (datetime(2024, 1, 5, 8, 0, tzinfo=UTC), "corrected", 1, 2)
    ]
    assert _query(db, "SELECT count(*) FROM events") == [(3,)]
    assert _query(db, "SELECT check_code FROM quality_flags") == [
        ("deleted_in_source",)
    ]

    again = ipgar(
        "load",
        str(new),
        *common,
        "--export-date",
        "2024-03-01",
        "--export-window",
        "2024-01-01",
        "2024-01-31",
    )
    assert again.returncode == 0, again.stderr
    assert again.stdout.splitlines()[0] == (
        "read 2 = loaded 2 (new 0, already in store 2) + rejected 0 + duplicates 0"
    )
    assert "deleted in the source 1 (kept in event_history)" in again.stdout
    assert _query(db, "SELECT count(*) FROM events") == [(2,)]
    assert _query(db, "SELECT change FROM event_history ORDER BY change") == [
        ("corrected",),
        ("deleted",),
    ]
    assert _query(
        db, "SELECT corrected, deleted, deletions_held, export_window FROM loads"
    ) == [
        (0, 0, 0, None),
        (1, 0, 1, "2024-01-01..2024-01-31"),
        (0, 1, 0, "2024-01-01..2024-01-31"),
    ]
    for out in (first, held, again):
        for raw in RAW:
            assert raw not in out.stdout + out.stderr


def test_a_bad_window_is_one_line_and_stores_nothing(tmp_path):
    mapping = tmp_path / "mapping.toml"
    mapping.write_text(MAPPING, encoding="utf-8")
    db = tmp_path / "s.duckdb"
    path = _write(tmp_path / "okt.csv", ROWS)
    done = ipgar(
        "load", str(path), "--mapping", str(mapping), "--db", str(db),
        "--export-window", "2024-02-01", "2024-01-01",
    )  # fmt: skip
    assert done.returncode == 1
    assert done.stderr.strip().splitlines() == [
        "ipgar load: export window: the first date 2024-02-01 is after the last "
        "date 2024-01-01; swap them."
    ]
    assert not db.exists()


def test_a_file_after_the_window_option_is_a_usage_error(tmp_path):
    path = _write(tmp_path / "okt.csv", ROWS)
    done = ipgar("load", "--export-window", "full", str(path))
    assert done.returncode == 2
    assert "write the export files before the option" in done.stderr
