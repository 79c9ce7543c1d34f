"""Stores as an earlier release wrote them, for the schema-version tests.

``store_at_version(db, N)`` runs the migration steps 1..N only, records version N
and adds one event (``Cabc``, a report), so a test can upgrade it to the current
version and check the rows survive. A store before version 7 knows the activity
codes without those version 7 added, as that release did.
"""

from __future__ import annotations

from pathlib import Path

import duckdb

from ipgar_metrics import schema, store

#: The activity codes each version added (absent from ``activity_order`` before it).
ADDED_CODES = {7: ("leefgebiedenscan", "netwerkoverleg")}


def codes_of_version(version: int) -> list[str]:
    """The activity codes, in process order, that a store of ``version`` knows."""
    later = {c for v, codes in ADDED_CODES.items() if v > version for c in codes}
    return [a for a in schema.ACTIVITIES if a not in later]


def store_at_version(db: Path, version: int) -> None:
    """Write at ``db`` a store of schema ``version`` with one event."""
    con = duckdb.connect(str(db))
    try:
        con.execute("CREATE TABLE meta (key VARCHAR PRIMARY KEY, value VARCHAR)")
        for step in range(1, version + 1):
            store.MIGRATIONS[step](con)
        con.execute("DELETE FROM activity_order")
        con.executemany(
            "INSERT INTO activity_order VALUES (?, ?)",
            [(a, i) for i, a in enumerate(codes_of_version(version))],
        )
        con.execute("INSERT INTO meta VALUES ('schema_version', ?)", [str(version)])
        extra = (
            ", NULL, NULL" if version >= 6 else ""
        )  # registered_at, intervention_type
        con.execute(
            "INSERT INTO events VALUES ('Cabc', 1, 1, 'melding', TIMESTAMPTZ "
            "'2025-01-02 09:00:00+01', NULL, NULL, NULL, 'MAP', NULL, NULL, 'Hk', 1, 1"
            f"{extra})"
        )
    finally:
        con.close()
