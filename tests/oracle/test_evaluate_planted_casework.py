"""Planted effects on contact and integrality, found by the before/after evaluation.

The simulator switches a parameter at a calendar date (``PARAMS["changes"]``,
``simulation/_changes.py``): here the contact rhythm of the largest case-manager
organisation (``oov``: a mean of 24 days between contacts becomes 8) and the share of
interventions the case manager's own organisation delivers (0.62 becomes 0.30), both
from ``CHANGE``, after the simulator's four-year burn-in. ``compare_periods`` (12
months before against 12 months after, on the store of the simulated events) must
find each planted change in the right direction (Mann-Whitney p < 0.05), must not
see it in the other metric, and must not find a change when none is planted.

Sizes were chosen for high power, measured on seeds 0-9 before these tests were
written: with 800 cases the contact plant was found in 10 of 10 seeds, the
own-organisation plant with 600 cases in 10 of 10; with nothing planted the
Mann-Whitney test rejected in 0 of 10 seeds for either metric.
"""

from __future__ import annotations

import json
import warnings
from datetime import date
from pathlib import Path

import pandas as pd
import pytest

from ipgar_metrics import store
from ipgar_metrics.errors import ConfigError
from ipgar_metrics.metrics.evaluate import compare_periods
from ipgar_metrics.simulation import simulate

CHANGE = date(2024, 1, 1)
AS_OF = date(2025, 7, 1)  # six months after the after-window: its contacts closed
CONTACT_PLANT = {"contact_mean_days_by_org": {"oov": 8}}
OWN_PLANT = {"own_org_p": 0.30}
PLANT_SEEDS = (0, 1, 2)
NULL_SEEDS = range(10, 20)


def _run(root: Path, seed: int, cases: int, plant: dict) -> tuple[dict, dict]:
    """Simulate, load the events, compare both case-work metrics; and the truth."""
    out = root / f"{seed}-{'-'.join(plant) or 'none'}"
    changes = [{"from": CHANGE.isoformat(), "set": plant}] if plant else []
    simulate(cases, seed, out, AS_OF, write_xlsx=False, params={"changes": changes})
    con = store.memory_store()
    store.insert_events(con, pd.read_csv(out / "events.csv", dtype=str))
    result = {}
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # guard rails are not under test here
        for metric in ("contact", "integrality"):
            result[metric] = compare_periods(
                con, change=CHANGE, metric=metric, as_of=AS_OF, n_boot=200, seed=seed
            ).set_index("statistic")
    con.close()
    return result, json.loads((out / "truth.json").read_text(encoding="utf-8"))


def _median(res: pd.DataFrame) -> pd.Series:
    """The median row (it carries the Mann-Whitney test)."""
    return res.loc[next(s for s in res.index if s.startswith("median_"))]


def _year(truth: dict, year: int) -> dict:
    return next(r for r in truth["years"] if r["year"] == year)


@pytest.fixture(scope="module")
def contact_runs(tmp_path_factory):
    root = tmp_path_factory.mktemp("plant_contact")
    return [_run(root, seed, 800, CONTACT_PLANT) for seed in PLANT_SEEDS]


@pytest.fixture(scope="module")
def own_runs(tmp_path_factory):
    root = tmp_path_factory.mktemp("plant_own")
    return [_run(root, seed, 600, OWN_PLANT) for seed in PLANT_SEEDS]


@pytest.fixture(scope="module")
def null_runs(tmp_path_factory):
    root = tmp_path_factory.mktemp("plant_none")
    return [_run(root, seed, 600, {}) for seed in NULL_SEEDS]


def test_the_truth_records_the_plant_and_shows_it(contact_runs, own_runs):
    for (_, truth), plant in (
        (contact_runs[0], CONTACT_PLANT),
        (own_runs[0], OWN_PLANT),
    ):
        assert truth["parameters"]["changes"] == [
            {"from": "2024-01-01", "set": json.loads(json.dumps(plant))}
        ]
        assert truth["planted"][0]["from"] == "2024-01-01"
    at = contact_runs[0][1]["planted"][0]["applies_at"]
    assert at == {"contact_mean_days_by_org": "contact"}
    assert own_runs[0][1]["planted"][0]["applies_at"] == {"own_org_p": "intervention"}
    for _, truth in contact_runs:  # more contacts per day in the approach
        before, after = _year(truth, 2023), _year(truth, 2024)
        rate = [
            r["contacts"] / (r["person_days"] - r["paused_days"])
            for r in (before, after)
        ]
        assert rate[1] > 1.2 * rate[0], rate
    for _, truth in own_runs:
        before, after = _year(truth, 2023), _year(truth, 2024)
        share = [
            r["own_org_interventions"] / r["interventions"] for r in (before, after)
        ]
        assert share[1] < share[0] - 0.15, share


def test_a_planted_contact_change_is_found(contact_runs):
    for result, _ in contact_runs:
        row = _median(result["contact"])
        assert row["difference"] < 0  # shorter intervals between contacts
        assert row["p_value"] < 0.05
        assert row["test"] == "mann_whitney"


def test_a_planted_own_organisation_change_is_found(own_runs):
    for result, _ in own_runs:
        row = _median(result["integrality"])
        assert row["difference"] < 0  # a smaller own-organisation share
        assert row["p_value"] < 0.05
        mean = result["integrality"].loc["mean_share"]
        assert mean["ci_upper"] < 0  # the bootstrap interval excludes no change


def test_a_plant_is_not_seen_in_the_other_metric(contact_runs, own_runs):
    # the contact plant leaves the own-organisation share, and the other way round
    found = sum(
        _median(r["integrality"])["p_value"] < 0.05 for r, _ in contact_runs
    ) + sum(_median(r["contact"])["p_value"] < 0.05 for r, _ in own_runs)
    assert found <= 1


def test_nothing_is_found_when_nothing_is_planted(null_runs):
    # 10 seeds per metric at a nominal 5%: 3 or more rejections has probability 1.2%
    for metric in ("contact", "integrality"):
        rejected = [
            seed
            for seed, (r, _) in zip(NULL_SEEDS, null_runs, strict=True)
            if _median(r[metric])["p_value"] < 0.05
        ]
        assert len(rejected) <= 2, (metric, rejected)


def test_a_planted_lead_time_change_switches_at_the_report_date(tmp_path):
    # the same mechanism for the assessment: no information rounds from the date on
    changes = [{"from": "2022-01-01", "set": {"loops_p": [1, 0, 0, 0, 0, 0]}}]
    simulate(
        300,
        4,
        tmp_path,
        date(2023, 1, 1),
        write_xlsx=False,
        params={"changes": changes},
    )
    truth = json.loads((tmp_path / "truth.json").read_text(encoding="utf-8"))
    eps = pd.DataFrame(truth["episodes"])
    after = pd.to_datetime(eps["melding_at"], utc=True) >= pd.Timestamp(
        "2022-01-01", tz="Europe/Amsterdam"
    )
    # after the date no 'meer_informatie' round: the IVG-R discusses a case once
    assert (eps.loc[after, "ivgr_count"] <= 1).all()
    assert (eps.loc[~after, "ivgr_count"] > 1).mean() > 0.5


@pytest.mark.parametrize(
    ("changes", "words"),
    [
        ([{"from": "2024-01-01", "set": {"stay_sigma": 1}}], 'parameter "stay_sigma"'),
        ([{"from": "1-1-2024", "set": {"own_org_p": 0.3}}], "YYYY-MM-DD"),
        ([{"date": "2024-01-01", "set": {}}], '"from"'),
    ],
)
def test_a_wrong_change_is_refused_before_anything_is_written(tmp_path, changes, words):
    with pytest.raises(ConfigError, match=words):
        simulate(20, 1, tmp_path / "out", params={"changes": changes})
    assert not (tmp_path / "out").exists()
