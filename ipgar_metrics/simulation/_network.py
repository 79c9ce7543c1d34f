"""Networks of persons and key locations (issue 19, item 3), and joint meetings.

The simulator writes two optional exports beside the event export:

``relations.csv``
    ``case_id_a,case_id_b,relation,start,end``: a relation between two known cases
    (``familie``, ``vriend``, ``online``, ``sleutellocatie``, ``overig``), dates
    ``dd-mm-jjjj`` (some ``YYYY-MM-DD``), ``end`` empty while the relation lasts;
``locations.csv``
    ``case_id,location_id,start,end``: a person's period at a key location
    (``L-0001``); two persons at one location in overlapping periods are linked.

Persons link in groups of 2 to about 12 (homophily: most members share the first
member's ideology), reported within months of each other; many persons have no
link. A few key locations (a prayer room, a gym, ...) gather persons of mostly one
ideology in overlapping periods. Linked persons in the approach at the same time
with different case managers sometimes meet: a ``netwerkoverleg`` event on each case
of the meeting (same moment, each case's own case manager and organisation). A few
rows the loader must reject are planted (``truth.json`` → ``network.rejected_rows``).

Everything is drawn from a stream of its own per block of cases, after the cases of
the block are simulated, so every other event of a seed stays as it was (the
meetings are added; their registration dates come from this stream too). Links stay
within a block of cases (``chunk_cases``, 20,000 by default).

The truth at the export date (``as_of``) follows the rule of the issue and the
store's definitions: a relation counts when ``start <= as_of`` and ``end`` is empty
or after ``as_of``; a key-location period likewise; the nodes are the persons in the
approach at ``as_of`` (an intake and no exit after it: ``sql/store/macros.sql``
``approach_window``); a person's current case manager is the last
``regisseur_toegewezen`` of the episode at or before ``as_of`` (ADR 0003 item 4).
"""

from __future__ import annotations

import csv
import io
import random
from bisect import bisect_left, bisect_right
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from types import TracebackType
from typing import Any, Final

from ipgar_metrics.simulation._case import ORDER, Case, Event
from ipgar_metrics.simulation._time import DAY, EPOCH, weekday_of

RELATIONS_FILE: Final[str] = "relations.csv"
LOCATIONS_FILE: Final[str] = "locations.csv"
RELATIONS_HEADER: Final[tuple[str, ...]] = (
    "case_id_a",
    "case_id_b",
    "relation",
    "start",
    "end",
)
LOCATIONS_HEADER: Final[tuple[str, ...]] = ("case_id", "location_id", "start", "end")
#: The activity of a joint meeting of case managers.
MEETING: Final[str] = "netwerkoverleg"


def _date(day: int) -> date:
    return EPOCH + timedelta(days=day)


def _cell(day: int | None, iso_form: bool) -> str:
    """A date as the export writes it: ``dd-mm-jjjj``, or ``YYYY-MM-DD``."""
    if day is None:
        return ""
    d = _date(day)
    return d.isoformat() if iso_form else f"{d.day:02d}-{d.month:02d}-{d.year:04d}"


def _active(start: int, end: int | None, day: int) -> bool:
    """The issue's rule: started on or before ``day``, not ended on or before it."""
    return start <= day and (end is None or end > day)


@dataclass
class _Person:
    """What the network needs of one simulated case (minutes, as in ``_case``)."""

    case: Case
    report_day: int
    #: per episode: (melding minute, instroom minute or None, exit minute or None)
    episodes: list[tuple[int, int | None, int | None]]
    #: (minute, episode index, case manager, organisation), in time order
    assignments: list[tuple[int, int, str, str]]
    agenda: list[int]  # itatr_agendering minutes

    @classmethod
    def of(cls, case: Case) -> _Person:
        eps = [(e["melding_at"], e["instroom_at"], e["exit_at"]) for e in case.episodes]
        starts = [m for m, _i, _x in eps]
        assignments = sorted(
            (e.minute, bisect_right(starts, e.minute) - 1, e.case_manager, e.org)
            for e in case.events
            if e.activity == "regisseur_toegewezen"
        )
        agenda = [e.minute for e in case.events if e.activity == "itatr_agendering"]
        return cls(case, eps[0][0] // DAY, eps, assignments, agenda)

    def stay_days(self, as_of_day: int) -> list[tuple[int, int]]:
        """Whole days in the approach (after the intake day, before the exit day)."""
        out = []
        for _m, instroom, exit_ in self.episodes:
            if instroom is None:
                continue
            last = as_of_day - 1 if exit_ is None else exit_ // DAY - 1
            if instroom // DAY + 1 <= last:
                out.append((instroom // DAY + 1, last))
        return out

    def in_approach_at_end(self) -> bool:
        """In the approach at the export date: an intake without an exit after it."""
        return any(i is not None and x is None for _m, i, x in self.episodes)

    def manager_at(self, minute: int) -> tuple[str, str] | None:
        """(case manager, organisation) of the episode at ``minute`` (ADR 0003 item 4)."""
        starts = [m for m, _i, _x in self.episodes]
        episode = bisect_right(starts, minute) - 1
        found = None
        for at, ep, manager, org in self.assignments:
            if at <= minute and ep == episode:
                found = (manager, org)
        return found

    def current_manager(self) -> tuple[str, str] | None:
        """The case manager at the export date: the last one of the open episode."""
        for k, (_m, instroom, exit_) in enumerate(self.episodes):
            if instroom is not None and exit_ is None:
                found = None
                for _at, episode, manager, org in self.assignments:
                    if episode == k:
                        found = (manager, org)
                return found
        return None

    def assigned_on(self, day: int) -> bool:
        return any(at // DAY == day for at, *_rest in self.assignments)


@dataclass
class _Link:
    """A relation (``kind``) or two persons at one key location (``location``)."""

    a: int
    b: int
    kind: str
    start: int
    end: int | None
    location: str | None = None


@dataclass
class BlockNetwork:
    """The network of one block of cases: file rows, meetings and its truth."""

    relations: list[list[str]] = field(default_factory=list)
    locations: list[list[str]] = field(default_factory=list)
    #: per case index: (meeting event, registration day, registering organisation)
    meetings: dict[int, list[tuple[Event, int, str]]] = field(default_factory=dict)
    components: list[dict[str, Any]] = field(default_factory=list)
    rejected: list[dict[str, Any]] = field(default_factory=list)
    places: list[dict[str, Any]] = field(default_factory=list)
    nodes: int = 0
    n_meetings: int = 0

    def add_meetings(
        self, case: Case, days: list[int], orgs: list[str]
    ) -> tuple[list[int], list[str]]:
        """Put the case's meetings among its events (in export order).

        ``days`` and ``orgs`` are the registration days and registering organisations
        of the other events (``_registration.registration_days``); the meetings'
        come with them, so the lists stay aligned with ``case.events``.
        """
        mine = self.meetings.get(case.index)
        if not mine:
            return days, orgs
        rows = list(zip(case.events, days, orgs, strict=True)) + mine
        rows.sort(key=lambda r: (r[0].minute, ORDER.get(r[0].activity, 99)))
        case.events = [r[0] for r in rows]
        return [r[1] for r in rows], [r[2] for r in rows]


def draw_network(
    cases: list[Case],
    rng: random.Random,
    p: dict[str, Any],
    as_of_day: int,
    *,
    block: int,
    n_cases: int,
) -> BlockNetwork:
    """Draw the relations, key locations and joint meetings of one block of cases."""
    q = p["network"]
    persons = [_Person.of(c) for c in cases if c.events and c.episodes]
    net = BlockNetwork()
    if len(persons) < 2:
        return net
    links = _groups(persons, rng, q, as_of_day)
    for link in links:
        iso_form = rng.random() < q["iso_date_p"]
        a, b = (link.a, link.b) if rng.random() < 0.5 else (link.b, link.a)
        net.relations.append(
            [
                persons[a].case.case_id,
                persons[b].case.case_id,
                link.kind,
                _cell(link.start, iso_form),
                _cell(link.end, iso_form),
            ]
        )
    net.relations.sort(key=_row_order(2, 3))
    periods, net.places = _key_locations(persons, rng, q, as_of_day, block)
    for who, loc, start, end in periods:
        iso_form = rng.random() < q["iso_date_p"]
        net.locations.append(
            [
                persons[who].case.case_id,
                loc,
                _cell(start, iso_form),
                _cell(end, iso_form),
            ]
        )
    net.locations.sort(key=_row_order(1, 2))
    links += _location_links(periods)
    _meetings(net, persons, links, rng, p, as_of_day)
    _truth(net, persons, links, as_of_day)
    if block == 0:
        _plant_bad_rows(net, persons, rng, q, as_of_day, n_cases)
    return net


def _row_order(first: int, date_col: int) -> Any:
    """Sort rows by their start date (whatever its form), then by the other cells."""

    def key(row: list[str]) -> tuple[str, ...]:
        d = row[date_col]
        iso_form = d if len(d) == 10 and d[4] == "-" else f"{d[6:]}-{d[3:5]}-{d[:2]}"
        return (iso_form, *row[:first], *row[first:date_col])

    return key


def _groups(
    persons: list[_Person], rng: random.Random, q: dict[str, Any], as_of_day: int
) -> list[_Link]:
    """Groups of persons reported close in time, mostly of one ideology."""
    order = sorted(range(len(persons)), key=lambda i: (persons[i].report_day, i))
    days = [persons[i].report_day for i in order]
    anchors = list(range(len(persons)))
    rng.shuffle(anchors)
    free = set(anchors)
    target = q["linked_share"] * len(persons)
    linked = 0
    links: list[_Link] = []
    window = q["report_window_days"]
    sizes = q["group_size_p"]
    ideologies = [person.case.ideology for person in persons]
    # the positions in ``order`` of the persons still free, ascending: the free
    # persons reported near a day are a slice of it
    position = [0] * len(order)
    for k, i in enumerate(order):
        position[i] = k
    free_positions = list(range(len(order)))
    for anchor in anchors:
        if linked >= target:
            break
        if anchor not in free:
            continue
        size = 2 + rng.choices(range(len(sizes)), sizes)[0]
        d = persons[anchor].report_day
        lo, hi = bisect_left(days, d - window), bisect_right(days, d + window)
        first, last = (bisect_left(free_positions, k) for k in (lo, hi))
        nearby = [order[k] for k in free_positions[first:last] if order[k] != anchor]
        ideology = ideologies[anchor]
        # the nearby persons of the anchor's ideology, in the same order, built at
        # the first pick that asks for them and kept equal to that selection of
        # ``nearby`` (a block of 20,000 cases has about 1,300 nearby persons)
        same: list[int] | None = None
        members = [anchor]
        while len(members) < size and nearby:
            pool = nearby
            if rng.random() < q["homophily"]:
                if same is None:
                    same = [i for i in nearby if ideologies[i] == ideology]
                pool = same
                if not pool:
                    break
            pick = pool[rng.randrange(len(pool))]
            members.append(pick)
            nearby.remove(pick)
            if same is not None and ideologies[pick] == ideology:
                same.remove(pick)
        if len(members) < 2:
            continue
        free.difference_update(members)
        for m in members:
            del free_positions[bisect_left(free_positions, position[m])]
        linked += len(members)
        pairs: set[tuple[int, int]] = set()
        for n in range(1, len(members)):
            parent = 0 if rng.random() < q["hub_p"] else rng.randrange(n)
            pairs.add((members[parent], members[n]))
        for _ in range(len(members) - 2):
            if rng.random() < q["extra_link_p"]:
                x, y = rng.sample(members, 2)
                if (x, y) not in pairs and (y, x) not in pairs:
                    pairs.add((x, y))
        for x, y in sorted(pairs):
            links.append(_relation(persons, x, y, rng, q, as_of_day))
    return links


def _relation(
    persons: list[_Person],
    a: int,
    b: int,
    rng: random.Random,
    q: dict[str, Any],
    as_of_day: int,
) -> _Link:
    kinds = q["relation_p"]
    kind = rng.choices(list(kinds), list(kinds.values()))[0]
    earlier = min(persons[a].report_day, persons[b].report_day)
    start = min(earlier + rng.randint(*q["start_days"]), as_of_day - 1)
    end: int | None = None
    if rng.random() < q["end_p"][kind]:
        end = start + rng.randint(*q["duration_days"])
        if end >= as_of_day:  # the export does not know a future end
            end = None
    return _Link(a, b, kind, start, end)


def _key_locations(
    persons: list[_Person],
    rng: random.Random,
    q: dict[str, Any],
    as_of_day: int,
    block: int,
) -> tuple[list[tuple[int, str, int, int | None]], list[dict[str, Any]]]:
    """A few key locations, each with persons of mostly one ideology over time."""
    n_places = max(2, round(len(persons) / q["cases_per_location"]))
    kinds = q["location_kinds"]
    order = sorted(range(len(persons)), key=lambda i: (persons[i].report_day, i))
    days = [persons[i].report_day for i in order]
    periods: list[tuple[int, str, int, int | None]] = []
    places = []
    for j in range(n_places):
        loc = f"L-{block * 1000 + j + 1:04d}"
        kind = rng.choices(list(kinds), list(kinds.values()))[0]
        anchor = rng.randrange(len(persons))
        d = persons[anchor].report_day
        window = q["location_window_days"]
        nearby = [
            order[k]
            for k in range(
                bisect_left(days, d - window), bisect_right(days, d + window)
            )
        ]
        ideology = persons[anchor].case.ideology
        same = [i for i in nearby if persons[i].case.ideology == ideology]
        visitors = {anchor}
        for _ in range(rng.randint(*q["location_visitors"]) - 1):
            pool = same if same and rng.random() < q["homophily"] else nearby
            visitors.add(pool[rng.randrange(len(pool))])
        for who in sorted(visitors):
            start = persons[who].report_day + rng.randint(*q["location_start_days"])
            start = min(start, as_of_day - 1)
            end: int | None = start + rng.randint(*q["location_period_days"])
            if end is not None and end >= as_of_day:
                end = None
            periods.append((who, loc, start, end))
        places.append({"location_id": loc, "kind": kind, "persons": len(visitors)})
    return periods, places


def _location_links(periods: list[tuple[int, str, int, int | None]]) -> list[_Link]:
    """Two persons at one key location in overlapping periods are linked."""
    by_place: dict[str, list[tuple[int, int, int | None]]] = defaultdict(list)
    for who, loc, start, end in periods:
        by_place[loc].append((who, start, end))
    links = []
    for loc, rows in by_place.items():
        for k, (a, sa, ea) in enumerate(rows):
            for b, sb, eb in rows[k + 1 :]:
                start = max(sa, sb)
                ends = [e for e in (ea, eb) if e is not None]
                end = min(ends) if ends else None
                if a != b and (end is None or start < end):
                    links.append(_Link(a, b, "sleutellocatie", start, end, loc))
    return links


def _meetings(
    net: BlockNetwork,
    persons: list[_Person],
    links: list[_Link],
    rng: random.Random,
    p: dict[str, Any],
    as_of_day: int,
) -> None:
    """Joint meetings of the case managers of linked persons in the approach."""
    q = p["network"]
    taken: set[tuple[int, int]] = set()  # (person, day): one meeting a day
    for link in links:
        chance = q["location_meeting_p"] if link.location else q["meeting_p"]
        if rng.random() >= chance:
            continue
        a, b = persons[link.a], persons[link.b]
        hi_link = as_of_day - 1 if link.end is None else link.end - 1
        spans = [
            (max(s1, s2, link.start), min(e1, e2, hi_link))
            for s1, e1 in a.stay_days(as_of_day)
            for s2, e2 in b.stay_days(as_of_day)
        ]
        spans = [(lo, hi) for lo, hi in spans if lo <= hi]
        if not spans:
            continue
        for _ in range(rng.randint(*q["meetings_per_link"])):
            lo, hi = spans[rng.randrange(len(spans))]
            day = rng.randint(lo, hi)
            minute = day * DAY + rng.randrange(9 * 60, 16 * 60)
            if weekday_of(day) >= 5 or a.assigned_on(day) or b.assigned_on(day):
                continue
            if (link.a, day) in taken or (link.b, day) in taken:
                continue
            ma, mb = a.manager_at(minute), b.manager_at(minute)
            if ma is None or mb is None or ma[0] == mb[0]:
                continue
            for who, (manager, org) in ((link.a, ma), (link.b, mb)):
                taken.add((who, day))
                event = Event(minute, MEETING, org=org, case_manager=manager)
                reg = _registration_day(day, org, rng, p, as_of_day)
                net.meetings.setdefault(persons[who].case.index, []).append(
                    (event, reg, org)
                )
            net.n_meetings += 1


def _registration_day(
    day: int, org: str, rng: random.Random, p: dict[str, Any], as_of_day: int
) -> int:
    """The registration date of a meeting: the rule of ``_registration``, this stream."""
    lag = p["registration_lag"]
    if rng.random() < lag["batch_p_by_org"].get(org, lag["batch_p"]):
        extra = rng.randint(*lag["batch_days"])
    elif rng.random() < lag["same_day_p"]:
        extra = 0
    else:
        extra = rng.randint(*lag["late_days"])
    return max(day, min(day + extra, as_of_day - 1))


def _truth(
    net: BlockNetwork, persons: list[_Person], links: list[_Link], as_of_day: int
) -> None:
    """The components at the export date, their case managers and last meeting."""
    nodes = {i for i, person in enumerate(persons) if person.in_approach_at_end()}
    net.nodes = len(nodes)
    adjacent: dict[int, set[int]] = defaultdict(set)
    for link in links:
        if _active(link.start, link.end, as_of_day):
            adjacent[link.a].add(link.b)
            adjacent[link.b].add(link.a)
    seen: set[int] = set()
    found = []
    for start in sorted(nodes):
        if start in seen or not adjacent[start] & nodes:
            continue
        members, todo = {start}, [start]
        while todo:
            for other in adjacent[todo.pop()] & nodes:
                if other not in members:
                    members.add(other)
                    todo.append(other)
        seen |= members
        found.append(members)
    meetings = _meeting_days(net, persons)
    for members in found:
        ids = sorted(persons[i].case.case_id for i in members)
        managers = {persons[i].current_manager() for i in members} - {None}
        names = {m[0] for m in managers if m is not None}
        outside = {o for i in members for o in adjacent[i]} - nodes
        net.components.append(
            {
                "cases": ids,
                "case_managers": sorted(names),
                "organisations": sorted({m[1] for m in managers if m is not None}),
                "linked_outside": len(outside),
                "last_met": _last_met(members, names, persons, meetings),
            }
        )


def _meeting_days(
    net: BlockNetwork, persons: list[_Person]
) -> dict[int, list[tuple[int, str]]]:
    """Per person: (day, case manager) of each netwerkoverleg."""
    index = {p.case.index: i for i, p in enumerate(persons)}
    out: dict[int, list[tuple[int, str]]] = defaultdict(list)
    for case_index, rows in net.meetings.items():
        for event, _reg, _org in rows:
            out[index[case_index]].append((event.minute // DAY, event.case_manager))
    return out


def _last_met(
    members: set[int],
    managers: set[str],
    persons: list[_Person],
    meetings: dict[int, list[tuple[int, str]]],
) -> str | None:
    """The last day two or more of the component's current managers met.

    A ``netwerkoverleg`` on cases of the component registered by two or more of its
    current case managers on one day, or two cases of the component on the ITAT-R
    agenda on one day whose case managers then were two of its current ones.
    """
    by_day: dict[int, set[str]] = defaultdict(set)
    for i in members:
        for day, manager in meetings.get(i, []):
            if manager in managers:
                by_day[day].add(manager)
    met = [day for day, names in by_day.items() if len(names) >= 2]
    agenda: dict[int, set[str]] = defaultdict(set)
    for i in members:
        for minute in persons[i].agenda:
            at = persons[i].manager_at(minute)
            if at is not None and at[0] in managers:
                agenda[minute // DAY].add(at[0])
    met += [day for day, names in agenda.items() if len(names) >= 2]
    return _date(max(met)).isoformat() if met else None


def _plant_bad_rows(
    net: BlockNetwork,
    persons: list[_Person],
    rng: random.Random,
    q: dict[str, Any],
    as_of_day: int,
    n_cases: int,
) -> None:
    """Rows the loader must reject, listed in truth with their file, row and reason."""
    if not q["plant_bad_rows"]:
        return

    def some() -> _Person:
        return persons[rng.randrange(len(persons))]

    def day_after(person: _Person) -> int:
        return min(person.report_day + rng.randint(0, 200), as_of_day - 30)

    first = some()
    stranger = f"R{_date(first.report_day).year}-{n_cases + 1 + rng.randrange(900):06d}"
    a, b = some(), some()
    while b is a:
        b = some()
    start = day_after(a)
    relation_rows = [
        (
            [
                first.case.case_id,
                stranger,
                "vriend",
                _cell(day_after(first), False),
                "",
            ],
            "unknown_case",
            "case_id_b",
        ),
        (
            [a.case.case_id, a.case.case_id, "familie", _cell(start, False), ""],
            "self_relation",
            "case_id_b",
        ),
        (
            [
                a.case.case_id,
                b.case.case_id,
                "online",
                _cell(start, False),
                _cell(start - rng.randint(1, 60), False),
            ],
            "end_before_start",
            "end",
        ),
    ]
    c = some()
    loc = net.places[0]["location_id"]
    start = day_after(c)
    location_rows = [
        (
            [stranger, loc, _cell(day_after(first), False), ""],
            "unknown_case",
            "case_id",
        ),
        (
            [
                c.case.case_id,
                loc,
                _cell(start, False),
                _cell(start - rng.randint(1, 60), False),
            ],
            "end_before_start",
            "end",
        ),
    ]
    for name, rows, planted in (
        (RELATIONS_FILE, net.relations, relation_rows),
        (LOCATIONS_FILE, net.locations, location_rows),
    ):
        for row, reason, column in planted:
            at = rng.randint(0, len(rows))
            rows.insert(at, row)
            for other in net.rejected:  # rows after it move down one
                if other["file"] == name and other["row"] >= at + 1:
                    other["row"] += 1
            net.rejected.append(
                {"file": name, "row": at + 1, "reason": reason, "column": column}
            )
    net.rejected.sort(key=lambda r: (r["file"] != RELATIONS_FILE, r["row"]))


def network_params(p: dict[str, Any]) -> dict[str, Any]:
    """``p`` with ``network`` merged over the defaults; refuse a malformed switch.

    ``params={"networks": False}`` switches networks off; ``params={"network":
    {"meeting_p": 0.8}}`` changes one network parameter and keeps the others.
    """
    from ipgar_metrics.errors import ConfigError
    from ipgar_metrics.simulation._parameters import PARAMS

    if not isinstance(p.get("networks"), bool):
        raise ConfigError("networks must be true or false; pass e.g. networks=False.")
    given = p.get("network")
    if not isinstance(given, dict):
        raise ConfigError(
            "network must be a dict of network parameters, e.g. {'meeting_p': 0.5}."
        )
    unknown = sorted(set(given) - set(PARAMS["network"]))
    if unknown:
        known = ", ".join(PARAMS["network"])
        raise ConfigError(
            f"unknown network parameter {unknown[0]!r}; choose from: {known}."
        )
    return {**p, "network": {**PARAMS["network"], **given}}


class NetworkFiles:
    """Writes ``relations.csv`` and ``locations.csv`` block by block; gathers the truth.

    Switched off (``PARAMS["networks"]`` False), it writes nothing and removes the
    files a previous run left in the folder.
    """

    def __init__(self, out: Path, p: dict[str, Any], as_of: date) -> None:
        self.enabled = bool(p.get("networks"))
        self.paths = {
            "relations": out / RELATIONS_FILE,
            "locations": out / LOCATIONS_FILE,
        }
        self.as_of = as_of
        self.rows = {"relations": 0, "locations": 0}
        self.rejected: list[dict[str, Any]] = []
        self.components: list[dict[str, Any]] = []
        self.places: list[dict[str, Any]] = []
        self.nodes = self.meetings = 0
        self._fh: dict[str, io.TextIOWrapper] = {}

    def __enter__(self) -> NetworkFiles:
        if not self.enabled:
            for path in self.paths.values():
                path.unlink(missing_ok=True)
            return self
        for name, header in (
            ("relations", RELATIONS_HEADER),
            ("locations", LOCATIONS_HEADER),
        ):
            fh = self.paths[name].open("w", encoding="utf-8", newline="")
            csv.writer(fh, lineterminator="\n").writerow(header)
            self._fh[name] = fh
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        for fh in self._fh.values():
            fh.close()

    def add(self, net: BlockNetwork | None) -> None:
        """Write one block's rows (rejected rows renumbered to the whole file)."""
        if net is None or not self.enabled:
            return
        for bad in net.rejected:
            name = "relations" if bad["file"] == RELATIONS_FILE else "locations"
            self.rejected.append({**bad, "row": bad["row"] + self.rows[name]})
        for name, rows in (("relations", net.relations), ("locations", net.locations)):
            csv.writer(self._fh[name], lineterminator="\n").writerows(rows)
            self.rows[name] += len(rows)
        self.components += net.components
        self.places += net.places
        self.nodes += net.nodes
        self.meetings += net.n_meetings

    def files(self) -> dict[str, Path]:
        return dict(self.paths) if self.enabled else {}

    def truth(self) -> dict[str, Any] | None:
        """``truth.json`` → ``network`` (None when switched off)."""
        if not self.enabled:
            return None
        bad = {"relations": 0, "locations": 0}
        for r in self.rejected:
            bad["relations" if r["file"] == RELATIONS_FILE else "locations"] += 1
        comps = sorted(self.components, key=lambda c: (-len(c["cases"]), c["cases"][0]))
        return {
            "as_of": self.as_of.isoformat(),
            "rule": "a link counts when start <= as_of and end is empty or after "
            "as_of; nodes are the persons in the approach at as_of",
            "n_relations": self.rows["relations"] - bad["relations"],
            "n_locations": self.rows["locations"] - bad["locations"],
            "nodes": self.nodes,
            "meetings": self.meetings,
            "components": [c["cases"] for c in comps],
            "per_component": [
                {
                    "component": n,
                    "size": len(c["cases"]),
                    **{k: v for k, v in c.items() if k != "cases"},
                }
                for n, c in enumerate(comps, start=1)
            ],
            "key_locations": self.places,
            "rejected_rows": self.rejected,
        }
