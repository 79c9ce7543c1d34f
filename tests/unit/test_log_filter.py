"""Log filters on a hand-made log: each criterion, its edges, and what goes wrong loudly."""

from __future__ import annotations

from datetime import date, timedelta

import pandas as pd
import pytest

from ipgar_metrics import store
from ipgar_metrics.errors import ConfigError
from ipgar_metrics.metrics.filters import LogFilter, filtered, parse_duration
from ipgar_metrics.metrics.leadtime import case_durations
from ipgar_metrics.metrics.paths import variants

# case: (activities, first local day-time, hours between events, org of each event)
LOG = {
    "a": (["Open", "Check", "Close"], "2024-01-10 09:00", 24, ["x", "x", "y"]),
    "b": (["Open", "Check", "Close"], "2024-01-31 23:00", 2, ["x", "x", "x"]),
    "c": (["Open", "Close"], "2024-02-01 00:00", 48, ["y", "y"]),
    "d": (["Open", "Redo", "Close"], "2024-02-28 12:00", 72, ["z", "z", "z"]),
    "e": (["Open", "Close"], "2023-12-31 23:59", 24 * 40, ["y", None]),
}


@pytest.fixture(scope="module")
def con():
    rows = []
    for case, (acts, start, hours, orgs) in LOG.items():
        t0 = pd.Timestamp(start, tz="Europe/Amsterdam")
        for i, (act, org) in enumerate(zip(acts, orgs, strict=True)):
            rows.append((case, act, t0 + pd.Timedelta(hours=hours * i), org))
    frame = pd.DataFrame(rows, columns=["case_id", "activity", "timestamp", "org"])
    c = store.memory_store()
    store.insert_events(c, frame, profile="generic")
    return c


def kept(con, **criteria) -> set[str]:
    with filtered(con, **criteria) as summary:
        got = {
            r[0] for r in con.execute("SELECT DISTINCT case_id FROM events").fetchall()
        }
        assert summary.kept == len(got) and summary.total == len(LOG)
    return got


@pytest.mark.parametrize(
    ("mode", "want"),
    [
        # January 2024: b starts 31 Jan 23:00 and ends 1 Feb 03:00 (local days)
        ("started", {"a", "b"}),
        ("completed", {"a"}),
        ("contained", {"a"}),
        ("intersecting", {"a", "b", "e"}),  # e runs from 31 Dec 2023 for 40 days
    ],
)
def test_period_modes_use_local_days(con, mode, want):
    assert (
        kept(con, period=(date(2024, 1, 1), date(2024, 1, 31)), period_mode=mode)
        == want
    )


def test_open_period_sides(con):
    assert kept(con, period=(date(2024, 2, 1), None), period_mode="started") == {
        "c",
        "d",
    }
    assert kept(con, period=(None, date(2023, 12, 31)), period_mode="started") == {"e"}


def test_where_event_and_or_and(con):
    assert kept(con, where={"org": ["z"]}) == {"d"}
    assert kept(con, where={"org": ["y"]}) == {"a", "c", "e"}  # one event is enough
    assert kept(con, where={"org": ["y", "z"]}) == {"a", "c", "d", "e"}  # OR
    assert kept(con, where={"org": ["y"]}, contains=("Check",)) == {"a"}  # AND


def test_contains_and_not_contains(con):
    assert kept(con, contains=("Redo", "Check")) == {"a", "b", "d"}
    assert kept(con, not_contains=("Redo", "Check")) == {"c", "e"}


def test_variant_ranks_break_ties_as_paths_does(con):
    # Open>Check>Close: 2 cases, Open>Close: 2, Open>Redo>Close: 1; the tie is ordered
    # activity by activity, as `ipgar paths` orders its rows
    as_of = store.last_event_at(con)
    table = variants(con, min_count=1, as_of=as_of)
    assert list(table["count"]) == [2, 2, 1]
    for rank, path in zip(table["rank"], table["activities"], strict=True):
        with filtered(con, variants=(int(rank),)):
            only = variants(con, min_count=1, as_of=as_of)
        assert [list(a) for a in only["activities"]] == [list(path)]
    assert list(table["activities"].iloc[0]) == ["Open", "Check", "Close"]
    assert kept(con, variants=(1, 3)) == {"a", "b", "d"}


def test_duration_bounds_are_included(con):
    # durations: a 48h, b 4h, c 48h, d 144h, e 960h
    assert kept(con, duration_min=timedelta(hours=48), duration_max=timedelta(hours=144)) == {
        "a", "c", "d"
    }  # fmt: skip
    assert kept(con, duration_max=parse_duration("4h")) == {"b"}


def test_metrics_see_only_the_kept_cases_and_the_store_again_after(con):
    as_of = store.last_event_at(con)
    with filtered(con, where={"org": ["x"]}):
        inside = case_durations(con, as_of=as_of)
        assert set(inside["case_id"]) == {"a", "b"}
        assert con.execute("SELECT count(*) FROM cases").fetchall()[0][0] <= 2
    assert len(case_durations(con, as_of=as_of)) == len(LOG)


def test_reused_results_are_kept_apart(con):
    as_of = store.last_event_at(con)
    with store.reuse_results():
        whole = case_durations(con, as_of=as_of)
        with filtered(con, contains=("Redo",)):
            part = case_durations(con, as_of=as_of)
        again = case_durations(con, as_of=as_of)
    assert (len(whole), len(part), len(again)) == (5, 1, 5)


#: A second small log, for the endpoints and the follower filter: case -> activities
#: an hour apart.
PATHS = {
    "p": ["Open", "Check", "Close"],
    "q": ["Open", "Check"],  # unfinished
    "r": ["Check", "Close"],  # started before the log
    "s": ["Redo", "Open", "Close"],
    "t": ["Open", "Redo", "Redo", "Check", "Open"],
}


@pytest.fixture(scope="module")
def paths_con():
    t0 = pd.Timestamp("2024-03-01 09:00", tz="Europe/Amsterdam")
    rows = [
        (case, act, t0 + pd.Timedelta(hours=i))
        for case, acts in PATHS.items()
        for i, act in enumerate(acts)
    ]
    c = store.memory_store()
    frame = pd.DataFrame(rows, columns=["case_id", "activity", "timestamp"])
    store.insert_events(c, frame, profile="generic")
    return c


def keep(con, **criteria) -> set[str]:
    with filtered(con, **criteria):
        return {r[0] for r in con.execute("SELECT case_id FROM events").fetchall()}


def test_endpoints_keep_cases_by_their_first_and_last_activity(paths_con):
    """Disco's endpoints filter: a case cut off before its end ("Check" last) goes."""
    assert keep(paths_con, ends_with=("Close",)) == {"p", "r", "s"}
    assert keep(paths_con, starts_with=("Open",)) == {"p", "q", "t"}
    assert keep(paths_con, starts_with=("Redo", "Check")) == {"r", "s"}  # OR
    assert keep(paths_con, starts_with=("Open",), ends_with=("Close",)) == {"p"}  # AND
    assert keep(paths_con, ends_with=("Check",), contains=("Open",)) == {"q"}
    with pytest.raises(
        ConfigError, match='unknown activity "Clse"; did you mean Close'
    ):
        keep(paths_con, ends_with=("Clse",))
    with pytest.raises(ConfigError, match="keeps none of the 5 cases"):
        keep(paths_con, starts_with=("Check",), ends_with=("Check",))


def test_follower_filter_later_or_directly(paths_con):
    """Disco's follower filter, counted on PATHS by hand."""
    assert keep(paths_con, follows=(("Open", "Close"),)) == {"p", "s"}
    assert keep(paths_con, directly_follows=(("Open", "Close"),)) == {"s"}
    assert keep(paths_con, follows=("Check>Open",)) == {"t"}  # "A>B" as text
    assert keep(paths_con, follows=(("Redo", "Redo"),)) == {"t"}  # a repeat
    assert keep(paths_con, directly_follows=(("Redo", "Redo"),)) == {"t"}
    assert keep(paths_con, follows=(("Redo", "Open"),)) == {"s", "t"}
    assert keep(paths_con, directly_follows=(("Redo", "Open"),)) == {"s"}
    either = keep(paths_con, directly_follows=(("Check", "Close"), ("Redo", "Open")))
    assert either == {"p", "r", "s"}  # one of the pairs
    with pytest.raises(ConfigError, match="keeps none of the 5 cases"):
        keep(paths_con, follows=(("Close", "Open"),))
    with pytest.raises(ConfigError, match=r"give two activities as A>B \(A later"):
        LogFilter(follows=("Open",))
    with pytest.raises(ConfigError, match='unknown activity "Chek"'):
        keep(paths_con, directly_follows=(("Chek", "Close"),))


def test_loud_errors(con):
    with pytest.raises(
        ConfigError, match='unknown activity "Chek"; did you mean Check'
    ):
        kept(con, contains=("Chek",))
    with pytest.raises(ConfigError, match='unknown value of org "q"'):
        kept(con, where={"org": ["q"]})
    # any name may be a stored attribute of a generic log: the store decides
    with pytest.raises(ConfigError, match='unknown filter attribute "organisation"'):
        kept(con, where={"organisation": ["x"]})
    with pytest.raises(ConfigError, match="keeps none of the 5 cases"):
        kept(con, contains=("Redo",), where={"org": ["x"]})
    with pytest.raises(ConfigError, match="variant 4 does not exist: the log has 3"):
        kept(con, variants=(4,))
    with pytest.raises(ConfigError, match="period ends before it starts"):
        LogFilter(period=(date(2024, 2, 1), date(2024, 1, 1)))
    with pytest.raises(ConfigError, match="maximum duration is below the minimum"):
        LogFilter(duration_min=timedelta(days=2), duration_max=timedelta(days=1))
    with pytest.raises(ConfigError, match="a duration is a number with m, h, d or w"):
        parse_duration("3 days")
    with (
        filtered(con, contains=("Check",)),
        pytest.raises(ConfigError, match="already applied"),
    ):
        kept(con, contains=("Close",))
    # a failed filter leaves the store whole
    assert (
        con.execute("SELECT count(DISTINCT case_id) FROM events").fetchall()[0][0] == 5
    )


def test_describe_names_every_criterion():
    spec = LogFilter(
        period=(date(2024, 1, 1), None),
        period_mode="started",
        where={"org": ["x", "y"]},
        contains=("Check",),
        not_contains=("Redo",),
        starts_with=("Open",),
        ends_with=("Close", "Check"),
        follows=("Open>Close",),
        directly_follows=(("Check", "Close"), ("Open", "Check")),
        variants=(1,),
        duration_min=timedelta(hours=36),
        duration_max=timedelta(weeks=2),
    )
    assert spec.describe() == (
        "period 2024-01-01 to … (started); org = x or y; contains Check; contains "
        "none of Redo; starts with Open; ends with Close or Check; Open later "
        "followed by Close; Check directly followed by Close or Open directly "
        "followed by Check; variant 1; duration at least 36h; duration at most 2w"
    )
    assert not LogFilter(ends_with=("Close",)).is_empty()
    assert LogFilter().is_empty() and LogFilter().describe() == "no filter"
