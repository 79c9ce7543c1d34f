"""Handover of work on a hand-made log: counts by hand, the privacy rule, the figure."""

from __future__ import annotations

import pandas as pd
import pytest

from ipgar_metrics import store
from ipgar_metrics.errors import ConfigError
from ipgar_metrics.figures import fig_work_handovers
from ipgar_metrics.metrics.paths import work_handovers

# case 1: ann -> bob -> (none) -> ann ; case 2: bob -> bob -> cy
EVENTS = [
    ("1", "A", "2024-01-01 09:00", "ann", "x"),
    ("1", "B", "2024-01-01 10:00", "bob", "x"),
    ("1", "C", "2024-01-01 11:00", None, "y"),
    ("1", "D", "2024-01-01 12:00", "ann", "y"),
    ("2", "A", "2024-01-02 09:00", "bob", "x"),
    ("2", "B", "2024-01-02 10:00", "bob", None),
    ("2", "C", "2024-01-02 11:00", "cy", "y"),
]


@pytest.fixture(scope="module")
def con():
    frame = pd.DataFrame(
        EVENTS, columns=["case_id", "activity", "timestamp", "case_manager", "org"]
    )
    frame["timestamp"] = pd.to_datetime(frame["timestamp"]).dt.tz_localize(
        "Europe/Amsterdam"
    )
    c = store.memory_store()
    store.insert_events(c, frame, profile="generic")
    return c


def test_counts_skip_events_without_a_performer(con):
    got = work_handovers(con, as_of=store.last_event_at(con), level="resource")
    pairs = {
        (s, t): (n, c)
        for s, t, n, c in got[["source", "target", "count", "cases"]].itertuples(
            index=False
        )
    }
    # by hand: ann>bob, bob>ann (over the event without one), bob>bob, bob>cy
    assert pairs == {
        ("ann", "bob"): (1, 1),
        ("bob", "ann"): (1, 1),
        ("bob", "bob"): (1, 1),
        ("bob", "cy"): (1, 1),
    }
    assert got["share"].sum() == pytest.approx(1.0)
    assert got.set_index(["source", "target"]).loc[("bob", "bob"), "handover"] == False  # noqa: E712
    orgs = work_handovers(con, as_of=store.last_event_at(con), level="org")
    by_org = dict(
        zip(
            zip(orgs["source"], orgs["target"], strict=True), orgs["count"], strict=True
        )
    )
    assert by_org == {("x", "x"): 1, ("x", "y"): 2, ("y", "y"): 1}


def test_ipgar_store_refuses_individuals_and_empty_levels_are_loud():
    c = store.memory_store()
    with pytest.raises(ConfigError, match="personnel appraisal"):
        work_handovers(c, as_of=pd.Timestamp("2024-01-01"), level="resource")
    generic = store.memory_store()
    frame = pd.DataFrame(
        {
            "case_id": ["1", "1"],
            "activity": ["A", "B"],
            "timestamp": pd.to_datetime(["2024-01-01", "2024-01-02"]).tz_localize(
                "UTC"
            ),
        }
    )
    store.insert_events(generic, frame, profile="generic")
    last = store.last_event_at(generic)
    # the message names the one other level, or none where that is refused
    with pytest.raises(ConfigError, match=r"a performer .* other level \(org\)\.$"):
        work_handovers(generic, as_of=last, level="resource")
    with pytest.raises(ConfigError, match=r"an organisation .*level \(resource\)\.$"):
        work_handovers(generic, as_of=last, level="org")
    with pytest.raises(ConfigError, match=r"an organisation in this log\.$"):
        work_handovers(c, as_of=pd.Timestamp("2024-01-01"), level="org")


def test_figure_names_every_performer_it_shows(con):
    frame = work_handovers(con, as_of=store.last_event_at(con), level="resource")
    fig = fig_work_handovers(frame, lang="nl", top=2)
    heat = fig.data[0]
    assert list(heat.x) == ["bob", "ann", "overige"]  # bob 5 successions, ann 2, cy 1
    assert list(fig.layout.xaxis.tickvals) == list(heat.x)
    assert heat.z.sum() == frame["count"].sum()
    assert fig.layout.title.text == "Overdracht van werk"
