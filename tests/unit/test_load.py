"""The loader on a hand-made Dutch export: counts, faults, time, identity, privacy."""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import UTC, date, datetime
from pathlib import Path

import duckdb
import pandas as pd
import pytest

from ipgar_metrics import privacy, store
from ipgar_metrics.errors import StoreError
from ipgar_metrics.ingest._load import load, validate
from ipgar_metrics.metrics.quality._report import quality_report
from tests import dutch_export

KEY = b"unit-test-key-0123456789abcdef"
EXPORT_DATE = date(2026, 11, 1)
NAMES = (
    "Casusnummer", "Activiteit", "Datum", "Organisatie", "Casusregisseur",
    "Leefgebied", "Uitkomst", "Registratienummer", "Bron melding",
)  # fmt: skip
HEADER = dutch_export.header(*NAMES)
MAPPING = dutch_export.mapping(
    *NAMES,
    encoding="utf-8-sig",
    values={
        "activity": {
            "Melding ontvangen": "melding",
            "Besluit PTO-R": "ptor_besluit",
            "Instroom": "instroom",
            "Notificatie verzonden": "notificatie",
            "Casusregisseur toegewezen": "regisseur_toegewezen",
            "Contact": "contact",
        },
        "org": {"Politie": "politie", "Buurtteam": "buurtteam"},
        "outcome": {"Opname": "opname"},
    },
)
# Two cases; case ZX-0001 carries the five documented faults of the simulator:
# row 6 is an exact copy of row 5 (duplicate), row 7 has no date, row 8 misspells
# "Contact", row 9 has the year 2062, and row 4 (notificatie) is dated before the
# instroom of row 3 (loaded, flagged out of order).
ROWS = [
    "ZX-0001;Melding ontvangen;02-01-2024 09:00;;;;MAP;R001;MAP",
    "ZX-0001;Besluit PTO-R;10-01-2024 14:00;;;;Opname;R002;MAP",
    "ZX-0001;Instroom;15-01-2024 10:00;;;;;R003;MAP",
    "ZX-0001;Notificatie verzonden;13-01-2024 10:00;;;;;R004;MAP",
    "ZX-0001;Casusregisseur toegewezen;16-01-2024 10:00;Politie;Jansen P;;;R005;MAP",
    "ZX-0001;Casusregisseur toegewezen;16-01-2024 10:00;Politie;Jansen P;;;R005;MAP",
    "ZX-0001;Contact;;Politie;Jansen P;;;R006;MAP",
    "ZX-0001;Contcat;20-02-2024 11:00;Politie;Jansen P;;;R007;MAP",
    "ZX-0001;Contact;20-03-2062 11:00;Politie;Jansen P;;;R008;MAP",
    "0042;Melding ontvangen;31-03-2024 02:30;;;;CTER;R009;CTER",
    "0042;Melding ontvangen;27-10-2024 02:30;;;;CTER;R010;CTER",
    "0042;Contact;27-10-2024 03:30;Buurtteam;De Vries;;;R011;CTER",
]
RAW_IDS = ["ZX-0001", "0042", "Jansen P", "De Vries"] + [
    f"R{i:03d}" for i in range(1, 12)
]


def write_export(
    folder: Path, rows: list[str] = ROWS, name: str = "export.csv"
) -> Path:
    return dutch_export.write_export(folder / name, NAMES, rows, bom=True)


@pytest.fixture
def export(tmp_path: Path) -> tuple[Path, Path]:
    mapping = tmp_path / "mapping.toml"
    mapping.write_text(MAPPING, encoding="utf-8")
    return write_export(tmp_path), mapping


def do_load(paths, mapping, db, **kw):
    return load(paths, mapping=mapping, db=db, export_date=EXPORT_DATE, key=KEY, **kw)


def events(db: Path) -> pd.DataFrame:
    """The events as stored, without what depends on the order of loads.

    ``load_id`` and ``source_row`` name the load; ``case_key`` numbers the cases in
    the order they were first stored (internal, version 10), and ``activity_code``
    the activities likewise (and ``next_activity_code``, version 11, with them).
    """
    con = store.connect(db)
    try:
        return con.execute(
            "SELECT * EXCLUDE (load_id, source_row, case_key, activity_code, "
            "next_activity_code) FROM events ORDER BY case_id, seq"
        ).df()
    finally:
        con.close()


def test_counts_and_documented_faults(export, tmp_path):
    path, mapping = export
    r = do_load([path], mapping, tmp_path / "s.duckdb")
    # 12 rows: 1 exact copy skipped; rejected: no date (row 7), typo (row 8), 2062
    # (row 9), 02:30 on 31 March (row 10, does not exist) -> 4; loaded 12 - 1 - 4 = 7.
    assert (r.rows_read, r.duplicates_skipped, r.rows_rejected, r.rows_loaded) == (
        12,
        1,
        4,
        7,
    )
    assert r.rows_read == r.rows_loaded + r.rows_rejected + r.duplicates_skipped
    assert (r.new_events, r.already_present) == (7, 0)
    reasons = dict(zip(r.rejects["row"], r.rejects["reason_code"], strict=True))
    assert reasons == {
        7: "missing_timestamp",
        8: "unknown_activity",
        9: "future_date",
        10: "nonexistent_local_time",
    }
    typo = r.rejects.loc[r.rejects["row"] == 8, "message"].item()
    assert 'did you mean "Contact"' in typo
    assert "(shape Aaaaaaa)" in typo and "Contcat" not in typo
    assert (r.rejects["file"] == "export.csv").all()
    con = store.connect(tmp_path / "s.duckdb")
    stored = con.execute(
        'SELECT count(*), count(DISTINCT "row") FROM rejected_events'
    ).fetchall()
    loads = con.execute(
        "SELECT rows_read, rows_loaded, rows_rejected, duplicates_skipped, snapshot_id FROM loads"
    ).fetchall()
    report = quality_report(con)
    con.close()
    assert stored == [(4, 4)]
    assert loads == [(12, 7, 4, 1, r.snapshot_id)]
    counts = dict(zip(report["check"], report["count"], strict=True))
    assert counts["out_of_order"] == 1  # notificatie before instroom, case ZX-0001
    assert counts["duplicate_row"] == 1
    assert counts["label_typo"] == 1
    assert counts["ambiguous_local_time"] == 1
    ooo = report.loc[report["check"] == "out_of_order", "examples"].item()
    assert ooo == f"export.csv row 4 (case {privacy.pseudonym('ZX-0001', KEY)})"


def test_daylight_saving_nights(export, tmp_path):
    path, mapping = export
    do_load([path], mapping, tmp_path / "s.duckdb")
    ev = events(tmp_path / "s.duckdb")
    case = ev[ev["case_id"] == privacy.pseudonym("0042", KEY)]
    ts = [t.astimezone(UTC).replace(tzinfo=None) for t in case["ts"]]
    # 27-10-2024 02:30 happened twice; the first (CEST, +02:00) is 00:30 UTC.
    # 27-10-2024 03:30 is after the change (CET, +01:00): 02:30 UTC.
    assert ts == [datetime(2024, 10, 27, 0, 30), datetime(2024, 10, 27, 2, 30)]


def test_pseudonyms_match_privacy_and_no_raw_id_anywhere(export, tmp_path):
    path, mapping = export
    db = tmp_path / "s.duckdb"
    r = do_load([path], mapping, db)
    ev = events(db)
    assert set(ev["case_id"]) == {
        privacy.pseudonym("ZX-0001", KEY),
        privacy.pseudonym("0042", KEY),
    }
    assert privacy.pseudonym("Jansen P", KEY, kind="manager") in set(ev["case_manager"])
    assert privacy.pseudonym("R001", KEY, kind="event") in set(ev["event_id"])
    report = validate([path], mapping=mapping, export_date=EXPORT_DATE, key=KEY)
    outputs = [
        db.read_bytes(),
        r.rejects.to_csv().encode(),
        report.to_csv().encode(),
        r.summary().encode(),
    ]
    for raw in RAW_IDS:
        for blob in outputs:
            assert raw.encode() not in blob, raw


def test_db_file_is_owner_only(export, tmp_path, monkeypatch):
    path, mapping = export
    db = tmp_path / "s.duckdb"
    holder = {}

    def spy(*args, **kwargs):  # look at the files while the load runs
        holder["modes"] = {
            p.name: p.stat().st_mode & 0o777 for p in tmp_path.glob("s.duckdb*")
        }
        raise RuntimeError("stop")

    do_load([path], mapping, db)
    assert db.stat().st_mode & 0o777 == 0o600
    monkeypatch.setattr(sys.modules["ipgar_metrics.ingest._load"], "_fail_point", spy)
    with pytest.raises(RuntimeError):
        do_load([path], mapping, db)
    # files owner-only (0600); the spill folder <db>.tmp owner-only (0700)
    assert holder["modes"] and all(
        mode == (0o700 if (tmp_path / name).is_dir() else 0o600)
        for name, mode in holder["modes"].items()
    )


def test_load_twice_adds_nothing(export, tmp_path):
    path, mapping = export
    db = tmp_path / "s.duckdb"
    first = do_load([path], mapping, db)
    before = events(db)
    second = do_load([path], mapping, db)
    assert (second.new_events, second.already_present) == (0, first.rows_loaded)
    assert second.snapshot_id == first.snapshot_id
    pd.testing.assert_frame_equal(events(db), before)


def test_overlapping_monthly_exports_equal_one_full_export(export, tmp_path):
    _, mapping = export
    good = [ROWS[i] for i in (0, 1, 2, 3, 4, 10, 11)]
    # January, January-February... each export holds the history up to its month;
    # the last export holds everything. Loaded one by one into one store, they must
    # give the same store as the full export loaded once.
    parts = [good[:2], good[:5], good]
    db_parts, db_full = tmp_path / "parts.duckdb", tmp_path / "full.duckdb"
    snaps = []
    for i, rows in enumerate(parts):
        snaps.append(
            do_load(
                [write_export(tmp_path, rows, f"m{i}.csv")], mapping, db_parts
            ).snapshot_id
        )
    full = do_load([write_export(tmp_path, good, "full.csv")], mapping, db_full)
    pd.testing.assert_frame_equal(events(db_parts), events(db_full))
    assert snaps[-1] == full.snapshot_id
    assert len(set(snaps)) == 3  # the store grew with each export


def test_several_files_in_one_load(export, tmp_path):
    _, mapping = export
    good = [ROWS[i] for i in (0, 1, 2, 3, 4, 10, 11)]
    files = [
        write_export(tmp_path, good[:3], "a.csv"),
        write_export(tmp_path, good, "b.csv"),
    ]
    r = do_load(files, mapping, tmp_path / "s.duckdb")
    assert (r.rows_read, r.new_events, r.already_present) == (10, 7, 3)


def test_failed_load_leaves_store_as_before(export, tmp_path, monkeypatch):
    path, mapping = export
    db = tmp_path / "s.duckdb"
    first = do_load([write_export(tmp_path, ROWS[:3], "jan.csv")], mapping, db)
    before = events(db)
    monkeypatch.setenv("IPGAR_FAIL_LOAD", "1")
    with pytest.raises(StoreError, match="nothing was stored"):
        do_load([path], mapping, db)
    con = store.connect(db)
    n_loads = con.execute("SELECT count(*) FROM loads").fetchall()[0][0]
    n_rejects = con.execute("SELECT count(*) FROM rejected_events").fetchall()[0][0]
    snap = store.snapshot(con)["snapshot_id"]
    con.close()
    assert (n_loads, n_rejects, snap) == (1, 0, first.snapshot_id)
    pd.testing.assert_frame_equal(events(db), before)


def test_second_writer_gets_in_use(export, tmp_path):
    path, mapping = export
    db = tmp_path / "s.duckdb"
    do_load([path], mapping, db)
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            f"import duckdb,time; c=duckdb.connect({str(db)!r}); print('ok', flush=True); time.sleep(30)",
        ],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout.readline().strip() == "ok"
        with pytest.raises(StoreError, match="in use"):
            do_load([path], mapping, db)
    finally:
        holder.kill()
        holder.wait()


def test_profile_generic_accepts_any_activity(export, tmp_path):
    path, mapping = export
    r = do_load([path], mapping, tmp_path / "g.duckdb", profile="generic")
    # generic: the typo is an activity like any other; the exact copy has an event
    # id, so it is the same event and skipped; the date problems remain rejected.
    assert set(r.rejects["reason_code"]) == {
        "missing_timestamp",
        "future_date",
        "nonexistent_local_time",
    }
    assert (r.rows_loaded, r.duplicates_skipped) == (8, 1)


def test_profile_mismatch_is_refused(export, tmp_path):
    path, mapping = export
    db = tmp_path / "s.duckdb"
    do_load([path], mapping, db)
    with pytest.raises(StoreError, match="profile ipgar"):
        do_load([path], mapping, db, profile="generic")


def test_validate_writes_nothing(export, tmp_path):
    path, mapping = export
    before = set(os.listdir(tmp_path))
    report = validate([path], mapping=mapping, export_date=EXPORT_DATE, key=KEY)
    assert set(os.listdir(tmp_path)) == before
    errors = report[report["severity"] == "error"].set_index("check")["count"].to_dict()
    assert errors == {
        "future_date": 1,
        "label_typo": 1,
        "missing_timestamp": 1,
        "nonexistent_local_time": 1,
        "unknown_activity": 1,
    }


def test_excel_and_parquet_give_the_same_events(export, tmp_path):
    _, mapping = export
    good = [ROWS[i] for i in (0, 1, 2, 3, 4, 11)]
    frame = pd.DataFrame(
        [r.split(";") for r in good], columns=HEADER.split(";")
    ).replace("", None)
    frame.to_excel(tmp_path / "e.xlsx", index=False, sheet_name="Export")
    dutch_export.write_parquet(frame, tmp_path / "e.parquet")
    csv_db, xl_db, pq_db = (tmp_path / f"{n}.duckdb" for n in ("c", "x", "p"))
    a = do_load([write_export(tmp_path, good, "g.csv")], mapping, csv_db)
    b = do_load([tmp_path / "e.xlsx"], mapping, xl_db)
    c = do_load([tmp_path / "e.parquet"], mapping, pq_db)
    assert a.snapshot_id == b.snapshot_id == c.snapshot_id
    pd.testing.assert_frame_equal(events(csv_db), events(xl_db))


def test_cp1252_export(export, tmp_path):
    _, mapping = export
    text = "\n".join(
        [HEADER, "ZX-0001;Melding ontvangen;02-01-2024 09:00;;Jansen Ö;;MAP;R001;MAP"]
    )
    path = tmp_path / "w.csv"
    path.write_bytes(text.encode("cp1252"))
    mapping.write_text(
        MAPPING.replace('encoding = "utf-8-sig"\n', ""), encoding="utf-8"
    )
    do_load([path], mapping, tmp_path / "s.duckdb")
    ev = events(tmp_path / "s.duckdb")
    assert ev["case_manager"].tolist() == [
        privacy.pseudonym("Jansen Ö", KEY, kind="manager")
    ]


def test_sql_pseudonym_equals_python_for_long_keys(tmp_path):
    long_key = b"k" * 100  # longer than the HMAC block: hashed first, as hmac does
    path = tmp_path / "c.csv"
    path.write_text(
        "case_id,activity,timestamp\nA 1,melding,2024-01-02T09:00:00+01:00\n"
    )
    load([path], db=tmp_path / "s.duckdb", key=long_key, export_date=EXPORT_DATE)
    assert events(tmp_path / "s.duckdb")["case_id"].tolist() == [
        privacy.pseudonym("A 1", long_key)
    ]


def test_connection_is_left_usable(export, tmp_path):
    path, mapping = export
    do_load([path], mapping, tmp_path / "s.duckdb")
    con = duckdb.connect(str(tmp_path / "s.duckdb"), read_only=True)
    assert con.execute("SELECT count(*) FROM events").fetchall() == [(7,)]
    con.close()


@pytest.mark.parametrize("aware", [True, False])
def test_parquet_with_typed_timestamps(tmp_path, aware):
    # 09:00 in Amsterdam: 08:00 UTC in winter, 07:00 UTC in summer, whether the
    # column is an aware timestamp or a naive (local) one
    ts = pd.to_datetime(["2024-01-02 09:00", "2024-07-02 09:00"]).tz_localize(
        "Europe/Amsterdam"
    )
    frame = pd.DataFrame(
        {
            "case_id": ["A", "A"],
            "activity": ["melding", "contact"],
            "timestamp": ts,
            "org": [None, "ggz"],
        }
    )
    if not aware:
        frame["timestamp"] = frame["timestamp"].dt.tz_localize(None)
    dutch_export.write_parquet(frame, tmp_path / "t.parquet")
    load(
        [tmp_path / "t.parquet"],
        db=tmp_path / "s.duckdb",
        key=KEY,
        export_date=EXPORT_DATE,
    )
    got = [
        t.astimezone(UTC).replace(tzinfo=None)
        for t in events(tmp_path / "s.duckdb")["ts"]
    ]
    assert got == [datetime(2024, 1, 2, 8, 0), datetime(2024, 7, 2, 7, 0)]


def test_separate_case_table(tmp_path):
    # events in one file, case attributes in another (domain.md: "a separate case
    # table keyed by case_id"); row 2 has an unknown report source (a new ideology
    # would load flagged: test_vocabulary_growth.py), row 3 no case id,
    # row 4 repeats row 1 exactly.
    (tmp_path / "ev.csv").write_text(
        "case_id,activity,timestamp\nA,melding,2024-01-02T09:00:00Z\nB,melding,2024-01-03T09:00:00Z\n"
    )
    (tmp_path / "cases.csv").write_text(
        "case_id,report_source,ideology\nA,MAP,rechts\nB,anders,links\n,MAP,links\nA,MAP,rechts\n"
    )
    db = tmp_path / "s.duckdb"
    r = load(
        [tmp_path / "ev.csv", tmp_path / "cases.csv"],
        db=db,
        key=KEY,
        export_date=EXPORT_DATE,
    )
    assert (r.rows_read, r.rows_loaded) == (2, 2)
    assert (
        r.case_rows_read,
        r.case_rows_loaded,
        r.case_rows_rejected,
        r.case_duplicates_skipped,
    ) == (4, 1, 2, 1)
    assert sorted(r.rejects["reason_code"]) == ["missing_case_id", "unknown_attribute"]
    assert (
        "case table rows: read 4 = loaded 1 + rejected 2 + duplicates 1" in r.summary()
    )
    con = store.connect(db)
    cases = con.execute(
        "SELECT case_id, report_source, ideology FROM cases ORDER BY case_id"
    ).fetchall()
    con.close()
    assert sorted(cases) == sorted(
        [
            (privacy.pseudonym("A", KEY), "MAP", "rechts"),
            (privacy.pseudonym("B", KEY), None, None),
        ]
    )


def _tables_of_a_load(db: Path) -> dict[str, pd.DataFrame]:
    """Events (with their source rows), rejects and flags, in a fixed order."""
    queries = {
        "events": "SELECT * EXCLUDE (load_id) FROM events ORDER BY case_id, seq",
        "rejects": "SELECT file, row, column_name, reason_code, message, case_id "
        "FROM rejected_events ORDER BY row, column_name, reason_code",
        "flags": "SELECT file, row, case_id, check_code, message FROM quality_flags "
        "ORDER BY row, check_code",
    }
    con = store.connect(db)
    try:
        return {name: con.execute(sql).df() for name, sql in queries.items()}
    finally:
        con.close()


def test_a_cp1252_export_read_in_chunks_loads_as_its_utf8_copy(tmp_path, monkeypatch):
    """Decoded chunk by chunk, a Windows-1252 export gives the UTF-8 file's store.

    Five rows per chunk: the exact duplicate (rows 5 and 6) straddles two chunks,
    a blank line and a short row fall in later ones, and a case manager's name
    holds a letter outside ASCII; row numbers must run on across chunks.
    """
    from ipgar_metrics.ingest import _readers

    monkeypatch.setattr(_readers, "DECODED_CHUNK_ROWS", 5)
    rows = list(ROWS)
    rows[10] = ""  # a blank line, skipped: the rows after it keep their numbers
    rows += [
        "ZX-0001;Contact;21-02-2024 11:00;Politie;Jansen Ö;;;R012;MAP",
        "0042;Contact;28-10-2024 09:00;Buurtteam;De Vries;;;R013",  # short row
    ]
    text = "\n".join([HEADER, *rows]) + "\n"
    stores = {}
    for encoding in ("utf-8", "cp1252"):
        folder = tmp_path / encoding
        folder.mkdir()
        path = folder / "export.csv"
        path.write_bytes(text.encode(encoding))
        own = folder / "mapping.toml"
        own.write_text(
            MAPPING.replace('encoding = "utf-8-sig"', f'encoding = "{encoding}"'),
            encoding="utf-8",
        )
        do_load([path], own, folder / "s.duckdb")
        stores[encoding] = _tables_of_a_load(folder / "s.duckdb")
    utf8, cp1252 = stores["utf-8"], stores["cp1252"]
    # rows 7-10 as in ROWS, the blank line not counted, the short row the 13th
    assert utf8["rejects"]["row"].tolist() == [7, 8, 9, 10, 13]
    assert utf8["rejects"]["reason_code"].iloc[-1] == "short_row"
    assert len(utf8["events"]) == 7 and utf8["events"]["source_row"].max() == 12
    manager = privacy.pseudonym("Jansen Ö", KEY, kind="manager")
    assert manager in set(utf8["events"]["case_manager"])
    for name, frame in utf8.items():
        pd.testing.assert_frame_equal(cp1252[name], frame, obj=name)
