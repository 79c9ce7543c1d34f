"""The monthly PTO-R report and the half-yearly monitor, as HTML and PDF.

``build_report`` writes the report of a month, ``build_monitor`` the monitor of a
half-year for the steering group.

The report is a consumer of the public API: its sections call metric and figure
functions and lay out what they return.
"""

from ipgar_metrics.report._build import build_report, default_month
from ipgar_metrics.report._monitor import build_monitor

__all__ = ["build_monitor", "build_report", "default_month"]
