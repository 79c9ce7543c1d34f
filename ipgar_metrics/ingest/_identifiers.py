"""Identifiers before they are pseudonymised: Unicode normalisation and look-alike letters.

DuckDB has no Unicode normalisation, so two Python functions are registered on the
load connection and called by the ``_pseudo`` and ``_lookalike_of`` macros
(``sql/load/pseudonym_macro.sql``) only for values that are not plain printable
ASCII; a normal export never reaches Python.

- ``_ipgar_norm_id(v)``: ``privacy.normalise_id`` of the value (zero-width characters
  removed, Unicode NFKC, white space trimmed): the reference itself, so the loader
  and ``privacy.pseudonym`` cannot differ.
- ``_ipgar_id_skeleton(v)``: for a normalised case id that holds Cyrillic or Greek
  letters that look like Latin ones (``LOOKALIKES``), the id with those letters
  replaced by the Latin ones (its *skeleton*); NULL for any other id. The loader
  pseudonymises the skeleton like a case id, so it finds the case that the id
  looks like without keeping either raw value.

Both are scalar functions called once per row that reaches them (few rows); they
need no Arrow, so pandas, which imports pyarrow whenever it is installed, stays
quick to import for every command.
"""

from __future__ import annotations

import contextlib

import duckdb
from duckdb.func import FunctionNullHandling

from ipgar_metrics.privacy import normalise_id

#: Cyrillic and Greek letters that look like a Latin letter, and that letter.
LOOKALIKES: dict[str, str] = {
    # Cyrillic capitals and small letters
    "А": "A", "В": "B", "Е": "E", "Ѕ": "S", "І": "I", "Ј": "J", "К": "K",
    "М": "M", "Н": "H", "О": "O", "Р": "P", "С": "C", "Т": "T", "У": "Y",
    "Х": "X", "Ү": "Y", "Ԁ": "D", "Ԛ": "Q", "Ԝ": "W",
    "а": "a", "е": "e", "ѕ": "s", "і": "i", "ј": "j", "о": "o", "р": "p",
    "с": "c", "у": "y", "х": "x", "һ": "h", "ԁ": "d", "ԛ": "q", "ԝ": "w",
    # Greek capitals and small letters
    "Α": "A", "Β": "B", "Ε": "E", "Ζ": "Z", "Η": "H", "Ι": "I", "Κ": "K",
    "Μ": "M", "Ν": "N", "Ο": "O", "Ρ": "P", "Τ": "T", "Υ": "Y", "Χ": "X",
    "ο": "o", "ν": "v", "ι": "i", "κ": "k", "ρ": "p", "α": "a",
}  # fmt: skip
_SKELETON = str.maketrans(LOOKALIKES)


def skeleton(text: str) -> str | None:
    """``text`` with its look-alike letters made Latin; ``None`` when it has none."""
    if not any(ch in LOOKALIKES for ch in text):
        return None
    return text.translate(_SKELETON)


def _skeleton_or_null(text: str | None) -> str | None:
    """``skeleton`` for SQL: NULL stays NULL (most ids have no look-alike letters)."""
    return None if text is None else skeleton(text)


def register(con: duckdb.DuckDBPyConnection) -> None:
    """Register ``_ipgar_norm_id`` and ``_ipgar_id_skeleton`` on ``con`` (again: replaced)."""
    functions = (
        # NULL in, NULL out without a call; a value always gives a text
        ("_ipgar_norm_id", normalise_id, FunctionNullHandling.DEFAULT),
        # may return NULL, which DuckDB allows only with the special handling
        ("_ipgar_id_skeleton", _skeleton_or_null, FunctionNullHandling.SPECIAL),
    )
    for name, fn, nulls in functions:
        with contextlib.suppress(duckdb.InvalidInputException):  # not registered yet
            con.remove_function(name)
        con.create_function(
            name,
            fn,
            [duckdb.sqltype("VARCHAR")],
            duckdb.sqltype("VARCHAR"),
            null_handling=nulls,
        )
