"""Activity instances of a lifecycle log, paired and timed by hand on a small log."""

from __future__ import annotations

import pandas as pd
import pytest

from ipgar_metrics import store
from ipgar_metrics.metrics.paths import activity_instances, service_times

# one case, hours after 09:00; (activity, lifecycle, hour)
EVENTS = [
    ("A", "complete", 0),  # a complete without a start: instance 1
    ("A", "start", 1),
    ("B", "start", 2),  # B overlaps A's second instance
    ("A", "complete", 3),  # pairs with the start at 1: service 2 h
    ("A", "start", 4),
    ("B", "complete", 6),  # pairs with the start at 2: service 4 h
    ("X", "schedule", 6.5),  # another lifecycle value: ignored
    ("A", "complete", 8),  # pairs with the start at 4: service 4 h
    ("C", "start", 9),  # never completed: left out
]


@pytest.fixture(scope="module")
def con():
    t0 = pd.Timestamp("2024-03-04 09:00", tz="Europe/Amsterdam")
    frame = pd.DataFrame(
        {
            "case_id": "1",
            "activity": [a for a, _, _ in EVENTS],
            "lifecycle": [lc for _, lc, _ in EVENTS],
            "timestamp": [t0 + pd.Timedelta(hours=h) for _, _, h in EVENTS],
        }
    )
    c = store.memory_store()
    store.insert_events(c, frame, profile="generic")
    return c


def test_pairs_first_in_first_out_and_times_by_hand(con):
    got = activity_instances(con, as_of=store.last_event_at(con))
    hours = got.assign(
        service=got["service_s"] / 3600, waiting=got["waiting_s"] / 3600
    )[["activity", "service", "waiting"]]
    rows = [
        tuple(None if pd.isna(v) else v for v in r)
        for r in hours.itertuples(index=False)
    ]
    # completes in order: A@0 (no start; nothing ended before it: no wait), A@3
    # (start 1: waited 1 h since A ended at 0), B@6 (start 2: 2 h since 0; A's end
    # at 3 comes after B started), A@8 (start 4: 1 h since A ended at 3; B ends at 6)
    assert rows == [
        ("A", None, None),
        ("A", 2.0, 1.0),
        ("B", 4.0, 2.0),
        ("A", 4.0, 1.0),
    ]


def test_service_times_per_activity(con):
    got = service_times(con, as_of=store.last_event_at(con)).set_index("activity")
    assert got.loc["A", "instances"] == 3 and got.loc["A", "with_start"] == 2
    assert got.loc["A", "median_service_s"] == 3 * 3600  # median of 2 h and 4 h
    assert got.loc["B", "mean_service_s"] == 4 * 3600
    assert "X" not in got.index and "C" not in got.index
