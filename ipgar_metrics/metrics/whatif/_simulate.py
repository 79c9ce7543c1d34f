"""Simulate the intake phase from an estimated model, all runs at once (numpy).

Each run is one year of reports (a Poisson number with the model's arrival rate);
every report walks the model: an optional request before the first IVG-R round,
rounds that ask for more information with the model's probability per round (times
the ``info_loops`` knob), waits for information (times ``info_wait``), the PTO-R
decision (with a postponement), and the intake of an admitted report. Delays are
drawn from the observed durations. A meeting interval knob changes each delay that
ends at a meeting by ``u * (new - estimated)`` with ``u`` uniform on [0, 1): for a
case that is ready at a time unrelated to the calendar, the wait for a meeting held
every ``I`` days is uniform on [0, I). The rounds are a loop over the round number
(at most ``MAX_ROUNDS``), vectorised over every report of every run.
"""

from __future__ import annotations

from typing import Final

import numpy as np
import pandas as pd

from ipgar_metrics.metrics.whatif._model import IntakeModel
from ipgar_metrics.metrics.whatif._scenario import Scenario
from ipgar_metrics.metrics.whatif._steps import DECISIONS

#: No simulated report has more IVG-R rounds than this.
MAX_ROUNDS: Final[int] = 30
#: A round asks for more information with at most this probability (so it ends).
MAX_MORE_INFO_P: Final[float] = 0.95


def simulate_intake(
    model: IntakeModel,
    scenario: Scenario | None = None,
    *,
    runs: int = 1000,
    seed: int = 0,
) -> pd.DataFrame:
    """Simulated reports of ``runs`` years under ``scenario`` (deterministic per seed).

    Returns
    -------
    pandas.DataFrame
        One row per simulated report: run (int, 0..runs-1), outcome (instroom,
        geen_instroom or tussenvariant), days (float: report to intake, NaN when
        not taken in), info_loops (int: rounds that asked for more information).
    """
    knobs = dict(scenario.knobs) if scenario is not None else {}
    rng = np.random.default_rng(seed)
    counts = rng.poisson(model.arrivals_per_year, size=runs)
    run = np.repeat(np.arange(runs), counts)
    n = len(run)
    wait_factor = knobs.get("info_wait", 1.0)
    ivgr_shift = knobs.get("ivgr_interval_days", model.ivgr_interval_days) - (
        model.ivgr_interval_days
    )
    ptor_shift = knobs.get("ptor_interval_days", model.ptor_interval_days) - (
        model.ptor_interval_days
    )

    def draw(values: np.ndarray, size: int) -> np.ndarray:
        if len(values) == 0:
            return np.zeros(size)
        return values[rng.integers(0, len(values), size=size)]

    def at_meeting(delay: np.ndarray, shift: float) -> np.ndarray:
        u = rng.random(len(delay))  # drawn always: same stream for every scenario
        return delay if shift == 0 else np.maximum(delay + u * shift, 0.0)

    # before the first round
    pre = rng.random(n) < model.pre_request_p
    with_request = (
        draw(model.report_to_request_days, n)
        + wait_factor * draw(model.info_wait_days, n)
        + at_meeting(draw(model.info_to_round_days, n), ivgr_shift)
    )
    direct = at_meeting(draw(model.report_to_round_days, n), ivgr_shift)
    days = np.where(pre, with_request, direct)
    # the rounds
    p_round = np.minimum(
        model.more_info_p * knobs.get("info_loops", 1.0), MAX_MORE_INFO_P
    )
    loops = np.zeros(n, dtype=np.int64)
    going = np.ones(n, dtype=bool)
    for k in range(MAX_ROUNDS):
        p = p_round[min(k, len(p_round) - 1)]
        ask = going & (rng.random(n) < p)
        if not ask.any():
            break
        m = int(ask.sum())
        loop_days = (
            draw(model.round_to_request_days, m)
            + wait_factor * draw(model.info_wait_days, m)
            + at_meeting(draw(model.info_to_round_days, m), ivgr_shift)
        )
        days[ask] += loop_days
        loops += ask
        going = ask
    # the decision
    postponed = rng.random(n) < model.postpone_p
    days += at_meeting(draw(model.round_to_ptor_days, n), ptor_shift)
    days += np.where(
        postponed, at_meeting(draw(model.postpone_days, n), ptor_shift), 0.0
    )
    outcome = _decisions(model, knobs.get("intermediate_share"), rng.random(n))
    days += draw(model.decision_to_intake_days, n)
    admitted = outcome == 0
    return pd.DataFrame(
        {
            "run": run,
            "outcome": np.asarray(DECISIONS, dtype=object)[outcome],
            "days": np.where(admitted, days, np.nan),
            "info_loops": loops,
        }
    )


def _decisions(
    model: IntakeModel, intermediate: float | None, u: np.ndarray
) -> np.ndarray:
    """The index into ``DECISIONS`` of each report's final decision."""
    shares = np.array([model.decision_shares[d] for d in DECISIONS], dtype=float)
    shares = shares / shares.sum()
    if intermediate is not None:
        rest = shares[:2].sum()
        scale = (1 - intermediate) / rest if rest > 0 else 0.0
        shares = np.array([shares[0] * scale, shares[1] * scale, intermediate])
    edges = np.cumsum(shares)
    return np.minimum(np.searchsorted(edges, u, side="right"), len(DECISIONS) - 1)


def run_statistics(simulated: pd.DataFrame, runs: int) -> pd.DataFrame:
    """Per run: n_reports, n_admitted, share_admitted, mean_days, median_days, p90_days.

    A run without an admitted report has NaN statistics (left out of intervals).
    """
    run = simulated["run"].to_numpy()
    days = simulated["days"].to_numpy()
    n_reports = np.bincount(run, minlength=runs)
    ok = ~np.isnan(days)
    r, d = run[ok], days[ok]
    n_adm = np.bincount(r, minlength=runs)
    with np.errstate(invalid="ignore", divide="ignore"):
        mean = np.bincount(r, weights=d, minlength=runs) / n_adm
        share = n_adm / n_reports
    order = np.lexsort((d, r))
    d_sorted = d[order]
    starts = np.concatenate([[0], np.cumsum(n_adm)[:-1]])
    return pd.DataFrame(
        {
            "run": np.arange(runs),
            "n_reports": n_reports,
            "n_admitted": n_adm,
            "share_admitted": share,
            "mean_days": mean,
            "median_days": _group_quantile(d_sorted, starts, n_adm, 0.5),
            "p90_days": _group_quantile(d_sorted, starts, n_adm, 0.9),
        }
    )


def _group_quantile(
    values: np.ndarray, starts: np.ndarray, sizes: np.ndarray, q: float
) -> np.ndarray:
    """Quantile (linear interpolation, numpy's default) of each sorted group."""
    out = np.full(len(sizes), np.nan)
    has = sizes > 0
    pos = q * (sizes[has] - 1)
    lo = np.floor(pos).astype(np.int64)
    hi = np.minimum(lo + 1, sizes[has] - 1)
    frac = pos - lo
    base = starts[has]
    out[has] = values[base + lo] * (1 - frac) + values[base + hi] * frac
    return out
