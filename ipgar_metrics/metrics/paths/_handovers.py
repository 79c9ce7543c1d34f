"""Handover of work between performers or organisations, on any log.

The social network of process mining (van der Aalst's handover-of-work metric, as
pm4py and Disco compute it): for each event the case's next event with a known
performer, counted per (source, target). On a generic log the performer is the
``org:resource`` of the XES file (pseudonymised at load) or the organisation; on an
iPGA-R store only organisations: a network of individual case managers would be a
personnel appraisal (``docs/privacy.md``).
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Final

import duckdb
import pandas as pd

from ipgar_metrics import store
from ipgar_metrics.errors import ConfigError
from ipgar_metrics.metrics._episodes import reference_time, require_as_of

#: The levels of ``work_handovers``.
HANDOVER_LEVELS: Final[tuple[str, ...]] = ("resource", "org")

OUTPUT_COLUMNS: dict[str, dict[str, str]] = {
    "work_handovers": {
        "source": "str: performer (pseudonym) or organisation of an event",
        "target": "str: performer or organisation of the case's next event with one",
        "count": "int: successions from source to target",
        "cases": "int: cases with at least one such succession",
        "share": "float: count / all successions (pm4py's handover value, beta 0)",
        "handover": "bool: source and target differ (False: the same one goes on)",
    },
}


def work_handovers(
    con: duckdb.DuckDBPyConnection,
    *,
    as_of: date | datetime,
    level: str = "resource",
) -> pd.DataFrame:
    """Successions of work from one performer (or organisation) to the next.

    Parameters
    ----------
    level
        ``resource`` (the person who did the work; generic logs only) or ``org``.

    Returns
    -------
    pandas.DataFrame with the columns of ``OUTPUT_COLUMNS["work_handovers"]``, most
    frequent first. A store without any performer at this level raises
    ``ConfigError`` (never an empty table).

    Examples
    --------
    >>> from ipgar_metrics import store
    >>> con = store.memory_store()
    >>> work_handovers(con, as_of=date(2026, 1, 1), level="team")
    Traceback (most recent call last):
    ipgar_metrics.errors.ConfigError: unknown level "team"; choose one of: resource, org.
    """
    require_as_of(as_of, "work_handovers")
    if level not in HANDOVER_LEVELS:
        raise ConfigError(
            f'unknown level "{level}"; choose one of: {", ".join(HANDOVER_LEVELS)}.'
        )
    if level == "resource" and store.profile_of(con) == "ipgar":
        raise ConfigError(
            "handovers between individual case managers are not shown on an iPGA-R "
            "store (a personnel appraisal); use level org."
        )
    ts = reference_time(con, as_of)
    frame = store.sql_frame(con, "paths/work_handovers", as_of=ts, level=level)
    if frame.empty:
        what, other = (
            ("a performer (org:resource)", "org")
            if level == "resource"
            else ("an organisation", "resource")
        )
        # on an iPGA-R store the other level (resource) is refused above
        hint = f"; try the other level ({other})"
        if level == "org" and store.profile_of(con) == "ipgar":
            hint = ""
        raise ConfigError(
            f"no two events of a case both name {what} in this log{hint}."
        )
    for col in ("count", "cases"):
        frame[col] = frame[col].astype("int64")
    frame["share"] = frame["count"] / frame["count"].sum()
    frame["handover"] = frame["source"] != frame["target"]
    out = frame[list(OUTPUT_COLUMNS["work_handovers"])].reset_index(drop=True)
    out.attrs["ipgar"] = {
        "snapshot": store.snapshot(con),
        "as_of": str(as_of),
        "level": level,
    }
    return out
