"""Long stays without perspective: no life-domain intervention, no recent action.

The seed estimates that 15-20% of cases have no problem on any life domain, so no
intervention fits and they stay long in the approach. Measured here as episodes
without any ``interventie_start`` (with a life domain) while in the approach.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, Literal

import duckdb
import numpy as np
import pandas as pd

from ipgar_metrics import config, schema, store
from ipgar_metrics.errors import ConfigError
from ipgar_metrics.metrics import _status as status
from ipgar_metrics.metrics._episodes import require_as_of

COLUMNS_BY_LEVEL: dict[str, dict[str, str]] = {
    "long_stays(level=case)": {
        "case_id": "str: case pseudonym",
        "episode": "int: episode number",
        "is_open": "bool: still in the approach at as_of",
        "status": "str: active|detained|travelled|static at as_of (None after exit)",
        "days_in_approach": "float: instroom to exit or as_of",
        "interventions": "int: interventions started in the approach",
        "no_life_domain": "bool: no intervention at all",
        "last_action_at": "timestamp: last contact or intervention activity (NaT: none)",
        "no_action": "bool: open, active, and no action in the last no_action_months",
        "itatr": "bool: put on the ITAT-R agenda while in the approach",
        "made_static": "bool: made static while in the approach",
        "report_source": "str: case attribute",
        "risk_category": "str: case attribute",
        "ideology": "str: case attribute",
    },
    "long_stays(level=summary)": {
        "cases": "int: episodes with an instroom",
        "open": "int: of which still in the approach",
        "no_life_domain": "int: episodes without any intervention",
        "share_no_life_domain": "float: no_life_domain / cases",
        "median_days_no_life_domain": "float: median days in the approach (so far) without interventions",
        "median_days_with_interventions": "float: the same for episodes with interventions",
        "no_action": "int: open active episodes without action in the last N months",
        "itatr": "int: episodes put on the ITAT-R agenda",
        "made_static": "int: episodes made static",
    },
}
#: Output columns per public function at its default level (the contract test reads
#: this); ``COLUMNS_BY_LEVEL`` has every level, keyed "function(level=...)".
OUTPUT_COLUMNS: dict[str, dict[str, str]] = {
    name: {c: m for c, m in COLUMNS_BY_LEVEL[key].items() if not c.startswith("<")}
    for name, key in {
        "long_stays": "long_stays(level=case)",
    }.items()
}
OUTPUT_COLUMNS.update({k: v for k, v in COLUMNS_BY_LEVEL.items() if "(" not in k})


def long_stays(
    con: duckdb.DuckDBPyConnection,
    *,
    as_of: Any,
    no_action_months: int = 3,
    level: Literal["case", "summary"] = "case",
    by: str | Sequence[str] = (),
) -> pd.DataFrame:
    """Episodes without life-domain interventions, without recent action, escalated.

    ``no_action`` marks episodes still in the approach, active (not paused) at
    ``as_of``, whose last contact or intervention activity (or instroom, when
    there is none) is before ``as_of`` minus ``no_action_months`` calendar months.
    Time in the approach is the time so far for open episodes.

    Returns
    -------
    level="case": one row per episode with an instroom (``long_stays(level=case)``).
    level="summary": one row per ``by`` group (case segments): the by columns then
    ``long_stays(level=summary)``.
    """
    require_as_of(as_of, "long_stays")
    if level not in ("case", "summary"):
        raise ConfigError(f'unknown level "{level}"; choose one of: case, summary.')
    if no_action_months < 1:
        raise ConfigError("no_action_months must be 1 or more; pass e.g. 3.")
    segs = tuple(b for b in schema.check_segments(by) if b != "month")
    ts = status.as_timestamp(con, as_of)
    periods = status.approach_periods(con, as_of=ts)
    per = store.sql_frame(con, "casework/longstay_episodes", as_of=ts)
    per["last_action_at"] = pd.to_datetime(
        per["last_action_at"], utc=True
    ).dt.tz_convert(config.TIMEZONE)
    out = periods.merge(per, on=["case_id", "episode"], how="left")
    out["days_in_approach"] = status.days_between(
        out["instroom_at"], out["uitstroom_at"].fillna(ts)
    )
    out["interventions"] = out["interventions"].fillna(0).astype("int64")
    out["no_life_domain"] = out["interventions"] == 0
    now = status.status_at(status.status_intervals(con, as_of=ts), ts)
    out["status"] = out["case_id"].map(now).fillna("active").where(out["is_open"], None)
    cutoff = ts - pd.DateOffset(months=no_action_months)
    last = out["last_action_at"].fillna(out["instroom_at"])
    out["no_action"] = out["is_open"] & (out["status"] == "active") & (last < cutoff)
    for c in ("itatr", "made_static", "no_action", "no_life_domain"):
        out[c] = out[c].fillna(False).astype(bool)
    params = {"no_action_months": no_action_months, "level": level, "by": list(segs)}
    if level == "case":
        cols = list(COLUMNS_BY_LEVEL["long_stays(level=case)"])
        return status.attach_meta(out[cols].reset_index(drop=True), con, ts, **params)
    groups = out.groupby(list(segs), dropna=False) if segs else [((), out)]
    rows = []
    for key, g in groups:
        key_t = key if isinstance(key, tuple) else (key,)
        row: dict[str, Any] = dict(zip(segs, key_t, strict=True))
        nld = g["no_life_domain"]
        row.update(
            {
                "cases": len(g),
                "open": int(g["is_open"].sum()),
                "no_life_domain": int(nld.sum()),
                "share_no_life_domain": float(nld.mean()) if len(g) else np.nan,
                "median_days_no_life_domain": _median(g.loc[nld, "days_in_approach"]),
                "median_days_with_interventions": _median(
                    g.loc[~nld, "days_in_approach"]
                ),
                "no_action": int(g["no_action"].sum()),
                "itatr": int(g["itatr"].sum()),
                "made_static": int(g["made_static"].sum()),
            }
        )
        rows.append(row)
    res = pd.DataFrame(
        rows, columns=[*segs, *COLUMNS_BY_LEVEL["long_stays(level=summary)"]]
    )
    return status.attach_meta(res, con, ts, **params)


def _median(values: pd.Series) -> float:
    return float(values.median()) if len(values) else float("nan")
