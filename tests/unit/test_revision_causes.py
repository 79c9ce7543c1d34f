"""The causes a revision note names: what the store recorded after a report was written.

A hand-made store (canonical columns, event ids), no report is built: a ``Publication``
of September 2026 stands for a report written after the first load. Then a second
export (window "full", export date 1 Nov 2026) lacks one event of August (deleted in
the source), brings one event of September that the first did not have (registered
late) and one of October (after the month: no cause for September), and corrects
nothing; then person Y's processing is restricted (Y's rows leave ``events``, so a
late event of Y would not be counted: the restriction is named instead). Each count
is read off the rows.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

import pytest

from ipgar_metrics import config, governance, store
from ipgar_metrics.ingest import load
from ipgar_metrics.report._model import Context
from ipgar_metrics.report._revisions import Publication, causes

HEADER = "case_id,activity,timestamp,org,case_manager,outcome,event_id,report_source"
FIRST = [
    "X,melding,2026-07-01T10:00:00+02:00,,,MAP,X1,MAP",
    "X,ivgr_advies,2026-08-03T10:00:00+02:00,,,opnemen,X2,MAP",  # deleted later
    "Y,melding,2026-09-01T10:00:00+02:00,,,MAP,Y1,MAP",
]
SECOND = [
    FIRST[0],
    FIRST[2],
    "X,ivgr_advies,2026-09-20T10:00:00+02:00,,,opnemen,X4,MAP",  # late, in September
    "X,ivgr_advies,2026-10-05T10:00:00+02:00,,,opnemen,X3,MAP",  # after September
]


def _write(path, rows):
    path.write_text("\n".join([HEADER, *rows]) + "\n", encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def db(tmp_path_factory):
    folder = tmp_path_factory.mktemp("causes")
    path = folder / "s.duckdb"
    load([_write(folder / "a.csv", FIRST)], db=path, export_date=date(2026, 10, 1))
    written = datetime.now(UTC)
    load(
        [_write(folder / "b.csv", SECOND)],
        db=path,
        export_date=date(2026, 11, 1),
        export_window="full",
    )
    governance.restrict_processing(db=path, case_id="Y")
    return path, written


def _pub(month: str, written: datetime, version: str | None = None) -> Publication:
    pub = Publication(
        month=month,
        audience="intern",
        lang="nl",
        k=10,
        snapshot_id="S0",
        last_load_id=1,
        last_purge_id=0,
        figures={},
        written_at=written,
    )
    if version is not None:
        pub = Publication(**{**pub.__dict__, "toolkit_version": version})
    return pub


def _causes(db, pub, audience="intern"):
    path, _ = db
    con = store.connect(path)
    try:
        return causes(Context(con, pub.month, "nl", audience), pub)
    finally:
        con.close()


def test_deletions_late_events_and_restrictions_are_named_with_counts(db):
    day = datetime.now(ZoneInfo(config.TIMEZONE)).date()  # the loads' day, as reported
    months = ["januari", "februari", "maart", "april", "mei", "juni", "juli",
              "augustus", "september", "oktober", "november", "december"]  # fmt: skip
    today = f"{day.day} {months[day.month - 1]} {day.year}"
    assert _causes(db, _pub("2026-09", db[1])) == (
        f"in de bron verwijderde registraties: 1 (ingelezen op {today}); "
        f"later ingelezen registraties over die periode: 1 (ingelezen op {today}); "
        "beperking van de verwerking (AVG art. 18)"
    )


def test_a_month_before_the_changes_has_only_the_restriction(db):
    # July: the deleted event (3 Aug) and the late one (20 Sep) are after it
    assert _causes(db, _pub("2026-07", db[1])) == (
        "beperking van de verwerking (AVG art. 18)"
    )


def test_extern_names_the_kinds_without_counts(db):
    text = _causes(db, _pub("2026-09", db[1]), audience="extern")
    assert text.startswith("in de bron verwijderde registraties (ingelezen op ")
    assert "registraties over die periode (ingelezen op " in text
    assert ": 1" not in text


def test_nothing_known_and_another_version(db):
    later = datetime.now(UTC)  # after the restriction
    report = Publication(**{**_pub("2026-07", later).__dict__, "last_load_id": 2})
    assert _causes(db, report) == (
        "geen correctie, verwijdering of opschoning bekend in de opslag"
    )
    old = Publication(**{**report.__dict__, "toolkit_version": "0.0.1"})
    assert _causes(db, old).startswith("andere versie van ipgar-metrics (0.0.1 toen, ")
