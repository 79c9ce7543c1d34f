"""Where DuckDB spills: private folders, emptied of what a crash left behind.

A query larger than the memory limit writes temporary blocks to disk. They hold
pseudonymised rows, so they are kept as private as the store: a store on disk spills
into ``<db>.tmp/`` beside it, an in-memory store (``validate``, notebooks) into a
folder of its own in the user's cache folder; both are owner-only (0700), never the
current folder. ``docs/data-inventory.md`` lists them.
"""

from __future__ import annotations

import atexit
import contextlib
import os
import shutil
import tempfile
import time
from pathlib import Path

import duckdb
import platformdirs

#: DuckDB memory limit of the steps that rewrite every event: a load, the upgrade of
#: an older store and the rewrite of its file (``IPGAR_MEMORY_LIMIT`` overrides);
#: larger intermediate tables spill to ``<db>.tmp/`` (already pseudonymised).
REWRITE_MEMORY_LIMIT = "4GB"

#: Spill folders of in-memory stores older than this were left by a crash.
_STALE_SECONDS = 24 * 3600
_PREFIX = "spill-"


def limit_memory(con: duckdb.DuckDBPyConnection) -> None:
    """Set the memory limit of a step that rewrites every event.

    ``IPGAR_MEMORY_LIMIT`` overrides ``REWRITE_MEMORY_LIMIT``; without a limit DuckDB
    takes 80% of the machine's memory (10.7 GB for the upgrade of a 1,000,000-case
    store here), more than an analyst's laptop can spare.
    """
    limit = os.environ.get("IPGAR_MEMORY_LIMIT", REWRITE_MEMORY_LIMIT)
    con.execute("SET memory_limit = $limit", {"limit": limit}).fetchall()


def store_spill_folder(db: Path) -> Path:
    """``<db>.tmp``, created or made owner-only; a private cache folder if it cannot be.

    (A store on a read-only share cannot have a folder beside it.)
    """
    folder = db.with_name(db.name + ".tmp")
    try:
        folder.mkdir(mode=0o700, exist_ok=True)
        folder.chmod(0o700)  # also a folder an earlier version made 0755
    except OSError:
        return memory_spill_folder()
    return folder


def clear_spill_folder(folder: Path) -> None:
    """Remove what an earlier, crashed process left in a store's spill folder.

    Call only while holding the store's write lock: then no other process spills there.
    """
    for leftover in folder.iterdir():
        with contextlib.suppress(OSError):
            if leftover.is_dir():
                shutil.rmtree(leftover)
            else:
                leftover.unlink()


def memory_spill_folder() -> Path:
    """A new owner-only folder for this process's in-memory stores, removed at exit.

    Folders of earlier processes older than a day (left by a crash) are removed first.
    """
    base = Path(platformdirs.user_cache_dir("ipgar", appauthor=False))
    base.mkdir(mode=0o700, parents=True, exist_ok=True)
    _remove_stale(base)
    folder = Path(tempfile.mkdtemp(prefix=f"{_PREFIX}{os.getpid()}-", dir=base))
    atexit.register(shutil.rmtree, folder, ignore_errors=True)
    return folder


def _remove_stale(base: Path) -> None:
    cutoff = time.time() - _STALE_SECONDS
    for folder in base.glob(f"{_PREFIX}*"):
        with contextlib.suppress(OSError):
            if folder.stat().st_mtime < cutoff:
                shutil.rmtree(folder, ignore_errors=True)
