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
from ipgar_metrics.metrics.practice._shapes import CONTACT_GAP_COLS, LIMIT_COLS

__all__ = [
    "CONTACT_GAP_COLS",
    "LIMIT_COLS",
    "MEASURES",
    "MIN_MANAGERS",
    "OTHER_ORGS",
    "count_quantile",
    "design_effect",
    "detectable_difference",
    "effective_denominator",
    "funnel_lines",
    "limits",
    "practice_profile",
]
