"""Cells that are safe to open in a spreadsheet: no text is read as a formula.

A spreadsheet (Excel, LibreOffice, Google Sheets) reads a cell that starts with
``=``, ``+``, ``-`` or ``@`` as a formula, and a leading tab or carriage return can
hide one; an activity label or column name taken from an export can start that
way (``+31 bellen``, ``@politie``), and a formula in an output file can fetch a
URL or run a command when an analyst opens it (CSV injection). Following OWASP's
advice, ``spreadsheet_safe`` puts a ``'`` before every such text cell and column
name: the spreadsheet then shows the text as it is.

Only text is changed. A number in a numeric column (``-3.5``) is a number, not a
formula, and is written as it is; ``None``, ``NaN`` and ``NaT`` stay missing. A
number kept as text (``"-5"``) is text and gets the ``'``.

Every file or stream the toolkit writes for people to open goes through it: the
CSV of ``ipgar ... --format csv`` (``cli._common.print_frame``), unless the caller
asks for ``--raw`` (cells as they are, for programs). **An Excel writer**
(``to_excel``, openpyxl) added for outputs **must pass its frame through
``spreadsheet_safe`` too**: openpyxl stores any text that starts with ``=`` as a
formula. Not outputs, and so not changed: the files of ``ipgar simulate``
(``export.csv``, ``export.xlsx``, ``events.csv``), which imitate the real export
byte for byte and are read back by ``ipgar load``; their cells are the simulator's
own labels, dates and numbers.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Final

if TYPE_CHECKING:  # pandas is imported where a frame is made safe, not at import
    import pandas as pd

#: First characters that make a spreadsheet read a text cell as a formula (OWASP).
FORMULA_STARTS: Final[tuple[str, ...]] = ("=", "+", "-", "@", "\t", "\r")

#: What goes before such a cell: the spreadsheet shows the rest as text.
QUOTE: Final = "'"


def safe_cell(value: object) -> object:
    """``value`` with a leading ``'`` if it is text that starts like a formula.

    Anything that is not a ``str`` (a number, ``None``, ``NaN``, a timestamp) is
    returned as it is.
    """
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return QUOTE + value
    return value


def spreadsheet_safe(frame: pd.DataFrame) -> pd.DataFrame:
    """A copy of ``frame`` whose text cells and column names open safely in a spreadsheet.

    Every text cell (in an object, string or categorical column) and every column
    name that starts with one of ``FORMULA_STARTS`` gets a leading ``'``; numeric,
    boolean and date-time columns, and missing values, are left as they are. The
    index is not changed (the toolkit writes frames without it).

    Returns
    -------
    The same rows and columns, in the same order; a changed column has dtype
    ``object``.
    """
    import pandas as pd

    out = frame.copy()
    for i, dtype in enumerate(frame.dtypes):
        if _may_hold_text(dtype):
            out.isetitem(i, frame.iloc[:, i].astype(object).map(safe_cell))
    if isinstance(frame.columns, pd.MultiIndex):
        out.columns = frame.columns.map(lambda key: tuple(map(safe_cell, key)))
    else:
        out.columns = pd.Index([safe_cell(c) for c in frame.columns], dtype=object)
    return out


def _may_hold_text(dtype: object) -> bool:
    """Whether a column of ``dtype`` can hold ``str`` cells."""
    import pandas as pd
    from pandas.api.types import is_object_dtype, is_string_dtype

    return (
        is_object_dtype(dtype)
        or is_string_dtype(dtype)
        or isinstance(dtype, pd.CategoricalDtype)
    )
