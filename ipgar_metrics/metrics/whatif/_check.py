"""A prediction beside what happened: did the what-if hold after the step was taken.

``prediction_check`` estimates the intake model as it stood on the day of a change
(``intake_model`` at ``as_of=change``: only what was known then), simulates the
scenario that describes the change, and sets its mean, median, p90 and share
admitted beside those observed for the reports of the months after the change
(the after period of ``ipgar evaluate``, ``evaluate.resolve_periods``), with the
lead times of ``lead_times``. Definitions: ``docs/metrics/whatif.md``, section
"Prediction against outcome".
"""

from __future__ import annotations

from datetime import date
from typing import Any, Final

import duckdb
import numpy as np
import pandas as pd

from ipgar_metrics import schema
from ipgar_metrics.errors import ConfigError
from ipgar_metrics.metrics._episodes import ipgar_attrs, require_as_of, resolve_as_of
from ipgar_metrics.metrics.evaluate import resolve_periods
from ipgar_metrics.metrics.leadtime import lead_times
from ipgar_metrics.metrics.whatif._comparison import BOOTSTRAP, scenario_comparison
from ipgar_metrics.metrics.whatif._model import COMPLETE_DAYS, intake_model
from ipgar_metrics.metrics.whatif._scenario import Scenario
from ipgar_metrics.schema import Period

CHECK_COLUMNS: Final[dict[str, str]] = {
    "statistic": "str: mean_days, median_days, p90_days or share_admitted",
    "before": "float: observed in the reports the model was estimated from",
    "baseline": "float: predicted without the change (the model as estimated)",
    "predicted": "float: predicted under the scenario",
    "lower": "float: 2.5% point of the prediction's interval (runs of one year, resampled models)",
    "upper": "float: 97.5% point of the prediction's interval",
    "observed": "float: observed for the reports of the after period",
    "n_observed": "int: admitted reports (share_admitted: complete reports) it is over",
    "inside": "bool: the observed value lies in [lower, upper]",
    "relative_error": "float: (predicted - observed) / observed",
}
OUTPUT_COLUMNS: Final[dict[str, dict[str, str]]] = {"prediction_check": CHECK_COLUMNS}
_STATS: Final[tuple[tuple[str, str], ...]] = (
    ("mean_days", "mean"),
    ("median_days", "median"),
    ("p90_days", "p90"),
    ("share_admitted", "share"),
)


def prediction_check(
    con: duckdb.DuckDBPyConnection,
    *,
    scenario: Scenario,
    change: date,
    as_of: Any,
    window_months: int = 12,
    after: Period | None = None,
    runs: int = 1000,
    seed: int = 0,
    bootstrap: int = BOOTSTRAP,
    complete_days: int = COMPLETE_DAYS,
) -> pd.DataFrame:
    """The prediction made on the day of ``change`` beside the months after it.

    Parameters
    ----------
    con
        The event store.
    scenario
        The knobs that describe the change that was made.
    change
        The day the change took effect: the model is estimated as of that day
        (its complete reports, ``intake_model``), so nothing after it is used.
    as_of
        Reference time of the outcome: the lead times of the after period are
        read as of it.
    window_months, after
        The after period, as ``ipgar evaluate`` resolves it: ``window_months``
        months from ``change`` on, or ``after=(first_day, last_day)``. Its last
        day is moved back to ``complete_days`` (224) before ``as_of`` when later
        (a note says so): younger reports may not have ended.
    runs, seed, bootstrap
        As for ``scenario_comparison``.

    Returns
    -------
    pandas.DataFrame
        One row per statistic (mean_days, median_days, p90_days,
        share_admitted): ``CHECK_COLUMNS``. ``attrs["ipgar"]["params"]`` holds
        the change, the model's window, the after period, the knobs and the notes.
    """
    require_as_of(as_of, "prediction_check")
    if change is None:
        raise ConfigError("give the change date (the day the step took effect).")
    ts = resolve_as_of(as_of)
    change_day = pd.Timestamp(change).date()
    if after is None:
        first, last = resolve_periods(change=change_day, window_months=window_months)[
            "after"
        ]
    else:
        checked, _mode = schema.check_period(after, "started", function="the check")
        if checked is None or checked[0] is None or checked[1] is None:
            raise ConfigError("give the after period as (first_day, last_day).")
        first, last = (pd.Timestamp(d).date() for d in checked)
    notes: list[str] = []
    latest = (ts - pd.Timedelta(days=complete_days)).date()
    if last > latest:
        notes.append(
            f"after period cut at {latest.isoformat()}: younger reports may not have "
            "ended"
        )
        last = latest
    if first < change_day:
        raise ConfigError(
            "the after period starts before the change; give a period from the "
            "change date on."
        )
    if last < first:
        raise ConfigError(
            f"no complete reports after the change yet: a report must be "
            f"{complete_days} days old, so the outcome of a change on "
            f"{change_day.isoformat()} can be checked from "
            f"{(pd.Timestamp(change_day) + pd.Timedelta(days=complete_days)).date().isoformat()} on."
        )
    model = intake_model(con, as_of=change_day, complete_days=complete_days)
    notes = list(model.notes) + notes
    frame = scenario_comparison(
        con,
        as_of=change_day,
        model=model,
        scenario=scenario,
        runs=runs,
        seed=seed,
        bootstrap=bootstrap,
    ).set_index("what")
    eps = lead_times(con, as_of=ts, period=(first, last), period_mode="started")
    n_open = int(eps["is_open"].sum())
    if n_open:
        notes.append(f"{n_open} reports of the after period still open, left out")
    done = eps[~eps["is_open"]]
    days = done.loc[done["outcome"] == "instroom", "days"].to_numpy(dtype=float)
    if len(days) == 0:
        raise ConfigError(
            f"no admitted report between {first.isoformat()} and {last.isoformat()} "
            "has ended: nothing to check the prediction against; give a later --as-of."
        )
    observed = {
        "mean_days": float(np.mean(days)),
        "median_days": float(np.median(days)),
        "p90_days": float(np.quantile(days, 0.9)),
        "share_admitted": len(days) / len(done),
    }
    before = model.observed_days
    before_values = {
        "mean_days": float(np.mean(before)) if len(before) else np.nan,
        "median_days": float(np.median(before)) if len(before) else np.nan,
        "p90_days": float(np.quantile(before, 0.9)) if len(before) else np.nan,
        "share_admitted": model.decision_shares["instroom"],
    }
    rows = []
    for column, stat in _STATS:
        lo = float(frame.loc["scenario", f"{stat}_lower"])
        hi = float(frame.loc["scenario", f"{stat}_upper"])
        predicted = float(frame.loc["scenario", column])
        seen = observed[column]
        rows.append(
            {
                "statistic": column,
                "before": before_values[column],
                "baseline": float(frame.loc["baseline", column]),
                "predicted": predicted,
                "lower": lo,
                "upper": hi,
                "observed": seen,
                "n_observed": len(done) if column == "share_admitted" else len(days),
                "inside": bool(lo <= seen <= hi),
                "relative_error": (predicted - seen) / seen if seen else np.nan,
            }
        )
    out = pd.DataFrame(rows, columns=list(CHECK_COLUMNS))
    out.attrs["ipgar"] = ipgar_attrs(
        con,
        ts,
        change=change_day.isoformat(),
        window=[d.isoformat() for d in model.window],
        after=[first.isoformat(), last.isoformat()],
        knobs=dict(scenario.knobs),
        scenario=scenario.name,
        description=scenario.description,
        runs=runs,
        seed=seed,
        bootstrap=bootstrap,
        notes=notes,
    )
    return out
