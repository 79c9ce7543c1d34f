"""The trim of a staged cell (``_mapping.trim_cell``) against Python's ``str.strip``.

The stage trims space, tab, CR and LF at either end of every mapped cell; the SQL
skips DuckDB's ``trim`` for cells whose first and last bytes show that nothing is to
be trimmed. Expected values come from ``str.strip(" \\t\\r\\n")``.
"""

from __future__ import annotations

import duckdb
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ipgar_metrics.ingest._mapping import trim_cell

WHITE = " \t\r\n"
EDGES = [
    "",
    " ",
    "\t\r\n ",
    "MAP",
    " MAP",
    "MAP ",
    "\tMAP\r\n",
    "M A P",
    "!MAP!",  # '!' is the first byte the fast test lets pass
    "\x1fMAP\x1f",  # a control byte below the space: tested, not trimmed
    "\x0bMAP\x0c",  # vertical tab and form feed are not trimmed
    "\u00a0MAP\u00a0",  # a no-break space is not trimmed
    "é",
    " é ",
    "R2016-000001",
    "Ω\n",
    "\u3000x",  # ideographic space: not trimmed
    "x\u200b",
]


def _trimmed(values: list[str | None]) -> list[str | None]:
    con = duckdb.connect()
    try:
        con.execute("CREATE TABLE t (i INTEGER, v VARCHAR)")
        con.executemany("INSERT INTO t VALUES (?, ?)", list(enumerate(values)))
        rows = con.execute(f"SELECT {trim_cell('v')} FROM t ORDER BY i").fetchall()
    finally:
        con.close()
    return [r[0] for r in rows]


def test_the_edge_cases_trim_as_python_strips() -> None:
    assert _trimmed([*EDGES, None]) == [*(v.strip(WHITE) for v in EDGES), None]


@pytest.mark.parametrize("cast", ["CAST(v AS VARCHAR)", "v"])
def test_a_cast_column_is_trimmed_too(cast: str) -> None:
    con = duckdb.connect()
    try:
        got = con.execute(
            f"SELECT {trim_cell(cast)} FROM (SELECT ' \tx\r\n' AS v)"
        ).fetchall()
    finally:
        con.close()
    assert got == [("x",)]


@settings(max_examples=60, deadline=None)
@given(
    st.lists(
        st.text(alphabet=" \t\r\n\x0b\x1f!Aé\u00a0\u3000-", max_size=6),
        min_size=1,
        max_size=30,
    )
)
def test_any_cell_trims_as_python_strips(values: list[str]) -> None:
    assert _trimmed(list(values)) == [v.strip(WHITE) for v in values]
