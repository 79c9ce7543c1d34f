"""Episodes of the hand-made tiny log (times and hand-worked numbers in
leadtime_tiny_log.py)."""

from __future__ import annotations

import duckdb
import pandas as pd
import pytest
from test_leadtime_tiny_log import AS_OF, LATER, tiny_store

from ipgar_metrics.metrics._episodes import OUTPUT_COLUMNS, episodes, resolve_as_of


@pytest.fixture(scope="module")
def con():
    return tiny_store()


def test_one_row_per_episode_with_declared_columns(con):
    eps = episodes(con, as_of=AS_OF)
    assert list(eps.columns) == list(OUTPUT_COLUMNS["episodes"])
    # A, B, C twice (re-report after the geen_opname exit), D, E, F
    assert list(zip(eps["case_id"], eps["episode"], strict=True)) == [
        ("A", 1),
        ("B", 1),
        ("C", 1),
        ("C", 2),
        ("D", 1),
        ("E", 1),
        ("F", 1),
    ]
    assert set(eps.attrs["ipgar"]) == {"snapshot", "as_of", "params"}
    assert eps.attrs["ipgar"]["as_of"] == "2025-01-01T00:00:00+01:00"


def test_outcomes_and_milestones(con):
    eps = episodes(con, as_of=AS_OF).set_index(["case_id", "episode"])
    assert eps["outcome"].to_dict() == {
        ("A", 1): "instroom",
        ("B", 1): "instroom",
        ("C", 1): "geen_instroom",
        ("C", 2): "instroom",
        ("D", 1): "tussenvariant",
        ("E", 1): "open",
        ("F", 1): "open",  # opname on 12-16, intake only on 2025-01-06
    }
    assert eps["is_open"].sum() == 2
    # D: an intermediate variant ends at the PTO-R decision; the conversation is later
    d = eps.loc[("D", 1)]
    assert d["decision_at"] == pd.Timestamp("2024-06-04T09:00+02:00")
    assert d["end_at"] == d["decision_at"]
    assert d["preventief_at"] == pd.Timestamp("2024-06-14T09:00+02:00")
    # C1 ends at the geen_opname decision
    c1 = eps.loc[("C", 1)]
    assert c1["end_at"] == pd.Timestamp("2024-11-04T10:00+01:00")
    assert pd.isna(c1["instroom_at"])
    # F: decided, not yet taken in at as_of
    f = eps.loc[("F", 1)]
    assert f["decision_at"] == pd.Timestamp("2024-12-16T09:00+01:00")
    assert pd.isna(f["end_at"])
    # loops: A one request, C1 two requests and two IVG-R discussions, E one
    assert eps["info_loops"].to_dict() == {
        ("A", 1): 1,
        ("B", 1): 0,
        ("C", 1): 2,
        ("C", 2): 0,
        ("D", 1): 0,
        ("E", 1): 1,
        ("F", 1): 0,
    }
    assert eps.loc[("C", 1), "ivgr_count"] == 2
    assert eps.loc[("C", 2), "report_source"] == "MAP"


def test_events_after_as_of_are_ignored(con):
    later = episodes(con, as_of=LATER).set_index(["case_id", "episode"])
    assert later.loc[("F", 1), "outcome"] == "instroom"
    assert later.loc[("F", 1), "end_at"] == pd.Timestamp("2025-01-06T09:00+01:00")
    early = episodes(con, as_of=pd.Timestamp("2024-02-01T00:00+01:00"))
    # only A exists by then, still open (its intake is on 02-05)
    assert early["case_id"].tolist() == ["A"]
    assert early["outcome"].tolist() == ["open"]


def test_resolve_as_of_date_is_local_midnight():
    from datetime import date, datetime

    assert resolve_as_of(date(2024, 7, 1)) == pd.Timestamp("2024-07-01T00:00+02:00")
    assert resolve_as_of(datetime(2024, 1, 1, 12)) == pd.Timestamp(
        "2024-01-01T12:00+01:00"
    )
    assert resolve_as_of(pd.Timestamp("2024-01-01T12:00Z")) == pd.Timestamp(
        "2024-01-01T13:00+01:00"
    )


def test_empty_store_gives_typed_empty_frame():
    from ipgar_metrics import store

    eps = episodes(store.memory_store(), as_of=AS_OF)
    assert eps.empty
    assert list(eps.columns) == list(OUTPUT_COLUMNS["episodes"])


def test_conversation_without_decision_is_tussenvariant_ending_at_the_conversation():
    from ipgar_metrics import store

    con = store.memory_store()
    frame = pd.DataFrame(
        {
            "case_id": ["X", "X", "X"],
            "activity": ["melding", "ivgr_advies", "preventief_gesprek"],
            "timestamp": [
                "2024-02-01T09:00+01:00",
                "2024-02-05T09:00+01:00",
                "2024-02-08T09:00+01:00",
            ],
            "outcome": ["MAP", "tussenvariant", None],
        }
    )
    store.insert_events(con, frame)
    eps = episodes(con, as_of=AS_OF)
    assert eps["outcome"].tolist() == ["tussenvariant"]
    assert eps["end_at"].tolist() == [pd.Timestamp("2024-02-08T09:00+01:00")]


def test_geen_opname_without_tussenvariant_advice_is_geen_instroom(con):
    eps = episodes(con, as_of=AS_OF)
    assert eps.loc[eps["case_id"] == "C", "outcome"].tolist() == [
        "geen_instroom",
        "instroom",
    ]


def test_listed_episodes_are_read_with_their_instants_and_nulls(con):
    """The episodes SQL steps read: each time as its instant (DST included), NaT NULL."""
    from ipgar_metrics.metrics._episodes import listed_episodes

    times = pd.to_datetime(
        ["2024-01-01 10:00:00", None, "2024-10-27 02:30:00", "2024-03-31 01:59:59"]
    ).tz_localize("Europe/Amsterdam", ambiguous=[True, True, False, True])
    frame = pd.DataFrame(
        {
            "case_id": ["a", "b", "c", "d"],
            "episode": [1, 2, 1, 3],
            "melding_at": times,
            "end_at": pd.Series([pd.NaT] * 4, dtype=times.dtype),
            "outcome": ["x"] * 4,  # other columns are not read
        }
    )
    # a caller's unfinished result (a notebook's fetchone) is given up, not an error
    con.execute("SELECT * FROM events").fetchone()
    with listed_episodes(con, frame):
        rows = con.execute(
            "SELECT case_id, episode, epoch_us(melding_at), end_at "
            "FROM _listed_episodes ORDER BY case_id"
        ).fetchall()
    assert [r[:2] for r in rows] == [("a", 1), ("b", 2), ("c", 1), ("d", 3)]
    micros = [None if pd.isna(t) else t.value // 1000 for t in times]
    assert [r[2] for r in rows] == micros
    assert [r[3] for r in rows] == [None] * 4
    # gone after the block
    with pytest.raises(duckdb.CatalogException):
        con.execute("SELECT * FROM _listed_episodes").fetchall()


def test_loops_count_up_to_the_end_or_as_of_only():
    """Requests and IVG-R advice after an episode's end (or after as_of) are no loops."""
    from ipgar_metrics import store

    con = store.memory_store()
    rows = [  # Y: taken in on 02-12, asked again and advised again after that
        ("Y", "melding", "2024-02-01T09:00+01:00", "MAP"),
        ("Y", "info_aanvraag", "2024-02-03T09:00+01:00", None),
        ("Y", "ivgr_advies", "2024-02-05T09:00+01:00", "opnemen"),
        ("Y", "ptor_besluit", "2024-02-10T09:00+01:00", "opname"),
        ("Y", "instroom", "2024-02-12T09:00+01:00", None),
        ("Y", "info_aanvraag", "2024-03-01T09:00+01:00", None),
        ("Y", "ivgr_advies", "2024-03-05T09:00+01:00", "opnemen"),
        # Z: open; one request before 2024-06-01, one after it
        ("Z", "melding", "2024-02-01T09:00+01:00", "MAP"),
        ("Z", "info_aanvraag", "2024-02-03T09:00+01:00", None),
        ("Z", "ivgr_advies", "2024-02-05T09:00+01:00", "meer_informatie"),
        ("Z", "info_aanvraag", "2024-07-01T09:00+02:00", None),
    ]
    frame = pd.DataFrame(rows, columns=["case_id", "activity", "timestamp", "outcome"])
    store.insert_events(con, frame)
    for as_of, z_loops in (("2024-06-01", 1), ("2024-08-01", 2)):
        eps = episodes(con, as_of=pd.Timestamp(as_of, tz="Europe/Amsterdam"))
        loops = eps.set_index("case_id")[["info_loops", "ivgr_count"]]
        assert loops.loc["Y"].tolist() == [1, 1]
        assert loops.loc["Z"].tolist() == [z_loops, 1]
