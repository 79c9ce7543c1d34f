"""``store._zone.prime_local_zone``: pytz finds the store's zone without its index.

The primed zone must convert every instant as the zone pytz builds itself, and pytz
must hand it out by name without building its index of every zone. Each side runs
in a fresh interpreter: pytz's cache and index are per process.
"""

from __future__ import annotations

import subprocess
import sys

_PROBE = """
import sys
from datetime import datetime, timedelta
import pytz
from ipgar_metrics import config
from ipgar_metrics.store._zone import prime_local_zone
if sys.argv[1] == "prime":
    prime_local_zone()
tested = []  # the zone files pytz tests to build its index of every zone
exists = pytz.resource_exists
pytz.resource_exists = lambda name: tested.append(name) or exists(name)
zone = pytz.timezone(config.TIMEZONE)
print(zone is pytz._tzinfo_cache[config.TIMEZONE])
print(len(tested))
start = datetime(2015, 1, 1)
for hours in range(0, 24 * 366 * 12, 5):  # every fifth hour of 12 years
    print(pytz.utc.localize(start + timedelta(hours=hours)).astimezone(zone).isoformat())
naive = datetime(2026, 10, 25, 2, 30)  # the repeated autumn hour, both readings
print(zone.localize(naive, is_dst=True).isoformat(), zone.localize(naive, is_dst=False).isoformat())
"""


def _probe(mode: str) -> list[str]:
    out = subprocess.run(
        [sys.executable, "-c", _PROBE, mode], capture_output=True, text=True, check=True
    )
    return out.stdout.splitlines()


def test_the_primed_zone_converts_as_the_zone_pytz_builds() -> None:
    primed, built = _probe("prime"), _probe("pytz")
    assert primed[:2] == ["True", "0"]  # found in the cache, no index built
    assert int(built[1]) > 100  # pytz's own way tests every zone file
    assert primed[2:] == built[2:]
    assert len(primed) > 20_000
    assert "+02:00" in primed[-1] and "+01:00" in primed[-1]
