"""The ``ipgar`` process ends without the interpreter's teardown, and loses nothing.

``cli._exit.leave`` closes the stores still open, flushes the output and runs the
``atexit`` handlers before it ends the process; with another thread running it lets
the interpreter end it (and wait for the thread). Each test runs a real process.
"""

from __future__ import annotations

import io
import os
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import duckdb

from ipgar_metrics import store
from ipgar_metrics.cli import main


def _buffered() -> dict[str, str]:
    """This environment with the output buffered, as an analyst's shell has it."""
    return {k: v for k, v in os.environ.items() if k != "PYTHONUNBUFFERED"}


def _run(script: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", textwrap.dedent(script)],
        cwd=cwd,
        env=_buffered(),
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_leave_closes_the_store_flushes_and_runs_exit_handlers(tmp_path: Path):
    done = _run(
        """
        import atexit
        from pathlib import Path
        from ipgar_metrics import store
        from ipgar_metrics.cli._exit import leave

        con = store.connect("s.duckdb", read_only=False)  # left open on purpose
        con.execute("CREATE TABLE kept AS SELECT range AS n FROM range(1000)")
        atexit.register(Path("handler.txt").write_text, "ran")
        for n in range(20_000):  # many buffers full, the last one not
            print(n)
        leave(3)
        """,
        tmp_path,
    )
    assert done.returncode == 3, done.stderr
    assert done.stdout.split() == [str(n) for n in range(20_000)]
    assert (tmp_path / "handler.txt").read_text() == "ran"
    # closed, hence checkpointed: no write-ahead log is left beside the store
    assert not (tmp_path / "s.duckdb.wal").exists()
    con = duckdb.connect(str(tmp_path / "s.duckdb"), read_only=True)
    try:
        assert con.execute("SELECT count(*), sum(n) FROM kept").fetchone() == (
            1000,
            sum(range(1000)),
        )
    finally:
        con.close()


def test_leave_waits_for_another_thread(tmp_path: Path):
    done = _run(
        """
        import threading, time
        from pathlib import Path
        from ipgar_metrics.cli._exit import leave

        def late():
            time.sleep(0.3)
            Path("thread.txt").write_text("done")

        threading.Thread(target=late).start()
        leave(4)
        """,
        tmp_path,
    )
    assert done.returncode == 4, done.stderr
    assert (tmp_path / "thread.txt").read_text() == "done"


def test_the_command_writes_its_whole_table_and_its_log_entry(
    tmp_path: Path, sim_store, capsys
):
    """``python -m ipgar_metrics.cli`` (as the console script) on the simulated store:
    the same table as ``main()`` in this process, and one entry in the store's log."""
    db = tmp_path / "s.duckdb"
    shutil.copyfile(sim_store.db, db)
    words = ["paths", "--db", str(db), "--format", "csv", "--min-count", "1"]
    assert main(words) == 0
    expected = capsys.readouterr().out
    entries = store.log_path(db).read_text(encoding="utf-8").count("\n")
    done = subprocess.run(
        [sys.executable, "-m", "ipgar_metrics.cli", *words],
        env=_buffered(),
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert len(expected) > 2 * io.DEFAULT_BUFFER_SIZE  # more than one buffer
    assert done.stdout == expected
    assert store.log_path(db).read_text(encoding="utf-8").count("\n") == entries + 1
