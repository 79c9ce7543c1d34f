"""Paths: the log overview, the activity table, variants, rework, the directly-follows graph, the performance spectrum, conformance.

``_pm4py`` is the only module of the package that imports pm4py.
"""

from ipgar_metrics.metrics.paths._activities import (
    activity_instances,
    activity_statistics,
    service_times,
)
from ipgar_metrics.metrics.paths._conformance import (
    conformance,
    deviating_episodes,
    discovered_intake_model,
)
from ipgar_metrics.metrics.paths._dfg import (
    directly_follows,
    directly_follows_difference,
    suppress_edges,
    top_edges,
)
from ipgar_metrics.metrics.paths._discovery import discover_model, model_conformance
from ipgar_metrics.metrics.paths._dotted import dotted_events
from ipgar_metrics.metrics.paths._drill import episodes_of
from ipgar_metrics.metrics.paths._export import export_format, export_log
from ipgar_metrics.metrics.paths._handovers import HANDOVER_LEVELS, work_handovers
from ipgar_metrics.metrics.paths._overview import log_overview
from ipgar_metrics.metrics.paths._spectrum import performance_spectrum
from ipgar_metrics.metrics.paths._variants import episode_paths, rework, variants

__all__ = [
    "HANDOVER_LEVELS",
    "activity_instances",
    "activity_statistics",
    "conformance",
    "deviating_episodes",
    "directly_follows",
    "directly_follows_difference",
    "discover_model",
    "discovered_intake_model",
    "dotted_events",
    "episode_paths",
    "episodes_of",
    "export_format",
    "export_log",
    "log_overview",
    "model_conformance",
    "performance_spectrum",
    "rework",
    "service_times",
    "suppress_edges",
    "top_edges",
    "variants",
    "work_handovers",
]
