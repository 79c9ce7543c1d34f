"""Small-cell suppression for external outputs (tables, key figures, statistics).

Rules (``docs/report.md``, section *Onthulling*):

* **Primary suppression**: a count below ``k`` (``config.SUPPRESSION_K``, default 10),
  zero included, is shown as ``"<k"``.
* **Secondary suppression**: a table whose totals are shown (or can be known from
  elsewhere in the report) must not let a reader subtract the suppressed cell back
  out. Every row and every column that has a suppressed cell gets at least two,
  and hidden cells of a line never add up to zero (zeros would be recovered);
  the extra cell is the smallest unsuppressed one in that line and reads ``"x"``
  (it is not small itself). A line with only one interior cell suppresses its
  total instead. This repeats until nothing changes (a fixed point: rows and
  columns are checked again after each pass).
* **Statistics** (median, p90, shares, means) computed over fewer than ``k`` cases
  are not shown (``"–"``), because a median of three cases is about those persons.
* A share (a proportion of a count) is treated as the count it stands for: it is
  suppressed when the numerator or the denominator is below ``k``.
* **Group attribute disclosure** (``_group``): a cell that holds every member of its
  row or column (the rest of the line is zero) is suppressed like a small count,
  however large it is: it would tell the reader the category of everyone in the
  line. It reads ``"x"`` (k or more).

All functions return display strings; nothing here computes a metric. The
attacker's audit of published reports (``audit_folder``) lives in ``_audit`` and
loads its solver (HiGHS) only when it runs. The protections over time (ADR 0007),
one module each: ``_coordinated`` (``coordinate``: suppression coordinated with
every earlier report of the audience, the default) and ``_cellkey``
(``perturb``: a bounded perturbation per cell).
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from typing import TYPE_CHECKING, Final

import numpy as np
import pandas as pd

from ipgar_metrics import config
from ipgar_metrics.disclosure._cellkey import MAX_NOISE, cell_key, perturb
from ipgar_metrics.disclosure._cells import read_cells
from ipgar_metrics.disclosure._coordinated import coordinate
from ipgar_metrics.disclosure._group import group_mask

if TYPE_CHECKING:
    from ipgar_metrics.disclosure._audit import AuditResult

__all__ = [
    "MAX_NOISE",
    "NOT_SHOWN",
    "SECONDARY",
    "TOTAL",
    "audit_folder",
    "cell_key",
    "coordinate",
    "is_small",
    "perturb",
    "read_cells",
    "safe_series",
    "show_count",
    "show_share",
    "show_stat",
    "small",
    "suppress_column",
    "suppress_stats",
    "suppress_table",
    "suppression_mask",
]

#: What a suppressed statistic (too few cases) shows.
NOT_SHOWN: Final[str] = "–"
#: What a cell hidden by secondary suppression shows (it is not small itself).
SECONDARY: Final[str] = "x"
#: Name of the margin row and column added by ``suppress_table``.
TOTAL: Final[str] = "totaal"


def small(k: int = config.SUPPRESSION_K) -> str:
    """The display of a suppressed count, e.g. ``"<10"``."""
    return f"<{k}"


def is_small(n: float | None, k: int = config.SUPPRESSION_K) -> bool:
    """True when ``n`` is a count that must be suppressed (below ``k``, zero included)."""
    return n is None or bool(pd.isna(n)) or n < k


def show_count(n: float | None, k: int = config.SUPPRESSION_K) -> str:
    """A count as text: ``"<k"`` below ``k``, ``"–"`` when missing."""
    if n is None or pd.isna(n):
        return NOT_SHOWN
    return small(k) if n < k else f"{round(n)}"


def show_stat(
    value: float | None,
    n: float | None,
    *,
    k: int = config.SUPPRESSION_K,
    digits: int = 0,
    suffix: str = "",
) -> str:
    """A statistic over ``n`` cases: ``"–"`` when ``n < k`` or the value is missing."""
    if value is None or pd.isna(value) or is_small(n, k):
        return NOT_SHOWN
    return f"{value:.{digits}f}{suffix}"


def show_share(
    numerator: float | None,
    denominator: float | None,
    *,
    k: int = config.SUPPRESSION_K,
    digits: int = 0,
) -> str:
    """A percentage ``numerator / denominator``; ``"–"`` when either count is below ``k``.

    The complement (denominator - numerator) is checked as well: 95 % of 40 tells
    the reader that two cases are not in the group (100 % tells that none are).
    """
    if is_small(denominator, k) or is_small(numerator, k):
        return NOT_SHOWN
    num, den = float(numerator or 0), float(denominator or 0)
    if den - num < k:
        return NOT_SHOWN
    return f"{100.0 * num / den:.{digits}f}%"


def suppression_mask(
    counts: pd.DataFrame,
    *,
    k: int = config.SUPPRESSION_K,
    row_totals: bool = True,
    col_totals: bool = True,
    group: bool = True,
) -> np.ndarray:
    """Which cells of a count table (with its totals) to suppress.

    The table is extended with a total column (``row_totals``) and a total row
    (``col_totals``). Primary: every entry below ``k``, and (``group``) every entry
    that holds all members of its row or column (``group_cells``). Secondary: every
    line of the extended table whose sum is shown (each row when ``row_totals``, the
    total row included; each column when ``col_totals``) holds either no suppressed
    entry or at least two; the second is the smallest visible interior entry, a total only
    when no interior entry is left. Repeated until nothing changes.

    Parameters
    ----------
    counts
        Interior cells only (numbers; NaN counts as zero).

    Returns
    -------
    numpy.ndarray of bool, the shape of the extended table: interior cells first,
    the total column last (``row_totals``), the total row last (``col_totals``).
    """
    values = _extended(counts, row_totals=row_totals, col_totals=col_totals)
    hidden = values < k
    n_rows, n_cols = values.shape
    last_row = n_rows - 1 if col_totals else n_rows
    last_col = n_cols - 1 if row_totals else n_cols
    if group:
        hidden |= group_cells(counts, row_totals=row_totals, col_totals=col_totals)
    changed = True
    while changed:
        changed = False
        if row_totals:
            for i in range(n_rows):
                changed |= _protect_line(values, hidden, i, 0, (last_row, last_col))
        if col_totals:
            for j in range(n_cols):
                changed |= _protect_line(values, hidden, j, 1, (last_row, last_col))
    return hidden


def _extended(
    counts: pd.DataFrame, *, row_totals: bool, col_totals: bool
) -> np.ndarray:
    values = counts.to_numpy(dtype=float, na_value=0.0)
    values = np.nan_to_num(values, nan=0.0)
    if row_totals:
        values = np.column_stack([values, values.sum(axis=1)])
    if col_totals:
        values = np.vstack([values, values.sum(axis=0)])
    return values


def _protect_line(
    values: np.ndarray,
    hidden: np.ndarray,
    index: int,
    axis: int,
    interior: tuple[int, int],
) -> bool:
    """Make a line whose sum is known safe (in place); True when a cell was hidden.

    A line is unsafe with exactly one hidden entry (total minus the rest gives
    it), or with hidden entries that add up to zero while its total is shown (they
    are all zero then). The extra entry is an interior one when possible: first one
    whose crossing line also has a single hidden entry (that protects both lines),
    then the smallest; a total only when the line has no visible interior entry.
    """
    line = hidden[index] if axis == 0 else hidden[:, index]
    vals = values[index] if axis == 0 else values[:, index]
    size = interior[1] if axis == 0 else interior[0]
    n_hidden = int(line.sum())
    total_shown = len(line) > size and not line[-1]
    zero_sum = n_hidden >= 2 and total_shown and float(vals[line].sum()) == 0.0
    if n_hidden != 1 and not zero_sum:
        return False
    best: tuple[int, float, int] | None = None
    for pos in map(int, np.flatnonzero(~line)):
        cell = (index, pos) if axis == 0 else (pos, index)
        crossing = hidden[:, pos] if axis == 0 else hidden[pos]
        key = (
            int(pos >= size) * 2 + int(crossing.sum() != 1),
            float(values[cell]),
            int(pos),
        )
        best = key if best is None or key < best else best
    if best is None:
        return False
    cell = (index, best[2]) if axis == 0 else (best[2], index)
    hidden[cell] = True
    return True


def group_cells(
    counts: pd.DataFrame, *, row_totals: bool = True, col_totals: bool = True
) -> np.ndarray:
    """Which cells of a count table hold every member of their row or column.

    The table is extended with its totals like ``suppression_mask``; the mask has
    that shape. ``suppression_mask`` suppresses these cells (group attribute
    disclosure, ``_group``); a table uses this to flag that it did.
    """
    values = _extended(counts, row_totals=row_totals, col_totals=col_totals)
    last_row = values.shape[0] - 1 if col_totals else values.shape[0]
    last_col = values.shape[1] - 1 if row_totals else values.shape[1]
    return group_mask(values, last_row=last_row, last_col=last_col)


def suppress_table(
    counts: pd.DataFrame,
    *,
    k: int = config.SUPPRESSION_K,
    row_totals: bool = True,
    col_totals: bool = True,
    total_label: str = TOTAL,
    group: bool = True,
) -> pd.DataFrame:
    """A count table as display strings, with totals, primary and secondary suppression.

    Parameters
    ----------
    counts
        Interior cells: the index labels the rows, the columns label the columns.
    row_totals, col_totals
        Add a total column (the sum of each row) / a total row, and protect them.
    group
        Suppress a cell that holds every member of its row or column (group
        attribute disclosure, ``_group``).

    Returns
    -------
    pandas.DataFrame of strings with the same index and columns, plus a
    ``total_label`` column and/or row; suppressed cells read ``"<k"``.
    """
    hidden = suppression_mask(
        counts, k=k, row_totals=row_totals, col_totals=col_totals, group=group
    )
    values = _extended(counts, row_totals=row_totals, col_totals=col_totals)
    index = [*counts.index, total_label] if col_totals else list(counts.index)
    columns = [str(c) for c in counts.columns]
    if row_totals:
        columns.append(total_label)
    text = [
        [
            _hidden_text(values[i, j], k) if hidden[i, j] else f"{int(values[i, j])}"
            for j in range(len(columns))
        ]
        for i in range(len(index))
    ]
    return pd.DataFrame(text, index=index, columns=columns, dtype=object)


def _hidden_text(value: float, k: int) -> str:
    """``"<k"`` for a small count (primary), ``"x"`` for a cell hidden to protect one."""
    return small(k) if value < k else SECONDARY


def suppress_column(
    frame: pd.DataFrame,
    column: str,
    *,
    k: int = config.SUPPRESSION_K,
    total: bool = True,
) -> pd.Series:
    """One column of counts (a one-way table) as display strings, protected.

    With ``total=True`` the column's total is known to the reader (shown, or equal
    to a figure elsewhere), so a single suppressed cell gets a second one; read the
    protected total with ``suppress_table`` when it is shown.
    """
    table = frame[[column]].reset_index(drop=True)
    shown = suppress_table(table, k=k, row_totals=False, col_totals=total)
    cells = shown[column].iloc[: len(frame)].to_list()
    return pd.Series(cells, index=frame.index, name=column, dtype=object)


def suppress_stats(
    frame: pd.DataFrame,
    *,
    n_col: str,
    stat_cols: Sequence[str],
    k: int = config.SUPPRESSION_K,
    digits: int = 0,
) -> pd.DataFrame:
    """Blank statistics of rows with fewer than ``k`` cases; show ``n`` as ``"<k"``.

    Returns
    -------
    A copy of ``frame`` with ``n_col`` and ``stat_cols`` as display strings.
    """
    out = frame.copy().astype({c: object for c in (n_col, *stat_cols)})
    ns = frame[n_col]
    for col in stat_cols:
        out[col] = [
            show_stat(v, n, k=k, digits=digits)
            for v, n in zip(frame[col], ns, strict=True)
        ]
    out[n_col] = [show_count(n, k) for n in ns]
    return out


def safe_series(values: pd.Series, *, k: int = config.SUPPRESSION_K) -> pd.Series:
    """Counts for a chart: values below ``k`` become NaN (no bar, no hover value)."""
    v = pd.to_numeric(values, errors="coerce").astype(float)
    return v.where(v >= k)


def audit_folder(folder: str | os.PathLike[str]) -> AuditResult:
    """An attacker's audit of every extern report's published cells in ``folder``.

    Reads every ``*.cells.json`` (all months), builds the sums a reader knows
    between the cells (table totals, the stock-flow identity between months, shares
    against counts) and finds, by linear programming, the interval each suppressed
    count can be narrowed to. ``result.ok`` is False when a suppressed count keeps
    fewer than ``threshold`` possible values or a count from 1 to threshold - 1 is
    published; ``result.lines()`` says which. See ``docs/disclosure.md``.
    """
    from ipgar_metrics.disclosure._audit import audit_folder as run

    return run(folder)
