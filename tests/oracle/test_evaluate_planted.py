"""Planted-effect checks of the before/after evaluation (issue 8) on the simulator.

Planting an effect without changing the simulator: two runs with the same seed,
case count and span, run B with the information loops halved (``loops_p`` of B =
half of A's distribution plus half "no loop", so the mean number of rounds halves).
A single random stream drives the simulator, so case *i* does not get the same
report time in both runs once the loops differ (checked below). So the runs are
spliced by report date instead: run A's cases first reported before the change
date (cut at any later report on or after it, so no old-regime episode is reported
after the change), and run B's cases first reported on or after it, with "A"/"B"
prefixed to the case ids. The planted size is the difference of the true median
lead time (truth.json ``lead_days``) between the two full runs, computed here from
the truth files only.

With no planted effect, the Mann-Whitney test and the bootstrap interval of the
median difference should reject in about 5% of seeds; 50 seeds are run and the
false-positive rate must stay at most 0.12.
"""

from __future__ import annotations

import importlib
import json
import warnings
from datetime import date
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from ipgar_metrics import store
from ipgar_metrics.errors import DataQualityWarning
from ipgar_metrics.metrics.evaluate._compare import compare_periods
from ipgar_metrics.metrics.evaluate._its import interrupted_time_series

# the module, not the function that ipgar_metrics re-exports under the same name
sim = importlib.import_module("ipgar_metrics.simulation._simulator")

# Only the events that make episodes and lead times (the loader would take all);
# fewer rows make the 50-seed loop fast.
LEADTIME_ACTIVITIES = [
    "melding",
    "info_aanvraag",
    "info_ontvangen",
    "ivgr_advies",
    "ptor_besluit",
    "preventief_gesprek",
    "instroom",
    "uitstroom",
]
CHANGE = date(2021, 1, 1)
AS_OF = date(2022, 9, 1)  # 8 months after the after-window: all its reports decided
SPAN = {"start_date": "2019-01-07"}
N_CASES = 600
PLANT_SEED = 3


@pytest.fixture(scope="module")
def no_xlsx():
    # export.xlsx is not needed here and costs most of the simulation time; the
    # simulator skips it when the export does not fit one sheet.
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(sim, "EXCEL_MAX_ROWS", 0)
        yield


def _simulate(out: Path, seed: int, cases: int, as_of: date, params: dict) -> None:
    sim.simulate(cases=cases, seed=seed, out_dir=out, as_of=as_of, params=params)


def _events(out: Path) -> pd.DataFrame:
    ev = pd.read_csv(out / "events.csv", dtype=str)
    return ev[ev["activity"].isin(LEADTIME_ACTIVITIES)].reset_index(drop=True)


def _halved_loops() -> list[float]:
    loops = sim.PARAMS["loops_p"]
    return [0.5 * p + (0.5 if i == 0 else 0.0) for i, p in enumerate(loops)]


def _splice(a: pd.DataFrame, b: pd.DataFrame, change: date) -> pd.DataFrame:
    cut = pd.Timestamp(change).tz_localize("Europe/Amsterdam").tz_convert("UTC")
    parts = []
    for tag, ev in (("A", a), ("B", b)):
        ev = ev.assign(_ts=pd.to_datetime(ev["timestamp"], utc=True, format="ISO8601"))
        reports = ev[ev["activity"] == "melding"]
        first = reports.groupby("case_id")["_ts"].min()
        if tag == "A":
            ev = ev[ev["case_id"].isin(first[first < cut].index)]
            later = reports[reports["_ts"] >= cut].groupby("case_id")["_ts"].min()
            stop = ev["case_id"].map(later)
            ev = ev[stop.isna() | (ev["_ts"] < stop)]
        else:
            ev = ev[ev["case_id"].isin(first[first >= cut].index)]
        parts.append(ev.assign(case_id=tag + ev["case_id"]).drop(columns="_ts"))
    return pd.concat(parts, ignore_index=True)


def _true_median(truth_path: Path, as_of: date) -> tuple[float, float]:
    """Median lead_days and mean info_loops of episodes reported early enough to be
    decided by as_of (the simulator caps a lead time at 224 days)."""
    truth = json.loads(truth_path.read_text(encoding="utf-8"))
    last = pd.Timestamp(as_of, tz="Europe/Amsterdam") - pd.Timedelta(days=230)
    eps = pd.DataFrame(truth["episodes"])
    eps = eps[pd.to_datetime(eps["melding_at"], utc=True) < last]
    return float(eps["lead_days"].dropna().median()), float(eps["info_loops"].mean())


@pytest.fixture(scope="module")
def planted(tmp_path_factory, no_xlsx):
    root = tmp_path_factory.mktemp("planted")
    _simulate(root / "A", PLANT_SEED, N_CASES, AS_OF, SPAN)
    _simulate(
        root / "B", PLANT_SEED, N_CASES, AS_OF, {**SPAN, "loops_p": _halved_loops()}
    )
    con = store.memory_store()
    store.insert_events(con, _splice(_events(root / "A"), _events(root / "B"), CHANGE))
    med_a, loops_a = _true_median(root / "A" / "truth.json", AS_OF)
    med_b, loops_b = _true_median(root / "B" / "truth.json", AS_OF)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        result = compare_periods(con, change=CHANGE, as_of=AS_OF, n_boot=2000, seed=1)
        its = interrupted_time_series(con, change=CHANGE, as_of=AS_OF)
    yield {
        "root": root,
        "con": con,
        "result": result.set_index("statistic"),
        "its": its,
        "planted": med_b - med_a,
        "loops": (loops_a, loops_b),
    }
    con.close()


def test_censoring_is_warned_for_an_early_export(planted):
    # as_of four months into the after-window: with lead times of about 8 weeks, a
    # large part of its reports (about a quarter) is still open
    with pytest.warns(DataQualityWarning) as caught:
        res = compare_periods(
            planted["con"], change=CHANGE, as_of=date(2021, 5, 1), n_boot=200
        )
    codes = [w["code"] for w in res.attrs["warnings"]]
    assert "censoring" in codes
    assert "period_after_as_of" in codes
    assert any("still open" in str(w.message) for w in caught)
    r = res.set_index("statistic")
    assert r.loc["open_share", "after"] > 0.10
    # the naive median of the completed ones is lower than the KM median
    assert r.loc["median_days", "after"] < r.loc["km_median_days", "after"]


def test_a_planted_change_of_mix_is_warned(planted, no_xlsx):
    # run C: same seed, most reports from CTER instead of MAP; spliced like B
    root = planted["root"]
    mix = {"MAP": 0.15, "CTER": 0.75, "overig": 0.10}
    _simulate(root / "C", PLANT_SEED, N_CASES, AS_OF, {**SPAN, "report_source_p": mix})
    con = store.memory_store()
    store.insert_events(con, _splice(_events(root / "A"), _events(root / "C"), CHANGE))
    with pytest.warns(DataQualityWarning):
        res = compare_periods(con, change=CHANGE, as_of=AS_OF, n_boot=200)
    codes = [w["code"] for w in res.attrs["warnings"]]
    assert "mix_changed" in codes
    table = pd.DataFrame(res.attrs["evaluate"]["mix"]).set_index(["segment", "value"])
    assert table.loc[("report_source", "CTER"), "difference_points"] > 20
    assert table.loc[("report_source", "CTER"), "p_value"] < 0.001
    con.close()


def test_same_seed_does_not_give_the_same_report_times(planted):
    # Why the runs are spliced by report date and not by case index.
    firsts = []
    for run in ("A", "B"):
        truth = json.loads((planted["root"] / run / "truth.json").read_text())
        firsts.append(
            {
                e["case_id"]: e["melding_at"]
                for e in truth["episodes"]
                if e["episode"] == 1
            }
        )
    same = sum(firsts[0].get(k) == v for k, v in firsts[1].items())
    assert same < len(firsts[1]) / 2


def test_the_plant_halved_the_loops_and_shortened_the_lead_time(planted):
    loops_a, loops_b = planted["loops"]
    assert loops_b < loops_a  # info_loops also counts the request before the IVG-R
    assert planted["planted"] < -5  # days


def test_lead_time_decrease_found_with_a_ci_covering_the_planted_size(planted):
    row = planted["result"].loc["median_days"]
    assert row["difference"] < 0
    assert row["ci_upper"] < 0  # found: the interval excludes no change
    assert row["ci_lower"] <= planted["planted"] <= row["ci_upper"]
    assert row["p_value"] < 0.05  # Mann-Whitney
    assert bool(row["significant"])


def test_the_primary_finds_more_reports_decided_within_8_weeks(planted):
    # fewer information rounds: more reports decided within 8 weeks; the primary
    # (censoring-aware share) sees it, and the sentence says so with the caveat
    row = planted["result"].loc["decided_8w_share"]
    assert row["role"] == "primary"
    assert row["difference"] > 0 and row["ci_lower"] > 0
    assert bool(row["significant"])
    text = planted["result"].attrs["evaluate"]["sentence_nl"]
    assert (
        " steeg het aandeel meldingen met instroom of besluit binnen 8 weken " in text
    )
    assert text.endswith("niet de oorzaak ervan.")


def test_km_and_logrank_see_the_same_decrease(planted):
    km = planted["result"].loc["km_median_days"]
    assert km["after"] < km["before"]
    assert km["p_value"] < 0.05


def test_its_finds_a_level_drop(planted):
    coef = {c["term"]: c for c in planted["its"].attrs["its"]["coefficients"]}
    level = coef["level_change"]
    assert level["estimate"] < 0
    assert level["ci_lower"] <= planted["planted"] <= level["ci_upper"]
    assert "daalde" in planted["its"].attrs["its"]["sentence_nl"]


@pytest.fixture(scope="module")
def null_runs(tmp_path_factory, no_xlsx):
    """50 seeds without a planted effect: 300 cases over three years."""
    root = tmp_path_factory.mktemp("null")
    rows, seed = [], 0
    while len(rows) < 50 and seed < 60:
        out = root / str(seed)
        try:
            _simulate(out, seed, 300, date(2023, 3, 1), {"start_date": "2020-01-06"})
        except ValueError:
            # simulator bug (a fault planted in a case without contacts, seed 44
            # of this setup): skip the seed, it is no evidence either way
            seed += 1
            continue
        con = store.memory_store()
        store.insert_events(con, _events(out))
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            res = compare_periods(
                con,
                change=date(2021, 7, 1),
                as_of=date(2023, 3, 1),
                n_boot=300,
                seed=seed,
            ).set_index("statistic")
        con.close()
        rows.append(
            {
                "n_before": res.loc["n", "before"],
                "n_after": res.loc["n", "after"],
                "mann_whitney": res.loc["median_days", "p_value"] < 0.05,
                "logrank": res.loc["km_median_days", "p_value"] < 0.05,
                "primary": bool(res.loc["decided_8w_share", "significant"]),
                # any row that claims a change (primary, or a Holm-adjusted secondary)
                "any_claim": bool(res["significant"].any()),
                "sentence_claims": " veranderde "
                not in res.attrs["evaluate"]["sentence_nl"],
            }
        )
        seed += 1
    return pd.DataFrame(rows)


def test_false_positive_rate_stays_near_nominal(null_runs):
    assert len(null_runs) == 50
    assert null_runs[["n_before", "n_after"]].min().min() >= 50
    cols = ["mann_whitney", "logrank", "primary", "any_claim", "sentence_claims"]
    rates = null_runs[cols].mean()
    # nominal 5%; with 50 seeds, 0.12 is about the 99th percentile of Binomial(50, .05)/50
    assert (rates <= 0.12).all(), rates.to_dict()
    assert np.isfinite(rates).all()
    # the sentence claims a change exactly when the primary is significant
    assert (null_runs["sentence_claims"] == null_runs["primary"]).all()
