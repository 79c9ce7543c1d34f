"""Interventions per domain and the share delivered by the case manager's own organisation."""

from __future__ import annotations

import warnings
from typing import Any

import duckdb
import pandas as pd

from ipgar_metrics import schema
from ipgar_metrics.metrics import _status as status
from ipgar_metrics.metrics.casework import shared_interventions

OUTPUT_COLUMNS: dict[str, dict[str, str]] = {
    "own_org_share_by_domain": {
        "domain": "str: domain of the delivering organisations (schema.DOMAINS order)",
        "interventions": "int: interventions started in the approach",
        "own": "float: of which by the case manager's own organisation",
        "with_manager": "float: of which with a case manager at the start",
        "own_org_share": "float: own / with_manager (NaN: none with a case manager)",
    },
}


def own_org_share_by_domain(
    con: duckdb.DuckDBPyConnection, *, as_of: Any
) -> pd.DataFrame:
    """Interventions per domain, and the share by the case manager's own organisation.

    An intervention without a case manager at its start counts in ``interventions``
    but not in the share (see ``casework.interventions``: ``own_org`` is NA).

    Returns
    -------
    One row per domain of ``schema.DOMAINS`` (zero rows included): domain,
    interventions, own, with_manager, own_org_share.
    """
    ts = status.as_timestamp(con, as_of)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", FutureWarning)
        iv = shared_interventions(con, as_of=as_of)  # grouped and read
    per = (
        iv.groupby("domain")
        .agg(
            interventions=("org", "size"),
            own=("own_org", lambda s: float(s.dropna().sum())),
            with_manager=("own_org", lambda s: float(s.notna().sum())),
        )
        .reindex(list(schema.DOMAINS), fill_value=0)
        .reset_index()
    )
    # agg may hand back a group's floats in the column's own (boolean) dtype
    per[["own", "with_manager"]] = per[["own", "with_manager"]].astype(float)
    per["own_org_share"] = per["own"] / per["with_manager"].where(
        per["with_manager"] > 0
    )
    return status.attach_meta(per, con, ts)
