"""Schema version 6: the registration date of an event, its upgrade and its load.

A version-5 store is made as that release made it (its steps only, with a row), and
the version-1 store written by the release (``tests/data/stores``) is upgraded; both
keep their rows and get ``registered_at`` (empty) on events and restricted_events.
An export with a "Geregistreerd op" column loads it as a local date; a value that is
no date rejects the row, without its value in the message.
"""

from __future__ import annotations

import gzip
import shutil
from datetime import date
from pathlib import Path

import duckdb
import pytest

from ipgar_metrics import store
from ipgar_metrics.governance import lift_restriction, restrict_processing
from ipgar_metrics.ingest import load
from ipgar_metrics.ingest._load import snapshot_id
from tests import dutch_export
from tests.stores import after_failed_upgrade, columns, store_at_version

V1_STORE = Path(__file__).parents[1] / "data" / "stores" / "v1_store.duckdb.gz"
V1_SNAPSHOT = "S976fb12d9513185a"  # what the release recorded (see the README)
EVENT_COLUMNS = [
    "case_id", "episode", "seq", "activity", "ts", "org", "case_manager",
    "life_domain", "outcome", "event_id", "lifecycle", "event_key", "load_id",
    "source_row", "registered_at", "intervention_type",
]  # fmt: skip
#: the integer keys version 10 and the steps version 11 added to events (not to
#: restricted_events)
KEY_COLUMNS = ["case_key", "activity_code", "next_activity_code", "next_gap_us"]


def _version_5_store(db: Path) -> None:
    store_at_version(db, 5)


def test_a_version_5_store_upgrades_to_version_6_with_its_rows(tmp_path):
    db = tmp_path / "v5.duckdb"
    _version_5_store(db)
    con = store.connect(db)
    try:
        assert store.SCHEMA_VERSION >= 6
        assert store.meta_value(con, "schema_version") == str(store.SCHEMA_VERSION)
        assert columns(con, "events") == [*EVENT_COLUMNS, *KEY_COLUMNS]
        assert columns(con, "restricted_events") == EVENT_COLUMNS
        assert con.execute(
            "SELECT case_id, activity, outcome, registered_at, intervention_type "
            "FROM events"
        ).fetchall() == [("Cabc", "melding", "MAP", None, None)]
    finally:
        con.close()


def test_a_failed_upgrade_leaves_the_version_5_store_as_it_was(tmp_path, monkeypatch):
    db = tmp_path / "v5.duckdb"
    _version_5_store(db)
    with after_failed_upgrade(db, 6, monkeypatch) as con:
        assert "registered_at" not in columns(con, "events")


def test_the_version_1_store_of_the_release_reaches_version_6(tmp_path):
    db = tmp_path / "v1.duckdb"
    with gzip.open(V1_STORE, "rb") as src, db.open("wb") as dst:
        shutil.copyfileobj(src, dst)
    raw = duckdb.connect(str(db), read_only=True)
    n_before = raw.execute("SELECT count(*) FROM events").fetchall()[0][0]
    raw.close()
    con = store.connect(db)
    try:
        assert store.meta_value(con, "schema_version") == str(store.SCHEMA_VERSION)
        assert snapshot_id(con) == V1_SNAPSHOT  # events and cases untouched
        assert columns(con, "events") == [*EVENT_COLUMNS, *KEY_COLUMNS]
        assert con.execute(
            "SELECT count(*), count(registered_at), count(intervention_type) FROM events"
        ).fetchall() == [(n_before, 0, 0)]
    finally:
        con.close()


NAMES = (
    "Casusnummer", "Activiteit", "Datum", "Organisatie", "Geregistreerd op",
    "Type interventie",
)  # fmt: skip
MAPPING = dutch_export.mapping(
    *NAMES, values={"intervention_type": {"Woonbegeleiding": "woonbegeleiding"}}
)
# the registration date: the mapping's date form, ISO, a time (its local date: 23:30
# UTC on 10-02 is 00:30 on 11-02 in Amsterdam), empty, and a value that is no date
# the intervention type: a label of [values.intervention_type], a code as it is, and
# a number where a label belongs (a shifted row: rejected, its value never stored)
ROWS = [
    "A-1;melding;02-01-2025 10:00;;05-01-2025;",
    "A-1;instroom;03-01-2025 10:00;;2025-01-20;",
    "A-1;contact;10-02-2025 10:00;oov;2025-02-10T23:30:00+00:00;",
    "A-1;contact;12-02-2025 10:00;oov;;",
    "A-1;contact;13-02-2025 10:00;oov;Q4-99-JAN;",
    "A-1;interventie_start;14-02-2025 10:00;wpi;14-02-2025;Woonbegeleiding",
    "A-1;interventie_start;15-02-2025 10:00;ggz;15-02-2025;schuldhulp",
    "A-1;interventie_start;16-02-2025 10:00;ggz;16-02-2025;R-2024-00123",
]


@pytest.fixture(scope="module")
def loaded(tmp_path_factory):
    d = tmp_path_factory.mktemp("v6_load")
    (d / "mapping.toml").write_text(MAPPING, encoding="utf-8")
    dutch_export.write_export(d / "export.csv", NAMES, ROWS)
    db = d / "store.duckdb"
    result = load(
        d / "export.csv",
        db=db,
        mapping=d / "mapping.toml",
        export_date=date(2025, 3, 1),
    )
    return db, result


def test_an_export_with_a_registration_date_loads_it_as_a_local_date(loaded):
    db, result = loaded
    assert (result.rows_read, result.rows_rejected) == (8, 2)
    con = store.connect(db, read_only=True)
    try:
        got = con.execute(
            "SELECT activity, registered_at FROM events ORDER BY seq"
        ).fetchall()
        types = con.execute(
            "SELECT intervention_type FROM events WHERE activity = 'interventie_start' "
            "ORDER BY seq"
        ).fetchall()
        rejects = con.execute(
            "SELECT column_name, reason_code, message FROM rejected_events ORDER BY row"
        ).fetchall()
        stored = str(con.execute("SELECT * FROM events").fetchall())
    finally:
        con.close()
    assert got == [
        ("melding", date(2025, 1, 5)),
        ("instroom", date(2025, 1, 20)),
        ("contact", date(2025, 2, 11)),
        ("contact", None),
        ("interventie_start", date(2025, 2, 14)),
        ("interventie_start", date(2025, 2, 15)),
    ]
    assert types == [("woonbegeleiding",), ("schuldhulp",)]
    assert [(c, r) for c, r, _ in rejects] == [
        ("Geregistreerd op", "unparsable_date"),
        ("Type interventie", "number_in_label"),
    ]
    assert "Q4-99-JAN" not in rejects[0][2] and "row 5" in rejects[0][2]
    assert "00123" not in rejects[1][2] + stored and "row 8" in rejects[1][2]


def test_restriction_and_its_lift_keep_the_registration_date(tmp_path):
    db = tmp_path / "store.duckdb"
    d = tmp_path
    (d / "mapping.toml").write_text(MAPPING, encoding="utf-8")
    dutch_export.write_export(d / "export.csv", NAMES, ROWS[:2])
    load(
        d / "export.csv",
        db=db,
        mapping=d / "mapping.toml",
        export_date=date(2025, 3, 1),
    )
    restrict_processing(db=db, case_id="A-1")
    with store.connect(db, read_only=True) as con:
        held = con.execute(
            "SELECT registered_at FROM restricted_events ORDER BY seq"
        ).fetchall()
    assert held == [(date(2025, 1, 5),), (date(2025, 1, 20),)]
    lift_restriction(db=db, case_id="A-1")
    with store.connect(db, read_only=True) as con:
        back = con.execute("SELECT registered_at FROM events ORDER BY seq").fetchall()
    assert back == held
