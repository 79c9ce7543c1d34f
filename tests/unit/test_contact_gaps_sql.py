"""Contact gaps computed in one statement, against the status helpers in pandas.

``casework/contact_gaps`` finds the pause periods, merges them, takes their overlap
with each gap and the status at the reference time in DuckDB. The helpers of
``metrics._status`` do the same in pandas (``status_intervals``, ``pause_periods``,
``pause_overlap_days``, ``status_at``; other metrics still use them): here they
recompute the days, the status and the flag from each row's last contact,
intervention and instroom, and the two must agree.
"""

from __future__ import annotations

from datetime import date
from typing import Any

import numpy as np
import pandas as pd
import pytest

from ipgar_metrics import store
from ipgar_metrics.metrics import _status as status
from ipgar_metrics.metrics.casework._contact import contact_gaps
from tests.hand_logs import ev


def _by_helpers(
    con: Any, as_of: Any, gaps: pd.DataFrame, threshold: float
) -> pd.DataFrame:
    ts = status.as_timestamp(con, as_of)
    periods = status.approach_periods(con, as_of=ts).set_index(["case_id", "episode"])
    base = gaps[
        ["case_id", "episode", "last_contact_at", "last_intervention_at"]
    ].copy()
    instroom = periods.loc[list(zip(base["case_id"], base["episode"], strict=True))]
    base["instroom_at"] = instroom["instroom_at"].to_numpy()
    base["to_at"] = ts
    intervals = status.status_intervals(con, as_of=ts)
    pauses = status.pause_periods(intervals, as_of=ts)
    out = pd.DataFrame(index=base.index)
    for what, col in (
        ("contact", "last_contact_at"),
        ("intervention", "last_intervention_at"),
    ):
        base["from_at"] = base[col].fillna(base["instroom_at"])
        elapsed = status.days_between(base["from_at"], base["to_at"])
        paused = status.pause_overlap_days(base, pauses)
        out[f"days_since_{what}"] = (elapsed - paused).clip(lower=0.0).astype(float)
        out["paused"] = out.get("paused", False) | (paused > 0).to_numpy()
    now = status.status_at(intervals, ts)
    out["status"] = base["case_id"].map(now).fillna("active")
    out["over_threshold"] = (
        (out["status"] == "active")
        & (out["days_since_contact"] > threshold)
        & (out["days_since_intervention"] > threshold)
    )
    return out


def _assert_same(con: Any, as_of: Any, threshold: float = 90.0) -> pd.DataFrame:
    gaps = contact_gaps(con, as_of=as_of, threshold_days=threshold)
    expected = _by_helpers(con, as_of, gaps, threshold)
    for col in ("status", "over_threshold"):
        assert gaps[col].tolist() == expected[col].tolist(), col
    paused = expected["paused"]
    for col in ("days_since_contact", "days_since_intervention"):
        got, want = gaps[col].to_numpy(), expected[col].to_numpy()
        # without a pause the same division; with one the statement divides the
        # difference of whole microseconds once, the helpers the elapsed and the
        # paused time each before subtracting (a last bit of the elapsed days)
        assert (got[~paused] == want[~paused]).all(), col
        np.testing.assert_allclose(got, want, rtol=0, atol=1e-12, err_msg=col)
    return gaps


def test_the_simulated_store_gives_the_helpers_numbers(sim_store):
    con = store.connect(sim_store.db)
    try:
        seen = set()
        for as_of in (store.last_event_at(con), date(2024, 6, 1), date(2023, 3, 1)):
            gaps = _assert_same(con, as_of)
            seen |= set(gaps["status"])
            assert len(gaps) > 20
        assert {"active", "detained"} <= seen
        _assert_same(con, date(2024, 6, 1), threshold=30.0)
    finally:
        con.close()


def _opened(case: str) -> list[dict]:
    return [
        ev(case, "melding", "01-01", outcome="MAP"),
        ev(case, "instroom", "01-03"),
        ev(case, "regisseur_toegewezen", "01-03", org="oov", cm="M1"),
    ]


@pytest.fixture(scope="module")
def con():
    rows = [
        # A: detained 01-10..01-20 and static 01-15..01-25 (overlap: one pause of 15
        # days), travelled 01-25..02-01 (touching it: merged too), then static from
        # 02-10 to 02-15 and open again from 02-20: every kind of period in one case
        *_opened("A"),
        ev("A", "contact", "01-05"),
        ev("A", "detentie_start", "01-10"),
        ev("A", "statisch_start", "01-15"),
        ev("A", "detentie_eind", "01-20"),
        ev("A", "statisch_eind", "01-25"),
        ev("A", "uitgereisd_start", "01-25"),
        ev("A", "uitgereisd_eind", "02-01"),
        ev("A", "statisch_start", "02-10"),
        ev("A", "statisch_eind", "02-15"),
        ev("A", "statisch_start", "02-20"),
        # B: both detained and static open at the reference time: detained wins
        *_opened("B"),
        ev("B", "statisch_start", "01-04"),
        ev("B", "detentie_start", "01-06"),
        # C: a pause in its first episode, then out and in again: the pause still
        # overlaps the second episode's gap only where the two meet (not at all)
        *_opened("C"),
        ev("C", "detentie_start", "01-04"),
        ev("C", "detentie_eind", "01-08"),
        ev("C", "uitstroom", "01-09", outcome="overgedragen"),
        ev("C", "melding", "01-10", outcome="MAP"),
        ev("C", "instroom", "01-12"),
        ev("C", "interventie_start", "01-13", org="wpi"),
        # D: an end before any start and an end of another status close nothing
        *_opened("D"),
        ev("D", "detentie_eind", "01-04"),
        ev("D", "statisch_start", "01-05"),
        ev("D", "uitgereisd_eind", "01-06"),
        # E: no event since the instroom; a pause that starts after the reference
        *_opened("E"),
        ev("E", "detentie_start", "04-01"),
    ]
    c = store.memory_store()
    store.insert_events(c, pd.DataFrame(rows))
    return c


@pytest.mark.parametrize(
    "as_of", [date(2025, 3, 1), date(2025, 2, 12), date(2025, 1, 18), date(2025, 5, 1)]
)
def test_hand_made_pauses(con, as_of):
    _assert_same(con, as_of, threshold=20.0)


def test_hand_made_pauses_by_hand(con):
    gaps = contact_gaps(con, as_of=date(2025, 3, 1), threshold_days=20.0)
    row = gaps.set_index("case_id")
    # A: last contact 01-05 12:00; to 03-01 00:00 is 54.5 days; paused: 01-10..02-01
    # (22 days) + 02-10..02-15 (5) + 02-20..03-01 00:00 (8.5) = 35.5 -> 19.0; static now
    assert row.loc["A", "days_since_contact"] == pytest.approx(19.0)
    assert row.loc["A", "status"] == "static"
    assert row.loc["B", "status"] == "detained"
    # C: second episode, intervention 01-13: 46.5 days; no contact since 01-12: 47.5
    assert row.loc["C", "days_since_intervention"] == pytest.approx(46.5)
    assert row.loc["C", "days_since_contact"] == pytest.approx(47.5)
    assert bool(row.loc["C", "over_threshold"])
    # D: static from 01-05 (the ends before it or of another status close nothing)
    assert row.loc["D", "status"] == "static"
    # E: 56.5 days from the instroom; the pause of 04-01 is not known yet
    assert row.loc["E", "days_since_contact"] == pytest.approx(56.5)
    assert row.loc["E", "status"] == "active"


def test_microseconds_are_counted_exactly():
    # instants off whole seconds, two pauses in every gap: the days are the exact
    # microseconds (elapsed less paused, integers) over 1e6 and then 86400
    rng = np.random.default_rng(7)
    rows, expected = [], {}
    as_of = pd.Timestamp("2025-02-17T10:11:12.345678+01:00")
    end = as_of.value // 1000

    def at(case: str, activity: str, day: str) -> tuple[dict, int]:
        us = int(rng.integers(0, 86_400_000_000))
        t = pd.Timestamp(f"2025-{day}T00:00:00+01:00") + pd.Timedelta(microseconds=us)
        return {**ev(case, activity, day), "timestamp": t.isoformat()}, t.value // 1000

    for i in range(60):
        case = f"K{i:02d}"
        steps = [
            at(case, "instroom", "01-03"),
            at(case, "contact", "01-07"),
            at(case, "detentie_start", "01-09"),
            at(case, "detentie_eind", "01-19"),
            at(case, "statisch_start", "01-29"),
        ]
        rows += [ev(case, "melding", "01-01", outcome="MAP"), *(r for r, _ in steps)]
        instroom, contact, d_start, d_end, s_start = (us for _, us in steps)
        paused = (d_end - d_start) + (end - s_start)
        expected[case] = (
            (end - contact - paused) / 1e6 / 86400.0,
            (end - instroom - paused) / 1e6 / 86400.0,
        )
    c = store.memory_store()
    store.insert_events(c, pd.DataFrame(rows))
    gaps = contact_gaps(c, as_of=as_of).set_index("case_id")
    assert len(gaps) == 60
    for case, (contact_days, intervention_days) in expected.items():
        assert gaps.loc[case, "days_since_contact"] == contact_days, case
        assert gaps.loc[case, "days_since_intervention"] == intervention_days, case
    _assert_same(c, as_of)  # and the helpers to a last bit


def test_the_helper_counts_pause_overlap_in_whole_microseconds():
    # two pauses inside one window, instants off the second: the overlap is the
    # exact sum of microseconds over 1e6 and 86400 (float seconds since 1970 would
    # round each instant to about a quarter of a microsecond)
    tz = "Europe/Amsterdam"
    t = [
        pd.Timestamp(f"2025-01-{d:02d}T{h:02d}:17:03.{us:06d}", tz=tz)
        for d, h, us in (
            (2, 9, 123457),
            (5, 11, 987653),
            (9, 13, 5),
            (14, 7, 400001),
            (20, 1, 1),
        )
    ]
    windows = pd.DataFrame({"case_id": ["X"], "from_at": [t[0]], "to_at": [t[4]]})
    pauses = pd.DataFrame(
        {"case_id": ["X", "X"], "start_at": [t[1], t[3]], "end_at": [t[2], t[4]]}
    )
    us = [x.value // 1000 for x in t]
    expected = ((us[2] - us[1]) + (us[4] - us[3])) / 1e6 / 86400.0
    assert status.pause_overlap_days(windows, pauses).tolist() == [expected]
