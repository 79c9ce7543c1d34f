"""Defaults only: paths, thresholds and dates that the public functions fall back on."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Final

import platformdirs

#: Default event store.
DEFAULT_DB: Final[Path] = Path("data/ipgar.duckdb")
#: Environment variable holding the pseudonymisation key (hex or text).
KEY_ENV: Final[str] = "IPGAR_KEY"
#: Environment variable with the path of the key file (a file or a secrets-store
#: path); read after ``KEY_ENV`` and instead of ``DEFAULT_KEY_FILE``.
KEY_FILE_ENV: Final[str] = "IPGAR_KEY_FILE"
#: Default key file (made only by ``ipgar key create``), outside the repository, in
#: the user's configuration folder
#: (``~/.config/ipgar`` on Linux, ``%LOCALAPPDATA%\\ipgar`` on Windows,
#: ``~/Library/Application Support/ipgar`` on macOS).
DEFAULT_KEY_FILE: Final[Path] = (
    Path(platformdirs.user_config_dir("ipgar", appauthor=False)) / "pseudonym.key"
)
#: Length of a pseudonym (hex characters of the HMAC-SHA256).
PSEUDONYM_LENGTH: Final[int] = 16
#: Local time zone of the registration system.
TIMEZONE: Final[str] = "Europe/Amsterdam"
#: The iPGA-R in its current form started in 2016; earlier dates are rejected.
PROGRAMME_START: Final[date] = date(2016, 1, 1)
#: Default export date of the simulator (an export taken at the start of that day).
SIM_AS_OF: Final[date] = date(2026, 11, 1)
#: Contact-gap threshold in days.
CONTACT_THRESHOLD_DAYS: Final[int] = 90
#: A static case without review for more than this many months is listed (the plan
#: names no interval; half a year is this toolkit's default, docs/metrics/ptor.md).
STATIC_REVIEW_MONTHS: Final[int] = 6
#: The case managers of one network who have not met for more than this many days
#: are marked in the internal report's "Netwerken" section (the plan names no
#: interval; a quarter is this toolkit's default, docs/metrics/network.md).
NETWORK_MEETING_DAYS: Final[int] = 90
#: Small-cell suppression threshold for external outputs.
SUPPRESSION_K: Final[int] = 10
#: A group with fewer completed reports than this gets no median or percentiles
#: (``metrics.leadtime.SMALL_N``; the lead-time figures leave such a group out).
SMALL_N: Final[int] = 10
#: Longest accepted cell value (characters); longer cells are rejected.
MAX_CELL_CHARS: Final[int] = 1000
