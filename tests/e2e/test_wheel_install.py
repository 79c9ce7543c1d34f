"""The documented install without make (docs/windows.md), tried here on Linux.

Build the wheel with ``pip wheel``, make a fresh virtual environment (no system site
packages), install the wheel with ``pip --no-deps`` only, and run the demo from that
environment's own ``ipgar`` script: it must write the report from the files inside the
wheel (SQL, templates, model), not from this checkout.

The locked libraries are not installed a second time: ``make`` installs
``requirements.lock`` into a fresh ``.venv`` on every clean checkout (the CI), the
other half of the route (with uv; pip installs the same pinned set, compared when the
Makefile moved to uv). The fresh environment reads them from this test's
own environment through a ``.pth`` file naming its ``site-packages`` folders; a folder
named in a ``.pth`` file is not a site folder, so the checkout's editable install there
is not run, and the package comes from the wheel (asserted below).
"""

from __future__ import annotations

import os
import subprocess
import sys
import sysconfig
import venv
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
KEY = "wheel-test-key-0123456789abcdef0123456789abcdef"


def _clean_env() -> dict[str, str]:
    """This process's environment without the checkout on the path (nor its venv)."""
    drop = {"PYTHONPATH", "VIRTUAL_ENV", "PYTHONHOME"}
    return {k: v for k, v in os.environ.items() if k not in drop}


def _pip(python: Path, *args: str, cwd: Path) -> None:
    result = subprocess.run(
        [str(python), "-m", "pip", "--disable-pip-version-check", *args],
        cwd=cwd,
        env=_clean_env(),
        capture_output=True,
        text=True,
        timeout=1200,
        check=False,
    )
    assert result.returncode == 0, result.stdout[-2000:] + result.stderr[-2000:]


def _borrow_libraries(python: Path) -> None:
    """Let ``python``'s environment import this environment's locked libraries."""
    own = subprocess.run(
        [
            str(python),
            "-c",
            "import sysconfig; print(sysconfig.get_paths()['purelib'])",
        ],
        env=_clean_env(),
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    paths = dict.fromkeys(sysconfig.get_paths()[k] for k in ("purelib", "platlib"))
    (Path(own) / "_locked_libraries.pth").write_text(
        "".join(f"{p}\n" for p in paths), encoding="utf-8"
    )


@pytest.mark.slow
def test_wheel_installs_and_runs_the_demo(tmp_path: Path) -> None:
    wheels = tmp_path / "wheels"
    _pip(
        Path(sys.executable),
        "wheel",
        "--no-deps",
        "-w",
        str(wheels),
        str(ROOT),
        cwd=tmp_path,
    )
    (wheel,) = wheels.glob("ipgar_metrics-*.whl")

    env_dir = tmp_path / "venv"
    venv.EnvBuilder(with_pip=True, system_site_packages=False).create(env_dir)
    bindir = env_dir / ("Scripts" if os.name == "nt" else "bin")
    python = bindir / "python"
    _borrow_libraries(python)
    _pip(
        python,
        "install",
        "--quiet",
        "--no-deps",
        "--no-index",
        str(wheel),
        cwd=tmp_path,
    )

    work = tmp_path / "analist"  # not the checkout: nothing of it on the path
    work.mkdir()
    env = {**_clean_env(), "IPGAR_KEY": KEY}
    result = subprocess.run(
        [
            str(bindir / "ipgar"),
            "demo",
            "--cases",
            "60",
            "--sim-dir",
            "sim",
            "--db",
            "store.duckdb",
            "--out",
            "reports",
        ],
        cwd=work,
        env=env,
        capture_output=True,
        text=True,
        timeout=900,
        check=False,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    # The package ran from the fresh environment, not from this checkout.
    where = subprocess.run(
        [str(python), "-c", "import ipgar_metrics; print(ipgar_metrics.__file__)"],
        cwd=work,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    assert Path(where).is_relative_to(env_dir), where
    html = sorted((work / "reports").glob("ptor-*.html"))
    assert html, result.stdout
    assert html[0].stat().st_size > 10_000
    assert "<html" in html[0].read_text(encoding="utf-8")[:2000].lower()
    assert (work / "store.duckdb").exists()
    assert (work / "sim" / "export.csv").exists()
