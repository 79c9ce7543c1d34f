"""The dotted chart of a log: every event as a dot, each case on its own line.

Disco's and ProM's dotted chart, for any loaded log: time on one axis, cases (in the
order they started) on the other, coloured by activity. On a large log an even
spread of at most ``max_cases`` cases keeps the chart readable and spans the whole
period. Case ids are never returned: a line number stands for the case.
"""

from __future__ import annotations

from datetime import date, datetime

import duckdb
import pandas as pd

from ipgar_metrics import store
from ipgar_metrics.errors import ConfigError
from ipgar_metrics.metrics._episodes import reference_time, require_as_of
from ipgar_metrics.workdays import as_local

OUTPUT_COLUMNS: dict[str, dict[str, str]] = {
    "dotted_events": {
        "line": "int: the case's line, 1 = the case that started first (no case id)",
        "ts": "timestamp: the event's time (local)",
        "activity": "str: the event's activity",
    },
}


def dotted_events(
    con: duckdb.DuckDBPyConnection,
    *,
    as_of: date | datetime,
    max_cases: int = 300,
) -> pd.DataFrame:
    """The events of at most ``max_cases`` cases, one line per case (see module).

    ``attrs["ipgar"]`` holds ``cases`` (all cases) and ``shown`` (lines drawn).
    """
    require_as_of(as_of, "dotted_events")
    if max_cases < 1:
        raise ConfigError("max_cases is 1 or more.")
    ts = reference_time(con, as_of)
    frame = store.sql_frame(con, "paths/dotted", as_of=ts, max_cases=max_cases)
    frame["line"] = frame["line"].astype("int64")
    frame["ts"] = as_local(pd.to_datetime(frame["ts"], utc=True))
    total = store.first_row(
        con,
        "SELECT count(DISTINCT case_id) FROM events WHERE ts <= ?",
        [ts.to_pydatetime()],
    )
    out = frame[list(OUTPUT_COLUMNS["dotted_events"])].reset_index(drop=True)
    out.attrs["ipgar"] = {
        "snapshot": store.snapshot(con),
        "as_of": str(as_of),
        "cases": int(total[0]) if total else 0,
        "shown": int(out["line"].max()) if len(out) else 0,
    }
    return out
