"""Long stays on a hand-made log; numbers worked out in the comments.

Events at 12:00 +01:00 (winter time); as_of = 2025-03-01 00:00 local, so the
3-month cut-off for "no action" is 2024-12-01 00:00.
  A: in 2024-11-01, intervention 2024-11-10, contact 2025-02-20
  B: in 2024-11-01, one contact 2024-11-05, nothing since
  C: in 2024-11-01, ITAT-R 2024-12-01, PTO-R static, static from 2024-12-15
  D: in 2024-11-01, out 2025-01-15, no interventions
"""

from datetime import date

import pandas as pd
import pytest

from ipgar_metrics import store
from ipgar_metrics.metrics.casework._longstay import long_stays

AS_OF = date(2025, 3, 1)


def ev(case, activity, day, org=None, life_domain=None, outcome=None):
    return {
        "case_id": case,
        "activity": activity,
        "timestamp": f"{day}T12:00:00+01:00",
        "org": org,
        "life_domain": life_domain,
        "outcome": outcome,
        "risk_category": "ronselaar" if case in "AB" else "uitreiziger",
    }


@pytest.fixture(scope="module")
def con():
    rows = []
    for case in "ABCD":
        rows += [
            ev(case, "melding", "2024-10-01", outcome="MAP"),
            ev(case, "instroom", "2024-11-01"),
            ev(case, "regisseur_toegewezen", "2024-11-01", org="oov"),
        ]
    rows += [
        ev("A", "interventie_start", "2024-11-10", org="wpi", life_domain="inkomen"),
        ev("A", "contact", "2025-02-20", org="oov"),
        ev("B", "contact", "2024-11-05", org="oov"),
        ev("C", "itatr_agendering", "2024-12-01"),
        ev("C", "ptor_besluit", "2024-12-10", outcome="statisch"),
        ev("C", "statisch_start", "2024-12-15"),
        ev("D", "uitstroom", "2025-01-15", outcome="overgedragen"),
    ]
    c = store.memory_store()
    store.insert_events(c, pd.DataFrame(rows))
    return c


def test_case_level(con):
    c = long_stays(con, as_of=AS_OF).set_index("case_id")
    assert c["no_life_domain"].to_dict() == {
        "A": False,
        "B": True,
        "C": True,
        "D": True,
    }
    # 2024-11-01 12:00 -> 2025-03-01 00:00 = 30 + 31 + 31 + 28 - 0.5 = 119.5 days.
    assert c.loc["B", "days_in_approach"] == pytest.approx(119.5)
    # D: 11-01 -> 01-15 = 30 + 31 + 14 = 75 days, closed.
    assert c.loc["D", "days_in_approach"] == pytest.approx(75.0)
    assert bool(c.loc["D", "is_open"]) is False
    # B's last action 2024-11-05 is before 2024-12-01; C is static, so not flagged;
    # A had a contact on 02-20.
    assert c["no_action"].to_dict() == {"A": False, "B": True, "C": False, "D": False}
    assert c.loc["C", "status"] == "static"
    assert c["itatr"].sum() == 1
    assert bool(c.loc["C", "made_static"]) is True


def test_summary(con):
    s = long_stays(con, as_of=AS_OF, level="summary").iloc[0]
    assert (s.cases, s.open, s.no_life_domain) == (4, 3, 3)
    assert s.share_no_life_domain == pytest.approx(0.75)
    # without interventions: B 119.5, C 119.5, D 75 -> median 119.5; A 119.5.
    assert s.median_days_no_life_domain == pytest.approx(119.5)
    assert s.median_days_with_interventions == pytest.approx(119.5)
    assert (s.no_action, s.itatr, s.made_static) == (1, 1, 1)
    # 6 months: cut-off 2024-09-01, B's contact of 11-05 is after it.
    assert long_stays(con, as_of=AS_OF, no_action_months=6)["no_action"].sum() == 0


def test_by_segment(con):
    s = long_stays(con, as_of=AS_OF, level="summary", by=["risk_category"])
    s = s.set_index("risk_category")
    # ronselaar: A, B -> 1 of 2 without interventions; uitreiziger: C, D -> 2 of 2.
    assert s.loc["ronselaar", "share_no_life_domain"] == pytest.approx(0.5)
    assert s.loc["uitreiziger", "share_no_life_domain"] == pytest.approx(1.0)
