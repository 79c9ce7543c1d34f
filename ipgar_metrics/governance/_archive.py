"""Retention of the report archive: intern reports older than the retention period go.

Intern reports (``ptor-YYYY-MM-intern.html``/``.pdf``, also ``-en``, and their
``.actions.csv``; the older names without ``-intern`` too) list pseudonymised cases
that need action; once the store no longer holds the persons of a month, its intern
report must not hold them either. ``expired_reports(folder, before)`` finds the intern
report files of months that ended before ``before``; ``remove_expired_reports``
deletes them. Extern reports and their cells files (aggregates with small counts
suppressed, kept under the archive rules for published documents) are left alone.
The folder is the store's ``report_archive`` setting (``ipgar config
--report-archive DIR``); ``ipgar load`` applies it with the retention purge.
"""

from __future__ import annotations

import calendar
import os
import re
from datetime import date
from pathlib import Path

from ipgar_metrics.errors import ConfigError

#: ``ptor-YYYY-MM-intern.html``, ``ptor-YYYY-MM-intern-en.pdf``, the intern action
#: list ``ptor-YYYY-MM-intern.actions.csv``, and the older names without ``-intern``
#: (``ptor-YYYY-MM.html``, ``ptor-YYYY-MM-en.pdf``): intern reports (not ``-extern``).
_INTERN = re.compile(r"ptor-(\d{4})-(\d{2})(-intern)?(-en)?\.(html|pdf|actions\.csv)")


def expired_reports(folder: str | os.PathLike[str], before: date) -> list[Path]:
    """The intern report files in ``folder`` (and below) of months ended before ``before``."""
    root = Path(folder)
    if not root.is_dir():
        raise ConfigError(
            f"the report archive {root} is not a folder; set it again with "
            "ipgar config --report-archive DIR."
        )
    out = []
    for path in sorted(root.rglob("ptor-*")):
        m = _INTERN.fullmatch(path.name)
        if not m or not path.is_file():
            continue
        year, month = int(m.group(1)), int(m.group(2))
        if not 1 <= month <= 12:
            continue
        last_day = date(year, month, calendar.monthrange(year, month)[1])
        if last_day < before:
            out.append(path)
    return out


def remove_expired_reports(folder: str | os.PathLike[str], before: date) -> list[Path]:
    """Delete the intern reports of months ended before ``before``; returns them."""
    gone = expired_reports(folder, before)
    for path in gone:
        path.unlink()
    return gone
