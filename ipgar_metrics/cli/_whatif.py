"""``ipgar whatif``: what a change of the intake phase would do to the lead time.

Estimates the intake model from the store (complete reports of the window), turns
the knobs of ``--set`` and ``--scenario``, simulates baseline and scenario with the
same seed and prints them beside the observed figures. The model's notes (window
moved, open reports left out) and each default the command chooses go to stderr.
"""

from __future__ import annotations

import argparse
import json
import sys

from ipgar_metrics.cli._common import (
    add_as_of,
    add_db,
    add_format,
    as_of_or_last_event,
    at_least,
    parse_date,
    print_frame,
    say_default,
)

#: Defaults of the options (repeated here so ``--help`` imports no numpy).
RUNS = 1000
SEED = 0
BOOTSTRAP = 100
MONTHS = 12
KNOB_NAMES = (
    "info_loops",
    "info_wait",
    "ivgr_interval_days",
    "ptor_interval_days",
    "intermediate_share",
)


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add the ``whatif`` subcommand."""
    p = sub.add_parser(
        "whatif",
        help="predict the lead time to intake under a scenario (knobs on the intake "
        "model estimated from the store)",
        description="Estimates the intake phase from the complete reports of the "
        "store (reported at least 32 weeks before the as-of) and simulates years of "
        "reports, as they are (baseline) and under the knobs of --set and "
        "--scenario: mean, median and p90 of the lead time from report to intake "
        "with 95%% intervals over the runs (one run is one year of reports; the "
        "runs are spread over models re-estimated from resampled reports), the "
        "share taken in, and the observed figures. Knobs: "
        + ", ".join(KNOB_NAMES)
        + ". The model leaves out that fewer information rounds may change the "
        "decisions; check a prediction afterwards with --check-from DATE (the "
        "model as of the change beside the months after it).",
    )
    add_db(p)
    add_as_of(p)
    p.add_argument(
        "--set",
        dest="knobs",
        action="append",
        default=[],
        metavar="KNOB=VALUE",
        help="a knob of the scenario, e.g. info_loops=0.5 (repeatable; overrides "
        "the same knob of --scenario)",
    )
    p.add_argument(
        "--scenario",
        metavar="FILE",
        help="a TOML file with name, description and a [knobs] table",
    )
    p.add_argument(
        "--runs",
        type=at_least(10),
        default=RUNS,
        help=f"simulated years (default {RUNS})",
    )
    p.add_argument(
        "--seed", type=int, default=SEED, help=f"random seed (default {SEED})"
    )
    p.add_argument(
        "--bootstrap",
        type=at_least(0),
        default=BOOTSTRAP,
        metavar="N",
        help="models re-estimated from resampled reports for the intervals "
        f"(default {BOOTSTRAP}; 0: intervals over runs only)",
    )
    p.add_argument(
        "--parameters",
        action="store_true",
        help="print the estimated model's parameters (parameter, value, n, meaning; "
        "the information waits per organisation among them) instead of a scenario",
    )
    p.add_argument(
        "--check-from",
        type=parse_date,
        metavar="DATE",
        help="check a prediction against the outcome: estimate the model as of DATE "
        "(the day the change took effect), simulate the knobs, and set mean, "
        "median, p90 and share admitted beside those observed for the reports of "
        "the months after it (as of --as-of)",
    )
    p.add_argument(
        "--months",
        type=at_least(1),
        default=None,
        help=f"with --check-from: months after the change to compare with "
        f"(default {MONTHS}, as ipgar evaluate)",
    )
    add_format(p)
    p.set_defaults(handler=_whatif)


def _check(
    args: argparse.Namespace, con: object, as_of: object, scenario: object
) -> int:
    """``--check-from``: the prediction of that day beside the outcome."""
    from ipgar_metrics.metrics.whatif import prediction_check

    months = args.months
    if months is None:
        months = MONTHS
        say_default(
            "whatif",
            f"after period: {MONTHS} months from the change",
            "as ipgar evaluate",
            "--months",
        )
    frame = prediction_check(
        con,  # type: ignore[arg-type]
        scenario=scenario,  # type: ignore[arg-type]
        change=args.check_from,
        as_of=as_of,
        window_months=months,
        runs=args.runs,
        seed=args.seed,
        bootstrap=args.bootstrap,
    )
    for note in frame.attrs["ipgar"]["params"]["notes"]:
        print(f"ipgar whatif: {note}", file=sys.stderr)
    print_frame(frame, args.format, raw=args.raw, args=args)
    return 0


def _whatif(args: argparse.Namespace) -> int:
    from ipgar_metrics import store
    from ipgar_metrics.metrics.whatif import (
        LIMITS,
        Scenario,
        comparison_json,
        intake_model,
        parse_knobs,
        scenario_comparison,
        scenario_from_toml,
    )

    knobs = parse_knobs(args.knobs)  # an unknown knob: one line, exit 1
    scenario = scenario_from_toml(args.scenario) if args.scenario else Scenario()
    scenario = Scenario(
        name=scenario.name if args.scenario else "scenario",
        description=scenario.description,
        knobs={**scenario.knobs, **knobs},
    )
    with store.connect(args.db) as con:
        as_of = as_of_or_last_event(args, con, ipgar=True)
        if args.check_from is not None:
            return _check(args, con, as_of, scenario)
        if args.parameters:
            print_frame(
                intake_model(con, as_of=as_of).parameters(),
                args.format,
                raw=args.raw,
                args=args,
            )
            return 0
        frame = scenario_comparison(
            con,
            as_of=as_of,
            scenario=scenario,
            runs=args.runs,
            seed=args.seed,
            bootstrap=args.bootstrap,
        )
    for note in frame.attrs["ipgar"]["params"]["notes"]:
        print(f"ipgar whatif: {note}", file=sys.stderr)
    print(f"ipgar whatif: the model leaves out: {LIMITS[0]}", file=sys.stderr)
    if args.format == "json":
        json.dump(comparison_json(frame), sys.stdout, ensure_ascii=False, indent=1)
        sys.stdout.write("\n")
    else:
        print_frame(frame, args.format, raw=args.raw, args=args)
    return 0
