"""``ipgar log``: list or verify the processing log; and the record of every command.

``command_record(args)`` wraps each command in ``main()``: after the command ran (also
after a one-line failure) it appends one entry to ``<db>.log.jsonl`` with the exit
code, the options (``store.record_processing`` keeps no identifying value), the
snapshot and the files written. Library calls inside the command (``load``,
``build_report``) hand their snapshot and outputs to that entry instead of writing
their own (``store.processing_session``). Commands without a store (no ``--db``, or
``ipgar key`` without it) and ``ipgar log`` itself are not recorded.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ipgar_metrics.cli._common import add_db, add_format, print_frame
from ipgar_metrics.errors import IpgarError

if TYPE_CHECKING:  # duckdb comes with the store: not imported by `ipgar --help`
    import duckdb

    from ipgar_metrics import store

#: Namespace entries that are argparse plumbing, not options.
_PLUMBING = frozenset({"handler", "_parser", "_unrecorded", "command", "_lang_default"})

#: The snapshot a read-only command read its store at (``note_snapshot``), so that
#: its entry need not open the store a second time; ``None`` outside a record.
_READ_SNAPSHOT: ContextVar[list[str | None] | None] = ContextVar(
    "ipgar_read_snapshot", default=None
)


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add the ``log`` subcommand."""
    p = sub.add_parser(
        "log",
        help="list the processing log of a store, or check its hash chain",
        description="List who ran which command on which snapshot (<db>.log.jsonl), "
        "or with --verify check that no line was edited or removed.",
    )
    add_db(p)
    p.add_argument(
        "--verify",
        action="store_true",
        help="check the hash chain: exit 0 when intact, 1 naming the first bad line",
    )
    add_format(p)
    p.set_defaults(handler=_run, _unrecorded=True)


def _run(args: argparse.Namespace) -> int:
    import pandas as pd

    from ipgar_metrics import store

    if args.verify:
        n = store.verify_processing_log(args.db)
        print(f"chain intact ({n} entries)")
        return 0
    rows = [
        {
            "time": e.get("time"),
            "user": e.get("user"),
            "command": e.get("command"),
            "snapshot": e.get("snapshot"),
            "outputs": " ".join(o.get("path", "") for o in e.get("outputs") or []),
        }
        for e in store.read_processing_log(args.db)
    ]
    print_frame(
        pd.DataFrame(rows, columns=list(store.LOG_COLUMNS)),
        args.format,
        raw=args.raw,
        args=args,
    )
    return 0


@dataclass
class CommandRecord:
    """The exit code ``main()`` sets; ``command_record`` writes it to the log."""

    code: int = 1


@contextmanager
def command_record(args: argparse.Namespace) -> Iterator[CommandRecord]:
    """Record the command in its store's processing log when the block ends.

    The exit code is 1 unless the block set ``record.code`` (an unexpected error).
    Nothing is recorded when neither the store nor its log exists afterwards (a
    mistyped ``--db``, a failed first load). When the log cannot be written, says so
    in one line on stderr and makes the exit code 1.
    """
    record = CommandRecord()
    db = getattr(args, "db", None)
    if db is None or getattr(args, "_unrecorded", False):
        yield record
        return
    from ipgar_metrics import store

    session = store.ProcessingSession()
    noted: list[str | None] = []
    token = _READ_SNAPSHOT.set(noted)
    try:
        with store.processing_session(session):
            yield record
    finally:
        _READ_SNAPSHOT.reset(token)
        _record(Path(db), args, session, record, noted[0] if noted else None)


def note_snapshot(con: duckdb.DuckDBPyConnection) -> None:
    """Note the snapshot of the read-only store ``con`` for the command's entry.

    Called where a command opens its store (``open_log``), before any filter: the
    entry then names the snapshot the command read, without opening the store again
    after it. Does nothing outside a recorded command.
    """
    noted = _READ_SNAPSHOT.get()
    if noted is None or noted:
        return
    from ipgar_metrics import store

    try:
        value = store.snapshot(con)["snapshot_id"]
    except IpgarError:
        return  # the entry reads it after the command, as without a note
    noted.append(None if value is None else str(value))


def _record(
    db: Path,
    args: argparse.Namespace,
    session: store.ProcessingSession,
    record: CommandRecord,
    read_snapshot: str | None = None,
) -> None:
    """Write the command's entry, unless neither the store nor its log exists."""
    from ipgar_metrics import store

    if not (db.exists() or store.log_path(db).exists()):
        return  # nothing was processed there (a failed first load leaves no store)
    try:
        store.record_processing(
            db,
            args.command,
            {k: v for k, v in vars(args).items() if k not in _PLUMBING},
            session.outputs,
            snapshot=session.snapshot or read_snapshot or _snapshot(db),
            exit_code=record.code,
            choices=_choices(args._parser),
        )
    except IpgarError as exc:
        print(f"ipgar {args.command}: {exc}", file=sys.stderr)
        record.code = 1


def _snapshot(db: Path) -> str | None:
    """The store's current snapshot id (``None``: no store, or it cannot be read)."""
    from ipgar_metrics import store

    if not db.exists():
        return None
    try:
        with store.connect(db) as con:
            value = store.snapshot(con)["snapshot_id"]
    except IpgarError:
        return None
    return None if value is None else str(value)


def _choices(parser: argparse.ArgumentParser) -> dict[str, tuple[Any, ...]]:
    """The allowed values of each option of the command that has them."""
    return {a.dest: tuple(a.choices) for a in parser._actions if a.choices is not None}
