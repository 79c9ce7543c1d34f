"""Expensive test inputs, prepared once per test session and handed out as copies.

Several modules read the same public XES log with pm4py, load it into a store or
simulate the same 600 cases: each is done once here and shared by every module (and
by both xdist workers: the first to ask prepares it under a file lock in the
session's temporary folder, the other waits and reuses it).

- :func:`pm4py_log` gives ``pm4py.read_xes`` of a public log (a fresh ``copy``, so a
  test may change it);
- :func:`public_store` gives a fresh copy of the store that
  ``ipgar load FILE --profile generic`` writes for a public log (with the key of the
  public-log tests), with its processing log;
- :func:`sim_export` gives the folder of ``simulate(600, 1)`` (read only; with
  ``export.xlsx``: the other files are the same without it), and :func:`sim_loaded`
  a fresh copy of the store its export loads into (export date 2026-11-01, the key
  from ``IPGAR_KEY``, which the conftest sets to the test key).

A test whose subject is the preparation itself (the load's counts and messages, a
read through the command line) does not use these: it keeps doing its own.
"""

from __future__ import annotations

import os
import pickle
import shutil
import subprocess
import sys
import warnings
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import pandas as pd
from filelock import FileLock

PUBLIC = Path(__file__).resolve().parent / "data" / "public"
#: The key the public-log tests load with (``tests/e2e/test_public_logs_cli.ipgar``).
PUBLIC_KEY = "public-log-test-key-0123456789abcdef"
#: The pm4py reader of the oracles: ``line_by_line`` gives the same frame as pm4py's
#: default reader (``iterparse``) on every public log here (``DataFrame.equals`` on
#: all seven, pm4py 2.7.23), 2 to 6 times faster; with one reader, each log is read
#: once for all the modules that compare with pm4py.
PM4PY_READER = "line_by_line"
#: The export date of the shared simulation.
SIM_EXPORT_DATE = date(2026, 11, 1)

_root: Path | None = None
_frames: dict[tuple[str, str | None], pd.DataFrame] = {}


def set_root(root: Path) -> None:
    """Where the prepared inputs live (the conftest sets it at the start of a session)."""
    global _root
    root.mkdir(parents=True, exist_ok=True)
    _root = root


def _once(name: str, make: Callable[[Path], None]) -> Path:
    """The folder ``name``, filled by ``make(folder)`` once in the whole session."""
    if _root is None:
        raise RuntimeError("shared inputs have no folder; run the tests with pytest")
    done = _root / name
    with FileLock(str(_root / f"{name}.lock")):
        if not done.exists():
            part = _root / f"{name}.partial"
            shutil.rmtree(part, ignore_errors=True)
            part.mkdir()
            make(part)
            part.rename(done)  # only a complete folder is ever seen
    return done


def _copy_store(folder: Path, dest: Path, name: str = "log.duckdb") -> Path:
    """Copy the closed store ``folder/log.duckdb`` and its files to ``dest/name``."""
    dest.mkdir(parents=True, exist_ok=True)
    for f in folder.iterdir():
        # the store, its .log.jsonl, a .wal if any (not DuckDB's .tmp spill folder)
        if f.name.startswith("log.duckdb") and f.is_file():
            shutil.copy(f, dest / f.name.replace("log.duckdb", name, 1))
    return dest / name


def pm4py_log(name: str, variant: str | None = None) -> pd.DataFrame:
    """``pm4py.read_xes`` of the public log ``name`` (pm4py's default reader or ``variant``).

    The read is done once (kept as a pickle for the other worker); each call returns
    a copy.
    """
    key = (name, variant)
    if key not in _frames:

        def read(folder: Path) -> None:
            import pm4py

            kwargs: dict[str, Any] = {"return_legacy_log_object": False}
            if variant is not None:
                kwargs = {"variant": variant}
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                df = pm4py.read_xes(str(PUBLIC / name), **kwargs)
            with (folder / "log.pkl").open("wb") as fh:
                pickle.dump(df, fh, protocol=pickle.HIGHEST_PROTOCOL)

        folder = _once(f"pm4py-{name}-{variant or 'default'}", read)
        with (folder / "log.pkl").open("rb") as fh:
            _frames[key] = pickle.load(fh)
    return _frames[key].copy()


def public_store(name: str, dest: Path) -> str:
    """A fresh copy, as ``dest/log.duckdb``, of the store ``ipgar load`` makes of ``name``.

    The load is ``ipgar load FILE --profile generic`` in a subprocess with
    ``IPGAR_KEY`` set to :data:`PUBLIC_KEY`, as the public-log tests run it.
    """

    def make(folder: Path) -> None:
        env = {**os.environ, "IPGAR_KEY": PUBLIC_KEY}
        res = subprocess.run(
            [sys.executable, "-m", "ipgar_metrics.cli", "load", str(PUBLIC / name),
             "--profile", "generic", "--db", str(folder / "log.duckdb")],
            capture_output=True, text=True, check=False, env=env,
        )  # fmt: skip
        if res.returncode != 0:
            raise RuntimeError(f"ipgar load {name} failed: {res.stderr}")
        (folder / "load.out").write_text(res.stdout, encoding="utf-8")

    return str(_copy_store(_once(f"store-{name}", make), dest))


def public_load_output(name: str) -> str:
    """What ``ipgar load`` of :func:`public_store` wrote on stdout (its account)."""
    out = _root / f"store-{name}" / "load.out" if _root is not None else None
    if out is None or not out.exists():
        raise RuntimeError(f"call public_store({name!r}, ...) first")
    return out.read_text(encoding="utf-8")


def sim_export() -> Path:
    """The folder of ``simulate(600, 1)`` (with export.xlsx); read only."""

    def make(folder: Path) -> None:
        from ipgar_metrics.simulation._simulator import simulate

        simulate(600, 1, folder / "sim")

    return _once("sim-600-1", make) / "sim"


def sim_loaded(dest: Path) -> Path:
    """A fresh copy, as ``dest/ipgar.duckdb``, of the simulation's export loaded.

    Loaded with its mapping, export date :data:`SIM_EXPORT_DATE` and the key of
    ``IPGAR_KEY``; the processing log comes along.
    """
    sim = sim_export()

    def make(folder: Path) -> None:
        from ipgar_metrics.ingest._load import load

        load(
            [sim / "export.csv"],
            mapping=sim / "mapping.toml",
            db=folder / "log.duckdb",
            export_date=SIM_EXPORT_DATE,
        )

    return _copy_store(_once("sim-600-1-store", make), dest, "ipgar.duckdb")
