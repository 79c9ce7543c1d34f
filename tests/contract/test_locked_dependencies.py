"""Every dependency of pyproject.toml is pinned in requirements.lock, which make installs.

Before the lock file, an install next year could get a pm4py, DuckDB or plotly that
changes results or the store format; pyproject.toml keeps only lower bounds.
"""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def _name(requirement: str) -> str:
    return (
        re.split(r"[<>=!~;\[ ]", requirement, maxsplit=1)[0].lower().replace("_", "-")
    )


def _pins() -> dict[str, str]:
    pins = {}
    for line in (ROOT / "requirements.lock").read_text(encoding="utf-8").splitlines():
        m = re.match(r"^([A-Za-z0-9_.\-]+)==([^\s;]+)", line)
        if m:
            pins[m.group(1).lower().replace("_", "-")] = m.group(2)
    return pins


def test_every_dependency_is_pinned_in_the_lock_file():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    wanted = [*project["project"]["dependencies"]]
    wanted += project["project"]["optional-dependencies"]["dev"]
    pins = _pins()
    missing = sorted({_name(r) for r in wanted} - set(pins))
    assert not missing, f"not pinned in requirements.lock: {missing}; run make lock"


def test_make_installs_the_lock_file():
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    # uv installs the lock file; uv itself is pinned (pip installs it into .venv)
    lock_line = re.search(
        r"^\t\$\(UV\) pip install .*-r requirements\.lock$", makefile, re.M
    )
    assert lock_line
    # the libraries' bytecode is written at install, not at each command's start
    assert "--compile-bytecode" in lock_line.group(0)
    assert re.search(r"^\t\$\(UV\) pip install .*--no-deps -e \.$", makefile, re.M)
    assert re.search(r"^UV_VERSION := \d+\.\d+\.\d+$", makefile, re.M)
    assert "pip install --quiet uv==$(UV_VERSION)" in makefile
