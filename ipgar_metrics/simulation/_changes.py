"""Planted effects: simulator parameters that switch at a calendar date.

``PARAMS["changes"]`` is a list of ``{"from": "YYYY-MM-DD", "set": {name: value}}``.
From that day on, the named parameters take the new value; a dict value (such as
``contact_mean_days_by_org``) is merged into the one in force, so one organisation
can change alone. Each parameter switches at the moment it is used:

- the assessment's parameters at the day of the report (an episode reported before
  the date keeps the old process, also when it is decided after it);
- ``contact_mean_days_by_org`` at the day a gap between contacts starts;
- ``own_org_p`` at the day an intervention starts.

``truth.json`` records the changes under ``parameters.changes`` and, with the moment
each one applies to, under ``planted``.
"""

from __future__ import annotations

from datetime import date
from typing import Any, Final

from ipgar_metrics.errors import ConfigError
from ipgar_metrics.simulation._time import day_of

#: Parameters that can switch at a date, and the moment at which each one applies.
SWITCHABLE: Final[dict[str, str]] = {
    "prep_days_mean_extra": "report",
    "pre_ivgr_request_p": "report",
    "loops_p": "report",
    "info_wait_median_days": "report",
    "info_wait_sigma": "report",
    "advice_p": "report",
    "postpone_p": "report",
    "contact_mean_days_by_org": "contact",
    "own_org_p": "intervention",
}


class Changes:
    """The parameters in force on a simulated day (``PARAMS`` plus planted changes)."""

    def __init__(self, params: dict[str, Any]) -> None:
        self.base = params
        self.steps: list[tuple[int, dict[str, Any]]] = sorted(
            (
                (_day(c, i), dict(c["set"]))
                for i, c in enumerate(_checked(params.get("changes") or []))
            ),
            key=lambda s: s[0],
        )

    def value(self, name: str, day: int) -> Any:
        """The value of parameter ``name`` on day number ``day``."""
        out = self.base[name]
        for first, values in self.steps:
            if day < first:
                break
            if name in values:
                new = values[name]
                out = {**out, **new} if isinstance(out, dict) else new
        return out

    def on(self, day: int) -> dict[str, Any]:
        """All parameters in force on ``day`` (the base dict itself when none changed)."""
        if not self.steps or day < self.steps[0][0]:
            return self.base
        return {**self.base, **{k: self.value(k, day) for k in SWITCHABLE}}


def planted(params: dict[str, Any]) -> list[dict[str, Any]]:
    """The planted changes as ``truth.json`` records them (with what each applies to)."""
    return [
        {
            "from": c["from"],
            "set": c["set"],
            "applies_at": {k: SWITCHABLE[k] for k in c["set"]},
        }
        for c in _checked(params.get("changes") or [])
    ]


def _checked(changes: list[dict[str, Any]]) -> list[dict[str, Any]]:
    for i, change in enumerate(changes):
        if (
            not isinstance(change, dict)
            or set(change) != {"from", "set"}
            or not isinstance(change["set"], dict)
        ):
            raise ConfigError(
                f'change {i + 1}: give {{"from": "YYYY-MM-DD", "set": {{...}}}}.'
            )
        _day(change, i)
        for name in change["set"]:
            if name not in SWITCHABLE:
                raise ConfigError(
                    f'change {i + 1}: parameter "{name}" cannot switch at a date; '
                    f"choose one of: {', '.join(SWITCHABLE)}."
                )
    return changes


def _day(change: dict[str, Any], i: int) -> int:
    try:
        return day_of(date.fromisoformat(str(change["from"])))
    except ValueError:
        raise ConfigError(
            f'change {i + 1}: "from" must be a date in the form YYYY-MM-DD.'
        ) from None
