"""No raw cell value of an export in any message, table or output (issue 22, item 1).

Exports with swapped columns, a shifted row and no header row put case numbers, event
numbers and a planted name ("Jan de Vries") in label columns. ``ipgar load`` (twice)
and ``ipgar validate`` run as a user runs them; stdout, stderr, the store file, its
WAL and every text column of every table are scanned for each raw value of the
identifying columns and for the planted name. Messages still name file, row, column
and reason, with the masked shape of the value and the known label they suggest.
"""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest

from ipgar_metrics import store
from ipgar_metrics.metrics.quality import quality_report
from tests import dutch_export

KEY = "no-raw-values-test-key-0123456789abcdef"

NAMES = (
    "Casusnummer", "Activiteit", "Datum", "Organisatie", "Casusregisseur",
    "Uitkomst", "Registratienummer",
)  # fmt: skip
MAPPING = dutch_export.mapping(
    *NAMES, values={"activity": dutch_export.ACTIVITY_LABELS}, timezone=None
)
ROWS = [
    # 1: a good row
    "R2024-000123;Melding ontvangen;02-01-2024 09:00;politie;Piet Klaassen;;EV-880011",
    # 2: case number and activity swapped: the case number lands in Activiteit
    "Contact;R2024-000123;05-01-2024 09:00;politie;Piet Klaassen;;EV-880012",
    # 3: shifted one cell to the right: the case number in Activiteit, the case
    #    manager's name in Uitkomst, the event number beyond the header
    ";R2024-000456;Contact;06-01-2024 09:00;politie;Jan de Vries;;EV-880013",
    # 4: a good row
    "R2024-000456;Melding ontvangen;03-01-2024 09:00;politie;Jan de Vries;;EV-880014",
]
#: the raw values of the identifying columns (case, case manager, event) and the
#: planted name, with parts of them that must not appear either
RAW = [
    "R2024-000123",
    "R2024-000456",
    "R2024-000789",
    "000123",
    "000456",
    "000789",
    "Piet Klaassen",
    "Klaassen",
    "Jan de Vries",
    "Vries",
    "EV-880011",
    "EV-880012",
    "EV-880013",
    "EV-880014",
    "EV-880020",
    "880013",
]


def ipgar(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "ipgar_metrics.cli", *args],
        capture_output=True,
        text=True,
        env={**os.environ, "IPGAR_KEY": KEY},
        timeout=300,
        check=False,
    )


def assert_no_raw(texts: list[str], where: str) -> None:
    for value in RAW:
        for text in texts:
            assert value not in text, f"{value!r} in {where}"


def store_texts(db: Path) -> list[str]:
    """Every value of every table of the store, as text (compression hides bytes)."""
    con = duckdb.connect(str(db), read_only=True)
    try:
        tables = con.execute(
            "SELECT table_name FROM duckdb_tables() WHERE NOT temporary"
        ).fetchall()
        return [
            json.dumps(con.execute(f'SELECT * FROM "{t}"').fetchall(), default=str)
            for (t,) in tables
        ]
    finally:
        con.close()


def file_bytes(db: Path) -> list[bytes]:
    return [p.read_bytes() for p in (db, Path(f"{db}.wal")) if p.exists()]


@pytest.fixture
def export(tmp_path: Path) -> tuple[Path, Path]:
    csv = tmp_path / "export.csv"
    dutch_export.write_export(csv, NAMES, ROWS)
    mapping = tmp_path / "mapping.toml"
    mapping.write_text(MAPPING, encoding="utf-8")
    return csv, mapping


def test_misaligned_rows_leave_no_raw_value_anywhere(export, tmp_path):
    csv, mapping = export
    db = tmp_path / "s.duckdb"
    common = [str(csv), "--mapping", str(mapping), "--export-date", "2026-11-01"]
    first = ipgar("load", *common, "--db", str(db))
    assert first.returncode == 0, first.stderr
    # rows 2 and 3 rejected, rows 1 and 4 loaded
    assert first.stdout.splitlines()[0] == (
        "read 4 = loaded 2 (new 2, already in store 0) + rejected 2 + duplicates 0"
    )
    checked = ipgar("validate", *common)
    assert checked.returncode == 1  # rejected rows are errors
    as_json = ipgar("validate", *common, "--format", "json")
    outputs = [first.stdout, first.stderr, checked.stdout, checked.stderr]
    outputs += [as_json.stdout, as_json.stderr]
    assert_no_raw(outputs, "the output")
    assert_no_raw(store_texts(db), "a table of the store")
    for data in file_bytes(db):
        for value in RAW:
            assert value.encode() not in data, value

    con = duckdb.connect(str(db), read_only=True)
    rejects = con.execute(
        'SELECT "row", column_name, reason_code, message, raw, file_sha256 '
        'FROM rejected_events ORDER BY "row", reason_code'
    ).fetchall()
    con.close()
    sha = hashlib.sha256(csv.read_bytes()).hexdigest()
    assert {r[5] for r in rejects} == {sha}
    by_key = {(r[0], r[2]): r for r in rejects}
    # row 2: the message names file, row, column and reason, the shape of the case
    # number (R2024-000123 -> A####-######) and a known label
    message = by_key[(2, "unknown_activity")][3]
    assert message.startswith(
        'export.csv row 2, column "Activiteit": unknown activity (shape A####-######); '
        'did you mean "'
    )
    # row 3: the name in Uitkomst is kept as its shape only, the ids as pseudonyms
    raw = json.loads(by_key[(3, "unknown_activity")][4])
    assert raw["outcome"] == "Aaa aa Aaaaa"
    assert raw["activity"] == "A####-######"
    assert raw["timestamp"] == "Aaaaaaa"
    assert raw["org"] == "##-##-#### ##:##"
    assert raw["case_id"] is None and raw["event_id"] is None  # empty cells
    assert raw["case_manager"].startswith("M")  # "politie", as a pseudonym
    reasons = sorted(by_key)
    assert reasons == [
        (2, "unknown_activity"),
        (3, "malformed_row"),
        (3, "missing_case_id"),
        (3, "number_in_label"),  # the shifted date in Organisatie
        (3, "unknown_activity"),
        (3, "unparsable_date"),
    ]
    # validate's typo suggestion: the shape and the known label, never the value
    report = {r["check"]: r for r in json.loads(as_json.stdout)}
    assert "shape A####-###### -> " in report["label_typo"]["examples"]


def test_a_repeated_load_adds_no_reject_rows(export, tmp_path):
    csv, mapping = export
    db = tmp_path / "s.duckdb"
    common = [str(csv), "--mapping", str(mapping), "--export-date", "2026-11-01"]
    first = ipgar("load", *common, "--db", str(db))
    again = ipgar("load", *common, "--db", str(db))
    assert first.returncode == 0 and again.returncode == 0, again.stderr
    # the second load still accounts for every row it read
    assert again.stdout.splitlines()[0] == (
        "read 4 = loaded 2 (new 0, already in store 2) + rejected 2 + duplicates 0"
    )
    con = duckdb.connect(str(db), read_only=True)
    per_load = con.execute(
        "SELECT load_id, count(*) FROM rejected_events GROUP BY load_id ORDER BY load_id"
    ).fetchall()
    loads = con.execute(
        "SELECT load_id, rows_rejected FROM loads ORDER BY load_id"
    ).fetchall()
    con.close()
    # six failed checks of rows 2 and 3, stored once; both loads counted 2 rows
    assert per_load == [(1, 6)]
    assert loads == [(1, 2), (2, 2)]
    # the quality report after the repeated load still shows the file's rejects
    con = store.connect(db, read_only=True)
    report = quality_report(con)
    con.close()
    counts = dict(zip(report["check"], report["count"], strict=True))
    assert (counts["unknown_activity"], counts["label_typo"]) == (2, 2)
    # another mapping is other checks: its load stores its own rejects, so the
    # report of the latest load shows them once (not none, not twice)
    other = tmp_path / "other.toml"
    other.write_text(MAPPING + '"Melding" = "melding"\n', encoding="utf-8")
    third = ipgar(
        "load", str(csv), "--mapping", str(other), "--export-date", "2026-11-01",
        "--db", str(db),
    )  # fmt: skip
    assert third.returncode == 0, third.stderr
    con = store.connect(db, read_only=True)
    per_load = con.execute(
        "SELECT load_id, count(*) FROM rejected_events GROUP BY load_id ORDER BY load_id"
    ).fetchall()
    report = quality_report(con)
    con.close()
    assert per_load == [(1, 6), (3, 6)]
    counts = dict(zip(report["check"], report["count"], strict=True))
    assert (counts["unknown_activity"], counts["missing_case_id"]) == (2, 1)
    assert_no_raw([report.to_string()], "the quality report")


@pytest.mark.parametrize("with_mapping", [True, False])
def test_a_headerless_export_prints_no_cell_of_its_first_row(
    export, tmp_path, with_mapping
):
    _, mapping = export
    headerless = tmp_path / "headerless.csv"
    first_row = "R2024-000789;Melding ontvangen;02-01-2024 09:00;politie;Jan de Vries;;EV-880020"
    headerless.write_text(f"{first_row}\n{ROWS[0]}\n", encoding="utf-8")
    given = ["--mapping", str(mapping)] if with_mapping else ["--profile", "ipgar"]
    db = tmp_path / "h.duckdb"
    loaded = ipgar("load", str(headerless), *given, "--db", str(db))
    checked = ipgar("validate", str(headerless), *given)
    assert loaded.returncode != 0 and checked.returncode != 0
    for out in (loaded, checked):
        # the error names the file and what is missing; the first row's cells only
        # as their shapes
        assert "headerless.csv has no column" in out.stderr
        assert "shape A####-######" in out.stderr
        assert "shape Aaa aa Aaaaa" in out.stderr
    texts = [loaded.stdout, loaded.stderr, checked.stdout, checked.stderr]
    assert_no_raw([*texts], "the output")
    assert "Melding ontvangen" not in loaded.stderr + checked.stderr
    assert "politie" not in loaded.stderr + checked.stderr


def test_swapped_canonical_columns_leave_no_raw_value(tmp_path):
    csv = tmp_path / "canonical.csv"
    rows = [
        "case_id,activity,timestamp,org,case_manager,outcome,event_id",
        "R2024-000123,melding,2024-01-02T09:00:00+01:00,politie,Piet Klaassen,,EV-880011",
        # case manager and activity swapped; event id in outcome, outcome in event id
        "R2024-000123,Jan de Vries,2024-01-05T09:00:00+01:00,politie,contact,EV-880012,x",
        # case id in the timestamp column
        "R2024-000456,contact,R2024-000456,politie,Piet Klaassen,,EV-880013",
    ]
    csv.write_text("\n".join(rows) + "\n", encoding="utf-8")
    db = tmp_path / "c.duckdb"
    common = [str(csv), "--export-date", "2026-11-01", "--profile", "ipgar"]
    loaded = ipgar("load", *common, "--db", str(db))
    assert loaded.returncode == 0, loaded.stderr
    assert loaded.stdout.splitlines()[0].startswith("read 3 = loaded 1 ")
    checked = ipgar("validate", *common, "--format", "json")
    assert_no_raw(
        [loaded.stdout, loaded.stderr, checked.stdout, checked.stderr], "the output"
    )
    assert_no_raw(store_texts(db), "a table of the store")
    con = duckdb.connect(str(db), read_only=True)
    messages = [
        m for (m,) in con.execute("SELECT message FROM rejected_events").fetchall()
    ]
    con.close()
    assert (
        'canonical.csv row 2, column "activity": unknown activity (shape Aaa aa Aaaaa)'
        in "\n".join(messages)
    )


def test_inspect_of_a_headerless_export_shows_shapes_only(tmp_path):
    headerless = tmp_path / "headerless.csv"
    rows = [
        "R2024-000789;Melding ontvangen;02-01-2024 09:00;politie;Jan de Vries;;EV-880020",
        *(r for r in ROWS if not r.startswith(";")),
    ]
    headerless.write_text("\n".join(rows) + "\n", encoding="utf-8")
    draft = tmp_path / "draft.toml"
    out = ipgar("inspect", str(headerless), "--mapping-out", str(draft))
    assert out.returncode == 0, out.stderr
    text = draft.read_text(encoding="utf-8")
    assert_no_raw([out.stdout, out.stderr, text], "inspect")
    # the first row is data: its cells appear as headers only as shapes
    assert "shape A####-######" in out.stdout and "shape Aaa aa Aaaaa" in out.stdout
    assert "Melding ontvangen" not in out.stdout + text


#: a relations export with a third party, a name where a case id belongs, a name
#: where the relation type belongs and an event number where a date belongs
RELATIONS = [
    "case_id_a,case_id_b,relation,start,end",
    "R2024-000123,R2024-000456,familie,2024-01-01,",  # loaded
    "R2024-000123,R2024-000789,vriend,2024-01-01,",  # a third party
    "R2024-000456,Jan de Vries,online,2024-01-01,",  # a name: not a known case
    "R2024-000123,R2024-000456,Piet Klaassen,2024-01-01,",  # unknown_relation
    "R2024-000456,R2024-000123,online,EV-880013,",  # unparsable_date
]
LOCATIONS = [
    "case_id;location_id;start;end",
    "R2024-000123;Vries-straat 12;01-01-2024;",  # loaded: the location id hashed
    "R2024-000789;Klaassen;01-01-2024;",  # a third party
]


def test_relations_and_key_locations_leave_no_raw_value_anywhere(export, tmp_path):
    csv, mapping = export
    db = tmp_path / "s.duckdb"
    common = [str(csv), "--mapping", str(mapping), "--export-date", "2026-11-01"]
    assert ipgar("load", *common, "--db", str(db)).returncode == 0
    rel, loc = tmp_path / "relations.csv", tmp_path / "locations.csv"
    rel.write_text("\n".join(RELATIONS) + "\n", encoding="utf-8")
    loc.write_text("\n".join(LOCATIONS) + "\n", encoding="utf-8-sig")
    network = ["--relations", str(rel), "--locations", str(loc), "--db", str(db)]
    refused = ipgar("load", *network)
    assert refused.returncode == 1 and refused.stdout == ""
    enabled = ipgar("config", "--db", str(db), "--enable", "relations", "--dpia", "D-1")
    assert enabled.returncode == 0, enabled.stderr
    done = ipgar("load", *network, "--quiet")
    assert done.returncode == 0, done.stderr
    # one line: the counts per file and the snapshot id
    (line,) = done.stdout.splitlines()
    assert line.startswith(
        "relations.csv: read 5 = loaded 1 (new 1, already in store 0) + rejected 4 "
        "+ duplicates 0; locations.csv: read 2 = loaded 1 (new 1, already in store 0) "
        "+ rejected 1 + duplicates 0; snapshot S"
    )
    again = ipgar("load", *network, "--quiet")
    assert "(new 0, already in store 1)" in again.stdout
    outputs = [refused.stderr, done.stdout, done.stderr, again.stdout, again.stderr]
    assert_no_raw(outputs, "the output")
    assert_no_raw(store_texts(db), "a table of the store")
    for data in file_bytes(db):
        for value in [*RAW, "Vries-straat", "EV-880013"]:
            assert value.encode() not in data, value
    con = duckdb.connect(str(db), read_only=True)
    rejects = con.execute(
        'SELECT file, "row", reason_code, case_id FROM rejected_events '
        "WHERE file IN ('relations.csv', 'locations.csv') ORDER BY file DESC, \"row\""
    ).fetchall()
    con.close()
    assert [(f, r, c) for f, r, c, _ in rejects] == [
        ("relations.csv", 2, "unknown_case"),
        ("relations.csv", 3, "unknown_case"),
        ("relations.csv", 4, "unknown_relation"),
        ("relations.csv", 5, "unparsable_date"),
        ("locations.csv", 2, "unknown_case"),
    ]
    # no pseudonym is kept for a row that names a third party
    assert [case is None for *_, case in rejects] == [True, True, False, False, True]
