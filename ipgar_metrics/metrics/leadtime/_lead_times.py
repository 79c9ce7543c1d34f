"""Lead times from report (melding) to intake (instroom), per stage, and generic A->B.

The chain of an episode: melding -> first IVG-R advice -> final PTO-R decision ->
instroom. The total runs from the report to the intake, or to the final decision
for an episode that did not lead to an intake. Open episodes are kept
(``is_open=True``, ``days`` empty, ``open_days`` = time so far); see
``time_to_decision_km`` (``_survival.py``) for the censoring-aware estimate. Definitions:
``docs/metrics/leadtime.md``; choices: ``docs/assumptions/leadtime.md``, ADR 0002.
"""

from __future__ import annotations

import functools
import warnings
from collections.abc import Sequence
from datetime import date, datetime
from typing import Final, Literal, TypeAlias

import duckdb
import pandas as pd

from ipgar_metrics import schema, store
from ipgar_metrics.errors import ConfigError, DataQualityWarning
from ipgar_metrics.metrics import _summary as summary
from ipgar_metrics.metrics._episodes import (
    ipgar_attrs,
    require_as_of,
    resolve_as_of,
    shared_episodes,
)
from ipgar_metrics.metrics.leadtime._small import FLAG_COLUMNS, SMALL_N, flag_small
from ipgar_metrics.schema import Period, PeriodMode
from ipgar_metrics.workdays import (
    WORKDAYS_PER_WEEK,
    elapsed_days,
    month_label,
    workdays_between,
)

AsOf: TypeAlias = date | datetime | pd.Timestamp
Calendar = Literal["calendar", "workdays"]

#: Stages of the intake chain: name -> (start column, end column) of ``episodes``.
STAGES: Final[dict[str, tuple[str, str]]] = {
    "melding_ivgr": ("melding_at", "first_ivgr_at"),
    "ivgr_decision": ("first_ivgr_at", "decision_at"),
    "decision_instroom": ("decision_at", "instroom_at"),
}
#: Activities a lead time may start or end at -> the episode column that holds it.
#: ``instroom`` as an end means the episode's end: the intake, or the final decision
#: of an episode without intake.
ANCHORS: Final[dict[str, str]] = {
    "melding": "melding_at",
    "ivgr_advies": "first_ivgr_at",
    "ptor_besluit": "decision_at",
    "preventief_gesprek": "preventief_at",
    "instroom": "end_at",
}
#: Share of open episodes above which a ``DataQualityWarning`` is raised.
OPEN_WARN_SHARE: Final[float] = 0.2
#: Breakdowns of lead times: the shared segments plus episode properties.
BY_COLUMNS: Final[tuple[str, ...]] = (*schema.SEGMENTS, "info_loops", "outcome")
_SEGMENT_COLUMNS: Final[tuple[str, ...]] = (
    "info_loops",
    "ivgr_count",
    "report_source",
    "risk_category",
    "ideology",
    "month",
)

#: Output columns of every level, keyed "function(level=...)".
COLUMNS_BY_LEVEL: Final[dict[str, dict[str, str]]] = {
    "lead_times(level=episode)": {
        "case_id": "str: case pseudonym",
        "episode": "int: episode number",
        "start_at": "datetime64[tz]: start of the lead time (the `start` milestone)",
        "end_at": "datetime64[tz]: end (the `end` milestone); NaT when open",
        "outcome": "str: instroom, geen_instroom, tussenvariant or open",
        "is_open": "bool: the lead time has not ended by as_of",
        "days": "float: lead time in days (workdays with calendar='workdays'); NaN when open",
        "weeks": "float: days / 7 (workweeks = workdays / 5)",
        "open_days": "float: time so far for open episodes (as_of - start_at)",
        "melding_ivgr_days": "float: melding -> first IVG-R advice",
        "ivgr_decision_days": "float: first IVG-R advice -> final decision",
        "decision_instroom_days": "float: final decision -> instroom",
        "info_loops": "int: information requests",
        "ivgr_count": "int: IVG-R discussions",
        "report_source": "str: report source",
        "risk_category": "str: risk category",
        "ideology": "str: ideology",
        "month": "str: month of the report, YYYY-MM (local time)",
    },
    "lead_times(level=summary)": {
        "stage": "str: melding_ivgr, ivgr_decision, decision_instroom or total",
        "<by>": "the by columns",
        **{c: f"summary.summarise column ({c})" for c in summary.SUMMARY_COLUMNS},
        **{
            c.replace("days", "weeks"): "float: the day statistic / 7 (workdays: / 5)"
            for c in summary.SUMMARY_COLUMNS[2:]
        },
        **FLAG_COLUMNS,
    },
}
#: Output columns per public function at its default level (the contract test reads
#: this).
OUTPUT_COLUMNS: Final[dict[str, dict[str, str]]] = {
    "lead_times": COLUMNS_BY_LEVEL["lead_times(level=episode)"],
}


def lead_times(
    con: duckdb.DuckDBPyConnection,
    *,
    start: str = "melding",
    end: str = "instroom",
    as_of: AsOf,
    level: Literal["episode", "summary"] = "episode",
    by: str | Sequence[str] = (),
    period: Period | None = None,
    period_mode: PeriodMode = "started",
    calendar: Calendar = "calendar",
    min_n: int = SMALL_N,
) -> pd.DataFrame:
    """Lead time from ``start`` to ``end`` in each episode, with the stage times.

    Parameters
    ----------
    con
        The event store.
    start, end
        Milestones (``melding``, ``ivgr_advies``, ``ptor_besluit``,
        ``preventief_gesprek``, ``instroom``). ``end="instroom"`` ends at the intake,
        or at the final decision for an episode without intake. For any other pair
        of activities use ``lead_time_between`` (``_between.py``).
    as_of
        Reference time; events after it are ignored (a date is the start of that day).
    level
        ``"episode"``: one row per episode; ``"summary"``: distribution statistics
        per stage and ``by`` group.
    by
        Breakdown: ``report_source``, ``risk_category``, ``ideology``, ``month``
        (of the report), ``info_loops``, ``outcome``.
    period
        ``(first_day, last_day)``, both included, local dates; which episodes count
        depends on ``period_mode``: ``started`` (melding in the period),
        ``completed`` (ended in the period), ``intersecting`` (the episode's span
        from melding to its end, or as_of when open, overlaps the period),
        ``contained`` (melding and end both in the period); see
        ``schema.PERIOD_MODES``. ``None`` on one side leaves it open.
    calendar
        ``"calendar"``: real elapsed time; ``"workdays"``: working days (weekends and
        Dutch public holidays excluded, see ``workdays.workdays_between``); the value
        columns are then named ``workdays``/``workweeks``.
    min_n
        ``level="summary"``: a row with fewer completed episodes than this is
        flagged ``small_n`` and gets no median or percentiles (NaN); default 10.

    Returns
    -------
    pandas.DataFrame
        level="episode": case_id, episode, start_at, end_at, outcome, is_open,
        days, weeks, open_days, melding_ivgr_days, ivgr_decision_days,
        decision_instroom_days, info_loops, ivgr_count, report_source,
        risk_category, ideology, month ("days" reads "workdays" and "weeks"
        "workweeks" with ``calendar="workdays"``).
        level="summary": stage (the three stages and ``total``), the ``by``
        columns, then n, n_open, mean_days, median_days, p10_days, p25_days,
        p75_days, p90_days, min_days, max_days and the same in weeks, then the
        flags small_n (fewer than 10 completed episodes: median and percentiles
        are NaN) and mostly_open (more than 20% of the row's episodes open; see
        ``_small.flag_small``). ``n_open`` counts open episodes that have entered
        the stage.
    """
    require_as_of(as_of, "lead_times")
    by = check_by(by)
    if level not in ("episode", "summary"):
        raise ConfigError(f'unknown level "{level}"; choose one of: episode, summary.')
    if calendar not in ("calendar", "workdays"):
        raise ConfigError(
            f'unknown calendar "{calendar}"; choose one of: calendar, workdays.'
        )
    period, period_mode = schema.check_period(
        period, period_mode, function="lead_times"
    )
    start_col, end_col = _anchor(start), _anchor(end)
    ts = resolve_as_of(as_of)

    @functools.cache  # once per call, also without ``reuse_results``
    def period_episodes() -> pd.DataFrame:
        eps = shared_episodes(con, as_of=ts)  # only selected and read below
        if period is None:
            return eps
        return select_period(eps, period=period, mode=period_mode, as_of=ts)

    # the report asks for the same episodes (and summaries) several times: inside
    # ``reuse_results`` each is computed once
    base = (ts, start, end, period, period_mode, calendar)
    frame = store.reused(
        store.result_key(con, "lead_times", *base),
        lambda: _episode_frame(period_episodes(), start_col, end_col, ts, calendar),
    )
    params = {
        "start": start,
        "end": end,
        "level": level,
        "by": list(by),
        "period": None if period is None else [str(p) for p in period],
        "period_mode": period_mode,
        "calendar": calendar,
        "min_n": min_n,
    }
    if level == "summary":
        warn_if_many_open(frame)
        episode_level = frame
        frame = store.reused(
            store.result_key(con, "lead_times_summary", *base, by, min_n),
            lambda: _summary(episode_level, period_episodes(), by, calendar, min_n),
        )
    frame.attrs["ipgar"] = ipgar_attrs(con, ts, **params)
    return frame


def warn_if_many_open(frame: pd.DataFrame) -> None:
    """Warn (``DataQualityWarning``) when more than 20% of the episodes are open.

    Naive statistics of the completed episodes then understate the lead time.
    """
    n, n_open = len(frame), int(frame["is_open"].sum())
    if n and n_open / n > OPEN_WARN_SHARE:
        warnings.warn(
            f"{n_open} of {n} episodes are still open; the naive statistics of the "
            "completed ones understate the lead time, read the Kaplan-Meier median "
            "(survival.time_to_decision_km).",
            DataQualityWarning,
            stacklevel=3,
        )


def check_by(by: str | Sequence[str]) -> tuple[str, ...]:
    """``schema.check_by`` for the lead-time breakdowns (``BY_COLUMNS``)."""
    return schema.check_by(by, allowed=BY_COLUMNS)


def _anchor(activity: str) -> str:
    if activity not in ANCHORS:
        raise ConfigError(
            f'lead_times cannot start or end at "{activity}"; choose one of: '
            f"{', '.join(ANCHORS)}, or use lead_time_between for any two activities."
        )
    return ANCHORS[activity]


def select_period(
    eps: pd.DataFrame,
    *,
    period: Period,
    mode: str,
    as_of: pd.Timestamp,
) -> pd.DataFrame:
    """The episodes of ``eps`` that count for ``period`` under ``mode``.

    ``mode`` is one of ``schema.PERIOD_MODES``; an episode starts at its melding
    and ends at ``end_at`` (open: no end; its span runs to ``as_of``).
    """
    checked, mode = schema.check_period(period, mode, function="lead times")
    first, last = checked if checked is not None else (None, None)
    begin, finish = eps["melding_at"], eps["end_at"]
    span_end = finish.fillna(as_of)

    def inside(times: pd.Series) -> pd.Series:
        keep = pd.Series(True, index=times.index)
        if first is not None:
            keep &= times >= resolve_as_of(first)
        if last is not None:
            keep &= times < resolve_as_of(
                pd.Timestamp(last).date() + pd.Timedelta(days=1)
            )
        return keep & times.notna()

    if mode == "started":
        keep = inside(begin)
    elif mode == "completed":
        keep = inside(finish)
    elif mode == "intersecting":
        keep = begin.notna() & span_end.notna()
        if last is not None:
            keep &= begin < resolve_as_of(
                pd.Timestamp(last).date() + pd.Timedelta(days=1)
            )
        if first is not None:
            keep &= span_end >= resolve_as_of(first)
    else:
        keep = inside(begin) & inside(finish)
    return eps[keep.fillna(False).astype(bool)].reset_index(drop=True)


def _duration(start: pd.Series, end: pd.Series, calendar: Calendar) -> pd.Series:
    if calendar == "workdays":
        return workdays_between(start, end)
    return elapsed_days(start, end)


def _episode_frame(
    eps: pd.DataFrame,
    start_col: str,
    end_col: str,
    as_of: pd.Timestamp,
    calendar: Calendar,
) -> pd.DataFrame:
    unit = "workdays" if calendar == "workdays" else "days"
    wk_unit = "workweeks" if calendar == "workdays" else "weeks"
    per_week = WORKDAYS_PER_WEEK if calendar == "workdays" else 7
    out = pd.DataFrame(
        {
            "case_id": eps["case_id"],
            "episode": eps["episode"],
            "start_at": eps[start_col],
            "end_at": eps[end_col],
            "outcome": eps["outcome"],
        }
    )
    has_start = out["start_at"].notna()
    out["is_open"] = (has_start & out["end_at"].isna() & eps["is_open"]).astype(bool)
    out[unit] = _duration(out["start_at"], out["end_at"], calendar)
    out[wk_unit] = out[unit] / per_week
    as_of_col = pd.Series(as_of, index=out.index)
    out[f"open_{unit}"] = _duration(out["start_at"], as_of_col, calendar).where(
        out["is_open"]
    )
    for stage, (a, b) in STAGES.items():
        out[f"{stage}_{unit}"] = _duration(eps[a], eps[b], calendar)
    for col in _SEGMENT_COLUMNS[:-1]:
        out[col] = eps[col]
    out["month"] = month_label(eps["melding_at"])
    return out.reset_index(drop=True)


def _summary(
    frame: pd.DataFrame,
    eps: pd.DataFrame,
    by: tuple[str, ...],
    calendar: Calendar,
    min_n: int,
) -> pd.DataFrame:
    unit = "workdays" if calendar == "workdays" else "days"
    wk_unit = "workweeks" if calendar == "workdays" else "weeks"
    per_week = WORKDAYS_PER_WEEK if calendar == "workdays" else 7
    parts = []
    for stage in (*STAGES, "total"):
        value = unit if stage == "total" else f"{stage}_{unit}"
        part = frame[[*by, "is_open"]].copy()
        part["stage"] = stage
        part["value"] = frame[value]
        if stage != "total":
            # open: the episode is open, has reached the stage, and the stage has
            # not ended
            started = eps[STAGES[stage][0]].notna()
            part["is_open"] = eps["is_open"] & frame[value].isna() & started
        parts.append(part)
    long = pd.concat(parts, ignore_index=True)
    out = summary.summarise(long, value="value", by=["stage", *by], unit=unit)
    order = {s: i for i, s in enumerate((*STAGES, "total"))}
    out = out.sort_values("stage", key=lambda s: s.map(order), kind="stable")
    for col in summary.SUMMARY_COLUMNS[2:]:
        src = col.replace("days", unit)
        out[col.replace("days", wk_unit)] = out[src] / per_week
    out = flag_small(out, units=(unit, wk_unit), min_n=min_n)
    return out.reset_index(drop=True)
