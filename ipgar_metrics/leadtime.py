"""Lead times from report (melding) to intake (instroom), per stage, and generic A->B.

The chain of an episode: melding -> first IVG-R advice -> final PTO-R decision ->
instroom. The total runs from the report to the intake, or to the final decision
for an episode that did not lead to an intake. Open episodes are kept
(``is_open=True``, ``days`` empty, ``open_days`` = time so far); see
``survival.time_to_decision_km`` for the censoring-aware estimate. Definitions:
``docs/metrics/leadtime.md``; choices: ``docs/assumptions/leadtime.md``, ADR 0002.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime
from typing import Final, Literal

import duckdb
import pandas as pd

from ipgar_metrics import schema, store, summary
from ipgar_metrics.episodes import episodes, ipgar_attrs, resolve_as_of
from ipgar_metrics.errors import ConfigError
from ipgar_metrics.workdays import WORKDAYS_PER_WEEK, elapsed_days, workdays_between

AsOf = date | datetime | pd.Timestamp
Calendar = Literal["calendar", "workdays"]
PeriodMode = Literal["reported", "decided", "intersecting", "contained"]

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
PERIOD_MODES: Final[tuple[str, ...]] = (
    "reported",
    "decided",
    "intersecting",
    "contained",
)
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

OUTPUT_COLUMNS: Final[dict[str, dict[str, str]]] = {
    "lead_times": {
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
    "lead_times(level='summary')": {
        "stage": "str: melding_ivgr, ivgr_decision, decision_instroom or total",
        **{c: f"summary.summarise column ({c})" for c in summary.SUMMARY_COLUMNS},
        "mean_weeks..max_weeks": "float: the day statistics divided by 7 (workdays: 5)",
    },
    "lead_time_between": {
        "case_id": "str: case pseudonym",
        "episode": "int: episode of the first `from_activity`",
        "start_at": "datetime64[tz]: first `from_activity`",
        "end_at": "datetime64[tz]: first `to_activity` (may precede start_at); NaT: open",
        "outcome": "str: reached or open",
        "is_open": "bool: no `to_activity` by as_of",
        "days": "float: end_at - start_at in days (negative kept); NaN when open",
        "weeks": "float: days / 7",
        "open_days": "float: as_of - start_at for open cases",
    },
    "case_durations": {
        "case_id": "str: case pseudonym",
        "start_at": "datetime64[tz]: first event",
        "end_at": "datetime64[tz]: last event",
        "n_events": "int: events of the case",
        "days": "float: end_at - start_at in days",
    },
}


def lead_times(
    con: duckdb.DuckDBPyConnection,
    *,
    start: str = "melding",
    end: str = "instroom",
    as_of: AsOf,
    level: Literal["episode", "summary"] = "episode",
    by: Sequence[str] = (),
    period: tuple[date, date] | None = None,
    period_mode: PeriodMode = "reported",
    calendar: Calendar = "calendar",
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
        of activities use ``lead_time_between``.
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
        depends on ``period_mode``: ``reported`` (melding in the period), ``decided``
        (ended in the period), ``intersecting`` (the episode's span from melding to
        its end, or as_of when open, overlaps the period), ``contained`` (melding and
        end both in the period).
    calendar
        ``"calendar"``: real elapsed time; ``"workdays"``: working days (weekends and
        Dutch public holidays excluded, see ``workdays.workdays_between``); the value
        columns are then named ``workdays``/``workweeks``.

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
        p75_days, p90_days, min_days, max_days and the same in weeks. ``n_open``
        counts open episodes that have entered the stage.
    """
    by = check_by(by)
    if level not in ("episode", "summary"):
        raise ConfigError(f'unknown level "{level}"; choose one of: episode, summary.')
    if calendar not in ("calendar", "workdays"):
        raise ConfigError(
            f'unknown calendar "{calendar}"; choose one of: calendar, workdays.'
        )
    start_col, end_col = _anchor(start), _anchor(end)
    ts = resolve_as_of(as_of)
    eps = episodes(con, as_of=ts)
    if period is not None:
        eps = select_period(eps, period=period, mode=period_mode, as_of=ts)
    frame = _episode_frame(eps, start_col, end_col, ts, calendar)
    params = {
        "start": start,
        "end": end,
        "level": level,
        "by": list(by),
        "period": None if period is None else [str(p) for p in period],
        "period_mode": period_mode,
        "calendar": calendar,
    }
    if level == "summary":
        frame = _summary(frame, eps, by, calendar)
    frame.attrs["ipgar"] = ipgar_attrs(con, ts, **params)
    return frame


def check_by(by: Sequence[str]) -> tuple[str, ...]:
    """Return ``by`` as a tuple after checking each name against ``BY_COLUMNS``."""
    by = tuple(by)
    for name in by:
        if name not in BY_COLUMNS:
            raise ConfigError(
                f'unknown breakdown "{name}"; choose one of: {", ".join(BY_COLUMNS)}.'
            )
    schema.check_segments([b for b in by if b in schema.SEGMENTS])
    return by


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
    period: tuple[date, date],
    mode: PeriodMode,
    as_of: pd.Timestamp,
) -> pd.DataFrame:
    """The episodes of ``eps`` that count for ``period`` under ``mode``."""
    if mode not in PERIOD_MODES:
        raise ConfigError(
            f'unknown period mode "{mode}"; choose one of: {", ".join(PERIOD_MODES)}.'
        )
    lo = resolve_as_of(period[0])
    hi = resolve_as_of(pd.Timestamp(period[1]).date() + pd.Timedelta(days=1))
    if hi <= lo:
        raise ConfigError(
            "the period ends before it starts; give (first_day, last_day)."
        )
    begin, finish = eps["melding_at"], eps["end_at"]
    span_end = finish.fillna(as_of)
    if mode == "reported":
        keep = (begin >= lo) & (begin < hi)
    elif mode == "decided":
        keep = (finish >= lo) & (finish < hi)
    elif mode == "intersecting":
        keep = (begin < hi) & (span_end >= lo)
    else:
        keep = (begin >= lo) & (finish < hi)
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
    out["month"] = (
        eps["melding_at"].dt.strftime("%Y-%m").where(eps["melding_at"].notna(), None)
    )
    return out.reset_index(drop=True)


def _summary(
    frame: pd.DataFrame, eps: pd.DataFrame, by: tuple[str, ...], calendar: Calendar
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
    return out.reset_index(drop=True)


def lead_time_between(
    con: duckdb.DuckDBPyConnection,
    *,
    from_activity: str,
    to_activity: str,
    as_of: AsOf | None = None,
    level: Literal["case", "summary"] = "case",
) -> pd.DataFrame:
    """Lead time from the first ``from_activity`` to the first ``to_activity`` per case.

    Works on any log (profile ``generic`` too). Cases without ``from_activity`` are
    left out; cases without ``to_activity`` are ``open``. When the first
    ``to_activity`` precedes the first ``from_activity`` the lead time is negative
    and kept (as pm4py and the public-log reference figures do).

    Parameters
    ----------
    con
        The event store.
    from_activity, to_activity
        Activity names (checked against the vocabulary in profile ``ipgar``).
    as_of
        Reference time; default the store's last event (``store.last_event_at``).
    level
        ``"case"``: one row per case; ``"summary"``: ``summary.summarise`` of days.

    Returns
    -------
    pandas.DataFrame
        level="case": case_id, episode, start_at, end_at, outcome (reached/open),
        is_open, days, weeks, open_days. level="summary": n, n_open, mean_days,
        median_days, p10_days, p25_days, p75_days, p90_days, min_days, max_days.
    """
    profile = store.profile_of(con)
    schema.check_activity(from_activity, profile=profile)
    schema.check_activity(to_activity, profile=profile)
    ts = _default_as_of(con, as_of)
    raw = store.sql_frame(
        con,
        "leadtime/first_a_to_first_b",
        from_activity=from_activity,
        to_activity=to_activity,
        as_of=ts,
    )
    out = _aware(raw, ("start_at", "end_at"))
    out["episode"] = out["episode"].astype("int64")
    out["is_open"] = out["end_at"].isna().astype(bool)
    out.insert(4, "outcome", out["is_open"].map({True: "open", False: "reached"}))
    out["days"] = elapsed_days(out["start_at"], out["end_at"])
    out["weeks"] = out["days"] / 7
    as_of_col = pd.Series(ts, index=out.index, dtype=out["start_at"].dtype)
    out["open_days"] = elapsed_days(out["start_at"], as_of_col).where(out["is_open"])
    if level == "summary":
        out = summary.summarise(out, value="days")
    elif level != "case":
        raise ConfigError(f'unknown level "{level}"; choose one of: case, summary.')
    out.attrs["ipgar"] = ipgar_attrs(
        con, ts, from_activity=from_activity, to_activity=to_activity, level=level
    )
    return out


def case_durations(
    con: duckdb.DuckDBPyConnection, *, as_of: AsOf | None = None
) -> pd.DataFrame:
    """Case duration: from the first to the last event of each case (any log).

    Returns
    -------
    pandas.DataFrame
        One row per case: case_id, start_at, end_at, n_events, days.
    """
    ts = _default_as_of(con, as_of)
    out = _aware(
        store.sql_frame(con, "leadtime/case_durations", as_of=ts),
        ("start_at", "end_at"),
    )
    out["n_events"] = out["n_events"].astype("int64")
    out["days"] = elapsed_days(out["start_at"], out["end_at"])
    out.attrs["ipgar"] = ipgar_attrs(con, ts)
    return out


def _default_as_of(con: duckdb.DuckDBPyConnection, as_of: AsOf | None) -> pd.Timestamp:
    if as_of is not None:
        return resolve_as_of(as_of)
    last = store.last_event_at(con)
    if last is None:
        raise ConfigError("the store holds no events; load an export first.")
    return resolve_as_of(pd.Timestamp(last))


def _aware(frame: pd.DataFrame, cols: Sequence[str]) -> pd.DataFrame:
    out = frame.copy()
    for col in cols:
        out[col] = pd.to_datetime(out[col], utc=True).dt.tz_convert("Europe/Amsterdam")
    return out.reset_index(drop=True)
