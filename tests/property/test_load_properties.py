"""Properties of loading (profile ipgar): read back, idempotence, row order."""

from __future__ import annotations

import random
import tempfile
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pandas as pd
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ipgar_metrics import privacy, schema, store
from ipgar_metrics.load import load

KEY = b"property-test-key-0123456789abc"
START = datetime(2020, 1, 1, tzinfo=UTC)

event = st.tuples(
    st.text(alphabet="AB0 -7", min_size=1, max_size=4).filter(lambda s: s.strip()),
    st.sampled_from(
        ["melding", "info_aanvraag", "ivgr_advies", "contact", "notificatie"]
    ),
    st.integers(min_value=0, max_value=60 * 24 * 900),  # minutes after START
    st.sampled_from([None, *schema.ORGS[:4]]),
)
logs = st.lists(event, min_size=1, max_size=25)
SETTINGS = settings(
    max_examples=15,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)


def _write(rows, path: Path) -> None:
    frame = pd.DataFrame(
        [
            (c, a, (START + timedelta(minutes=m)).isoformat(), o or "")
            for c, a, m, o in rows
        ],
        columns=["case_id", "activity", "timestamp", "org"],
    )
    frame.to_csv(path, index=False)


def _events(db: Path) -> pd.DataFrame:
    con = store.connect(db)
    try:
        return con.execute(
            "SELECT * EXCLUDE (load_id, source_row) FROM events ORDER BY case_id, seq"
        ).df()
    finally:
        con.close()


def _load(path: Path, db: Path):
    return load([path], db=db, key=KEY, export_date=date(2026, 11, 1))


@SETTINGS
@given(logs)
def test_read_back_gives_the_same_events(rows):
    with tempfile.TemporaryDirectory() as d:
        path, db = Path(d) / "e.csv", Path(d) / "s.duckdb"
        _write(rows, path)
        r = _load(path, db)
        ev = _events(db)
    distinct = {(c.strip(), a, m, o) for c, a, m, o in rows}  # exact copies are skipped
    assert r.rows_read == len(rows)
    assert r.duplicates_skipped + r.rows_loaded == len(rows) and r.rows_rejected == 0
    got = {
        (c, a, int((t - START).total_seconds() // 60), o)
        for c, a, t, o in ev[["case_id", "activity", "ts", "org"]].itertuples(
            index=False
        )
    }
    want = {(privacy.pseudonym(c, KEY), a, m, o) for c, a, m, o in distinct}
    assert got == want
    assert len(ev) == len(distinct) or len(
        {(c, a, m, o) for c, a, m, o in rows}
    ) != len(distinct)


@SETTINGS
@given(logs)
def test_loading_twice_changes_nothing(rows):
    with tempfile.TemporaryDirectory() as d:
        path, db = Path(d) / "e.csv", Path(d) / "s.duckdb"
        _write(rows, path)
        first = _load(path, db)
        before = _events(db)
        second = _load(path, db)
        after = _events(db)
    assert second.new_events == 0 and second.snapshot_id == first.snapshot_id
    pd.testing.assert_frame_equal(before, after)


@SETTINGS
@given(logs, st.randoms(use_true_random=False))
def test_shuffled_rows_give_the_same_store(rows, rnd: random.Random):
    shuffled = list(rows)
    rnd.shuffle(shuffled)
    with tempfile.TemporaryDirectory() as d:
        a, b = Path(d) / "a.csv", Path(d) / "b.csv"
        _write(rows, a)
        _write(shuffled, b)
        ra = _load(a, Path(d) / "a.duckdb")
        rb = _load(b, Path(d) / "b.duckdb")
        ea, eb = _events(Path(d) / "a.duckdb"), _events(Path(d) / "b.duckdb")
    assert ra.snapshot_id == rb.snapshot_id
    pd.testing.assert_frame_equal(ea, eb)
