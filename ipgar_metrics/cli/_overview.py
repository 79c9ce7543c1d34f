"""``ipgar overview | activities | durations``: the statistics of a loaded log.

What Disco shows on its overview, activity and case pages, for any profile. Thin
handlers: ``log_overview``, ``activity_statistics`` and ``case_durations`` compute;
this module shapes their rows for output and puts durations in one time unit
(``--unit``; by default the one in which the median reads best, said on stderr).
JSON is one object with the keys ``cases``, ``events``, ``activities``, ``variants``,
``start``, ``end`` (ISO timestamps), ``start_activities``, ``end_activities``
(objects activity -> cases) and ``case_duration`` (min, median, mean, p90, max in
days). Table and CSV are two columns, ``measure`` and ``value``, one row a figure.
"""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any

from ipgar_metrics import labels
from ipgar_metrics.cli._common import (
    add_as_of,
    add_db,
    add_format,
    as_of_or_last_event,
    print_frame,
    reader_lang,
    say_default,
)
from ipgar_metrics.cli._filters import add_filters, open_log

#: The case-duration statistics, in output order (``log_overview``'s ``<stat>_days``).
STATS = ("min", "median", "mean", "p90", "max")


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add the ``overview`` subcommand."""
    p = sub.add_parser(
        "overview",
        help="cases, events, activities, variants, time span, start/end activities, "
        "case durations",
        description="The statistics of the loaded log (any profile): counts of cases, "
        "events, activities and variants, the first and last event, the start and end "
        "activities with their number of cases, and the case duration (first to last "
        "event) in days: min, median, mean, p90, max.",
    )
    add_db(p)
    add_filters(p)
    add_as_of(p)
    add_format(p)
    p.set_defaults(handler=_run_overview)

    p = sub.add_parser(
        "activities",
        help="per activity: events, cases and the time to the next event",
        description="One row per activity: its events, the cases in which it occurs "
        "(and both as shares), and the time from it to the case's next event "
        "(median, mean, min, max) in one time unit.",
    )
    add_db(p)
    add_filters(p)
    add_as_of(p)
    _add_unit(p)
    add_format(p)
    p.set_defaults(handler=_run_activities)

    p = sub.add_parser(
        "durations",
        help="per case: first and last event, events and duration",
        description="One row per case (its pseudonym): first and last event, number "
        "of events and the duration from the first to the last event, in one time unit.",
    )
    add_db(p)
    add_filters(p)
    add_as_of(p)
    _add_unit(p)
    add_format(p)
    p.set_defaults(handler=_run_durations)


def _add_unit(parser: argparse.ArgumentParser) -> None:
    from ipgar_metrics.timeunits import UNIT_CHOICES

    parser.add_argument(
        "--unit",
        choices=UNIT_CHOICES,
        default="auto",
        help="time unit of the durations (default auto: the unit in which the "
        "median reads best)",
    )


def _unit(args: argparse.Namespace, seconds: Any) -> str:
    """``--unit``, or the unit ``choose_unit`` picks for ``seconds`` (said on stderr)."""
    from ipgar_metrics.timeunits import choose_unit

    if args.unit != "auto":
        return str(args.unit)
    unit = choose_unit(seconds)
    say_default(args.command, f"durations in {unit}", "the median reads best", "--unit")
    return unit


def overview_object(row: dict[str, Any]) -> dict[str, Any]:
    """The JSON object of one ``log_overview`` row (its keys in documented order)."""

    def iso(value: Any) -> str | None:
        return None if value is None or value != value else value.isoformat()

    def number(value: float) -> float | None:
        return None if value != value else float(value)  # NaN (no case) -> null

    return {
        "cases": int(row["cases"]),
        "events": int(row["events"]),
        "activities": int(row["activities"]),
        "variants": int(row["variants"]),
        "start": iso(row["start"]),
        "end": iso(row["end"]),
        "start_activities": {k: int(v) for k, v in row["start_activities"].items()},
        "end_activities": {k: int(v) for k, v in row["end_activities"].items()},
        "case_duration": {s: number(row[f"{s}_days"]) for s in STATS},
    }


def _run_overview(args: argparse.Namespace) -> int:
    import pandas as pd

    from ipgar_metrics import log_overview

    con = open_log(args)
    as_of = as_of_or_last_event(args, con)
    data = overview_object(log_overview(con, as_of=as_of).iloc[0].to_dict())
    if args.format == "json":
        json.dump(data, sys.stdout, ensure_ascii=False, indent=1)
        sys.stdout.write("\n")
        return 0
    rows: list[tuple[str, object]] = []
    for key, value in data.items():
        if isinstance(value, dict):
            prefix = "case_duration_days" if key == "case_duration" else key
            rows += [(f"{prefix}:{name}", v) for name, v in value.items()]
        else:
            rows.append((key, value))
    if args.format in ("table", "xlsx"):  # for a reader: the measures in words
        lang = reader_lang(args)
        rows = [(labels.overview_measure(key, lang), value) for key, value in rows]
    print_frame(
        pd.DataFrame(rows, columns=["measure", "value"]),
        args.format,
        raw=args.raw,
        args=args,
    )
    return 0


def _run_activities(args: argparse.Namespace) -> int:
    from ipgar_metrics import activity_statistics
    from ipgar_metrics.timeunits import seconds_in_unit

    con = open_log(args)
    as_of = as_of_or_last_event(args, con)
    frame = activity_statistics(con, as_of=as_of)
    frame = seconds_in_unit(frame, _unit(args, frame["median_to_next_s"]))
    print_frame(frame, args.format, raw=args.raw, args=args)
    return 0


def _run_durations(args: argparse.Namespace) -> int:
    from ipgar_metrics import case_durations
    from ipgar_metrics.timeunits import SECONDS

    con = open_log(args)
    as_of = as_of_or_last_event(args, con)
    frame = case_durations(con, as_of=as_of)
    seconds = (frame["end_at"] - frame["start_at"]).dt.total_seconds()
    unit = _unit(args, seconds)
    frame = frame.drop(columns="days")
    frame[unit] = seconds / SECONDS[unit]
    print_frame(frame, args.format, raw=args.raw, args=args)
    return 0
