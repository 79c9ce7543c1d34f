"""The items' case attributes: a left merge with ``cases``, looked up once per run."""

from __future__ import annotations

import numpy as np
import pandas as pd

from ipgar_metrics.metrics.evaluate._compare import BY_CHOICES, _case_attributes


def test_each_row_gets_its_cases_attributes_as_a_left_merge_would():
    cases = pd.DataFrame(
        {
            "case_id": ["A", "B", "C"],
            "report_source": ["MAP", "CTER", None],
            "risk_category": ["hoog", "laag", "midden"],
            "ideology": ["x", "y", "z"],
        }
    )
    # runs of equal ids, a case that comes back later, one not in cases, one alone
    ids = np.array(["B", "B", "A", "A", "A", "B", "Z", "C", "A"], dtype=object)
    got = _case_attributes(cases, ids)
    merged = pd.DataFrame({"case_id": ids}).merge(cases, on="case_id", how="left")
    for col in BY_CHOICES:
        pd.testing.assert_series_equal(
            pd.Series(got[col], dtype=object),
            merged[col].astype(object),
            check_names=False,
        )


def test_no_items():
    cases = pd.DataFrame({c: ["A"] for c in ("case_id", *BY_CHOICES)})
    got = _case_attributes(cases, np.array([], dtype=object))
    assert all(len(v) == 0 for v in got.values())
