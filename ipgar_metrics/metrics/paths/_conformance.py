"""Conformance of the intake phase with the normative model, and the discovered model.

The intake phase (``_variants.py``) of every closed episode is turned into a trace
whose ``ivgr_advies`` and ``ptor_besluit`` events carry their outcome
(``ptor_besluit:opname``), the labels of the normative model in
``data/intake_model.json``. The traces are grouped into distinct variants in DuckDB;
pm4py (behind ``_pm4py.py``) replays and aligns each distinct variant once, and the
results are expanded to the episodes by their counts. Profile ``ipgar`` only.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from datetime import date, datetime
from typing import Any, Literal

import duckdb
import pandas as pd

from ipgar_metrics import store
from ipgar_metrics.errors import ConfigError
from ipgar_metrics.labels import DEVIATION_WORDS
from ipgar_metrics.metrics._episodes import require_as_of
from ipgar_metrics.metrics.paths import _pm4py as paths
from ipgar_metrics.metrics.paths._variants import _attrs, prepare_phase
from ipgar_metrics.schema import Period, PeriodMode

Level = Literal["episode", "variant", "summary"]

OUTPUT_COLUMNS: dict[str, dict[str, str]] = {
    "deviating_episodes": {
        "case_id": "str: case pseudonym",
        "episode": "int: episode number",
        "variant": "str: the intake path, outcomes in the labels",
        "fitness": "float: token-replay fitness of the trace, 0..1",
        "is_fit": "bool: the trace replays without missing or remaining tokens",
        "missing_tokens": "int: tokens the replay had to add",
        "remaining_tokens": "int: tokens left over at the end",
        "alignment_fitness": "float: alignment fitness, 0..1 (NaN: not computed)",
        "alignment_cost": "float: deviating moves in the optimal alignment (NaN: not computed)",
        "deviations": "str: '; '-joined deviations: 'onverwacht X na Y' / 'ontbreekt X na Y'",
        "first_deviation": "str: the first deviation ('' when none)",
    },
    "conformance(level=summary)": {
        "n_episodes": "int: closed intake phases checked",
        "n_variants": "int: distinct intake paths",
        "n_fit": "int: episodes that replay perfectly",
        "share_fit": "float: n_fit / n_episodes",
        "log_fitness": "float: token-replay fitness of the whole log (pm4py's formula)",
        "mean_fitness": "float: mean token-replay fitness per episode",
        "mean_alignment_fitness": "float: mean alignment fitness per aligned episode",
        "n_not_aligned": "int: episodes whose alignment did not finish in time",
    },
    "discovered_intake_model": {
        "model": "str: process tree found by the inductive miner (pm4py notation)",
        "n_episodes": "int: closed intake phases used",
        "n_variants": "int: distinct paths used",
        "noise_threshold": "float: 0 = IM, > 0 = IMf",
        "fitness": "float: token-replay log fitness of the episodes on that model",
    },
}
#: conformance(level="episode"), the default, has the rows of deviating_episodes.
OUTPUT_COLUMNS["conformance"] = OUTPUT_COLUMNS["deviating_episodes"]

#: The frame's words of a move (Dutch, as documented), shared with the reader's table.
_WORDS = {move: words["nl"] for move, words in DEVIATION_WORDS.items()}


def _check_profile(con: duckdb.DuckDBPyConnection) -> None:
    if store.profile_of(con) != "ipgar":
        raise ConfigError(
            "conformance needs an iPGA-R store (profile ipgar): the normative model "
            "describes the iPGA-R intake phase, not a generic event log."
        )


def intake_traces(
    con: duckdb.DuckDBPyConnection,
    *,
    as_of: date | datetime | None = None,
    period: Period | None = None,
    period_mode: PeriodMode = "started",
    segment: Mapping[str, str] | None = None,
) -> tuple[pd.DataFrame, dict[str, Any]]:
    """The closed intake phase of every episode as a trace with outcome labels."""
    _check_profile(con)
    params = prepare_phase(
        con,
        phase="intake",
        as_of=as_of,
        period=period,
        period_mode=period_mode,
        segment=segment,
        refined=True,
    )
    frame = store.sql_frame(con, "paths/episode_paths")
    frame["activities"] = frame["activities"].map(tuple)
    return frame, params


def _describe(deviations: list[tuple[str, str, str | None]]) -> list[str]:
    return [
        f"{_WORDS[kind]} {act} {_WORDS['after']} {after}"
        if after
        else f"{_WORDS[kind]} {act} {_WORDS['at_start']}"
        for kind, act, after in deviations
    ]


def _variant_results(traces: pd.Series, *, alignments: bool) -> pd.DataFrame:
    counts = Counter(traces)  # not value_counts: tuples would become a MultiIndex
    distinct = list(counts)
    model = paths.load_intake_model()
    replay = paths.token_replay(distinct, model)
    aligned = paths.align(distinct, model) if alignments else [None] * len(distinct)
    rows = []
    for trace, n, rep, ali in zip(
        distinct, counts.values(), replay, aligned, strict=True
    ):
        words = _describe(ali["deviations"]) if ali else []
        rows.append(
            {
                "activities": trace,
                "variant": " > ".join(trace),
                "count": int(n),
                "fitness": rep["fitness"],
                "is_fit": rep["is_fit"],
                "missing_tokens": rep["missing"],
                "remaining_tokens": rep["remaining"],
                "consumed_tokens": rep["consumed"],
                "produced_tokens": rep["produced"],
                "alignment_fitness": ali["fitness"] if ali else float("nan"),
                "alignment_cost": float(ali["cost"]) if ali else float("nan"),
                "aligned": ali is not None,
                "deviations": "; ".join(words),
                "first_deviation": words[0] if words else "",
            }
        )
    return pd.DataFrame(rows)


def conformance(
    con: duckdb.DuckDBPyConnection,
    *,
    as_of: date | datetime,
    period: Period | None = None,
    period_mode: PeriodMode = "started",
    segment: Mapping[str, str] | None = None,
    level: Level = "episode",
    alignments: bool = True,
) -> pd.DataFrame:
    """Fitness of the intake phases against the normative intake model.

    Token-based replay for every episode, and optimal alignments (which say where a
    trace deviates) unless ``alignments=False``. Each distinct path is computed once.

    Returns
    -------
    level="episode": one row per closed intake phase: case_id, episode, variant,
        fitness, is_fit, missing_tokens, remaining_tokens, alignment_fitness,
        alignment_cost, deviations, first_deviation.
    level="variant": one row per distinct path: variant, count and the same measures.
    level="summary": one row: n_episodes, n_variants, n_fit, share_fit, log_fitness,
        mean_fitness, mean_alignment_fitness, n_not_aligned.
    """
    require_as_of(as_of, "conformance")
    if level not in ("episode", "variant", "summary"):
        raise ConfigError(
            f'unknown level "{level}"; choose one of: episode, variant, summary.'
        )
    traces, params = intake_traces(
        con, as_of=as_of, period=period, period_mode=period_mode, segment=segment
    )
    per_variant = (
        _variant_results(traces["activities"], alignments=alignments)
        if len(traces)
        else pd.DataFrame(
            columns=["activities", "variant", "count", "fitness", "is_fit"]
        )
    )
    measures = [
        "fitness",
        "is_fit",
        "missing_tokens",
        "remaining_tokens",
        "alignment_fitness",
        "alignment_cost",
        "deviations",
        "first_deviation",
    ]
    if level == "variant":
        out = per_variant.sort_values(["count", "variant"], ascending=[False, True])
        out = out[["variant", "count", *measures]].reset_index(drop=True)
    elif level == "episode":
        out = traces[["case_id", "episode", "activities"]].merge(
            per_variant[["activities", "variant", *measures]],
            on="activities",
            how="left",
        )
        out = out.drop(columns="activities").reset_index(drop=True)
    else:
        out = _summary(per_variant)
    params["alignments"] = alignments
    out.attrs["ipgar"] = _attrs(con, as_of, params)
    return out


def _summary(v: pd.DataFrame) -> pd.DataFrame:
    n = int(v["count"].sum()) if len(v) else 0
    if n == 0:
        return pd.DataFrame([{c: 0 for c in OUTPUT_COLUMNS["conformance_summary"]}])
    w = v["count"]
    missing, consumed = (
        (v["missing_tokens"] * w).sum(),
        (v["consumed_tokens"] * w).sum(),
    )
    remaining, produced = (
        (v["remaining_tokens"] * w).sum(),
        (v["produced_tokens"] * w).sum(),
    )
    aligned = v[v["aligned"]]
    row = {
        "n_episodes": n,
        "n_variants": len(v),
        "n_fit": int(w[v["is_fit"]].sum()),
        "share_fit": float(w[v["is_fit"]].sum() / n),
        # pm4py's log fitness: 1/2 (1 - missing/consumed) + 1/2 (1 - remaining/produced)
        "log_fitness": float(
            0.5 * (1 - missing / consumed if consumed else 1)
            + 0.5 * (1 - remaining / produced if produced else 1)
        ),
        "mean_fitness": float((v["fitness"] * w).sum() / n),
        "mean_alignment_fitness": (
            float(
                (aligned["alignment_fitness"] * aligned["count"]).sum()
                / aligned["count"].sum()
            )
            if len(aligned)
            else float("nan")
        ),
        "n_not_aligned": int(w[~v["aligned"]].sum()),
    }
    return pd.DataFrame([row])


def deviating_episodes(
    con: duckdb.DuckDBPyConnection,
    *,
    as_of: date | datetime,
    period: Period | None = None,
    period_mode: PeriodMode = "started",
    segment: Mapping[str, str] | None = None,
) -> pd.DataFrame:
    """The episodes whose intake phase does not fit the normative model.

    Internal list (case pseudonyms) for the PTO-R to act on; not for publication.

    Returns
    -------
    The ``conformance(level="episode")`` rows with ``is_fit`` false or a positive
    alignment cost, ordered by case and episode.
    """
    require_as_of(as_of, "deviating_episodes")
    frame = conformance(
        con,
        as_of=as_of,
        period=period,
        period_mode=period_mode,
        segment=segment,
        level="episode",
    )
    bad = ~frame["is_fit"].astype(bool) | (frame["alignment_cost"].fillna(0) > 0)
    out = frame.loc[bad].sort_values(["case_id", "episode"]).reset_index(drop=True)
    out.attrs = dict(frame.attrs)
    return out


def discovered_intake_model(
    con: duckdb.DuckDBPyConnection,
    *,
    as_of: date | datetime,
    period: Period | None = None,
    period_mode: PeriodMode = "started",
    segment: Mapping[str, str] | None = None,
    noise_threshold: float = 0.0,
) -> pd.DataFrame:
    """The intake model that pm4py's inductive miner finds in the closed intake phases.

    The miner gets the distinct paths with their counts (compact input). The
    fitness is the token-replay log fitness of the same episodes on the found model.

    Returns
    -------
    One row: model, n_episodes, n_variants, noise_threshold, fitness.
    """
    require_as_of(as_of, "discovered_intake_model")
    traces, params = intake_traces(
        con, as_of=as_of, period=period, period_mode=period_mode, segment=segment
    )
    counts = Counter(traces["activities"])
    if not counts:
        row: dict[str, Any] = {
            "model": "",
            "n_episodes": 0,
            "n_variants": 0,
            "noise_threshold": noise_threshold,
            "fitness": float("nan"),
        }
    else:
        tree = paths.discover_process_tree(counts, noise_threshold=noise_threshold)
        replay = paths.token_replay(list(counts), paths.tree_to_petri_net(tree))
        w = list(counts.values())
        m = sum(r["missing"] * k for r, k in zip(replay, w, strict=True))
        c = sum(r["consumed"] * k for r, k in zip(replay, w, strict=True))
        r_ = sum(r["remaining"] * k for r, k in zip(replay, w, strict=True))
        p = sum(r["produced"] * k for r, k in zip(replay, w, strict=True))
        row = {
            "model": str(tree),
            "n_episodes": sum(w),
            "n_variants": len(counts),
            "noise_threshold": noise_threshold,
            "fitness": float(0.5 * (1 - m / c) + 0.5 * (1 - r_ / p)),
        }
    out = pd.DataFrame([row])
    params["noise_threshold"] = noise_threshold
    out.attrs["ipgar"] = _attrs(con, as_of, params)
    return out
