"""Key custody as an analyst meets it: no silent key, `ipgar key create`, the demo key.

Each CLI runs in a subprocess with ``HOME`` (and the platformdirs folders) pointed at an
empty folder and ``IPGAR_KEY`` removed, so the machine's real key is never read or
written. The browser tests check that a child process does not inherit ``IPGAR_KEY``.
"""

from __future__ import annotations

import os
import stat
import subprocess
import sys
import textwrap
import uuid
from pathlib import Path

import pytest

from ipgar_metrics.report import _pdf

ROWS = "case_id,activity,timestamp\nR1,melding,2024-01-02 09:00\n"


def _env(home: Path, **extra: str) -> dict[str, str]:
    """The environment of an analyst without a key: an empty home, no key variables."""
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in {"IPGAR_KEY", "IPGAR_KEY_FILE"} and not k.startswith("XDG_")
    }
    env.update(
        HOME=str(home), USERPROFILE=str(home), LOCALAPPDATA=str(home / "AppData")
    )
    env.update(extra)
    return env


def _ipgar(
    *args: str, env: dict[str, str], cwd: Path
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "ipgar_metrics.cli", *args],
        capture_output=True,
        text=True,
        check=False,
        env={**env, "PYTHONPATH": str(Path(__file__).parents[2])},
        cwd=cwd,
        timeout=300,
    )


def _files(root: Path) -> list[str]:
    return sorted(str(p.relative_to(root)) for p in root.rglob("*") if p.is_file())


@pytest.fixture
def home(tmp_path: Path) -> Path:
    path = tmp_path / "home"
    path.mkdir()
    return path


def test_load_and_validate_without_a_key_exit_1_and_create_none(
    home: Path, tmp_path: Path
):
    events = tmp_path / "events.csv"
    events.write_text(ROWS, encoding="utf-8")
    for cmd in (["load", str(events), "--db", str(tmp_path / "s.duckdb")],
                ["validate", str(events)]):  # fmt: skip
        done = _ipgar(*cmd, env=_env(home), cwd=tmp_path)
        assert done.returncode == 1, (cmd, done.stdout, done.stderr)
        line = done.stderr.strip()
        assert len(line.splitlines()) == 1 and "Traceback" not in line
        assert "no pseudonymisation key" in line and "ipgar key create" in line
    assert _files(home) == []  # no key file anywhere in the home folder


def test_key_create_makes_the_key_once_and_says_where(home: Path, tmp_path: Path):
    made = _ipgar("key", "create", env=_env(home), cwd=tmp_path)
    assert made.returncode == 0, made.stderr
    created = [home / f for f in _files(home)]
    assert len(created) == 1 and created[0].name == "pseudonym.key"
    key = created[0].read_bytes()
    assert len(key) == 65 and key.endswith(b"\n")  # 64 hex characters
    assert stat.S_IMODE(created[0].stat().st_mode) == 0o600
    assert f"key created at {created[0]}" in made.stdout
    assert "back it up" in made.stdout and key.strip().decode() not in made.stdout
    # a load now finds it; a second create keeps the first key
    events = tmp_path / "events.csv"
    events.write_text(ROWS, encoding="utf-8")
    db = tmp_path / "s.duckdb"
    load = _ipgar("load", str(events), "--db", str(db), env=_env(home), cwd=tmp_path)
    assert load.returncode == 0, load.stderr
    assert f"key from the key file {created[0]}" in load.stdout
    again = _ipgar("key", "create", env=_env(home), cwd=tmp_path)
    assert again.returncode == 1 and "already exists" in again.stderr
    assert created[0].read_bytes() == key


def test_a_one_byte_key_is_refused_with_a_hint(home: Path, tmp_path: Path):
    events = tmp_path / "events.csv"
    events.write_text(ROWS, encoding="utf-8")
    db = tmp_path / "s.duckdb"
    done = _ipgar(
        "load",
        str(events),
        "--db",
        str(db),
        env=_env(home, IPGAR_KEY="a"),
        cwd=tmp_path,
    )
    assert done.returncode == 1
    line = done.stderr.strip()
    assert len(line.splitlines()) == 1
    assert "IPGAR_KEY is too weak" in line and "ipgar key create" in line
    assert not db.exists()


def test_demo_uses_its_own_key_and_creates_no_real_one(home: Path, tmp_path: Path):
    sim = tmp_path / "sim"
    args = ["demo", "--cases", "40", "--sim-dir", str(sim), "--db",
            str(tmp_path / "demo.duckdb"), "--out", str(tmp_path / "r"), "--quiet"]  # fmt: skip
    env = _env(home)
    first = _ipgar(*args, env=env, cwd=tmp_path)
    assert first.returncode == 0, first.stderr
    demo_key = sim / "demo.key"
    line = f"demo key created at {demo_key}; it is not the key for real exports"
    assert line in first.stdout, first.stdout + first.stderr
    assert demo_key.stat().st_mode & 0o077 == 0
    assert [f for f in _files(home) if "ipgar" in f] == []  # no real key file
    assert (tmp_path / "demo.duckdb").exists()
    key = demo_key.read_bytes()
    second = _ipgar(*args, env=env, cwd=tmp_path)
    assert second.returncode == 0, second.stderr
    assert "demo key created" not in second.stdout
    assert demo_key.read_bytes() == key


def test_chromium_for_the_pdf_does_not_inherit_the_key(tmp_path: Path, monkeypatch):
    if os.name != "posix":
        pytest.skip("the stand-in browser is a shell script")
    browser = tmp_path / "chromium"
    browser.write_text("#!/bin/sh\nenv\n", encoding="utf-8")
    browser.chmod(0o700)
    monkeypatch.setenv("IPGAR_CHROMIUM", str(browser))
    monkeypatch.setenv("IPGAR_KEY", "k" * 40)
    monkeypatch.setenv("IPGAR_CHILD_MARKER", "inherited")
    seen = _pdf.run_headless(["--version"], timeout=30).stdout.splitlines()
    assert "IPGAR_CHILD_MARKER=inherited" in seen  # the rest of the environment
    assert not [v for v in seen if v.startswith("IPGAR_KEY=")]


def test_kaleido_browser_does_not_inherit_the_key(tmp_path: Path):
    browser = _pdf.find_chromium()
    if browser is None or not Path("/proc/self/environ").exists():
        pytest.skip("needs Chromium and /proc to see the browser's environment")
    marker = uuid.uuid4().hex
    script = textwrap.dedent(
        f"""
        import os, pathlib
        import plotly.graph_objects as go
        from ipgar_metrics.figures._style import _png_renderer
        renderer = _png_renderer()  # starts kaleido's browser
        # a notebook's PNG copy, drawn as the kernel draws it (the renderer tries a
        # new browser when the first one fails, as kaleido's page can on a loaded
        # machine: "kaleido_scopes is not defined")
        bundle = renderer.to_mimebundle(go.Figure(go.Bar(y=[1, 2])).to_dict())
        assert "image/png" in bundle, bundle
        me, found = os.getpid(), []
        for proc in pathlib.Path("/proc").glob("[0-9]*"):
            try:
                env = (proc / "environ").read_bytes().split(b"\\0")
            except OSError:
                continue
            if int(proc.name) != me and b"IPGAR_CHILD_MARKER={marker}" in env:
                found.append(any(v.startswith(b"IPGAR_KEY=") for v in env))
        print(len(found), sum(found))
        """
    )
    env = {**os.environ, "IPGAR_KEY": "k" * 40, "IPGAR_CHILD_MARKER": marker,
           "BROWSER_PATH": browser, "PYTHONPATH": str(Path(__file__).parents[2])}  # fmt: skip
    done = subprocess.run(
        [sys.executable, "-c", script],
        capture_output=True,
        text=True,
        check=False,
        env=env,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr
    children, with_key = map(int, done.stdout.split()[-2:])
    assert children >= 1 and with_key == 0
