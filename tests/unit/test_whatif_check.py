"""A prediction beside the outcome: ``prediction_check`` on a planted change.

The simulator halves every round's probability of asking for more information from
``CHANGE`` on (the plant of ``tests/oracle/test_whatif_prediction.py``, at 600
cases so it runs in seconds). The check estimates the model as of ``CHANGE`` and
simulates ``info_loops=0.5``; its observed figures must be those of the admitted
reports of the after period read from ``truth.json`` (not from the store), and the
prediction must hold them in its interval while the baseline misses by far.
"""

from __future__ import annotations

import json
from datetime import date, timedelta

import numpy as np
import pandas as pd
import pytest

from ipgar_metrics import prediction_check, store
from ipgar_metrics.errors import ConfigError
from ipgar_metrics.metrics.whatif import Scenario
from ipgar_metrics.simulation import simulate
from tests.oracle.test_whatif_prediction import PLANTS

CHANGE = date(2023, 1, 1)
AS_OF = date(2026, 11, 1)
LAST = AS_OF - timedelta(days=224)  # the last complete report day


@pytest.fixture(scope="module")
def planted(tmp_path_factory):
    root = tmp_path_factory.mktemp("planted")
    plant, _knobs = PLANTS["rounds"]
    simulate(
        600,
        1,
        root / "sim",
        AS_OF,
        write_xlsx=False,
        params={"changes": [{"from": CHANGE.isoformat(), "set": plant}]},
    )
    db = root / "planted.duckdb"
    with store.connect(db, read_only=False) as con:
        store.insert_events(con, pd.read_csv(root / "sim" / "events.csv", dtype=str))
    truth = json.loads((root / "sim" / "truth.json").read_text(encoding="utf-8"))
    return db, truth


def _truth_after(truth, first, last):
    eps = [
        ep
        for ep in truth["episodes"]
        if first <= pd.Timestamp(ep["melding_at"]).date() <= last
    ]
    days = np.array([ep["lead_days"] for ep in eps if ep["outcome"] == "instroom"])
    return days, len(eps)


@pytest.fixture(scope="module")
def check(planted):
    db, _truth = planted
    with store.connect(db, read_only=True) as con:
        return prediction_check(
            con,
            scenario=Scenario("minder rondes", "", {"info_loops": 0.5}),
            change=CHANGE,
            as_of=AS_OF,
            after=(CHANGE, date(2026, 12, 31)),
            runs=400,
            bootstrap=40,
        ).set_index("statistic")


def test_observed_is_the_truth_of_the_after_period(planted, check):
    _con, truth = planted
    days, n_reports = _truth_after(truth, CHANGE, LAST)
    mean = check.loc["mean_days"]
    assert mean["n_observed"] == len(days)
    assert mean["observed"] == pytest.approx(days.mean(), rel=1e-6)
    assert check.loc["median_days", "observed"] == pytest.approx(np.median(days))
    share = check.loc["share_admitted"]
    assert share["observed"] == pytest.approx(len(days) / n_reports)
    # the after period was cut back to the last complete day, and said so
    params = check.attrs["ipgar"]["params"]
    assert params["after"] == [CHANGE.isoformat(), LAST.isoformat()]
    assert any("cut at" in note for note in params["notes"])


def test_the_prediction_holds_and_the_baseline_does_not(check):
    mean = check.loc["mean_days"]
    assert bool(mean["inside"])
    assert mean["lower"] <= mean["observed"] <= mean["upper"]
    assert mean["relative_error"] == pytest.approx(
        (mean["predicted"] - mean["observed"]) / mean["observed"]
    )
    assert abs(mean["relative_error"]) < 0.15
    # the change is real: the process as it was would have missed by far more
    assert mean["baseline"] > 1.2 * mean["observed"]
    # before: the lead times the model was estimated from (reports before CHANGE)
    assert mean["before"] > 1.2 * mean["observed"]


def test_model_knows_nothing_after_the_change(planted, check):
    window = check.attrs["ipgar"]["params"]["window"]
    assert date.fromisoformat(window[1]) < CHANGE


def test_too_early_is_one_line(planted):
    db, _truth = planted
    with (
        store.connect(db, read_only=True) as con,
        pytest.raises(ConfigError, match="can be checked from 2023-08-13") as err,
    ):
        prediction_check(
            con,
            scenario=Scenario(),
            change=CHANGE,
            as_of=date(2023, 6, 1),
            runs=20,
            bootstrap=0,
        )
    assert "\n" not in str(err.value)


def test_cli_check_from(planted, capsys):
    from ipgar_metrics.cli._main import main

    db, _truth = planted
    code = main(
        [
            "whatif",
            "--db",
            str(db),
            "--as-of",
            AS_OF.isoformat(),
            "--check-from",
            CHANGE.isoformat(),
            "--set",
            "info_loops=0.5",
            "--runs",
            "100",
            "--bootstrap",
            "10",
            "--format",
            "json",
        ]
    )
    captured = capsys.readouterr()
    assert code == 0
    rows = {r["statistic"]: r for r in json.loads(captured.out)}
    assert set(rows) == {"mean_days", "median_days", "p90_days", "share_admitted"}
    assert rows["mean_days"]["predicted"] < rows["mean_days"]["baseline"]
    # the default after period (12 months) is said on stderr
    assert "12 months from the change" in captured.err
