"""The episode table: one row per report (melding) and what became of it.

A report opens an episode; the episode ends in an intake (``instroom``), no intake
(``geen_instroom``), an intermediate variant (``tussenvariant``), or is still
``open`` at the reference time ``as_of``. Lead times, paths and caseload build on
this table. Definitions: ``docs/metrics/leadtime.md``, ADR 0002.

Where an episode begins is not decided here: episodes are numbered at load, by
``store.reorder`` (``store/_events.py``) running ``sql/store/reorder_ipgar.sql``, where
a case's first report, and a report after an exit, a ``geen_opname`` decision or a
preventive conversation, opens a new episode. This module reads the ``episode``
column and decides only what became of each episode by ``as_of``
(``sql/metrics/episodes.sql``).
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any, Final

import duckdb
import pandas as pd

from ipgar_metrics import config, store
from ipgar_metrics.errors import ConfigError
from ipgar_metrics.workdays import as_local

#: Output columns of the public functions (function -> column -> "dtype: meaning").
OUTPUT_COLUMNS: Final[dict[str, dict[str, str]]] = {
    "episodes": {
        "case_id": "str: case pseudonym",
        "episode": "int: episode number within the case (1, 2, ...)",
        "melding_at": "datetime64[tz]: first report of the episode (NaT: none)",
        "first_ivgr_at": "datetime64[tz]: first IVG-R advice",
        "first_ptor_at": "datetime64[tz]: first PTO-R decision, any outcome",
        "decision_at": "datetime64[tz]: final decision: first PTO-R opname or geen_opname, else the preventive conversation",
        "instroom_at": "datetime64[tz]: intake",
        "preventief_at": "datetime64[tz]: preventive conversation (intermediate variant)",
        "outcome": "str: instroom, geen_instroom, tussenvariant or open",
        "end_at": "datetime64[tz]: instroom_at, or decision_at without intake; NaT when open",
        "is_open": "bool: no intake or final decision by as_of",
        "info_loops": "int: information requests (info_aanvraag) up to end_at",
        "ivgr_count": "int: IVG-R discussions (ivgr_advies) up to end_at",
        "report_source": "str: MAP, CTER or overig",
        "risk_category": "str: risk category of the case",
        "ideology": "str: ideology of the case",
    },
}

OUTCOMES: Final[tuple[str, ...]] = (
    "instroom",
    "geen_instroom",
    "tussenvariant",
    "open",
)
_TIME_COLUMNS: Final[tuple[str, ...]] = (
    "melding_at",
    "first_ivgr_at",
    "first_ptor_at",
    "decision_at",
    "instroom_at",
    "preventief_at",
    "end_at",
)


def resolve_as_of(as_of: date | datetime | str | pd.Timestamp) -> pd.Timestamp:
    """The reference time as an aware timestamp in the local time zone.

    A date means the start of that day in Europe/Amsterdam (an export taken that
    morning); a naive date-time is local time; an aware one is converted.
    """
    if isinstance(as_of, str):
        as_of = pd.Timestamp(as_of)
    if isinstance(as_of, date) and not isinstance(as_of, datetime):
        as_of = datetime(as_of.year, as_of.month, as_of.day)
    ts = pd.Timestamp(as_of)
    if ts.tzinfo is None:
        return ts.tz_localize(config.TIMEZONE, nonexistent="raise", ambiguous="raise")
    return ts.tz_convert(config.TIMEZONE)


def require_as_of(as_of: Any, function: str) -> None:
    """Refuse a missing ``as_of``: every metric states its reference time."""
    if as_of is None:
        raise ConfigError(
            f"{function} needs as_of: pass the reference date (e.g. the export "
            "date), or store.last_event_at(con) to count every event in the store."
        )


def reference_time(con: duckdb.DuckDBPyConnection, as_of: Any) -> pd.Timestamp:
    """``resolve_as_of(as_of)``, with ``None`` meaning the store's last event."""
    if as_of is None:
        as_of = store.last_event_at(con)
        if as_of is None:
            raise ConfigError("the event store is empty; load an export first.")
    return resolve_as_of(as_of)


def ipgar_attrs(
    con: duckdb.DuckDBPyConnection, as_of: pd.Timestamp | None, **params: Any
) -> dict[str, Any]:
    """The ``attrs["ipgar"]`` colophon: snapshot, as_of and parameters."""
    return {
        "snapshot": store.snapshot(con),
        "as_of": None if as_of is None else as_of.isoformat(),
        "params": params,
    }


def episodes(
    con: duckdb.DuckDBPyConnection, *, as_of: date | datetime | pd.Timestamp
) -> pd.DataFrame:
    """One row per episode, with its milestones, outcome and loop counts.

    Events after ``as_of`` are ignored, so an episode decided after ``as_of`` is
    ``open``. An episode with ``opname`` but no intake yet is ``open`` too (its lead
    time to intake has not ended). An episode without a report (events before a
    case's first melding) has ``melding_at`` NaT and no lead time.

    Parameters
    ----------
    con
        The event store.
    as_of
        Reference time (a date is the start of that day, local time).

    Returns
    -------
    pandas.DataFrame
        One row per (case_id, episode), sorted: case_id, episode, melding_at,
        first_ivgr_at, first_ptor_at, decision_at, instroom_at, preventief_at,
        outcome, end_at, is_open, info_loops, ivgr_count, report_source,
        risk_category, ideology (see ``OUTPUT_COLUMNS``). Timestamps are aware,
        Europe/Amsterdam.
    """
    require_as_of(as_of, "episodes")
    ts = resolve_as_of(as_of)
    return store.reused(("episodes", id(con), ts), lambda: _episodes(con, ts))


def _episodes(con: duckdb.DuckDBPyConnection, ts: pd.Timestamp) -> pd.DataFrame:
    frame = _typed(store.run_sql(con, "metrics/episodes", as_of=ts).df())
    frame.attrs["ipgar"] = ipgar_attrs(con, ts)
    return frame


def _typed(frame: pd.DataFrame) -> pd.DataFrame:
    """Fix dtypes (also of an empty result) and add ``is_open``."""
    out = frame.copy()
    for col in _TIME_COLUMNS:
        out[col] = as_local(out[col])
    out["episode"] = out["episode"].astype("int64")
    out["info_loops"] = out["info_loops"].astype("int64")
    out["ivgr_count"] = out["ivgr_count"].astype("int64")
    for col in ("case_id", "outcome", "report_source", "risk_category", "ideology"):
        out[col] = out[col].astype("object")
    out.insert(out.columns.get_loc("end_at") + 1, "is_open", out["outcome"] == "open")
    out["is_open"] = out["is_open"].astype(bool)
    return out.reset_index(drop=True)


def episode_list_params(frame: pd.DataFrame) -> dict[str, list[Any]]:
    """Bind a set of episodes as parallel lists for SQL steps that take them.

    Values, not a registered relation: works on read-only connections and never
    collides with an unfinished result on the connection.
    """

    def times(col: str) -> list[Any]:
        return [None if pd.isna(t) else t.to_pydatetime() for t in frame[col]]

    return {
        "case_ids": [str(c) for c in frame["case_id"]],
        "episode_numbers": [int(e) for e in frame["episode"]],
        "melding_ats": times("melding_at"),
        "end_ats": times("end_at"),
    }


def episode_paths(
    con: duckdb.DuckDBPyConnection, frame: pd.DataFrame, *, as_of: pd.Timestamp
) -> pd.DataFrame:
    """The path of each episode in ``frame`` (activities up to its end, or as_of).

    Returns
    -------
    pandas.DataFrame
        case_id, episode, path (activity codes joined by `` > ``), n_events.
    """
    if frame.empty:
        return pd.DataFrame(columns=["case_id", "episode", "path", "n_events"])
    return store.sql_frame(
        con, "metrics/episode_paths", as_of=as_of, **episode_list_params(frame)
    )
