"""``ipgar case PSEUDONYM``: one case as a time line (intern drill-down).

Thin handler over ``case_timeline``: the case's events and status periods, with the
activities, organisations, life domains, outcomes and statuses in Dutch (``--lang
en`` for English). The case is named by its pseudonym; a raw case number is never
taken or shown. Intern only: the output names one person (by pseudonym) and is not
for a wider audience. The run is recorded in the store's processing log.
"""

from __future__ import annotations

import argparse

from ipgar_metrics.cli._common import (
    add_as_of,
    add_db,
    add_format,
    as_of_or_last_event,
    print_frame,
    reader_lang,
)


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add the ``case`` subcommand."""
    p = sub.add_parser(
        "case",
        help="one case as a time line: events, statuses, case managers (intern)",
        description="The events and status periods (in the approach, detained, "
        "travelled, static) of one case, by its pseudonym as the intern reports and "
        "`ipgar paths --episodes-of N` show it. Intern only: pseudonyms, never a "
        "case number; a person whose processing is restricted is refused.",
    )
    p.add_argument("pseudonym", metavar="PSEUDONYM", help="the case's pseudonym (C...)")
    add_db(p)
    add_as_of(p)
    add_format(p, lang_help="language of the labels and headers (default nl)")
    p.set_defaults(handler=_run_case)


def _run_case(args: argparse.Namespace) -> int:
    from ipgar_metrics import case_timeline, labels, store

    con = store.connect(args.db)
    try:
        frame = case_timeline(
            con, case_id=args.pseudonym, as_of=as_of_or_last_event(args, con)
        )
        snapshot = store.snapshot(con)["snapshot_id"]
    finally:
        con.close()
    lang = reader_lang(args)
    for column, table in (
        ("activity", labels.ACTIVITY_LABELS),
        ("org", labels.ORG_LABELS),
        ("life_domain", labels.LIFE_DOMAIN_LABELS),
        ("outcome", labels.OUTCOME_LABELS),
        ("status", {**labels.STATUS_LABELS, **labels.CASE_TIMELINE_LABELS}),
        ("kind", labels.CASE_TIMELINE_LABELS),
    ):
        frame[column] = frame[column].map(
            lambda v, t=table: None if v is None or v != v else labels.label(v, lang, t)
        )
    store.record_processing(
        args.db, "casework.case_timeline", {}, [], snapshot=snapshot
    )
    print_frame(frame, args.format, raw=args.raw, args=args)
    return 0
