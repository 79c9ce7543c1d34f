"""``fig_whatif_distributions``: the admitted reports of each frame, side by side."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from ipgar_metrics import fig_whatif_distributions

# a simulate_intake frame (days NaN: not taken in) and a lead_times frame (outcome,
# is_open): the admitted, ended reports are 10, 30 and 20, 40
SIMULATED = pd.DataFrame(
    {"run": [0, 0, 1], "outcome": ["instroom", "geen_instroom", "instroom"]}
).assign(days=[10.0, np.nan, 30.0])
OBSERVED = pd.DataFrame(
    {
        "days": [20.0, 40.0, 5.0, 50.0],
        "outcome": ["instroom", "instroom", "geen_instroom", "instroom"],
        "is_open": [False, False, False, True],
    }
)


def test_boxes_hold_the_admitted_reports():
    fig = fig_whatif_distributions({"voorspeld": SIMULATED, "waargenomen": OBSERVED})
    assert [t.name for t in fig.data] == ["voorspeld", "waargenomen"]
    assert sorted(fig.data[0].y) == [10.0, 30.0]
    assert sorted(fig.data[1].y) == [20.0, 40.0]
    assert fig.layout.yaxis.title.text == "doorlooptijd (dagen)"


def test_ecdf_in_english():
    fig = fig_whatif_distributions({"observed": OBSERVED}, lang="en", kind="ecdf")
    assert list(fig.data[0].x) == [20.0, 40.0]
    assert list(fig.data[0].y) == [0.5, 1.0]
    assert fig.layout.xaxis.title.text == "lead time (days)"
    with pytest.raises(ValueError, match="unknown kind"):
        fig_whatif_distributions({"x": OBSERVED}, kind="violin")
