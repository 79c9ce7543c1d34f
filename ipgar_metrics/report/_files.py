"""Writing a report's HTML and, where Chromium is found, its PDF.

One step shared by the monthly report (``_build``), the half-yearly monitor
(``_monitor``) and the process report (``_process``). Call it inside
``privacy.private_files()``: the files, and Chromium's own, are created owner-only.
"""

from __future__ import annotations

import warnings
from pathlib import Path


def write_html_pdf(
    out: Path, stem: str, html: str, *, pdf: bool, what: str
) -> list[Path]:
    """Write ``out/stem.html`` and, when ``pdf``, ``out/stem.pdf``; return the paths.

    Without Chromium the PDF is left out with a warning that names ``what`` (e.g.
    "report") and how to install it; the HTML is written either way.
    """
    out.mkdir(parents=True, exist_ok=True)
    html_path = out / f"{stem}.html"
    html_path.write_text(html, encoding="utf-8")
    paths = [html_path]
    if pdf:
        from ipgar_metrics.browsers import install_hint
        from ipgar_metrics.report._pdf import find_chromium, html_to_pdf

        if find_chromium() is None:
            warnings.warn(
                f"no Chromium found, so only the HTML {what} was written; for the PDF "
                f"{install_hint()}.",
                UserWarning,
                stacklevel=3,
            )
        else:
            paths.append(html_to_pdf(html_path, out / f"{stem}.pdf"))
    return paths
