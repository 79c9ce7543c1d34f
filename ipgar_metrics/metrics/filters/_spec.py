"""What a log filter keeps: one vocabulary for the CLI and the notebook.

A ``LogFilter`` selects whole cases, as Disco's and bupaR's case filters do: by a
period and how the case relates to it, by attribute values, by activities it
contains or lacks, by the activities it starts and ends with (Disco's endpoints),
by one activity followed by another (Disco's follower filter), by variant rank and
by duration. The criteria combine with AND;
several values of one criterion (``where={"org": ["politie", "ggd"]}``, several
activities) with OR. ``filtered`` (``_view``) applies it to a connection.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Final

from ipgar_metrics import schema
from ipgar_metrics.errors import ConfigError

#: Event columns a ``where`` may test (a case is kept when one of its events matches).
EVENT_ATTRIBUTES: Final[tuple[str, ...]] = (
    "org",
    "life_domain",
    "outcome",
    "lifecycle",
)
#: Every attribute a ``where`` may test: the event columns and the case attributes.
FILTER_ATTRIBUTES: Final[tuple[str, ...]] = (
    *EVENT_ATTRIBUTES,
    *schema.CASE_ATTRIBUTES,
)
#: A ``where`` name ``case:<name>`` tests only the case attribute ``<name>`` of a
#: generic log (the stored attributes, schema version 8; pm4py's convention).
CASE_PREFIX: Final[str] = "case:"
#: The default relation of a case to ``period`` (Disco's "intersecting timeframe").
DEFAULT_PERIOD_MODE: Final[str] = "intersecting"

_DURATION = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*([mhdw]?)\s*$")
_UNIT_SECONDS: Final[dict[str, int]] = {
    "m": 60,
    "h": 3_600,
    "d": 86_400,
    "": 86_400,
    "w": 604_800,
}


def parse_duration(text: str) -> timedelta:
    """``90m``, ``4h``, ``3d``, ``2w`` or a bare number of days, as a ``timedelta``.

    Examples
    --------
    >>> parse_duration("36h"), parse_duration("2")
    (datetime.timedelta(days=1, seconds=43200), datetime.timedelta(days=2))
    """
    match = _DURATION.match(str(text))
    if match is None:
        raise ConfigError(
            f"a duration is a number with m, h, d or w (minutes, hours, days, "
            f'weeks; days without one), e.g. 36h or 2w, not "{text}".'
        )
    return timedelta(seconds=float(match[1]) * _UNIT_SECONDS[match[2]])


@dataclass(frozen=True)
class LogFilter:
    """The cases to keep; an empty filter keeps every case.

    Attributes
    ----------
    period
        ``(first_day, last_day)``, both included, local days; ``None`` an open side.
    period_mode
        How a case relates to the period: ``started`` (first event in it),
        ``completed`` (last event in it), ``contained`` (both), ``intersecting``
        (its span overlaps the period; the default).
    where
        Attribute -> values: a case with one of the values (of an event, for an event
        attribute such as ``org``; its own, for a case attribute) is kept. Besides
        ``FILTER_ATTRIBUTES``, any attribute a generic log stored (``attributes``
        table): by its name (an event or case attribute), or ``case:<name>`` for
        the case attribute only; values compare as text.
    contains, not_contains
        Keep the cases with at least one of these activities / with none of them.
    starts_with, ends_with
        Keep the cases whose first / last event (in the store's order) is one of
        these activities: a log cut off at its export date drops its unfinished
        cases with ``ends_with``, as Disco's endpoints filter does.
    follows, directly_follows
        Pairs ``(A, B)`` (or ``"A>B"``): keep the cases in which an event of A is
        followed by one of B, later (``follows``) or as the very next event
        (``directly_follows``), in the store's order.
    variants
        Variant ranks to keep (1 = the most frequent activity sequence of whole
        cases; equal counts ranked by the sequence's text).
    duration_min, duration_max
        Bounds (both included) of the case duration, first to last event.
    """

    period: tuple[date | None, date | None] | None = None
    period_mode: str = DEFAULT_PERIOD_MODE
    where: Mapping[str, Sequence[str]] = field(default_factory=dict)
    contains: tuple[str, ...] = ()
    not_contains: tuple[str, ...] = ()
    starts_with: tuple[str, ...] = ()
    ends_with: tuple[str, ...] = ()
    follows: tuple[tuple[str, str], ...] = ()
    directly_follows: tuple[tuple[str, str], ...] = ()
    variants: tuple[int, ...] = ()
    duration_min: timedelta | None = None
    duration_max: timedelta | None = None

    def __post_init__(self) -> None:
        schema.check_period(self.period, self.period_mode, function="a log filter")
        for name in ("follows", "directly_follows"):  # "A>B" texts as pairs
            pairs = tuple(
                schema.parse_activity_pair(p, meaning=f"A {_FOLLOW_WORDS[name]} B")
                if isinstance(p, str)
                else (str(p[0]), str(p[1]))
                for p in getattr(self, name)
            )
            object.__setattr__(self, name, pairs)
        for name in self.where:
            if not str(name).strip() or str(name).strip() == CASE_PREFIX:
                raise ConfigError(
                    "a filter attribute has a name, e.g. org=politie or "
                    "case:channel=web."
                )
        if any(int(rank) < 1 for rank in self.variants):
            raise ConfigError("a variant rank is 1 (the most frequent) or more.")
        low, high = self.duration_min, self.duration_max
        if low is not None and high is not None and high < low:
            raise ConfigError(
                "the maximum duration is below the minimum; give --duration-min "
                "first, then a larger --duration-max."
            )

    def is_empty(self) -> bool:
        """Whether the filter keeps every case (no criterion given)."""
        return not (
            self.period
            or self.where
            or self.contains
            or self.not_contains
            or self.starts_with
            or self.ends_with
            or self.follows
            or self.directly_follows
            or self.variants
            or self.duration_min is not None
            or self.duration_max is not None
        )

    def describe(self) -> str:
        """The filter in one line, for a stderr note, a colophon or ``attrs``."""
        parts: list[str] = []
        if self.period:
            first, last = (d.isoformat() if d else "…" for d in self.period)
            parts.append(f"period {first} to {last} ({self.period_mode})")
        for name, values in self.where.items():
            parts.append(f"{name} = {' or '.join(values)}")
        if self.contains:
            parts.append(f"contains {' or '.join(self.contains)}")
        if self.not_contains:
            parts.append(f"contains none of {', '.join(self.not_contains)}")
        if self.starts_with:
            parts.append(f"starts with {' or '.join(self.starts_with)}")
        if self.ends_with:
            parts.append(f"ends with {' or '.join(self.ends_with)}")
        for name in ("follows", "directly_follows"):
            pairs = getattr(self, name)
            if pairs:
                words = " or ".join(f"{a} {_FOLLOW_WORDS[name]} {b}" for a, b in pairs)
                parts.append(words)
        if self.variants:
            parts.append(f"variant {', '.join(str(v) for v in self.variants)}")
        if self.duration_min is not None:
            parts.append(f"duration at least {_words(self.duration_min)}")
        if self.duration_max is not None:
            parts.append(f"duration at most {_words(self.duration_max)}")
        return "; ".join(parts) or "no filter"


#: How a pair of the follower filter reads in ``describe`` and in messages.
_FOLLOW_WORDS: Final[dict[str, str]] = {
    "follows": "later followed by",
    "directly_follows": "directly followed by",
}


def _words(span: timedelta) -> str:
    seconds = span.total_seconds()
    for unit, size in (("w", 604_800), ("d", 86_400), ("h", 3_600), ("m", 60)):
        if seconds >= size and seconds % size == 0:
            return f"{int(seconds // size)}{unit}"
    return f"{seconds:g}s"
