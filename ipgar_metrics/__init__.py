"""ipgar-metrics: process mining and lead-time analytics for the iPGA-R.

The public API is re-exported here and imported lazily (PEP 562), so that
``import ipgar_metrics`` and ``ipgar --help`` stay fast while a notebook can still
write ``from ipgar_metrics import lead_times, fig_km``.
"""

from __future__ import annotations

import importlib
import sys
import types
from typing import Any

__version__ = "0.1.0"

#: Public name -> module that defines it.
_EXPORTS: dict[str, str] = {
    # store, simulation, loading, quality
    "connect": "store",
    "memory_store": "store",
    "snapshot": "store",
    "simulate": "simulate",
    "load": "load",
    "validate": "load",
    "quality_report": "quality",
    "summarise": "summary",
    # lead times (issue 4)
    "episodes": "episodes",
    "lead_times": "leadtime",
    "lead_time_between": "leadtime_generic",
    "case_durations": "leadtime_generic",
    "time_to_decision_km": "survival",
    "lead_time_factors": "leadtime_causes",
    "slowest_episodes": "leadtime_causes",
    "info_wait": "leadtime_causes",
    "fig_lead_time_distribution": "fig_leadtime",
    "fig_stage_breakdown": "fig_leadtime",
    "fig_monthly_trend": "fig_leadtime",
    "fig_km": "fig_leadtime",
    "fig_performance_spectrum": "fig_leadtime",
    "fig_info_loops": "fig_leadtime",
    # paths (issue 5)
    "variants": "variants",
    "rework": "variants",
    "directly_follows": "dfg",
    "suppress_edges": "dfg",
    "top_edges": "dfg",
    "episode_paths": "variants",
    "discovered_intake_model": "conformance",
    "conformance": "conformance",
    "deviating_episodes": "conformance",
    "rule_violations": "rules",
    "fig_process_map": "fig_paths",
    "fig_variants": "fig_paths",
    # case management (issue 6)
    "flow": "flow",
    "outflow_by_reason": "flow",
    "time_in_approach": "flow",
    "contact_gaps": "contact",
    "contact_gap_list": "contact",
    "contact_intervals": "contact",
    "action_gaps": "contact",
    "integrality": "integrality",
    "interventions": "integrality",
    "handovers": "integrality",
    "caseload": "caseload",
    "manager_changes": "caseload",
    "contact_regularity": "caseload",
    "long_stays": "longstay",
    "fig_flow": "fig_casemgmt",
    "fig_contact_gaps": "fig_casemgmt",
    "fig_contact_intervals": "fig_casemgmt",
    "fig_integrality_domains": "fig_casemgmt",
    "fig_own_org_trend": "fig_casemgmt",
    "fig_handovers": "fig_casemgmt",
    "fig_caseload": "fig_casemgmt",
    "fig_time_in_approach": "fig_casemgmt",
    # evaluation (issue 8)
    "compare_periods": "evaluate",
    "evaluation_units": "evaluate",
    "interrupted_time_series": "its_model",
    "fig_its": "fig_evaluate",
    "fig_km_periods": "fig_evaluate",
    "fig_period_mix": "fig_evaluate",
    # report (issue 7)
    "build_report": "report.build",
}

__all__ = ["__version__", *_EXPORTS]


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'ipgar_metrics' has no attribute {name!r}")
    value = getattr(importlib.import_module(f"ipgar_metrics.{module}"), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(__all__)


class _Package(types.ModuleType):
    """Keeps a public function when a submodule of the same name is imported.

    ``episodes``, ``integrality`` and ``variants`` are both a module and the metric
    function it defines; importing the module must not replace the function here.
    Code that needs such a module imports from it: ``from ipgar_metrics.episodes
    import episodes``.
    """

    def __setattr__(self, name: str, value: Any) -> None:
        if name in _EXPORTS and isinstance(value, types.ModuleType):
            return
        super().__setattr__(name, value)


sys.modules[__name__].__class__ = _Package
