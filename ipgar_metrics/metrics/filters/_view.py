"""Apply a log filter to a connection: every metric then sees only the kept cases.

``filtered(con, where={"org": ["politie"]})`` computes the kept cases once (the
temporary table ``_filter_cases``, ``sql/filters/``) and shadows the store's
``events`` and ``cases`` tables with temporary views of the same name that hold only
those cases. Every metric function, figure and SQL step reads ``events`` and
``cases`` by name, so all of them work on the filtered log unchanged, as bupaR's
pipes or pm4py's filtered frames do. Leaving the block drops the views; the store
itself is never changed (a read-only connection is enough).
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from typing import Any

import duckdb
import pandas as pd

from ipgar_metrics import config, schema, store
from ipgar_metrics.errors import ConfigError, UnknownActivityError
from ipgar_metrics.metrics._episodes import check_in_store
from ipgar_metrics.metrics.filters._spec import (
    CASE_PREFIX,
    FILTER_ATTRIBUTES,
    LogFilter,
)

#: The tables a filter shadows: every metric reads the log through these names.
#: ``episode_paths``, ``activity_firsts`` and ``approach_windows`` (schema versions 9,
#: 12, 13) derive from events: a kept case keeps its rows.
SHADOWED: tuple[str, ...] = (
    "events",
    "cases",
    "attributes",
    "episode_paths",
    "activity_firsts",
    "approach_windows",
)


@dataclass(frozen=True)
class FilterSummary:
    """What a filter kept: ``kept`` of ``total`` cases, and the filter in words."""

    kept: int
    total: int
    description: str

    def line(self) -> str:
        """One line for stderr or a colophon."""
        return f"filter {self.description}: keeps {self.kept} of {self.total} cases"


@contextlib.contextmanager
def filtered(
    con: duckdb.DuckDBPyConnection,
    log_filter: LogFilter | None = None,
    **criteria: Any,
) -> Iterator[FilterSummary]:
    """Within the block, ``con`` shows only the cases ``log_filter`` keeps.

    Give a ``LogFilter`` or its fields as keywords (``period=(date(2024, 1, 1),
    None)``, ``period_mode="started"``, ``where={"org": ["politie"]}``,
    ``contains=("Intake",)``, ``ends_with=("Closed",)``, ``variants=(1, 2)``,
    ``duration_max=timedelta(days=30)``).
    Yields a ``FilterSummary``. An activity, attribute value or variant the store
    does not hold, or a filter that keeps no case, raises one ``ConfigError`` line
    (never an empty table). Filters do not nest: combine criteria in one filter.

    Examples
    --------
    >>> from ipgar_metrics import store
    >>> con = store.memory_store()
    >>> with filtered(con) as kept:
    ...     kept.kept
    0
    """
    spec = log_filter if log_filter is not None else LogFilter(**criteria)
    if log_filter is not None and criteria:
        raise ConfigError("give a LogFilter or its fields as keywords, not both.")
    summary = install_filter(con, spec)
    try:
        yield summary
    finally:
        remove_filter(con)


def install_filter(con: duckdb.DuckDBPyConnection, spec: LogFilter) -> FilterSummary:
    """Shadow ``events`` and ``cases`` with the cases ``spec`` keeps (see ``filtered``).

    For a command that holds its connection to the end (the CLI); ``remove_filter``
    undoes it. An empty filter installs nothing.
    """
    if store.view_token(con) is not None:
        raise ConfigError(
            "a filter is already applied to this connection; leave its block first "
            "(give all criteria in one filter: they combine with AND)."
        )
    total = _count_cases(con)
    if spec.is_empty():
        return FilterSummary(total, total, spec.describe())
    _check_values(con, spec)
    store.run_sql(con, "filters/cases").fetchall()
    try:
        kept = _keep(con, spec)
        if kept == 0:
            raise ConfigError(
                f"the filter ({spec.describe()}) keeps none of the {total} cases; "
                "widen it."
            )
        catalog = _quoted(store.first_row(con, "SELECT current_database()")[0])  # type: ignore[index]
        for table in SHADOWED:
            con.execute(
                f"CREATE OR REPLACE TEMP VIEW {table} AS SELECT * FROM {catalog}.main.{table} WHERE case_id IN (SELECT case_id FROM temp.main._filter_cases)"  # noqa: S608 (fixed names)
            ).fetchall()
    except BaseException:
        remove_filter(con)
        raise
    summary = FilterSummary(kept, total, spec.describe())
    store.set_view_token(con, summary.description)
    return summary


def remove_filter(con: duckdb.DuckDBPyConnection) -> None:
    """Drop a filter's views and table: ``con`` shows the whole store again."""
    for table in SHADOWED:
        con.execute(f"DROP VIEW IF EXISTS temp.main.{table}").fetchall()
    con.execute("DROP TABLE IF EXISTS temp.main._filter_cases").fetchall()
    store.set_view_token(con, None)


def _keep(con: duckdb.DuckDBPyConnection, spec: LogFilter) -> int:
    """Delete from ``_filter_cases`` what ``spec`` leaves out; the cases kept."""
    if spec.variants:
        n = store.first_row(con, "SELECT max(variant_rank) FROM _filter_cases")
        most = int(n[0]) if n and n[0] is not None else 0
        beyond = [rank for rank in spec.variants if rank > most]
        if beyond:
            raise ConfigError(
                f"variant {beyond[0]} does not exist: the log has {most} variants "
                "(1 is the most frequent; see `ipgar paths`)."
            )
        store.run_sql(
            con, "filters/keep_variants", ranks=list(spec.variants)
        ).fetchall()
    if spec.period:
        start, stop = _bounds(spec.period)
        store.run_sql(
            con, "filters/keep_period", start=start, stop=stop, mode=spec.period_mode
        ).fetchall()
    for name, values in spec.where.items():
        if name in FILTER_ATTRIBUTES:
            store.run_sql(
                con, "filters/keep_attribute", attribute=name, values=list(values)
            ).fetchall()
        else:
            stored, scope = _stored_name(name)
            store.run_sql(
                con,
                "filters/keep_stored_attribute",
                attribute_name=stored,
                scope=scope,
                values=list(values),
            ).fetchall()
    for activities, contains in ((spec.contains, True), (spec.not_contains, False)):
        if activities:
            store.run_sql(
                con,
                "filters/keep_activities",
                activities=list(activities),
                contains=contains,
            ).fetchall()
    if spec.starts_with or spec.ends_with:
        store.run_sql(
            con,
            "filters/keep_endpoints",
            starts=list(spec.starts_with),
            ends=list(spec.ends_with),
        ).fetchall()
    for pairs, direct in ((spec.follows, False), (spec.directly_follows, True)):
        if pairs:
            store.run_sql(
                con,
                "filters/keep_follows",
                firsts=[a for a, _ in pairs],
                seconds=[b for _, b in pairs],
                direct=direct,
            ).fetchall()
    if spec.duration_min is not None or spec.duration_max is not None:
        store.run_sql(
            con,
            "filters/keep_duration",
            low_s=_seconds(spec.duration_min),
            high_s=_seconds(spec.duration_max),
        ).fetchall()
    row = store.first_row(con, "SELECT count(*) FROM _filter_cases")
    return int(row[0]) if row else 0


def _check_values(con: duckdb.DuckDBPyConnection, spec: LogFilter) -> None:
    """Every activity and attribute value of ``spec`` is in the store (did you mean)."""
    for activity in (
        *spec.contains,
        *spec.not_contains,
        *spec.starts_with,
        *spec.ends_with,
        *(a for pair in (*spec.follows, *spec.directly_follows) for a in pair),
    ):
        try:
            check_in_store(con, "activity", activity)
        except UnknownActivityError as exc:
            raise ConfigError(str(exc)) from None
    for name, values in spec.where.items():
        if not values:
            raise ConfigError(f"give at least one value for the filter on {name}.")
        if name not in FILTER_ATTRIBUTES:
            _check_stored(con, name, values)
            continue
        known = [
            str(v)
            for v in store.sql_frame(con, "filters/attribute_values", attribute=name)[
                "value"
            ]
        ]
        if not known:
            raise ConfigError(
                f"no event or case in this store has a value for {name}; filter on "
                f"another attribute ({', '.join(_held_attributes(con))})."
            )
        for value in values:
            schema.check_known(value, known, what=f"value of {name}")


def _held_attributes(con: duckdb.DuckDBPyConnection) -> list[str]:
    return [
        name
        for name in FILTER_ATTRIBUTES
        if not store.sql_frame(con, "filters/attribute_values", attribute=name).empty
    ] or ["none"]


def _stored_name(name: str) -> tuple[str, str]:
    """A ``where`` name as stored, and its scope: ``case:x`` -> (x, case), else any."""
    if name.startswith(CASE_PREFIX):
        return name[len(CASE_PREFIX) :], "case"
    return name, "any"


def _check_stored(con: duckdb.DuckDBPyConnection, name: str, values: Any) -> None:
    """A stored attribute of a generic log: its name and values are in the store."""
    names = list(store.sql_frame(con, "filters/stored_attribute_names")["name"])
    stored, scope = _stored_name(name)
    held = {n[len(CASE_PREFIX) :] if n.startswith(CASE_PREFIX) else n for n in names}
    if (scope == "case" and name not in names) or stored not in held:
        columns = [a for a in _held_attributes(con) if a != "none"]
        schema.check_known(name, [*columns, *names], what="filter attribute")
    known = [
        str(v)
        for v in store.sql_frame(
            con, "filters/stored_attribute_values", attribute_name=stored, scope=scope
        )["value"]
    ]
    for value in values:
        schema.check_known(value, known, what=f"value of {name}")


def _count_cases(con: duckdb.DuckDBPyConnection) -> int:
    row = store.first_row(con, "SELECT count(DISTINCT case_id) FROM events")
    return int(row[0]) if row else 0


def _bounds(
    period: tuple[date | None, date | None],
) -> tuple[pd.Timestamp, pd.Timestamp]:
    """``[start, stop)`` of a period of local days, both included; open sides far out."""
    first, last = period
    start = pd.Timestamp(first or date(1900, 1, 1), tz=config.TIMEZONE)
    stop = pd.Timestamp(last or date(2999, 12, 30), tz=config.TIMEZONE) + pd.DateOffset(
        days=1
    )
    return start, stop


def _seconds(span: Any) -> float | None:
    return None if span is None else float(span.total_seconds())


def _quoted(name: str) -> str:
    return '"' + str(name).replace('"', '""') + '"'
