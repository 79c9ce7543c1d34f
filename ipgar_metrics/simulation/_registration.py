"""When each event was registered ("Geregistreerd op"), and what came of a contact.

Most events are registered the day they happen, some a few days later; some
organisations register in batches, days to weeks after the event (issue 23 item 1,
timeliness). The registering organisation is that of the case manager at the event
(the last ``regisseur_toegewezen`` before it); an event before the first assignment
is registered by the process coordination (``procesregie``). The draws come from a
stream of their own, so the other values of a seed are unchanged. So do the
outcomes of the contacts (``geslaagd``, ``poging``, ``geweigerd``; item 3b).
"""

from __future__ import annotations

import random
from collections import Counter
from typing import Any, Final

from ipgar_metrics.simulation._case import Case
from ipgar_metrics.simulation._time import DAY

#: The registering organisation of an event before the first case manager.
COORDINATION: Final[str] = "procesregie"
#: A lag above this many days counts as late (batch) registration in the truth,
#: as ``practice.LATE_REGISTRATION_DAYS`` does in the profile.
LATE_DAYS: Final[int] = 7


def registering_orgs(case: Case) -> list[str]:
    """Per event (in ``case.events`` order) the organisation that registers it."""
    org, out = COORDINATION, []
    for ev in case.events:
        if ev.activity == "regisseur_toegewezen" and ev.org:
            org = ev.org
        out.append(org)
    return out


def registration_days(
    case: Case,
    rng: random.Random,
    p: dict[str, Any],
    as_of_day: int,
    side: random.Random | None = None,
) -> tuple[list[int], list[str]]:
    """The day of registration of every event, and its registering organisation.

    ``p["registration_lag"]``: ``batch_p`` (default share registered in a batch),
    ``batch_p_by_org`` (its value per organisation), ``batch_days`` (the lag of a
    batch, uniform), ``same_day_p`` (of the others, registered the same day) and
    ``late_days`` (the lag of the rest, uniform). No event is registered after the
    export day (``as_of_day`` - 1: the export holds events up to the day before).
    The assessment events (``leefgebiedenscan``, added later) draw from ``side``
    when given, so the other events keep the dates they had.
    """
    lag = p["registration_lag"]
    orgs = registering_orgs(case)
    days = []
    for ev, org in zip(case.events, orgs, strict=True):
        r = side if side is not None and ev.activity == "leefgebiedenscan" else rng
        u = r.random()
        if u < lag["batch_p_by_org"].get(org, lag["batch_p"]):
            extra = r.randint(*lag["batch_days"])
        elif r.random() < lag["same_day_p"]:
            extra = 0
        else:
            extra = r.randint(*lag["late_days"])
        day = ev.minute // DAY
        days.append(max(day, min(day + extra, as_of_day - 1)))
    return days, orgs


def contact_outcomes(case: Case, rng: random.Random, p: dict[str, Any]) -> Counter[str]:
    """Give every contact of the case its outcome; returns the outcomes drawn.

    ``p["contact_outcome"]``: the person avoids contact with probability
    ``avoiding_p`` (then the outcome weights ``avoiding``), else ``other``. The draws
    come from the same stream of their own as the registration dates.
    """
    spec = p["contact_outcome"]
    weights = spec["avoiding"] if rng.random() < spec["avoiding_p"] else spec["other"]
    codes, probs = list(weights), list(weights.values())
    drawn: Counter[str] = Counter()
    for ev in case.events:
        if ev.activity == "contact":
            ev.outcome = rng.choices(codes, probs)[0]
            drawn[ev.outcome] += 1
    return drawn


def intervention_types(
    case: Case, rng: random.Random, p: dict[str, Any]
) -> Counter[str]:
    """Give every intervention a type of its life domain; returns the types started.

    ``p["intervention_types"]``: per life domain the types and their weights. An
    ``interventie_eind`` gets the type of the last start with the same organisation
    and life domain. The draws come from the stream of the registration dates.
    """
    started: dict[tuple[str, str], str] = {}
    drawn: Counter[str] = Counter()
    for ev in case.events:
        key = (ev.org, ev.life_domain)
        if ev.activity == "interventie_start":
            weights = p["intervention_types"][ev.life_domain]
            ev.intervention_type = rng.choices(list(weights), list(weights.values()))[0]
            started[key] = ev.intervention_type
            drawn[ev.intervention_type] += 1
        elif ev.activity == "interventie_eind":
            ev.intervention_type = started.get(key, "")
    return drawn


def catalogue(p: dict[str, Any]) -> list[str]:
    """Every type of the catalogue: those used and those never used, sorted."""
    used = {t for weights in p["intervention_types"].values() for t in weights}
    return sorted(used | set(p["intervention_types_unused"]))


class LagTally:
    """The true lags (days) per registering organisation, for ``truth.json``."""

    def __init__(self) -> None:
        self.by_org: dict[str, Counter[int]] = {}
        self.outcomes: Counter[str] = Counter()
        self.types: Counter[str] = Counter()

    def add(self, case: Case, days: list[int], orgs: list[str]) -> None:
        for ev, day, org in zip(case.events, days, orgs, strict=True):
            self.by_org.setdefault(org, Counter())[day - ev.minute // DAY] += 1

    def merge(self, other: LagTally) -> None:
        for org, counts in other.by_org.items():
            self.by_org.setdefault(org, Counter()).update(counts)
        self.outcomes.update(other.outcomes)
        self.types.update(other.types)

    def rows(self) -> dict[str, Any]:
        """Per organisation: events, late (lag > LATE_DAYS), and the lag histogram."""
        out: dict[str, Any] = {}
        for org in sorted(self.by_org):
            counts = self.by_org[org]
            out[org] = {
                "events": sum(counts.values()),
                "late": sum(n for d, n in counts.items() if d > LATE_DAYS),
                "lags": {str(d): counts[d] for d in sorted(counts)},
            }
        return {"late_days": LATE_DAYS, "by_org": out}
