"""The simulated case: its events, episodes and true values, and the process order."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass
class Event:
    minute: int
    activity: str
    org: str = ""
    case_manager: str = ""
    life_domain: str = ""
    outcome: str = ""
    own: bool | None = None  # interventie_start: delivered by the case manager's org
    intervention_type: str = ""  # interventie_*: a code of the catalogue


@dataclass
class Case:
    index: int
    case_id: str
    report_source: str
    risk_category: str
    ideology: str
    events: list[Event] = field(default_factory=list)
    episodes: list[dict[str, Any]] = field(default_factory=list)
    info: dict[str, Any] = field(default_factory=dict)


def _order() -> dict[str, int]:
    from ipgar_metrics.schema import ACTIVITY_ORDER

    return ACTIVITY_ORDER


ORDER = _order()
