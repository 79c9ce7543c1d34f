"""The store's time zone, ready for pandas before the first frame asks for it."""

from __future__ import annotations

import pytz
import pytz.tzfile

from ipgar_metrics import config


def prime_local_zone() -> None:
    """Put the store's zone (``config.TIMEZONE``) where pytz looks for it first.

    pandas 2 turns a zone name (DuckDB's frames carry one) into a pytz zone, and pytz
    checks a name it has not built yet against its list of every zone, which it
    builds once per process by testing about 600 files: 13–15 ms of every command.
    Built here from its own file, the zone is found in pytz's cache instead; it
    converts every instant as the zone ``pytz.timezone`` builds
    (``tests/unit/test_zone.py``).
    Speed only: a pytz without that cache is left alone.
    """
    cache = getattr(pytz, "_tzinfo_cache", None)
    if not isinstance(cache, dict) or config.TIMEZONE in cache:
        return
    try:
        with pytz.open_resource(config.TIMEZONE) as fh:
            cache[config.TIMEZONE] = pytz.tzfile.build_tzinfo(config.TIMEZONE, fh)
    except (OSError, ValueError):  # no such file: pytz builds it when asked
        return
