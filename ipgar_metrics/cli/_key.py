"""``ipgar key``: which pseudonymisation key a load would use, and whether a store has it.

Prints where the key comes from (the variable ``IPGAR_KEY`` or the key file), its
fingerprint (``privacy.key_fingerprint``, never the key) and, with ``--db``, whether
the store was loaded with that key. Creates no key file.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from ipgar_metrics import config


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add the ``key`` subcommand."""
    p = sub.add_parser(
        "key", help="show which pseudonymisation key a load would use (never the key)"
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


def _key(args: argparse.Namespace) -> int:
    from ipgar_metrics import privacy, store

    source = privacy.key_source()
    print(f"key source: {source}")
    if args.show_source:
        return 0
    key = privacy.load_key(create=False)
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
