"""One API vocabulary for every metric (docs/api.md): as_of, level, by, period.

Runs on the hand-made tiny log of test_leadtime_tiny_log.py (A: melding 2024-01-08,
instroom 2024-02-05; B: melding 2024-03-28, decided 2024-04-10; as_of 2025-01-01).
"""

from __future__ import annotations

import importlib
import inspect
from datetime import date

import pytest
from test_leadtime_tiny_log import AS_OF, tiny_store

import ipgar_metrics
from ipgar_metrics import schema, store
from ipgar_metrics.errors import ConfigError
from ipgar_metrics.metrics.leadtime import lead_times, time_to_decision_km
from ipgar_metrics.metrics.paths import variants

#: Public functions that do not read the store, or describe the whole store.
NOT_METRICS = {"summarise", "has_errors", "suppress_edges", "top_edges"}
NOT_METRICS |= {"resolve_periods", "quality_report", "merge_warnings"}
NOT_METRICS |= {"description_in"}  # the rules' words in a language
NOT_METRICS |= {"km_curve", "km_durations"}  # helpers over a frame, not the store
NOT_METRICS |= {"find_measure", "load_measures", "measure_sentences"}  # the register
NOT_METRICS |= {"loads", "rejects", "rejected_rows", "events_by_month"}
NOT_METRICS |= {"export_format", "median_interval", "wilson_interval"}  # helpers
NOT_METRICS |= {"filtered", "LogFilter"}  # a view of the store, not a metric
#: what-if: functions of an estimated model or of knobs, not of the store
NOT_METRICS |= {"simulate_intake", "bootstrap_model", "comparison_json", "parse_knobs"}
NOT_METRICS |= {"run_statistics", "scenario_from_toml", "Scenario"}
#: the funnel limits: functions of numbers or of a practice_profile frame
NOT_METRICS |= {
    "funnel_lines",
    "count_quantile",
    "limits",
    "detectable_difference",
    "design_effect",
    "effective_denominator",
}
#: Arguments a metric needs beyond the connection and ``as_of``.
EXTRA = {
    "case_timeline": {"case_id": "C" + "0" * 16},
    "lead_time_between": {"from_activity": "melding", "to_activity": "instroom"},
    "interrupted_time_series": {"change": date(2024, 6, 1)},
    "discover_model": {"out": "model.pnml"},
    "model_conformance": {"model": "model.pnml"},
    "export_log": {"out": "log.csv"},
    "prediction_check": {"change": date(2024, 6, 1), "scenario": None},
}
FAMILIES = (
    "metrics",
    "quality",
    "leadtime",
    "paths",
    "casework",
    "evaluate",
    "monthly",
    "ptor",
    "practice",
    "network",
    "whatif",
)

pytestmark = pytest.mark.filterwarnings(
    "ignore::ipgar_metrics.errors.DataQualityWarning"
)


@pytest.fixture(scope="module")
def con():
    return tiny_store()


def _public_metrics():
    for family in FAMILIES:
        name = "metrics" if family == "metrics" else f"metrics.{family}"
        module = importlib.import_module(f"ipgar_metrics.{name}")
        for fn_name in module.__all__:
            obj = getattr(module, fn_name)
            if fn_name not in NOT_METRICS and inspect.isfunction(obj):
                yield pytest.param(getattr(module, fn_name), id=fn_name)


@pytest.mark.parametrize("fn", list(_public_metrics()))
def test_as_of_is_a_required_keyword(fn):
    params = list(inspect.signature(fn).parameters.values())
    assert params[0].name == "con"
    assert all(p.kind is p.KEYWORD_ONLY for p in params[1:]), fn.__name__
    as_of = inspect.signature(fn).parameters["as_of"]
    assert as_of.default is inspect.Parameter.empty, fn.__name__


def test_every_exported_metric_is_covered():
    covered = {p.values[0].__name__ for p in _public_metrics()}
    exported = {n for n, m in ipgar_metrics._EXPORTS.items() if m.startswith("metrics")}
    assert exported - NOT_METRICS <= covered


@pytest.mark.parametrize("fn", list(_public_metrics()))
def test_as_of_none_is_refused_with_what_to_pass(con, fn):
    with pytest.raises(ConfigError, match=r"needs as_of.*last_event_at"):
        fn(con, as_of=None, **EXTRA.get(fn.__name__, {}))


def test_last_event_reproduces_no_cut_off(con):
    # the paths once read None as "no cut-off": the last event keeps every event
    last = variants(con, min_count=1, as_of=store.last_event_at(con))
    far = variants(con, min_count=1, as_of=date(2100, 1, 1))
    assert last["count"].sum() > 0
    assert last[["variant", "count"]].equals(far[["variant", "count"]])


def test_by_takes_a_string_or_a_sequence(con):
    one = lead_times(con, as_of=AS_OF, level="summary", by="report_source")
    seq = lead_times(con, as_of=AS_OF, level="summary", by=("report_source",))
    assert one.equals(seq)
    with pytest.raises(ConfigError, match="choose one of: report_source, "):
        lead_times(con, as_of=AS_OF, by="regio")
    assert set(schema.SEGMENTS) <= set(schema.BREAKDOWNS)


def test_one_period_mode_vocabulary(con):
    period = (date(2024, 1, 15), date(2024, 4, 5))
    # B's melding (03-28) is in the period, A's instroom (02-05) is
    started = lead_times(con, as_of=AS_OF, period=period, period_mode="started")
    completed = lead_times(con, as_of=AS_OF, period=period, period_mode="completed")
    assert started["case_id"].tolist() == ["B"]
    assert completed["case_id"].tolist() == ["A"]
    km = time_to_decision_km(con, as_of=AS_OF, period=period, period_mode="started")
    assert km["n"].tolist() == [1]
    for old, new in (("reported", "started"), ("decided", "completed")):
        with pytest.raises(ConfigError, match=f'"{old}" is now "{new}"'):
            lead_times(con, as_of=AS_OF, period=period, period_mode=old)
    # a path is selected by its first event: the other modes do not apply
    last = store.last_event_at(con)
    with pytest.raises(ConfigError, match="does not apply to path metrics"):
        variants(con, as_of=last, period=period, period_mode="completed")
    # one open side: from a day on
    later = variants(con, as_of=last, min_count=1, period=(date(2024, 3, 1), None))
    early = variants(con, as_of=last, min_count=1, period=(None, date(2024, 2, 29)))
    every = variants(con, as_of=last, min_count=1)
    assert later["count"].sum() + early["count"].sum() == every["count"].sum()
    with pytest.raises(ConfigError, match="ends before it starts"):
        variants(con, as_of=last, period=(date(2024, 2, 1), date(2024, 1, 1)))
    with pytest.raises(ConfigError, match="pair"):
        variants(con, as_of=last, period=date(2024, 2, 1))
