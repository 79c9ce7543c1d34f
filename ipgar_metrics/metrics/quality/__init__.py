"""Data quality of a loaded store, and the process rules of the domain."""

from ipgar_metrics.metrics.quality._report import has_errors, quality_report
from ipgar_metrics.metrics.quality._rules import description_in, rule_violations

__all__ = ["description_in", "has_errors", "quality_report", "rule_violations"]
