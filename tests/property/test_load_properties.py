"""Properties of loading (profile ipgar): read back, idempotence, row order."""

from __future__ import annotations

import random
import tempfile
from collections import Counter
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pandas as pd
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from ipgar_metrics import privacy, schema, store
from ipgar_metrics.ingest._load import load, load_into

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


def _events(con) -> pd.DataFrame:
    return con.execute(
        "SELECT * EXCLUDE (load_id, source_row) FROM events ORDER BY case_id, seq"
    ).df()


def _load(path: Path, con):
    # in memory: the same steps and transaction as load(), without the file (fast)
    return load_into(con, [path], key=KEY, export_date=date(2026, 11, 1))


@SETTINGS
@given(logs)
# Two events alike but for the organisation, one without: sorting such tuples compared
# None with a str (a TypeError in the test, not a fault of the loader).
@example(rows=[("A", "contact", 0, None), ("A", "contact", 0, "oov")])
def test_read_back_gives_the_same_events(rows):
    with tempfile.TemporaryDirectory() as d:
        path = Path(d) / "e.csv"
        _write(rows, path)
        con = store.memory_store()
        r = _load(path, con)
        ev = _events(con)
    unique_rows = list(dict.fromkeys(rows))  # exact copies of a row are skipped
    assert (r.rows_read, r.rows_rejected) == (len(rows), 0)
    assert (r.rows_loaded, r.duplicates_skipped) == (
        len(unique_rows),
        len(rows) - len(unique_rows),
    )
    got = Counter(
        (c, a, int((t - START).total_seconds() // 60), o)
        for c, a, t, o in ev[["case_id", "activity", "ts", "org"]].itertuples(
            index=False
        )
    )
    want = Counter((privacy.pseudonym(c, KEY), a, m, o) for c, a, m, o in unique_rows)
    assert got == want  # the same multiset of events


@SETTINGS
@given(logs)
def test_loading_twice_changes_nothing(rows):
    with tempfile.TemporaryDirectory() as d:
        path = Path(d) / "e.csv"
        _write(rows, path)
        con = store.memory_store()
        first = _load(path, con)
        before = _events(con)
        second = _load(path, con)
        after = _events(con)
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
        ca, cb = store.memory_store(), store.memory_store()
        ra, rb = _load(a, ca), _load(b, cb)
        ea, eb = _events(ca), _events(cb)
    assert ra.snapshot_id == rb.snapshot_id
    pd.testing.assert_frame_equal(ea, eb)


def test_file_store_matches_memory_store(tmp_path):
    rows = [
        ("A", "melding", 0, None),
        ("A", "contact", 60, "ggz"),
        ("B", "melding", 5, None),
    ]
    path = tmp_path / "e.csv"
    _write(rows, path)
    r = load([path], db=tmp_path / "s.duckdb", key=KEY, export_date=date(2026, 11, 1))
    assert r.snapshot_id == _load(path, store.memory_store()).snapshot_id
