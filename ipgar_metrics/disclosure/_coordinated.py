"""Suppression coordinated over time: hide what an attacker of all reports could derive.

``coordinate(current, history)`` takes the cells file of the report being built
(after primary and secondary suppression within its tables) and the cells files
already published to the same audience (earlier months), and returns the ids of the
current cells to hide as well (shown ``"x"``), so that the attacker's audit
(``_audit``) over history and current report finds no leak:

1. a figure hidden in an earlier report (the same ``ref``) stays hidden;
2. then, repeatedly, the audit's linear programs are solved for the groups of
   unknown cells the current report touches; for each group with a leak, one more
   current cell is hidden: the share whose relation narrows the cell, else the
   smallest published count in a sum with it (the nearest sum first). A cell that an
   earlier report published cannot be hidden any more and is never chosen.

It stops when no group leaks, or when no current cell is left that would help (the
audit then reports the leak).
"""

from __future__ import annotations

from typing import Any, Final

from ipgar_metrics.disclosure._audit import _Model, build_model, leaking

#: What a cell hidden to protect another shows (``disclosure.SECONDARY``).
HIDDEN: Final[str] = "x"
_MAX_ROUNDS: Final[int] = 400


def coordinate(current: dict[str, Any], history: list[dict[str, Any]]) -> set[str]:
    """The ids of ``current`` cells to hide so the audit over both passes."""
    month = current["month"]
    key_of = {c["id"]: c.get("ref") or f"{month}|{c['id']}" for c in current["cells"]}
    published_before = _published(history)
    hidden_before = _hidden(history)
    hide = {
        c["id"]
        for c in current["cells"]
        if c["value"] is not None and key_of[c["id"]] in hidden_before
    }
    hideable = {
        key_of[c["id"]]: c
        for c in current["cells"]
        if c["value"] is not None
        and c["kind"] in ("count", "share")
        and key_of[c["id"]] not in published_before
    }
    mine = set(key_of.values())
    cache: dict[frozenset[str], list[tuple[str, float, float]]] = {}
    before = build_model(history)
    for _ in range(_MAX_ROUNDS):
        model = build_model([with_hidden(current, hide)], before)
        leaks = leaking(model, _touched(model, mine), first=True, cache=cache)
        chosen = {
            c for key, _, _ in leaks if (c := _choose(key, model, hideable, hide))
        }
        if not chosen:
            break
        hide |= chosen
    return hide


def with_hidden(report: dict[str, Any], hide: set[str]) -> dict[str, Any]:
    """A copy of the cells file with the cells ``hide`` suppressed."""
    cells = [
        {**c, "value": None, "shown": HIDDEN if c["kind"] == "count" else "–"}
        if c["id"] in hide
        else c
        for c in report["cells"]
    ]
    return {**report, "cells": cells}


def _published(reports: list[dict[str, Any]]) -> set[str]:
    return {
        c.get("ref") or f"{r['month']}|{c['id']}"
        for r in reports
        for c in r["cells"]
        if c["value"] is not None
    }


def _hidden(reports: list[dict[str, Any]]) -> set[str]:
    return {
        c["ref"]
        for r in reports
        for c in r["cells"]
        if c["value"] is None and c.get("ref") and c["kind"] == "count"
    }


def _touched(model: _Model, mine: set[str]) -> set[str]:
    """The current report's keys and every key in a relation with one of them."""
    out = set(mine)
    for total, parts, minus in model.relations:
        members = [total, *parts, *minus]
        if mine.intersection(members):
            out.update(members)
    for share, num, dens in model.shares:
        members = [share, num, *dens]
        if mine.intersection(members):
            out.update(members)
    return out


def _choose(
    key: str, model: _Model, hideable: dict[str, dict[str, Any]], hide: set[str]
) -> str | None:
    """The id of the current cell to hide next for the leaking cell ``key``."""
    reached, frontier = {key}, {key}
    while frontier:
        shares = [
            s for s, num, dens in model.shares if frontier.intersection([num, *dens])
        ]
        sums = [
            m
            for total, parts, minus in model.relations
            if frontier.intersection([total, *parts, *minus])
            for m in (total, *parts, *minus)
        ]
        for pool in (shares, sums):
            free = [
                hideable[m]
                for m in pool
                if m in hideable and hideable[m]["id"] not in hide
            ]
            if free:
                best = min(free, key=lambda c: (float(c["value"]), c["id"]))
                return str(best["id"])
        unknown = {
            m for m in sums if model.quantities[m].value is None and m not in reached
        }
        reached |= unknown
        frontier = unknown
    return None
