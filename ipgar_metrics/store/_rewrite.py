"""Rewriting the store file so that deleted or overwritten bytes are gone from it.

DuckDB keeps the blocks of deleted and updated rows in the file, to be reused later;
a checkpoint does not clear them. When values must leave the file (a purge, the
masking of rejects at the upgrade to schema version 2), ``rewrite_store`` copies the
live tables into a new file and puts it in the place of the old one.
"""

from __future__ import annotations

import contextlib
import os
from pathlib import Path

import duckdb

from ipgar_metrics.errors import StoreError
from ipgar_metrics.store._spill import limit_memory, store_spill_folder


def rewrite_store(path: str | os.PathLike[str]) -> None:
    """Copy the store at ``path`` into a new file and replace the old one with it.

    No other connection may be open. The copy is written owner-only beside the store
    (``<db>.rewrite``) and moved over the old file in one rename; after a crash the
    old file is still whole and the copy is left to be removed by the next rewrite.
    """
    db = Path(path)
    fresh = db.with_name(db.name + ".rewrite")
    for leftover in (fresh, fresh.with_name(fresh.name + ".wal")):
        leftover.unlink(missing_ok=True)
    old_umask = os.umask(0o077)
    try:
        con = duckdb.connect(
            str(db),
            config={
                "autoload_known_extensions": False,
                "autoinstall_known_extensions": False,
                "temp_directory": str(store_spill_folder(db)),
            },
        )
        try:
            con.execute("SET enable_progress_bar = false").fetchall()
            limit_memory(con)
            con.execute("ATTACH ? AS _fresh", [str(fresh)]).fetchall()
            name = con.execute("SELECT current_database()").fetchall()[0][0]
            con.execute(f'COPY FROM DATABASE "{name}" TO _fresh').fetchall()
            con.execute("DETACH _fresh").fetchall()
        finally:
            con.close()
    except duckdb.Error as exc:
        with contextlib.suppress(OSError):
            fresh.unlink(missing_ok=True)
        raise StoreError(
            f"could not rewrite {db} ({str(exc).splitlines()[0]}); the store is "
            "unchanged: free disk space and try again."
        ) from None
    finally:
        os.umask(old_umask)
    os.replace(fresh, db)
    db.with_name(db.name + ".wal").unlink(missing_ok=True)
    db.chmod(0o600)
