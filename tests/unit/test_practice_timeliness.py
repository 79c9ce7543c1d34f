"""Timeliness in the practice profile: lag to registration and late (batch) registration.

A hand-made log; every number worked out here. Events at 12:00 +01:00 in 2025, as_of
2025-03-01, window 12 months, one case manager suffices for a row (min_managers=1).
Registration dates (registered_at) and the lag in days from the event's local date:
  oov
    A: melding 2024-12-01 reg 2025-01-30 (before the instroom: not in the approach),
       instroom 01-01 (not counted), M1 01-02 reg 01-02 (0), contact 01-05 reg 01-05
       (0), contact 01-10 reg 01-12 (2), contact 01-20 reg 02-03 (14)
    B: instroom 01-01, M2 01-02 reg 01-03 (1), contact 01-15 without a registration
       date (not counted), contact 01-20 reg 01-27 (7: not late, the limit is > 7)
  politie
    C: instroom 01-01, P1 01-02 reg 01-02 (0), contact 01-06 reg 01-16 (10), contact
       01-07 reg 01-16 (9), contact 02-01 reg 02-09 (8), contact 2025-02-10 23:30 UTC
       = 02-11 00:30 local, reg 02-11 (0: the local date, not the UTC date)
oov lags 0, 0, 1, 2, 7, 14: median 1.5, late 1 of 6.
politie lags 0, 0, 8, 9, 10: median 8, late 3 of 5.
All: 0, 0, 0, 0, 1, 2, 7, 8, 9, 10, 14: median 2, late 4 of 11.
"""

from datetime import date

import numpy as np
import pandas as pd
import pytest
from scipy.stats import binom

from ipgar_metrics import store
from ipgar_metrics.cli import main
from ipgar_metrics.metrics.practice import practice_profile

AS_OF = date(2025, 3, 1)
KW = {"as_of": AS_OF, "threshold_days": 30, "min_managers": 1}


def ev(case, activity, day, reg=None, org=None, cm=None, ts=None):
    return {
        "case_id": case,
        "activity": activity,
        "timestamp": ts or f"2025-{day}T12:00:00+01:00",
        "org": org,
        "case_manager": cm,
        "registered_at": reg,
    }


ROWS = [
    ev("A", "melding", None, "2025-01-30", ts="2024-12-01T12:00:00+01:00"),
    ev("A", "instroom", "01-01", "2025-02-20"),
    ev("A", "regisseur_toegewezen", "01-02", "2025-01-02", "oov", "M1"),
    ev("A", "contact", "01-05", "2025-01-05", "oov"),
    ev("A", "contact", "01-10", "2025-01-12", "oov"),
    ev("A", "contact", "01-20", "2025-02-03", "oov"),
    ev("B", "instroom", "01-01"),
    ev("B", "regisseur_toegewezen", "01-02", "2025-01-03", "oov", "M2"),
    ev("B", "contact", "01-15", None, "oov"),
    ev("B", "contact", "01-20", "2025-01-27", "oov"),
    ev("C", "instroom", "01-01"),
    ev("C", "regisseur_toegewezen", "01-02", "2025-01-02", "politie", "P1"),
    ev("C", "contact", "01-06", "2025-01-16", "politie"),
    ev("C", "contact", "01-07", "2025-01-16", "politie"),
    ev("C", "contact", "02-01", "2025-02-09", "politie"),
    ev("C", "contact", None, "2025-02-11", "politie", ts="2025-02-10T23:30:00+00:00"),
]


@pytest.fixture(scope="module")
def con():
    c = store.memory_store()
    store.insert_events(c, pd.DataFrame(ROWS))
    return c


@pytest.fixture(scope="module")
def points(con):
    p = practice_profile(con, **KW, level="point")
    return p.set_index(["measure", "org"])


def test_the_store_keeps_the_registration_dates(con):
    got = con.execute(
        "SELECT count(registered_at), min(registered_at), max(registered_at) FROM events"
    ).fetchall()
    assert got == [(13, date(2025, 1, 2), date(2025, 2, 20))]  # 16 rows, 3 without


def test_median_lag_per_organisation_and_overall(points):
    m = points.xs("median_registration_lag_days", level="measure")
    assert m.loc["oov", "value"] == pytest.approx(1.5)
    assert m.loc["politie", "value"] == pytest.approx(8.0)
    assert (m.loc["oov", "denominator"], m.loc["politie", "denominator"]) == (6, 5)
    assert m.loc["oov", "expected"] == pytest.approx(2.0)
    assert m.loc["oov", "signal"] is None  # a median has no limits


def test_late_registration_share_with_exact_limits(points):
    late = points.xs("late_registration", level="measure")
    assert (late.loc["oov", "numerator"], late.loc["oov", "denominator"]) == (1, 6)
    assert (late.loc["politie", "numerator"], late.loc["politie", "denominator"]) == (
        3,
        5,
    )
    p = 4 / 11
    assert late.loc["oov", "expected"] == pytest.approx(p)
    for org, n in (("oov", 6), ("politie", 5)):
        row = late.loc[org]
        assert row["lower_95"] == pytest.approx(binom.ppf(0.025, n, p) / n)
        assert row["upper_95"] == pytest.approx(binom.ppf(0.975, n, p) / n)
        assert row["upper_998"] == pytest.approx(binom.ppf(0.999, n, p) / n)
        assert row["signal"] == "binnen"  # 1/6 and 3/5 lie inside at these n


def test_wide_output_has_the_timeliness_columns(con):
    wide = practice_profile(con, **KW).set_index("org")
    assert wide.attrs["ipgar"]["params"]["registration_dates"] is True
    assert wide.loc["politie", "late_registration"] == pytest.approx(3 / 5)
    assert wide.loc["oov", "median_registration_lag_days"] == pytest.approx(1.5)
    assert wide.loc["oov", "late_registration_n"] == 6
    assert wide.loc["oov", "late_registration_signal"] == "binnen"


def test_without_registration_dates_the_measures_are_empty_and_said(tmp_path, capsys):
    rows = [{**r, "registered_at": None} for r in ROWS]
    db = tmp_path / "store.duckdb"
    with store.connect(db, read_only=False) as c:
        store.insert_events(c, pd.DataFrame(rows))
        wide = practice_profile(c, **KW).set_index("org")
    assert wide.attrs["ipgar"]["params"]["registration_dates"] is False
    assert list(wide.index) == ["oov", "politie"]
    assert wide["median_registration_lag_days"].isna().all()
    assert wide["late_registration"].isna().all()
    assert (wide["late_registration_n"] == 0).all()
    assert wide["late_registration_signal"].isna().all()
    assert np.isfinite(wide["share_over_threshold"]).all()  # the rest is measured
    args = ["practice", "--db", str(db), "--as-of", "2025-03-01", "--window", "12"]
    assert main([*args, "--threshold", "30", "--format", "csv"]) == 0
    err = capsys.readouterr().err
    assert "no registration dates (Geregistreerd op)" in err
