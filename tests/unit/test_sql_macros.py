"""The table macros of sql/store/macros.sql on a tiny hand-made store.

"In the approach" (ADR 0003): after the first instroom of an episode and before the
first uitstroom after it. One event a day from 2024-01-01 (day 1), so seq = day
within a case. The episodes follow from the meldingen (a melding after an uitstroom
opens episode 2).

    A  exit:          1 melding, 2 ptor_besluit opname, 3 instroom, 4 contact,
                      5 uitstroom, 6 contact (after the exit, still episode 1)
    B  re-reported:   1 melding, 2 ptor_besluit opname, 3 instroom, 4 contact,
                      5 uitstroom | 6 melding (episode 2), 7 ptor_besluit opname,
                      8 instroom, 9 contact
    C  detained:      1 melding, 2 ptor_besluit opname, 3 regisseur_toegewezen (before
                      the instroom), 4 instroom, 5 detentie_start, 6 contact
    D  never taken in: 1 melding, 2 ptor_besluit geen_opname
"""

from __future__ import annotations

import pandas as pd
import pytest

from ipgar_metrics import store

T0 = pd.Timestamp("2024-01-01 10:00", tz="Europe/Amsterdam")
CASES = {
    "A": [
        ("melding", "MAP"),
        ("ptor_besluit", "opname"),
        ("instroom", None),
        ("contact", None),
        ("uitstroom", "verhuisd"),
        ("contact", None),
    ],
    "B": [
        ("melding", "MAP"),
        ("ptor_besluit", "opname"),
        ("instroom", None),
        ("contact", None),
        ("uitstroom", "doelen_bereikt"),
        ("melding", "MAP"),
        ("ptor_besluit", "opname"),
        ("instroom", None),
        ("contact", None),
    ],
    "C": [
        ("melding", "MAP"),
        ("ptor_besluit", "opname"),
        ("regisseur_toegewezen", None),
        ("instroom", None),
        ("detentie_start", None),
        ("contact", None),
    ],
    "D": [("melding", "MAP"), ("ptor_besluit", "geen_opname")],
}
#: after every event
LATE = pd.Timestamp("2024-02-01", tz="Europe/Amsterdam")


def day(n: int) -> pd.Timestamp:
    return T0 + pd.Timedelta(days=n - 1)


@pytest.fixture(scope="module")
def con():
    rows = [
        {
            "case_id": case_id,
            "activity": activity,
            "outcome": outcome,
            "timestamp": day(i + 1).isoformat(),
            "org": "politie"
            if activity in ("contact", "regisseur_toegewezen")
            else None,
        }
        for case_id, steps in CASES.items()
        for i, (activity, outcome) in enumerate(steps)
    ]
    c = store.memory_store()
    store.insert_events(c, pd.DataFrame(rows))
    return c


def _events(con, args: str, as_of=LATE) -> list[tuple]:
    return con.execute(
        f"SELECT case_id, episode, seq, activity FROM approach_events({args}) "
        "ORDER BY case_id, episode, seq",
        {"as_of": as_of},
    ).fetchall()


def test_window_per_episode(con):
    rows = con.execute(
        "SELECT case_id, episode, instroom_seq, instroom_at, exit_seq, uitstroom_at "
        "FROM approach_window($as_of) ORDER BY case_id, episode",
        {"as_of": LATE},
    ).fetchall()
    # A: in from day 3 to day 5; B: episode 1 days 3-5, episode 2 from day 8 (open);
    # C: from day 4 (open; detained is still in the approach); D: never taken in
    assert rows == [
        ("A", 1, 3, day(3), 5, day(5)),
        ("B", 1, 3, day(3), 5, day(5)),
        ("B", 2, 8, day(8), None, None),
        ("C", 1, 4, day(4), None, None),
    ]


def test_events_in_the_approach(con):
    # strictly between instroom and exit: A's contact of day 4 (not the one after the
    # exit), B's contact of each episode, C's detention and contact; nothing of D
    assert _events(con, "$as_of") == [
        ("A", 1, 4, "contact"),
        ("B", 1, 4, "contact"),
        ("B", 2, 9, "contact"),
        ("C", 1, 5, "detentie_start"),
        ("C", 1, 6, "contact"),
    ]


def test_ends_keep_the_instroom_and_exit(con):
    # as above plus every instroom, and the uitstroom of A and of B's episode 1
    assert _events(con, "$as_of, ends := true") == [
        ("A", 1, 3, "instroom"),
        ("A", 1, 4, "contact"),
        ("A", 1, 5, "uitstroom"),
        ("B", 1, 3, "instroom"),
        ("B", 1, 4, "contact"),
        ("B", 1, 5, "uitstroom"),
        ("B", 2, 8, "instroom"),
        ("B", 2, 9, "contact"),
        ("C", 1, 4, "instroom"),
        ("C", 1, 5, "detentie_start"),
        ("C", 1, 6, "contact"),
    ]


def test_before_instroom_keeps_the_episode_start(con):
    # the case manager at a time (ADR 0003 item 4): C's assignment of day 3 counts;
    # B's episode 2 starts at its melding (day 6), not at episode 1's events
    rows = _events(con, "$as_of, before_instroom := true")
    assert [r for r in rows if r[0] == "C"] == [
        ("C", 1, 1, "melding"),
        ("C", 1, 2, "ptor_besluit"),
        ("C", 1, 3, "regisseur_toegewezen"),
        ("C", 1, 5, "detentie_start"),
        ("C", 1, 6, "contact"),
    ]
    assert [r[2] for r in rows if r[:2] == ("B", 2)] == [6, 7, 9]
    # the upper bound still holds: A's events up to day 4, not its exit or later
    assert [r[2] for r in rows if r[0] == "A"] == [1, 2, 4]


def test_as_of_cuts_the_log(con):
    # at day 4 (10:00, the moment of the day-4 events): A and B are in (their
    # exit of day 5 has not happened yet), C's instroom is that moment; nothing later
    at = day(4)
    window = con.execute(
        "SELECT case_id, episode, exit_seq FROM approach_window($as_of) "
        "ORDER BY case_id, episode",
        {"as_of": at},
    ).fetchall()
    assert window == [("A", 1, None), ("B", 1, None), ("C", 1, None)]
    assert _events(con, "$as_of", as_of=at) == [
        ("A", 1, 4, "contact"),
        ("B", 1, 4, "contact"),
    ]
