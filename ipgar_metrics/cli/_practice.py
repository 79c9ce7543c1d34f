"""``ipgar practice``: ways of working per organisation, with exact funnel limits.

One row per organisation of the case managers (small ones merged into "overige
organisaties"): the share of active cases over the contact threshold with its
centre line, exact 95% and 99.8% limits and signal, then every other measure of
the practice profile (docs/metrics/practice.md). Each default the command chooses
(as-of, window, threshold) is said on stderr in one line, and so is a store without
registration dates or without contact outcomes (those columns are then empty).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from ipgar_metrics import config
from ipgar_metrics.cli._common import (
    add_as_of,
    add_db,
    add_format,
    as_of_or_last_event,
    at_least,
    print_frame,
    say_default,
    usage_error,
)
from ipgar_metrics.cli._filters import add_filters, open_log

if TYPE_CHECKING:  # pandas is imported by the handler, not by --help
    import pandas as pd

#: Defaults of the options (the metric's own, repeated so ``--help`` imports no pandas).
WINDOW_MONTHS = 12


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add the ``practice`` subcommand."""
    p = sub.add_parser(
        "practice",
        help="ways of working per organisation, with funnel-plot limits and signals",
        description="One row per organisation of the case managers: cases in the "
        "approach, the share of active cases over the contact threshold with its "
        "exact 95%% and 99.8%% limits and signal (boven, onder, binnen), and the "
        "other measures of the practice profile over the window. Organisations with "
        "fewer than three case managers are merged into 'overige organisaties'; no "
        "case manager is ever shown.",
    )
    add_db(p)
    add_as_of(p)
    p.add_argument(
        "--window",
        type=at_least(1),
        default=None,
        metavar="MONTHS",
        help=f"months before the as-of of the window measures (default {WINDOW_MONTHS})",
    )
    p.add_argument(
        "--threshold",
        type=at_least(0, float),
        default=None,
        metavar="DAYS",
        help=f"contact-gap threshold in days (default {config.CONTACT_THRESHOLD_DAYS})",
    )
    p.add_argument(
        "--by",
        choices=("org", "caseload_band", "pool"),
        default="org",
        help="rows per organisation of the case managers (default), per caseload "
        "band of the case managers (1, 2, 3+ cases), or per pool of the case "
        "managers (from ipgar load --case-managers); never per person",
    )
    p.add_argument(
        "--clustering",
        choices=("case", "none"),
        default=None,
        help="limits of the shares and rates counted over events: with the case as "
        "unit (default: the design effect of events that cluster within cases), or "
        "every event as an independent unit (none: too narrow when they cluster)",
    )
    p.add_argument(
        "--overdispersion",
        action="store_true",
        help="widen the limits of a measure whose organisations spread more than "
        "chance allows (Spiegelhalter 2005; normal approximation). Default: exact limits",
    )
    p.add_argument(
        "--interventions",
        action="store_true",
        help="instead: one row per organisation and intervention type started in the "
        "window (where the export has intervention_type)",
    )
    p.add_argument(
        "--catalogue",
        default=None,
        metavar="FILE",
        help="with --interventions: a text file with one intervention type code per "
        "line (the catalogue); its types no organisation used are added",
    )
    p.add_argument(
        "--measure",
        default=None,
        metavar="NAME",
        help="only this measure's columns (contact_gap, contacts_per_month, ...; "
        "docs/metrics/practice.md). Default: every measure in CSV, JSON and xlsx; "
        "the table shows one measure at a time, contact_gap first",
    )
    add_format(p)
    add_filters(p)
    p.set_defaults(handler=_practice)


def read_catalogue(path: str) -> list[str]:
    """The type codes of a catalogue file: one per line; blank, ``#`` and header lines skipped."""
    from ipgar_metrics.errors import ConfigError

    try:
        text = Path(path).read_text(encoding="utf-8-sig")
    except OSError as exc:
        raise ConfigError(
            f"cannot read the catalogue {Path(path).name}: {exc.strerror}; "
            "give a text file with one intervention type per line."
        ) from None
    lines = [line.split("#")[0].strip() for line in text.splitlines()]
    return [c for c in dict.fromkeys(lines) if c and c != "intervention_type"]


def _practice(args: argparse.Namespace) -> int:
    from ipgar_metrics import practice_profile

    window, threshold = args.window, args.threshold
    if args.catalogue is not None and not args.interventions:
        usage_error(args, "--catalogue goes with --interventions; add it.")
    if args.measure is not None and args.interventions:
        usage_error(
            args, "--measure picks a measure of the profile; drop --interventions."
        )
    if args.measure is not None:  # a misspelt name: one line, before any counting
        measure_columns(["group"], args.measure)
    catalogue = None if args.catalogue is None else read_catalogue(args.catalogue)
    with open_log(args) as con:
        as_of = as_of_or_last_event(args, con, ipgar=True)
        if window is None:
            window = WINDOW_MONTHS
            say_default(
                args.command, f"window {window} months", "the default", "--window"
            )
        if threshold is None:
            threshold = config.CONTACT_THRESHOLD_DAYS
            say_default(
                args.command,
                f"threshold {threshold} days",
                "the default",
                "--threshold",
            )
        clustering = args.clustering
        if clustering is None and not args.interventions:
            clustering = "case"
            say_default(
                args.command,
                "limits of event shares and rates with the case as unit "
                "(quasi-binomial/quasi-Poisson design effect)",
                "the default",
                "--clustering none",
            )
        frame = practice_profile(
            con,
            as_of=as_of,
            window_months=window,
            threshold_days=threshold,
            by=args.by,
            overdispersion=args.overdispersion,
            clustering=clustering or "case",
            level="intervention_type" if args.interventions else "org",
            catalogue=catalogue,
        )
    params = frame.attrs["ipgar"]["params"]
    if args.interventions:
        if not params["intervention_types"]:
            print(
                f"ipgar {args.command}: no intervention types in the store: map the "
                "export's intervention type to intervention_type to see them",
                file=sys.stderr,
            )
        print_frame(frame, args.format, raw=args.raw, args=args)
        return 0
    if not params["registration_dates"]:
        print(
            f"ipgar {args.command}: no registration dates (Geregistreerd op) in the "
            "store: median_registration_lag_days and late_registration are empty; map "
            "the export's registration date to registered_at to measure timeliness",
            file=sys.stderr,
        )
    if not params["contact_outcomes"]:
        print(
            f"ipgar {args.command}: no contact outcomes (geslaagd, poging, geweigerd) "
            "in the store: contact_attempted and contact_refused are empty",
            file=sys.stderr,
        )
    if not params["life_domain_assessment"]:
        print(
            f"ipgar {args.command}: no life-domain assessment (leefgebiedenscan) in "
            "the store: cases_without_problem and what those cases get are empty; "
            "cases_without_intervention is an upper bound of the cases without a problem",
            file=sys.stderr,
        )
    if frame.empty:
        print(f"ipgar {args.command}: {_why_no_rows(params)}", file=sys.stderr)
    print_frame(_one_measure(args, frame), args.format, raw=args.raw, args=args)
    return 0


def _one_measure(args: argparse.Namespace, frame: pd.DataFrame) -> pd.DataFrame:
    """``frame`` with only the columns of ``--measure``; the table: one measure.

    Every measure side by side is 240 columns, a line of over 10,000 characters in a
    terminal: the table shows the first measure unless ``--measure`` names another,
    and says so; CSV, JSON and the workbook keep every measure unless asked.
    """
    from ipgar_metrics.metrics.practice import MEASURES

    measure = args.measure
    if measure is None and args.format == "table":
        measure = MEASURES[0].key
        say_default(
            args.command,
            f"measure {measure}",
            f"the table shows one of the {len(MEASURES)} measures at a time, "
            "--format csv or xlsx all of them",
            "--measure",
        )
    if measure is None:
        return frame
    return frame[measure_columns(list(frame.columns), measure)]


def measure_columns(columns: list[str], measure: str) -> list[str]:
    """The columns of one measure of a practice profile, after its group column.

    ``contact_gap``: the cases and the share over the threshold with its limits;
    any other measure: its value, ``_n``, ``_expected`` and (shares and rates) its
    limits, signal and detectable difference (the layout of ``practice_profile``).
    Raises ``ConfigError`` for a name that is not a measure of ``MEASURES``.
    """
    from ipgar_metrics.errors import ConfigError
    from ipgar_metrics.metrics.practice import CONTACT_GAP_COLS, LIMIT_COLS, MEASURES

    keys = [m.key for m in MEASURES]
    if measure not in keys:
        raise ConfigError(
            f'no practice measure "{measure}"; choose one of: {", ".join(keys)}.'
        )
    if measure == keys[0]:
        own = set(CONTACT_GAP_COLS)
    else:
        own = {measure} | {f"{measure}_{c}" for c in ("n", *LIMIT_COLS)}
    return [columns[0], *(c for c in columns[1:] if c in own)]


def _why_no_rows(params: dict[str, object]) -> str:
    """Why the profile has no row: each group is below the case-manager threshold."""
    least = params["min_managers"]
    if params["by"] == "caseload_band":
        return (
            f"every caseload band has fewer than {least} case managers, so no band is "
            "shown (a row would show the work of one or two case managers)"
        )
    unit = "pool" if params["by"] == "pool" else "organisation"
    return (
        f"no {unit} has {least} or more case managers in the window, nor the "
        "smaller ones together, so no row is shown (a row would show the work of one "
        "or two case managers)"
    )
