"""Schema version 5: the register of published reports, its upgrade and its rules.

A version-4 store is made as that release made it (its steps only, with rows), and
the version-1 store written by the release (``tests/data/stores``) is upgraded; both
keep their rows and get the two empty tables. The register only adds rows: the first
report of a measure's baseline month is its baseline, per audience, and stays so.
"""

from __future__ import annotations

import gzip
import shutil
from datetime import date
from pathlib import Path

import duckdb
import pytest

from ipgar_metrics import store
from ipgar_metrics.ingest._load import snapshot_id
from ipgar_metrics.metrics.evaluate import load_measures
from ipgar_metrics.report._revisions import (
    Publication,
    _shown,
    baseline_months,
    changes,
    record_report,
)
from tests.stores import after_failed_upgrade, columns, store_at_version, tables

V1_STORE = Path(__file__).parents[1] / "data" / "stores" / "v1_store.duckdb.gz"
V1_SNAPSHOT = "S976fb12d9513185a"  # what the release recorded (see the README)
REPORTS = [
    "report_id", "month", "audience", "lang", "k", "snapshot_id", "last_load_id",
    "last_purge_id", "toolkit_version", "written_at", "baseline_for",
]  # fmt: skip
FIGURES = ["report_id", "figure", "kind", "value"]


def _version_4_store(db: Path) -> None:
    store_at_version(db, 4)
    con = duckdb.connect(str(db))
    con.execute(
        "INSERT INTO report_lists VALUES ('2025-01', 'contact_gaps', 'Cabc', 'S1', "
        "TIMESTAMPTZ '2025-02-01 10:00:00+01')"
    )
    con.close()


def test_a_version_4_store_upgrades_to_version_5_with_its_rows(tmp_path):
    db = tmp_path / "v4.duckdb"
    _version_4_store(db)
    con = store.connect(db)
    try:
        assert store.meta_value(con, "schema_version") == str(store.SCHEMA_VERSION)
        assert con.execute("SELECT count(*) FROM events").fetchall() == [(1,)]
        assert con.execute("SELECT list, case_id FROM report_lists").fetchall() == [
            ("contact_gaps", "Cabc")
        ]
        assert columns(con, "published_reports") == REPORTS
        assert columns(con, "published_figures") == FIGURES
        for table in ("published_reports", "published_figures"):
            assert con.execute(f"SELECT count(*) FROM {table}").fetchall() == [(0,)]
    finally:
        con.close()


def test_a_failed_upgrade_leaves_the_version_4_store_as_it_was(tmp_path, monkeypatch):
    db = tmp_path / "v4.duckdb"
    _version_4_store(db)
    with after_failed_upgrade(db, 5, monkeypatch) as con:
        left = tables(con)
        assert "published_reports" not in left and "report_lists" in left


def test_the_version_1_store_of_the_release_reaches_version_5(tmp_path):
    db = tmp_path / "v1.duckdb"
    with gzip.open(V1_STORE, "rb") as src, db.open("wb") as dst:
        shutil.copyfileobj(src, dst)
    con = store.connect(db)
    try:
        assert store.meta_value(con, "schema_version") == str(store.SCHEMA_VERSION)
        assert snapshot_id(con) == V1_SNAPSHOT  # events and cases untouched
        assert columns(con, "published_reports") == REPORTS
        assert con.execute("SELECT count(*) FROM published_reports").fetchall() == [
            (0,)
        ]
    finally:
        con.close()


def _pub(month: str, audience: str = "intern", **figures) -> Publication:
    return Publication(
        month=month,
        audience=audience,
        lang="nl",
        k=10,
        snapshot_id="S0",
        last_load_id=1,
        last_purge_id=0,
        figures={f: ("count", v) for f, v in figures.items()},
    )


def test_the_baseline_month_is_the_last_of_the_evaluations_baseline_period():
    # the example register: in force 2021-01-01, [2021-07-01, 2022-01-01],
    # 2022-01-01, 2022-07-01: the month before the first date in force
    assert baseline_months() == {
        "snellere-informatieronde": "2020-12",
        "contactfrequentie": "2021-06",
        "eigen-organisatie": "2021-12",
        "map-triage": "2022-06",
    }
    measures = load_measures()
    assert measures["map-triage"].periods(12)["before"][1] == date(2022, 6, 30)


def test_the_first_report_of_the_baseline_month_stays_the_baseline(tmp_path):
    db = tmp_path / "s.duckdb"
    store.connect(db, read_only=False).close()
    record_report(db, _pub("2021-11", inflow=3))  # not a baseline month
    record_report(db, _pub("2021-12", inflow=4))  # eigen-organisatie's
    record_report(db, _pub("2021-12", inflow=5))  # a rerun: a new row only
    record_report(db, _pub("2021-12", "extern", inflow=None))  # extern's own
    record_report(db, _pub("2021-12", "extern", inflow=12))
    con = duckdb.connect(str(db), read_only=True)
    try:
        rows = con.execute(
            "SELECT report_id, month, audience, baseline_for FROM published_reports "
            "ORDER BY report_id"
        ).fetchall()
        figures = con.execute(
            "SELECT report_id, figure, value FROM published_figures ORDER BY 1"
        ).fetchall()
    finally:
        con.close()
    assert rows == [
        (1, "2021-11", "intern", None),
        (2, "2021-12", "intern", '["eigen-organisatie"]'),
        (3, "2021-12", "intern", None),
        (4, "2021-12", "extern", '["eigen-organisatie"]'),
        (5, "2021-12", "extern", None),
    ]
    assert figures == [
        (1, "inflow", 3.0),
        (2, "inflow", 4.0),
        (3, "inflow", 5.0),
        (4, "inflow", None),  # suppressed as published
        (5, "inflow", 12.0),
    ]


def test_a_store_in_use_is_not_recorded_and_the_report_stands(tmp_path):
    db = tmp_path / "s.duckdb"
    store.connect(db, read_only=False).close()
    holder = duckdb.connect(str(db))  # another writer holds the file
    try:
        with pytest.warns(UserWarning, match="not recorded in the store"):
            record_report(db, _pub("2021-12", inflow=4))
    finally:
        holder.close()


def test_a_figure_hidden_then_and_now_is_no_revision():
    pub = _pub("2026-09", inflow=12, stock=None, active=None, open=3)
    now = {
        "inflow": ("count", 11.0),  # shown both times: a change with its values
        "stock": ("count", None),  # hidden both times: nothing to say
        "active": ("count", 15.0),  # hidden then, shown now: revised
        "open": ("count", 3.0),  # the same
    }
    found = [(c.figure, c.old, c.new) for c in changes(pub, now)]
    assert found == [("inflow", 12, 11.0), ("active", None, 15.0)]


def test_a_range_is_one_figure_and_weeks_keep_their_decimal():
    # a range is recorded as its two ends; a reader saw one "shortest–longest"
    pub = _pub("2026-09", intake_n=5)
    pub.figures.update(
        intake_mean=("stat", 9.6),
        intake_min=("range", 9.0),
        intake_max=("range", 11.0),
    )
    now = {
        "intake_mean": ("stat", 9.3),
        "intake_min": ("range", 9.0),  # the shortest the same, the longest not
        "intake_max": ("range", 9.7),
        "intake_n": ("count", 4.0),
    }
    found = [(c.figure, c.kind, c.old, c.new) for c in changes(pub, now)]
    assert found == [
        ("intake_mean", "stat", 9.6, 9.3),
        ("intake_range", "range", (9.0, 11.0), (9.0, 9.7)),
        ("intake_n", "count", 5, 4.0),
    ]
    # a range with an end not shown is not shown; hidden then and now: no change
    hidden = {"intake_min": ("range", None), "intake_max": ("range", 9.7)}
    assert [(c.figure, c.old, c.new) for c in changes(pub, hidden)] == [
        ("intake_range", (9.0, 11.0), None)
    ]
    pub_hidden = _pub("2026-09")
    pub_hidden.figures.update(intake_min=("range", None), intake_max=("range", None))
    assert changes(pub_hidden, hidden) == []
    # as the summary prints them: one decimal, a decimal comma in Dutch
    assert _shown("stat", 9.6, "nl") == "9,6" and _shown("stat", 9.6, "en") == "9.6"
    assert _shown("range", (9.0, 11.0), "nl") == "9,0–11,0"
    assert _shown("range", (9.0, 11.0), "en") == "9.0–11.0"
    assert _shown("count", 4.0, "nl") == "4" and _shown("range", None) == "–"


def test_the_register_records_the_summary_cells_as_finally_protected(sim_store):
    """A key figure the coordinated protection hides afterwards is recorded hidden.

    The summary cells are the objects the protection changes; the register must read
    them, not recompute the figures (which would give the hidden count back to a
    later revision note).
    """
    from ipgar_metrics.report._cells import _hide
    from ipgar_metrics.report._model import Context
    from ipgar_metrics.report._revisions import publication
    from ipgar_metrics.report.sections import month_cells, summary_section

    con = store.connect(sim_store.db, read_only=True)
    try:
        ctx = Context(con, "2026-06", audience="bestuur")
        sec = summary_section(ctx)
        before = month_cells(ctx)["stock"][1].value
        assert before is not None and before >= ctx.k  # shown by plain suppression
        kind, cell = ctx.key_cells["stock"]
        assert kind == "count" and cell.value == before
        _hide(cell, [sec])  # as the coordination hides a cell
        figures = publication(ctx, None).figures
    finally:
        con.close()
    assert figures["stock"] == ("count", None)
    assert {"inflow", "intake_min", "intake_max"} <= set(figures)
