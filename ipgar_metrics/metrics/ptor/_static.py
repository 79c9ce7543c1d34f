"""Static cases: how many, how long since the PTO-R's decision, reviewed or not.

Only the PTO-R may make a case static, after the ITAT-R agenda ("geen vrijbrief"):
a static case has no perspective and no risk and pauses the work. The plan fears it
becomes a way to stop acting, so the PTO-R keeps an eye on how long cases stay
static and whether anyone has looked at them again.
"""

from __future__ import annotations

from typing import Any, Literal

import duckdb
import pandas as pd

from ipgar_metrics import config, store
from ipgar_metrics.errors import ConfigError
from ipgar_metrics.metrics import _status as status
from ipgar_metrics.metrics import _summary as summary
from ipgar_metrics.metrics._episodes import require_as_of

COLUMNS_BY_LEVEL: dict[str, dict[str, str]] = {
    "static_cases(level=case)": {
        "case_id": "str: case pseudonym",
        "episode": "int: episode number",
        "static_since": "timestamp: the statisch_start of the running static period",
        "decided_at": "timestamp: the PTO-R decision statisch before it (NaT: none in the log)",
        "days_static": "float: days from static_since to as_of",
        "days_since_decision": "float: days from decided_at to as_of (NaN: no decision)",
        "reviews": "int: PTO-R decisions or ITAT-R agenda entries since the decision",
        "last_review_at": "timestamp: the last of them (NaT: none)",
        "days_since_review": "float: days from the last review (else the decision, else static_since) to as_of",
        "without_review": "bool: that moment lies more than review_months calendar months before as_of",
    },
    "static_cases(level=summary)": {
        "static": "int: cases static at as_of",
        "without_review": "int: of which without review for more than review_months",
        "review_months": "int: the parameter",
        **{
            c: "summary.summarise column of days_since_decision"
            for c in summary.SUMMARY_COLUMNS
        },
    },
}
#: Output columns per public function at its default level (the contract test reads
#: this); ``COLUMNS_BY_LEVEL`` has every level, keyed "function(level=...)".
OUTPUT_COLUMNS: dict[str, dict[str, str]] = {
    "static_cases": COLUMNS_BY_LEVEL["static_cases(level=case)"],
}


def static_cases(
    con: duckdb.DuckDBPyConnection,
    *,
    as_of: Any,
    review_months: int = config.STATIC_REVIEW_MONTHS,
    level: Literal["case", "summary"] = "case",
) -> pd.DataFrame:
    """Cases static at ``as_of``: time since the decision, and those without review.

    A case is static at ``as_of`` when it is in the approach and its last
    ``statisch_start`` has no ``statisch_eind`` at or before ``as_of``. A review is
    a later PTO-R decision (a re-confirmation is ``ptor_besluit`` statisch again) or
    a new ITAT-R agenda entry; ``without_review`` when the last review (else the
    decision, else the start of the static period) lies more than
    ``review_months`` calendar months before ``as_of``.

    Returns
    -------
    level="case": one row per static case (``static_cases(level=case)``), the
        longest without review first.
    level="summary": one row: static, without_review, review_months, then
        ``summarise`` of days_since_decision (cases with a decision in the log).
    """
    require_as_of(as_of, "static_cases")
    if level not in ("case", "summary"):
        raise ConfigError(f'unknown level "{level}"; choose one of: case, summary.')
    if review_months < 1:
        raise ConfigError("review_months must be 1 or more; pass e.g. 6.")
    ts = status.as_timestamp(con, as_of)
    frame = store.sql_frame(con, "ptor/static_open", as_of=ts)
    for col in ("static_since", "decided_at", "last_review_at"):
        frame[col] = pd.to_datetime(frame[col], utc=True).dt.tz_convert(config.TIMEZONE)
    frame["reviews"] = frame["reviews"].astype("int64")
    frame["days_static"] = status.days_between(frame["static_since"], _at(ts, frame))
    frame["days_since_decision"] = status.days_between(
        frame["decided_at"], _at(ts, frame)
    )
    seen = (
        frame["last_review_at"]
        .fillna(frame["decided_at"])
        .fillna(frame["static_since"])
    )
    frame["days_since_review"] = status.days_between(seen, _at(ts, frame))
    frame["without_review"] = (seen < ts - pd.DateOffset(months=review_months)).astype(
        bool
    )
    cols = list(COLUMNS_BY_LEVEL["static_cases(level=case)"])
    frame = frame.sort_values(
        ["days_since_review", "case_id"], ascending=[False, True]
    ).reset_index(drop=True)[cols]
    params = {"review_months": review_months, "level": level}
    if level == "case":
        return status.attach_meta(frame, con, ts, **params)
    out = summary.summarise(frame, value="days_since_decision", open_col=None)
    if out.empty:
        out = pd.DataFrame([{"n": 0, "n_open": 0}], columns=out.columns)
    out.insert(0, "review_months", review_months)
    out.insert(0, "without_review", int(frame["without_review"].sum()))
    out.insert(0, "static", len(frame))
    return status.attach_meta(out, con, ts, **params)


def _at(ts: pd.Timestamp, frame: pd.DataFrame) -> pd.Series:
    return pd.Series(ts, index=frame.index)
