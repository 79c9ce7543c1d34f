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

import contextlib
from collections.abc import Sequence
from datetime import date, datetime
from typing import Any, Final

import duckdb
import numpy as np
import pandas as pd

from ipgar_metrics import config, schema, store
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
    """``resolve_as_of(as_of)``, not after the export date; ``None``: the last event."""
    if as_of is None:
        as_of = store.last_event_at(con)
        if as_of is None:
            raise ConfigError("the event store is empty; load an export first.")
    return check_as_of(con, as_of, allow_early=True)


def check_as_of(
    con: duckdb.DuckDBPyConnection, as_of: Any, *, allow_early: bool = False
) -> pd.Timestamp:
    """``resolve_as_of(as_of)`` if the store's data covers it, else a ``ConfigError``.

    An as-of after the export date (on a later day) would count the time after the
    export as time without events: every metric refuses it. An as-of before the
    store's first event counts nothing: refused as the typo it usually is, unless
    ``allow_early``. The metric functions pass ``allow_early``, since the report
    asks them for the month and the year before, where "nothing yet" is the true
    answer; the CLI does not. An empty store, or one without an export date (events
    inserted by hand), is not checked on that side.
    """
    ts = resolve_as_of(as_of)
    row = None if allow_early else store.first_row(con, "SELECT min(ts) FROM events")
    first = None if row is None or row[0] is None else pd.Timestamp(row[0])
    if first is not None and ts < first:
        raise ConfigError(
            f"as_of {ts:%Y-%m-%d %H:%M} is before the first event in the store "
            f"({first.tz_convert(config.TIMEZONE):%Y-%m-%d %H:%M}); choose a later "
            "reference time."
        )
    export = store.snapshot(con).get("export_date")
    if export is not None and not pd.isna(export):
        day = pd.Timestamp(export).date()
        if ts.tz_convert(config.TIMEZONE).date() > day:
            raise ConfigError(
                f"as_of {ts:%Y-%m-%d} is after the export date of the store "
                f"({day:%Y-%m-%d}); choose that date or an earlier one."
            )
    return ts


def require_ipgar(con: duckdb.DuckDBPyConnection) -> None:
    """Refuse a generic event log where a metric needs the iPGA-R vocabulary."""
    if store.profile_of(con) != "ipgar":
        raise ConfigError(
            "episodes, lead times, case work, evaluation and the report need an "
            "iPGA-R store (loaded with --profile ipgar) and this store holds a "
            "generic event log; use paths, dfg or leadtime --from A --to B "
            "(variants, directly_follows, lead_time_between) instead."
        )


#: The store's values of each checkable name: column and table (a fixed whitelist).
_STORE_VALUES: Final[dict[str, tuple[str, str]]] = {
    "activity": ("activity", "events"),
    "org": ("org", "events"),
    **{name: (name, "cases") for name in schema.CASE_ATTRIBUTES},
}


def store_values(con: duckdb.DuckDBPyConnection, name: str) -> list[str]:
    """The distinct values of ``name`` (activity, org, a case attribute) in the store."""
    column, table = _STORE_VALUES[name]
    sql = f"SELECT DISTINCT {column} FROM {table} WHERE {column} IS NOT NULL ORDER BY 1"  # noqa: S608 (whitelist)
    return [str(row[0]) for row in con.execute(sql).fetchall()]


def absent_special_categories(con: duckdb.DuckDBPyConnection) -> list[str]:
    """The special-category attributes (``schema.SPECIAL_CATEGORIES``) no case has."""
    return [name for name in schema.SPECIAL_CATEGORIES if not store_values(con, name)]


def check_in_store(con: duckdb.DuckDBPyConnection, name: str, value: str) -> str:
    """``value`` if the store holds it as ``name``; else an error with suggestions.

    ``name`` is ``activity`` (an ``UnknownActivityError``), ``org`` or a case
    attribute (a ``ConfigError``); the message lists the close matches and the
    values the store holds, so a typo never returns an empty or all-open result.
    A special category the store lacks (the mapping did not opt in) says so.
    """
    known = store_values(con, name)
    if name in schema.SPECIAL_CATEGORIES and not known:
        raise ConfigError(
            schema.SPECIAL_ABSENT.format(name=name)
            + "; load the exports again with it, or leave out this segment."
        )
    if name == "activity":
        return schema.check_activity(value, known=known)
    what = "organisation" if name == "org" else f"{name} value"
    return schema.check_known(value, known, what=what)


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
    return _kept_episodes(con, as_of, shared=False)


def shared_episodes(
    con: duckdb.DuckDBPyConnection, *, as_of: date | datetime | pd.Timestamp
) -> pd.DataFrame:
    """``episodes`` for a caller that only reads them: in a report, the kept frame.

    Not a copy (``store.reused(shared=True)``; 0.09 s per copy at 1,000,000 cases,
    15 copies in a report): the caller must not change the frame, its columns or its
    ``attrs``, nor hand it to code that does (``lead_times`` and ``key_figures``
    select and read).
    """
    return _kept_episodes(con, as_of, shared=True)


def _kept_episodes(
    con: duckdb.DuckDBPyConnection,
    as_of: date | datetime | pd.Timestamp,
    *,
    shared: bool,
) -> pd.DataFrame:
    require_as_of(as_of, "episodes")
    require_ipgar(con)
    ts = check_as_of(con, as_of, allow_early=True)
    return store.reused(
        store.result_key(con, "episodes", ts),
        lambda: _episodes(con, ts),
        shared=shared,
    )


def _episodes(con: duckdb.DuckDBPyConnection, ts: pd.Timestamp) -> pd.DataFrame:
    frame = _typed(store.run_sql(con, "metrics/episodes", as_of=ts).df())
    frame.attrs["ipgar"] = ipgar_attrs(con, ts)
    return frame


def _typed(frame: pd.DataFrame) -> pd.DataFrame:
    """Fix dtypes (also of an empty result) and add ``is_open``.

    ``frame`` is a fresh query result and is changed in place; a column already of
    its type is left as it is (copies of every column of a million episodes cost
    about a second per reference date at 1,000,000 cases).
    """
    out = frame
    for col in _TIME_COLUMNS:
        out[col] = as_local(out[col])
    for col in ("episode", "info_loops", "ivgr_count"):
        if out[col].dtype != np.int64:
            out[col] = out[col].astype("int64")
    for col in ("case_id", "outcome", "report_source", "risk_category", "ideology"):
        if out[col].dtype != object:
            out[col] = out[col].astype("object")
    is_open = (out["outcome"] == "open").astype(bool)
    out.insert(list(out.columns).index("end_at") + 1, "is_open", is_open)
    return numbered_rows(out)


def numbered_rows(frame: pd.DataFrame) -> pd.DataFrame:
    """``frame`` with rows numbered 0, 1, ...: itself when they are (a query's rows).

    ``reset_index(drop=True)`` copies every column even then.
    """
    index = frame.index
    if isinstance(index, pd.RangeIndex) and index.start == 0 and index.step == 1:
        return frame
    return frame.reset_index(drop=True)


def in_key_order(
    frame: pd.DataFrame, keys: Sequence[str], *, descending: Sequence[str] = ()
) -> bool:
    """Whether ``frame``'s rows are sorted by ``keys`` (those in ``descending`` down).

    One pass over adjacent rows, no sort: the order ``sort_values`` gives (Python's
    comparison of texts, code point by code point); rows equal on every key are in
    order. A key whose values cannot be compared (a missing value among texts) is
    not in order, so the caller sorts. For a caller that sorts only when it must: a
    query's or a group-by's rows usually come sorted already.
    """
    n = len(frame)
    if n < 2:
        return True
    ordered = np.zeros(n - 1, dtype=bool)
    tied = np.ones(n - 1, dtype=bool)
    try:
        for key in keys:
            values = frame[key].to_numpy()
            if values.dtype == object and pd.isna(values).any():
                return False
            before, after = values[:-1], values[1:]
            rises = (before > after) if key in descending else (before < after)
            ordered |= tied & rises
            tied &= before == after
    except TypeError:  # texts beside numbers: let the sort decide
        return False
    return bool((ordered | tied).all())


#: The columns of a set of episodes that SQL steps read as ``_listed_episodes``.
LISTED_COLUMNS: tuple[str, ...] = ("case_id", "episode", "melding_at", "end_at")


def listed_episodes(
    con: duckdb.DuckDBPyConnection, frame: pd.DataFrame
) -> contextlib.AbstractContextManager[None]:
    """Within the block, ``frame``'s episodes are the relation ``_listed_episodes``.

    For the SQL steps that take a set of episodes (``LISTED_COLUMNS``; its times
    time-zone-aware, NaT read as NULL). DuckDB reads the frame's columns where they
    are: bound as lists of values they cost about 3.5 s per step at a million
    episodes (``store.registered``).
    """
    return store.registered(con, "_listed_episodes", frame[list(LISTED_COLUMNS)])


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
    with listed_episodes(con, frame):
        return store.sql_frame(con, "metrics/episode_paths", as_of=as_of)
