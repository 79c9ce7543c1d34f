"""The monthly PTO-R report: ``build_report`` writes it as HTML and PDF.

The report is a consumer of the public API: its sections call metric and figure
functions and lay out what they return.
"""

from ipgar_metrics.report._build import build_report, default_month

__all__ = ["build_report", "default_month"]
