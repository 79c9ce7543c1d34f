"""Contact gaps: how long cases in the approach went without contact or intervention.

Gap time counts only time in which the case was not detained, travelled or static
(see ``metrics/_status.py`` and ``docs/adr/0003-contact-gap-definition.md``): the elapsed
time minus its overlap with those status periods, in exact days (decimals).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, Final, Literal

import duckdb
import pandas as pd

from ipgar_metrics import config, schema, store
from ipgar_metrics.errors import ConfigError
from ipgar_metrics.metrics import _status as status
from ipgar_metrics.metrics import _summary as summary
from ipgar_metrics.metrics._episodes import require_as_of
from ipgar_metrics.workdays import as_local

#: ``by`` of the contact summaries: per organisation of the case manager, or ().
BY_ORG: Final[tuple[str, ...]] = ("org",)

COLUMNS_BY_LEVEL: dict[str, dict[str, str]] = {
    "contact_gaps": {
        "case_id": "str: case pseudonym",
        "episode": "int: episode number",
        "org": "str: organisation of the current case manager (None: none assigned)",
        "status": "str: active|detained|travelled|static at the reference time",
        "days_since_contact": "float: days since the last contact (or instroom), pauses excluded",
        "days_since_intervention": "float: days since the last interventie_start/eind (or instroom), pauses excluded",
        "last_contact_at": "timestamp: last contact (NaT: none since instroom)",
        "last_intervention_at": "timestamp: last intervention activity (NaT: none)",
        "last_activity": "str: last of instroom/contact/interventie_start/interventie_eind",
        "last_activity_at": "timestamp: when that happened",
        "over_threshold": "bool: active and both days columns above the threshold",
    },
    "contact_intervals(level=interval)": {
        "case_id": "str: case pseudonym",
        "episode": "int: episode number",
        "org": "str: organisation of the case manager at the interval's first contact",
        "from_at": "timestamp: a contact",
        "to_at": "timestamp: the next contact, or as_of for the open tail",
        "is_open": "bool: open tail (no next contact yet)",
        "days": "float: elapsed days minus pause overlap",
    },
    "action_gaps": {
        "case_id": "str: case pseudonym",
        "episode": "int: episode number",
        "org": "str: organisation of the case manager at the stretch's start (None: none yet)",
        "from_at": "timestamp: instroom or a contact/intervention activity",
        "to_at": "timestamp: the next such activity, the uitstroom, or as_of",
        "from_activity": "str: activity at from_at",
        "to_activity": "str: activity at to_at (None: as_of)",
        "is_open": "bool: runs to as_of",
        "days": "float: elapsed days minus pause overlap",
    },
    "contact_intervals(level=summary)": {
        "org": "str: organisation of the case manager (when by_org)",
        **{c: "summary.summarise column" for c in summary.SUMMARY_COLUMNS},
    },
}
#: Output columns per public function at its default level (the contract test reads
#: this); ``COLUMNS_BY_LEVEL`` has every level, keyed "function(level=...)".
OUTPUT_COLUMNS: dict[str, dict[str, str]] = {
    name: {c: m for c, m in COLUMNS_BY_LEVEL[key].items() if not c.startswith("<")}
    for name, key in {
        "contact_intervals": "contact_intervals(level=interval)",
        "contact_gap_list": "contact_gaps",
    }.items()
}
OUTPUT_COLUMNS.update({k: v for k, v in COLUMNS_BY_LEVEL.items() if "(" not in k})

#: Columns of ``ipgar contact --format csv``, in this order.
CSV_COLUMNS: tuple[str, ...] = (
    "case_id",
    "org",
    "status",
    "days_since_contact",
    "days_since_intervention",
    "over_threshold",
)


def contact_gaps(
    con: duckdb.DuckDBPyConnection,
    *,
    as_of: Any,
    threshold_days: float = config.CONTACT_THRESHOLD_DAYS,
) -> pd.DataFrame:
    """Days since the last contact and intervention for every case in the approach.

    A case in a pause status (detained, travelled, static) at the reference time is
    listed with that status and never flagged; for the others, ``over_threshold``
    is true when neither a contact nor an intervention activity happened in the
    last ``threshold_days`` days of non-paused time ("geen inzet of contact").
    Without any contact (or intervention) since instroom, the count starts at the
    instroom.

    Parameters
    ----------
    con : an event-store connection.
    as_of : reference time (date = 00:00 local that day); required.
    threshold_days : gap threshold in days (default ``config.CONTACT_THRESHOLD_DAYS``).

    Returns
    -------
    One row per (case_id, episode) in the approach at ``as_of``; columns in
    ``COLUMNS_BY_LEVEL["contact_gaps"]``.
    """
    require_as_of(as_of, "contact_gaps")
    if threshold_days < 0:
        raise ConfigError("threshold_days must be zero or more days; pass e.g. 90.")
    ts = status.as_timestamp(con, as_of)
    key = store.result_key(con, "contact_gaps", ts, threshold_days)
    return store.reused(key, lambda: _contact_gaps(con, ts, threshold_days))


def _contact_gaps(
    con: duckdb.DuckDBPyConnection, ts: pd.Timestamp, threshold_days: float
) -> pd.DataFrame:
    """The rows of ``casework/contact_gaps``: pauses, status and days in DuckDB.

    The statement follows ``status.pause_periods``, ``status.pause_overlap_days`` and
    ``status.status_at`` (``tests/unit/test_contact_gaps_sql.py`` compares it with
    them); only the cases in the approach have their status periods read.
    """
    out = store.sql_frame(
        con,
        "casework/contact_gaps",
        as_of=ts,
        threshold_days=float(threshold_days),
    )
    for col in ("last_contact_at", "last_intervention_at", "last_activity_at"):
        out[col] = as_local(out[col])
    out["over_threshold"] = out["over_threshold"].astype(bool)
    out = out[list(COLUMNS_BY_LEVEL["contact_gaps"])]
    return status.attach_meta(out, con, ts, threshold_days=threshold_days)


def contact_gap_list(
    con: duckdb.DuckDBPyConnection,
    *,
    as_of: Any,
    threshold_days: float = config.CONTACT_THRESHOLD_DAYS,
) -> pd.DataFrame:
    """The PTO-R list: active cases over the threshold, longest gap first.

    Returns
    -------
    The rows of ``contact_gaps`` with ``over_threshold`` true, sorted by
    ``days_since_contact`` descending; same columns.
    """
    require_as_of(as_of, "contact_gap_list")
    gaps = contact_gaps(con, as_of=as_of, threshold_days=threshold_days)
    out = gaps.loc[gaps["over_threshold"]].sort_values(
        ["days_since_contact", "case_id"], ascending=[False, True]
    )
    out = out.reset_index(drop=True)
    out.attrs = gaps.attrs
    return out


def contact_intervals(
    con: duckdb.DuckDBPyConnection,
    *,
    as_of: Any,
    by: str | Sequence[str] = ("org",),
    level: Literal["interval", "summary"] = "interval",
) -> pd.DataFrame:
    """Intervals between consecutive contacts in the approach, pauses excluded.

    The interval from an open episode's last contact to ``as_of`` is kept with
    ``is_open=True`` (censored) and counted in ``n_open`` of the summary. The
    organisation is that of the case manager assigned at or before the
    interval's first contact.

    Returns
    -------
    level="interval": one row per interval (``OUTPUT_COLUMNS`` key
    ``contact_intervals(level=interval)``).
    level="summary": ``summarise`` of ``days``, one row per case-manager
    organisation (``by=("org",)``, the default) or one row in all (``by=()``).
    """
    require_as_of(as_of, "contact_intervals")
    by_org = bool(schema.check_by(by, allowed=BY_ORG))
    if level not in ("interval", "summary"):
        raise ConfigError(f'unknown level "{level}"; choose one of: interval, summary.')
    ts = status.as_timestamp(con, as_of)
    pauses = status.pauses_at(con, ts)
    params = {"by": ["org"] if by_org else [], "level": level}
    if level == "summary":  # in DuckDB: the intervals can be millions of rows
        out = _interval_summary(con, ts, pauses, by_org=by_org)
        return status.attach_meta(out, con, ts, **params)
    frame = _kept_intervals(con, ts, pauses, shared=False)
    return status.attach_meta(frame, con, ts, **params)


def shared_intervals(con: duckdb.DuckDBPyConnection, *, as_of: Any) -> pd.DataFrame:
    """``contact_intervals(level="interval")`` for a caller that only reads them.

    In a report the kept frame itself, not a copy (0.23 s per copy of the 10.7
    million intervals at 1,000,000 cases), and without ``attrs``: the caller must
    not change the frame, its columns or its ``attrs``, nor hand it to code that
    does (the practice profile and the contact step's items select and read).
    """
    require_as_of(as_of, "contact_intervals")
    ts = status.as_timestamp(con, as_of)
    return _kept_intervals(con, ts, status.pauses_at(con, ts), shared=True)


def _kept_intervals(
    con: duckdb.DuckDBPyConnection,
    ts: pd.Timestamp,
    pauses: pd.DataFrame,
    *,
    shared: bool,
) -> pd.DataFrame:
    key = store.result_key(con, "contact_intervals", ts)
    # read again: in a report by the practice page and the contact step's items
    return store.reused(
        key, lambda: _intervals(con, ts, pauses), read_again=True, shared=shared
    )


def _intervals(
    con: duckdb.DuckDBPyConnection, ts: pd.Timestamp, pauses: pd.DataFrame
) -> pd.DataFrame:
    """The intervals at ``ts`` with their days without pauses (no attrs).

    In a report the rows come from the table the summaries made (``shared_table``):
    the statement runs once. The frame is then kept for the rest of the report
    (``contact_intervals``), so the table is dropped: its rows would only add to
    the report's peak memory (0.6 GB at 1,000,000 cases).
    """
    if store.reusing():
        with store.shared_table(
            con, "_contact_intervals", "casework/contact_intervals", as_of=ts
        ):
            frame = store.sql_frame(con, "casework/contact_intervals_shared")
        store.drop_shared(con, "_contact_intervals")
    else:
        frame = store.sql_frame(con, "casework/contact_intervals", as_of=ts)
    for col in ("from_at", "to_at"):
        frame[col] = as_local(frame[col])
    frame["is_open"] = frame["is_open"].astype(bool)
    elapsed = status.days_between(frame["from_at"], frame["to_at"])
    paused = status.pause_overlap_days(frame, pauses)
    frame["days"] = (elapsed - paused).clip(lower=0.0).astype(float)
    return frame[list(COLUMNS_BY_LEVEL["contact_intervals(level=interval)"])]


def _interval_summary(
    con: duckdb.DuckDBPyConnection,
    ts: pd.Timestamp,
    pauses: pd.DataFrame,
    *,
    by_org: bool,
) -> pd.DataFrame:
    """``summarise`` of the intervals' days, computed in SQL."""
    with store.shared_table(
        con, "_contact_intervals", "casework/contact_intervals", as_of=ts
    ):
        con.register("_pauses", pauses)
        try:
            out = store.sql_frame(
                con, "casework/contact_interval_summary", by_org=by_org
            )
        finally:
            con.unregister("_pauses")
    if not by_org:
        out = out.drop(columns="org")
    if out["n"].sum() + out["n_open"].sum() == 0:
        return summary.summarise(pd.DataFrame(), by=("org",) if by_org else ())
    for col in ("n", "n_open"):
        out[col] = out[col].astype("int64")
    return out.reset_index(drop=True)


def action_gaps(
    con: duckdb.DuckDBPyConnection,
    *,
    as_of: Any,
    threshold_days: float | None = config.CONTACT_THRESHOLD_DAYS,
) -> pd.DataFrame:
    """Stretches in the approach without any contact or intervention activity.

    Each episode is cut at its instroom, every contact, interventie_start and
    interventie_eind, and its exit (or ``as_of``); a stretch's ``days`` is its
    elapsed time minus detained, travelled and static time. This finds past gaps
    too, where ``contact_gaps`` looks only at the reference time.

    Returns
    -------
    One row per stretch with ``days`` above ``threshold_days`` (all stretches when
    it is None), longest first: ``COLUMNS_BY_LEVEL["action_gaps"]``.
    """
    require_as_of(as_of, "action_gaps")
    ts = status.as_timestamp(con, as_of)
    frame = store.sql_frame(con, "casework/contact_action_gaps", as_of=ts)
    for col in ("from_at", "to_at"):
        frame[col] = as_local(frame[col])
    frame["is_open"] = frame["is_open"].astype(bool)
    pauses = status.pauses_at(con, ts)
    elapsed = status.days_between(frame["from_at"], frame["to_at"])
    frame["days"] = (elapsed - status.pause_overlap_days(frame, pauses)).clip(lower=0.0)
    if threshold_days is not None:
        frame = frame.loc[frame["days"] > threshold_days]
    frame = frame.sort_values(["days", "case_id"], ascending=[False, True])
    cols = list(COLUMNS_BY_LEVEL["action_gaps"])
    out = frame[cols].reset_index(drop=True)
    return status.attach_meta(out, con, ts, threshold_days=threshold_days)
