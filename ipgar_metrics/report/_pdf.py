"""Print an HTML file to an A4 PDF with headless Chromium (Debian's ``chromium``).

Chromium runs the page's scripts (the plotly charts draw themselves as SVG) for a
virtual time budget, then prints with the page's own ``@page`` size (A4) and
margins. It runs with a fresh, throw-away profile, no network services, and a
proxy that refuses every connection, so a page that tried to fetch anything would
do so in vain (the report fetches nothing). Find the browser with ``find_chromium``.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from pathlib import Path

from ipgar_metrics.errors import IpgarError

#: Names under which the browser is looked up, in order.
BROWSERS: tuple[str, ...] = ("chromium", "chromium-browser", "google-chrome", "chrome")
#: Environment variable with an explicit browser path.
BROWSER_ENV = "IPGAR_CHROMIUM"
#: Flags of every headless run (no sandbox: it also runs as root in containers).
FLAGS: tuple[str, ...] = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-extensions",
    "--disable-dev-shm-usage",
    "--proxy-server=127.0.0.1:9",
    "--proxy-bypass-list=<-loopback>",
    "--run-all-compositor-stages-before-draw",
)


class PdfError(IpgarError):
    """The PDF could not be made (no browser, or the browser failed)."""


def find_chromium() -> str | None:
    """The path of a Chromium-like browser, or None when none is installed."""
    env = os.environ.get(BROWSER_ENV)
    if env:
        return env
    for name in BROWSERS:
        path = shutil.which(name)
        if path:
            return path
    return None


def run_headless(
    args: list[str], *, timeout: float = 120.0
) -> subprocess.CompletedProcess[str]:
    """Run the browser headless with ``FLAGS``, a temporary profile and ``args``."""
    browser = find_chromium()
    if browser is None:
        raise PdfError(
            "no Chromium found to print the PDF; install it (`apt-get install chromium`), "
            f"set {BROWSER_ENV}, or build with --no-pdf."
        )
    with tempfile.TemporaryDirectory(prefix="ipgar-chromium-") as profile:
        cmd = [browser, *FLAGS, f"--user-data-dir={profile}", *args]
        try:
            return subprocess.run(  # noqa: S603 (fixed flags, our own file paths)
                cmd, capture_output=True, text=True, timeout=timeout, check=False
            )
        except subprocess.TimeoutExpired:
            raise PdfError(
                f"Chromium did not finish within {timeout:.0f} s; try again, or build with --no-pdf."
            ) from None


def html_to_pdf(html: Path, pdf: Path, *, budget_ms: int = 15000) -> Path:
    """Print ``html`` to ``pdf`` (A4, the page's margins) and return ``pdf``."""
    html, pdf = Path(html).resolve(), Path(pdf).resolve()
    pdf.unlink(missing_ok=True)
    result = run_headless(
        [
            "--no-pdf-header-footer",
            f"--virtual-time-budget={budget_ms}",
            f"--print-to-pdf={pdf}",
            html.as_uri(),
        ]
    )
    if not pdf.exists() or pdf.stat().st_size == 0:
        detail = (result.stderr or "").strip().splitlines()[-1:] or ["no output"]
        raise PdfError(
            f"Chromium did not write {pdf.name} ({detail[0][:200]}); build with --no-pdf to skip the PDF."
        )
    return pdf
