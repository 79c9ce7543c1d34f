"""Which earlier reports listed a person (AVG art. 19: notify the recipients).

``reports_listing(folder, pseudonym)`` reads the report files ``ipgar report`` wrote
(``ptor-YYYY-MM-intern[-en].html``, ``-extern``, and ``.pdf``; also the older
intern names without ``-intern``, ``ptor-YYYY-MM[-en].html``; in ``folder`` and below) and
says for each whether the person's pseudonym occurs in it, with the snapshot the
report names (``<meta name="ipgar-snapshot">`` of the HTML). Intern reports list
pseudonymised cases that need action; extern reports hold aggregates only and are
read all the same. A PDF is read through the HTML beside it (the PDF is printed
from it), else with ``pdftotext`` when installed; otherwise it is listed as
``unknown``.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

import pandas as pd

from ipgar_metrics import privacy
from ipgar_metrics.errors import ConfigError

#: Columns of ``reports_listing``.
LISTING_COLUMNS: dict[str, str] = {
    "file": "str: the report file, relative to the folder",
    "snapshot": "str: the snapshot id the report names (None when not found)",
    "lists_person": "str: yes, no, or unknown (a PDF that could not be read)",
}

#: ``ptor-YYYY-MM-intern[-en]``, ``-bestuur``, ``-openbaar``, ``-extern[-en]`` (the
#: older name of ``-bestuur``), or the older intern ``ptor-YYYY-MM[-en]``
#: (``.html``, ``.pdf``), and the intern action lists (``.actions.csv``).
_REPORT_NAME = re.compile(
    r"ptor-\d{4}-\d{2}(-intern|-extern|-bestuur|-openbaar)?(-en)?"
    r"\.(html|pdf|actions\.csv)"
)
_SNAPSHOT = re.compile(r'<meta name="ipgar-snapshot" content="([^"]*)"')


def reports_listing(folder: str | os.PathLike[str], pseudonym: str) -> pd.DataFrame:
    """Say for every report file in ``folder`` (and below) whether it lists ``pseudonym``.

    Returns
    -------
    pandas.DataFrame
        One row per report file, sorted by path: see ``LISTING_COLUMNS``.

    Raises
    ------
    ConfigError
        ``folder`` is not a folder.
    """
    root = Path(folder)
    if not root.is_dir():
        raise ConfigError(
            f"{root} is not a folder; give --reports the folder of earlier reports."
        )
    rows = []
    for path in sorted(p for p in root.rglob("ptor-*") if p.is_file()):
        if not _REPORT_NAME.fullmatch(path.name):
            continue
        if path.name.endswith(".actions.csv"):  # the lists as a file: plain text
            html = path
        else:
            html = path if path.suffix == ".html" else path.with_suffix(".html")
        text = (
            html.read_text(encoding="utf-8", errors="replace")
            if html.exists()
            else None
        )
        snap = _SNAPSHOT.search(text) if text else None
        if text is None:
            text = _pdf_text(path)
        listed = "unknown" if text is None else ("yes" if pseudonym in text else "no")
        rows.append(
            {
                "file": path.relative_to(root).as_posix(),
                "snapshot": snap.group(1) if snap else None,
                "lists_person": listed,
            }
        )
    return pd.DataFrame(rows, columns=list(LISTING_COLUMNS))


def _pdf_text(path: Path) -> str | None:
    """The text of a PDF with ``pdftotext`` (``None`` when it is not installed or fails)."""
    tool = shutil.which("pdftotext")
    if tool is None:
        return None
    try:
        done = subprocess.run(  # noqa: S603 (a fixed tool, our own file paths)
            [tool, "-q", str(path), "-"],
            capture_output=True,
            text=True,
            timeout=60,
            env=privacy.child_environment(),
            check=False,
        )
    except (OSError, subprocess.TimeoutExpired):
        return None
    return done.stdout if done.returncode == 0 else None
