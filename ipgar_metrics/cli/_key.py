"""``ipgar key``: which pseudonymisation key a load would use; ``ipgar key create`` makes one.

``ipgar key`` prints where the key comes from (the variable ``IPGAR_KEY`` or the key
file), its fingerprint (``privacy.key_fingerprint``, never the key) and, with ``--db``,
whether the store was loaded with that key; it creates nothing. ``ipgar key create``
is the only command that writes a key: to ``--file``, else the key file a load reads
(``IPGAR_KEY_FILE`` or the user's configuration folder), never over an existing one.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from ipgar_metrics import config


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add the ``key`` subcommand and its ``create`` action."""
    p = sub.add_parser(
        "key",
        help="show which pseudonymisation key a load would use (never the key); "
        "`ipgar key create` makes the key",
    )
    p.add_argument(
        "--show-source",
        action="store_true",
        help="print only where the key comes from (variable or key file)",
    )
    p.add_argument(
        "--db",
        type=Path,
        default=None,
        help=f"compare with the key this store was loaded with (e.g. {config.DEFAULT_DB})",
    )
    p.set_defaults(handler=_key)
    actions = p.add_subparsers(dest="key_action", metavar="{create}")
    create = actions.add_parser(
        "create",
        help="create the pseudonymisation key once (owner-only file; never overwrites)",
        description="Write a new random key (64 hex characters) to the key file and "
        "say where it went and how to back it up (docs/privacy.md).",
    )
    create.add_argument(
        "--file",
        type=Path,
        default=None,
        help=f"where to write the key (default: ${config.KEY_FILE_ENV}, else "
        f"{config.DEFAULT_KEY_FILE})",
    )
    create.set_defaults(handler=_create)


def _key(args: argparse.Namespace) -> int:
    from ipgar_metrics import privacy, store

    source = privacy.key_source()
    print(f"key source: {source}")
    if args.show_source:
        return 0
    key = privacy.load_key()
    mine = privacy.key_fingerprint(key)
    print(f"fingerprint: {mine}")
    if args.db is None:
        return 0
    con = store.connect(args.db)
    try:
        recorded = store.meta_value(con, "key_fingerprint")
    finally:
        con.close()
    if recorded is None:
        print(
            f"store {args.db}: no key fingerprint recorded (its next load records it)"
        )
        return 0
    same = recorded == mine
    verdict = (
        "loaded with this key" if same else f"loaded with another key ({recorded})"
    )
    print(f"store {args.db}: {verdict}")
    return 0 if same else 1


def _create(args: argparse.Namespace) -> int:
    import os

    from ipgar_metrics import privacy

    path = (args.file or privacy.key_file()).expanduser().absolute()
    key = privacy.create_key(path)
    where = (
        "mode 0600, readable by you only"
        if os.name == "posix"
        else "keep it in your own profile folder, see docs/windows.md"
    )
    print(f"key created at {path} ({where})")
    print(f"fingerprint: {privacy.key_fingerprint(key)}")
    print(
        "back it up now: copy the file to the team's secrets store or an encrypted "
        "medium kept under dual control (docs/privacy.md, 'Custody'); without it, "
        "later exports cannot join the stores loaded with it."
    )
    if args.file is not None and args.file.expanduser().absolute() != (
        privacy.key_file().absolute()
    ):
        print(f"loads read it when {config.KEY_FILE_ENV}={path} is set.")
    if os.environ.get(config.KEY_ENV):
        print(
            f"note: {config.KEY_ENV} is set and comes first; loads use it, not this "
            "file, until it is unset."
        )
    return 0
