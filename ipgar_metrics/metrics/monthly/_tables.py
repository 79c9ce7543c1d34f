"""Count tables of the monthly report.

Cases by days since the last contact and status; interventions per year by domain.
"""

from __future__ import annotations

import warnings
from typing import Any, Final

import duckdb
import pandas as pd

from ipgar_metrics import config, schema
from ipgar_metrics.metrics import _status as status
from ipgar_metrics.metrics.casework import contact_gaps, shared_interventions

#: Buckets of days since the last contact: (name, upper bound inclusive).
GAP_BUCKETS: Final[tuple[tuple[str, float], ...]] = (
    ("0–30", 30.0),
    ("31–60", 60.0),
    ("61–90", 90.0),
    ("> 90", float("inf")),
)
#: Years the table of interventions per year covers, the year of ``as_of`` the last.
YEARS: Final[int] = 6

OUTPUT_COLUMNS: dict[str, dict[str, str]] = {
    "contact_gap_buckets": {
        "bucket": "str: days since the last contact, one of GAP_BUCKETS",
        "status": "str: active, detained, travelled or static at as_of",
        "cases": "int: cases in the approach at as_of",
    },
    "interventions_by_year": {
        "year": "str: local year of the start YYYY",
        "domain": "str: domain of the delivering organisation (schema.DOMAINS)",
        "interventions": "int: interventions started in the approach",
    },
}


def contact_gap_buckets(con: duckdb.DuckDBPyConnection, *, as_of: Any) -> pd.DataFrame:
    """Cases in the approach by days since the last contact and status.

    The days are those of ``casework.contact_gaps`` (pauses not counted).

    Returns
    -------
    One row per (bucket, status), every combination (zero included), buckets in
    ``GAP_BUCKETS`` order and statuses active, detained, travelled, static within:
    bucket, status, cases.
    """
    ts = status.as_timestamp(con, as_of)
    gaps = contact_gaps(con, as_of=as_of)
    names = [name for name, _ in GAP_BUCKETS]
    bucket = pd.cut(
        gaps["days_since_contact"],
        bins=[-1.0, *[upper for _, upper in GAP_BUCKETS]],
        labels=names,
    )
    counts = pd.crosstab(bucket, gaps["status"]).reindex(
        index=names, columns=list(status.STATUSES), fill_value=0
    )
    out = _long(counts, ["bucket", "status"], "cases")
    return status.attach_meta(out, con, ts)


def interventions_by_year(
    con: duckdb.DuckDBPyConnection, *, as_of: Any, years: int = YEARS
) -> pd.DataFrame:
    """Interventions started in the approach per local year and domain.

    Returns
    -------
    One row per (year, domain) for the years with an intervention among the last
    ``years`` up to the year of the day before ``as_of``, oldest first, domains in
    ``schema.DOMAINS`` order (zero included): year, domain, interventions.
    """
    ts = status.as_timestamp(con, as_of)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", FutureWarning)
        iv = shared_interventions(con, as_of=as_of)  # read (assign makes a copy)
    last = (ts - pd.Timedelta(days=1)).tz_convert(config.TIMEZONE).year
    per = iv.assign(year=iv["month"].str[:4])
    counts = pd.crosstab(per["year"], per["domain"]).reindex(
        columns=list(schema.DOMAINS), fill_value=0
    )
    counts = counts[counts.index >= str(last - (years - 1))]
    out = _long(counts, ["year", "domain"], "interventions")
    return status.attach_meta(out, con, ts, years=years)


def _long(counts: pd.DataFrame, names: list[str], value: str) -> pd.DataFrame:
    """A crosstab as one row per cell, in the crosstab's row and column order."""
    counts = counts.rename_axis(index=names[0], columns=names[1])
    return counts.stack().rename(value).astype("int64").reset_index()
