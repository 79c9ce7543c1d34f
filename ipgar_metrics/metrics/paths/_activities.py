"""The activity table of a log: events, cases and the time to the next event.

What Disco's activity statistics and bupaR's ``activity_frequency`` show, for any
loaded log: per activity the number of events, the number of cases in which it
occurs, their shares, and how long a case waits after it until its next event (in
seconds; ``timeunits`` chooses a unit to print). Counted in SQL
(``sql/paths/activities.sql``).
"""

from __future__ import annotations

from datetime import date, datetime

import duckdb
import pandas as pd

from ipgar_metrics import store
from ipgar_metrics.metrics._episodes import reference_time, require_as_of

OUTPUT_COLUMNS: dict[str, dict[str, str]] = {
    "activity_statistics": {
        "activity": "str: the activity",
        "events": "int: its events at or before as_of",
        "cases": "int: cases with at least one of its events",
        "event_share": "float: events / all events (0-1)",
        "case_share": "float: cases / all cases (0-1)",
        "next_events": "int: its events that a later event of the case follows",
        "median_to_next_s": "float: median seconds to the case's next event (NaN: none)",
        "mean_to_next_s": "float: mean seconds to the case's next event",
        "min_to_next_s": "float: shortest seconds to the next event",
        "max_to_next_s": "float: longest seconds to the next event",
    },
}


def activity_statistics(
    con: duckdb.DuckDBPyConnection, *, as_of: date | datetime
) -> pd.DataFrame:
    """One row per activity: events, cases, shares and the time to the next event.

    The next event is the case's following event in the store's order (``seq``), so
    equal timestamps keep the order of the export (profile generic) or the process
    order (profile ipgar). A case's last event has no next event.

    Returns
    -------
    pandas.DataFrame with the columns of ``OUTPUT_COLUMNS["activity_statistics"]``,
    most frequent activity first (ties by name). Empty (with these columns) when no
    event lies at or before ``as_of``.

    Examples
    --------
    >>> from ipgar_metrics import store
    >>> con = store.memory_store()
    >>> list(activity_statistics(con, as_of=date(2026, 1, 1)).columns)[:3]
    ['activity', 'events', 'cases']
    """
    require_as_of(as_of, "activity_statistics")
    ts = reference_time(con, as_of)
    frame = store.sql_frame(con, "paths/activities", as_of=ts)
    totals = store.first_row(
        con,
        "SELECT count(*), count(DISTINCT case_id) FROM events WHERE ts <= ?",
        [ts.to_pydatetime()],
    )
    n_events, n_cases = (int(v) for v in (totals or (0, 0)))
    for col in ("events", "cases", "next_events"):
        frame[col] = frame[col].astype("int64")
    frame["event_share"] = frame["events"] / n_events if n_events else 0.0
    frame["case_share"] = frame["cases"] / n_cases if n_cases else 0.0
    for col in ("median_to_next_s", "mean_to_next_s", "min_to_next_s", "max_to_next_s"):
        frame[col] = frame[col].astype("float64")
    out = frame[list(OUTPUT_COLUMNS["activity_statistics"])].reset_index(drop=True)
    out.attrs["ipgar"] = {"snapshot": store.snapshot(con), "as_of": str(as_of)}
    return out
