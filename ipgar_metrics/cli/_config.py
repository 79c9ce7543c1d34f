"""``ipgar config``: show or change the store's settings (retention, relations).

A thin wrapper around ``governance``'s settings functions: without an option it
lists the settings; ``--retention-years N`` sets the retention period that every
``ipgar load`` applies; ``--enable relations --dpia REFERENCE`` and ``--disable
relations`` open and close the DPIA gate of relations between persons. Every change
is recorded in the processing log (the DPIA reference included). See
``docs/privacy.md``, "Retention" and "Relations".
"""

from __future__ import annotations

import argparse

from ipgar_metrics.cli._common import add_db, at_least, usage_error

#: What ``--enable``/``--disable`` can switch.
_SWITCHES = ("relations",)


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add the ``config`` subcommand."""
    p = sub.add_parser(
        "config",
        help="show or change the store's settings (retention, relations with a DPIA)",
        description="Without an option, list the store's settings. A change is "
        "recorded in the store's processing log.",
    )
    add_db(p)
    p.add_argument(
        "--retention-years",
        type=at_least(1),
        default=None,
        metavar="N",
        help="purge, at each load, the persons whose approach ended more than N "
        "years before the export date",
    )
    p.add_argument(
        "--report-archive",
        default=None,
        metavar="DIR",
        help="the folder of earlier reports: its intern reports of months before the "
        "retention period are removed at each load",
    )
    switch = p.add_mutually_exclusive_group()
    switch.add_argument(
        "--enable",
        choices=_SWITCHES,
        default=None,
        help="allow processing relations between persons (needs --dpia)",
    )
    switch.add_argument(
        "--disable",
        choices=_SWITCHES,
        default=None,
        help="stop processing relations between persons",
    )
    p.add_argument(
        "--dpia",
        default=None,
        metavar="REFERENCE",
        help="the reference of the approved DPIA that allows --enable relations",
    )
    p.set_defaults(handler=_config)


def _config(args: argparse.Namespace) -> int:
    from ipgar_metrics import governance, store

    if args.enable and not (args.dpia or "").strip():
        usage_error(
            args,
            "--enable relations needs --dpia REFERENCE (the approved DPIA); the "
            "store processes relations only with it",
        )
    if args.dpia is not None and not args.enable:
        usage_error(args, "--dpia goes with --enable relations")
    if args.retention_years is not None:
        governance.set_retention(args.db, args.retention_years)
    if args.report_archive is not None:
        governance.set_report_archive(args.db, args.report_archive)
    if args.enable:
        governance.enable_relations(args.db, args.dpia)
    if args.disable:
        print(governance.disable_relations(args.db).summary())
    with store.connect(args.db) as con:
        values = governance.store_settings(con)
    for key in governance.SETTINGS:
        print(f"{key}: {'(not set)' if values[key] is None else values[key]}")
    return 0
