"""``purge``: storage limitation on a hand-made export whose persons end by design.

Export date 1 November 2026; the purge date D of most tests is 1 January 2025.

A-001  melding 5-1-2023, PTO-R geen_opname 1-2-2023: ended before D -> purged. Also a
       rejected row ("contcat") and a quality flag (an unknown organisation).
A-002  intake 1-4-2022, uitstroom 1-5-2024: ended before D -> purged.
A-003  intake 1-2-2022, no uitstroom (last event 1-6-2023): open -> kept.
A-004  geen_opname 1-6-2023, then a new melding 1-9-2023 without decision: open -> kept.
A-005  intake 1-3-2024, uitstroom 1-3-2025: ended after D -> kept (purged for 2026).
A-006  melding 1-10-2024, geen_opname 1-11-2024 -> purged.
A-007  geen_opname 1-2-2023, then a contact 1-3-2025 (after D) -> kept: a person with
       an event on or after the date is kept (purged for 2026: the contact opens
       no episode).
A-008  melding 1-5-2022, preventive conversation 1-6-2022 (intermediate variant, no
       decision) -> purged.
A-009  melding 5-10-2026, still open -> kept (and gives the report a month).

The oracle (``expected_purged``) works on the rows as written, not on the store.
"""

from __future__ import annotations

import subprocess
import sys
from datetime import date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import duckdb
import pytest

from ipgar_metrics import privacy, store
from ipgar_metrics.errors import ConfigError, StoreError
from ipgar_metrics.governance import purge, purges
from ipgar_metrics.ingest._load import load

KEY = b"purge-test-key-0123456789abcdef"
EXPORT_DATE = date(2026, 11, 1)
D = date(2025, 1, 1)
HEADER = "case_id,activity,timestamp,org,case_manager,outcome,event_id,report_source"
#: case, activity, local time (+01:00 / +02:00 written out), org, manager, outcome
ROWS = [
    ("A-001", "melding", "2023-01-05T10:00:00+01:00", "", "", "MAP"),
    ("A-001", "contact", "2023-01-15T10:00:00+01:00", "wijkteam-zuid", "M-1", ""),
    ("A-001", "contcat", "2023-01-20T10:00:00+01:00", "politie", "M-1", ""),
    ("A-001", "ptor_besluit", "2023-02-01T10:00:00+01:00", "", "", "geen_opname"),
    ("A-002", "melding", "2022-03-01T10:00:00+01:00", "", "", "CTER"),
    ("A-002", "ptor_besluit", "2022-03-20T10:00:00+01:00", "", "", "opname"),
    ("A-002", "instroom", "2022-04-01T10:00:00+02:00", "", "", ""),
    ("A-002", "regisseur_toegewezen", "2022-04-02T10:00:00+02:00", "politie", "M-2", ""),
    ("A-002", "contact", "2022-06-01T10:00:00+02:00", "politie", "M-2", ""),
    ("A-002", "uitstroom", "2024-05-01T10:00:00+02:00", "", "", "doelen_bereikt"),
    ("A-003", "melding", "2022-01-10T10:00:00+01:00", "", "", "MAP"),
    ("A-003", "ptor_besluit", "2022-01-20T10:00:00+01:00", "", "", "opname"),
    ("A-003", "instroom", "2022-02-01T10:00:00+01:00", "", "", ""),
    ("A-003", "regisseur_toegewezen", "2022-02-02T10:00:00+01:00", "politie", "M-2", ""),
    ("A-003", "contact", "2023-06-01T10:00:00+02:00", "politie", "M-2", ""),
    ("A-004", "melding", "2023-05-01T10:00:00+02:00", "", "", "MAP"),
    ("A-004", "ptor_besluit", "2023-06-01T10:00:00+02:00", "", "", "geen_opname"),
    ("A-004", "melding", "2023-09-01T10:00:00+02:00", "", "", "MAP"),
    ("A-005", "melding", "2024-02-01T10:00:00+01:00", "", "", "MAP"),
    ("A-005", "ptor_besluit", "2024-02-20T10:00:00+01:00", "", "", "opname"),
    ("A-005", "instroom", "2024-03-01T10:00:00+01:00", "", "", ""),
    ("A-005", "uitstroom", "2025-03-01T10:00:00+01:00", "", "", "risico_afgenomen"),
    ("A-006", "melding", "2024-10-01T10:00:00+02:00", "", "", "CTER"),
    ("A-006", "ptor_besluit", "2024-11-01T10:00:00+01:00", "", "", "geen_opname"),
    ("A-007", "melding", "2023-01-01T10:00:00+01:00", "", "", "MAP"),
    ("A-007", "ptor_besluit", "2023-02-01T10:00:00+01:00", "", "", "geen_opname"),
    ("A-007", "contact", "2025-03-01T10:00:00+01:00", "politie", "M-3", ""),
    ("A-008", "melding", "2022-05-01T10:00:00+02:00", "", "", "overig"),
    ("A-008", "preventief_gesprek", "2022-06-01T10:00:00+02:00", "politie", "", ""),
    ("A-009", "melding", "2026-10-05T10:00:00+02:00", "", "", "MAP"),
]  # fmt: skip
CASES = sorted({r[0] for r in ROWS})
#: a case manager of purged persons only, and one of kept persons only
PURGED_ONLY_MANAGER, KEPT_ONLY_MANAGER = "M-1", "M-3"


def expected_purged(before: date) -> set[str]:
    """The oracle, on the rows as written: the person's last row is before ``before``
    and they have an end (uitstroom, a geen_opname decision, a preventive
    conversation) after which nothing opened again (melding, opname, instroom)."""
    out = set()
    for case in CASES:
        rows = sorted((r for r in ROWS if r[0] == case), key=lambda r: r[2])
        ends = [
            i
            for i, r in enumerate(rows)
            if r[1] in ("uitstroom", "preventief_gesprek")
            or (r[1] == "ptor_besluit" and r[5] == "geen_opname")
        ]
        if not ends:
            continue
        reopened = any(
            r[1] in ("melding", "instroom") or r[5] == "opname"
            for r in rows[ends[-1] + 1 :]
        )
        if not reopened and date.fromisoformat(rows[-1][2][:10]) < before:
            out.add(case)
    return out


def event_ids(cases) -> list[str]:
    return [f"R{i:03d}" for i, r in enumerate(ROWS, 1) if r[0] in cases]


def write_export(path: Path, cases=None) -> Path:
    lines = [HEADER]
    for i, (case, act, ts, org, mgr, outcome) in enumerate(ROWS, 1):
        if cases is None or case in cases:
            source = next(r[5] for r in ROWS if r[0] == case and r[1] == "melding")
            lines.append(f"{case},{act},{ts},{org},{mgr},{outcome},R{i:03d},{source}")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def load_store(folder: Path, cases=None, name="s.duckdb") -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    db = folder / name
    export = write_export(folder / f"export-{name}.csv", cases)
    load([export], db=db, export_date=EXPORT_DATE, key=KEY, profile="ipgar")
    return db


def add_history(db: Path, cases) -> None:
    """Earlier versions of one event per case (a later load would write these)."""
    con = store.connect(db, read_only=False)
    try:
        for case in cases:
            con.execute(
                "INSERT INTO event_history SELECT event_key, case_id, activity, ts, org, "
                "case_manager, life_domain, 'old', event_id, lifecycle, load_id, 2, "
                "'corrected' FROM events WHERE case_id = ? AND seq = 1",
                [privacy.pseudonym(case, KEY)],
            ).fetchall()
    finally:
        con.close()


def dump(db: Path) -> dict[str, list]:
    con = store.connect(db)
    try:
        return {
            "events": con.execute(
                "SELECT * EXCLUDE (load_id, source_row, case_key, activity_code, "
                "next_activity_code) FROM events ORDER BY case_id, seq"
            ).fetchall(),
            "cases": con.execute("SELECT * FROM cases ORDER BY case_id").fetchall(),
            "snapshot": store.snapshot(con)["snapshot_id"],
        }
    finally:
        con.close()


def table_rows(db: Path) -> dict[str, list]:
    tables = ("events", "cases", "rejected_events", "quality_flags", "event_history")
    con = store.connect(db)
    try:
        out = {
            t: sorted(map(repr, con.execute(f"SELECT * FROM {t}").fetchall()))
            for t in tables
        }
        out["purges"] = con.execute("SELECT count(*) FROM purges").fetchall()
        out["snapshot"] = store.snapshot(con)["snapshot_id"]
        return out
    finally:
        con.close()


def case_ids_in(db: Path, table: str) -> set[str]:
    con = store.connect(db)
    try:
        rows = con.execute(f"SELECT DISTINCT case_id FROM {table}").fetchall()
    finally:
        con.close()
    return {r[0] for r in rows}


def test_oracle_has_both_kinds():
    # the fixture is worth something only if it purges some and keeps others
    assert expected_purged(D) == {"A-001", "A-002", "A-006", "A-008"}
    assert expected_purged(date(2026, 1, 1)) == {
        "A-001", "A-002", "A-005", "A-006", "A-007", "A-008",
    }  # fmt: skip


def test_purged_store_equals_a_store_loaded_without_them(tmp_path):
    gone = expected_purged(D)
    full = load_store(tmp_path / "full")
    add_history(full, ["A-001", "A-003"])
    before = dump(full)
    result = purge(db=full, ended_before=D)
    without = load_store(tmp_path / "without", [c for c in CASES if c not in gone])
    got, want = dump(full), dump(without)
    assert got["events"] == want["events"]
    assert got["cases"] == want["cases"]
    assert got["snapshot"] == want["snapshot"] == result.snapshot_id
    assert got["snapshot"] != before["snapshot"]
    # the counts, from the export: events of the purged persons that loaded (the
    # "contcat" row of A-001 is rejected), 1 history row, 1 reject, 1 flag
    loaded = [r for r in ROWS if r[0] in gone and r[1] != "contcat"]
    assert (result.cases, result.events) == (len(gone), len(loaded))
    assert (result.history_rows, result.rejects, result.flags) == (1, 1, 1)
    pseudonyms = {privacy.pseudonym(c, KEY) for c in gone}
    for table in (
        "events",
        "cases",
        "rejected_events",
        "quality_flags",
        "event_history",
    ):
        assert not case_ids_in(full, table) & pseudonyms, table
    assert case_ids_in(full, "event_history") == {privacy.pseudonym("A-003", KEY)}
    con = store.connect(full)
    try:
        recorded = purges(con)
    finally:
        con.close()
    assert len(recorded) == 1
    row = recorded.iloc[0]
    assert row["ended_before"] == D
    assert (row["cases"], row["events"], row["rejects"]) == (4, len(loaded), 1)
    assert row["snapshot_id"] == want["snapshot"]
    assert not any(str(v) in pseudonyms for v in row.to_numpy())


def test_remaining_persons_keep_seq_and_episode(tmp_path):
    db = load_store(tmp_path)
    con = store.connect(db)
    sql = "SELECT case_id, seq, episode, event_key FROM events WHERE case_id = ? ORDER BY seq"
    kept = privacy.pseudonym("A-004", KEY)
    before = con.execute(sql, [kept]).fetchall()
    con.close()
    purge(db=db, ended_before=D)
    con = store.connect(db)
    after = con.execute(sql, [kept]).fetchall()
    con.close()
    assert after == before
    assert [r[2] for r in after] == [1, 1, 2]  # the second melding opened episode 2


def test_no_byte_of_a_purged_pseudonym_is_left_in_the_file(tmp_path):
    db = load_store(tmp_path)
    gone = expected_purged(D)
    kept = [c for c in CASES if c not in gone]
    secrets = [privacy.pseudonym(c, KEY) for c in gone]
    secrets += [privacy.pseudonym(e, KEY, kind="event") for e in event_ids(gone)]
    secrets.append(privacy.pseudonym(PURGED_ONLY_MANAGER, KEY, kind="manager"))
    kept_ids = [privacy.pseudonym(c, KEY) for c in kept]
    kept_ids.append(privacy.pseudonym(KEPT_ONLY_MANAGER, KEY, kind="manager"))
    data = db.read_bytes()
    assert all(s.encode() in data for s in secrets)  # the scan can see them
    purge(db=db, ended_before=D)
    files = [db, db.with_name(db.name + ".wal")]
    data = b"".join(p.read_bytes() for p in files if p.exists())
    assert [s for s in secrets if s.encode() in data] == []
    assert all(k.encode() in data for k in kept_ids)
    assert not db.with_name(db.name + ".rewrite").exists()
    log = store.log_path(db).read_text(encoding="utf-8")
    assert [s for s in secrets if s in log] == []


@pytest.mark.parametrize("case", ["A-003", "A-004"])
def test_a_person_with_an_open_episode_is_kept(tmp_path, case):
    db = load_store(tmp_path)
    # every event of the person is before the date, but an episode is open
    assert max(r[2] for r in ROWS if r[0] == case) < "2024"
    purge(db=db, ended_before=date(2026, 11, 1))
    assert privacy.pseudonym(case, KEY) in case_ids_in(db, "events")
    assert privacy.pseudonym(case, KEY) in case_ids_in(db, "cases")


def test_generic_profile_purges_by_last_event(tmp_path):
    export = write_export(tmp_path / "export.csv")
    db = tmp_path / "g.duckdb"
    load([export], db=db, export_date=EXPORT_DATE, key=KEY, profile="generic")
    purge(db=db, ended_before=date(2023, 7, 1))
    left = case_ids_in(db, "events")
    # last event before 1 July 2023: A-001 (1-2-2023), A-003 (1-6-2023), A-008
    last = {c: max(r[2] for r in ROWS if r[0] == c) for c in CASES}
    want = {privacy.pseudonym(c, KEY) for c, ts in last.items() if ts < "2023-07-01"}
    assert want == {privacy.pseudonym(c, KEY) for c in ("A-001", "A-003", "A-008")}
    assert not left & want
    assert len(left) == len(CASES) - 3


def test_dry_run_changes_nothing(tmp_path):
    db = load_store(tmp_path)
    before = table_rows(db)
    raw = db.read_bytes()
    result = purge(db=db, ended_before=D, dry_run=True)
    assert (result.cases, result.dry_run, result.purge_id) == (4, True, None)
    assert table_rows(db) == before
    assert db.read_bytes() == raw
    assert "would remove 4 persons" in result.summary()


def test_a_failed_purge_leaves_the_store_as_it_was(tmp_path, monkeypatch):
    db = load_store(tmp_path)
    add_history(db, ["A-001"])
    before = table_rows(db)
    monkeypatch.setenv("IPGAR_FAIL_PURGE", "1")
    with pytest.raises(StoreError, match="nothing was removed"):
        purge(db=db, ended_before=D)
    assert table_rows(db) == before
    assert before["purges"] == [(0,)]
    monkeypatch.delenv("IPGAR_FAIL_PURGE")
    assert purge(db=db, ended_before=D).cases == 4  # and the store still works


def test_refuses_a_date_after_the_export_and_a_missing_store(tmp_path):
    db = load_store(tmp_path)
    with pytest.raises(ConfigError, match=r"after the export date .*2026-11-01"):
        purge(db=db, ended_before=date(2026, 11, 2))
    with pytest.raises(StoreError, match="no event store"):
        purge(db=tmp_path / "none.duckdb", ended_before=D)
    assert not (tmp_path / "none.duckdb").exists()


def test_a_second_purge_adds_a_row_and_a_later_load_brings_them_back(tmp_path):
    db = load_store(tmp_path)
    original = dump(db)["snapshot"]
    first = purge(db=db, ended_before=D)
    second = purge(db=db, ended_before=date(2026, 1, 1))
    assert (first.purge_id, second.purge_id) == (1, 2)
    assert second.cases == len(expected_purged(date(2026, 1, 1)) - expected_purged(D))
    assert dump(db)["snapshot"] == second.snapshot_id != first.snapshot_id
    con = duckdb.connect(str(db), read_only=True)
    try:
        assert con.execute("SELECT count(*) FROM purges").fetchall() == [(2,)]
    finally:
        con.close()
    # the documented limit: loading the old export again brings everyone back, and
    # the snapshot is the load's again (the same content as before any purge)
    load([tmp_path / "export-s.duckdb.csv"], db=db, export_date=EXPORT_DATE, key=KEY)
    assert dump(db)["snapshot"] == original
    assert case_ids_in(db, "events") == {privacy.pseudonym(c, KEY) for c in CASES}


# -- the command ------------------------------------------------------------------


def ipgar(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "ipgar_metrics.cli", *args],
        capture_output=True,
        text=True,
        check=False,
    )


def test_cli_dry_run_then_purge(tmp_path):
    db = load_store(tmp_path)
    snap = table_rows(db)["snapshot"]
    dry = ipgar("purge", "--db", str(db), "--ended-before", "2025-01-01", "--dry-run")
    assert dry.returncode == 0, dry.stderr
    assert dry.stdout.startswith("would remove 4 persons whose last episode ended")
    assert table_rows(db)["snapshot"] == snap
    done = ipgar("purge", "--db", str(db), "--ended-before", "2025-01-01")
    assert done.returncode == 0, done.stderr
    loaded = [r for r in ROWS if r[0] in expected_purged(D) and r[1] != "contcat"]
    assert done.stdout.startswith(
        f"removed 4 persons whose last episode ended before 2025-01-01: {len(loaded)} events"
    )
    new_snap = table_rows(db)["snapshot"]
    assert new_snap != snap and new_snap in done.stdout
    for raw in CASES:
        assert raw not in done.stdout + done.stderr


def test_cli_retention_years_says_the_date(tmp_path):
    db = load_store(tmp_path)
    today = datetime.now(ZoneInfo("Europe/Amsterdam")).date()  # the command's day
    years = today.year - 2024
    day = date(2024, today.month, today.day)  # 2024 is a leap year: always a date
    out = ipgar("purge", "--db", str(db), "--retention-years", str(years), "--dry-run")
    assert out.returncode == 0, out.stderr
    assert out.stderr.splitlines() == [
        f"ipgar purge: ended before {day.isoformat()} (today minus {years} years of "
        "retention; use --ended-before to choose)"
    ]
    assert out.stdout.startswith(f"would remove {len(expected_purged(day))} persons")


def test_cli_errors_and_exit_codes(tmp_path):
    db = load_store(tmp_path)
    bad = ipgar("purge", "--db", str(db), "--ended-before", "2025-02-30")
    assert bad.returncode == 2
    assert bad.stderr.splitlines()[-1] == (
        "ipgar purge: error: argument --ended-before: not a date in the form "
        "YYYY-MM-DD: '2025-02-30'"
    )
    neither = ipgar("purge", "--db", str(db))
    assert neither.returncode == 2
    both = ipgar(
        "purge",
        "--db",
        str(db),
        "--ended-before",
        "2025-01-01",
        "--retention-years",
        "3",
    )
    assert both.returncode == 2
    late = ipgar("purge", "--db", str(db), "--ended-before", "2027-01-01")
    assert late.returncode == 1
    assert len(late.stderr.splitlines()) == 1
    assert late.stderr.startswith(
        "ipgar purge: ended before 2027-01-01 is after the export date"
    )
    zero = ipgar("purge", "--db", str(db), "--retention-years", "0")
    assert zero.returncode == 2


# -- the report's colophon --------------------------------------------------------


def colophon_text(html: Path) -> str:
    text = html.read_text(encoding="utf-8")
    return text[text.index('<section id="colophon"') :]


def test_report_colophon_names_the_purge(tmp_path):
    from ipgar_metrics.report import build_report

    db = load_store(tmp_path)
    cut = date(2026, 1, 1)  # after the start of the report's 12 months (1-11-2025)
    n = len(expected_purged(cut))
    purge(db=db, ended_before=cut)
    [nl] = build_report(db=db, month="2026-10", out_dir=tmp_path / "nl", pdf=False)
    assert (
        f"Gegevens van {n} personen van wie de aanpak vóór 1 januari 2026 eindigde "
        "zijn verwijderd (bewaartermijn); cijfers over eerdere perioden tellen hen "
        "niet meer mee."
    ) in colophon_text(nl)
    [en] = build_report(
        db=db, month="2026-10", out_dir=tmp_path / "en", lang="en", pdf=False
    )
    assert (
        f"Data of {n} persons whose involvement ended before 1 January 2026 have "
        "been removed"
    ) in colophon_text(en)
    [ext, _cells] = build_report(
        db=db, month="2026-10", out_dir=tmp_path / "ext", audience="extern", pdf=False
    )
    assert "Gegevens van &lt;10 personen" in colophon_text(ext)  # n = 6 < k = 10


def test_report_without_purged_persons_in_its_period_says_nothing(tmp_path):
    from ipgar_metrics.report import build_report

    db = load_store(tmp_path)
    [before] = build_report(db=db, month="2026-10", out_dir=tmp_path / "a", pdf=False)
    purge(db=db, ended_before=D)  # before the report's 12 months (from 1-11-2025)
    [after] = build_report(db=db, month="2026-10", out_dir=tmp_path / "b", pdf=False)
    for html in (before, after):
        assert "bewaartermijn" not in html.read_text(encoding="utf-8")


def test_report_colophon_for_one_person(tmp_path):
    from ipgar_metrics.report import build_report

    db = load_store(tmp_path)
    # before 1 July 2022 only A-008 ended (preventive conversation 1-6-2022); the
    # report of June 2022 covers July 2021 - June 2022, which starts before it
    assert expected_purged(date(2022, 7, 1)) == {"A-008"}
    purge(db=db, ended_before=date(2022, 7, 1))
    [nl] = build_report(db=db, month="2022-06", out_dir=tmp_path, pdf=False)
    assert "Gegevens van 1 persoon van wie de aanpak vóór 1 juli 2022" in colophon_text(
        nl
    )


def test_a_purge_removes_the_purged_persons_from_the_report_lists(tmp_path):
    db = load_store(tmp_path)
    con = store.connect(db, read_only=False)
    con.executemany(
        "INSERT INTO report_lists VALUES ('2026-10', 'long_stays', ?, 'S0', now())",
        [(privacy.pseudonym(c, KEY),) for c in CASES],
    )
    con.close()
    purge(db=db, ended_before=D)
    kept = {privacy.pseudonym(c, KEY) for c in CASES if c not in expected_purged(D)}
    assert case_ids_in(db, "report_lists") == kept
    assert len(kept) < len(CASES)  # the purge removed someone
