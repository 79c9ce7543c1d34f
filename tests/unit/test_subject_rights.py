"""Rights of data subjects: access (art. 15), erasure (17), restriction (18), reports (19).

On the hand-made export of ``test_purge.py`` (export date 1 November 2026). A-001 has
three loaded events, one rejected row ("contcat") and one quality flag (a new
organisation); the expected values are counted from the rows as written. The raw
case id is given as the analyst would give it and must appear in no output, message
or processing-log line.
"""

from __future__ import annotations

import csv
import io
import json
from datetime import date
from pathlib import Path

import pytest
from test_purge import CASES, ROWS, write_export

from ipgar_metrics import governance, privacy, store
from ipgar_metrics.cli._main import main
from ipgar_metrics.errors import ConfigError
from ipgar_metrics.ingest._load import load
from ipgar_metrics.store._processing_log import REDACTED, safe_options

EXPORT_DATE = date(2026, 11, 1)
PERSON = "A-001"


def new_store(folder: Path, cases=None, name="s.duckdb") -> Path:
    """A store loaded with the session's key (IPGAR_KEY), as the CLI would load it."""
    folder.mkdir(parents=True, exist_ok=True)
    db = folder / name
    export = write_export(folder / f"export-{name}.csv", cases)
    load([export], db=db, export_date=EXPORT_DATE, profile="ipgar")
    return db


def reload(db: Path, folder: Path) -> None:
    """A later load of the whole export (every person in it)."""
    load([write_export(folder / "again.csv")], db=db, export_date=EXPORT_DATE)


def pseudonym(raw: str) -> str:
    return privacy.pseudonym(raw, privacy.load_key())


def loaded_rows(case: str) -> list[tuple]:
    """The rows of ``case`` that load (the "contcat" row is rejected), in time order."""
    return sorted(
        (r for r in ROWS if r[0] == case and r[1] != "contcat"), key=lambda r: r[2]
    )


def content(db: Path) -> dict:
    """Events and cases (without load bookkeeping) and the content's snapshot id."""
    with store.connect(db) as con:
        return {
            "events": con.execute(
                "SELECT * EXCLUDE (load_id, source_row, case_key, activity_code) "
                "FROM events "
                "ORDER BY case_id, seq"
            ).fetchall(),
            "cases": con.execute("SELECT * FROM cases ORDER BY case_id").fetchall(),
            "snapshot": store.snapshot_id(con),
            # what report colophons and the processing log name
            "named": store.snapshot(con)["snapshot_id"],
        }


def count(db: Path, table: str, case: str) -> int:
    with store.connect(db) as con:
        return con.execute(
            f"SELECT count(*) FROM {table} WHERE case_id = ?",
            [pseudonym(case)],
        ).fetchall()[0][0]


def run(capsys, *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out = capsys.readouterr()
    return code, out.out, out.err


def no_raw_id(db: Path, *texts: str) -> None:
    """No raw case id in the texts nor in the store's processing log."""
    log = store.log_path(db).read_text(encoding="utf-8")
    for raw in CASES:
        assert all(raw not in t for t in (*texts, log)), raw


# --- the redaction rule --------------------------------------------------------------


def test_the_processing_log_redacts_a_case_id_and_keeps_a_dpia_reference():
    assert safe_options({"case_id": "A-001"}, {}) == {"case_id": REDACTED}
    assert safe_options({"case_id": "12345"}, {}) == {"case_id": REDACTED}
    assert safe_options({"dpia": "DPIA-2026-014"}, {}) == {"dpia": "DPIA-2026-014"}


# --- access (art. 15) ----------------------------------------------------------------


def test_access_record_holds_everything_of_one_person(tmp_path):
    db = new_store(tmp_path)
    # an earlier version of one event, as a correcting load would write it
    with store.connect(db, read_only=False) as con:
        con.execute(
            "INSERT INTO event_history SELECT event_key, case_id, activity, ts, org, "
            "case_manager, life_domain, 'old', event_id, lifecycle, load_id, 2, "
            "'corrected' FROM events WHERE case_id = ? AND seq = 1",
            [pseudonym(PERSON)],
        ).fetchall()
    # the id as an export may format it: zero-width space, spaces around
    record = governance.subject(db=db, case_id=f" {PERSON}\u200b ")
    assert record.pseudonym == pseudonym(PERSON)
    assert record.restricted is False
    rows = loaded_rows(PERSON)
    events = record.parts["events"]
    assert list(events["activity"]) == [r[1] for r in rows]
    assert list(events["seq"]) == list(range(1, len(rows) + 1))
    assert not events["restricted"].any()
    assert list(record.parts["attributes"]["report_source"]) == ["MAP"]
    assert list(record.parts["history"]["outcome"]) == ["old"]
    rejects = record.parts["rejects"]
    assert list(rejects["reason_code"]) == ["unknown_activity"]
    assert list(rejects["row"]) == [
        i for i, r in enumerate(ROWS, 1) if r[0] == PERSON and r[1] == "contcat"
    ]
    flags = record.parts["flags"]
    assert list(flags["row"]) == [
        i for i, r in enumerate(ROWS, 1) if r[0] == PERSON and r[3] == "wijkteam-zuid"
    ]
    assert len(record.parts["report_lists"]) == 0  # no intern report yet
    # an intern report that listed the person: the access record names it
    with store.connect(db, read_only=False) as con:
        con.execute(
            "INSERT INTO report_lists VALUES ('2026-10', 'contact_gaps', ?, 'S1', now())",
            [pseudonym(PERSON)],
        ).fetchall()
    listed = governance.subject(db=db, case_id=PERSON).parts["report_lists"]
    assert list(zip(listed["month"], listed["list"], strict=True)) == [
        ("2026-10", "contact_gaps")
    ]
    other = governance.subject(db=db, case_id="A-009")
    assert len(other.parts["report_lists"]) == 0
    assert len(other.parts["events"]) == len(loaded_rows("A-009"))
    assert len(other.parts["rejects"]) == len(other.parts["flags"]) == 0


def test_cli_access_json_never_shows_or_logs_the_raw_id(tmp_path, capsys):
    db = new_store(tmp_path)
    code, out, err = run(
        capsys, "subject", "--db", str(db), "--case-id", PERSON, "--format", "json"
    )
    assert code == 0, err
    doc = json.loads(out)
    assert doc["pseudonym"] == pseudonym(PERSON) and doc["restricted"] is False
    assert [e["activity"] for e in doc["events"]] == [r[1] for r in loaded_rows(PERSON)]
    assert len(doc["rejects"]) == 1 and len(doc["flags"]) == 1
    last = json.loads(store.log_path(db).read_text().splitlines()[-1])
    assert last["command"] == "subject" and last["options"]["case_id"] == REDACTED
    code, table, err2 = run(capsys, "subject", "--db", str(db), "--case-id", PERSON)
    assert code == 0
    assert (
        table.splitlines()[0]
        == f"person {pseudonym(PERSON)}: processing not restricted"
    )
    code, text, err3 = run(
        capsys, "subject", "--db", str(db), "--case-id", PERSON, "--format", "csv"
    )
    assert code == 0
    rows = list(csv.DictReader(io.StringIO(text)))
    assert rows[0] == {"part": "person", "item": "1", "field": "pseudonym",
                       "value": pseudonym(PERSON)}  # fmt: skip
    activities = [
        r["value"] for r in rows if (r["part"], r["field"]) == ("events", "activity")
    ]
    assert activities == [r[1] for r in loaded_rows(PERSON)]
    no_raw_id(db, out, err, table, err2, text, err3)


def test_access_with_another_key_is_refused(tmp_path):
    db = new_store(tmp_path)
    with pytest.raises(ConfigError, match="another pseudonymisation key") as refused:
        governance.subject(db=db, case_id=PERSON, key=b"another-key-0123456789abcdefgh")
    assert PERSON not in str(refused.value)


def test_a_person_the_store_does_not_hold_gets_an_empty_record(tmp_path, capsys):
    db = new_store(tmp_path)
    code, out, err = run(
        capsys, "subject", "--db", str(db), "--case-id", "Z-404", "--format", "json"
    )
    assert code == 0
    doc = json.loads(out)
    assert [doc[p] for p in governance.SUBJECT_PARTS] == [[]] * len(
        governance.SUBJECT_PARTS
    )
    assert "holds nothing about this person" in err and "Z-404" not in out + err


# --- restriction (art. 18) -----------------------------------------------------------


def test_restriction_holds_the_person_apart_and_a_load_does_not_bring_them_back(
    tmp_path, capsys
):
    full = new_store(tmp_path / "full")
    before = content(full)
    without = content(
        new_store(tmp_path / "without", [c for c in CASES if c != PERSON])
    )
    code, out, err = run(
        capsys, "subject", "--db", str(full), "--case-id", PERSON, "--restrict"
    )
    assert code == 0, err
    n = len(loaded_rows(PERSON))
    # the analysed tables are those of a store loaded without the person
    assert content(full) == without
    assert without["snapshot"] != before["snapshot"] and without["snapshot"] in out
    assert out.startswith(
        f"restricted the processing of {pseudonym(PERSON)}: {n} events"
    )
    assert count(full, "restricted_events", PERSON) == n
    assert count(full, "restricted_cases", PERSON) == 1
    record = governance.subject(db=full, case_id=PERSON)
    assert record.restricted and record.parts["events"]["restricted"].all()
    # a later load of an export that holds the person adds none of their rows
    reload(full, tmp_path)
    assert content(full) == without
    assert count(full, "restricted_events", PERSON) == n
    # lifting brings back exactly what was there
    code, out2, err2 = run(
        capsys, "subject", "--db", str(full), "--case-id", PERSON, "--lift"
    )
    assert code == 0, err2
    assert content(full) == before
    assert count(full, "restricted_events", PERSON) == 0
    assert count(full, "restricted_cases", PERSON) == 0
    no_raw_id(full, out, err, out2, err2)


def test_restriction_refuses_what_it_cannot_do(tmp_path):
    db = new_store(tmp_path)
    with pytest.raises(ConfigError, match="not restricted"):
        governance.lift_restriction(db=db, case_id=PERSON)
    with pytest.raises(ConfigError, match="holds no events") as nobody:
        governance.restrict_processing(db=db, case_id="Z-404")
    assert "Z-404" not in str(nobody.value)
    governance.restrict_processing(db=db, case_id=PERSON)
    with pytest.raises(ConfigError, match="restricted already"):
        governance.restrict_processing(db=db, case_id=PERSON)


# --- erasure (art. 17) ---------------------------------------------------------------


def test_erasure_of_one_person_equals_a_store_loaded_without_them(tmp_path, capsys):
    person = "A-003"
    db = new_store(tmp_path / "full")
    without = content(
        new_store(tmp_path / "without", [c for c in CASES if c != person])
    )
    secret = pseudonym(person).encode()
    assert secret in db.read_bytes()  # the scan can see it
    code, out, err = run(capsys, "purge", "--db", str(db), "--case-id", person)
    assert code == 0, err
    n = len(loaded_rows(person))
    assert out.startswith(
        f"removed person {pseudonym(person)} on request (erasure): {n} events, "
        "0 history rows, 0 rejected rows, 0 quality flags; snapshot "
    )
    assert content(db) == without
    with store.connect(db) as con:
        row = con.execute(
            "SELECT ended_before, cases, events, snapshot_id FROM purges"
        ).fetchall()
    assert row == [(date(1970, 1, 1), 1, n, without["snapshot"])]
    files = [db, db.with_name(db.name + ".wal")]
    assert secret not in b"".join(p.read_bytes() for p in files if p.exists())
    no_raw_id(db, out, err)


def test_erasure_removes_a_restricted_person_and_their_rejects(tmp_path):
    db = new_store(tmp_path)
    governance.restrict_processing(db=db, case_id=PERSON)
    result = governance.erase(db=db, case_id=PERSON)
    assert (result.cases, result.events, result.rejects, result.flags) == (
        1, len(loaded_rows(PERSON)), 1, 1,
    )  # fmt: skip
    for table in ("restricted_events", "restricted_cases", "rejected_events",
                  "quality_flags", "events", "cases"):  # fmt: skip
        assert count(db, table, PERSON) == 0, table
    with pytest.raises(ConfigError, match="holds nothing of this person") as again:
        governance.erase(db=db, case_id=PERSON)
    assert PERSON not in str(again.value)


def test_cli_erasure_of_an_unknown_person_exits_1(tmp_path, capsys):
    db = new_store(tmp_path)
    code, out, err = run(capsys, "purge", "--db", str(db), "--case-id", "Z-404")
    assert code == 1 and out == ""
    assert err.startswith("ipgar purge: the store holds nothing of this person")
    assert "Z-404" not in err


# --- which reports named the person (art. 19) ----------------------------------------


def test_reports_listing_names_the_files_that_list_the_person(tmp_path, capsys):
    db = new_store(tmp_path)
    from ipgar_metrics.report import build_report

    [real] = build_report(
        db=db, month="2026-10", out_dir=tmp_path / "reports", pdf=False
    )
    assert real.name == "ptor-2026-10-intern.html"
    with store.connect(db) as con:
        snap = store.snapshot(con)["snapshot_id"]
    folder = tmp_path / "reports"
    me, other = pseudonym(PERSON), pseudonym("A-002")
    page = '<meta name="ipgar-snapshot" content="S0123456789abcdef">'
    (folder / "2026").mkdir()
    (folder / "2026" / "ptor-2026-09.html").write_text(f"{page}<td>{me}</td>")
    (folder / "ptor-2026-08.html").write_text(f"{page}<td>{other}</td>")
    (folder / "ptor-2026-08-extern-en.html").write_text(f"{page}<td>{me}</td>")
    (folder / "notes.html").write_text(f"<td>{me}</td>")  # not a report: not read
    listing = governance.reports_listing(folder, me)
    real_lists = "yes" if me in real.read_text(encoding="utf-8") else "no"
    # the intern report's action lists are read too, as text
    actions = folder / "ptor-2026-10-intern.actions.csv"
    actions_lists = "yes" if me in actions.read_text(encoding="utf-8") else "no"
    assert listing.to_dict(orient="records") == [
        {"file": "2026/ptor-2026-09.html", "snapshot": "S0123456789abcdef",
         "lists_person": "yes"},
        {"file": "ptor-2026-08-extern-en.html", "snapshot": "S0123456789abcdef",
         "lists_person": "yes"},
        {"file": "ptor-2026-08.html", "snapshot": "S0123456789abcdef",
         "lists_person": "no"},
        {"file": actions.name, "snapshot": None, "lists_person": actions_lists},
        {"file": real.name, "snapshot": snap, "lists_person": real_lists},
    ]  # fmt: skip
    code, out, err = run(
        capsys,
        "subject",
        "--db",
        str(db),
        "--case-id",
        PERSON,
        "--reports",
        str(folder),
    )
    assert code == 0, err
    named = 2 + (real_lists == "yes") + (actions_lists == "yes")
    assert f"reports in {folder} that name {me}: {named} of 5" in out
    no_raw_id(db, out, err)


def test_a_pdf_is_read_through_its_html_else_unknown_without_pdftotext(
    tmp_path, monkeypatch
):
    from ipgar_metrics.governance import _recipients

    me = pseudonym(PERSON)
    (tmp_path / "ptor-2026-09.html").write_text(f"<td>{me}</td>")
    (tmp_path / "ptor-2026-09.pdf").write_bytes(b"%PDF-1.4 compressed, unreadable")
    (tmp_path / "ptor-2026-10.pdf").write_bytes(b"%PDF-1.4 no html beside it")
    monkeypatch.setattr(_recipients.shutil, "which", lambda name: None)
    listing = governance.reports_listing(tmp_path, me)
    assert dict(zip(listing["file"], listing["lists_person"], strict=True)) == {
        "ptor-2026-09.html": "yes",
        "ptor-2026-09.pdf": "yes",
        "ptor-2026-10.pdf": "unknown",
    }
    with pytest.raises(ConfigError, match="not a folder"):
        governance.reports_listing(tmp_path / "missing", me)


def test_a_dry_run_erasure_counts_and_changes_nothing(tmp_path, capsys):
    db = new_store(tmp_path)
    before = content(db)
    code, out, err = run(
        capsys, "purge", "--db", str(db), "--case-id", PERSON, "--dry-run"
    )
    assert code == 0, err
    assert out.startswith(
        f"would remove person {pseudonym(PERSON)} on request (erasure): "
        f"{len(loaded_rows(PERSON))} events, 0 history rows, 1 rejected rows, "
        "1 quality flags; nothing changed (dry run)"
    )
    assert content(db) == before
    no_raw_id(db, out, err)


def test_an_erasure_does_not_move_the_retention_note_of_reports(tmp_path):
    from ipgar_metrics.report import build_report

    db = new_store(tmp_path)
    governance.erase(db=db, case_id="A-004")
    [only] = build_report(db=db, month="2026-10", out_dir=tmp_path / "a", pdf=False)
    html = only.read_text(encoding="utf-8")
    assert "(bewaartermijn)" not in html[html.index('<section id="colophon"') :]
    governance.purge(db=db, ended_before=date(2026, 1, 1))  # retention after it
    [both] = build_report(db=db, month="2026-10", out_dir=tmp_path / "b", pdf=False)
    html = both.read_text(encoding="utf-8")
    assert (
        "vóór 1 januari 2026 eindigde" in html[html.index('<section id="colophon"') :]
    )


def test_erasure_removes_the_person_from_earlier_reports_action_lists(tmp_path):
    db = new_store(tmp_path)
    with store.connect(db, read_only=False) as con:
        con.executemany(
            "INSERT INTO report_lists VALUES (?, 'contact_gaps', ?, 'S0', now())",
            [("2026-09", pseudonym(PERSON)), ("2026-10", pseudonym(PERSON)),
             ("2026-10", pseudonym("A-003"))],
        )  # fmt: skip
    governance.erase(db=db, case_id=PERSON)
    assert count(db, "report_lists", PERSON) == 0
    assert count(db, "report_lists", "A-003") == 1
