"""The published cells of an extern report, for the disclosure audit and a Woo request.

``published_cells(ctx, sections, snapshot)`` walks the tables the report built (not
its HTML) and returns the cells file ``ptor-YYYY-MM-extern.cells.json``: every
number cell with its kind (``count``, ``share``, ``statistic``), the number as
published (``None`` where suppressed) and its text, and the sums a reader knows
between them (``relations``). ``write_cells`` writes it owner-only. The format is
in ``docs/report.md`` ("Published cells"); ``ipgar audit-disclosure`` reads it.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

from ipgar_metrics.report._model import (
    Cell,
    Context,
    Relation,
    Section,
    ShareOf,
    Table,
)

#: The method of protection the cells went through (``docs/report.md``).
METHOD = "suppression"


def published_cells(
    ctx: Context, sections: list[Section], snapshot: str | None
) -> dict[str, Any]:
    """The cells file of the report: its month, threshold, cells and relations."""
    cells: list[dict[str, Any]] = []
    relations: list[dict[str, Any]] = []
    for sec in sections:
        tables = [b for b in sec.blocks if isinstance(b, Table)]
        for number, table in enumerate(tables, start=1):
            ids = _table_cells(f"{sec.key}.{number}", table, cells)
            relations.extend(
                _relation(rel, ids)
                for rel in table.relations
                if all(p in ids for p in _places(rel))
            )
    return {
        "month": ctx.month,
        "snapshot": snapshot,
        "threshold": ctx.k,
        "method": METHOD,
        "cells": cells,
        "relations": relations,
    }


def _places(rel: Relation | ShareOf) -> list[tuple[int, int]]:
    if isinstance(rel, ShareOf):
        return [rel.share, rel.numerator, *rel.denominator]
    return [rel.total, *rel.parts, *rel.minus]


def _relation(
    rel: Relation | ShareOf, ids: dict[tuple[int, int], str]
) -> dict[str, Any]:
    """A relation by cell ids, as the cells file writes it."""
    if isinstance(rel, ShareOf):
        return {
            "share": ids[rel.share],
            "numerator": ids[rel.numerator],
            "denominator_parts": [ids[d] for d in rel.denominator],
        }
    return {
        "total": ids[rel.total],
        "parts": [ids[p] for p in rel.parts],
        "minus": [ids[m] for m in rel.minus],
    }


def _table_cells(
    key: str, table: Table, out: list[dict[str, Any]]
) -> dict[tuple[int, int], str]:
    """Append the number cells of ``table``; their ids by (row, column) position."""
    ids: dict[tuple[int, int], str] = {}
    seen: set[str] = set()
    for i, row in enumerate(table.rows):
        label = row[0].text if row else ""
        for j, cell in enumerate(row):
            kind = _kind(cell)
            if kind is None or j >= len(table.columns):
                continue
            column = table.columns[j]
            cell_id = f"{key}/{label}/{column}"
            if cell_id in seen:  # two rows with one label: number them
                cell_id = f"{cell_id}#{i}"
            seen.add(cell_id)
            ids[(i, j)] = cell_id
            entry = {
                "id": cell_id,
                "table": key,
                "row": label,
                "column": column,
                "kind": kind,
                "value": cell.value,
                "shown": cell.text,
            }
            if cell.ref:
                entry["ref"] = cell.ref
            out.append(entry)
    return ids


def _kind(cell: Cell) -> str | None:
    """``count``, ``share`` or ``statistic``; ``None`` for labels and other text."""
    if cell.kind == "n":
        return "count"
    if cell.kind == "stat":
        return "share" if cell.share else "statistic"
    return None


def write_cells(path: Path, cells: dict[str, Any]) -> Path:
    """Write the cells file owner-only (0600), replacing an earlier one."""
    text = json.dumps(cells, ensure_ascii=False, indent=1, default=_number)
    if path.exists():
        path.unlink()  # a new file gets the mode below, whatever the old one had
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        handle.write(text + "\n")
    os.chmod(path, 0o600)  # the umask cannot widen it, but make it explicit
    return path


def _number(value: Any) -> Any:
    """Numpy numbers as plain JSON numbers."""
    if hasattr(value, "item"):
        return value.item()
    raise TypeError(f"not a JSON value: {type(value).__name__}")
