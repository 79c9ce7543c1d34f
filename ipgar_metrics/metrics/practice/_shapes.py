"""The two wide shapes of the practice profile: one row per measure, one row per group.

Both are made from the long points of ``_profile`` (one row per group and measure,
with its limits); no counting here.
"""

from __future__ import annotations

from typing import Any, Final

import numpy as np
import pandas as pd

from ipgar_metrics.metrics.practice import _limits as lim
from ipgar_metrics.metrics.practice._measures import MEASURES

#: The columns a share or rate gets beside its value (``expected`` first).
LIMIT_COLS: Final[tuple[str, ...]] = (
    "expected",
    "lower_95",
    "upper_95",
    "lower_998",
    "upper_998",
    "signal",
    "detectable_95",
)


#: The contact-gap columns of ``per_group`` after its group column, in their order.
CONTACT_GAP_COLS: Final[tuple[str, ...]] = (
    "cases",
    "over_threshold",
    "share_over_threshold",
    "expected_share",
    *LIMIT_COLS[1:],
    "active_cases",
)


def per_measure(points: pd.DataFrame, columns: list[str]) -> pd.DataFrame:
    """One row per measure: centre line, organisations, detectable difference, signals."""
    rows = []
    for m in MEASURES:
        p = points.loc[(points["measure"] == m.key) & (points["denominator"] > 0)]
        expected = float(p["expected"].iloc[0]) if len(p) else np.nan
        med = float(p["denominator"].median()) if len(p) else np.nan
        deff = float(p["design_effect"].iloc[0]) if len(p) else 1.0
        at = lim.effective_denominator(med, deff, m.kind) if m.kind != "median" else med
        rows.append(
            {
                "measure": m.key,
                "kind": m.kind,
                "expected": expected,
                "organisations": len(p),
                "median_denominator": med,
                "detectable_95": lim.detectable_difference(at, expected, m.kind)
                if m.kind != "median" and len(p)
                else np.nan,
                "signalled": int(p["signal"].isin(["boven", "onder"]).sum()),
                "overdispersion": float(p["overdispersion"].iloc[0])
                if len(p)
                else np.nan,
                "design_effect": deff,
            }
        )
    return pd.DataFrame(rows, columns=columns)


def per_group(points: pd.DataFrame, gaps: pd.DataFrame) -> pd.DataFrame:
    """One row per organisation: the contact-gap columns, then every other measure."""
    orgs = list(dict.fromkeys(points["org"]))
    cg = points.loc[points["measure"] == "contact_gap"].set_index("org").reindex(orgs)
    cases = gaps.loc[gaps["group"].notna()].groupby("group").size()
    cols: dict[str, Any] = {"org": orgs}
    cols["cases"] = cases.reindex(orgs, fill_value=0).astype("int64").to_numpy()
    cols["over_threshold"] = cg["numerator"].fillna(0).astype("int64").to_numpy()
    cols["share_over_threshold"] = cg["value"].to_numpy()
    cols["expected_share"] = cg["expected"].to_numpy()
    for col in LIMIT_COLS[1:]:
        cols[col] = cg[col].to_numpy()
    cols["active_cases"] = cg["denominator"].fillna(0).astype("int64").to_numpy()
    for m in MEASURES[1:]:
        p = points.loc[points["measure"] == m.key].set_index("org").reindex(orgs)
        cols[m.key] = p["value"].to_numpy()
        cols[f"{m.key}_n"] = p["denominator"].to_numpy()
        cols[f"{m.key}_expected"] = p["expected"].to_numpy()
        if m.kind != "median":
            for col in LIMIT_COLS[1:]:
                cols[f"{m.key}_{col}"] = p[col].to_numpy()
    return pd.DataFrame(cols)
