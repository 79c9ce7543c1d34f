"""Print an HTML file to an A4 PDF with headless Chromium (Debian's ``chromium``).

Chromium runs the page's scripts (the plotly charts draw themselves as SVG) for a
virtual time budget, then prints with the page's own ``@page`` size (A4) and
margins. It runs with a fresh, throw-away profile, no network services, and a
proxy that refuses every connection, so a page that tried to fetch anything would
do so in vain (the report fetches nothing). Find the browser with ``find_chromium``:
``IPGAR_CHROMIUM`` first, then the browsers on ``PATH``, then the usual install
locations of Chrome and Edge on Windows (``%ProgramFiles%``, ``%ProgramFiles(x86)%``,
``%LocalAppData%``) and macOS (``/Applications``).
"""

from __future__ import annotations

import ntpath
import os
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Mapping
from pathlib import Path

from ipgar_metrics import privacy
from ipgar_metrics.browsers import BROWSER_ENV, install_hint, not_a_program
from ipgar_metrics.errors import IpgarError

#: Names under which the browser is looked up, in order.
BROWSERS: tuple[str, ...] = (
    "chromium",
    "chromium-browser",
    "google-chrome",
    "chrome",
    "msedge",
    "microsoft-edge",
)
#: Where Chrome and Edge install on Windows: (environment variable of the base
#: folder, the path below it), in order of preference.
WINDOWS_LOCATIONS: tuple[tuple[str, str], ...] = (
    ("PROGRAMFILES", r"Google\Chrome\Application\chrome.exe"),
    ("PROGRAMFILES(X86)", r"Google\Chrome\Application\chrome.exe"),
    ("LOCALAPPDATA", r"Google\Chrome\Application\chrome.exe"),
    ("PROGRAMFILES(X86)", r"Microsoft\Edge\Application\msedge.exe"),
    ("PROGRAMFILES", r"Microsoft\Edge\Application\msedge.exe"),
    ("LOCALAPPDATA", r"Microsoft\Edge\Application\msedge.exe"),
)
#: Where Chrome and Edge install on macOS.
MACOS_LOCATIONS: tuple[str, ...] = (
    "/Applications/Google Chrome.app/Contents/MacOS/Google Chrome",
    "/Applications/Chromium.app/Contents/MacOS/Chromium",
    "/Applications/Microsoft Edge.app/Contents/MacOS/Microsoft Edge",
)
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
    """The path of a Chromium-like browser, or None when none is installed.

    ``IPGAR_CHROMIUM`` wins when set (checked in ``run_headless``); then the names in
    ``BROWSERS`` on ``PATH``; then the usual install locations (``browser_locations``).
    """
    env = os.environ.get(BROWSER_ENV)
    if env:
        return env
    for name in BROWSERS:
        path = shutil.which(name)
        if path:
            return path
    for candidate in browser_locations(sys.platform, os.environ):
        if _is_file(candidate):
            return candidate
    return None


def browser_locations(platform: str, environ: Mapping[str, str]) -> list[str]:
    """The usual install paths of Chrome and Edge on ``platform`` (``sys.platform``).

    On Windows they are built from the environment variables of ``WINDOWS_LOCATIONS``
    (case-insensitive names, as Windows has them); unset variables are skipped.
    """
    if platform == "win32":
        upper = {k.upper(): v for k, v in environ.items()}
        return [
            ntpath.join(upper[var], tail)
            for var, tail in WINDOWS_LOCATIONS
            if upper.get(var)
        ]
    if platform == "darwin":
        return list(MACOS_LOCATIONS)
    return []


def _is_file(path: str) -> bool:
    return os.path.isfile(path)


def _checked_browser() -> str:
    """``find_chromium``'s browser, or a ``PdfError`` saying what to install or set."""
    browser = find_chromium()
    if browser is None:
        raise PdfError(
            f"no Chromium found to print the PDF; {install_hint()}, or build with --no-pdf."
        )
    if os.environ.get(BROWSER_ENV) and not (_is_file(browser) or shutil.which(browser)):
        raise PdfError(f"{not_a_program(browser)}, or build with --no-pdf.")
    return browser


def run_headless(
    args: list[str], *, timeout: float = 120.0
) -> subprocess.CompletedProcess[str]:
    """Run the browser headless with ``FLAGS``, a temporary profile and ``args``."""
    browser = _checked_browser()
    with tempfile.TemporaryDirectory(prefix="ipgar-chromium-") as profile:
        cmd = [browser, *FLAGS, f"--user-data-dir={profile}", *args]
        try:
            return subprocess.run(  # noqa: S603 (fixed flags, our own file paths)
                cmd,
                capture_output=True,
                text=True,
                timeout=timeout,
                check=False,
                env=privacy.child_environment(),  # the key stays out of Chromium
            )
        except subprocess.TimeoutExpired:
            raise PdfError(
                f"Chromium did not finish within {timeout:.0f} s; try again, or build with --no-pdf."
            ) from None
        except OSError as exc:
            raise PdfError(
                f"{Path(browser).name} could not be started ({exc.strerror or type(exc).__name__}); "
                f"check {BROWSER_ENV} or the browser's installation, or build with --no-pdf."
            ) from None


def html_to_pdf(html: Path, pdf: Path, *, budget_ms: int = 15000) -> Path:
    """Print ``html`` to ``pdf`` (A4, the page's margins) and return ``pdf`` as given.

    The browser is given absolute paths; the caller gets the path it named, so a
    report's HTML and PDF are listed alike (both relative, or both absolute).
    """
    given = Path(pdf)
    html, pdf = Path(html).resolve(), given.resolve()
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
    return given
