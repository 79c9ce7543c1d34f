"""Prediction: a what-if model estimated before a planted change predicts after it.

The simulator switches a parameter at ``CHANGE`` (``simulation/_changes.py``, applied
to reports from that day). The model is estimated at ``CHANGE`` (complete reports of
the three years before), the matching scenario is simulated, and its mean lead time
to intake is compared with the mean over the admitted reports of ``CHANGE`` up to
32 weeks before ``AS_OF``, read from ``truth.json`` (not from the store). Two kinds
of change: fewer information rounds, shorter waits for information.

The rounds plant halves each round's probability of asking for more information:
the simulator draws the number of loops from ``loops_p``, whose hazards
``P(loops >= k | loops >= k - 1)`` are 0.7, 4/7, 1/2, 1/2, 1/2; the planted
``loops_p`` is the distribution of those hazards times 0.5, which is what the knob
``info_loops=0.5`` does to the estimated per-round probabilities. The waits plant
halves the median of the lognormal wait (12 -> 6 days), the knob ``info_wait=0.5``
halves every wait. 1,200 cases (about 120 reports a year) per seed.
"""

from __future__ import annotations

import json
from datetime import date, timedelta

import numpy as np
import pandas as pd
import pytest

from ipgar_metrics import store
from ipgar_metrics.metrics.whatif import Scenario, intake_model, scenario_comparison
from ipgar_metrics.simulation import simulate

CHANGE = date(2023, 1, 1)
AS_OF = date(2026, 11, 1)
CASES = 1200
SEEDS = (1, 2, 3)
HAZARDS = (0.7, 4 / 7, 0.5, 0.5, 0.5)


def _loops_p(factor: float) -> list[float]:
    out, alive = [], 1.0
    for h in HAZARDS:
        q = h * factor
        out.append(alive * (1 - q))
        alive *= q
    return [*out, alive]


def test_loops_p_of_factor_one_is_the_simulators():
    from ipgar_metrics.simulation._parameters import PARAMS

    assert _loops_p(1.0) == pytest.approx(PARAMS["loops_p"])


PLANTS = {
    "rounds": ({"loops_p": _loops_p(0.5)}, {"info_loops": 0.5}),
    "waits": ({"info_wait_median_days": 6.0}, {"info_wait": 0.5}),
}


@pytest.mark.parametrize("seed", SEEDS)
@pytest.mark.parametrize("kind", sorted(PLANTS))
def test_prediction_after_a_planted_change(tmp_path, kind, seed):
    plant, knobs = PLANTS[kind]
    out = tmp_path / "sim"
    simulate(
        CASES,
        seed,
        out,
        AS_OF,
        write_xlsx=False,
        params={"changes": [{"from": CHANGE.isoformat(), "set": plant}]},
    )
    con = store.memory_store()
    store.insert_events(con, pd.read_csv(out / "events.csv", dtype=str))
    model = intake_model(con, as_of=CHANGE)
    frame = scenario_comparison(
        con, as_of=CHANGE, model=model, scenario=Scenario(kind, "", knobs), seed=0
    ).set_index("what")
    con.close()
    truth = json.loads((out / "truth.json").read_text(encoding="utf-8"))
    last = AS_OF - timedelta(days=224)
    after = np.array(
        [
            ep["lead_days"]
            for ep in truth["episodes"]
            if ep["outcome"] == "instroom"
            and CHANGE <= pd.Timestamp(ep["melding_at"]).date() <= last
        ]
    )
    assert len(after) > 150
    predicted = frame.loc["scenario"]
    assert predicted["mean_days"] == pytest.approx(after.mean(), rel=0.1)
    assert predicted["mean_lower"] <= after.mean() <= predicted["mean_upper"]
    # and the change is real: the baseline would have missed it by far more
    assert frame.loc["baseline", "mean_days"] > 1.2 * after.mean()
