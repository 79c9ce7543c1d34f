"""ipgar-metrics: process mining and lead-time analytics for the iPGA-R.

The public API is re-exported here and imported lazily (PEP 562), so that
``import ipgar_metrics`` and ``ipgar --help`` stay fast while a notebook can still
write ``from ipgar_metrics import lead_times, fig_km``. ``_EXPORTS`` maps each public
name to the subpackage that exports it; notebooks, the report and the CLI import
from here (or from a family's ``__init__``), never from a ``_private`` module.

No module is named like a public name (``load`` lives in ``ingest/_load.py``), so no
import order can make ``ipgar_metrics.load`` a module, and ``importlib.reload`` or
``%autoreload 2`` leave the names callable (``tests/contract/test_module_names.py``,
``tests/notebooks/test_notebooks.py``). The layers and the families:
``docs/architecture.md``; the indicators: ``docs/glossary.md``.
"""

from __future__ import annotations

import importlib
from typing import Any

__version__ = "0.1.0"

#: Public name -> module that defines it.
_EXPORTS: dict[str, str] = {
    # store, simulation, loading, quality
    "connect": "store",
    "memory_store": "store",
    "snapshot": "store",
    "last_event_at": "store",
    "record_processing": "store",
    "simulate": "simulation",
    "load": "ingest",
    "load_relations": "ingest",
    "validate": "ingest",
    "quality_report": "metrics.quality",
    "has_errors": "metrics.quality",
    "summarise": "metrics",
    # lead times (issue 4)
    "episodes": "metrics",
    "lead_times": "metrics.leadtime",
    "lead_time_between": "metrics.leadtime",
    "case_durations": "metrics.leadtime",
    "time_to_decision_km": "metrics.leadtime",
    "cumulative_incidence": "metrics.leadtime",
    "lead_time_factors": "metrics.leadtime",
    "slowest_episodes": "metrics.leadtime",
    "info_wait": "metrics.leadtime",
    "info_wait_by_org": "metrics.leadtime",
    "fig_lead_time_distribution": "figures",
    "fig_stage_breakdown": "figures",
    "fig_monthly_trend": "figures",
    "fig_km": "figures",
    "fig_cumulative_incidence": "figures",
    "fig_performance_spectrum": "figures",
    "fig_info_loops": "figures",
    # paths (issue 5)
    "variants": "metrics.paths",
    "log_overview": "metrics.paths",
    "activity_statistics": "metrics.paths",
    "activity_instances": "metrics.paths",
    "service_times": "metrics.paths",
    "export_log": "metrics.paths",
    "work_handovers": "metrics.paths",
    "dotted_events": "metrics.paths",
    "performance_spectrum": "metrics.paths",
    "discover_model": "metrics.paths",
    "model_conformance": "metrics.paths",
    "fig_dotted_chart": "figures",
    "fig_segment_spectrum": "figures",
    "fig_case_durations": "figures",
    "build_process_report": "report",
    "fig_work_handovers": "figures",
    # filters (issue 17)
    "LogFilter": "metrics.filters",
    "filtered": "metrics.filters",
    "rework": "metrics.paths",
    "directly_follows": "metrics.paths",
    "directly_follows_difference": "metrics.paths",
    "suppress_edges": "metrics.paths",
    "top_edges": "metrics.paths",
    "episode_paths": "metrics.paths",
    "episodes_of": "metrics.paths",
    "discovered_intake_model": "metrics.paths",
    "conformance": "metrics.paths",
    "deviating_episodes": "metrics.paths",
    "rule_violations": "metrics.quality",
    "fig_process_map": "figures",
    "fig_layered_map": "figures",
    "process_map_layout": "figures",
    "process_map_svg_text": "figures",
    "process_map_html": "figures",
    "write_process_map": "figures",
    "fig_variants": "figures",
    # case management (issue 6)
    "flow": "metrics.casework",
    "outflow_by_reason": "metrics.casework",
    "time_in_approach": "metrics.casework",
    "contact_gaps": "metrics.casework",
    "contact_gap_list": "metrics.casework",
    "contact_intervals": "metrics.casework",
    "action_gaps": "metrics.casework",
    "integrality": "metrics.casework",
    "interventions": "metrics.casework",
    "handovers": "metrics.casework",
    "caseload": "metrics.casework",
    "manager_changes": "metrics.casework",
    "contact_regularity": "metrics.casework",
    "long_stays": "metrics.casework",
    "case_timeline": "metrics.casework",
    # what the PTO-R owns, and outcomes (issue 24 item 7)
    "static_cases": "metrics.ptor",
    "itatr_decision_times": "metrics.ptor",
    "rereports": "metrics.ptor",
    "exit_reasons": "metrics.ptor",
    "fig_flow": "figures",
    "fig_contact_gaps": "figures",
    "fig_contact_intervals": "figures",
    "fig_integrality_domains": "figures",
    "fig_own_org_trend": "figures",
    "fig_handovers": "figures",
    "fig_caseload": "figures",
    "fig_time_in_approach": "figures",
    # evaluation (issue 8)
    "compare_periods": "metrics.evaluate",
    "evaluation_units": "metrics.evaluate",
    "interrupted_time_series": "metrics.evaluate",
    "resolve_periods": "metrics.evaluate",
    "find_measure": "metrics.evaluate",
    "load_measures": "metrics.evaluate",
    "fig_its": "figures",
    "fig_km_periods": "figures",
    "fig_period_mix": "figures",
    # report (issue 7)
    "key_figures": "metrics.monthly",
    "quarterly_trend": "metrics.monthly",
    "own_org_share_by_domain": "metrics.monthly",
    "contact_gap_buckets": "metrics.monthly",
    "interventions_by_year": "metrics.monthly",
    "loads": "metrics.monthly",
    "rejects": "metrics.monthly",
    "rejected_rows": "metrics.monthly",
    "events_by_month": "metrics.monthly",
    "build_report": "report",
    # the improvement steps and the half-yearly monitor (issue 24)
    "build_monitor": "report",
    "monitor_trends": "metrics.monthly",
    # notebooks everywhere, a first export
    "use_notebook_display": "figures",
    "use_static_fallback": "figures",
    "dutch_columns": "labels",
    "seconds_in_unit": "timeunits",
    "inspect_export": "ingest",
    # storage limitation (issue 22)
    "purge": "governance",
    # data subjects' rights, retention, the DPIA gate (issue 25)
    "erase": "governance",
    "subject": "governance",
    "restrict_processing": "governance",
    "lift_restriction": "governance",
    "reports_listing": "governance",
    "store_settings": "governance",
    "set_retention": "governance",
    "enable_relations": "governance",
    "disable_relations": "governance",
    "require_relations_enabled": "governance",
    # ways of working per organisation (issue 23)
    "practice_profile": "metrics.practice",
    "funnel_lines": "metrics.practice",
    "fig_funnel": "figures",
    # the network approach (issue 19)
    "network_edges": "metrics.network",
    "network_components": "metrics.network",
    "network_nodes": "metrics.network",
    "network_inflow": "metrics.network",
    "key_location_counts": "metrics.network",
    "fig_network": "figures",
    "fig_component_sizes": "figures",
    "load_case_managers": "ingest",
    # what-if: the intake model and its scenarios (issue 18)
    "intake_model": "metrics.whatif",
    "simulate_intake": "metrics.whatif",
    "scenario_comparison": "metrics.whatif",
    "Scenario": "metrics.whatif",
    # hand-off to office tools (issue 17, item 12)
    "write_images": "figures",
    "report_figures": "report",
    "write_report_figures": "report",
    "prediction_check": "metrics.whatif",
    "fig_whatif_distributions": "figures",
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
