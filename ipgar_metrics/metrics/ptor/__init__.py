"""What the PTO-R owns, and what follows its decisions.

Static cases and their reviews (``static_cases``), the time from the ITAT-R agenda
to the PTO-R decision (``itatr_decision_times``), re-reports after the exit and
after the intermediate variant (``rereports``), and exit reasons per year
(``exit_reasons``).
"""

from ipgar_metrics.metrics.ptor._escalation import itatr_decision_times
from ipgar_metrics.metrics.ptor._exits import exit_reasons
from ipgar_metrics.metrics.ptor._rereports import rereports
from ipgar_metrics.metrics.ptor._static import static_cases

__all__ = ["exit_reasons", "itatr_decision_times", "rereports", "static_cases"]
