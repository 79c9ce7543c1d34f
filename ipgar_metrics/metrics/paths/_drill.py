"""Drill-down: the episodes behind one variant or one directly-follows edge.

Every variant row of ``variants`` and every edge of ``directly_follows`` stands for
episodes; ``episodes_of`` lists them (pseudonyms), so an analyst can open one with
``case_timeline`` (``ipgar case``). Internal grain: pseudonyms only, never for a
published output.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime
from itertools import pairwise
from typing import Final

import duckdb
import pandas as pd

from ipgar_metrics import config
from ipgar_metrics.errors import ConfigError
from ipgar_metrics.metrics._episodes import require_as_of
from ipgar_metrics.metrics.paths._variants import Phase, episode_paths, variants
from ipgar_metrics.schema import Period, PeriodMode

OUTPUT_COLUMNS: Final[dict[str, dict[str, str]]] = {
    "episodes_of": {
        "case_id": "str: case pseudonym",
        "episode": "int: episode number within the case (1 for profile generic)",
        "variant": "str: the episode's path, activities joined by ' > '",
        "start_at": "timestamp: first event of the phase",
        "end_at": "timestamp: end of the phase; NaT if open",
        "days": "float: end_at - start_at in days; NaN if open",
    }
}


def episodes_of(
    con: duckdb.DuckDBPyConnection,
    *,
    as_of: date | datetime,
    variant: int | None = None,
    edge: tuple[str, str] | None = None,
    phase: Phase = "episode",
    period: Period | None = None,
    period_mode: PeriodMode = "started",
    segment: Mapping[str, str] | None = None,
    min_count: int = config.SUPPRESSION_K,
) -> pd.DataFrame:
    """The episodes of variant ``variant`` (its rank) or with the edge ``edge``.

    ``variant`` is a rank of ``variants`` with the same scope and ``min_count``
    (the merged row "overige varianten" lists the episodes of every variant merged
    into it); ``edge`` is ``(source, target)`` activity codes, directly following
    each other in the episode's path. Give exactly one. A rank that does not exist
    or an edge no episode has is a one-line error.

    Returns
    -------
    One row per episode: ``OUTPUT_COLUMNS["episodes_of"]``, oldest first.
    """
    require_as_of(as_of, "episodes_of")
    if (variant is None) == (edge is None):
        raise ConfigError("give a variant rank or an edge (source, target), one.")
    scope = {
        "as_of": as_of,
        "phase": phase,
        "period": period,
        "period_mode": period_mode,
        "segment": segment,
    }
    paths = episode_paths(con, **scope)  # type: ignore[arg-type]
    if variant is not None:
        ranked = variants(con, min_count=min_count, **scope)  # type: ignore[arg-type]
        row = ranked[ranked["rank"] == variant]
        if row.empty:
            raise ConfigError(
                f"there is no variant {variant}: ranks run from 1 to {len(ranked)} "
                "(see ipgar paths with the same options)."
            )
        if bool(row["is_other"].iloc[0]):
            shown = set(ranked.loc[~ranked["is_other"], "variant"])
            keep = ~paths["variant"].isin(shown)
        else:
            keep = paths["variant"] == row["variant"].iloc[0]
    else:
        assert edge is not None
        source, target = edge
        keep = paths["activities"].map(
            lambda acts: _follows(list(acts), source, target)
        )
        if not keep.any():
            raise ConfigError(
                f'no episode has "{source}" directly followed by "{target}" in this '
                "scope; see ipgar dfg --format csv for the edges."
            )
    out = paths.loc[keep, list(OUTPUT_COLUMNS["episodes_of"])]
    return out.sort_values(["start_at", "case_id", "episode"]).reset_index(drop=True)


def _follows(activities: list[str], source: str, target: str) -> bool:
    return any(a == source and b == target for a, b in pairwise(activities))
