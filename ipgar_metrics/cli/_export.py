"""``ipgar export``: the (filtered) log as XES or CSV for another process-mining tool.

Thin handler: the filter options select the cases (``cli/_filters``),
``export_log`` writes the file (owner-only: it holds events of persons, under their
pseudonyms), and the processing log records it.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from ipgar_metrics.cli._common import (
    add_as_of,
    add_db,
    as_of_or_last_event,
    snapshot_note,
)
from ipgar_metrics.cli._filters import add_filters, open_log


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add the ``export`` subcommand."""
    p = sub.add_parser(
        "export",
        help="write the (filtered) log as XES or CSV for Disco, ProM, Apromore, pm4py",
        description="Write the events of the store, or of the cases the filters keep, "
        "to --out: .xes or .xes.gz (XES) or .csv. Cases are named by their pseudonyms; "
        "ideology and risk category are never exported. The file is owner-only.",
    )
    add_db(p)
    add_filters(p)
    add_as_of(p)
    p.add_argument(
        "--out", type=Path, required=True, help="the file: .xes, .xes.gz or .csv"
    )
    p.set_defaults(handler=_run_export)


def _run_export(args: argparse.Namespace) -> int:
    from ipgar_metrics import export_log, privacy, store
    from ipgar_metrics.metrics.paths import export_format

    export_format(args.out)  # a wrong name is said before the store is read
    con = open_log(args)
    try:
        as_of = as_of_or_last_event(args, con)
        snapshot = store.snapshot(con)["snapshot_id"]
        with privacy.private_files():
            args.out.parent.mkdir(parents=True, exist_ok=True)
            counts = export_log(con, out=args.out, as_of=as_of)
    finally:
        con.close()
    privacy.make_owner_only(args.out)
    store.record_processing(
        args.db, "paths.export_log", {"out": args.out}, [args.out], snapshot=snapshot
    )
    print(
        f"wrote {counts['cases']} cases, {counts['events']} events to {args.out}"
        + snapshot_note(snapshot)
    )
    return 0
