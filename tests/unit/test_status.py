"""Status periods on a hand-made log (times 12:00 +01:00, January-February 2025)."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pandas as pd
import pytest

from ipgar_metrics import store
from ipgar_metrics.metrics import _status as status

AMS = ZoneInfo("Europe/Amsterdam")


def ev(case, activity, day, outcome=None):
    return {
        "case_id": case,
        "activity": activity,
        "timestamp": f"2025-{day}T12:00:00+01:00",
        "outcome": outcome,
    }


@pytest.fixture(scope="module")
def con():
    rows = [
        # X: in 01-02, detained 01-05..01-15 and travelled 01-10..01-20 (overlap),
        # static from 02-01 without end; left 02-20.
        ev("X", "melding", "01-01", "MAP"),
        ev("X", "instroom", "01-02"),
        ev("X", "detentie_start", "01-05"),
        ev("X", "uitgereisd_start", "01-10"),
        ev("X", "detentie_eind", "01-15"),
        ev("X", "uitgereisd_eind", "01-20"),
        ev("X", "statisch_start", "02-01"),
        ev("X", "uitstroom", "02-20", "risico_afgenomen"),
        # Y: second episode: out 01-10, new report 01-20, in again 01-25.
        ev("Y", "melding", "01-01", "CTER"),
        ev("Y", "instroom", "01-02"),
        ev("Y", "uitstroom", "01-10", "verhuisd"),
        ev("Y", "melding", "01-20", "MAP"),
        ev("Y", "instroom", "01-25"),
        # Z: an end without a start is ignored.
        ev("Z", "melding", "01-01", "MAP"),
        ev("Z", "detentie_eind", "01-03"),
    ]
    c = store.memory_store()
    store.insert_events(c, pd.DataFrame(rows))
    return c


def test_approach_periods(con):
    p = status.approach_periods(con, as_of=date(2025, 3, 1))
    got = {(r.case_id, r.episode): (r.is_open, r.exit_reason) for r in p.itertuples()}
    assert got == {
        ("X", 1): (False, "risico_afgenomen"),
        ("Y", 1): (False, "verhuisd"),
        ("Y", 2): (True, None),
    }
    # before X's exit on 02-20, X is still in.
    p2 = status.approach_periods(con, as_of=date(2025, 2, 10)).set_index("case_id")
    assert bool(p2.loc["X", "is_open"]) is True


def test_intervals_and_merge(con):
    as_of = pd.Timestamp(datetime(2025, 2, 11, 12, tzinfo=AMS))
    iv = status.status_intervals(con, as_of=as_of)
    assert sorted(iv["status"]) == ["detained", "static", "travelled"]  # Z ignored
    merged = status.pause_periods(iv, as_of=as_of)
    # 01-05..01-20 merged (detained + travelled), static 02-01..as_of 02-11.
    assert len(merged) == 2
    windows = pd.DataFrame(
        {
            "case_id": ["X", "X"],
            "from_at": [pd.Timestamp(datetime(2025, 1, 1, 12, tzinfo=AMS))] * 2,
            "to_at": [as_of, pd.Timestamp(datetime(2025, 1, 12, 12, tzinfo=AMS))],
        }
    )
    # whole window: 15 days (01-05..01-20) + 10 days (02-01..02-11) = 25;
    # window to 01-12: 7 days (01-05..01-12).
    assert status.pause_overlap_days(windows, merged).tolist() == pytest.approx(
        [25.0, 7.0]
    )


def test_status_at_priority(con):
    iv = status.status_intervals(con, as_of=date(2025, 3, 1))
    at = pd.Timestamp(datetime(2025, 1, 12, 12, tzinfo=AMS))
    # both detained and travelled on 01-12: detained wins.
    assert status.status_at(iv, at).to_dict() == {"X": "detained"}
    at2 = pd.Timestamp(datetime(2025, 1, 18, 12, tzinfo=AMS))
    assert status.status_at(iv, at2).to_dict() == {"X": "travelled"}
    # at the exact end time the state is "after the end event": not travelled.
    at3 = pd.Timestamp(datetime(2025, 1, 20, 12, tzinfo=AMS))
    assert status.status_at(iv, at3).to_dict() == {}
    assert status.status_at(iv, at3, before=True).to_dict() == {"X": "travelled"}


def test_month_ends():
    first = pd.Timestamp(datetime(2025, 1, 15, tzinfo=AMS))
    as_of = pd.Timestamp(datetime(2025, 3, 10, tzinfo=AMS))
    m = status.month_ends(first, as_of)
    assert m["month"].tolist() == ["2025-01", "2025-02", "2025-03"]
    assert m["month_end"].iloc[0] == pd.Timestamp(datetime(2025, 2, 1, tzinfo=AMS))
    assert m["month_end"].iloc[-1] == as_of
    assert m["is_partial"].tolist() == [False, False, True]


def test_date_as_of_is_start_of_local_day(con):
    ts = status.as_timestamp(con, date(2025, 7, 1))
    assert ts.isoformat() == "2025-07-01T00:00:00+02:00"
