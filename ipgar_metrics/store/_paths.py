"""The tables derived from events, refreshed wherever events change.

``episode_paths`` (schema version 9) holds one row per episode with its activities in
order as a short key (``sql/store/schema_v9.sql``), so that the variants are a
group-by (``metrics/paths/_variants.py``). ``activity_firsts`` (version 12) holds the
first time of each activity per case (``sql/store/schema_v12.sql``), so that the lead
time from A to B over whole cases reads two activities' rows
(``metrics/leadtime/_between.py``). ``approach_windows`` (version 13) holds each
episode's first instroom and the first uitstroom after it
(``sql/store/schema_v13.sql``), so that "in the approach" reads one small table (the
``approach_window`` macro). The rows derive from ``events``; every step that changes
events calls ``refresh_derived_rows`` in its transaction: the load (once, after
ordering the events), ``insert_events``, the lifting of a restriction. Purge, erasure
and restriction delete the rows of their persons in their own SQL
(``sql/governance/``).
"""

from __future__ import annotations

import re

import duckdb

from ipgar_metrics.errors import StoreError
from ipgar_metrics.store._sql import run_sql

_TEMP_NAME = re.compile(r"_[a-z][a-z0-9_]*")


def give_activity_codes(con: duckdb.DuckDBPyConnection, source: str) -> None:
    """Give the activities of ``source`` (``events`` or a ``_`` temp view) their codes.

    A new activity gets the next free code (``sql/store/activity_codes_new.sql``);
    codes already given never change.
    """
    if source != "events" and not _TEMP_NAME.fullmatch(source):
        raise StoreError(f"temporary table names start with '_': {source!r}")
    view = f"CREATE OR REPLACE TEMP VIEW _to_code AS SELECT activity FROM {source}"  # noqa: S608 - checked name
    con.execute(view).fetchall()
    try:
        run_sql(con, "store/activity_codes_new").fetchall()
    finally:
        con.execute("DROP VIEW IF EXISTS _to_code").fetchall()


def refresh_episode_paths(
    con: duckdb.DuckDBPyConnection, cases: str | None = None
) -> None:
    """Recompute ``episode_paths`` from ``events``: all rows, or those of ``cases``.

    The stored paths alone, as schema version 9 keeps them (its upgrade step); a step
    that changes events in a store of the current version calls
    ``refresh_derived_rows``, which keeps every table derived from events.
    """
    _refresh(con, cases, ("episode_paths",), ("store/path_refresh",), codes=True)


def refresh_activity_firsts(
    con: duckdb.DuckDBPyConnection, cases: str | None = None
) -> None:
    """Recompute ``activity_firsts`` alone (the upgrade to schema version 12).

    It reads the events' ``activity_code``, given when they were numbered: no
    activity gets a code here.
    """
    _refresh(con, cases, ("activity_firsts",), ("store/firsts_refresh",), codes=False)


def refresh_approach_windows(
    con: duckdb.DuckDBPyConnection, cases: str | None = None
) -> None:
    """Recompute ``approach_windows`` alone (the upgrade to schema version 13)."""
    _refresh(con, cases, ("approach_windows",), ("store/windows_refresh",), codes=False)


def refresh_derived_rows(
    con: duckdb.DuckDBPyConnection, cases: str | None = None
) -> None:
    """Recompute the tables derived from ``events``: all rows, or those of ``cases``.

    ``episode_paths`` (schema version 9), ``activity_firsts`` (version 12) and
    ``approach_windows`` (version 13). ``cases`` names a temporary table (or view)
    with a column ``case_id``: only the rows of those cases are recomputed (a case
    without events loses its rows). New activities get the next free codes of
    ``activity_codes`` first.
    """
    _refresh(
        con,
        cases,
        ("episode_paths", "activity_firsts", "approach_windows"),
        ("store/path_refresh", "store/firsts_refresh", "store/windows_refresh"),
        codes=True,
    )


def _refresh(
    con: duckdb.DuckDBPyConnection,
    cases: str | None,
    tables: tuple[str, ...],
    steps: tuple[str, ...],
    *,
    codes: bool,
) -> None:
    """Run ``steps`` (which fill ``tables``) for ``cases``, or for every case.

    ``codes``: give new activities their codes first (the path keys are made of
    them; the first times read the codes the numbering gave).
    """
    if cases is None:  # every case that has events or derived rows
        source = " UNION ".join(
            f"SELECT case_id FROM {t}"  # noqa: S608 - fixed names
            for t in ("events", *tables)
        )
    elif _TEMP_NAME.fullmatch(cases):
        source = f"SELECT DISTINCT case_id FROM {cases}"  # noqa: S608 - checked name
    else:
        raise StoreError(f"temporary table names start with '_': {cases!r}")
    if codes:
        give_activity_codes(con, "events")
    con.execute(f"CREATE OR REPLACE TEMP VIEW _path_cases AS {source}").fetchall()
    try:
        for step in steps:
            run_sql(con, step).fetchall()
    finally:
        con.execute("DROP VIEW IF EXISTS _path_cases").fetchall()
