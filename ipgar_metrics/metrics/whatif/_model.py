"""The intake model of the what-if family, estimated from the store.

Reports arrive; before the first IVG-R round some ask a partner for information;
each IVG-R round asks for more information with a probability that depends on
the rounds already done; a request waits for the information, and the case goes
to the next round; after the last round the PTO-R decides (sometimes after a
postponement), and an admitted report is taken in. Every delay is an empirical
distribution (the observed durations, resampled); the IVG-R and PTO-R meeting
cadence is estimated so a scenario can change it. Definitions:
``docs/metrics/whatif.md``.

Censoring: the model is estimated from the reports of the window that are old
enough to be complete (reported at least ``complete_days`` before ``as_of``, 224
days, the seed's longest lead time); the few of those still open are left out and
counted (``n_open_left_out``).
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from typing import Any, Final

import duckdb
import numpy as np
import pandas as pd

from ipgar_metrics import store
from ipgar_metrics.errors import ConfigError
from ipgar_metrics.labels import WHATIF_MEANINGS as MEANINGS
from ipgar_metrics.metrics._episodes import (
    episodes,
    listed_episodes,
    require_as_of,
    resolve_as_of,
)
from ipgar_metrics.metrics.whatif._steps import (
    fitted,
    records,
)

#: A report this many days before as_of has, in the seed's words, had its longest
#: lead time (32 weeks): reports younger than this are not used for estimation.
COMPLETE_DAYS: Final[int] = 224
#: Years of reports the model is estimated from, by default.
WINDOW_YEARS: Final[int] = 3
#: Fewer complete reports than this in the window: no model.
MIN_REPORTS: Final[int] = 5


@dataclass
class IntakeModel:
    """The estimated intake phase: probabilities, delay samples (days), cadence.

    Every ``*_days`` array is the observed durations of that step in the
    estimation episodes (resampled by ``simulate_intake``).
    """

    as_of: pd.Timestamp
    window: tuple[date, date]
    n_episodes: int
    n_open_left_out: int
    arrivals_per_year: float
    pre_request_p: float
    more_info_p: np.ndarray  # per IVG-R round 1..K (K pools the rounds after it)
    more_info_at_risk: np.ndarray
    report_to_round_days: np.ndarray
    report_to_request_days: np.ndarray
    round_to_request_days: np.ndarray
    info_wait_days: np.ndarray
    info_to_round_days: np.ndarray
    round_to_ptor_days: np.ndarray
    postpone_p: float
    postpone_days: np.ndarray
    decision_shares: dict[str, float]
    decision_to_intake_days: np.ndarray
    ivgr_interval_days: float
    ptor_interval_days: float
    ivgr_weekday: int | None
    ptor_weekday: int | None
    info_wait_by_org: pd.DataFrame
    observed_days: np.ndarray  # report -> intake of the admitted estimation episodes
    notes: list[str] = field(default_factory=list)
    #: Per estimation episode its step durations (what ``bootstrap_model`` resamples).
    episode_steps: list[dict[str, Any]] = field(default_factory=list, repr=False)
    #: The gaps between meeting days from which each interval's mode was taken.
    ivgr_intervals: int = 0
    ptor_intervals: int = 0

    def parameters(self) -> pd.DataFrame:
        """The model's parameters as a tidy table: parameter, value, n, meaning.

        ``meaning`` is in English (``labels.WHATIF_MEANINGS``); a notebook's or the
        command line's table shows it in the reader's language.
        """
        rows: list[tuple[str, Any, int, str]] = [
            (
                "arrivals_per_year",
                self.arrivals_per_year,
                self.n_episodes,
                MEANINGS["arrivals"]["en"],
            ),
            (
                "pre_request_p",
                self.pre_request_p,
                self.n_episodes,
                MEANINGS["pre_request"]["en"],
            ),
        ]
        for k, (p, n) in enumerate(
            zip(self.more_info_p, self.more_info_at_risk, strict=True), start=1
        ):
            last = k == len(self.more_info_p)
            rows.append(
                (
                    f"more_info_p_round_{k}{'+' if last else ''}",
                    float(p),
                    int(n),
                    MEANINGS["more_info"]["en"],
                )
            )
        for name in (
            "report_to_round_days",
            "report_to_request_days",
            "round_to_request_days",
            "info_wait_days",
            "info_to_round_days",
            "round_to_ptor_days",
            "postpone_days",
            "decision_to_intake_days",
        ):
            values = getattr(self, name)
            rows.append(
                (
                    f"{name}_mean",
                    float(np.mean(values)) if len(values) else np.nan,
                    len(values),
                    MEANINGS["delay"]["en"],
                )
            )
        for org, n, mean in zip(
            self.info_wait_by_org["org"],
            self.info_wait_by_org["n"],
            self.info_wait_by_org["mean_days"],
            strict=True,
        ):
            rows.append(
                (
                    f"info_wait_days_mean_{org}",
                    float(mean),
                    int(n),
                    MEANINGS["info_wait_org"]["en"],
                )
            )
        rows.append(
            (
                "postpone_p",
                self.postpone_p,
                self.n_episodes,
                MEANINGS["postpone"]["en"],
            )
        )
        for name, share in self.decision_shares.items():
            rows.append(
                (
                    f"share_{name}",
                    share,
                    self.n_episodes,
                    MEANINGS["decision"]["en"],
                )
            )
        rows += [
            (
                "ivgr_interval_days",
                self.ivgr_interval_days,
                self.ivgr_intervals,
                MEANINGS["ivgr_interval"]["en"],
            ),
            (
                "ptor_interval_days",
                self.ptor_interval_days,
                self.ptor_intervals,
                MEANINGS["ptor_interval"]["en"],
            ),
        ]
        return pd.DataFrame(rows, columns=["parameter", "value", "n", "meaning"])


def intake_model(
    con: duckdb.DuckDBPyConnection,
    *,
    as_of: Any,
    window: tuple[date | None, date | None] | None = None,
    complete_days: int = COMPLETE_DAYS,
) -> IntakeModel:
    """Estimate the intake model from the reports of ``window`` (complete ones only).

    Parameters
    ----------
    con
        The event store (an iPGA-R store).
    as_of
        Reference time; events after it are ignored.
    window
        ``(first_day, last_day)`` of the reports to estimate from. Default: the
        three years of reports ending ``complete_days`` before ``as_of``. A last
        day later than that is moved back to it (a note says so).
    complete_days
        A report younger than this (at ``as_of``) is not used: its lead time may
        not have ended, and leaving the slow ones out would bias the waits down.

    Returns
    -------
    IntakeModel
        See ``docs/metrics/whatif.md`` for every parameter.
    """
    require_as_of(as_of, "intake_model")
    ts = resolve_as_of(as_of)
    notes: list[str] = []
    latest = (ts - pd.Timedelta(days=complete_days)).date()
    first, last = window if window is not None else (None, None)
    if last is None or last > latest:
        if last is not None:
            notes.append(
                f"window end moved back to {latest.isoformat()}: younger reports "
                "may not have ended"
            )
        last = latest
    if first is None:
        first = last - timedelta(days=365 * WINDOW_YEARS)
    if first > last:
        raise ConfigError(
            f"the estimation window {first.isoformat()} to {last.isoformat()} is "
            f"empty (reports must be at least {complete_days} days old); give an "
            "earlier window or a later --as-of."
        )
    eps = episodes(con, as_of=ts)
    day = eps["melding_at"].dt.date
    eps = eps[eps["melding_at"].notna() & (day >= first) & (day <= last)]
    n_open = int(eps["is_open"].sum())
    eps = eps[~eps["is_open"]].reset_index(drop=True)
    if len(eps) < MIN_REPORTS:
        raise ConfigError(
            f"only {len(eps)} complete reports between {first.isoformat()} and "
            f"{last.isoformat()}; the model needs at least {MIN_REPORTS}: widen the "
            "window."
        )
    with listed_episodes(con, eps):
        events = store.sql_frame(con, "whatif/assessment_events", as_of=ts)
    episode_steps = records(eps, events)
    years = ((last - first).days + 1) / 365.25
    cadence = _cadence(con, ts, first)
    (ivgr_gap, ivgr_wd, ivgr_n), (ptor_gap, ptor_wd, ptor_n) = (
        cadence["ivgr"],
        cadence["ptor"],
    )
    model = IntakeModel(
        as_of=ts,
        window=(first, last),
        n_episodes=len(eps),
        n_open_left_out=n_open,
        arrivals_per_year=len(eps) / years,
        ivgr_interval_days=ivgr_gap,
        ptor_interval_days=ptor_gap,
        ivgr_weekday=ivgr_wd,
        ptor_weekday=ptor_wd,
        ivgr_intervals=ivgr_n,
        ptor_intervals=ptor_n,
        notes=notes,
        episode_steps=episode_steps,
        **fitted(episode_steps),
    )
    if n_open:
        model.notes.append(
            f"{n_open} reports of the window still open after {complete_days} days "
            "left out"
        )
    return model


def bootstrap_model(model: IntakeModel, rng: np.random.Generator) -> IntakeModel:
    """The model re-estimated from a resample (with replacement) of its episodes.

    Arrival rate and meeting cadence stay as estimated; every probability, share
    and delay distribution comes from the resampled episodes.
    """
    n = len(model.episode_steps)
    chosen = [model.episode_steps[i] for i in rng.integers(0, n, size=n)]
    return replace(model, **fitted(chosen))


def _cadence(
    con: duckdb.DuckDBPyConnection, ts: pd.Timestamp, first: date
) -> dict[str, tuple[float, int | None, int]]:
    """Per meeting (ivgr, ptor): its most common gap, regular weekday and gaps seen.

    The gap is in days between consecutive meeting days; the weekday is None unless
    at least 80% of the meetings fall on it; the last number counts the gaps.
    """
    days = store.sql_frame(
        con,
        "whatif/meeting_days",
        as_of=ts,
        start=pd.Timestamp(first).tz_localize(ts.tz).to_pydatetime(),
    )
    out: dict[str, tuple[float, int | None, int]] = {}
    for meeting in ("ivgr", "ptor"):
        d = pd.to_datetime(days.loc[days["meeting"] == meeting, "day"])
        gaps = d.diff().dt.days.dropna()
        gaps = gaps[gaps > 0]
        weekday = d.dt.weekday
        top = weekday.mode()
        regular = len(d) > 0 and (weekday == top.iloc[0]).mean() >= 0.8
        out[meeting] = (
            float(gaps.mode().min()) if len(gaps) else 0.0,
            int(top.iloc[0]) if regular else None,
            len(gaps),
        )
    return out
