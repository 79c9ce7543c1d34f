"""Ground truth per calendar year: inflow, stock, contacts and interventions.

``truth.json`` → ``years`` has one row per calendar year of the simulated span (the
last one partial): the numbers a stationarity check and a planted effect are read
against, counted from the simulated events themselves (after the cut at the export
date). A person is in the approach from the day of the intake up to the day before
the exit; paused while detained, travelled or static.
"""

from __future__ import annotations

from datetime import timedelta
from itertools import accumulate
from typing import Any

from ipgar_metrics.simulation._case import Case
from ipgar_metrics.simulation._time import DAY, EPOCH

_COUNTS = (
    "reports",
    "intakes",
    "exits",
    "contacts",
    "interventions",
    "own_org_interventions",
)
_PAUSE_STARTS = {"detentie_start", "uitgereisd_start", "statisch_start"}
_PAUSE_ENDS = {"detentie_eind", "uitgereisd_eind", "statisch_eind"}


class YearTally:
    """Counts per year and day-by-day stock of one block of cases (mergeable)."""

    def __init__(self, first_day: int, end_day: int) -> None:
        self.first_day, self.end_day = first_day, end_day
        n = end_day - first_day + 1
        self.stock = [0] * n  # difference arrays: +1 on the first day, -1 after
        self.paused = [0] * n
        self.counts: dict[tuple[int, str], int] = {}

    def add(self, case: Case) -> None:
        """Count one case's events (already cut at the export date)."""
        stay = pause = None
        for e in case.events:
            day = e.minute // DAY
            key = {
                "melding": "reports",
                "instroom": "intakes",
                "uitstroom": "exits",
                "contact": "contacts",
                "interventie_start": "interventions",
            }.get(e.activity)
            if key is not None:
                self._count(day, key)
            if e.activity == "interventie_start" and e.own:
                self._count(day, "own_org_interventions")
            if e.activity == "instroom":
                stay = day
            elif e.activity in _PAUSE_STARTS:
                pause = day
            elif e.activity in _PAUSE_ENDS and pause is not None:
                self._span(self.paused, pause, day)
                pause = None
            elif e.activity == "uitstroom" and stay is not None:
                self._span(self.stock, stay, day)
                if pause is not None:
                    self._span(self.paused, pause, day)
                stay = pause = None
        if stay is not None:
            self._span(self.stock, stay, self.end_day)
        if pause is not None:
            self._span(self.paused, pause, self.end_day)

    def merge(self, other: YearTally) -> None:
        """Add another block's tally to this one."""
        for i, v in enumerate(other.stock):
            self.stock[i] += v
        for i, v in enumerate(other.paused):
            self.paused[i] += v
        for k, v in other.counts.items():
            self.counts[k] = self.counts.get(k, 0) + v

    def rows(self) -> list[dict[str, Any]]:
        """One row per calendar year from the first simulated day to the export date."""
        stock = list(accumulate(self.stock))[:-1]  # the export day itself is not in
        paused = list(accumulate(self.paused))[:-1]
        by_year: dict[int, list[int]] = {}
        for i in range(len(stock)):
            by_year.setdefault(_year(self.first_day + i), []).append(i)
        out = []
        for year, idx in by_year.items():
            days = [stock[i] for i in idx]
            row: dict[str, Any] = {
                "year": year,
                "days": len(idx),
                "stock_mean": sum(days) / len(days),
                "stock_min": min(days),
                "stock_max": max(days),
                "person_days": sum(days),
                "paused_days": sum(paused[i] for i in idx),
            }
            row.update({k: self.counts.get((year, k), 0) for k in _COUNTS})
            out.append(row)
        return out

    def _count(self, day: int, key: str) -> None:
        k = (_year(day), key)
        self.counts[k] = self.counts.get(k, 0) + 1

    def _span(self, diff: list[int], first: int, stop: int) -> None:
        """Days ``first`` up to the day before ``stop`` (clipped to the span)."""
        a = max(first, self.first_day) - self.first_day
        b = min(stop, self.end_day) - self.first_day
        if b > a:
            diff[a] += 1
            diff[b] -= 1


def _year(day: int) -> int:
    return (EPOCH + timedelta(days=day)).year
