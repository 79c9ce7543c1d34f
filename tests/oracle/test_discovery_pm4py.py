"""Discovery and conformance on any log equal pm4py's on the log itself.

The model is mined from the store (compact input: variants), written as PNML or BPMN,
read back with pm4py's own readers and replayed by pm4py on the full dataframe: its
fitness and precision must equal what ``model_conformance`` computes from variants.
"""

from __future__ import annotations

import warnings

import pandas as pd
import pytest

from ipgar_metrics import store
from ipgar_metrics.errors import ConfigError
from ipgar_metrics.metrics.filters import filtered
from ipgar_metrics.metrics.paths import discover_model, model_conformance
from tests.oracle.test_filters_pm4py import CASE, _log

pm4py = pytest.importorskip("pm4py")


def _pm4py_scores(df: pd.DataFrame, path) -> tuple[float, float, float, float]:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        if str(path).endswith(".bpmn"):
            net, im, fm = pm4py.convert_to_petri_net(pm4py.read_bpmn(str(path)))
        else:
            net, im, fm = pm4py.read_pnml(str(path))
        fit = pm4py.fitness_token_based_replay(df, net, im, fm)
        precision = pm4py.precision_token_based_replay(df, net, im, fm)
    return (
        fit["log_fitness"],
        fit["average_trace_fitness"],
        fit["percentage_of_fitting_traces"] / 100,
        precision,
    )


@pytest.mark.parametrize(
    ("suffix", "noise"), [(".pnml", 0.0), (".bpmn", 0.2), (".pnml", 0.2)]
)
def test_discovered_model_scores_equal_pm4py(tmp_path, suffix, noise):
    df, con = _log("receipt.xes.gz")
    as_of = store.last_event_at(con)
    path = tmp_path / f"model{suffix}"
    found = discover_model(con, out=path, as_of=as_of, noise_threshold=noise)
    assert found["cases"] == df[CASE].nunique()
    ours = model_conformance(con, model=path, as_of=as_of).iloc[0]
    theirs = _pm4py_scores(df, path)
    got = (
        ours["log_fitness"],
        ours["average_trace_fitness"],
        ours["fitting_cases"],
        ours["precision"],
    )
    assert got == pytest.approx(theirs, abs=1e-9)
    assert ours["unknown_activities"] == ""  # mined from this very log


def test_the_tree_equals_pm4pys_inductive_miner_on_the_full_log(tmp_path):
    df, con = _log("running-example.xes")
    found = discover_model(con, out=tmp_path / "m.pnml", as_of=store.last_event_at(con))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        tree = pm4py.discover_process_tree_inductive(df)
    from pm4py.objects.process_tree.utils.generic import tree_sort

    tree_sort(tree)
    assert found["tree"] == str(tree)


def test_filtered_discovery_and_a_foreign_log(tmp_path):
    df, con = _log("receipt.xes.gz")
    as_of = store.last_event_at(con)
    path = tmp_path / "part.pnml"
    activity = "T03 Adjust confirmation of receipt"
    with filtered(con, contains=(activity,)):
        discover_model(con, out=path, as_of=as_of)
        inside = model_conformance(con, model=path, as_of=as_of).iloc[0]
    part = pm4py.filter_event_attribute_values(
        df, "concept:name", [activity], level="case"
    )
    assert inside["cases"] == part[CASE].nunique()
    assert inside["log_fitness"] == pytest.approx(
        _pm4py_scores(part, path)[0], abs=1e-9
    )
    # the whole log on the model of a part: pm4py agrees, activities it lacks named
    whole = model_conformance(con, model=path, as_of=as_of).iloc[0]
    assert whole["log_fitness"] == pytest.approx(_pm4py_scores(df, path)[0], abs=1e-9)
    missing = set(df["concept:name"]) - set(part["concept:name"])
    assert set(whole["unknown_activities"].split("; ")) == missing
    bad = tmp_path / "bad.pnml"
    bad.write_text("<not a model/>", encoding="utf-8")
    with pytest.raises(ConfigError, match="cannot be read as a process model"):
        model_conformance(con, model=bad, as_of=as_of)
