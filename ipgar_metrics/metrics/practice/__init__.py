"""Ways of working per organisation: practice profile, exact funnel limits (issue 23)."""

from ipgar_metrics.metrics.practice._limits import (
    count_quantile,
    design_effect,
    detectable_difference,
    effective_denominator,
    funnel_lines,
    limits,
)
from ipgar_metrics.metrics.practice._measures import MEASURES
from ipgar_metrics.metrics.practice._profile import (
    MIN_MANAGERS,
    OTHER_ORGS,
    practice_profile,
)
from ipgar_metrics.metrics.practice._shapes import measure_columns

__all__ = [
    "MEASURES",
    "MIN_MANAGERS",
    "OTHER_ORGS",
    "count_quantile",
    "design_effect",
    "detectable_difference",
    "effective_denominator",
    "funnel_lines",
    "limits",
    "measure_columns",
    "practice_profile",
]
