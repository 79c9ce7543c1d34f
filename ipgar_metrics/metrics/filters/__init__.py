"""Filters: one filtered view of the log that every metric function accepts.

``LogFilter`` says which cases to keep (``_spec``); ``filtered`` applies it to a
connection by shadowing the store's ``events`` and ``cases`` tables (``_view``), so
every metric, figure and command works on the filtered log unchanged.
"""

from ipgar_metrics.metrics.filters._spec import (
    DEFAULT_PERIOD_MODE,
    FILTER_ATTRIBUTES,
    LogFilter,
    parse_duration,
)
from ipgar_metrics.metrics.filters._view import (
    FilterSummary,
    filtered,
    install_filter,
    remove_filter,
)

__all__ = [
    "DEFAULT_PERIOD_MODE",
    "FILTER_ATTRIBUTES",
    "FilterSummary",
    "LogFilter",
    "filtered",
    "install_filter",
    "parse_duration",
    "remove_filter",
]
