"""The published cells of a protected report, for the disclosure audit and a Woo request.

``published_cells(ctx, sections, snapshot)`` walks the tables the report built (not
its HTML) and returns the cells file ``ptor-YYYY-MM-<audience>.cells.json``: every
number cell with its kind (``count``, ``share``, ``statistic``), the number as
published (``None`` where suppressed) and its text, and the sums a reader knows
between them (``relations``). ``write_cells`` writes it owner-only. The format is
in ``docs/report.md`` ("Published cells"); ``ipgar audit-disclosure`` reads it.

``protect(ctx, sections, history)`` applies the protection over time
(``ctx.method``, ADR 0007) to the built tables before they are rendered:
``coordinated`` hides what an attacker holding ``history`` (the cells files of
the audience's earlier reports, ``read_history``) and this report could derive;
``cellkey`` perturbs every count of at least k; ``suppression`` leaves the tables
as the sections suppressed them.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

from ipgar_metrics import disclosure, privacy
from ipgar_metrics.report._model import (
    AUDIENCE_ALIASES,
    Cell,
    Chart,
    Context,
    Relation,
    Section,
    ShareOf,
    Table,
)

#: The method of plain suppression within each table (``docs/report.md``).
METHOD = "suppression"


def published_cells(
    ctx: Context, sections: list[Section], snapshot: str | None
) -> dict[str, Any]:
    """The cells file of the report: its month, threshold, cells and relations."""
    cells: list[dict[str, Any]] = []
    relations: list[dict[str, Any]] = []
    for key, table in _tables(sections):
        ids = _table_cells(key, table, cells)
        relations.extend(
            _relation(rel, ids)
            for rel in table.relations
            if all(p in ids for p in _places(rel))
        )
    out = {
        "month": ctx.month,
        "snapshot": snapshot,
        "audience": ctx.audience,
        "threshold": ctx.k,
        "method": ctx.method,
        "cells": cells,
        "relations": relations,
    }
    if ctx.method == "cellkey":
        out["max_noise"] = disclosure.MAX_NOISE
    return out


def _tables(sections: list[Section]) -> list[tuple[str, Table]]:
    """Every table of the report with its key (``section.n``)."""
    return [
        (f"{sec.key}.{number}", table)
        for sec in sections
        for number, table in enumerate(
            [b for b in sec.blocks if isinstance(b, Table)], start=1
        )
    ]


def _cell_objects(sections: list[Section]) -> dict[str, Cell]:
    """The table cells of the report by their id in the cells file."""
    out: dict[str, Cell] = {}
    for key, table in _tables(sections):
        scratch: list[dict[str, Any]] = []
        ids = _table_cells(key, table, scratch)
        out.update({cell_id: table.rows[i][j] for (i, j), cell_id in ids.items()})
    return out


def protect(
    ctx: Context, sections: list[Section], history: list[dict[str, Any]]
) -> None:
    """Apply ``ctx.method`` to the tables of a protected report (in place)."""
    if not ctx.protected_audience or ctx.method == METHOD:
        return
    objects = _cell_objects(sections)
    if ctx.method == "cellkey":
        _perturb(ctx, objects, sections)
        return
    current = published_cells(ctx, sections, None)
    hidden = [objects[c] for c in disclosure.coordinate(current, history)]
    for cell in hidden:
        _hide(cell, sections)
    for sec in sections:
        _scrub_charts(sec, [c for c in hidden if _holds(sec, c)], ctx.k)


def _holds(section: Section, cell: Cell) -> bool:
    return any(
        cell is c
        for b in section.blocks
        if isinstance(b, Table)
        for r in b.rows
        for c in r
    )


def _scrub_charts(section: Section, hidden: list[Cell], k: int) -> None:
    """Blank, in the section's charts, every count equal to a count hidden here.

    The charts are drawn from the numbers the sections suppressed; a cell the
    coordination hides afterwards must not be read off a chart (the stock chart
    shows the stock of every month). Blunt on purpose: any count point with the
    same number goes, whichever cell it stands for. Only the value axis is blanked
    (never the categories or dates), and each blanked point gets a protected mark
    labelled "x", as the table shows it, so no place reads as empty or zero.
    """
    numbers = {round(float(c.n)) for c in hidden if c.n is not None and c.n == c.n}
    if not numbers:
        return
    for block in section.blocks:
        if not isinstance(block, Chart):
            continue
        figure = json.loads(block.figure_json.replace("<\\/", "</"))
        data = figure.get("data", [])
        marks = []
        for i, trace in enumerate(data):
            if (trace.get("meta") or {}).get("kind") != "count":
                continue
            if trace.get("type") == "heatmap":
                _blank_heatmap(trace, numbers)
                continue
            at, value = ("y", "x") if trace.get("orientation") == "h" else ("x", "y")
            places = trace.get(at)
            values = trace.get(value)
            if not isinstance(values, list) or not isinstance(places, list):
                continue
            gone = [
                place
                for place, v in zip(places, values, strict=False)
                if _hit(v, numbers)
            ]
            if not gone:
                continue
            trace[value] = [None if _hit(v, numbers) else v for v in values]
            marks.append(_mark(i, trace, at, value, gone, k))
        figure["data"] = data + marks
        block.figure_json = json.dumps(figure).replace("</", "<\\/")


def _hit(value: Any, numbers: set[int]) -> bool:
    return (
        isinstance(value, int | float)
        and not isinstance(value, bool)
        and value in numbers
    )


def _blank_heatmap(trace: dict[str, Any], numbers: set[int]) -> None:
    """Blank the hidden numbers of a heat map and label those cells "x"."""
    z = trace.get("z")
    if not isinstance(z, list):
        return
    texts = trace.get("text") or [[None] * len(row) for row in z]
    for r, row in enumerate(z):
        for c, v in enumerate(row):
            if _hit(v, numbers):
                row[c] = None
                texts[r][c] = "x"
    trace["text"] = texts


def _mark(
    index: int, trace: dict[str, Any], at: str, value: str, places: list[Any], k: int
) -> dict[str, Any]:
    """A protected mark for the blanked points of trace ``index`` (an open square)."""
    return {
        "type": "scatter",
        "mode": "markers+text",
        at: places,
        value: [k / 2] * len(places),
        "text": ["x"] * len(places),
        "textposition": "top center",
        "marker": {"symbol": "square-open", "size": 9, "color": "#444"},
        "hoverinfo": "text",
        "showlegend": False,
        "xaxis": trace.get("xaxis", "x"),
        "yaxis": trace.get("yaxis", "y"),
        "meta": {"kind": "protected", "trace": index},
    }


def _perturb(ctx: Context, objects: dict[str, Cell], sections: list[Section]) -> None:
    """The cell-key method: every count of at least k published as n + p."""
    secret = privacy.load_key()
    for cell_id, cell in objects.items():
        if cell.kind != "n" or cell.n is None or cell.text == disclosure.NOT_SHOWN:
            continue
        n = round(float(cell.n))
        value = disclosure.perturb(
            n,
            disclosure.cell_key(secret, cell.ref or f"{ctx.month}|{cell_id}", n),
            ctx.k,
        )
        if value is None:
            cell.text, cell.value = disclosure.small(ctx.k), None
        else:
            cell.text, cell.value = f"{value}", value
    for row in _rows_with(list(objects.values()), sections):
        _blank_changes(row)  # the change column compares true counts


def _hide(cell: Cell, sections: list[Section]) -> None:
    """Hide one published cell (``x`` for a count, ``–`` for a share)."""
    cell.text = disclosure.SECONDARY if cell.kind == "n" else disclosure.NOT_SHOWN
    cell.value = None
    for row in _rows_with([cell], sections):
        _blank_changes(row)  # a change beside a hidden count would give it back


def _rows_with(cells: list[Cell], sections: list[Section]) -> list[list[Cell]]:
    """The table rows of the report that hold one of ``cells``."""
    wanted = {id(c) for c in cells}
    return [
        row
        for _, table in _tables(sections)
        for row in table.rows
        if wanted.intersection(map(id, row))
    ]


def _blank_changes(row: list[Cell]) -> None:
    for cell in row:
        if cell.kind == "delta":
            cell.text = disclosure.NOT_SHOWN


def read_history(folder: Path, ctx: Context) -> list[dict[str, Any]]:
    """The cells files of ``ctx``'s audience in ``folder`` (and below) of earlier months.

    A file without ``audience`` is an ``extern`` report (now ``bestuur``). Files of
    both languages are read: an attacker holds them all.
    """
    if not folder.is_dir():
        return []
    out = []
    for path in sorted(folder.rglob("*.cells.json")):
        data = disclosure.read_cells(path)
        audience = str(data.get("audience", "bestuur"))
        audience = AUDIENCE_ALIASES.get(audience, audience)
        if audience == ctx.audience and str(data["month"]) < ctx.month:
            out.append(data)
    return sorted(out, key=lambda r: (r["month"], r["file"]))


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
