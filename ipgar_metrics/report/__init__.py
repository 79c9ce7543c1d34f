"""The monthly PTO-R report and the half-yearly monitor, as HTML and PDF.

``build_report`` writes the report of a month, ``build_monitor`` the monitor of a
half-year for the steering group, ``build_process_report`` the process-mining report
of any log (overview, activities, variants, map, durations, dotted chart, handovers);
``report_figures`` and ``write_report_figures`` give the monthly report's charts as
figures or as PNG/SVG files for office tools.

The report is a consumer of the public API: its sections call metric and figure
functions and lay out what they return.
"""

from ipgar_metrics.report._build import build_report, default_month
from ipgar_metrics.report._figures import report_figures, write_report_figures
from ipgar_metrics.report._monitor import build_monitor
from ipgar_metrics.report._process import build_process_report

__all__ = [
    "build_monitor",
    "build_process_report",
    "build_report",
    "default_month",
    "report_figures",
    "write_report_figures",
]
