"""Events of hand-made logs for the unit tests.

Many unit tests build a small log of events on days of 2025 at 12:00 +01:00 (no
daylight-saving change from January to March, so a day is 24 hours). ``ev`` makes
one such event row, as ``store.insert_events`` takes it. Several older test modules
still define a copy of their own.
"""

from __future__ import annotations

from typing import Any


def ev(
    case: str,
    activity: str,
    day: str,
    org: str | None = None,
    cm: str | None = None,
    life_domain: str | None = None,
    outcome: str | None = None,
) -> dict[str, Any]:
    """One event on 2025-``day`` 12:00 +01:00 (``day`` as 'MM-DD')."""
    return {
        "case_id": case,
        "activity": activity,
        "timestamp": f"2025-{day}T12:00:00+01:00",
        "org": org,
        "case_manager": cm,
        "life_domain": life_domain,
        "outcome": outcome,
    }
