"""Who has the contact (issue 23 item 3b): contacts attempted and refused, per organisation.

A hand-made log; the numbers worked out here. Events at 12:00 +01:00 in 2025, as_of
2025-03-01, window 12 months, min_managers=1. Contact outcomes:
  oov      A: geslaagd, poging, geweigerd, no outcome and "iets" (neither counted: a
           contact has no outcome vocabulary); B: poging, geslaagd
  politie  C: geweigerd, geweigerd, geslaagd
oov: 5 contacts with an outcome, 2 attempts (poging), 1 refused.
politie: 3 with an outcome, 0 attempts, 2 refused.
All: 8, attempts 2/8, refused 3/8.
"""

from datetime import date

import pandas as pd
import pytest
from scipy.stats import binom

from ipgar_metrics import store
from ipgar_metrics.metrics.practice import practice_profile

KW = {"as_of": date(2025, 3, 1), "threshold_days": 30, "min_managers": 1}


def ev(case, activity, day, org=None, cm=None, outcome=None):
    return {
        "case_id": case,
        "activity": activity,
        "timestamp": f"2025-{day}T12:00:00+01:00",
        "org": org,
        "case_manager": cm,
        "outcome": outcome,
    }


ROWS = [
    ev("A", "instroom", "01-01"),
    ev("A", "regisseur_toegewezen", "01-02", "oov", "M1"),
    ev("A", "contact", "01-05", "oov", outcome="geslaagd"),
    ev("A", "contact", "01-06", "oov", outcome="poging"),
    ev("A", "contact", "01-07", "oov", outcome="geweigerd"),
    ev("A", "contact", "01-08", "oov"),
    ev("A", "contact", "01-09", "oov", outcome="iets"),
    ev("B", "instroom", "01-01"),
    ev("B", "regisseur_toegewezen", "01-02", "oov", "M2"),
    ev("B", "contact", "01-10", "oov", outcome="poging"),
    ev("B", "contact", "01-11", "politie", outcome="geslaagd"),
    ev("C", "instroom", "01-01"),
    ev("C", "regisseur_toegewezen", "01-02", "politie", "P1"),
    ev("C", "contact", "01-10", "politie", outcome="geweigerd"),
    ev("C", "contact", "01-11", "politie", outcome="geweigerd"),
    ev("C", "contact", "01-12", "politie", outcome="geslaagd"),
]


@pytest.fixture(scope="module")
def con():
    c = store.memory_store()
    store.insert_events(c, pd.DataFrame(ROWS))
    return c


@pytest.mark.parametrize(
    ("measure", "counts", "overall"),
    [
        ("contact_attempted", {"oov": (2, 5), "politie": (0, 3)}, 2 / 8),
        ("contact_refused", {"oov": (1, 5), "politie": (2, 3)}, 3 / 8),
    ],
)
def test_attempted_and_refused_shares_with_exact_limits(con, measure, counts, overall):
    points = practice_profile(con, **KW, level="point").set_index(["measure", "org"])
    m = points.xs(measure, level="measure")
    for org, (num, den) in counts.items():
        row = m.loc[org]
        assert (row["numerator"], row["denominator"]) == (num, den)
        assert row["value"] == pytest.approx(num / den)
        assert row["expected"] == pytest.approx(overall)
        assert row["lower_95"] == pytest.approx(binom.ppf(0.025, den, overall) / den)
        assert row["upper_95"] == pytest.approx(binom.ppf(0.975, den, overall) / den)
        assert row["signal"] == "binnen"


def test_the_wide_output_says_whether_the_store_has_contact_outcomes(con):
    wide = practice_profile(con, **KW).set_index("org")
    assert wide.attrs["ipgar"]["params"]["contact_outcomes"] is True
    assert wide.loc["politie", "contact_refused"] == pytest.approx(2 / 3)
    bare = store.memory_store()
    store.insert_events(bare, pd.DataFrame([{**r, "outcome": None} for r in ROWS]))
    empty = practice_profile(bare, **KW)
    assert empty.attrs["ipgar"]["params"]["contact_outcomes"] is False
    assert empty["contact_refused"].isna().all()
    assert empty["contact_attempted"].isna().all()
