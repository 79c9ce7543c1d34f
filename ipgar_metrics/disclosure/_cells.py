"""Read the cells files of extern reports (``ptor-YYYY-MM-extern.cells.json``).

The format is written by ``report._cells`` and described in ``docs/report.md``
("Published cells"). ``read_cells_folder`` returns every file of a folder, checked
and in month order; what it checks is only what the audit needs.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any, Final

from ipgar_metrics.errors import ConfigError

#: The glob of a cells file inside a folder.
PATTERN: Final[str] = "*.cells.json"
_CELL_KEYS: Final[tuple[str, ...]] = (
    "id",
    "table",
    "row",
    "column",
    "kind",
    "value",
    "shown",
)
KINDS: Final[tuple[str, ...]] = ("count", "share", "statistic")


def read_cells_folder(folder: str | os.PathLike[str]) -> list[dict[str, Any]]:
    """Every cells file in ``folder``, checked, ordered by month (then file name)."""
    path = Path(folder)
    if not path.is_dir():
        raise ConfigError(
            f"{path} is not a folder; give the folder that holds the reports' "
            "*.cells.json files."
        )
    files = sorted(path.glob(PATTERN))
    if not files:
        raise ConfigError(
            f"no *.cells.json file in {path}; build the extern reports first with "
            "`ipgar report --audience extern --out` that folder."
        )
    reports = [read_cells(f) for f in files]
    return sorted(reports, key=lambda r: (r["month"], r["file"]))


def read_cells(path: Path) -> dict[str, Any]:
    """One cells file, checked; the file name is added as ``file``."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ConfigError(
            f"{path.name} cannot be read as JSON ({type(exc).__name__}); "
            "write it again with `ipgar report --audience extern`."
        ) from None
    if not isinstance(data, dict):
        raise _bad(path, "it is not a JSON object")
    for key in ("month", "threshold", "cells"):
        if key not in data:
            raise _bad(path, f'"{key}" is missing')
    threshold = data["threshold"]
    if not isinstance(threshold, int) or threshold < 1:
        raise _bad(path, '"threshold" is not a whole number of 1 or more')
    ids: set[str] = set()
    for cell in data["cells"]:
        missing = [k for k in _CELL_KEYS if k not in cell]
        if missing:
            raise _bad(path, f'a cell has no "{missing[0]}"')
        if cell["kind"] not in KINDS:
            raise _bad(
                path, f'a cell has kind "{cell["kind"]}" (count, share, statistic)'
            )
        ids.add(cell["id"])
    for rel in data.get("relations", []):
        named = [rel.get("total"), *rel.get("parts", []), *rel.get("minus", [])]
        if "share" in rel:
            named = [rel["share"], rel.get("numerator"), *_denominator(rel)]
        unknown = [c for c in named if c not in ids]
        if unknown:
            raise _bad(path, "a relation names a cell that is not in the file")
    return {**data, "file": path.name}


def _denominator(rel: dict[str, Any]) -> list[Any]:
    """A share's denominator: one cell, or the sum of ``denominator_parts``."""
    if "denominator_parts" in rel:
        return list(rel["denominator_parts"])
    return [rel.get("denominator")]


def _bad(path: Path, why: str) -> ConfigError:
    return ConfigError(
        f"{path.name} is not a cells file of an extern report: {why}; write it "
        "again with `ipgar report --audience extern`."
    )
