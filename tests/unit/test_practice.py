"""The practice profile on a hand-made log; every number worked out in the comments.

Events at 12:00 +01:00 in 2025 (all inside the 12-month window); as_of = 2025-03-01
00:00 local; contact threshold 30 days; notification term 30 days.
  oov (case managers M1, M2, M3):
    A1: in 01-01, M1 01-02, notificatie 01-10, contacts 01-05, 01-15, 02-14 (oov),
        interventie_start 01-20 oov wonen, interventie_eind 02-10 oov wonen
    A2: in 01-01, M2 01-02, notificatie 02-15 (45 days: late), nothing else
    A3: in 01-01, M3 01-02, contact 01-20 by politie, interventie_start 01-25 ggz
        zorg, detained from 02-01 (still at as_of)
  politie (P1, P2):
    B1: in 01-01, P1 01-02, contact 01-03, interventie_start 01-10 politie without a
        life domain (never ended), uitstroom 02-20 without a reason
    B2: in 01-01, P1 01-02, P2 02-01 (a change), contact 01-31 without an org
  reclassering (R1):
    C1: in 01-01, R1 01-02, contact 02-20
Time in the window up to as_of (days): A1, A2, A3, B2, C1 58.5 each (A3 27.5 of it
detained), B1 50 (to its exit).
"""

from datetime import date

import numpy as np
import pandas as pd
import pytest

from ipgar_metrics import store
from ipgar_metrics.metrics.practice import OTHER_ORGS, practice_profile

AS_OF = date(2025, 3, 1)
MONTH = 365.25 / 12
YEAR = 365.25
KW = {"as_of": AS_OF, "threshold_days": 30, "notification_term_days": 30}


def ev(case, activity, day, org=None, cm=None, outcome=None, ld=None):
    return {
        "case_id": case,
        "activity": activity,
        "timestamp": f"2025-{day}T12:00:00+01:00",
        "org": org,
        "case_manager": cm,
        "outcome": outcome,
        "life_domain": ld,
    }


@pytest.fixture(scope="module")
def con():
    rows = []
    for case in ("A1", "A2", "A3", "B1", "B2", "C1"):
        rows += [
            {**ev(case, "melding", "01-01"), "timestamp": "2024-12-01T12:00:00+01:00"},
            ev(case, "instroom", "01-01"),
        ]
    rows += [
        ev("A1", "regisseur_toegewezen", "01-02", "oov", "M1"),
        ev("A1", "contact", "01-05", "oov"),
        ev("A1", "notificatie", "01-10"),
        ev("A1", "contact", "01-15", "oov"),
        ev("A1", "interventie_start", "01-20", "oov", ld="wonen"),
        ev("A1", "interventie_eind", "02-10", "oov", ld="wonen"),
        ev("A1", "contact", "02-14", "oov"),
        ev("A2", "regisseur_toegewezen", "01-02", "oov", "M2"),
        ev("A2", "notificatie", "02-15"),
        ev("A3", "regisseur_toegewezen", "01-02", "oov", "M3"),
        ev("A3", "contact", "01-20", "politie"),
        ev("A3", "interventie_start", "01-25", "ggz", ld="zorg"),
        ev("A3", "detentie_start", "02-01"),
        ev("B1", "regisseur_toegewezen", "01-02", "politie", "P1"),
        ev("B1", "contact", "01-03", "politie"),
        ev("B1", "interventie_start", "01-10", "politie"),
        ev("B1", "uitstroom", "02-20"),
        ev("B2", "regisseur_toegewezen", "01-02", "politie", "P1"),
        ev("B2", "contact", "01-31"),
        ev("B2", "regisseur_toegewezen", "02-01", "politie", "P2"),
        ev("C1", "regisseur_toegewezen", "01-02", "reclassering", "R1"),
        ev("C1", "contact", "02-20", "reclassering"),
    ]
    c = store.memory_store()
    store.insert_events(c, pd.DataFrame(rows))
    return c


@pytest.fixture(scope="module")
def points(con):
    # two case managers suffice: oov and politie keep a row; reclassering (one
    # manager) is merged into "overige organisaties", which alone is still too small
    p = practice_profile(con, **KW, min_managers=2, level="point")
    return p.set_index(["measure", "org"])


def test_small_merged_group_is_left_out(points):
    assert set(points.index.get_level_values("org")) == {"oov", "politie"}


def test_contact_gap_share(points):
    # active at as_of: A1 (last contact 14.5 days ago), A2 (58.5 days since
    # instroom: over), B2 (28.5 days), C1 (8.5 days); A3 detained; B1 gone
    oov = points.loc[("contact_gap", "oov")]
    assert (oov["numerator"], oov["denominator"]) == (1, 2)
    pol = points.loc[("contact_gap", "politie")]
    assert (pol["numerator"], pol["denominator"]) == (0, 1)
    assert oov["expected"] == pytest.approx(1 / 4)  # C1 counts in the centre line


def test_rates(points):
    oov_months = (58.5 + 58.5 + (58.5 - 27.5)) / MONTH
    assert points.loc[("contacts_per_month", "oov"), "value"] == pytest.approx(
        4 / oov_months
    )
    assert points.loc[("contacts_per_month", "politie"), "value"] == pytest.approx(
        2 / ((50 + 58.5) / MONTH)
    )
    assert points.loc[("contacts_per_month", "oov"), "expected"] == pytest.approx(
        7 / ((58.5 * 5 - 27.5 + 50) / MONTH)
    )
    assert points.loc[("interventions_per_case_year", "oov"), "value"] == pytest.approx(
        2 / (3 * 58.5 / YEAR)
    )
    assert points.loc[
        ("interventions_per_case_year", "politie"), "expected"
    ] == pytest.approx(3 / (342.5 / YEAR))
    changes = points.xs("manager_changes_per_case_year", level="measure")["value"]
    assert changes["oov"] == 0
    assert changes["politie"] == pytest.approx(1 / (108.5 / YEAR))


def test_medians(points):
    m = points.xs("median_contact_interval_days", level="measure")
    assert m.loc["oov", "value"] == pytest.approx(20.0)  # A1: 10 and 30 days
    assert "politie" not in m.index or m.loc["politie", "denominator"] == 0
    first = points.xs("median_days_to_first_contact", level="measure")
    assert first.loc["oov", "value"] == pytest.approx(11.5)  # A1 4, A3 19
    assert first.loc["politie", "value"] == pytest.approx(16.0)  # B1 2, B2 30
    assert first.loc["oov", "expected"] == pytest.approx(19.0)  # 2, 4, 19, 30, 50
    iv = points.xs("median_days_to_first_intervention", level="measure")
    assert iv.loc["oov", "value"] == pytest.approx(21.5)  # 19 and 24
    assert iv.loc["politie", "value"] == pytest.approx(9.0)
    assert np.isnan(iv.loc["oov", "upper_95"]) and iv.loc["oov", "signal"] is None


@pytest.mark.parametrize(
    ("measure", "oov", "politie", "centre"),
    [
        ("life_domain_wonen", (1, 2), (0, 0), 1 / 2),
        ("life_domain_zorg", (1, 2), (0, 0), 1 / 2),
        ("own_org_share", (1, 2), (1, 1), 2 / 3),
        ("social_care_share", (1, 2), (0, 1), 1 / 3),
        ("missing_life_domain", (0, 3), (1, 1), 1 / 4),
        ("missing_org", (0, 10), (1, 6), 1 / 18),
        ("missing_outcome", (0, 0), (1, 1), 1.0),
        ("intervention_without_end", (0, 0), (1, 1), 1.0),
        ("notification_in_term", (1, 3), (0, 2), 1 / 6),
    ],
)
def test_shares(points, measure, oov, politie, centre):
    m = points.xs(measure, level="measure")
    for org, (num, den) in (("oov", oov), ("politie", politie)):
        if den == 0:
            assert org not in m.index or m.loc[org, "denominator"] == 0
            continue
        assert (m.loc[org, "numerator"], m.loc[org, "denominator"]) == (num, den)
        assert m.loc[org, "value"] == pytest.approx(num / den)
        assert m.loc[org, "expected"] == pytest.approx(centre)


def test_default_merges_small_organisations(con):
    # three case managers: oov (M1-M3) keeps its row; politie (P1, P2) and
    # reclassering (R1) together have three: "overige organisaties"
    wide = practice_profile(con, **KW).set_index("org")
    assert list(wide.index) == ["oov", OTHER_ORGS]
    assert wide.loc["oov", ["cases", "over_threshold"]].tolist() == [3, 1]
    assert wide.loc[OTHER_ORGS, ["cases", "over_threshold"]].tolist() == [2, 0]
    assert wide.loc["oov", "share_over_threshold"] == pytest.approx(0.5)
    assert wide.loc[OTHER_ORGS, "contacts_per_month"] == pytest.approx(
        3 / ((50 + 58.5 + 58.5) / MONTH)
    )
    # Binomial(2, 1/4): P(0) = 9/16, P(<=1) = 15/16: quantiles 0.025 -> 0, 0.975 -> 2
    assert wide.loc["oov", ["lower_95", "upper_95"]].tolist() == [0.0, 1.0]
    assert wide.loc["oov", "signal"] == "binnen"


def test_wide_columns_and_measure_level(con):
    wide = practice_profile(con, **KW, min_managers=2)
    first = [
        "org", "cases", "over_threshold", "share_over_threshold", "expected_share",
        "lower_95", "upper_95", "lower_998", "upper_998", "signal",
    ]  # fmt: skip
    assert list(wide.columns[: len(first)]) == first
    assert "own_org_share_signal" in wide.columns
    assert "median_days_to_first_contact_signal" not in wide.columns
    per = practice_profile(con, **KW, min_managers=2, level="measure")
    per = per.set_index("measure")
    assert per.loc["missing_org", "organisations"] == 2
    assert per.loc["missing_org", "median_denominator"] == pytest.approx(8.0)


def test_no_case_manager_in_output(con):
    for level in ("org", "point", "measure"):
        text = practice_profile(con, **KW, level=level).to_csv(index=False)
        for cm in ("M1", "M2", "M3", "P1", "P2", "R1"):
            assert cm not in text


def test_own_org_contacts(points):
    # contacts with an org and a case manager: A1 3 by oov (own), A3 1 by politie
    # (manager oov: not own), B1 1 by politie (own), C1 1 by reclassering (own);
    # B2's contact has no org and is left out
    m = points.xs("own_org_contacts", level="measure")
    assert (m.loc["oov", "numerator"], m.loc["oov", "denominator"]) == (3, 4)
    assert (m.loc["politie", "numerator"], m.loc["politie", "denominator"]) == (1, 1)
    assert m.loc["oov", "expected"] == pytest.approx(5 / 6)


def test_cases_without_intervention(con):
    # at 2025-06-01 every episode but B1 (out after 50 days) has 90 days or more in
    # the approach; without any interventie_start: A2 (oov), B2 (politie), C1
    p = practice_profile(
        con, **{**KW, "as_of": date(2025, 6, 1)}, min_managers=2, level="point"
    ).set_index(["measure", "org"])
    m = p.xs("cases_without_intervention", level="measure")
    assert (m.loc["oov", "numerator"], m.loc["oov", "denominator"]) == (1, 3)
    assert (m.loc["politie", "numerator"], m.loc["politie", "denominator"]) == (1, 1)
    assert m.loc["oov", "expected"] == pytest.approx(3 / 5)


def test_caseload_bands(con):
    # each case manager has one episode in the profile (B2's is P2, its last): one
    # band "1" with six case managers; in the approach at as_of: A1, A2, A3, B2, C1
    wide = practice_profile(con, **KW, by="caseload_band")
    assert list(wide.columns[:3]) == ["caseload_band", "cases", "over_threshold"]
    assert wide["caseload_band"].tolist() == ["1"]
    assert wide[["cases", "over_threshold", "active_cases"]].iloc[0].tolist() == [
        5,
        1,
        4,
    ]
    # seven case managers needed: the band is left out, nothing shown
    assert practice_profile(con, **KW, by="caseload_band", min_managers=7).empty


def test_overdispersion_of_the_contact_gap(con):
    # min_managers=1: oov 1/2, politie 0/1, reclassering 0/1 around 1/4; z-scores
    # 0.25/sqrt(3/32) = 0.8165 and -0.25/sqrt(3/16) = -0.5774 (twice); winsorised at
    # the 10th/90th percentiles (-0.5774, 0.5377): phi = (2/3 + 0.5377^2) / 3
    per = practice_profile(con, **KW, min_managers=1, level="measure")
    phi = per.set_index("measure").loc["contact_gap", "overdispersion"]
    z_hi = -((1 / 3) ** 0.5) + 0.8 * ((3 / 32) ** -0.5 * 0.25 + (1 / 3) ** 0.5)
    assert phi == pytest.approx((2 / 3 + z_hi**2) / 3)
    # below 1: the widened limits are the exact ones
    exact = practice_profile(con, **KW, min_managers=1, level="point")
    wide = practice_profile(
        con, **KW, min_managers=1, level="point", overdispersion=True
    )
    gap = exact["measure"] == "contact_gap"
    assert wide.loc[gap, "upper_95"].tolist() == exact.loc[gap, "upper_95"].tolist()


def test_levels_of_one_profile_are_computed_once_per_report(con, monkeypatch):
    from ipgar_metrics.metrics.practice import _profile

    outside = {lv: practice_profile(con, **KW, level=lv) for lv in ("point", "org")}
    calls = []
    real = _profile._profile
    monkeypatch.setattr(_profile, "_profile", lambda *a: calls.append(1) or real(*a))
    with store.reuse_results():
        inside = {lv: practice_profile(con, **KW, level=lv) for lv in ("point", "org")}
        inside["measure"] = practice_profile(con, **KW, level="measure")
    assert len(calls) == 1
    for lv in ("point", "org"):
        pd.testing.assert_frame_equal(inside[lv], outside[lv])
        assert (
            inside[lv].attrs["ipgar"]["params"] == outside[lv].attrs["ipgar"]["params"]
        )
    assert inside["measure"].attrs["ipgar"]["params"]["level"] == "measure"
