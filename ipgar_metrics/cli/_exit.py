"""Leaving the ``ipgar`` process without the interpreter's teardown.

When a command has finished, Python would still free every object of pandas, numpy
and DuckDB one by one before the process ends: 60–90 ms of each command, longer than
the command's own work at the realistic size. ``leave`` does what that teardown does
that matters (close the stores, which checkpoints a writable one; flush the output;
run the ``atexit`` handlers, e.g. the removal of spill folders) and then ends the
process at once. While another thread still runs, the interpreter ends the process
as usual, since it waits for that thread.
"""

from __future__ import annotations

import atexit
import contextlib
import os
import sys
import threading
from typing import NoReturn


def leave(code: int) -> NoReturn:
    """End the process with ``code`` after closing stores, output and exit handlers."""
    if threading.active_count() > 1:
        sys.exit(code)  # the interpreter joins the other threads first
    store = sys.modules.get("ipgar_metrics.store")  # not imported by `ipgar --help`
    if store is not None:
        store.close_open_stores()
    _flush()
    atexit._run_exitfuncs()
    _flush()
    os._exit(code)


def _flush() -> None:
    """Flush standard output and error; a reader that left is not an error here."""
    for stream in (sys.stdout, sys.stderr):
        with contextlib.suppress(OSError, ValueError):  # a closed pipe or stream
            stream.flush()
