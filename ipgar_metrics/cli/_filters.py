"""The log filter options every analysis command shares, and the filtered connection.

``add_filters(parser)`` adds ``--period FIRST LAST``, ``--period-mode``, ``--where
ATTR=VALUE``, ``--contains``, ``--not-contains``, ``--starts-with``, ``--ends-with``,
``--follows A>B``, ``--directly-follows A>B``, ``--variant N``, ``--duration-min``
and ``--duration-max`` (``metrics.filters.LogFilter``); ``open_log(args)`` opens the
store read-only and applies them, saying on stderr in one line what the filter
keeps (and the period mode when it chose the default).
"""

from __future__ import annotations

import argparse
from datetime import date
from typing import TYPE_CHECKING

from ipgar_metrics.cli._common import parse_date, say_default
from ipgar_metrics.errors import ConfigError
from ipgar_metrics.schema import PERIOD_MODES

if TYPE_CHECKING:
    import duckdb

    from ipgar_metrics.metrics.filters import LogFilter


def add_filters(parser: argparse.ArgumentParser, *, period: bool = True) -> None:
    """Add the case filters (they combine with AND; repeated values with OR).

    ``period=False`` leaves out ``--period``/``--period-mode`` (for ``ipgar report``,
    whose ``--period`` is the monitor's half-year).
    """
    group = parser.add_argument_group(
        "filters",
        "keep whole cases; criteria combine with AND, repeated values with OR",
    )
    if period:
        group.add_argument(
            "--period",
            dest="period_days",
            nargs=2,
            metavar=("FIRST", "LAST"),
            default=None,
            help="days YYYY-MM-DD, both included ('-' leaves a side open)",
        )
        group.add_argument(
            "--period-mode",
            choices=PERIOD_MODES,
            default=None,
            help="how a case relates to --period: started, completed, contained or "
            "intersecting (default)",
        )
    group.add_argument(
        "--where",
        action="append",
        default=[],
        metavar="ATTR=VALUE",
        help="an event attribute (org, life_domain, outcome, lifecycle: one event "
        "with the value) or a case attribute (report_source, risk_category, ideology); "
        "on a generic log also any stored attribute by its name (case:NAME: the case "
        "attribute only)",
    )
    group.add_argument(
        "--contains", action="append", default=[], metavar="ACTIVITY",
        help="cases with this activity",
    )  # fmt: skip
    group.add_argument(
        "--not-contains", action="append", default=[], metavar="ACTIVITY",
        help="cases without this activity",
    )  # fmt: skip
    group.add_argument(
        "--starts-with", action="append", default=[], metavar="ACTIVITY",
        help="cases whose first event is this activity",
    )  # fmt: skip
    group.add_argument(
        "--ends-with", action="append", default=[], metavar="ACTIVITY",
        help="cases whose last event is this activity (drops unfinished cases)",
    )  # fmt: skip
    group.add_argument(
        "--follows", action="append", default=[], metavar="A>B",
        help="cases in which activity A is later followed by B (repeat: any pair)",
    )  # fmt: skip
    group.add_argument(
        "--directly-follows", action="append", default=[], metavar="A>B",
        help="cases in which activity B comes right after A",
    )  # fmt: skip
    group.add_argument(
        "--variant", action="append", type=int, default=[], metavar="N",
        help="cases of the N-th most frequent variant (of whole cases)",
    )  # fmt: skip
    group.add_argument(
        "--duration-min", default=None, metavar="D",
        help="shortest case duration: 90m, 36h, 3d, 2w (a number alone: days)",
    )  # fmt: skip
    group.add_argument(
        "--duration-max", default=None, metavar="D", help="longest case duration"
    )


def log_filter(args: argparse.Namespace) -> LogFilter:
    """The ``LogFilter`` the options describe (``ConfigError`` on a bad value)."""
    from ipgar_metrics.metrics.filters import (
        DEFAULT_PERIOD_MODE,
        LogFilter,
        parse_duration,
    )

    period: tuple[date | None, date | None] | None = None
    days = getattr(args, "period_days", None)
    if days is not None:
        first, last = (None if d == "-" else _day(d) for d in days)
        period = (first, last)
        if period == (None, None):
            raise ConfigError(
                "--period needs at least one day; '-' leaves a side open."
            )
    elif getattr(args, "period_mode", None) is not None:
        raise ConfigError("--period-mode needs --period FIRST LAST.")
    where: dict[str, list[str]] = {}
    for item in args.where:
        name, sep, value = str(item).partition("=")
        if not sep or not name.strip() or not value.strip():
            raise ConfigError(f'--where is ATTR=VALUE, e.g. org=politie, not "{item}".')
        where.setdefault(name.strip(), []).append(value.strip())
    low, high = (
        None if text is None else parse_duration(text)
        for text in (args.duration_min, args.duration_max)
    )
    mode = getattr(args, "period_mode", None) or DEFAULT_PERIOD_MODE
    spec = LogFilter(
        period=period,
        period_mode=mode,
        where=where,
        contains=tuple(args.contains),
        not_contains=tuple(args.not_contains),
        starts_with=tuple(args.starts_with),
        ends_with=tuple(args.ends_with),
        follows=tuple(args.follows),
        directly_follows=tuple(args.directly_follows),
        variants=tuple(args.variant),
        duration_min=low,
        duration_max=high,
    )
    if period is not None and getattr(args, "period_mode", None) is None:
        say_default(
            args.command,
            f"period mode {mode}",
            "cases whose span overlaps the period",
            "--period-mode",
        )
    return spec


def open_log(args: argparse.Namespace) -> duckdb.DuckDBPyConnection:
    """The store, read-only, showing only the cases the filter options keep."""
    import sys

    from ipgar_metrics import store
    from ipgar_metrics.cli._log import note_snapshot
    from ipgar_metrics.metrics.filters import install_filter

    spec = log_filter(args)
    con = store.connect(args.db)
    try:
        note_snapshot(con)  # before the filter: the store's own snapshot
    except BaseException:
        con.close()
        raise
    if not spec.is_empty():
        try:
            summary = install_filter(con, spec)
        except BaseException:
            con.close()
            raise
        print(f"ipgar {args.command}: {summary.line()}", file=sys.stderr)
    return con


def _day(text: str) -> date:
    try:
        return parse_date(text)
    except (argparse.ArgumentTypeError, ValueError):
        raise ConfigError(
            f'--period takes days as YYYY-MM-DD (or - for an open side), not "{text}".'
        ) from None
