"""A load killed (SIGKILL) at 20 and more moments leaves the store as before or complete.

The store first holds a small load; a larger export is then loaded and killed at the
pause point before COMMIT and at 24 fractions of a measured whole load, spread from
process start to the end. After every kill the store is exactly as before (events,
loads, rejected rows) or holds the complete second load, never a part of it.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from test_load_cli import KEY, _big_export, _state

#: Rows of the second export: a load of about 2-3 s on one core, so the kill points
#: fall in different steps (start-up, staging, checks, the write, the commit).
ROWS = 120_000
#: 21 even steps, then three near the end (the write, COMMIT, CHECKPOINT)
FRACTIONS = [*(i / 22 for i in range(1, 22)), 0.97, 0.99, 1.02]


def _load(db: Path, export: Path, **env: str) -> subprocess.Popen:
    return subprocess.Popen(
        [
            sys.executable,
            "-m",
            "ipgar_metrics.cli",
            "load",
            str(export),
            "--db",
            str(db),
            "--profile",
            "generic",
            "--quiet",
        ],
        env={**os.environ, "IPGAR_KEY": KEY, **env},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )


@pytest.mark.slow
def test_sigkill_at_many_points_leaves_the_store_whole(tmp_path):
    small, big = tmp_path / "small.csv", tmp_path / "big.csv"
    _big_export(small, 100)
    _big_export(big, ROWS)
    db = tmp_path / "s.duckdb"
    assert _load(db, small).wait(timeout=120) == 0
    before = _state(db)
    assert before[0] == [(100,)] and len(before[1]) == 1

    # the whole load, timed; its result is the only other state a kill may leave
    complete = tmp_path / "complete.duckdb"
    shutil.copy(db, complete)
    started = time.monotonic()
    assert _load(complete, big).wait(timeout=300) == 0
    duration = time.monotonic() - started
    after = _state(complete)
    assert after[0] == [
        (ROWS,)
    ]  # the small export is the first 100 rows of the big one
    assert len(after[1]) == 2

    outcomes = []
    # the pause point: every write done, just before COMMIT
    target = tmp_path / "pause.duckdb"
    shutil.copy(db, target)
    proc = _load(target, big, IPGAR_LOAD_PAUSE="60")
    assert "paused before commit" in proc.stderr.readline()
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    assert _state(target) == before
    outcomes.append("before")
    # fractions of the whole load
    for fraction in FRACTIONS:
        target = tmp_path / f"kill{fraction:.3f}.duckdb"
        shutil.copy(db, target)
        proc = _load(target, big)
        time.sleep(duration * fraction)
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait()
        state = _state(target)
        if state == before:
            outcomes.append("before")
        else:
            assert (state[0], state[1][0], len(state[1])) == (
                after[0],
                after[1][0],
                2,
            ), f"a part of the load after a kill at {fraction:.2f} of {duration:.1f} s"
            assert state[2] == after[2]
            outcomes.append("complete")
        target.unlink()
        Path(f"{target}.wal").unlink(missing_ok=True)
    assert len(outcomes) == 1 + len(FRACTIONS) >= 20
    # the kills reached into the load: the early ones find the store as before
    assert outcomes[1] == "before"
