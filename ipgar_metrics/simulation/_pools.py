"""The case managers' pools of a simulation (issue 23 item 3c): who is a specialist.

``case_managers.csv`` puts ``specialists`` case managers in the pool
``specialistisch`` and the others in ``regulier``. The simulation does not route
cases to pools (the events are those of a simulation without them); the specialists
are chosen afterwards, as the case managers with the most cases in the approach at
the export date (then the most cases ever, then the id). A case manager with a case
in the approach at the export date has an episode in the practice profile's window,
so the demo's ``ipgar practice --by pool`` shows both pools; ranked by cases ever,
the specialists were those of the first years, gone from the window.

``truth.json`` records the choice (``case_manager_pools``): the specialists and the
cases in the approach at the export date per pool, as the profile's ``cases``
column counts them (the case manager of the open episode: its last assignment).
"""

from __future__ import annotations

import csv
from collections import Counter
from pathlib import Path
from typing import Any

from ipgar_metrics.simulation._case import Case


def current_manager(case: Case) -> str | None:
    """The case manager of a case in the approach at the export date (None: not in it).

    In the approach: an episode with an instroom and no uitstroom before the export
    date; its case manager is the case's last assignment (``regisseur_toegewezen``).
    """
    if not any(
        ep["instroom_at"] is not None and ep["exit_at"] is None for ep in case.episodes
    ):
        return None
    assigned = [
        e.case_manager for e in case.events if e.activity == "regisseur_toegewezen"
    ]
    return assigned[-1] if assigned else None


def choose_pools(
    managed: Counter[str], current: Counter[str], spec: dict[str, Any]
) -> dict[str, Any]:
    """The pools' truth: the specialists and the cases in the approach per pool.

    ``managed``: the cases ever assigned to each case manager; ``current``: the
    cases in the approach at the export date per case manager (``current_manager``).
    """
    ranked = sorted(managed, key=lambda m: (-current[m], -managed[m], m))
    special = sorted(ranked[: spec["specialists"]])
    in_special = sum(current[m] for m in special)
    return {
        "specialistisch": special,
        "trained_on": spec["trained_on"],
        "rule": "most cases in the approach at the export date, then most cases "
        "ever, then the id",
        "cases_in_approach": {
            "specialistisch": in_special,
            "regulier": sum(current.values()) - in_special,
        },
    }


def write_pools(path: Path, managed: Counter[str], pools: dict[str, Any]) -> None:
    """Write ``case_managers.csv`` (``docs/store.md`` has the contract).

    Every case manager of the events: the specialists (``choose_pools``) in the
    pool ``specialistisch`` with their training date, the others ``regulier``.
    """
    special = set(pools["specialistisch"])
    with path.open("w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh, lineterminator="\n")
        w.writerow(["case_manager", "pool", "trained_on"])
        for m in sorted(managed):
            if m in special:
                w.writerow([m, "specialistisch", pools["trained_on"]])
            else:
                w.writerow([m, "regulier", ""])
