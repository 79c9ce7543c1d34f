"""Progress on a terminal: a line on stderr only when it is a terminal, never with
``--quiet``, never on stdout."""

from __future__ import annotations

import io
import os
import struct
import subprocess
import sys
import time

import pytest

from ipgar_metrics.cli import _progress
from ipgar_metrics.cli._progress import progress


class FakeTerminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_steps_and_label_on_a_terminal(capsys):
    tty = FakeTerminal()
    with progress("loading export.xlsx", total=3, stream=tty) as bar:
        assert bar.shown
        bar.advance("checking rows")
        bar.advance()
        bar.echo("2/3 loaded")
    text = tty.getvalue()
    assert "loading export.xlsx" in text
    assert "2/3, checking rows" in text
    # the message goes to stdout, the progress line does not
    out = capsys.readouterr().out
    assert out == "2/3 loaded\n"


def test_time_so_far_ticks_during_one_long_call(monkeypatch):
    monkeypatch.setattr(_progress, "TICK_SECONDS", 0.05)
    tty = FakeTerminal()
    with progress("simulating 600 cases", stream=tty):
        time.sleep(1.2)  # one call without steps of its own
    assert "simulating 600 cases [00:01]" in tty.getvalue()


@pytest.mark.parametrize(
    ("stream", "quiet"), [(io.StringIO(), False), (FakeTerminal(), True)]
)
def test_silent_off_a_terminal_and_with_quiet(stream, quiet, capsys):
    with progress("report", total=2, quiet=quiet, stream=stream) as bar:
        assert not bar.shown
        bar.advance("figures")
        bar.echo("wrote report.html")
    assert stream.getvalue() == ""
    assert capsys.readouterr().out == "wrote report.html\n"


def _simulate_on_a_terminal(tmp_path, *extra):
    """Run ``ipgar simulate`` with stderr on a pseudo-terminal; its text and stdout."""
    import fcntl  # POSIX only, as the test
    import termios

    master, slave = os.openpty()
    # 24 rows, 100 columns: a new pseudo-terminal has no size (tqdm draws nothing)
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 100, 0, 0))
    proc = subprocess.run(
        [
            sys.executable, "-m", "ipgar_metrics.cli", "simulate", "--cases", "20",
            "--no-xlsx", "--out", tmp_path / "sim", *extra,
        ],
        stdout=subprocess.PIPE, stderr=slave, text=True, check=False, timeout=120,
    )  # fmt: skip
    os.close(slave)
    chunks = []
    while True:
        try:
            chunk = os.read(master, 4096)
        except OSError:  # the terminal is closed: all read
            break
        if not chunk:
            break
        chunks.append(chunk)
    os.close(master)
    assert proc.returncode == 0
    return b"".join(chunks).decode(), proc.stdout


@pytest.mark.skipif(not hasattr(os, "openpty"), reason="needs a pseudo-terminal")
def test_simulate_shows_progress_on_a_terminal_and_not_with_quiet(tmp_path):
    terminal, stdout = _simulate_on_a_terminal(tmp_path)
    assert "simulating 20 cases" in terminal
    assert "simulating 20 cases" not in stdout
    assert stdout.startswith("simulated 20 cases")
    quiet, _ = _simulate_on_a_terminal(tmp_path, "--quiet")
    assert quiet == ""
