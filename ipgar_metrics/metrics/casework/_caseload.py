"""Case managers: caseload over time, changes of case manager, contact regularity.

Case managers are pseudonyms and never appear as rows of an output: every result
is a count over managers, or per case (episode), or per organisation.
A case "in the approach" counts in a caseload whatever its status (a detained
case still has a case manager).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, Final, Literal

import duckdb
import numpy as np
import pandas as pd

from ipgar_metrics import config, schema, store
from ipgar_metrics.errors import ConfigError
from ipgar_metrics.metrics import _status as status
from ipgar_metrics.metrics import _summary as summary
from ipgar_metrics.metrics._episodes import require_as_of
from ipgar_metrics.metrics.casework._contact import BY_ORG
from ipgar_metrics.workdays import as_local

#: Days in an average month (365.25 / 12).
MONTH_DAYS: Final[float] = 365.25 / 12
#: Episodes with less non-paused time than this are left out of regularity
#: statistics (a rate over a few days says nothing).
MIN_ACTIVE_MONTHS: Final[float] = 1.0

COLUMNS_BY_LEVEL: dict[str, dict[str, str]] = {
    "caseload": {
        "month": "str: local calendar month YYYY-MM",
        "managers": "int: case managers assigned to any case before the month end",
        "managers_0": "int: of which with no case in the approach at the month end",
        "managers_1": "int: with 1 case",
        "managers_2": "int: with 2 cases",
        "managers_3plus": "int: with 3 or more cases",
        "cases": "int: cases in the approach at the month end",
        "cases_without_manager": "int: of which with no (pseudonymised) case manager",
        "mean_caseload": "float: mean cases per manager with at least one case",
        "is_partial": "bool: the month containing as_of",
    },
    "manager_changes(level=case)": {
        "case_id": "str: case pseudonym",
        "episode": "int: episode number",
        "assignments": "int: regisseur_toegewezen in the approach",
        "changes": "int: assignments to another case manager than the previous one",
        "years": "float: years in the approach up to the exit or as_of",
        "changes_per_year": "float: changes / years (NaN below one month)",
        "is_open": "bool: still in the approach",
    },
    "manager_changes(level=year)": {
        "year": "int: calendar year",
        "changes": "int: changes of case manager in the year",
        "cases": "int: episodes in the approach at some time in the year",
        "case_years": "float: total time in the approach within the year, in years",
        "changes_per_case_year": "float: changes / case_years",
    },
    "contact_regularity(level=case)": {
        "case_id": "str: case pseudonym",
        "episode": "int: episode number",
        "org": "str: organisation of the last case manager ('geen': none)",
        "contacts": "int: contacts in the approach",
        "active_months": "float: months in the approach minus paused time",
        "contacts_per_month": "float: contacts / active_months (NaN below MIN_ACTIVE_MONTHS)",
    },
    "contact_regularity(level=summary)": {
        "org": "str: organisation of the last case manager",
        **{
            c.replace("days", "contacts_per_month"): "summary.summarise column"
            for c in summary.SUMMARY_COLUMNS
        },
    },
}
#: Output columns per public function at its default level (the contract test reads
#: this); ``COLUMNS_BY_LEVEL`` has every level, keyed "function(level=...)".
OUTPUT_COLUMNS: dict[str, dict[str, str]] = {
    name: {c: m for c, m in COLUMNS_BY_LEVEL[key].items() if not c.startswith("<")}
    for name, key in {
        "manager_changes": "manager_changes(level=case)",
        "contact_regularity": "contact_regularity(level=case)",
    }.items()
}
OUTPUT_COLUMNS.update({k: v for k, v in COLUMNS_BY_LEVEL.items() if "(" not in k})


def _assignments(con: duckdb.DuckDBPyConnection, ts: pd.Timestamp) -> pd.DataFrame:
    a = store.sql_frame(con, "casework/caseload_assignments", as_of=ts)
    a["assigned_at"] = as_local(a["assigned_at"])
    a["is_change"] = a["is_change"].astype(bool)
    return a


def caseload(con: duckdb.DuckDBPyConnection, *, as_of: Any) -> pd.DataFrame:
    """How many case managers had 0, 1, 2 or 3+ cases at each month end.

    A case's manager at a time is the last ``regisseur_toegewezen`` of its episode
    before it. ``managers_0`` counts managers assigned to some case earlier who
    have none at the month end.

    Returns
    -------
    One row per local month from the first instroom to ``as_of``:
    ``COLUMNS_BY_LEVEL["caseload"]``.
    """
    require_as_of(as_of, "caseload")
    ts = status.as_timestamp(con, as_of)
    cols = list(COLUMNS_BY_LEVEL["caseload"])
    first = con.execute(
        "SELECT min(instroom_at) FROM approach_window(CAST($as_of AS TIMESTAMPTZ))",
        {"as_of": ts},
    ).fetchall()[0][0]
    if first is None:
        return status.attach_meta(pd.DataFrame(columns=cols), con, ts)
    months = status.month_ends(pd.Timestamp(first), ts)
    # the state at a full month's end is the state just before the next month began
    points = months["month_end"].where(
        months["is_partial"], months["month_end"] - pd.Timedelta(microseconds=1)
    )
    with store.temp_table(
        con, "_assignments", "casework/caseload_assignments", as_of=ts
    ):
        out = store.sql_frame(
            con,
            "casework/caseload",
            as_of=ts,
            months=months["month"].tolist(),
            points=[p.to_pydatetime() for p in points],
        )
    out["is_partial"] = months["is_partial"].to_numpy()
    active = out[["managers_1", "managers_2", "managers_3plus"]].sum(axis=1)
    out["managers_0"] = out["managers"] - active
    out["mean_caseload"] = out["mean_caseload"].astype("float64")
    for c in cols:
        if c.startswith(("managers", "cases")):
            out[c] = out[c].astype("int64")
    return status.attach_meta(out[cols].reset_index(drop=True), con, ts)


def manager_changes(
    con: duckdb.DuckDBPyConnection,
    *,
    as_of: Any,
    level: Literal["case", "year"] = "case",
) -> pd.DataFrame:
    """Changes of case manager per episode, or per calendar year.

    Returns
    -------
    level="case": one row per episode with an instroom
    (``manager_changes(level=case)``).
    level="year": one row per year from the first instroom
    (``manager_changes(level=year)``).
    """
    require_as_of(as_of, "manager_changes")
    if level not in ("case", "year"):
        raise ConfigError(f'unknown level "{level}"; choose one of: case, year.')
    ts = status.as_timestamp(con, as_of)
    periods = status.approach_periods(con, as_of=ts)
    assign = _assignments(con, ts)
    keys = ["case_id", "episode"]
    if level == "case":
        g = assign.groupby(keys)
        per = pd.DataFrame({"assignments": g.size(), "changes": g["is_change"].sum()})
        out = periods[[*keys, "instroom_at", "uitstroom_at", "is_open"]].merge(
            per.reset_index(), on=keys, how="left"
        )
        for c in ("assignments", "changes"):
            out[c] = out[c].fillna(0).astype("int64")
        days = status.days_between(out["instroom_at"], out["uitstroom_at"].fillna(ts))
        out["years"] = days / 365.25
        rate = out["changes"] / out["years"]
        out["changes_per_year"] = rate.where(days >= MONTH_DAYS)
        cols = list(COLUMNS_BY_LEVEL["manager_changes(level=case)"])
        return status.attach_meta(out[cols], con, ts, level=level)
    rows = []
    if not periods.empty:
        first = periods["instroom_at"].min().year
        for year in range(first, ts.year + 1):
            y0 = pd.Timestamp(year=year, month=1, day=1, tz=config.TIMEZONE)
            y1 = min(
                pd.Timestamp(year=year + 1, month=1, day=1, tz=config.TIMEZONE), ts
            )
            lo = periods["instroom_at"].clip(lower=y0)
            hi = periods["uitstroom_at"].fillna(ts).clip(upper=y1)
            inside = (hi - lo).dt.total_seconds().clip(lower=0) / 86400.0
            overlaps = (periods["instroom_at"] < y1) & (
                periods["uitstroom_at"].isna() | (periods["uitstroom_at"] >= y0)
            )
            changed = assign["is_change"] & (assign["assigned_at"] >= y0)
            changed &= assign["assigned_at"] < y1
            case_years = float(inside.sum()) / 365.25
            rows.append(
                {
                    "year": year,
                    "changes": int(changed.sum()),
                    "cases": int(overlaps.sum()),
                    "case_years": case_years,
                    "changes_per_case_year": int(changed.sum()) / case_years
                    if case_years > 0
                    else np.nan,
                }
            )
    out = pd.DataFrame(
        rows, columns=list(COLUMNS_BY_LEVEL["manager_changes(level=year)"])
    )
    return status.attach_meta(out, con, ts, level=level)


def contact_regularity(
    con: duckdb.DuckDBPyConnection,
    *,
    as_of: Any,
    level: Literal["case", "summary"] = "case",
    by: str | Sequence[str] = ("org",),
) -> pd.DataFrame:
    """Contacts per active (non-paused) month in the approach, and its spread.

    Returns
    -------
    level="case": one row per episode (``contact_regularity(level=case)``).
    level="summary": ``summarise`` of ``contacts_per_month`` per
    organisation of the last case manager (``by=("org",)``, the default) or
    overall (``by=()``); ``n`` counts episodes with at least ``MIN_ACTIVE_MONTHS``
    active months.
    """
    require_as_of(as_of, "contact_regularity")
    by_org = bool(schema.check_by(by, allowed=BY_ORG))
    if level not in ("case", "summary"):
        raise ConfigError(f'unknown level "{level}"; choose one of: case, summary.')
    ts = status.as_timestamp(con, as_of)
    periods = status.approach_periods(con, as_of=ts)
    keys = ["case_id", "episode"]
    contacts = store.sql_frame(con, "casework/caseload_contacts", as_of=ts)
    managers = store.sql_frame(con, "casework/integrality_case_managers", as_of=ts)
    out = periods.merge(contacts, on=keys, how="left").merge(
        managers, on=keys, how="left"
    )
    out["org"] = out["manager_org"].fillna("geen")
    out["contacts"] = out["contacts"].fillna(0).astype("int64")
    win = pd.DataFrame(
        {
            "case_id": out["case_id"],
            "from_at": out["instroom_at"],
            "to_at": out["uitstroom_at"].fillna(ts),
        }
    )
    pauses = status.pauses_at(con, ts)
    active = status.days_between(
        win["from_at"], win["to_at"]
    ) - status.pause_overlap_days(win, pauses)
    out["active_months"] = active.clip(lower=0.0) / MONTH_DAYS
    rate = out["contacts"] / out["active_months"]
    out["contacts_per_month"] = rate.where(out["active_months"] >= MIN_ACTIVE_MONTHS)
    params = {"level": level, "by": ["org"] if by_org else []}
    if level == "case":
        cols = list(COLUMNS_BY_LEVEL["contact_regularity(level=case)"])
        return status.attach_meta(out[cols], con, ts, **params)
    res = summary.summarise(
        out,
        value="contacts_per_month",
        by=("org",) if by_org else (),
        open_col=None,
        unit="contacts_per_month",
    )
    return status.attach_meta(res, con, ts, **params)
