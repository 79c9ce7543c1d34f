"""Log filters keep the same cases as pm4py's filters (or pandas) on real logs.

receipt and BPIC15_1 are read with pm4py and inserted into an in-memory store with
profile generic (ids as in the file, ``org`` from ``org:group``). Each criterion of
``filtered`` is compared with pm4py's own filter where pm4py has one (activities,
attribute values, case duration, top variants) and with pandas otherwise (the four
period modes); then the metrics inside a filter equal pm4py's on its filtered frame.
"""

from __future__ import annotations

import functools
import warnings
from datetime import date, timedelta
from pathlib import Path

import pandas as pd
import pytest

from ipgar_metrics import config, store
from ipgar_metrics.metrics.filters import filtered
from ipgar_metrics.metrics.paths import directly_follows, variants
from ipgar_metrics.schema import END_NODE, START_NODE
from tests.shared_inputs import PM4PY_READER, pm4py_log

pm4py = pytest.importorskip("pm4py")

PUBLIC = Path(__file__).resolve().parents[1] / "data" / "public"
CASE = "case:concept:name"


#: Store columns filled from XES keys, per kind of test log (``_log``).
COLUMNS = {
    "org": {"org": "org:group"},
    "resource": {"case_manager": "org:resource"},
    "lifecycle": {"lifecycle": "lifecycle:transition"},
}


@functools.cache
def _log(name: str, columns: str = "org"):
    """The log read by pm4py and the same events in an in-memory store (file ids)."""
    df = pm4py_log(name, PM4PY_READER)  # read once per session, a copy
    df = df.sort_values([CASE, "time:timestamp"], kind="stable").reset_index(drop=True)
    frame = pd.DataFrame(
        {
            "case_id": df[CASE].astype(str),
            "activity": df["concept:name"].astype(str),
            "timestamp": df["time:timestamp"],
        }
    )
    for column, key in COLUMNS[columns].items():
        frame[column] = df[key].astype("string") if key in df else None
    con = store.memory_store()
    store.insert_events(con, frame, profile="generic")
    return df, con


def _kept(con, **criteria) -> set[str]:
    with filtered(con, **criteria):
        return {
            r[0] for r in con.execute("SELECT DISTINCT case_id FROM events").fetchall()
        }


def _cases(df) -> set[str]:
    return set(df[CASE].astype(str))


@pytest.mark.parametrize("name", ["receipt.xes.gz", "BPIC15_1.xes.gz"])
def test_activity_filters_equal_pm4py(name):
    df, con = _log(name)
    counts = df.groupby("concept:name")[CASE].nunique().sort_values()
    activity = counts.index[len(counts) // 2]  # one of middling frequency
    want = pm4py.filter_event_attribute_values(
        df, "concept:name", [activity], level="case", retain=True
    )
    assert _kept(con, contains=(activity,)) == _cases(want)
    without = pm4py.filter_event_attribute_values(
        df, "concept:name", [activity], level="case", retain=False
    )
    assert _kept(con, not_contains=(activity,)) == _cases(without)
    assert _cases(want) | _cases(without) == _cases(df)


@pytest.mark.parametrize("name", ["receipt.xes.gz", "BPIC15_1.xes.gz"])
def test_endpoint_filters_equal_pm4py(name):
    """Disco's endpoints: the first and the last event's activity, as pm4py's."""
    df, con = _log(name)
    ordered = df.groupby(CASE, sort=False)["concept:name"]
    starts = ordered.first().value_counts()
    ends = ordered.last().value_counts()
    start, end_a, end_b = starts.index[0], ends.index[0], ends.index[1]
    want_start = pm4py.filter_start_activities(df, [start])
    assert _kept(con, starts_with=(start,)) == _cases(want_start)
    want_end = pm4py.filter_end_activities(df, [end_a, end_b])
    assert _kept(con, ends_with=(end_a, end_b)) == _cases(want_end)  # OR
    both = pm4py.filter_end_activities(want_start, [end_a, end_b])
    assert _kept(con, starts_with=(start,), ends_with=(end_a, end_b)) == _cases(both)
    assert 0 < len(_cases(both)) < len(_cases(df))  # the test keeps and drops


@pytest.mark.parametrize("name", ["receipt.xes.gz", "BPIC15_1.xes.gz"])
def test_follower_filters_equal_pm4py(name):
    """Disco's follower filter: A later / directly followed by B, as pm4py's."""
    df, con = _log(name)
    dfg, _, _ = pm4py.discover_dfg(df)
    ranked = sorted(dfg, key=lambda pair: (-dfg[pair], pair))
    pair = ranked[len(ranked) // 4]  # a pair of middling frequency
    back = (pair[1], pair[0])  # the other way round: rework, mostly not direct
    want = pm4py.filter_directly_follows_relation(df, [pair], retain=True)
    assert _kept(con, directly_follows=(pair,)) == _cases(want)
    want = pm4py.filter_eventually_follows_relation(df, [pair], retain=True)
    assert _kept(con, follows=(f"{pair[0]}>{pair[1]}",)) == _cases(want)
    other = ranked[len(ranked) // 2]
    want = pm4py.filter_eventually_follows_relation(df, [back, other], retain=True)
    got = _kept(con, follows=(back, other))  # one of the pairs is enough
    assert got == _cases(want) and 0 < len(got) < len(_cases(df))


def test_attribute_filter_equals_pm4py():
    df, con = _log("receipt.xes.gz")
    want = pm4py.filter_event_attribute_values(
        df, "org:group", ["Group 2", "Group 13"], level="case", retain=True
    )
    assert _kept(con, where={"org": ["Group 2", "Group 13"]}) == _cases(want)
    # AND across criteria: pm4py's filters applied one after the other
    both = pm4py.filter_event_attribute_values(
        want, "concept:name", ["T03 Adjust confirmation of receipt"], level="case"
    )
    got = _kept(
        con,
        where={"org": ["Group 2", "Group 13"]},
        contains=("T03 Adjust confirmation of receipt",),
    )
    assert got == _cases(both) and 0 < len(got) < len(_cases(want))


@pytest.mark.parametrize("name", ["receipt.xes.gz", "BPIC15_1.xes.gz"])
def test_duration_filter_equals_pm4py(name):
    df, con = _log(name)
    spans = df.groupby(CASE)["time:timestamp"].agg(["min", "max"])
    seconds = (spans["max"] - spans["min"]).dt.total_seconds().sort_values()
    low, high = seconds.iloc[len(seconds) // 4], seconds.iloc[3 * len(seconds) // 4]
    want = pm4py.filter_case_performance(df, low, high)
    got = _kept(
        con,
        duration_min=timedelta(seconds=low),
        duration_max=timedelta(seconds=high),
    )
    assert got == _cases(want)  # both bounds included: the quartile cases are kept
    assert {
        seconds.index[len(seconds) // 4],
        seconds.index[3 * len(seconds) // 4],
    } <= got


@pytest.mark.parametrize("name", ["receipt.xes.gz", "BPIC15_1.xes.gz"])
def test_top_variants_equal_pm4py(name):
    df, con = _log(name)
    sizes = sorted((int(v) for v in pm4py.get_variants(df).values()), reverse=True)
    k = next(k for k in range(3, len(sizes)) if sizes[k - 1] > sizes[k])  # no tie at k
    want = pm4py.filter_variants_top_k(df, k)
    assert _kept(con, variants=tuple(range(1, k + 1))) == _cases(want)


@pytest.mark.parametrize("mode", ["started", "completed", "contained", "intersecting"])
def test_period_modes_equal_pandas(mode):
    df, con = _log("receipt.xes.gz")
    first, last = date(2011, 3, 1), date(2011, 6, 30)
    start = pd.Timestamp(first, tz=config.TIMEZONE)
    stop = pd.Timestamp(date(2011, 7, 1), tz=config.TIMEZONE)
    spans = df.groupby(CASE)["time:timestamp"].agg(["min", "max"])
    lo, hi = spans["min"], spans["max"]
    keep = {
        "started": (lo >= start) & (lo < stop),
        "completed": (hi >= start) & (hi < stop),
        "contained": (lo >= start) & (hi < stop),
        "intersecting": (lo < stop) & (hi >= start),
    }[mode]
    want = set(spans.index[keep].astype(str))
    assert 0 < len(want) < len(spans)
    assert _kept(con, period=(first, last), period_mode=mode) == want


def test_metrics_inside_a_filter_equal_pm4py_on_the_filtered_log():
    df, con = _log("receipt.xes.gz")
    part = pm4py.filter_event_attribute_values(
        df, "org:group", ["Group 3"], level="case", retain=True
    )
    as_of = store.last_event_at(con)
    with filtered(con, where={"org": ["Group 3"]}) as kept:
        assert kept.kept == part[CASE].nunique() and kept.total == df[CASE].nunique()
        ours = variants(con, min_count=1, as_of=as_of)
        dfg = directly_follows(con, as_of=as_of)
    theirs = pm4py.get_variants(part)
    assert {
        tuple(a): int(c) for a, c in zip(ours["activities"], ours["count"], strict=True)
    } == {tuple(k): int(v) for k, v in theirs.items()}
    inner = dfg[(dfg["source"] != START_NODE) & (dfg["target"] != END_NODE)]
    pairs = zip(inner["source"], inner["target"], strict=True)
    want_dfg, _, _ = pm4py.discover_dfg(part)
    assert dict(zip(pairs, inner["count"].astype(int), strict=True)) == dict(want_dfg)
    # outside the block the whole log again
    assert len(variants(con, min_count=1, as_of=as_of)) == len(pm4py.get_variants(df))


# --- handover of work -------------------------------------------------------------


@pytest.mark.parametrize(
    "name", ["running-example.xes", "receipt.xes.gz", "BPIC15_1.xes.gz"]
)
def test_work_handovers_equal_pm4py(name):
    from ipgar_metrics.metrics.paths import work_handovers

    df, con = _log(name, "resource")
    ours = work_handovers(con, as_of=store.last_event_at(con), level="resource")
    sna = pm4py.discover_handover_of_work_network(df, beta=0)
    # pm4py gives shares of all successions; the successions counted here by pandas
    known = df.dropna(subset=["org:resource"])
    total = len(known) - known[CASE].nunique()
    assert int(ours["count"].sum()) == total
    got = {
        (s, t): v
        for s, t, v in zip(ours["source"], ours["target"], ours["share"], strict=True)
    }
    assert set(got) == set(sna.connections)
    for pair, value in sna.connections.items():
        assert got[pair] == pytest.approx(value, rel=1e-9), pair
    assert (ours["handover"] == (ours["source"] != ours["target"])).all()


# --- lifecycle: activity instances ------------------------------------------------


@pytest.mark.slow
def test_activity_instances_pair_as_pm4pys_interval_log():
    """bpic2012 has start and complete events: our pairing equals pm4py's to_interval."""
    from pm4py.objects.log.util import interval_lifecycle

    from ipgar_metrics.metrics.paths import activity_instances

    df, con = _log("bpic2012.xes.gz", "lifecycle")
    ours = activity_instances(con, as_of=store.last_event_at(con))
    # pm4py's conversion is slow on the whole log: compare the first 3,000 cases
    some = set(sorted(df[CASE].unique())[:3000])
    ours = ours[ours["case_id"].isin(some)]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        log = pm4py.convert_to_event_log(df[df[CASE].isin(some)])
        interval = interval_lifecycle.to_interval(log)
    theirs = pd.DataFrame(
        [
            (
                t.attributes["concept:name"],
                e["concept:name"],
                (e["time:timestamp"] - e["start_timestamp"]).total_seconds(),
            )
            for t in interval
            for e in t
        ],
        columns=["case_id", "activity", "service_s"],
    )
    assert len(ours) == len(theirs)  # one instance per complete
    # pm4py gives a complete without a start its own time as start (service 0)
    got = ours.assign(service_s=ours["service_s"].fillna(0.0))
    key = ["case_id", "activity"]
    left = got.groupby(key)["service_s"].apply(lambda s: sorted(s.round(3)))
    right = theirs.groupby(key)["service_s"].apply(lambda s: sorted(s.round(3)))
    assert left.to_dict() == right.to_dict()
    assert ours["start_at"].notna().sum() > len(ours) / 4  # real start events paired
