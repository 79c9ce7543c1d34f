"""``ipgar load`` and ``ipgar validate``: thin wrappers around ``load`` and ``validate``.

Both take the same inputs (``_add_inputs``: paths, ``--mapping``, ``--profile``,
``--export-date``); ``load`` adds the shared ``--db``, ``--export-window`` and
``--keep-deletions`` (corrections and deletions in the source, docs/store.md),
``validate`` ``--format``.
The export date and profile the load chose (``LoadResult.choices``) are said on
stderr, one line each; a load that would load no row exits 1 and stores nothing.
When the store's settings hold a retention period (``ipgar config
--retention-years N``), a successful load is followed by the purge of the persons
whose approach ended before the export date minus N years (``governance.purge``,
its own transaction), said in one line on stdout.
``--relations FILE`` / ``--locations FILE`` load the relations between persons and
the key locations (``load_relations``; only when the store's settings enable
relations with a DPIA reference); the event paths are then optional. With both,
the events load first and then the relations, each in its own transaction (a
refused or failed relations load leaves the loaded events in place).
"""

from __future__ import annotations

import argparse
from collections.abc import Sequence
from pathlib import Path

from ipgar_metrics import schema
from ipgar_metrics.cli._common import (
    add_db,
    add_format,
    parse_date,
    print_frame,
    say_choices,
    usage_error,
)
from ipgar_metrics.cli._progress import add_quiet, progress
from ipgar_metrics.cli._retention import apply_retention


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add the ``load`` and ``validate`` subcommands."""
    p = sub.add_parser("load", help="load exports into the event store")
    _add_inputs(p, paths="*")
    p.add_argument(
        "--relations",
        type=Path,
        default=None,
        metavar="FILE",
        help="relations.csv: relations between persons (case_id_a, case_id_b, "
        "relation, start, end); only when the store enables relations with a DPIA "
        "(ipgar config --enable relations --dpia REF). Loaded after the events, in "
        "its own transaction",
    )
    p.add_argument(
        "--locations",
        type=Path,
        default=None,
        metavar="FILE",
        help="locations.csv: persons at key locations (case_id, location_id, start, "
        "end); the same DPIA gate as --relations",
    )
    p.add_argument(
        "--export-window",
        nargs="+",
        action=_WindowAction,
        default=None,
        metavar=("FIRST|full", "LAST"),
        help="FIRST LAST: the export holds every event of this period (local dates "
        "YYYY-MM-DD, inclusive); full: of its whole history. Events of the store in it that "
        "the export lacks are deleted in the source (kept in event_history). "
        "Default: export_window of the mapping file, else none (nothing is deleted)",
    )
    p.add_argument(
        "--keep-deletions",
        action="store_true",
        help="hold the events deleted in the source in the store for review (quality "
        "flag deleted_in_source) instead of removing them",
    )
    add_db(p)
    add_quiet(p)
    _add_case_managers(p)
    p.set_defaults(handler=_load)
    v = sub.add_parser("validate", help="check exports without loading them")
    _add_inputs(v)
    add_format(v)
    add_quiet(v)
    v.set_defaults(handler=_validate)


def _add_inputs(p: argparse.ArgumentParser, paths: str = "+") -> None:
    p.add_argument(
        "paths", nargs=paths, type=Path, metavar="PATH", help="export file(s)"
    )
    p.add_argument("--mapping", type=Path, default=None, help="mapping file (TOML)")
    p.add_argument(
        "--profile",
        choices=schema.PROFILES,
        default=None,
        help="ipgar checks the iPGA-R vocabulary, generic accepts any activity (any "
        "event log). Default: the store's profile; for a new store ipgar with a "
        "mapping file or iPGA-R activity codes, generic for an XES log",
    )
    p.add_argument(
        "--export-date",
        type=parse_date,
        default=None,
        help="date the export was taken, YYYY-MM-DD; later events are rejected. "
        "Default: export_date of the mapping file, else the newest event in the file",
    )


def _load(args: argparse.Namespace) -> int:
    network = args.relations is not None or args.locations is not None
    if not args.paths and not network and args.case_managers is None:
        usage_error(
            args,
            "give the export file(s) to load, or --relations/--locations FILE, or "
            "--case-managers FILE",
        )
    events_only = {
        "--profile": args.profile,
        "--export-date": args.export_date,
        "--export-window": args.export_window,
        "--keep-deletions": args.keep_deletions or None,
    }
    given = [name for name, value in events_only.items() if value is not None]
    if not args.paths and given:
        usage_error(args, f"{', '.join(given)} goes with event export files")
    if args.paths:
        _load_events(args)
    if network:
        _load_relations(args)
    if args.case_managers is not None:
        _load_case_managers(args)
    return 0


def _load_relations(args: argparse.Namespace) -> None:
    from ipgar_metrics import load_relations

    named = [p for p in (args.relations, args.locations) if p is not None]
    with progress(f"loading {_files(named)}", quiet=args.quiet):
        result = load_relations(
            args.relations, locations=args.locations, db=args.db, mapping=args.mapping
        )
    print(result.summary())


def _load_events(args: argparse.Namespace) -> None:
    from ipgar_metrics import load

    with progress(f"loading {_files(args.paths)}", quiet=args.quiet):
        result = load(
            args.paths,
            mapping=args.mapping,
            db=args.db,
            profile=args.profile,
            export_date=args.export_date,
            require_events=True,
            export_window=args.export_window,
            keep_deletions=args.keep_deletions,
        )
    note = result.new_values_note()
    say_choices(
        args.command, result.choices(), [*result.notes, *([note] if note else [])]
    )
    print(result.summary())
    print(
        f"load {result.load_id}, snapshot {result.snapshot_id}, store {args.db}, "
        f"key from {result.key_source}"
    )
    if len(result.rejects):
        by_reason = result.rejects.groupby("reason_code").size().sort_index()
        print("rejects by reason:")
        for reason, n in by_reason.items():
            print(f"  {reason}: {n}")
        print("details: table rejected_events, or `ipgar validate` on the export.")
    apply_retention(args.db, result.load_id, result.export_date)


# -- case managers' pools (issue 23 item 3c): ipgar load --case-managers FILE -------
def _add_case_managers(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--case-managers",
        type=Path,
        default=None,
        metavar="FILE",
        help="also load a case_managers.csv (case_manager,pool[,trained_on]): the "
        "pools of the case managers, after the export (or alone, into a loaded store)",
    )


def _load_case_managers(args: argparse.Namespace) -> None:
    from ipgar_metrics import load_case_managers

    result = load_case_managers(args.case_managers, db=args.db)
    print(result.summary())
    for r in result.rejects.itertuples():
        print(f"  rejected: {r.file} line {r.row}, column {r.column}: {r.reason}")


def _validate(args: argparse.Namespace) -> int:
    from ipgar_metrics import validate
    from ipgar_metrics.metrics.quality import has_errors

    if not args.paths:
        usage_error(args, "give the export file(s) to check.")
    with progress(f"checking {_files(args.paths)}", quiet=args.quiet):
        report = validate(
            args.paths,
            mapping=args.mapping,
            profile=args.profile,
            export_date=args.export_date,
        )
    note = report.attrs.get("new_values")
    say_choices(args.command, report.attrs.get("choices", []), [note] if note else [])
    print_frame(report, args.format, raw=args.raw, args=args)
    return 1 if has_errors(report) else 0


class _WindowAction(argparse.Action):
    """``--export-window``: ``full`` or two dates (``load`` checks the dates).

    The option takes one or two words, so a third (an export file written after it)
    is a usage error that says so, not a confusing "PATH is required".
    """

    def __call__(
        self,
        parser: argparse.ArgumentParser,
        namespace: argparse.Namespace,
        values: str | Sequence[object] | None,
        option_string: str | None = None,
    ) -> None:
        words = [str(v) for v in values or []]
        if words == ["full"]:
            setattr(namespace, self.dest, "full")
        elif len(words) == 2 and "full" not in words:
            setattr(namespace, self.dest, (words[0], words[1]))
        else:
            parser.error(
                "argument --export-window: give full, or two dates FIRST LAST "
                "(YYYY-MM-DD); write the export files before the option"
            )


def _files(paths: list[Path]) -> str:
    """What the progress line names: the file, or how many (file names only)."""
    return paths[0].name if len(paths) == 1 else f"{len(paths)} files"
