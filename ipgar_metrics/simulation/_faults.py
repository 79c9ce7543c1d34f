"""The five documented faults planted in the simulated export."""

from __future__ import annotations

import random
from datetime import date
from typing import Any

from ipgar_metrics.simulation._case import Case
from ipgar_metrics.simulation._time import DAY, export_time, iso

FAULT_KINDS = (
    "duplicate_row",
    "missing_timestamp",
    "activity_typo",
    "future_date",
    "out_of_order",
)


def fault_plan(
    seed: int, cases: int, blocks: list[tuple[int, int]]
) -> list[list[tuple[int, str]]]:
    """Per block of cases, the faults to plant: (first case index to try, kind).

    Faults go into five cases spread over the log: each into the first case at or
    after a random position that has the events the fault needs (within its block).
    """
    fault_rng = random.Random(seed * 7919 + 17)
    targets = sorted(
        fault_rng.sample(range(cases // 10, cases * 8 // 10), len(FAULT_KINDS))
    )
    plan: list[list[tuple[int, str]]] = []
    for k, (lo, hi) in enumerate(blocks):
        mine = [
            (max(t, lo), kind)
            for t, kind in zip(targets, FAULT_KINDS, strict=True)
            if lo <= t < hi or (k + 1 < len(blocks) and hi - 100 <= t < hi)
        ]
        mine = [(t, kind) for t, kind in mine if t < hi - 100 or k + 1 == len(blocks)]
        if k > 0:  # targets pushed out of the previous block's last 100 cases
            prev_hi = blocks[k - 1][1]
            mine += [
                (lo, kind)
                for t, kind in zip(targets, FAULT_KINDS, strict=True)
                if prev_hi - 100 <= t < prev_hi
            ]
        plan.append(sorted(mine))
    return plan


def fits(kind: str, case: Case) -> bool:
    acts = [e.activity for e in case.events]
    if kind == "out_of_order":
        return "instroom" in acts and "notificatie" in acts
    return acts.count("contact") >= 3


def plant_fault(
    kind: str, case: Case, export: list[list[str]], rng: random.Random, as_of: date
) -> dict[str, Any]:
    """Change the export rows of one case to carry one documented fault."""
    contacts = [i for i, ev in enumerate(case.events) if ev.activity == "contact"]
    pick = contacts[rng.randrange(len(contacts))] if contacts else 0
    offset = pick  # the export row with the fault (within the case)
    extra: dict[str, Any] = {}
    if kind == "duplicate_row":
        export.insert(pick + 1, list(export[pick]))
        offset = pick + 1
        description = "the same row exported twice (an exact duplicate)"
    elif kind == "missing_timestamp":
        export[pick][2] = ""
        description = "the date cell is empty"
    elif kind == "activity_typo":
        export[pick][1] = (
            "Contcat"
            if case.events[pick].activity == "contact"
            else export[pick][1] + "x"
        )
        description = f"activity label misspelt as {export[pick][1]!r}"
    elif kind == "future_date":
        day, rest = export[pick][2][:6], export[pick][2][6:]
        year = rest[:4]
        typo = year[:2] + year[3] + year[2]
        if int(typo) <= as_of.year:
            typo = str(as_of.year + 30)
        export[pick][2] = day + typo + rest[4:]
        description = f"year typed as {typo} instead of {year}"
    elif kind == "out_of_order":
        inst = next(i for i, e in enumerate(case.events) if e.activity == "instroom")
        pick = offset = next(
            i for i, e in enumerate(case.events) if e.activity == "notificatie"
        )
        wrong = case.events[inst].minute - 2 * DAY
        export[pick][2] = export_time(wrong)
        description = (
            "dated two days before the event it must follow "
            f"({case.events[inst].activity})"
        )
        extra["registered_at"] = iso(wrong)
    else:
        raise ValueError(f"unknown fault kind {kind!r}; choose one of: {FAULT_KINDS}")
    return {
        "kind": kind,
        "case_id": case.case_id,
        "offset": offset,
        "activity": case.events[pick].activity,
        "event_id": export[offset][7],
        "description": description,
        **extra,
    }
