"""One case as a time line: its events and status periods (intern drill-down).

``case_timeline(con, case_id=PSEUDONYM, as_of=...)`` lists what happened to one case:
each event (activity, organisation, case-manager pseudonym, life domain, outcome,
episode) and, in an iPGA-R store, each period of its status (in the approach,
detained, travelled, static). It names one person by their pseudonym and is meant
for the team's own (intern) work only: it takes pseudonyms, never a raw case id,
and refuses a person whose processing is restricted (AVG art. 18).
"""

from __future__ import annotations

import re
from datetime import date, datetime
from typing import Final

import duckdb
import pandas as pd

from ipgar_metrics import config, store
from ipgar_metrics.errors import ConfigError
from ipgar_metrics.metrics._episodes import reference_time, require_as_of
from ipgar_metrics.metrics._status import (
    approach_periods,
    attach_meta,
    status_intervals,
)

_COLUMNS: dict[str, str] = {
    "case_id": "str: case pseudonym",
    "kind": "str: event (one event) or period (a status period)",
    "at": "timestamp: the event's time, or the start of the period (local)",
    "end_at": "timestamp: the end of a period (NaT for an event or an open period)",
    "activity": "str: activity code (events; None for a period)",
    "org": "str: organisation (events)",
    "case_manager": "str: case-manager pseudonym (events)",
    "life_domain": "str: life domain (events)",
    "outcome": "str: outcome (events)",
    "episode": "int: episode of the case (1 on a generic log)",
    "status": "str: a period's status (in_approach, detained, travelled, static); "
    "for an event the status just after it (active, detained, travelled, static; "
    "None outside the approach or on a generic log)",
}
OUTPUT_COLUMNS: dict[str, dict[str, str]] = {"case_timeline": _COLUMNS}

#: The statuses a period row can have, the pauses first (they win over the approach).
PERIOD_STATUSES: Final[tuple[str, ...]] = (
    "detained",
    "travelled",
    "static",
    "in_approach",
)

_PSEUDONYM = re.compile(rf"^C[0-9a-f]{{{config.PSEUDONYM_LENGTH}}}$")


def case_timeline(
    con: duckdb.DuckDBPyConnection,
    *,
    case_id: str,
    as_of: date | datetime,
) -> pd.DataFrame:
    """The events and status periods of one case up to ``as_of``, in time order.

    ``case_id`` is the case's pseudonym (``C`` and 16 hex characters), as reports and
    ``ipgar paths --episodes-of`` show it. A value that is not a pseudonym, or one the
    store does not hold, raises a one-line ``ConfigError`` that never repeats a
    value that could be a raw id; a person whose processing is restricted is
    refused.

    Returns
    -------
    One row per event and per status period: see ``OUTPUT_COLUMNS``. Periods and
    events are ordered by ``at``; at the same moment a period comes first.
    """
    require_as_of(as_of, "case_timeline")
    pseudonym = str(case_id).strip()
    if not _PSEUDONYM.match(pseudonym):
        raise ConfigError(
            "the case is named by its pseudonym: C followed by "
            f"{config.PSEUDONYM_LENGTH} hex characters, as the intern reports and "
            "`ipgar paths --episodes-of N` show it (never a case number)."
        )
    state = store.sql_frame(con, "casework/case_state", case_id=pseudonym).iloc[0]
    if bool(state["restricted"]):
        raise ConfigError(
            f"processing of case {pseudonym} is restricted (AVG art. 18): its data "
            "are kept but not shown; lift the restriction first (ipgar subject --lift)."
        )
    if int(state["events"]) == 0:
        raise ConfigError(
            f"case {pseudonym} is not in this store (or the filter leaves it out); "
            "check the pseudonym, the --db, and that it was made with this store's key."
        )
    ts = reference_time(con, as_of)
    events = store.sql_frame(con, "casework/case_timeline", case_id=pseudonym, as_of=ts)
    if events.empty:
        raise ConfigError(
            f"case {pseudonym} has no event at or before {ts.isoformat()}; choose a "
            "later --as-of."
        )
    events["ts"] = pd.to_datetime(events["ts"], utc=True).dt.tz_convert(config.TIMEZONE)
    periods = (
        _periods(con, pseudonym, ts)
        if store.profile_of(con) == "ipgar"
        else _empty_periods()
    )
    events["status"] = [_status_after(periods, t) for t in events["ts"]]
    rows = pd.DataFrame(
        {
            "case_id": pseudonym,
            "kind": "event",
            "at": events["ts"],
            "end_at": pd.Series(pd.NaT, index=events.index, dtype=events["ts"].dtype),
            "activity": events["activity"],
            "org": events["org"],
            "case_manager": events["case_manager"],
            "life_domain": events["life_domain"],
            "outcome": events["outcome"],
            "episode": events["episode"].astype(int),
            "status": events["status"],
            "_order": 1,
            "_seq": events["seq"],
        }
    )
    if not periods.empty:
        periods = periods.assign(
            case_id=pseudonym,
            kind="period",
            activity=None,
            org=None,
            case_manager=None,
            life_domain=None,
            outcome=None,
            _order=0,
            _seq=0,
        )
        rows = pd.concat([periods[rows.columns], rows], ignore_index=True)
    rows = rows.sort_values(["at", "_order", "_seq"], kind="stable")
    out = rows.drop(columns=["_order", "_seq"]).reset_index(drop=True)
    out["episode"] = out["episode"].astype(int)
    return attach_meta(out[list(_COLUMNS)], con, ts, case_id=pseudonym)


def _empty_periods() -> pd.DataFrame:
    return pd.DataFrame(columns=["at", "end_at", "status", "episode"])


def _periods(
    con: duckdb.DuckDBPyConnection, case_id: str, ts: pd.Timestamp
) -> pd.DataFrame:
    """The case's approach periods and pause statuses (iPGA-R), with their episode."""
    approach = approach_periods(con, as_of=ts)
    approach = approach[approach["case_id"] == case_id]
    pauses = status_intervals(con, as_of=ts)
    pauses = pauses[pauses["case_id"] == case_id]
    parts = [
        pd.DataFrame(
            {
                "at": approach["instroom_at"],
                "end_at": approach["uitstroom_at"],
                "status": "in_approach",
                "episode": approach["episode"],
            }
        ),
        pd.DataFrame(
            {
                "at": pauses["start_at"],
                "end_at": pauses["end_at"],
                "status": pauses["status"],
                "episode": [_episode_at(approach, t) for t in pauses["start_at"]],
            }
        ),
    ]
    parts = [p for p in parts if not p.empty]
    if not parts:
        return _empty_periods()
    return pd.concat(parts, ignore_index=True)


def _episode_at(approach: pd.DataFrame, at: pd.Timestamp) -> int:
    """The episode whose approach period holds ``at`` (the latest started before it)."""
    started = approach[approach["instroom_at"] <= at]
    return int(started["episode"].max()) if not started.empty else 1


def _status_after(periods: pd.DataFrame, at: pd.Timestamp) -> str | None:
    """The status just after the events at ``at``: a pause wins over the approach."""
    if periods.empty:
        return None
    ends = periods["end_at"]
    holding = periods[(periods["at"] <= at) & (ends.isna() | (ends > at))]
    held = set(holding["status"])
    for status in PERIOD_STATUSES:
        if status in held:
            return "active" if status == "in_approach" else status
    return None
