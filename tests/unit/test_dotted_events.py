"""The dotted chart's events: lines in order of start, an even spread, no case ids."""

from __future__ import annotations

import pandas as pd

from ipgar_metrics import store
from ipgar_metrics.figures import fig_dotted_chart
from ipgar_metrics.metrics.paths import dotted_events


def _store(starts: dict[str, str], events_per_case: int = 2):
    rows = []
    for case, start in starts.items():
        t0 = pd.Timestamp(start, tz="Europe/Amsterdam")
        for i in range(events_per_case):
            rows.append((case, f"step{i}", t0 + pd.Timedelta(hours=i)))
    con = store.memory_store()
    store.insert_events(
        con,
        pd.DataFrame(rows, columns=["case_id", "activity", "timestamp"]),
        profile="generic",
    )
    return con


def test_lines_follow_the_start_and_spread_evenly():
    # start order: e, c, a, d, b
    con = _store(
        {
            "a": "2024-03-01",
            "b": "2024-05-01",
            "c": "2024-02-01",
            "d": "2024-04-01",
            "e": "2024-01-01",
        }
    )
    as_of = store.last_event_at(con)
    every = dotted_events(con, as_of=as_of)
    assert list(every["line"].unique()) == [1, 2, 3, 4, 5]
    firsts = every.groupby("line")["ts"].min()
    assert firsts.is_monotonic_increasing
    assert set(every.columns) == {"line", "ts", "activity"}  # no case id
    # at most 2 cases: every third in start order (ceil(5 / 2) = 3): e and d
    spread = dotted_events(con, as_of=as_of, max_cases=2)
    assert spread.attrs["ipgar"]["cases"] == 5 and spread.attrs["ipgar"]["shown"] == 2
    starts = spread.groupby("line")["ts"].min().dt.strftime("%Y-%m").tolist()
    assert starts == ["2024-01", "2024-04"]
    assert len(spread) == 4


def test_the_chart_colours_the_common_activities_and_groups_the_rest():
    con = _store({"a": "2024-01-01", "b": "2024-01-02"}, events_per_case=4)
    frame = dotted_events(con, as_of=store.last_event_at(con))
    fig = fig_dotted_chart(frame, lang="en", top=2)
    names = [trace.name for trace in fig.data]
    assert names[-1] == "others" and len(names) == 3
    assert sum(len(trace.x) for trace in fig.data) == len(frame) == 8


def test_the_chart_says_when_it_draws_a_spread_of_the_cases():
    # the lines of a spread count the cases drawn, not all cases: the title says so
    starts = {f"c{i}": f"2024-01-{i + 1:02d}" for i in range(5)}
    con = _store(starts)
    as_of = store.last_event_at(con)
    spread = fig_dotted_chart(dotted_events(con, as_of=as_of, max_cases=2), lang="nl")
    assert spread.layout.title.text == (
        "Gebeurtenissen in de tijd (2 van 5 casussen, gelijk verspreid)"
    )
    every = fig_dotted_chart(dotted_events(con, as_of=as_of), lang="en")
    assert every.layout.title.text == "Events over time"
    # the source under the title names the reference time
    assert str(as_of)[:10] in every.layout.title.subtitle.text
