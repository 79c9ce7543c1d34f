"""Public event logs load completely in profile generic (counts from tests/data/public/README.md)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from ipgar_metrics import store
from ipgar_metrics.ingest._load import load

PUBLIC = Path(__file__).resolve().parents[1] / "data" / "public"
KEY = b"public-log-test-key-0123456789"

# (file, cases, events, activities) as published in the README, computed there with
# pm4py and with an independent reader.
SMALL = [
    ("running-example.xes", 6, 42, 8),
    ("roadtraffic100traces.xes.gz", 100, 390, 10),
    ("receipt.xes.gz", 1434, 8577, 27),
    ("helpdesk.xes.gz", 4580, 21348, 14),
]
LARGE = [
    ("BPIC15_1.xes.gz", 1199, 52217, 398),
    ("bpic2013_incidents.xes.gz", 7554, 65533, 4),
    ("bpic2012.xes.gz", 13087, 262200, 24),
]


def _check(tmp_path: Path, name: str, cases: int, events: int, activities: int) -> None:
    db = tmp_path / "pub.duckdb"
    r = load(
        [PUBLIC / name],
        db=db,
        profile="generic",
        key=KEY,
        export_date=date(2026, 11, 1),
    )
    assert (r.rows_read, r.rows_loaded, r.rows_rejected) == (events, events, 0)
    con = store.connect(db)
    got = con.execute(
        "SELECT count(DISTINCT case_id), count(*), count(DISTINCT activity) FROM events"
    ).fetchall()
    copies = con.execute(
        "SELECT count(*) FROM quality_flags WHERE check_code = 'duplicate_row'"
    ).fetchall()[0][0]
    con.close()
    assert got == [(cases, events, activities)]
    if name.startswith("helpdesk"):
        # helpdesk holds events that are exact copies of another event; pm4py counts
        # them, so profile generic loads them (the counts above) and flags them.
        assert copies > 0


@pytest.mark.parametrize(("name", "cases", "events", "activities"), SMALL)
def test_small_public_logs(tmp_path, name, cases, events, activities):
    _check(tmp_path, name, cases, events, activities)


@pytest.mark.slow
@pytest.mark.parametrize(("name", "cases", "events", "activities"), LARGE[:1])
def test_large_public_logs(tmp_path, name, cases, events, activities):
    _check(tmp_path, name, cases, events, activities)


def test_running_example_agrees_with_pm4py(tmp_path):
    pm4py = pytest.importorskip("pm4py")
    log = pm4py.read_xes(
        str(PUBLIC / "running-example.xes"), return_legacy_log_object=False
    )
    log = log.sort_values(["case:concept:name", "time:timestamp"], kind="stable")
    expected = sorted(
        (
            len(g),
            tuple(g["concept:name"]),
            tuple(g["time:timestamp"].astype("int64") // 10**9),
        )
        for _, g in log.groupby("case:concept:name")
    )
    db = tmp_path / "r.duckdb"
    load(
        [PUBLIC / "running-example.xes"],
        db=db,
        profile="generic",
        key=KEY,
        export_date=date(2026, 11, 1),
    )
    con = store.connect(db)
    ev = con.execute(
        "SELECT case_id, activity, epoch(ts)::BIGINT AS s FROM events ORDER BY case_id, seq"
    ).df()
    con.close()
    got = sorted(
        (len(g), tuple(g["activity"]), tuple(g["s"])) for _, g in ev.groupby("case_id")
    )
    assert got == expected
