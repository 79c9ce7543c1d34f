"""Case work in the approach: stock and flow, contact gaps, integrality, caseload, long stays, one case's time line."""

from ipgar_metrics.metrics.casework._caseload import (
    caseload,
    contact_regularity,
    manager_changes,
)
from ipgar_metrics.metrics.casework._contact import (
    CSV_COLUMNS as CONTACT_COLUMNS,
)
from ipgar_metrics.metrics.casework._contact import (
    action_gaps,
    contact_gap_list,
    contact_gaps,
    contact_intervals,
    shared_intervals,
)
from ipgar_metrics.metrics.casework._flow import (
    flow,
    outflow_by_reason,
    time_in_approach,
)
from ipgar_metrics.metrics.casework._integrality import (
    handovers,
    integrality,
    interventions,
    shared_interventions,
)
from ipgar_metrics.metrics.casework._longstay import long_stays
from ipgar_metrics.metrics.casework._timeline import case_timeline

__all__ = [
    "CONTACT_COLUMNS",
    "action_gaps",
    "case_timeline",
    "caseload",
    "contact_gap_list",
    "contact_gaps",
    "contact_intervals",
    "contact_regularity",
    "flow",
    "handovers",
    "integrality",
    "interventions",
    "long_stays",
    "manager_changes",
    "outflow_by_reason",
    "shared_intervals",
    "shared_interventions",
    "time_in_approach",
]
