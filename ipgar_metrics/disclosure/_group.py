"""Group attribute disclosure: a line of a count table whose members share one category.

A count of 10 or more protects against identifying a person, not against learning
something about every person of a group. When all members of a row (or a column)
sit in one cell (every person of one ideology in one status, every case of one
organisation with the same outcome), the table tells that attribute of each of them,
however large the count. The ESSnet handbook on statistical disclosure control
(Hundepool et al., chapter *Frequency tables*, "group attribute disclosure") names
this risk and protects it like a small count: the cell that holds the whole line is
suppressed, so the reader no longer sees 100 % in it and 0 % in the rest of the line.

``group_mask`` finds those cells in a count table extended with its totals (the
report's ``suppression_mask`` suppresses them as primary cells, secondary
suppression then protects them like any other); ``group_lines`` finds them in what
an extern report published (``ipgar audit-disclosure``). See ``docs/disclosure.md``.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from typing import Final

import numpy as np

#: Numbers closer than this are equal (the audit's linear programs are in floats).
_TOL: Final[float] = 1e-6


def group_mask(values: np.ndarray, *, last_row: int, last_col: int) -> np.ndarray:
    """The cells that hold every member of their line, in an extended count table.

    Parameters
    ----------
    values
        The table with its totals (``disclosure.suppression_mask``'s extended table).
    last_row, last_col
        Where the interior ends: rows ``0..last_row - 1`` and columns
        ``0..last_col - 1`` are categories; a row ``last_row`` or a column
        ``last_col`` beyond them holds the totals.

    Returns
    -------
    numpy.ndarray of bool, the shape of ``values``. A line is every row (the total
    row too) over the interior columns and every column (the total column too) over
    the interior rows; a line of two or more cells of which exactly one is above
    zero marks that cell. A line of one cell (a one-way table's row) tells nothing
    and an empty line has no members.
    """
    mask = np.zeros(values.shape, dtype=bool)
    for i in range(values.shape[0]):
        _mark_line(values[i, :last_col], mask[i, :last_col])
    for j in range(values.shape[1]):
        _mark_line(values[:last_row, j], mask[:last_row, j])
    return mask


def _mark_line(line: np.ndarray, marks: np.ndarray) -> None:
    """Mark (in place, a view of the mask) the single filled cell of a line."""
    if len(line) < 2:
        return
    filled = np.flatnonzero(line > 0)
    if len(filled) == 1:
        marks[int(filled[0])] = True


def group_lines(
    relations: Sequence[tuple[str, Sequence[str]]],
    bounds: Callable[[str], tuple[float, float]],
) -> list[tuple[str, str, float]]:
    """The lines of published tables whose members all sit in one known cell.

    Parameters
    ----------
    relations
        Every ``(total, parts)`` a reader knows, ``total = sum(parts)`` (a row or a
        column of a table with its total).
    bounds
        What a reader knows of a cell: ``(value, value)`` when it is published, the
        interval an attacker derives when it is hidden.

    Returns
    -------
    ``(part, total, members)`` for every line of two or more parts with members
    (its total known and above zero) in which every part but one is known to be
    zero: ``part`` holds all ``members`` of the line.
    """
    out = []
    for total, parts in relations:
        if len(parts) < 2:
            continue
        low, high = bounds(total)
        if high - low > _TOL or low <= _TOL:
            continue  # the total is not known, or the line is empty
        zero = [bounds(p)[1] <= _TOL for p in parts]
        if sum(zero) == len(parts) - 1:
            out.append((parts[zero.index(False)], total, low))
    return out


def all_or_none(share: float | None) -> bool:
    """True for a published share of 0 % or 100 %: none or all of the group."""
    return share is not None and not math.isnan(share) and share in (0.0, 100.0)
