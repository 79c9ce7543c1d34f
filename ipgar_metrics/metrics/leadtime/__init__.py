"""Lead times: report to intake per episode and stage, generic A to B, censoring, causes."""

from ipgar_metrics.metrics.leadtime._between import case_durations, lead_time_between
from ipgar_metrics.metrics.leadtime._causes import (
    info_wait,
    lead_time_factors,
    slowest_episodes,
)
from ipgar_metrics.metrics.leadtime._incidence import cumulative_incidence
from ipgar_metrics.metrics.leadtime._lead_times import lead_times
from ipgar_metrics.metrics.leadtime._org_wait import UNKNOWN_ORG, info_wait_by_org
from ipgar_metrics.metrics.leadtime._small import HIDDEN_STATS, OPEN_SHARE, SMALL_N
from ipgar_metrics.metrics.leadtime._survival import (
    km_curve,
    km_durations,
    time_to_decision_km,
)

__all__ = [
    "HIDDEN_STATS",
    "OPEN_SHARE",
    "SMALL_N",
    "UNKNOWN_ORG",
    "case_durations",
    "cumulative_incidence",
    "info_wait",
    "info_wait_by_org",
    "km_curve",
    "km_durations",
    "lead_time_between",
    "lead_time_factors",
    "lead_times",
    "slowest_episodes",
    "time_to_decision_km",
]
