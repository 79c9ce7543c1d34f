"""What the toolkit tells an analyst who has no browser it can start.

Chrome, Chromium or Edge prints the report's PDF (``report``) and draws figures as
PNG or SVG images (``figures``, through kaleido). ``IPGAR_CHROMIUM`` names the one to
use; both say the same when it is missing or names no program.
"""

from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path
from typing import Final

#: The environment variable that names the browser.
BROWSER_ENV: Final[str] = "IPGAR_CHROMIUM"


def install_hint() -> str:
    """What to install, or set, on this operating system (no full stop)."""
    if sys.platform == "win32":
        return (
            f"install Chrome or Edge, or set {BROWSER_ENV} to chrome.exe or msedge.exe"
        )
    if sys.platform == "darwin":
        return f"install Google Chrome, or set {BROWSER_ENV} to its program"
    return f"install it (`apt-get install chromium`), or set {BROWSER_ENV}"


def not_a_program(browser: str) -> str:
    """The message for ``IPGAR_CHROMIUM`` set to ``browser``, which is no program."""
    return (
        f"{BROWSER_ENV} names {Path(browser).name}, which is not an installed program; "
        "set it to the full path of chrome.exe, msedge.exe or chromium"
    )


def named_browser_problem() -> str | None:
    """``not_a_program`` when ``IPGAR_CHROMIUM`` is set to no program, else None."""
    browser = os.environ.get(BROWSER_ENV)
    if browser and not (os.path.isfile(browser) or shutil.which(browser)):
        return not_a_program(browser)
    return None
