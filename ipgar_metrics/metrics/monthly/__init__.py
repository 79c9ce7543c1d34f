"""What the monthly report shows beyond the other families.

Key figures of a month, the quarterly lead-time trend, the own-organisation share per
domain, cases by days since contact and status, interventions per year by domain, and
the store's load manifest, its rejects and its events per month.

The report consumes these like any notebook does; it computes and queries nothing
itself.
"""

from ipgar_metrics.metrics.monthly._domains import own_org_share_by_domain
from ipgar_metrics.metrics.monthly._indicators import (
    median_interval,
    monitor_trends,
    wilson_interval,
)
from ipgar_metrics.metrics.monthly._key_figures import key_figures
from ipgar_metrics.metrics.monthly._loads import (
    REJECT_KINDS,
    events_by_month,
    loads,
    rejected_rows,
    rejects,
)
from ipgar_metrics.metrics.monthly._tables import (
    contact_gap_buckets,
    interventions_by_year,
)
from ipgar_metrics.metrics.monthly._trend import quarterly_trend

__all__ = [
    "REJECT_KINDS",
    "contact_gap_buckets",
    "events_by_month",
    "interventions_by_year",
    "key_figures",
    "loads",
    "median_interval",
    "monitor_trends",
    "own_org_share_by_domain",
    "quarterly_trend",
    "rejected_rows",
    "rejects",
    "wilson_interval",
]
