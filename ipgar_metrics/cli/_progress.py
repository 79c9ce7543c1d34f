"""Progress on a terminal for the long commands: load, simulate, report, evaluate.

One line on stderr (tqdm): what runs, the steps done when there are steps, and the
time so far, ticking even while one long call runs (a 27 s Excel load has no steps
of its own). It is shown only when stderr is a terminal and ``--quiet`` was not
given, so a pipe, a file, cron or a test sees nothing, and stdout (the command's
result) never carries it. The line is removed when the block ends.

Use in a command module::

    add_quiet(p)                                   # in register()
    with progress("loading export.xlsx", quiet=args.quiet):
        result = load(...)
"""

from __future__ import annotations

import argparse
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from typing import IO, Any, Final

#: Seconds between refreshes of the time so far.
TICK_SECONDS: Final[float] = 0.5
_FORMAT_STEPS: Final[str] = "{desc} {bar} {n_fmt}/{total_fmt}{postfix} [{elapsed}]"
_FORMAT_TIME: Final[str] = "{desc}{postfix} [{elapsed}]"


def add_quiet(parser: argparse.ArgumentParser) -> None:
    """Add ``--quiet``: no progress line on the terminal."""
    parser.add_argument(
        "--quiet",
        action="store_true",
        help="no progress line on the terminal (there is none when stderr is not one)",
    )


class Progress:
    """The running progress line; does nothing when none is shown."""

    def __init__(self, bar: Any = None) -> None:
        self._bar = bar

    @property
    def shown(self) -> bool:
        """True when a progress line is on the terminal."""
        return self._bar is not None

    def advance(self, text: str | None = None) -> None:
        """One step done; ``text`` says what runs now (no case data)."""
        if self._bar is not None:
            if text is not None:
                self._bar.set_postfix_str(text, refresh=False)
            self._bar.update(1)
            self._bar.refresh()  # steps are few and slow: show each at once

    def echo(self, message: str) -> None:
        """Print ``message`` on stdout without breaking the progress line."""
        if self._bar is None:
            print(message)
            return
        self._bar.write(message, file=sys.stdout)


def shown(quiet: bool, stream: IO[str] | None = None) -> bool:
    """Whether progress is shown: ``stream`` (stderr) is a terminal, not ``quiet``."""
    out = sys.stderr if stream is None else stream
    return not quiet and out.isatty()


@contextmanager
def progress(
    label: str,
    *,
    total: int | None = None,
    quiet: bool = False,
    stream: IO[str] | None = None,
) -> Iterator[Progress]:
    """A progress line on stderr while the block runs (only on a terminal).

    Parameters
    ----------
    label
        What runs, e.g. ``"simulating 600 cases"``; no case data.
    total
        Number of steps (``Progress.advance`` marks one done); ``None``: the time so
        far only.
    quiet
        ``--quiet``: show nothing.
    stream
        Where the line goes (stderr; tests pass a fake terminal).
    """
    out = sys.stderr if stream is None else stream
    if not shown(quiet, out):
        yield Progress()
        return
    from tqdm import tqdm

    bar = tqdm(
        total=total,
        desc=label,
        file=out,
        leave=False,
        dynamic_ncols=True,
        bar_format=_FORMAT_TIME if total is None else _FORMAT_STEPS,
    )
    stop = threading.Event()

    def tick() -> None:
        while not stop.wait(TICK_SECONDS):
            bar.refresh()

    ticker = threading.Thread(target=tick, name="ipgar-progress", daemon=True)
    ticker.start()
    try:
        yield Progress(bar)
    finally:
        stop.set()
        ticker.join()
        bar.close()
