"""Evaluation of improvement steps: before/after comparison and interrupted time series."""

from ipgar_metrics.metrics.evaluate._compare import (
    compare_periods,
    evaluation_units,
    resolve_periods,
)
from ipgar_metrics.metrics.evaluate._guards import OPEN_WARN_SHARE, merge_warnings
from ipgar_metrics.metrics.evaluate._its import interrupted_time_series
from ipgar_metrics.metrics.evaluate._measures import (
    Measure,
    find_measure,
    load_measures,
)
from ipgar_metrics.metrics.evaluate._text import measure_sentences

__all__ = [
    "OPEN_WARN_SHARE",
    "Measure",
    "compare_periods",
    "evaluation_units",
    "find_measure",
    "interrupted_time_series",
    "load_measures",
    "measure_sentences",
    "merge_warnings",
    "resolve_periods",
]
