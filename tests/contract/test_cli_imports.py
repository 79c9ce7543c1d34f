"""A command imports what it needs: only its own CLI module, no plotly or pm4py for a table.

``ipgar <command>`` registers only the module of that command (``_main._COMMANDS``);
these tests check that the table names exactly what each module registers, that the
command's parser is the one of the full parser, and that ``ipgar overview`` on a store
of the demo's size imports neither plotly nor pm4py.
"""

from __future__ import annotations

import argparse
import importlib
import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from ipgar_metrics.cli import _main


def _registered(module: str) -> list[str]:
    parser = argparse.ArgumentParser()
    sub = parser.add_subparsers()
    importlib.import_module(module).register(sub)
    return list(sub.choices)


def test_command_table_names_what_each_module_registers():
    from_modules = {
        command: module
        for module in _main._COMMAND_MODULES
        for command in _registered(module)
    }
    assert from_modules == _main._COMMANDS


def _subparser(
    parser: argparse.ArgumentParser, command: str
) -> argparse.ArgumentParser:
    (action,) = (
        a for a in parser._actions if isinstance(a, argparse._SubParsersAction)
    )
    return action.choices[command]


@pytest.mark.parametrize("command", ["overview", "leadtime", "contact", "dfg", "load"])
def test_one_command_parser_equals_the_full_one(command):
    full = _subparser(_main.build_parser(), command)
    alone = _subparser(_main.build_parser(command), command)
    assert alone.format_help() == full.format_help()
    assert alone.format_usage() == full.format_usage()


def test_mistyped_command_still_lists_every_command(capsys):
    with pytest.raises(SystemExit) as exit_info:
        _main.main(["overveiw"])
    assert exit_info.value.code == 2
    err = capsys.readouterr().err
    for command in ("overview", "leadtime", "contact", "report"):
        assert command in err


_PROBE = (
    "import json, sys\n"
    "from ipgar_metrics.cli._main import main\n"
    "code = main(sys.argv[1:])\n"
    "heavy = ('plotly', 'pm4py', 'networkx', 'scipy', 'kaleido')\n"
    "print(json.dumps({'code': code, 'loaded': [m for m in heavy if m in sys.modules]}))\n"
)


@pytest.fixture(scope="module")
def demo_db(sim_store, tmp_path_factory) -> Path:
    """A copy of the 600-case store (the demo's size): the commands log into it."""
    db = tmp_path_factory.mktemp("cli_imports") / "ipgar.duckdb"
    shutil.copy(sim_store.db, db)
    return db


@pytest.mark.parametrize("command", ["overview", "leadtime", "contact"])
def test_table_command_imports_no_plotting_or_mining_library(demo_db, command):
    out = subprocess.run(
        [sys.executable, "-c", _PROBE, command, "--db", str(demo_db)],
        capture_output=True,
        text=True,
        check=True,
    )
    result = json.loads(out.stdout.strip().splitlines()[-1])
    assert result["code"] == 0
    # overview must stay free of both; the others at least of plotly and pm4py
    assert not {"plotly", "pm4py"} & set(result["loaded"])
    if command == "overview":
        assert result["loaded"] == []


@pytest.mark.parametrize(
    "args",
    [
        ["evaluate", "--change", "2025-06-01", "--n-boot", "100", "--format", "json"],
        ["whatif", "--runs", "20", "--bootstrap", "2", "--format", "json"],
    ],
    ids=["evaluate", "whatif"],
)
def test_evaluate_and_whatif_import_no_scipy_stats(demo_db, args):
    """scipy.stats took most of a second to import; the t distribution function
    (``evaluate._ar1``) and the Wasserstein distance (``whatif._comparison``) come
    from scipy.special and numpy."""
    loaded = _loaded([args[0], "--db", str(demo_db), *args[1:]], "scipy.stats")
    assert "scipy.stats" not in loaded


def _loaded(args: list[str], *also: str) -> set[str]:
    """``ipgar ARGS`` in a fresh process: which heavy modules (and ``also``) it loaded."""
    probe = _PROBE.replace("heavy = (", "heavy = (" + "".join(f"{m!r}, " for m in also))
    out = subprocess.run(
        [sys.executable, "-c", probe, *args],
        capture_output=True,
        text=True,
        check=False,
    )
    assert out.returncode == 0, out.stderr[-800:]
    result = json.loads(out.stdout.strip().splitlines()[-1])
    assert result["code"] == 0
    return set(result["loaded"])


REPORT_ARGS = ("--audience", "intern", "--no-pdf", "--quiet")


def test_the_monthly_report_imports_neither_scipy_nor_statsmodels_nor_networkx(
    demo_db, tmp_path
):
    """Their imports were 0.8 s of the demo report (``metrics._inference``,
    ``metrics._distributions``, ``metrics.network._undirected``, ``figures._spring``);
    the store has relations, so the network section and its graph are built."""
    args = ["report", "--db", str(demo_db), "--out", str(tmp_path), *REPORT_ARGS]
    loaded = _loaded(args, "scipy.stats", "statsmodels", "lifelines")
    assert list(tmp_path.glob("*.html")), "no report written"
    assert "plotly" in loaded  # the probe sees what the report imports
    assert not {"scipy", "statsmodels", "lifelines", "networkx"} & loaded
    html = next(tmp_path.glob("*.html")).read_text(encoding="utf-8")
    assert "Netwerken: personen (ingekort pseudoniem)" in html  # the graph is drawn


def test_log_entry_names_the_snapshot_the_command_read(demo_db, capsys):
    from ipgar_metrics import store

    with store.connect(demo_db) as con:
        expected = store.snapshot(con)["snapshot_id"]
    log = store.log_path(demo_db)
    before = len(log.read_text().splitlines()) if log.exists() else 0
    assert _main.main(["overview", "--db", str(demo_db)]) == 0
    entries = [json.loads(line) for line in log.read_text().splitlines()]
    assert len(entries) == before + 1
    assert entries[-1]["command"] == "overview"
    assert entries[-1]["snapshot"] == expected


def test_help_imports_not_even_numpy():
    code = (
        "import sys; from ipgar_metrics.cli._main import build_parser; build_parser(); "
        "print(','.join(m for m in ('numpy', 'pandas', 'pyarrow', 'duckdb') "
        "if m in sys.modules))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert out.stdout.strip() == ""


def test_pandas_comes_without_pyarrow():
    """pandas imports pyarrow whenever it is installed: ~0.05 s of every command.

    No locked requirement needs it (the load normalises identifiers and decodes
    single-byte exports without Arrow); a dependency that brings it back fails here.
    """
    code = "import sys, pandas; print('pyarrow' in sys.modules)"
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert out.stdout.strip() == "False"
    lock = (Path(__file__).resolve().parents[2] / "requirements.lock").read_text()
    assert "\npyarrow==" not in lock
