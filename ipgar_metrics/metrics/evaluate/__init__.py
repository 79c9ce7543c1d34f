"""Evaluation of improvement steps: before/after comparison and interrupted time series."""

from ipgar_metrics.metrics.evaluate._compare import (
    compare_periods,
    evaluation_units,
    resolve_periods,
)
from ipgar_metrics.metrics.evaluate._guards import merge_warnings
from ipgar_metrics.metrics.evaluate._its import interrupted_time_series

__all__ = [
    "compare_periods",
    "evaluation_units",
    "interrupted_time_series",
    "merge_warnings",
    "resolve_periods",
]
