"""Discovery and conformance on any log: a model of the user's own, in BPMN or PNML.

``discover_model`` runs pm4py's inductive miner on the variants of the cases the
connection shows (a ``filtered`` block: the kept cases) and writes the model as BPMN
2.0 or a Petri net (PNML) that Camunda, Signavio, ProM or pm4py open.
``model_conformance`` replays the log on a model the user gives (BPMN or PNML):
token-based fitness and precision, as pm4py computes them, on the compact input
(each distinct variant once, weighted by its count). The iPGA-R normative intake
model is one such model (``conformance`` checks the intake phase against it).
"""

from __future__ import annotations

import os
from datetime import date, datetime
from pathlib import Path
from typing import Any

import duckdb
import pandas as pd

from ipgar_metrics import store
from ipgar_metrics.errors import ConfigError
from ipgar_metrics.metrics._episodes import require_as_of
from ipgar_metrics.metrics.paths import _pm4py
from ipgar_metrics.metrics.paths._variants import variants

OUTPUT_COLUMNS: dict[str, dict[str, str]] = {
    "model_conformance": {
        "cases": "int: cases replayed",
        "variants": "int: distinct activity sequences replayed",
        "log_fitness": "float: token-based fitness of the log (0-1), pm4py's",
        "average_trace_fitness": "float: mean fitness of the cases (0-1)",
        "fitting_cases": "float: share of cases the model replays without problems (0-1)",
        "precision": "float: token-based precision, ETConformance (0-1)",
        "unknown_activities": "str: activities of the log the model lacks ('; ')",
    },
}


def _model_path(path: str | os.PathLike[str]) -> str:
    name = str(path)
    if not name.lower().endswith(_pm4py.MODEL_SUFFIXES):
        raise ConfigError(
            f"a model file is .bpmn (BPMN 2.0) or .pnml (Petri net), not "
            f"{Path(name).name}."
        )
    return name


def _variant_counts(
    con: duckdb.DuckDBPyConnection, as_of: Any
) -> dict[tuple[str, ...], int]:
    frame = variants(con, as_of=as_of, min_count=1, include_open=True)
    if frame.empty:
        raise ConfigError("no case to mine at or before the as-of date.")
    return {
        tuple(a): int(n)
        for a, n in zip(frame["activities"], frame["count"], strict=True)
    }


def discover_model(
    con: duckdb.DuckDBPyConnection,
    *,
    out: str | os.PathLike[str],
    as_of: date | datetime,
    noise_threshold: float = 0.0,
) -> dict[str, Any]:
    """Mine a process model of the log with the inductive miner and write it to ``out``.

    ``out`` ends in ``.bpmn`` or ``.pnml``. ``noise_threshold`` 0 is the inductive
    miner (every case fits the model); above 0, IMf leaves out infrequent behaviour.
    The file says in an XML comment what it was mined from: the data snapshot (none
    for a store filled without a load), the reference time and the cases.
    Returns ``{"tree": the process tree as text, "variants": n, "cases": n,
    "snapshot": the snapshot id or None}``.
    """
    require_as_of(as_of, "discover_model")
    path = _model_path(out)
    if not 0.0 <= noise_threshold < 1.0:
        raise ConfigError("the noise threshold is a fraction from 0 up to (not) 1.")
    counts = _variant_counts(con, as_of)
    tree = _pm4py.discover_process_tree(counts, noise_threshold=noise_threshold)
    snapshot = store.snapshot(con)["snapshot_id"]
    cases = sum(counts.values())
    note = (
        f"ipgar-metrics: mined from snapshot {snapshot or 'none'}, as of {as_of}, "
        f"{cases} cases in {len(counts)} variants, noise threshold {noise_threshold}"
    )
    _pm4py.write_model(tree, path, note=note)
    return {
        "tree": str(tree),
        "variants": len(counts),
        "cases": cases,
        "snapshot": snapshot,
    }


def model_conformance(
    con: duckdb.DuckDBPyConnection,
    *,
    model: str | os.PathLike[str],
    as_of: date | datetime,
) -> pd.DataFrame:
    """Token-based fitness and precision of the log on the model in ``model``.

    Returns
    -------
    One row with the columns of ``OUTPUT_COLUMNS["model_conformance"]``. Activities
    of the log the model does not know make their cases unfit (listed in
    ``unknown_activities``) without lowering the token counts, as in pm4py.
    """
    require_as_of(as_of, "model_conformance")
    path = _model_path(model)
    if not Path(path).exists():
        raise ConfigError(f"no model file at {path}; write one with `ipgar discover`.")
    try:
        net = _pm4py.read_model(path)
    except Exception as exc:  # a foreign file: pm4py's parsers raise many kinds
        raise ConfigError(
            f"{Path(path).name} cannot be read as a process model "
            f"({type(exc).__name__}); give a BPMN 2.0 or PNML file."
        ) from None
    counts = _variant_counts(con, as_of)
    traces = list(counts)
    replayed = _pm4py.token_replay(traces, net)
    weights = [counts[t] for t in traces]
    total = sum(weights)
    sums = {
        key: sum(w * r[key] for w, r in zip(weights, replayed, strict=True))
        for key in ("missing", "consumed", "remaining", "produced")
    }
    log_fitness = 0.5 * (1 - sums["missing"] / sums["consumed"]) + 0.5 * (
        1 - sums["remaining"] / sums["produced"]
    )
    known = _pm4py.model_labels(net)
    unknown = sorted({a for t in traces for a in t if a not in known})
    row = {
        "cases": total,
        "variants": len(traces),
        "log_fitness": float(log_fitness),
        "average_trace_fitness": sum(
            w * r["fitness"] for w, r in zip(weights, replayed, strict=True)
        )
        / total,
        "fitting_cases": sum(
            w for w, r in zip(weights, replayed, strict=True) if r["is_fit"]
        )
        / total,
        "precision": _pm4py.token_precision(counts, net),
        "unknown_activities": "; ".join(unknown),
    }
    out = pd.DataFrame([row], columns=list(OUTPUT_COLUMNS["model_conformance"]))
    out.attrs["ipgar"] = {
        "snapshot": store.snapshot(con),
        "as_of": str(as_of),
        "model": Path(path).name,
    }
    return out
