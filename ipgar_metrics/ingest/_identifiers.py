"""Identifiers before they are pseudonymised: Unicode normalisation and look-alike letters.

DuckDB has no Unicode normalisation, so two vectorised (Arrow) Python functions are
registered on the load connection and called by the ``_pseudo`` and ``_lookalike_of``
macros (``sql/load/pseudonym_macro.sql``) only for values that are not plain
printable ASCII; a normal export never reaches Python.

- ``_ipgar_norm_id(v)``: ``privacy.normalise_id`` on a column (zero-width characters
  removed, NFKC with ``pyarrow.compute.utf8_normalize``, white space trimmed).
- ``_ipgar_id_skeleton(v)``: for a normalised case id that holds Cyrillic or Greek
  letters that look like Latin ones (``LOOKALIKES``), the id with those letters
  replaced by the Latin ones (its *skeleton*); NULL for any other id. The loader
  pseudonymises the skeleton like a case id, so it finds the case that the id
  looks like without keeping either raw value.
"""

from __future__ import annotations

import contextlib

import duckdb
import pyarrow as pa
import pyarrow.compute as pc
from duckdb.func import FunctionNullHandling, PythonUDFType

from ipgar_metrics.privacy import ID_SPACE, ID_ZERO_WIDTH

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


def _char_class(chars: str) -> str:
    r"""A RE2 character class of ``chars``, each written as ``\x{hex}``."""
    return "[" + "".join(f"\\x{{{ord(c):x}}}" for c in chars) + "]"


_ZERO_WIDTH_RE = _char_class(ID_ZERO_WIDTH)
_ENDS_RE = f"^{_char_class(ID_SPACE)}+|{_char_class(ID_SPACE)}+$"


def skeleton(text: str) -> str | None:
    """``text`` with its look-alike letters made Latin; ``None`` when it has none."""
    if not any(ch in LOOKALIKES for ch in text):
        return None
    return text.translate(_SKELETON)


def _normalise(values: pa.Array) -> pa.Array:
    """``privacy.normalise_id`` of each value of a string column (NULL stays NULL)."""
    out = pc.replace_substring_regex(values, pattern=_ZERO_WIDTH_RE, replacement="")
    out = pc.utf8_normalize(out, form="NFKC")
    return pc.replace_substring_regex(out, pattern=_ENDS_RE, replacement="")


def _skeletons(values: pa.Array) -> pa.Array:
    """``skeleton`` of each value (few rows: only ids that are not plain ASCII)."""
    found = [None if v is None else skeleton(v) for v in values.to_pylist()]
    return pa.array(found, type=pa.string())


def register(con: duckdb.DuckDBPyConnection) -> None:
    """Register ``_ipgar_norm_id`` and ``_ipgar_id_skeleton`` on ``con`` (again: replaced)."""
    functions = (("_ipgar_norm_id", _normalise), ("_ipgar_id_skeleton", _skeletons))
    for name, fn in functions:
        with contextlib.suppress(duckdb.InvalidInputException):  # not registered yet
            con.remove_function(name)
        con.create_function(
            name,
            fn,
            [duckdb.sqltype("VARCHAR")],
            duckdb.sqltype("VARCHAR"),
            type=PythonUDFType.ARROW,
            null_handling=FunctionNullHandling.SPECIAL,  # most skeletons are NULL
        )
