"""Baseline, scenario and observed side by side: the answer of ``ipgar whatif``."""

from __future__ import annotations

from datetime import date
from typing import Any, Final

import duckdb
import numpy as np
import pandas as pd

from ipgar_metrics.metrics._episodes import ipgar_attrs
from ipgar_metrics.metrics.whatif._model import (
    IntakeModel,
    bootstrap_model,
    intake_model,
)
from ipgar_metrics.metrics.whatif._scenario import Scenario
from ipgar_metrics.metrics.whatif._simulate import run_statistics, simulate_intake

#: Output columns of the public functions (function -> column -> "dtype: meaning").
COMPARISON_COLUMNS: Final[dict[str, str]] = {
    "what": "str: baseline, scenario or observed",
    "name": "str: the scenario's name (baseline: 'baseline'; observed: 'observed')",
    "mean_days": "float: mean lead time report -> intake of admitted reports",
    "mean_lower": "float: 2.5% of the run means (one run = one year of reports, over resampled models with bootstrap)",
    "mean_upper": "float: 97.5% of the run means",
    "median_days": "float: median lead time",
    "median_lower": "float: 2.5% of the run medians",
    "median_upper": "float: 97.5% of the run medians",
    "p90_days": "float: 90th percentile of the lead time",
    "p90_lower": "float: 2.5% of the run p90s",
    "p90_upper": "float: 97.5% of the run p90s",
    "share_admitted": "float: share of reports taken in",
    "share_lower": "float: 2.5% of the run shares",
    "share_upper": "float: 97.5% of the run shares",
    "n": "int: admitted reports (simulated over all runs, or observed)",
    "wasserstein_days": "float: distance (days) of the lead-time distribution to the observed one",
}
OUTPUT_COLUMNS: Final[dict[str, dict[str, str]]] = {
    "scenario_comparison": COMPARISON_COLUMNS
}
#: What the model leaves out, said with every answer (``docs/metrics/whatif.md``).
LIMITS: Final[tuple[str, ...]] = (
    "steps are independent: fewer information rounds or shorter waits do not change "
    "the decisions or the advice",
    "no queue: more reports do not make the meetings fuller",
    "a prediction is checked against the months after the change with "
    "ipgar whatif --check-from DATE",
)
#: Models re-estimated from resampled episodes for the intervals, by default.
BOOTSTRAP: Final[int] = 100
#: The statistics with an interval, and the name of their columns.
_STATS: Final[tuple[tuple[str, str], ...]] = (
    ("mean", "mean_days"),
    ("median", "median_days"),
    ("p90", "p90_days"),
    ("share", "share_admitted"),
)


def scenario_comparison(
    con: duckdb.DuckDBPyConnection,
    *,
    as_of: Any,
    scenario: Scenario | None = None,
    runs: int = 1000,
    seed: int = 0,
    window: tuple[date | None, date | None] | None = None,
    model: IntakeModel | None = None,
    bootstrap: int = BOOTSTRAP,
) -> pd.DataFrame:
    """Baseline, scenario and observed lead time to intake, with intervals.

    The model is estimated with ``intake_model`` (or given as ``model``); baseline
    and scenario are simulated with the same seed, and the figures are over all
    simulated reports. Intervals are the 2.5% and 97.5% points of a run's figure
    (one run is one year of reports). With ``bootstrap`` > 0 the interval runs are
    spread over that many models re-estimated from resamples of the estimation
    episodes (``bootstrap_model``), so the intervals hold the uncertainty of the
    estimate as well as a year's chance; with 0 they hold the year's chance only.

    Returns
    -------
    pandas.DataFrame
        Three rows (baseline, scenario, observed), columns ``COMPARISON_COLUMNS``;
        the observed row has no intervals. ``attrs["ipgar"]["params"]`` holds the
        knobs, the window and the model's notes.
    """
    if model is None:
        model = intake_model(con, as_of=as_of, window=window)
    scenario = scenario or Scenario()
    base = simulate_intake(model, runs=runs, seed=seed)
    scen = simulate_intake(model, scenario, runs=runs, seed=seed)
    if bootstrap > 0:
        base_runs, scen_runs = _bootstrap_runs(model, scenario, runs, seed, bootstrap)
    else:
        base_runs, scen_runs = run_statistics(base, runs), run_statistics(scen, runs)
    rows = [
        _row("baseline", "baseline", model, base, base_runs),
        _row("scenario", scenario.name, model, scen, scen_runs),
    ]
    obs = model.observed_days
    observed: dict[str, Any] = {c: np.nan for c in COMPARISON_COLUMNS}
    observed.update(
        what="observed",
        name="observed",
        mean_days=float(np.mean(obs)) if len(obs) else np.nan,
        median_days=float(np.median(obs)) if len(obs) else np.nan,
        p90_days=float(np.quantile(obs, 0.9)) if len(obs) else np.nan,
        share_admitted=model.decision_shares["instroom"],
        n=len(obs),
        wasserstein_days=0.0,
    )
    rows.append(observed)
    out = pd.DataFrame(rows, columns=list(COMPARISON_COLUMNS))
    out["n"] = out["n"].astype("int64")
    out.attrs["ipgar"] = ipgar_attrs(
        con,
        model.as_of,
        knobs=dict(scenario.knobs),
        scenario=scenario.name,
        description=scenario.description,
        window=[d.isoformat() for d in model.window],
        runs=runs,
        seed=seed,
        bootstrap=bootstrap,
        notes=list(model.notes),
    )
    return out


def _bootstrap_runs(
    model: IntakeModel, scenario: Scenario, runs: int, seed: int, bootstrap: int
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Per-run figures of baseline and scenario, the runs spread over resampled models."""
    rng = np.random.default_rng([seed, 18])
    per = -(-runs // bootstrap)
    base, scen = [], []
    for b in range(bootstrap):
        resampled = bootstrap_model(model, rng)
        run_seed = (seed + 1) * 100_003 + b
        base.append(
            run_statistics(simulate_intake(resampled, runs=per, seed=run_seed), per)
        )
        scen.append(
            run_statistics(
                simulate_intake(resampled, scenario, runs=per, seed=run_seed), per
            )
        )
    return pd.concat(base, ignore_index=True), pd.concat(scen, ignore_index=True)


def wasserstein_1d(u: np.ndarray[Any, Any], v: np.ndarray[Any, Any]) -> float:
    """The Wasserstein-1 (earth mover's) distance of two samples of numbers.

    The area between their empirical distribution functions: between two neighbouring
    values of the pooled sample both functions are flat, so the area is a sum of
    rectangles. scipy.stats.wasserstein_distance's number to rounding
    (``tests/unit/test_whatif.py``), without importing scipy.stats (most of a
    second, half of ``ipgar whatif`` at the realistic size).
    """
    u, v = np.sort(np.asarray(u, dtype=float)), np.sort(np.asarray(v, dtype=float))
    pooled = np.sort(np.concatenate([u, v]))
    below_u = np.searchsorted(u, pooled[:-1], side="right") / u.size
    below_v = np.searchsorted(v, pooled[:-1], side="right") / v.size
    return float(np.sum(np.abs(below_u - below_v) * np.diff(pooled)))


def _row(
    what: str,
    name: str,
    model: IntakeModel,
    simulated: pd.DataFrame,
    per_run: pd.DataFrame,
) -> dict[str, Any]:
    days = simulated["days"].to_numpy()
    days = days[~np.isnan(days)]
    row: dict[str, Any] = {
        "what": what,
        "name": name,
        "mean_days": float(np.mean(days)) if len(days) else np.nan,
        "median_days": float(np.median(days)) if len(days) else np.nan,
        "p90_days": float(np.quantile(days, 0.9)) if len(days) else np.nan,
        "share_admitted": len(days) / len(simulated) if len(simulated) else np.nan,
        "n": len(days),
        "wasserstein_days": wasserstein_1d(days, model.observed_days)
        if len(days) and len(model.observed_days)
        else np.nan,
    }
    for stat, column in _STATS:
        values = per_run[column].to_numpy(dtype=float)
        values = values[~np.isnan(values)]
        lo, hi = (
            np.quantile(values, [0.025, 0.975]) if len(values) else (np.nan, np.nan)
        )
        row[f"{stat}_lower"], row[f"{stat}_upper"] = float(lo), float(hi)
    return row


def comparison_json(frame: pd.DataFrame) -> dict[str, Any]:
    """The JSON answer of ``ipgar whatif``: baseline, scenario, observed, knobs."""

    def block(row: pd.Series, intervals: bool) -> dict[str, Any]:
        out: dict[str, Any] = {
            "mean_days": _num(row["mean_days"]),
            "median_days": _num(row["median_days"]),
            "p90_days": _num(row["p90_days"]),
        }
        if intervals:
            for stat, _column in _STATS[:3]:
                out[f"{stat}_interval"] = [
                    _num(row[f"{stat}_lower"]),
                    _num(row[f"{stat}_upper"]),
                ]
            out["share_admitted"] = _num(row["share_admitted"])
            out["share_admitted_interval"] = [
                _num(row["share_lower"]),
                _num(row["share_upper"]),
            ]
            out["wasserstein_days"] = _num(row["wasserstein_days"])
        out["n"] = int(row["n"])
        return out

    rows = {r["what"]: r for _, r in frame.iterrows()}
    params = frame.attrs.get("ipgar", {}).get("params", {})
    return {
        "baseline": block(rows["baseline"], True),
        "scenario": {
            "name": rows["scenario"]["name"],
            "description": params.get("description", ""),
            **block(rows["scenario"], True),
        },
        "observed": block(rows["observed"], False),
        "knobs": dict(params.get("knobs", {})),
        "window": params.get("window"),
        "notes": params.get("notes", []),
        "limits": list(LIMITS),
    }


def _num(value: Any) -> float | None:
    return None if pd.isna(value) else round(float(value), 3)
