"""The pm4py boundary: the only module of the package that imports pm4py.

pm4py gets compact inputs only: the distinct variants of a phase with their counts
(computed in DuckDB by ``_variants.py``), never the event log itself. Results come
back as plain Python values and frames with our column names. pm4py is imported
inside the functions, so importing this module (or ``ipgar --help``) stays fast.

Functions
---------
``load_intake_model``      the normative intake model (``data/intake_model.json``)
``token_replay``           token-based replay of each variant on a Petri net
``align``                  optimal alignments of each variant, with a time limit
``discover_process_tree``  inductive miner on a variant count (pm4py's UVCL input)
"""

from __future__ import annotations

import json
import warnings
from collections import Counter
from collections.abc import Mapping, Sequence
from importlib import resources
from pathlib import Path
from typing import Any, Final

#: Name of the skip marker in pm4py's alignments.
_SKIP: Final[str] = ">>"

Variant = tuple[str, ...]


def model_spec() -> dict[str, Any]:
    """The normative intake model as data (the parsed ``data/intake_model.json``)."""
    text = (
        resources.files("ipgar_metrics")
        .joinpath("data", "intake_model.json")
        .read_text(encoding="utf-8")
    )
    return json.loads(text)


def load_intake_model(spec: Mapping[str, Any] | None = None) -> tuple[Any, Any, Any]:
    """Build the normative model as a pm4py Petri net.

    Returns
    -------
    ``(net, initial_marking, final_marking)`` as pm4py objects.
    """
    from pm4py.objects.petri_net.obj import Marking, PetriNet
    from pm4py.objects.petri_net.utils import petri_utils

    spec = model_spec() if spec is None else spec
    net = PetriNet(spec.get("name", "model"))
    places = {}
    for p in spec["places"]:
        places[p["name"]] = PetriNet.Place(p["name"])
        net.places.add(places[p["name"]])
    for t in spec["transitions"]:
        trans = PetriNet.Transition(t["name"], t["label"])
        net.transitions.add(trans)
        for p in t["inputs"]:
            petri_utils.add_arc_from_to(places[p], trans, net)
        for p in t["outputs"]:
            petri_utils.add_arc_from_to(trans, places[p], net)
    im = Marking({places[p]: n for p, n in spec["initial_marking"].items()})
    fm = Marking({places[p]: n for p, n in spec["final_marking"].items()})
    return net, im, fm


def _variant_log(traces: Sequence[Variant]) -> Any:
    """A pm4py EventLog with one trace per distinct variant (the compact input)."""
    from pm4py.objects.log.obj import Event, EventLog, Trace

    log = EventLog()
    for i, trace in enumerate(traces):
        t = Trace(attributes={"concept:name": str(i)})
        for act in trace:
            t.append(Event({"concept:name": act}))
        log.append(t)
    return log


def token_replay(
    traces: Sequence[Variant], model: tuple[Any, Any, Any] | None = None
) -> list[dict[str, Any]]:
    """Token-based replay of every distinct variant on the model.

    Returns
    -------
    One dict per variant, in input order: fitness (trace fitness), is_fit,
    missing, remaining, consumed, produced (token counts), and problem_activities
    (labels of the transitions that could only fire by adding missing tokens),
    unknown_activities (labels the model does not have: they make the trace unfit
    but add no tokens, so they do not lower the fitness, as in pm4py).
    """
    from pm4py.algo.conformance.tokenreplay import algorithm as replay
    from pm4py.algo.conformance.tokenreplay.variants.token_replay import Parameters

    net, im, fm = model or load_intake_model()
    # pm4py skips activities the model does not know; its option to count them
    # keeps a list shared by all traces (2.7.23), so every later trace turns unfit.
    # We mark such traces unfit ourselves.
    params = {Parameters.SHOW_PROGRESS_BAR: False}
    known = {t.label for t in net.transitions if t.label is not None}
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        diagnostics = replay.apply(_variant_log(traces), net, im, fm, parameters=params)
    out = []
    for trace, d in zip(traces, diagnostics, strict=True):
        unknown = [a for a in trace if a not in known]
        problems = [t.label or t.name for t in d.get("transitions_with_problems", [])]
        out.append(
            {
                "fitness": float(d["trace_fitness"]),
                "is_fit": bool(d["trace_is_fit"]) and not unknown,
                "missing": int(d["missing_tokens"]),
                "remaining": int(d["remaining_tokens"]),
                "consumed": int(d["consumed_tokens"]),
                "produced": int(d["produced_tokens"]),
                "problem_activities": problems,
                "unknown_activities": unknown,
            }
        )
    return out


def align(
    traces: Sequence[Variant],
    model: tuple[Any, Any, Any] | None = None,
    *,
    seconds_per_trace: float = 5.0,
    seconds_total: float = 60.0,
) -> list[dict[str, Any] | None]:
    """Optimal alignments of every distinct variant (standard costs).

    A variant whose alignment does not finish within ``seconds_per_trace`` (or after
    ``seconds_total`` in all) gets ``None``.

    Returns
    -------
    One dict per variant, in input order, or None: fitness, cost (number of
    deviating moves: each log move and each visible model move costs 1), deviations, a
    list of ``(kind, activity, after)``: kind ``"log_move"`` (an event the model does
    not allow there) or ``"model_move"`` (an activity the model needed but the log
    lacks); ``after`` is the previous event of the trace (None at the start).
    """
    from pm4py.algo.conformance.alignments.petri_net import algorithm as alignments

    net, im, fm = model or load_intake_model()
    params = {
        alignments.Parameters.PARAM_MAX_ALIGN_TIME_TRACE: seconds_per_trace,
        alignments.Parameters.PARAM_MAX_ALIGN_TIME: seconds_total,
        alignments.Parameters.SHOW_PROGRESS_BAR: False,
    }
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        results = alignments.apply(_variant_log(traces), net, im, fm, parameters=params)
    out: list[dict[str, Any] | None] = []
    for res in results:
        if res is None or res.get("alignment") is None:
            out.append(None)
            continue
        deviations = []
        previous = None
        for log_label, model_label in res["alignment"]:
            if log_label != _SKIP and model_label == _SKIP:
                deviations.append(("log_move", log_label, previous))
            elif log_label == _SKIP and model_label not in (_SKIP, None):
                deviations.append(("model_move", model_label, previous))
            if log_label != _SKIP:
                previous = log_label
        out.append(
            {
                "fitness": float(res["fitness"]),
                "cost": len(deviations),
                "deviations": deviations,
            }
        )
    return out


def discover_process_tree(
    counts: Mapping[Variant, int], *, noise_threshold: float = 0.0
) -> Any:
    """Inductive miner on a variant count (pm4py's compact UVCL input).

    With ``noise_threshold`` 0 this is pm4py's IM, otherwise IMf; the result equals
    ``pm4py.discover_process_tree_inductive`` on the full log with the same variants.

    Returns
    -------
    The pm4py ProcessTree (``str(tree)`` gives its text notation).
    """
    from pm4py.algo.discovery.inductive.dtypes.im_ds import IMDataStructureUVCL
    from pm4py.algo.discovery.inductive.variants.im import IMUVCL
    from pm4py.algo.discovery.inductive.variants.imf import IMFUVCL
    from pm4py.objects.process_tree.utils import generic as pt_util
    from pm4py.objects.process_tree.utils.generic import tree_sort

    uvcl: Counter[Variant] = Counter({tuple(k): int(v) for k, v in counts.items()})
    params: dict[Any, Any] = {"noise_threshold": noise_threshold}
    miner = IMFUVCL(params) if noise_threshold > 0 else IMUVCL(params)
    tree = miner.apply(IMDataStructureUVCL(uvcl), params)
    tree = pt_util.fold(tree)
    tree_sort(tree)
    return tree


def tree_to_petri_net(tree: Any) -> tuple[Any, Any, Any]:
    """Convert a process tree to ``(net, initial_marking, final_marking)``."""
    import pm4py

    return pm4py.convert_to_petri_net(tree)


def save_petri_net_svg(model: tuple[Any, Any, Any], path: str) -> None:
    """Draw a Petri net with pm4py's graphviz visualiser (needs the ``dot`` binary)."""
    import pm4py

    net, im, fm = model
    pm4py.save_vis_petri_net(net, im, fm, path)


#: Model files ``write_model`` and ``read_model`` understand, by suffix.
MODEL_SUFFIXES: Final[tuple[str, ...]] = (".bpmn", ".pnml")


def write_model(tree: Any, path: str, *, note: str | None = None) -> None:
    """Write a process tree as BPMN 2.0 (``.bpmn``) or a Petri net (``.pnml``).

    ``note`` (e.g. the data snapshot the model was mined from) is written as an XML
    comment after the XML declaration: modelling tools and pm4py read past it.
    """
    import pm4py

    if path.lower().endswith(".bpmn"):
        pm4py.write_bpmn(pm4py.convert_to_bpmn(tree), path)
    else:
        net, im, fm = pm4py.convert_to_petri_net(tree)
        pm4py.write_pnml(net, im, fm, path)
    if note is not None:
        _add_comment(Path(path), note)


def _add_comment(path: Path, note: str) -> None:
    """Put ``<!-- note -->`` after the XML declaration of the file at ``path``."""
    if "--" in note:
        raise ValueError("an XML comment holds no '--'")  # a programming error
    text = path.read_text(encoding="utf-8")
    declaration, end, rest = text.partition("?>")
    if not (text.startswith("<?xml") and end):
        declaration, end, rest = "", "", text
    path.write_text(f"{declaration}{end}\n<!-- {note} -->{rest}", encoding="utf-8")


def read_model(path: str) -> tuple[Any, Any, Any]:
    """A BPMN or PNML file as ``(net, initial_marking, final_marking)``."""
    import pm4py

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        if path.lower().endswith(".bpmn"):
            return pm4py.convert_to_petri_net(pm4py.read_bpmn(path))
        return pm4py.read_pnml(path)


def model_labels(model: tuple[Any, Any, Any]) -> set[str]:
    """The activities (visible transition labels) of a Petri net."""
    net, _, _ = model
    return {t.label for t in net.transitions if t.label is not None}


def token_precision(
    counts: Mapping[Variant, int], model: tuple[Any, Any, Any]
) -> float:
    """pm4py's token-based precision (ETConformance) of a variant count on a model.

    Each variant is replayed as often as it occurs, so the prefixes carry the weights
    of the full log: the value equals pm4py's on the log itself.
    """
    from pm4py.algo.evaluation.precision import algorithm as precision

    net, im, fm = model
    traces = [v for v, n in counts.items() for _ in range(int(n))]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return float(
            precision.apply(
                _variant_log(traces),
                net,
                im,
                fm,
                variant=precision.Variants.ETCONFORMANCE_TOKEN,
                parameters={"show_progress_bar": False},
            )
        )
