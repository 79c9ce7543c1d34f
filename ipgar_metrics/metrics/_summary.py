"""One shared way to summarise a per-episode or per-case frame.

Every ``level="summary"`` result in the toolkit is made here, so all summaries have
the same columns (edeaR style).
"""

from __future__ import annotations

import warnings
from collections.abc import Sequence
from typing import Any

import numpy as np
import pandas as pd

from ipgar_metrics import schema
from ipgar_metrics.errors import DataQualityWarning

#: Columns of every summary, after the ``by`` columns.
SUMMARY_COLUMNS: tuple[str, ...] = (
    "n",
    "n_open",
    "mean_days",
    "median_days",
    "p10_days",
    "p25_days",
    "p75_days",
    "p90_days",
    "min_days",
    "max_days",
)


def summarise(
    frame: pd.DataFrame,
    *,
    value: str = "days",
    by: Sequence[str] = (),
    open_col: str | None = "is_open",
    unit: str = "days",
) -> pd.DataFrame:
    """Distribution statistics of ``value`` per ``by`` group.

    Rows where ``open_col`` is true are counted in ``n_open`` and left out of the
    statistics (they have no end yet). Quantiles use linear interpolation (numpy's
    default, the same as pandas, pm4py and R type 7). A ``by`` of a special
    category (ideology, risk category) that no row has warns
    (``DataQualityWarning``): the store was loaded without it (no opt-in).

    Returns
    -------
    One row per ``by`` group (one row in all when ``by`` is empty): the ``by``
    columns, ``n`` (closed rows with a value), ``n_open``, ``mean_<unit>``,
    ``median_<unit>``, ``p10_<unit>``, ``p25_<unit>``, ``p75_<unit>``,
    ``p90_<unit>``, ``min_<unit>``, ``max_<unit>``.
    """
    by = list(by)
    cols = [c.replace("days", unit) for c in SUMMARY_COLUMNS]
    if frame.empty:
        return pd.DataFrame(columns=[*by, *cols])
    for name in by:
        if name in schema.SPECIAL_CATEGORIES and frame[name].isna().all():
            warnings.warn(
                schema.SPECIAL_ABSENT.format(name=name)
                + "; the breakdown shows one group without a value.",
                DataQualityWarning,
                stacklevel=2,
            )
    is_open = (
        frame[open_col].fillna(False).astype(bool)
        if open_col and open_col in frame.columns
        else pd.Series(False, index=frame.index)
    )
    work = frame.assign(_open=is_open)
    groups = (
        work.groupby(by, dropna=False, sort=True, observed=True) if by else [((), work)]
    )
    rows: list[dict[str, Any]] = []
    for key, grp in groups:
        key_t = key if isinstance(key, tuple) else (key,)
        vals = grp.loc[~grp["_open"], value].dropna().to_numpy(dtype=float)
        row: dict[str, Any] = dict(zip(by, key_t, strict=False))
        row.update(_stats(vals, int(grp["_open"].sum()), cols))
        rows.append(row)
    out = pd.DataFrame(rows, columns=[*by, *cols])
    out["n"] = out["n"].astype("int64")
    out["n_open"] = out["n_open"].astype("int64")
    return out


def _stats(vals: np.ndarray, n_open: int, cols: list[str]) -> dict[str, Any]:
    n = len(vals)
    if n == 0:
        stats = [np.nan] * 8
    else:
        q = np.quantile(vals, [0.5, 0.1, 0.25, 0.75, 0.9])
        stats = [vals.mean(), q[0], q[1], q[2], q[3], q[4], vals.min(), vals.max()]
    return dict(zip(cols, [n, n_open, *stats], strict=True))
