"""From the ITAT-R agenda to the PTO-R decision: how long an escalation waits.

A case manager without perspective puts the case on the ITAT-R agenda; only the
PTO-R may then decide (for instance to make it static). The time between the two is
the PTO-R's own lead time.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any, Literal

import duckdb
import pandas as pd

from ipgar_metrics import config, schema, store
from ipgar_metrics.errors import ConfigError
from ipgar_metrics.metrics import _status as status
from ipgar_metrics.metrics import _summary as summary
from ipgar_metrics.metrics._episodes import require_as_of, resolve_as_of
from ipgar_metrics.workdays import month_label

COLUMNS_BY_LEVEL: dict[str, dict[str, str]] = {
    "itatr_decision_times(level=episode)": {
        "case_id": "str: case pseudonym",
        "episode": "int: episode number",
        "agenda_at": "timestamp: first ITAT-R agenda entry of the escalation",
        "decision_at": "timestamp: the first PTO-R decision after it, other than aanhouden (NaT: none by as_of)",
        "decision": "str: its outcome (None: none)",
        "days": "float: agenda_at to decision_at (to as_of or the exit while undecided)",
        "is_open": "bool: no decision by as_of and the case still in the approach",
        "exit_before_decision": "bool: the case left the approach without a decision",
        "month": "str: local month YYYY-MM of the decision (None: undecided)",
    },
    "itatr_decision_times(level=summary)": {
        **{
            c: "summary.summarise column (decided escalations; n_open: still waiting)"
            for c in summary.SUMMARY_COLUMNS
        },
        "exit_before_decision": "int: escalations whose case left the approach undecided",
    },
    "itatr_decision_times(level=month)": {
        "month": "str: local month YYYY-MM of the decision",
        **{
            c: "summary.summarise column of the decided escalations"
            for c in summary.SUMMARY_COLUMNS
        },
        "is_partial": "bool: the month holding as_of",
    },
}
#: Output columns per public function at its default level (the contract test reads
#: this); ``COLUMNS_BY_LEVEL`` has every level, keyed "function(level=...)".
OUTPUT_COLUMNS: dict[str, dict[str, str]] = {
    "itatr_decision_times": COLUMNS_BY_LEVEL["itatr_decision_times(level=episode)"],
}


def itatr_decision_times(
    con: duckdb.DuckDBPyConnection,
    *,
    as_of: Any,
    level: Literal["episode", "summary", "month"] = "episode",
    period: Sequence[date | None] | None = None,
    period_mode: Literal["started", "completed"] = "completed",
) -> pd.DataFrame:
    """Days from the ITAT-R agenda to the PTO-R decision, per escalation or month.

    An escalation starts at the first ``itatr_agendering`` after the episode's
    previous PTO-R decision and ends at the next ``ptor_besluit`` (``aanhouden``
    is no decision). An escalation without a decision by ``as_of`` is open
    (censored) while the case is in the approach; one whose case left the approach
    first is ``exit_before_decision``. Both are left out of the statistics; the
    monthly ones are by the month of the decision. ``period=(first_day,
    last_day)`` keeps the escalations whose agenda entry (``period_mode="started"``)
    or decision (``"completed"``, the default) lies in it, both days included; with
    ``"completed"`` the undecided ones drop out.

    Returns
    -------
    level="episode": one row per escalation
        (``itatr_decision_times(level=episode)``).
    level="summary": one row: ``summarise`` of the decided escalations (``n_open``:
        those still waiting), exit_before_decision.
    level="month": one row per local month from the first decision to ``as_of``:
        month, ``summarise`` columns over the escalations decided in it (``n_open``
        is 0), is_partial.
    """
    require_as_of(as_of, "itatr_decision_times")
    if level not in ("episode", "summary", "month"):
        raise ConfigError(
            f'unknown level "{level}"; choose one of: episode, summary, month.'
        )
    window, mode = schema.check_period(
        period,
        period_mode,
        allowed=("started", "completed"),
        function="itatr_decision_times",
    )
    ts = status.as_timestamp(con, as_of)
    frame = store.sql_frame(con, "ptor/itatr_decisions", as_of=ts)
    for col in ("agenda_at", "decision_at", "uitstroom_at"):
        frame[col] = pd.to_datetime(frame[col], utc=True).dt.tz_convert(config.TIMEZONE)
    undecided = frame["decision_at"].isna()
    frame["exit_before_decision"] = (undecided & frame["uitstroom_at"].notna()).astype(
        bool
    )
    frame["is_open"] = (undecided & frame["uitstroom_at"].isna()).astype(bool)
    end = frame["decision_at"].fillna(frame["uitstroom_at"]).fillna(ts)
    frame["days"] = status.days_between(frame["agenda_at"], end)
    frame["decision"] = frame["decision"].astype(object).where(~undecided, None)
    frame["month"] = month_label(frame["decision_at"])
    cols = list(COLUMNS_BY_LEVEL["itatr_decision_times(level=episode)"])
    if window is not None:
        frame = frame.loc[
            _inside(frame["agenda_at" if mode == "started" else "decision_at"], window)
        ]
    frame = frame[cols].reset_index(drop=True)
    params = {
        "level": level,
        "period": None if window is None else [str(d) for d in window],
        "period_mode": mode,
    }
    if level == "episode":
        return status.attach_meta(frame, con, ts, **params)
    undecided = frame["decision_at"].isna()
    if level == "summary":
        kept = frame.loc[~frame["exit_before_decision"]]
        out = summary.summarise(kept, value="days", open_col="is_open")
        if out.empty:
            out = pd.DataFrame([{"n": 0, "n_open": 0}], columns=out.columns)
        out["exit_before_decision"] = int(frame["exit_before_decision"].sum())
        return status.attach_meta(out, con, ts, **params)
    decided = frame.loc[~undecided.to_numpy()]
    month_cols = list(COLUMNS_BY_LEVEL["itatr_decision_times(level=month)"])
    if decided.empty:
        return status.attach_meta(pd.DataFrame(columns=month_cols), con, ts, **params)
    months = status.month_ends(decided["decision_at"].min(), ts)
    per = summary.summarise(decided, value="days", by=["month"], open_col=None)
    out = months[["month", "is_partial"]].merge(per, on="month", how="left")
    for c in ("n", "n_open"):
        out[c] = out[c].fillna(0).astype("int64")
    return status.attach_meta(out[month_cols], con, ts, **params)


def _inside(times: pd.Series, window: tuple[Any, Any]) -> pd.Series:
    """Times within (first_day, last_day), both local days included."""
    first, last = window
    keep = times.notna()
    if first is not None:
        keep &= times >= resolve_as_of(first)
    if last is not None:
        keep &= times < resolve_as_of(pd.Timestamp(last).date() + pd.Timedelta(days=1))
    return keep.astype(bool)
