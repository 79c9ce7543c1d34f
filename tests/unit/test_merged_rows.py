"""The public functions with a ``min_count`` protect what they merge, or say they do not.

A hand-made generic log (one episode per case), every number worked out by hand:

* 4 episodes ``a > b`` (lead times 1, 1, 1, 1 days);
* 3 episodes ``a > c`` (lead times 2, 4, 6 days);
* 1 episode ``a > d`` (lead time 10 days).

With ``min_count=3`` the rare variant ``a > d`` alone would be a merged row of 1
episode, below the threshold.
"""

from __future__ import annotations

import math

import pandas as pd
import pytest

from ipgar_metrics import store
from ipgar_metrics.metrics.paths._dfg import (
    END_NODE,
    START_NODE,
    directly_follows,
    suppress_edges,
)
from ipgar_metrics.metrics.paths._variants import OTHER_VARIANTS, variants

PATHS = [("b", 1)] * 4 + [("c", 2), ("c", 4), ("c", 6)] + [("d", 10)]


@pytest.fixture(scope="module")
def con():
    rows = []
    for n, (second, days) in enumerate(PATHS):
        start = pd.Timestamp("2024-01-01T10:00:00+01:00") + pd.Timedelta(days=n)
        rows.append((f"case{n}", "a", start.isoformat()))
        rows.append((f"case{n}", second, (start + pd.Timedelta(days=days)).isoformat()))
    c = store.memory_store()
    store.insert_events(
        c,
        pd.DataFrame(rows, columns=["case_id", "activity", "timestamp"]),
        profile="generic",
    )
    return c


def _variants(con, min_count):
    return variants(con, min_count=min_count, as_of=store.last_event_at(con))


def test_a_merged_row_below_min_count_takes_the_least_frequent_variant(con):
    v = _variants(con, 3)
    # a > d (1) is below 3; the least frequent variant of 3 or more is a > c (3):
    # it joins, so the merged row holds 3 + 1 = 4 episodes of 2 variants
    assert list(v["variant"]) == ["a > b", OTHER_VARIANTS]
    assert list(v["count"]) == [4, 4]
    assert v["count"].sum() == len(PATHS)  # the total stays every episode
    other = v.iloc[1]
    assert other["is_other"] and other["n_variants"] == 2
    assert other["activities"] is None
    # lead times 2, 4, 6, 10: median 5; p90 at position 0.9 * 3 = 2.7: 6 + 0.7 * 4
    assert other["median_days"] == pytest.approx(5.0)
    assert other["p90_days"] == pytest.approx(8.8)
    assert v["share"].tolist() == pytest.approx([0.5, 0.5])
    assert not v["small_n"].any()
    assert v.attrs["ipgar"]["suppression"] == {
        "min_count": 3,
        "merged_variants": 2,
        "topped_up": 1,
        "protected": True,
    }


def test_of_equal_counts_the_last_in_rank_order_joins(con):
    # min_count 4: a > c (3) and a > d (1) are rare, 4 together: no variant joins
    v = _variants(con, 4)
    assert list(v["count"]) == [4, 4] and v.iloc[1]["n_variants"] == 2
    assert v.attrs["ipgar"]["suppression"]["topped_up"] == 0
    # min_count 2: a > d (1) is rare; a > b (4) and a > c (3) are shown, a > c joins
    v = _variants(con, 2)
    assert list(v["variant"]) == ["a > b", OTHER_VARIANTS]
    assert list(v["count"]) == [4, 4]


def test_a_merged_row_of_enough_episodes_is_left_alone(con):
    v = _variants(con, 1)
    assert list(v["count"]) == [4, 3, 1] and not v["is_other"].any()
    assert v.attrs["ipgar"]["suppression"]["merged_variants"] == 0


def test_fewer_episodes_than_min_count_in_all_is_one_flagged_row(con):
    v = _variants(con, 10)  # 8 episodes in all: nothing can reach 10
    assert list(v["variant"]) == [OTHER_VARIANTS]
    assert v.loc[0, "count"] == 8 and v.loc[0, "n_variants"] == 3
    assert bool(v.loc[0, "small_n"])
    assert math.isnan(v.loc[0, "median_days"]) and math.isnan(v.loc[0, "p90_days"])
    assert v.attrs["ipgar"]["suppression"]["protected"] is False


def test_suppress_edges_says_the_dropped_edges_are_not_protected(con):
    edges = directly_follows(con, as_of=store.last_event_at(con))
    kept = suppress_edges(edges, min_count=3)
    pairs = set(zip(kept["source"], kept["target"], strict=True))
    assert ("a", "d") not in pairs and ("d", END_NODE) not in pairs
    assert kept.attrs["ipgar"]["suppression"] == {
        "min_count": 3,
        "dropped_edges": 2,
        "protected": False,
    }
    # why not: every visit of "a" has one edge in and one out, so the kept edges
    # give the dropped a > d back: in 8 ([start] > a), out 4 + 3 kept
    count = {
        (s, t): n
        for s, t, n in kept[["source", "target", "count"]].itertuples(index=False)
    }
    into_a = count[(START_NODE, "a")]
    out_of_a = sum(n for (s, _), n in count.items() if s == "a")
    assert into_a - out_of_a == 1


def test_suppress_edges_without_a_dropped_edge_is_protected(con):
    edges = directly_follows(con, as_of=store.last_event_at(con))
    kept = suppress_edges(edges, min_count=1)
    assert len(kept) == len(edges)
    assert kept.attrs["ipgar"]["suppression"]["protected"] is True
