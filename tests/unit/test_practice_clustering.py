"""Limits with the case as unit: the design effect of events that cluster within cases."""

import pandas as pd
import pytest
from scipy.stats import binom, poisson

from ipgar_metrics import practice_profile, store
from ipgar_metrics.metrics.practice import (
    design_effect,
    effective_denominator,
    funnel_lines,
    limits,
)


def units(rows):
    return pd.DataFrame(rows, columns=["group", "numerator", "denominator"])


def test_design_effect_of_a_share_by_hand():
    # g1: cases (0 of 2) and (2 of 2), p = 1/2; g2: (1 of 2) twice, p = 1/2.
    # numerator: (0 - 1)^2 + (2 - 1)^2 + 0 + 0 = 2; each case's binomial variance
    # 1/2 * 1/2 * 2 = 1/2 times (1 - 2/4) over (1 - 1/4) = 1/3, four cases: 4/3.
    u = units([("g1", 0, 2), ("g1", 2, 2), ("g2", 1, 2), ("g2", 1, 2)])
    assert design_effect(u, "share") == pytest.approx(1.5)
    # twice as many cases of each kind: (0 - 1)^2 + (2 - 1)^2 twice = 4 over eight
    # cases of 1/2 * 1/2 * 2 * (1 - 2/8) / (1 - 1/8) = 3/7: phi = 4 / (24/7) = 7/6
    u = units([("g1", 0, 2), ("g1", 2, 2)] * 2 + [("g2", 1, 2)] * 4)
    assert design_effect(u, "share") == pytest.approx(7 / 6)


def test_design_effect_of_a_rate_by_hand():
    # g1: 0 and 4 events in one month each, r = 2; g2: 2 and 2, r = 2.
    # numerator 4 + 4 = 8; Poisson variance 2 times (1 - 1/2), four cases: 4. phi 2.
    u = units([("g1", 0, 1.0), ("g1", 4, 1.0), ("g2", 2, 1.0), ("g2", 2, 1.0)])
    assert design_effect(u, "rate") == pytest.approx(2.0)


def test_independent_units_keep_the_exact_limits():
    # one event per case: every case's count is its own share, spread below binomial
    u = units([("g1", 1, 1), ("g1", 0, 1), ("g1", 1, 1), ("g2", 0, 1), ("g2", 0, 1)])
    assert design_effect(u, "share") == 1.0
    # a real difference between organisations does not raise it (p_g is their own)
    u = units([("g1", 3, 3), ("g1", 3, 3), ("g2", 0, 3), ("g2", 0, 3)])
    assert design_effect(u, "share") == 1.0
    assert design_effect(units([("g1", 3, 3)]), "share") == 1.0  # too few cases


def test_effective_denominator_and_its_limits_match_scipy():
    assert effective_denominator(10, 2.0, "share") == 5
    assert effective_denominator(1, 4.0, "share") == 1
    assert effective_denominator(3.0, 2.0, "rate") == pytest.approx(1.5)
    assert effective_denominator(7, 1.0, "share") == 7
    got = limits(effective_denominator(40, 2.5, "share"), 0.3, "share")
    assert got["upper_95"] == binom.ppf(0.975, 16, 0.3) / 16
    assert got["lower_998"] == binom.ppf(0.001, 16, 0.3) / 16
    got = limits(effective_denominator(30.0, 3.0, "rate"), 1.2, "rate")
    assert got["upper_95"] == pytest.approx(poisson.ppf(0.975, 12.0) / 10.0)


def ev(case, activity, day, org=None, cm=None):
    return {
        "case_id": case,
        "activity": activity,
        "timestamp": f"2025-{day}T12:00:00+01:00",
        "org": org,
        "case_manager": cm,
    }


@pytest.fixture(scope="module")
def con():
    # two organisations of three managers; in each one case with many contacts and
    # two with one: the contacts cluster within cases
    rows = []
    plan = {"oov": (8, 1, 1), "politie": (1, 1, 6)}
    for org, counts in plan.items():
        for i, n in enumerate(counts):
            case = f"{org}{i}"
            rows += [
                {
                    **ev(case, "melding", "01-01"),
                    "timestamp": "2024-12-01T12:00:00+01:00",
                },
                ev(case, "instroom", "01-01"),
                ev(case, "regisseur_toegewezen", "01-02", org, f"{org}-M{i}"),
            ]
            rows += [ev(case, "contact", f"02-{k + 1:02d}", org) for k in range(n)]
    c = store.memory_store()
    store.insert_events(c, pd.DataFrame(rows))
    return c


def test_the_profile_uses_the_effective_denominator(con):
    kw = {"as_of": "2025-03-01", "level": "point"}
    p = practice_profile(con, **kw)
    plain = practice_profile(con, **kw, clustering="none")
    assert p.attrs["ipgar"]["params"]["clustering"] == "case"
    rate = p.loc[p["measure"] == "contacts_per_month"]
    deff = float(rate["design_effect"].iloc[0])
    assert deff > 1  # eight contacts in one case against one in others
    for row in rate.itertuples():
        want = limits(row.denominator / deff, row.expected, "rate")
        assert row.upper_95 == pytest.approx(want["upper_95"])
        assert row.lower_95 == pytest.approx(want["lower_95"])
    assert (plain["design_effect"] == 1.0).all()
    plain_rate = plain.loc[plain["measure"] == "contacts_per_month"]
    assert (rate["upper_95"].to_numpy() > plain_rate["upper_95"].to_numpy()).all()
    # the funnel of the report is drawn at the same effective denominators
    lines = funnel_lines(p, measure="contacts_per_month")
    at = lines.iloc[len(lines) // 2]
    want = limits(at["denominator"] / deff, at["expected"], "rate")
    assert at["upper_95"] == pytest.approx(want["upper_95"])
    per = practice_profile(con, as_of="2025-03-01", level="measure")
    assert per.set_index("measure").loc["contacts_per_month", "design_effect"] == deff
    assert per.set_index("measure").loc["contact_gap", "design_effect"] == 1.0
