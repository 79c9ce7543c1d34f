"""The simulator is stationary when nothing is planted, and its stock is 40-80 persons.

A null experiment (no change planted) on a generator that drifts measures the
generator, not the method. So over 20 seeds of the default simulation (600 cases,
2016-01-04 to 2026-11-01) the generator's own truth (``truth.json``: per episode the
true lead time, per year the stock, contacts and interventions) must show no
difference between calendar years in

- the lead time of the reports of a year (every year: the process has no memory);
- the own-organisation share of the interventions started in a year (every year);
- the contact frequency (contacts per 30 days in the approach and not paused) and
  the number of reports, after the burn-in;

and after the burn-in the stock (persons in the approach) lies within the 40-80 of
``domain.md``. The burn-in (``BURN_IN_YEARS``, docs/simulation.md) is the time the
stock needs to fill up: the log starts in 2016 with nobody in the approach, so the
first years hold only recent intakes (and no re-reports yet).

The year effect is tested with Friedman's test, seeds as blocks: each seed's yearly
values are ranked within the seed, so differences between seeds (a seed with more
slow cases) do not count, and persons' clustering of contacts is inside each value.
"""

from __future__ import annotations

import json
from datetime import date, timedelta
from pathlib import Path

import pandas as pd
import pytest
from scipy.stats import friedmanchisquare

from ipgar_metrics.simulation import simulate

SEEDS = range(20)
N_CASES = 600
AS_OF = date(2026, 11, 1)
#: Years in which the stock still fills up (docs/simulation.md, "Stationarity").
BURN_IN_YEARS = (2016, 2017, 2018, 2019)
#: Full calendar years of the simulation.
YEARS = tuple(range(2016, 2026))
#: A report this long before the export date is decided in the truth (32 weeks + a
#: week to the next PTO-R and the intake).
DECIDED_AFTER = timedelta(days=240)


@pytest.fixture(scope="module")
def truths(tmp_path_factory) -> list[dict]:
    out = []
    for seed in SEEDS:
        d: Path = tmp_path_factory.mktemp(f"stat{seed}")
        simulate(N_CASES, seed, d, AS_OF, write_xlsx=False)
        out.append(json.loads((d / "truth.json").read_text(encoding="utf-8")))
    return out


def _by_seed_year(truths: list[dict], value) -> pd.DataFrame:
    """A seeds x years table of ``value(row)`` over the truth's ``years`` rows."""
    rows = {
        seed: {r["year"]: value(r) for r in t["years"] if r["year"] in YEARS}
        for seed, t in zip(SEEDS, truths, strict=True)
    }
    return pd.DataFrame(rows).T[list(YEARS)]


def _friedman_p(table: pd.DataFrame) -> float:
    return float(friedmanchisquare(*(table[c] for c in table.columns)).pvalue)


def _after_burn_in(table: pd.DataFrame) -> pd.DataFrame:
    return table[[y for y in table.columns if y not in BURN_IN_YEARS]]


@pytest.fixture(scope="module")
def lead(truths) -> pd.DataFrame:
    """Mean true lead time (days) of the reports of each year, per seed."""
    last = pd.Timestamp(AS_OF, tz="Europe/Amsterdam") - DECIDED_AFTER
    rows = {}
    for seed, t in zip(SEEDS, truths, strict=True):
        eps = pd.DataFrame(t["episodes"])
        at = pd.to_datetime(eps["melding_at"], utc=True)
        eps = eps[at < last].assign(year=at.dt.year)
        assert eps["lead_days"].notna().all()  # every one of them is decided
        rows[seed] = eps.groupby("year")["lead_days"].mean()
    return pd.DataFrame(rows).T[list(YEARS)]


def test_the_truth_has_a_row_per_year_and_counts_add_up(truths):
    for t in truths:
        years = [r["year"] for r in t["years"]]
        assert years == list(range(2016, 2027))
        assert sum(r["days"] for r in t["years"]) == (AS_OF - date(2016, 1, 4)).days
        assert (
            sum(r["interventions"] for r in t["years"]) == (t["interventions"]["total"])
        )
        assert (
            sum(r["own_org_interventions"] for r in t["years"])
            == (t["interventions"]["own_org"])
        )
        assert sum(r["reports"] for r in t["years"]) == len(t["episodes"])
        intakes = sum(1 for e in t["episodes"] if e["instroom_at"] is not None)
        assert sum(r["intakes"] for r in t["years"]) == intakes
        for r in t["years"]:
            assert r["stock_min"] <= r["stock_mean"] <= r["stock_max"]
            assert r["person_days"] == pytest.approx(r["stock_mean"] * r["days"])
            assert 0 <= r["paused_days"] < r["person_days"] or r["person_days"] == 0


def test_lead_time_has_no_year_effect(lead):
    assert lead.notna().all().all()
    assert _friedman_p(lead) > 0.01, lead.mean().round(1).to_dict()
    # and no year's mean over seeds is more than 4 days from the overall mean
    # (its standard error is about 1.5 days)
    assert (lead.mean() - lead.mean().mean()).abs().max() < 4


def test_own_organisation_share_has_no_year_effect(truths):
    share = _by_seed_year(
        truths, lambda r: r["own_org_interventions"] / r["interventions"]
    )
    assert _friedman_p(share) > 0.01, share.mean().round(3).to_dict()


def test_contact_frequency_has_no_year_effect_after_the_burn_in(truths):
    rate = _by_seed_year(
        truths, lambda r: 30 * r["contacts"] / (r["person_days"] - r["paused_days"])
    )
    steady = _after_burn_in(rate)
    assert _friedman_p(steady) > 0.01, steady.mean().round(3).to_dict()


def test_reports_per_year_have_no_year_effect_after_the_burn_in(truths):
    reports = _after_burn_in(_by_seed_year(truths, lambda r: r["reports"]))
    assert _friedman_p(reports) > 0.01, reports.mean().round(1).to_dict()


def test_stock_is_40_to_80_and_flat_after_the_burn_in(truths):
    stock = _after_burn_in(_by_seed_year(truths, lambda r: r["stock_mean"]))
    assert stock.min().min() >= 40, stock.min().to_dict()
    assert stock.max().max() <= 80, stock.max().to_dict()
    # flat: no year effect, and the mean over seeds moves less than 5 persons
    assert _friedman_p(stock) > 0.01, stock.mean().round(1).to_dict()
    assert stock.mean().max() - stock.mean().min() < 5, stock.mean().round(1).to_dict()
