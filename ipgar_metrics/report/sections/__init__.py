"""The sections of the monthly report, one module per section, in reading order."""

from collections.abc import Callable

from ipgar_metrics.report._model import Context, Section
from ipgar_metrics.report.sections._casemgmt import casemgmt_section
from ipgar_metrics.report.sections._colophon import colophon
from ipgar_metrics.report.sections._contact import contact_section
from ipgar_metrics.report.sections._integrality import integrality_section
from ipgar_metrics.report.sections._leadtime import leadtime_section
from ipgar_metrics.report.sections._longstay import longstay_section
from ipgar_metrics.report.sections._network import network_section
from ipgar_metrics.report.sections._owned import owned_section
from ipgar_metrics.report.sections._paths import paths_section
from ipgar_metrics.report.sections._practice import practice_section
from ipgar_metrics.report.sections._quality import quality_section
from ipgar_metrics.report.sections._steps import (
    evaluation_blocks,
    register_table,
    step_marks,
    steps_section,
)
from ipgar_metrics.report.sections._summary import (
    RANGE_ENDS,  # revisions
    WEEK_DIGITS,  # revisions
    month_cells,  # revisions
    summary_section,
)

#: The sections in the order a PTO-R meeting reads them (the colophon follows).
SECTIONS: tuple[Callable[[Context], Section], ...] = (
    summary_section,
    leadtime_section,
    paths_section,
    contact_section,
    integrality_section,
    casemgmt_section,
    practice_section,
    network_section,
    longstay_section,
    owned_section,
    steps_section,
    quality_section,
)
#: The sections of the public (Woo) release: the key figures and the lead time,
#: no two-way tables and nothing about case managers (docs/disclosure.md).
OPENBAAR: tuple[Callable[[Context], Section], ...] = (summary_section, leadtime_section)

__all__ = [
    "OPENBAAR",
    "RANGE_ENDS",
    "SECTIONS",
    "WEEK_DIGITS",
    "casemgmt_section",
    "colophon",
    "contact_section",
    "evaluation_blocks",
    "integrality_section",
    "leadtime_section",
    "longstay_section",
    "month_cells",
    "network_section",
    "owned_section",
    "paths_section",
    "practice_section",
    "quality_section",
    "register_table",
    "step_marks",
    "steps_section",
    "summary_section",
]
