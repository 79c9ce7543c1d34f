"""Corrections and deletions in the source: never ignored (docs/store.md).

Small exports built here: a corrected row with the same event id replaces the stored
version (the old one in ``event_history``), the newest export wins, and an export that
declares its window deletes (or holds for review) the stored events it lacks. Every
expected value is worked out by hand from the rows below.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path

import duckdb
import pytest

from ipgar_metrics import privacy, store
from ipgar_metrics.errors import ConfigError, ExportFormatError, StoreError
from ipgar_metrics.ingest._load import load
from ipgar_metrics.metrics.quality._report import quality_report
from tests import dutch_export

KEY = b"unit-test-key-0123456789abcdef"
NAMES = ("Casusnummer", "Activiteit", "Datum", "Organisatie", "Registratienummer")
MAPPING = dutch_export.mapping(
    *NAMES, values={"activity": dutch_export.ACTIVITY_LABELS}
)
# three events in January 2024 and one in March; R2 is the one that gets corrected
R1 = "ZX-1;Melding ontvangen;02-01-2024 09:00;;R1"
R2 = "ZX-1;Contact;05-01-2024 09:00;politie;R2"
R2_FIXED = "ZX-1;Contact;08-01-2024 09:00;politie;R2"  # the date corrected
R3 = "ZX-2;Melding ontvangen;03-01-2024 09:00;;R3"
R4 = "ZX-2;Contact;04-03-2024 10:00;politie;R4"
ROWS = [R1, R2, R3, R4]
# 09:00 in Amsterdam in January is 08:00 UTC
OLD_TS = datetime(2024, 1, 5, 8, 0, tzinfo=UTC)
NEW_TS = datetime(2024, 1, 8, 8, 0, tzinfo=UTC)
JAN = ("2024-01-01", "2024-01-31")


@pytest.fixture
def mapping(tmp_path: Path) -> Path:
    path = tmp_path / "mapping.toml"
    path.write_text(MAPPING, encoding="utf-8")
    return path


def write(
    folder: Path, name: str, rows: list[str], names: tuple[str, ...] = NAMES
) -> Path:
    return dutch_export.write_export(folder / name, names, rows)


def query(db: Path, sql: str) -> list[tuple[object, ...]]:
    con = duckdb.connect(str(db), read_only=True)
    try:
        return con.execute(sql).fetchall()
    finally:
        con.close()


def ts_of(db: Path, event_id: str) -> list[object]:
    """The stored ts of the event with this (raw) event id: none, or one."""
    pseudonym = privacy.pseudonym(event_id, KEY, kind="event")
    rows = query(db, f"SELECT ts FROM events WHERE event_id = '{pseudonym}'")
    return [r[0] for r in rows]


def do_load(paths, mapping, db, export_date=date(2024, 4, 1), **kw):
    return load(paths, mapping=mapping, db=db, export_date=export_date, key=KEY, **kw)


def test_corrected_date_replaces_the_event_and_keeps_the_old_version(tmp_path, mapping):
    db = tmp_path / "s.duckdb"
    first = do_load([write(tmp_path, "a.csv", ROWS)], mapping, db)
    fixed = [R1, R2_FIXED, R3, R4]
    second = do_load(
        [write(tmp_path, "b.csv", fixed)], mapping, db, export_date=date(2024, 5, 1)
    )
    assert ts_of(db, "R2") == [NEW_TS]
    key = privacy.pseudonym("R2", KEY, kind="event")
    history = query(
        db, "SELECT event_key, ts, load_id, replaced_by, change FROM event_history"
    )
    assert history == [(key, OLD_TS, 1, 2, "corrected")]
    # the event now carries the load that brought this version
    assert query(db, f"SELECT load_id FROM events WHERE event_key = '{key}'") == [(2,)]
    assert second.snapshot_id != first.snapshot_id
    assert (second.new_events, second.corrected, second.already_present) == (0, 1, 3)
    assert second.rows_loaded == 4
    assert second.summary().splitlines()[0] == (
        "read 4 = loaded 4 (new 0, corrected 1, already in store 3) + rejected 0 "
        "+ duplicates 0"
    )
    assert query(
        db, "SELECT corrected, already_present, deleted FROM loads WHERE load_id = 2"
    ) == [(1, 3, 0)]


def test_the_same_corrected_export_twice_changes_nothing(tmp_path, mapping):
    db = tmp_path / "s.duckdb"
    do_load([write(tmp_path, "a.csv", ROWS)], mapping, db)
    fixed = write(tmp_path, "b.csv", [R1, R2_FIXED, R3, R4])
    once = do_load([fixed], mapping, db, export_date=date(2024, 5, 1))
    again = do_load([fixed], mapping, db, export_date=date(2024, 5, 1))
    assert again.snapshot_id == once.snapshot_id
    assert (again.new_events, again.corrected, again.already_present) == (0, 0, 4)
    assert "corrected" not in again.summary()
    assert query(db, "SELECT count(*) FROM event_history") == [(1,)]
    assert ts_of(db, "R2") == [NEW_TS]


def test_an_older_export_after_the_corrected_one_does_not_overwrite(tmp_path, mapping):
    db = tmp_path / "s.duckdb"
    old = write(tmp_path, "a.csv", ROWS)
    do_load([old], mapping, db, export_date=date(2024, 4, 1))
    fixed = do_load(
        [write(tmp_path, "b.csv", [R1, R2_FIXED, R3, R4])],
        mapping,
        db,
        export_date=date(2024, 5, 1),
    )
    late = do_load([old], mapping, db, export_date=date(2024, 4, 1))
    assert ts_of(db, "R2") == [NEW_TS]
    assert late.snapshot_id == fixed.snapshot_id
    assert (late.corrected, late.kept_older, late.already_present) == (0, 1, 4)
    assert "kept as stored 1:" in late.summary()
    assert query(db, "SELECT count(*) FROM event_history") == [(1,)]


def test_a_guessed_export_date_does_not_make_the_export_older(tmp_path, mapping):
    # the correction moves the newest event (R4, 4 March) earlier: an export date
    # taken from the newest event would look older than the first export's
    db = tmp_path / "s.duckdb"
    do_load([write(tmp_path, "a.csv", ROWS)], mapping, db, export_date=None)
    r4_fixed = "ZX-2;Contact;01-03-2024 10:00;politie;R4"
    r = do_load(
        [write(tmp_path, "b.csv", [R1, R2, R3, r4_fixed])],
        mapping,
        db,
        export_date=None,
    )
    assert (r.export_date_source, r.export_date) == ("newest_event", date(2024, 3, 1))
    assert (r.corrected, r.kept_older) == (1, 0)
    assert ts_of(db, "R4") == [datetime(2024, 3, 1, 9, 0, tzinfo=UTC)]


def test_window_deletes_the_events_the_export_lacks(tmp_path, mapping):
    db = tmp_path / "s.duckdb"
    do_load([write(tmp_path, "a.csv", ROWS)], mapping, db)
    # the January export lacks R3 (3 January) and, outside its window, R4 (March)
    jan = write(tmp_path, "jan.csv", [R1, R2])
    without = do_load([jan], mapping, db)
    assert (without.deleted, without.export_window) == (0, None)
    assert len(ts_of(db, "R3")) == 1  # no window: nothing is ever deleted
    r = do_load([jan], mapping, db, export_window=JAN)
    assert (r.deleted, r.deletions_held, r.new_events, r.corrected) == (1, 0, 0, 0)
    assert ts_of(db, "R3") == []
    assert len(ts_of(db, "R4")) == 1  # outside the window: kept
    key = privacy.pseudonym("R3", KEY, kind="event")
    assert query(
        db, "SELECT event_key, load_id, replaced_by, change FROM event_history"
    ) == [(key, 1, 3, "deleted")]
    assert query(db, "SELECT deleted, export_window FROM loads WHERE load_id = 3") == [
        (1, "2024-01-01..2024-01-31")
    ]
    assert r.summary().splitlines()[1] == (
        "export window 2024-01-01..2024-01-31, the export's events "
        "2024-01-02..2024-01-05: deleted in the source 1 (kept in event_history)"
    )
    # the same export again: nothing more to delete, nothing changes
    again = do_load([jan], mapping, db, export_window=JAN)
    assert (again.deleted, again.snapshot_id) == (0, r.snapshot_id)
    assert query(db, "SELECT count(*) FROM event_history") == [(1,)]


def test_keep_deletions_holds_them_for_review(tmp_path, mapping):
    db = tmp_path / "s.duckdb"
    first = do_load([write(tmp_path, "a.csv", ROWS)], mapping, db)
    jan = write(tmp_path, "jan.csv", [R1, R2])
    r = do_load([jan], mapping, db, export_window=JAN, keep_deletions=True)
    assert (r.deleted, r.deletions_held) == (0, 1)
    assert r.snapshot_id == first.snapshot_id
    assert len(ts_of(db, "R3")) == 1
    assert query(db, "SELECT count(*) FROM event_history") == [(0,)]
    flags = query(db, "SELECT case_id, check_code, message FROM quality_flags")
    assert [(c, k) for c, k, _ in flags] == [
        (privacy.pseudonym("ZX-2", KEY), "deleted_in_source")
    ]
    for raw in ("ZX-2", "R3", "03-01-2024", "2024-01-03"):
        assert raw not in flags[0][2]
    assert query(db, "SELECT deletions_held, deleted FROM loads WHERE load_id = 2") == [
        (1, 0)
    ]
    assert "held for review" in r.summary()
    con = store.connect(db)
    try:
        report = quality_report(con)
    finally:
        con.close()
    row = report[report["check"] == "deleted_in_source"]
    assert list(row["count"]) == [1]
    assert list(row["severity"]) == ["warning"]
    # loaded again without the option, the held event is deleted
    after = do_load([jan], mapping, db, export_window=JAN)
    assert (after.deleted, ts_of(db, "R3")) == (1, [])


def test_full_history_window_and_empty_case(tmp_path, mapping):
    db = tmp_path / "s.duckdb"
    do_load([write(tmp_path, "a.csv", ROWS)], mapping, db)
    # case ZX-2 is gone from the source: both its events, and its case row
    r = do_load([write(tmp_path, "b.csv", [R1, R2])], mapping, db, export_window="full")
    assert r.deleted == 2
    assert query(db, "SELECT count(*) FROM events") == [(2,)]
    assert query(db, "SELECT case_id FROM cases") == [(privacy.pseudonym("ZX-1", KEY),)]
    assert r.summary().splitlines()[1].startswith("export window full history, ")


def test_window_from_the_mapping_file(tmp_path, mapping):
    db = tmp_path / "s.duckdb"
    do_load([write(tmp_path, "a.csv", ROWS)], mapping, db)
    windowed = tmp_path / "windowed.toml"
    windowed.write_text(
        'export_window = ["2024-01-01", "2024-01-31"]\n' + MAPPING, encoding="utf-8"
    )
    r = do_load([write(tmp_path, "jan.csv", [R1, R2])], windowed, db)
    assert (r.deleted, r.export_window, r.export_window_source) == (
        1,
        (date(2024, 1, 1), date(2024, 1, 31)),
        "mapping",
    )
    assert "(mapping file)" in r.summary()


def test_a_rejected_row_still_holds_its_event(tmp_path, mapping):
    db = tmp_path / "s.duckdb"
    do_load([write(tmp_path, "a.csv", ROWS)], mapping, db)
    # R3's row now has an unknown activity: rejected, but the source has the event
    bad_r3 = "ZX-2;Melding ontvagen;03-01-2024 09:00;;R3"
    r = do_load(
        [write(tmp_path, "b.csv", [R1, R2, bad_r3])], mapping, db, export_window=JAN
    )
    assert (r.rows_rejected, r.deleted) == (1, 0)
    assert len(ts_of(db, "R3")) == 1


def test_generic_log_without_event_ids_changed_field_is_delete_plus_new(tmp_path):
    names = ("case_id", "activity", "timestamp")
    rows = [
        "c1;register;2024-01-02 09:00",
        "c1;check;2024-01-03 09:00",
        "c2;register;2024-01-04 09:00",
    ]
    changed = write(
        tmp_path, "b.csv", [rows[0], "c1;check;2024-01-03 10:00", rows[2]], names
    )
    kw = {"profile": "generic", "export_date": date(2024, 4, 1), "key": KEY}
    results = {}
    for name, window in (("plain", None), ("windowed", ("2024-01-01", "2024-01-31"))):
        db = tmp_path / f"{name}.duckdb"
        first = load([write(tmp_path, "a.csv", rows, names)], db=db, **kw)
        r = load([changed], db=db, export_window=window, **kw)
        assert r.snapshot_id != first.snapshot_id
        results[name] = (r, db)
    # without a window the changed row is a new event and the old one stays
    plain, plain_db = results["plain"]
    assert (plain.new_events, plain.corrected, plain.deleted) == (1, 0, 0)
    assert query(plain_db, "SELECT count(*) FROM events") == [(4,)]
    # with a window: one deletion plus one new event, no correction
    r, db = results["windowed"]
    assert (r.new_events, r.corrected, r.deleted, r.already_present) == (1, 0, 1, 2)
    assert query(db, "SELECT count(*) FROM events") == [(3,)]
    assert query(db, "SELECT ts, change FROM event_history") == [
        (datetime(2024, 1, 3, 8, 0, tzinfo=UTC), "deleted")
    ]


def test_several_files_in_one_load_the_last_file_gives_the_version(tmp_path, mapping):
    db = tmp_path / "s.duckdb"
    oct_, nov = write(tmp_path, "okt.csv", ROWS), write(tmp_path, "nov.csv", [R2_FIXED])
    r = do_load([oct_, nov], mapping, db)
    assert (r.rows_loaded, r.new_events, r.already_present) == (5, 4, 1)
    assert ts_of(db, "R2") == [NEW_TS]
    assert query(db, "SELECT count(*) FROM event_history") == [(0,)]


def test_bad_windows_are_refused_in_one_line(tmp_path, mapping):
    path = write(tmp_path, "a.csv", ROWS)
    db = tmp_path / "s.duckdb"
    with pytest.raises(ConfigError, match="after the last date"):
        do_load([path], mapping, db, export_window=("2024-02-01", "2024-01-01"))
    with pytest.raises(ConfigError, match='give "full" or two dates'):
        do_load([path], mapping, db, export_window="januari")
    bad = tmp_path / "bad.toml"
    bad.write_text('export_window = ["2024-01-01"]\n' + MAPPING, encoding="utf-8")
    with pytest.raises(ExportFormatError, match="export_window"):
        do_load([path], bad, db)
    assert not db.exists()


def test_failed_correcting_load_leaves_the_store_as_it_was(
    tmp_path, mapping, monkeypatch
):
    db = tmp_path / "s.duckdb"
    first = do_load([write(tmp_path, "a.csv", ROWS)], mapping, db)
    monkeypatch.setenv("IPGAR_FAIL_LOAD", "1")
    with pytest.raises(StoreError, match="nothing was stored"):
        do_load(
            [write(tmp_path, "b.csv", [R1, R2_FIXED])],
            mapping,
            db,
            export_date=date(2024, 5, 1),
            export_window=JAN,
        )
    con = store.connect(db)
    try:
        snap = store.snapshot(con)["snapshot_id"]
    finally:
        con.close()
    assert snap == first.snapshot_id
    assert query(db, "SELECT count(*) FROM event_history") == [(0,)]
    assert query(db, "SELECT count(*) FROM loads") == [(1,)]
    assert ts_of(db, "R2") == [OLD_TS]
