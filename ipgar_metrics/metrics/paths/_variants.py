"""Process variants: the distinct paths of the intake phase and of whole episodes.

Computed in DuckDB (``sql/paths/*.sql``); pm4py is not needed. The same phase
selection (``prepare_phase``) feeds the directly-follows graph (``_dfg.py``) and the
conformance check (``_conformance.py``), so all three describe the same episodes.

Phases
------
``"episode"``
    Every event of the episode (profile ``generic``: of the whole case).
``"intake"``
    Profile ``ipgar`` only. The events of the episode whose activity is one of
    ``INTAKE_ACTIVITIES``, from the start of the episode up to and including the first
    closing decision (``instroom``, ``preventief_gesprek`` or ``ptor_besluit`` with
    outcome ``geen_opname``); after an ``instroom`` the first later ``notificatie``
    belongs to the phase too. The lead time of the phase runs from its first event to
    the closing decision. Without a closing decision the phase is open.
"""

from __future__ import annotations

import gc
from collections.abc import Mapping
from datetime import date, datetime
from typing import Any, Final, Literal

import duckdb
import numpy as np
import pandas as pd

from ipgar_metrics import config, schema, store
from ipgar_metrics.errors import ConfigError
from ipgar_metrics.metrics._episodes import (
    check_as_of,
    check_in_store,
    require_as_of,
    resolve_as_of,
)
from ipgar_metrics.schema import Period, PeriodMode

Phase = Literal["intake", "episode"]
PHASES: Final[tuple[str, ...]] = ("intake", "episode")

#: Activities that make up the intake phase (melding up to the decision).
INTAKE_ACTIVITIES: Final[tuple[str, ...]] = (
    "melding",
    "info_aanvraag",
    "info_ontvangen",
    "ivgr_advies",
    "ptor_besluit",
    "preventief_gesprek",
    "instroom",
    "notificatie",
)
#: The variant text of the row that holds all rare variants.
OTHER_VARIANTS: Final[str] = "overige varianten"
#: Period modes of the path metrics: a path is selected by its episode's first event
#: (its end is not fixed while the path may still grow).
PATH_PERIOD_MODES: Final[tuple[str, ...]] = ("started",)
#: Whether ``variants`` reads the stored paths (``episode_paths``, schema version 9)
#: when they give the same answer as the events; False: always from the events (a
#: test compares both).
READ_STORED_PATHS: bool = True
#: Activity codes below this fit the one-character keys (``sql/store/path_*.sql``).
_MAX_STORED_CODES: Final[int] = 55000
#: Segments that can filter a path metric (``month`` is a period: use ``period``).
FILTER_SEGMENTS: Final[tuple[str, ...]] = ("report_source", "risk_category", "ideology")

OUTPUT_COLUMNS: dict[str, dict[str, str]] = {
    "episode_paths": {
        "case_id": "str: case pseudonym",
        "episode": "int: episode number within the case (1 for profile generic)",
        "activities": "list[str]: activity codes of the phase in order",
        "variant": "str: activities joined by ' > '",
        "n_events": "int: events in the phase",
        "start_at": "timestamp: first event of the phase",
        "end_at": "timestamp: closing decision (intake) or last event (episode); NaT if open",
        "days": "float: end_at - start_at in days; NaN if open",
        "is_open": "bool: intake phase without a closing decision yet",
    },
    "variants": {
        "rank": "int: 1 = most frequent; the merged row comes last",
        "variant": "str: activities joined by ' > ', or 'overige varianten'",
        "activities": "list[str] | None: activity codes (None for the merged row)",
        "count": "int: episodes with this path",
        "n_variants": "int: 1, or the number of variants merged into the row",
        "share": "float: count / all episodes in scope",
        "cumulative_share": "float: running sum of share in rank order",
        "median_days": "float: median lead time of the phase (closed episodes)",
        "p90_days": "float: 90th percentile of that lead time",
        "is_other": "bool: the row of merged rare variants",
        "small_n": "bool: count below min_count (only the merged row, when all "
        "episodes in scope are fewer than min_count); its median and p90 are NaN",
    },
    "rework": {  # level="episode" (default)
        "case_id": "str: case pseudonym",
        "episode": "int: episode number",
        "ivgr_count": "int: IVG-R discussions in the intake phase",
        "ivgr_returns": "int: IVG-R discussions after the first",
        "days": "float: intake lead time in days (NaN while open)",
        "is_open": "bool: the intake phase has not closed by as_of",
    },
    "rework(level=summary)": {
        "ivgr_returns": "str: group of IVG-R returns '0', '1', .., '3+'",
        "n": "int: closed episodes in the group",
        "n_open": "int: open intake phases in the group",
        "mean_days": "float: mean intake lead time",
        "median_days": "float: median intake lead time",
        "p10_days": "float: 10th percentile",
        "p25_days": "float: 25th percentile",
        "p75_days": "float: 75th percentile",
        "p90_days": "float: 90th percentile",
        "min_days": "float: shortest",
        "max_days": "float: longest",
        "mean_info_requests": "float: mean information requests per episode",
        "mean_loop_days": "float: mean days from the first to the last IVG-R discussion",
        "extra_median_days": "float: median_days minus that of the group '0'",
    },
}


def local_midnight(day: date | datetime | None) -> pd.Timestamp | None:
    """The start of ``day`` in local time (a datetime is used as given, made aware)."""
    return None if day is None else resolve_as_of(day)


def check_phase(con: duckdb.DuckDBPyConnection, phase: str) -> str:
    """Return ``phase`` if known and defined for the store's profile."""
    if phase not in PHASES:
        raise ConfigError(f'unknown phase "{phase}"; choose one of: intake, episode.')
    if phase == "intake" and store.profile_of(con) != "ipgar":
        raise ConfigError(
            "the intake phase needs an iPGA-R store (profile ipgar); use --phase "
            "episode for a generic event log."
        )
    return phase


def check_filter(
    segment: Mapping[str, str] | None, con: duckdb.DuckDBPyConnection | None = None
) -> dict[str, str | None]:
    """The segment filter as SQL parameters; names whitelisted, values in ``con``."""
    values: dict[str, str | None] = dict.fromkeys(FILTER_SEGMENTS)
    for name, value in (segment or {}).items():
        schema.check_segments([name])
        if name not in FILTER_SEGMENTS:
            raise ConfigError(
                f'segment "{name}" cannot filter paths; give the start and end day '
                "as period=(first_day, last_day), or filter on one of: "
                f"{', '.join(FILTER_SEGMENTS)}."
            )
        values[name] = (
            str(value) if con is None else check_in_store(con, name, str(value))
        )
    return values


def prepare_phase(
    con: duckdb.DuckDBPyConnection,
    *,
    phase: str,
    as_of: date | datetime | None,
    period: Period | None = None,
    period_mode: PeriodMode = "started",
    segment: Mapping[str, str] | None = None,
    refined: bool = False,
    include_open: bool = False,
) -> dict[str, Any]:
    """Define the temporary view ``_phase_events``; return the parameters used.

    ``as_of`` keeps the events up to that moment (a date: the start of that day in
    local time, as in ``metrics._episodes.resolve_as_of``; None: all events);
    ``period=(first_day, last_day)`` keeps the episodes whose first event lies in
    those days (inclusive; ``period_mode="started"``, the only mode a path has);
    ``segment`` keeps cases with those attribute values.
    """
    check_phase(con, phase)
    checked, period_mode = schema.check_period(
        period, period_mode, allowed=PATH_PERIOD_MODES, function="path metrics"
    )
    start, end = checked if checked is not None else (None, None)
    end_excl = (
        None
        if end is None
        else local_midnight(pd.Timestamp(end).date()) + pd.Timedelta(days=1)
    )
    params: dict[str, Any] = {
        "phase": phase,
        "cutoff": (
            pd.Timestamp("9999-01-01", tz="UTC")
            if as_of is None
            else check_as_of(con, as_of, allow_early=True)
        ),
        "start": local_midnight(start),
        "end": end_excl,
        **check_filter(segment, con),
        "intake_activities": list(INTAKE_ACTIVITIES),
        "refined": refined,
        "include_open": include_open,
    }
    if phase == "episode" and start is None and end is None and not segment:
        # the fast path: a view over the events, no copy (the common, unfiltered case)
        con.execute(
            "SET VARIABLE ipgar_cutoff = CAST($cutoff AS TIMESTAMPTZ)",
            {"cutoff": params["cutoff"]},
        ).fetchall()
        con.execute(
            "SET VARIABLE ipgar_refined = CAST($refined AS BOOLEAN)",
            {"refined": refined},
        ).fetchall()
        store.run_sql(con, "paths/phase_events_all").fetchall()
        params["_events_view"] = True  # _phase_events is the events themselves
    else:
        # in a report, the variants and the map of one phase share its rows
        store.made_once(
            con,
            "_phase_rows",
            store.result_key(con, "phase_rows", store.frozen_params(params)),
            lambda: store.run_sql(con, "paths/phase_events", **params).fetchall(),
        )
        store.run_sql(con, "paths/phase_view").fetchall()
        params["_events_view"] = False
    return params


def _attrs(
    con: duckdb.DuckDBPyConnection,
    as_of: date | datetime | None,
    params: dict[str, Any],
) -> dict[str, Any]:
    keep = {
        k: v
        for k, v in params.items()
        if k not in {"cutoff", "intake_activities"} and not k.startswith("_")
    }
    return {
        "snapshot": store.snapshot(con),
        "as_of": None if as_of is None else str(as_of),
        "params": {
            k: (str(v) if isinstance(v, pd.Timestamp) else v) for k, v in keep.items()
        },
    }


def episode_paths(
    con: duckdb.DuckDBPyConnection,
    *,
    phase: Phase = "episode",
    as_of: date | datetime,
    period: Period | None = None,
    period_mode: PeriodMode = "started",
    segment: Mapping[str, str] | None = None,
    include_open: bool = False,
) -> pd.DataFrame:
    """The path of every episode (or of its intake phase), with its lead time.

    Internal grain: the frame holds case pseudonyms; publish only aggregates.

    Returns
    -------
    One row per episode in scope (profile ``generic``: per case): case_id, episode,
    activities, variant, n_events, start_at, end_at, days, is_open (see
    ``OUTPUT_COLUMNS["episode_paths"]``).
    """
    require_as_of(as_of, "episode_paths")
    params = prepare_phase(
        con,
        phase=phase,
        as_of=as_of,
        period=period,
        period_mode=period_mode,
        segment=segment,
        include_open=include_open,
    )
    frame = store.sql_frame(con, "paths/episode_paths")
    frame["episode"] = frame["episode"].astype("int64")
    frame["n_events"] = frame["n_events"].astype("int64")
    frame.attrs["ipgar"] = _attrs(con, as_of, params)
    return frame


def variants(
    con: duckdb.DuckDBPyConnection,
    *,
    phase: Phase = "episode",
    as_of: date | datetime,
    period: Period | None = None,
    period_mode: PeriodMode = "started",
    segment: Mapping[str, str] | None = None,
    min_count: int = config.SUPPRESSION_K,
    include_open: bool = False,
) -> pd.DataFrame:
    """The variants (distinct paths) of a phase with frequency and lead time.

    Variants shared by fewer than ``min_count`` episodes are merged into one row
    ``"overige varianten"`` (the default is the disclosure threshold
    ``config.SUPPRESSION_K``; pass ``min_count=1`` for internal use to see all).
    Open intake phases are left out unless ``include_open``.

    The merged row is protected too. When the rare variants hold 1 to
    ``min_count - 1`` episodes together, the least frequent variant of ``min_count``
    or more (of equal counts, the last in rank order) is merged with them, so the
    row holds at least ``min_count`` episodes and ``count`` still adds up to every
    episode in scope. Only when all episodes in scope are fewer than ``min_count``
    is the single merged row below it: ``small_n`` is then true and its median and
    p90 are NaN. ``attrs["ipgar"]["suppression"]`` says what was done:
    ``min_count``, ``merged_variants``, ``topped_up`` (variants of ``min_count`` or
    more merged to protect the row) and ``protected`` (no row below ``min_count``).

    Returns
    -------
    One row per variant, ranked by count: rank, variant, activities, count,
    n_variants, share, cumulative_share, median_days, p90_days, is_other, small_n
    (see ``OUTPUT_COLUMNS["variants"]``).

    Examples
    --------
    >>> from ipgar_metrics import store
    >>> con = store.memory_store()
    >>> variants(con, min_count=1).empty
    True
    """
    require_as_of(as_of, "variants")
    if min_count < 1:
        raise ConfigError("min_count must be at least 1.")
    params = prepare_phase(
        con,
        phase=phase,
        as_of=as_of,
        period=period,
        period_mode=period_mode,
        segment=segment,
        include_open=include_open,
    )
    stored = _stored_paths_serve(con, params, period=period, segment=segment)
    frame = _variant_rows(con, min_count, stored=stored)
    for col in ("rank", "count", "n_variants"):
        frame[col] = frame[col].astype("int64")
    frame["is_other"] = frame["is_other"].astype(bool)
    topped = int(frame.pop("n_topped_up").max()) if len(frame) else 0
    frame = _flag_merged(frame, min_count)
    params["min_count"] = min_count
    frame.attrs["ipgar"] = _attrs(con, as_of, params)
    frame.attrs["ipgar"]["suppression"] = _suppression(frame, min_count, topped)
    return frame


def _flag_merged(frame: pd.DataFrame, min_count: int) -> pd.DataFrame:
    """``small_n`` for a row below ``min_count``; its lead-time statistics blanked."""
    small = frame["count"] < min_count
    frame["small_n"] = small.astype(bool)
    frame.loc[small, ["median_days", "p90_days"]] = np.nan
    return frame[list(OUTPUT_COLUMNS["variants"])]


def _suppression(frame: pd.DataFrame, min_count: int, topped: int) -> dict[str, Any]:
    """What the merge did: rare variants merged, a larger one merged to protect it."""
    other = frame.loc[frame["is_other"]]
    merged = int(other["n_variants"].sum())
    return {
        "min_count": min_count,
        "merged_variants": merged,
        "topped_up": int(topped),
        "protected": not bool(frame["small_n"].any()),
    }


def _stored_paths_serve(
    con: duckdb.DuckDBPyConnection,
    params: dict[str, Any],
    *,
    period: Period | None,
    segment: Mapping[str, str] | None,
) -> bool:
    """Whether ``episode_paths`` gives the answer the events give.

    It does for the whole episode phase (labels without outcomes) with no period or
    segment (a log filter shadows ``episode_paths`` with the kept cases, as it does
    ``events``), at an ``as_of`` at or after the last event, when every activity
    code fits a key character.
    """
    if not READ_STORED_PATHS or params["phase"] != "episode" or params["refined"]:
        return False
    if period is not None or segment or params["start"] is not None:
        return False
    if params["end"] is not None:
        return False
    last = store.last_event_at(con)
    if last is not None and pd.Timestamp(params["cutoff"]) < pd.Timestamp(last):
        return False
    codes = store.first_row(con, "SELECT max(code) FROM activity_codes")
    return codes is None or codes[0] is None or int(codes[0]) < _MAX_STORED_CODES


def _variant_rows(
    con: duckdb.DuckDBPyConnection, min_count: int, *, stored: bool = False
) -> pd.DataFrame:
    """The rows of paths/variants, ranked, with ``activities`` and ``variant``.

    ``stored``: the paths are read from ``episode_paths`` (``_stored_keys``), else
    computed from ``_phase_events``.
    """
    translated = False
    if stored:
        labels, translated = _stored_keys(con)
        frame = store.sql_frame(con, "paths/variants", min_count=min_count)
    else:
        _set_key_order(con, "", "")  # keys from the events are in text order
        try:
            with store.temp_table(con, "_variant_labels", "paths/variant_labels"):
                labels = [
                    row[0]
                    for row in con.execute(
                        "SELECT label FROM _variant_labels ORDER BY code"
                    ).fetchall()
                ]
                store.run_sql(con, "paths/episode_keys").fetchall()
                frame = store.sql_frame(con, "paths/variants", min_count=min_count)
        except duckdb.InvalidInputException as exc:
            if "distinct activity labels" not in str(exc):  # paths/variant_labels'
                raise
            raise ConfigError(
                "the phase has more than 55,000 distinct activity labels, too many "
                "to key its variants; map the labels to fewer activities."
            ) from exc
    frame["activities"] = _decode(frame.pop("code_key"), labels)
    frame["variant"] = [
        OTHER_VARIANTS if acts is None else " > ".join(acts)
        for acts in frame["activities"]
    ]
    if translated or not _key_order_is_text_order(labels):  # redo by text
        frame = frame.sort_values(
            ["is_other", "count", "variant"],
            ascending=[True, False, True],
            kind="stable",
        ).reset_index(drop=True)
    frame["rank"] = range(1, len(frame) + 1)
    frame["cumulative_share"] = frame["share"].cumsum()
    frame["small_n"] = False  # set by _flag_merged
    return frame[[*OUTPUT_COLUMNS["variants"], "n_topped_up"]]


def _stored_keys(con: duckdb.DuckDBPyConnection) -> tuple[list[str], bool]:
    """Define ``_episode_keys`` over ``episode_paths``: the labels by code, translated.

    A stored key has ``chr(256 + code)`` per step, codes in the order activities were
    first loaded. ``labels[code]`` decodes it. When the codes are not in text order
    (True), ``paths/variants`` translates the keys it must order, to
    ``chr(256 + rank)`` with the activity's rank in text order (as
    ``paths/variant_labels`` numbers the labels), and the rows are sorted by text.
    Activities of no stored path (a purged person's) only shift the ranks, never
    their order.
    """
    rows = con.execute(
        "SELECT activity, code FROM activity_codes ORDER BY activity"
    ).fetchall()
    labels = [""] * (max((int(c) for _, c in rows), default=-1) + 1)
    for activity, code in rows:
        labels[int(code)] = str(activity)
    source = "".join(chr(256 + int(c)) for _, c in rows)
    target = "".join(chr(256 + i) for i in range(len(rows)))
    translated = source != target
    if not translated:  # codes given in text order: no key needs translating
        source = target = ""
    _set_key_order(con, source, target)
    store.run_sql(con, "paths/episode_keys_stored").fetchall()
    return labels, translated


def _set_key_order(con: duckdb.DuckDBPyConnection, source: str, target: str) -> None:
    """The session variables with which ``paths/variants`` orders stored keys by text."""
    for name, value in (("ipgar_codes_from", source), ("ipgar_codes_to", target)):
        con.execute(
            f"SET VARIABLE {name} = CAST($v AS VARCHAR)", {"v": value}
        ).fetchall()


def _decode(keys: pd.Series, labels: list[str]) -> list[list[str] | None]:
    """The label lists of code keys (code ``chr(256 + i)`` is ``labels[i]``).

    All keys are decoded at once with numpy, and each list is a slice of one flat list
    of shared label objects: a split per key made 16 M new strings at 1 M cases.
    """
    present = [k for k in keys if isinstance(k, str)]
    if not present:
        return [None] * len(keys)
    points = np.frombuffer("".join(present).encode("utf-32-le"), dtype=np.uint32)
    flat = np.array(labels, dtype=object)[points - 256].tolist()
    ends = np.cumsum([len(k) for k in present]).tolist()
    # half a million new lists hold no cycles: the cyclic garbage collector would
    # only rescan them (10 times the cost of building them at 1 M cases)
    collecting = gc.isenabled()
    gc.disable()
    try:
        lists = iter([flat[s:e] for s, e in zip([0, *ends[:-1]], ends, strict=True)])
        return [next(lists) if isinstance(k, str) else None for k in keys]
    finally:
        if collecting:
            gc.enable()


def _key_order_is_text_order(labels: list[str]) -> bool:
    """Whether ordering code keys orders the variant texts (labels joined by ' > ').

    The codes follow the labels' order, so the two orders agree unless a label is a
    proper prefix of another that continues with a character at or below a space.
    """
    known = set(labels)
    return not any(
        label[:i] in known
        for label in labels
        for i, ch in enumerate(label)
        if i and ch <= " "
    )


def rework(
    con: duckdb.DuckDBPyConnection,
    *,
    as_of: date | datetime,
    period: Period | None = None,
    period_mode: PeriodMode = "started",
    segment: Mapping[str, str] | None = None,
    level: Literal["episode", "summary"] = "episode",
    max_returns: int = 3,
) -> pd.DataFrame:
    """Loops in the intake phase and the time they add.

    Per episode: how often it came back to the IVG-R, how often information was
    requested, how often the PTO-R postponed, and the lead time of the intake phase.
    The summary compares the lead time of episodes by number of IVG-R returns
    (0, 1, ..., ``max_returns`` or more): ``extra_median_days`` is the difference
    with the median of the episodes without a return. Profile ``ipgar`` only.

    Returns
    -------
    level="episode": case_id, episode, ivgr_count, ivgr_returns, more_info_advices,
        info_requests, postponements, start_at, end_at, days, loop_days, is_open.
    level="summary": one row per returns group (``"0"``, ``"1"``, ..., ``"3+"``):
        ivgr_returns, the ``summarise`` columns of ``days``, mean_info_requests,
        mean_loop_days, extra_median_days.
    """
    require_as_of(as_of, "rework")
    if level not in ("episode", "summary"):
        raise ConfigError(f'unknown level "{level}"; choose one of: episode, summary.')
    params = prepare_phase(
        con,
        phase="intake",
        as_of=as_of,
        period=period,
        period_mode=period_mode,
        segment=segment,
        include_open=True,
    )
    frame = store.sql_frame(con, "paths/rework")
    frame["episode"] = frame["episode"].astype("int64")
    if level == "summary":
        frame = _rework_summary(frame, max_returns)
    params.update(level=level, max_returns=max_returns)
    frame.attrs["ipgar"] = _attrs(con, as_of, params)
    return frame


def _rework_summary(frame: pd.DataFrame, max_returns: int) -> pd.DataFrame:
    from ipgar_metrics.metrics._summary import summarise

    groups = [str(i) for i in range(max_returns)] + [f"{max_returns}+"]
    work = frame.assign(
        ivgr_returns=pd.Categorical(
            [groups[min(int(n), max_returns)] for n in frame["ivgr_returns"]],
            categories=groups,
            ordered=True,
        )
    )
    out = summarise(work, value="days", by=["ivgr_returns"])
    means = work.groupby("ivgr_returns", observed=True).agg(
        mean_info_requests=("info_requests", "mean"),
        mean_loop_days=("loop_days", "mean"),
    )
    out = out.merge(means, left_on="ivgr_returns", right_index=True, how="left")
    base = out.loc[out["ivgr_returns"] == "0", "median_days"]
    base_median = float(base.iloc[0]) if len(base) else float("nan")
    out["extra_median_days"] = out["median_days"] - base_median
    out["ivgr_returns"] = out["ivgr_returns"].astype(str)
    return out.reset_index(drop=True)
