"""Do ours and pm4py's side give the same answer? The check behind ``agree`` in RESULTS.md.

Each task's worker returns its answer in a plain form (``worker.py``); ``agree``
compares the two values, not their shapes:

- ``load``, ``load_dirty``: the number of events each side kept (exactly);
- ``case_durations``: every case's duration in seconds, sorted (independent of the
  key: no pseudonym is compared);
- ``leadtime``: case pseudonym -> seconds from the first A to the first B. The
  pseudonyms depend on the key, so both sides use the harness's key
  (``worker.KEY``); the case sets must be equal and each time within the tolerance;
- ``dfg``: (source, target) -> (number of transitions, mean seconds): the edge sets
  and counts exactly, the means within the tolerance;
- ``variants``: the number of episodes of each variant, sorted (exactly).

Times agree within ``TIME_TOLERANCE_S`` (one second): the export has minutes, so
two right answers differ only by float rounding; a real difference is at least a
minute. A message never shows a pseudonym or a case's value, only counts.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

#: Two times (seconds) agree when they differ by less than this.
TIME_TOLERANCE_S = 1.0

#: The tasks both sides run, in the order of the table.
PAIRED_TASKS = ("load", "load_dirty", "case_durations", "leadtime", "dfg", "variants")


@dataclass(frozen=True)
class Agreement:
    """``ok``: True (same answer), False (different), None (a side has no answer)."""

    ok: bool | None
    detail: str = ""

    @property
    def text(self) -> str:
        """``yes``, ``no (<what differs>)`` or ``n/a`` for the table."""
        if self.ok is None:
            return "n/a"
        return "yes" if self.ok else f"no ({self.detail})"


def _close(a: float, b: float) -> bool:
    return math.isfinite(a) and math.isfinite(b) and abs(a - b) < TIME_TOLERANCE_S


def _same_times(ours: Sequence[float], theirs: Sequence[float]) -> Agreement:
    if len(ours) != len(theirs):
        return Agreement(False, f"{len(ours)} vs {len(theirs)} values")
    off = sum(
        1 for a, b in zip(sorted(ours), sorted(theirs), strict=True) if not _close(a, b)
    )
    return Agreement(off == 0, f"{off} of {len(ours)} times differ")


def _same_keyed_times(
    ours: Mapping[object, float], theirs: Mapping[object, float], what: str
) -> Agreement:
    if ours.keys() != theirs.keys():
        only = len(ours.keys() - theirs.keys()), len(theirs.keys() - ours.keys())
        return Agreement(
            False,
            f"{len(ours)} vs {len(theirs)} {what}; {only[0]} and {only[1]} unmatched",
        )
    off = sum(1 for k in ours if not _close(ours[k], theirs[k]))
    return Agreement(off == 0, f"{off} of {len(ours)} {what} differ in time")


def _same_dfg(
    ours: Mapping[object, tuple[int, float]], theirs: Mapping[object, tuple[int, float]]
) -> Agreement:
    if ours.keys() != theirs.keys():
        return Agreement(False, f"{len(ours)} vs {len(theirs)} edges")
    counts = sum(1 for k in ours if ours[k][0] != theirs[k][0])
    means = sum(1 for k in ours if not _close(ours[k][1], theirs[k][1]))
    return Agreement(
        counts == 0 and means == 0,
        f"{counts} of {len(ours)} edges differ in count, {means} in mean time",
    )


def agree(task: str, ours: Any, theirs: Any) -> Agreement:
    """Compare the answers of ``task``; ``None`` for a side that gave none."""
    if ours is None or theirs is None:
        return Agreement(None)
    if task in ("load", "load_dirty"):
        a, b = ours["rows_loaded"], theirs["rows_loaded"]
        return Agreement(a == b, f"{a} vs {b} events")
    if task == "case_durations":
        return _same_times(list(ours.values()), theirs)
    if task == "leadtime":
        return _same_keyed_times(ours, theirs, "cases")
    if task == "dfg":
        return _same_dfg(ours, theirs)
    if task == "variants":
        a, b = sorted(ours), sorted(theirs)
        return Agreement(a == b, f"{len(a)} vs {len(b)} variants or other counts")
    raise ValueError(f"no comparison for the task {task!r}")
