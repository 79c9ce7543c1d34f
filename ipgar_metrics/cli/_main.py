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
from typing import NoReturn

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


#: The subcommands of each module of ``_COMMAND_MODULES`` (a contract test checks that
#: this table names exactly what each ``register`` adds). ``main`` imports only the
#: module of the command it runs, so a command does not pay for the others' imports.
_COMMANDS: dict[str, str] = {
    "demo": "ipgar_metrics.cli._demo",
    "simulate": "ipgar_metrics.cli._simulate",
    "load": "ipgar_metrics.cli._load",
    "validate": "ipgar_metrics.cli._load",
    "monthly": "ipgar_metrics.cli._monthly",
    "inspect": "ipgar_metrics.cli._inspect",
    "key": "ipgar_metrics.cli._key",
    "purge": "ipgar_metrics.cli._purge",
    "config": "ipgar_metrics.cli._config",
    "subject": "ipgar_metrics.cli._subject",
    "reidentify": "ipgar_metrics.cli._reidentify",
    "leadtime": "ipgar_metrics.cli._leadtime",
    "overview": "ipgar_metrics.cli._overview",
    "activities": "ipgar_metrics.cli._overview",
    "durations": "ipgar_metrics.cli._overview",
    "export": "ipgar_metrics.cli._export",
    "paths": "ipgar_metrics.cli._paths",
    "dfg": "ipgar_metrics.cli._paths",
    "conformance": "ipgar_metrics.cli._paths",
    "discover": "ipgar_metrics.cli._paths",
    "rules": "ipgar_metrics.cli._paths",
    "handovers": "ipgar_metrics.cli._handovers",
    "spectrum": "ipgar_metrics.cli._spectrum",
    "contact": "ipgar_metrics.cli._casework",
    "integrality": "ipgar_metrics.cli._casework",
    "flow": "ipgar_metrics.cli._casework",
    "caseload": "ipgar_metrics.cli._casework",
    "case": "ipgar_metrics.cli._case",
    "ptor": "ipgar_metrics.cli._ptor",
    "practice": "ipgar_metrics.cli._practice",
    "network": "ipgar_metrics.cli._network",
    "report": "ipgar_metrics.cli._report",
    "figures": "ipgar_metrics.cli._figures",
    "audit-disclosure": "ipgar_metrics.cli._audit",
    "evaluate": "ipgar_metrics.cli._evaluate",
    "whatif": "ipgar_metrics.cli._whatif",
    "log": "ipgar_metrics.cli._log",
}


def build_parser(command: str | None = None) -> argparse.ArgumentParser:
    """The argument parser with every available subcommand.

    With ``command`` (a name of ``_COMMANDS``) only the module of that command is
    imported and registered: its parser, usage and help are the same as in the full
    parser; any other command is then an invalid choice.
    """
    parser = argparse.ArgumentParser(
        prog="ipgar",
        description="Process mining and lead-time analytics for the iPGA-R.",
    )
    parser.add_argument("--version", action="version", version=f"ipgar {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    modules = _COMMAND_MODULES if command is None else (_COMMANDS[command],)
    for name in modules:
        try:
            module = importlib.import_module(name)
        except ModuleNotFoundError as exc:
            if exc.name == name:
                continue  # that area is not built yet
            raise
        module.register(sub)
    if command is not None and command not in sub.choices:
        return build_parser()  # its area is not built: list the commands that are
    for sub_parser in sub.choices.values():  # for usage errors found in a handler
        sub_parser.set_defaults(_parser=sub_parser)
    return parser


def _command_of(argv: Sequence[str]) -> str | None:
    """The subcommand ``argv`` names, when it is a known one and comes first.

    ``None`` (build the full parser) for ``ipgar``, ``ipgar --help``, ``ipgar
    --version`` and a mistyped command, so that their output lists every command.
    """
    if not argv or argv[0] not in _COMMANDS:
        return None
    return argv[0]


def run() -> NoReturn:
    """The ``ipgar`` console script: ``main()``, then leave without the teardown."""
    from ipgar_metrics.cli._exit import leave

    leave(main())


def main(argv: Sequence[str] | None = None) -> int:
    """Run the ``ipgar`` command line; returns the exit code."""
    words = sys.argv[1:] if argv is None else list(argv)
    parser = build_parser(_command_of(words))
    args, unknown = parser.parse_known_args(words)
    if unknown:  # the subcommand's usage, not the top level's (exits 2)
        args._parser.error(f"unrecognized arguments: {' '.join(unknown)}")
    from ipgar_metrics import privacy
    from ipgar_metrics.cli._common import say_lang_default
    from ipgar_metrics.cli._log import command_record  # the processing log

    # every file a command writes (--out, reports, drafts) is owner-only
    with privacy.private_files(), command_record(args) as record:
        try:
            record.code = int(args.handler(args) or 0)
            if record.code == 0:
                say_lang_default(args)  # a default used on the way, said once
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
