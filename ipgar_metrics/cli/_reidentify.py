"""``ipgar reidentify``: for the key holder, the case numbers behind listed pseudonyms.

A thin wrapper around ``ingest.reidentify``: reads ``--export`` as ``ipgar load``
does (``--mapping``), pseudonymises its case ids with the key and writes
``pseudonym,case_id`` for the pseudonyms of ``--list`` (the intern report's
``ptor-YYYY-MM-intern.actions.csv``) to the new owner-only file ``--out`` (never
overwritten). Stdout holds counts only; no case number is printed or logged. With
``--db`` the key is checked against the store and the run is recorded in its
processing log (options redacted). See ``docs/privacy.md``, "Re-identification for
the PTO-R meeting".
"""

from __future__ import annotations

import argparse
from pathlib import Path


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add the ``reidentify`` subcommand."""
    p = sub.add_parser(
        "reidentify",
        help="key holder: the case numbers behind a report's listed pseudonyms",
        description="Hash the case ids of an export with the key and write "
        "pseudonym,case_id for the pseudonyms of an action list only, to a new "
        "owner-only file. Nothing goes to the store; stdout holds counts only.",
    )
    p.add_argument("--export", type=Path, required=True, metavar="FILE",
                   help="the export the store was loaded from")  # fmt: skip
    p.add_argument("--mapping", type=Path, default=None, metavar="FILE",
                   help="the mapping file the export was loaded with")  # fmt: skip
    p.add_argument("--list", type=Path, required=True, metavar="ACTIONS.csv",
                   dest="listing",
                   help="a CSV with a column pseudoniem (or pseudonym): ptor-YYYY-MM-intern.actions.csv")  # fmt: skip
    p.add_argument("--out", type=Path, required=True, metavar="FILE",
                   help="new file for pseudonym,case_id (owner-only, never overwritten)")  # fmt: skip
    p.add_argument("--db", type=Path, default=None, metavar="FILE",
                   help="the store: check the key against it and record the run "
                   "in its processing log")  # fmt: skip
    p.set_defaults(handler=_reidentify)


def _reidentify(args: argparse.Namespace) -> int:
    from ipgar_metrics.ingest import reidentify

    result = reidentify(
        export=args.export,
        listing=args.listing,
        out=args.out,
        mapping=args.mapping,
        db=args.db,
    )
    print(result.summary())
    return 0
