"""The ``ipgar`` command: parse, call the public API, print. No logic lives here.

Each command group registers its subcommands from its own ``cli/_<group>.py`` module with a
``register(subparsers)`` function; heavy libraries (pm4py, plotly) are imported only
inside the handlers that need them, so ``ipgar --help`` stays fast.

Exit codes (the table in the README): 0 success; 2 a usage error, anything wrong that
shows before the store or a file is opened (argparse's own, with the usage of the
subcommand that was mistyped); 1 a problem with the input or the store, including a
well-formed value the store does not know (an ``IpgarError``, or a file that cannot
be read or written: one line on stderr, no traceback). Shared options and the
default as-of live in ``_common``.
"""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Sequence

from ipgar_metrics import __version__
from ipgar_metrics.errors import IpgarError

#: Modules that add subcommands, in the order ``ipgar --help`` lists them.
_COMMAND_MODULES: tuple[str, ...] = (
    "ipgar_metrics.cli._demo",
    "ipgar_metrics.cli._simulate",
    "ipgar_metrics.cli._load",
    "ipgar_metrics.cli._monthly",
    "ipgar_metrics.cli._inspect",
    "ipgar_metrics.cli._key",
    "ipgar_metrics.cli._purge",
    "ipgar_metrics.cli._config",
    "ipgar_metrics.cli._subject",
    "ipgar_metrics.cli._reidentify",
    "ipgar_metrics.cli._leadtime",
    "ipgar_metrics.cli._overview",
    "ipgar_metrics.cli._export",
    "ipgar_metrics.cli._paths",
    "ipgar_metrics.cli._handovers",
    "ipgar_metrics.cli._spectrum",
    "ipgar_metrics.cli._casework",
    "ipgar_metrics.cli._case",
    "ipgar_metrics.cli._ptor",
    "ipgar_metrics.cli._practice",
    "ipgar_metrics.cli._network",
    "ipgar_metrics.cli._report",
    "ipgar_metrics.cli._figures",
    "ipgar_metrics.cli._audit",
    "ipgar_metrics.cli._evaluate",
    "ipgar_metrics.cli._whatif",
    "ipgar_metrics.cli._log",
)


def build_parser() -> argparse.ArgumentParser:
    """The argument parser with every available subcommand."""
    parser = argparse.ArgumentParser(
        prog="ipgar",
        description="Process mining and lead-time analytics for the iPGA-R.",
    )
    parser.add_argument("--version", action="version", version=f"ipgar {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    for name in _COMMAND_MODULES:
        try:
            module = importlib.import_module(name)
        except ModuleNotFoundError as exc:
            if exc.name == name:
                continue  # that area is not built yet
            raise
        module.register(sub)
    for sub_parser in sub.choices.values():  # for usage errors found in a handler
        sub_parser.set_defaults(_parser=sub_parser)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the ``ipgar`` command line; returns the exit code."""
    parser = build_parser()
    args, unknown = parser.parse_known_args(argv)
    if unknown:  # the subcommand's usage, not the top level's (exits 2)
        args._parser.error(f"unrecognized arguments: {' '.join(unknown)}")
    from ipgar_metrics import privacy
    from ipgar_metrics.cli._log import command_record  # the processing log

    # every file a command writes (--out, reports, drafts) is owner-only
    with privacy.private_files(), command_record(args) as record:
        try:
            record.code = int(args.handler(args) or 0)
            sys.stdout.flush()  # a closed pipe shows here, not at interpreter exit
        except BrokenPipeError:  # `ipgar ... | head`: the reader left; stop quietly
            import os

            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
            record.code = 1
        except IpgarError as exc:
            print(f"ipgar {args.command}: {exc}", file=sys.stderr)
            record.code = 1
        except OSError as exc:  # a folder that is a file, no permission, a full disk
            where = f" ({exc.filename})" if exc.filename else ""
            print(
                f"ipgar {args.command}: {exc.strerror or exc}{where}; check the path "
                "and its permissions.",
                file=sys.stderr,
            )
            record.code = 1
        except KeyboardInterrupt:
            print("ipgar: interrupted", file=sys.stderr)
            record.code = 130
    return record.code
