"""An analyst's session survives ``%autoreload 2`` and a reload of the package.

Analysts keep a kernel open for hours with ``%autoreload 2`` while the package changes
under them, and sometimes call ``importlib.reload`` by hand. With the lazy public API
(``ipgar_metrics.__getattr__``) and the families' re-exports, a reload must leave
``load`` and ``episodes`` functions, not modules, and they must still work.

The notebook is built here with nbformat and run with nbclient like the analysts'
notebooks (``test_notebooks.py``: kernel ``python3``, 120 s per cell). It loads the
session's simulated export (``sim_store`` in ``tests/conftest.py``) into a store of its
own, so the shared store stays untouched.
"""

from __future__ import annotations

import os
from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient

CELL_TIMEOUT = 120  # seconds per cell, as for the analysts' notebooks

CELLS = (
    "%load_ext autoreload\n%autoreload 2",
    "import importlib\n"
    "import types\n"
    "\n"
    "import ipgar_metrics\n"
    "import ipgar_metrics.ingest\n"
    "from ipgar_metrics import episodes, load",
    "importlib.reload(ipgar_metrics)\n"
    "importlib.reload(ipgar_metrics.ingest)\n"
    "from ipgar_metrics import connect, episodes, load",
    "kinds = {\n"
    "    'load': load,\n"
    "    'episodes': episodes,\n"
    "    'ipgar_metrics.load': ipgar_metrics.load,\n"
    "    'ipgar_metrics.ingest.load': ipgar_metrics.ingest.load,\n"
    "    'ipgar_metrics.episodes': ipgar_metrics.episodes,\n"
    "}\n"
    "for name, value in kinds.items():\n"
    "    assert not isinstance(value, types.ModuleType), name\n"
    "    assert callable(value), name\n"
    "print('functions ok')",
    "result = load(export, mapping=mapping, db=db, export_date=export_date)\n"
    "print('loaded', result.summary())",
    "con = connect(db)\n"
    "frame = episodes(con, as_of=as_of)\n"
    "print('episodes', len(frame))",
)


@pytest.mark.slow
def test_autoreload_and_reload_keep_load_and_episodes_working(sim_store, tmp_path):
    export = sim_store.sim_dir / "export.csv"
    params = (
        "from datetime import date\n"
        "\n"
        f"export = {str(export)!r}\n"
        f"mapping = {str(sim_store.sim_dir / 'mapping.toml')!r}\n"
        f"db = {str(tmp_path / 'autoreload.duckdb')!r}\n"
        f"export_date = date.fromisoformat({sim_store.as_of.isoformat()!r})\n"
        "as_of = export_date"
    )
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_code_cell(params)] + [
        nbformat.v4.new_code_cell(source) for source in CELLS
    ]
    client = NotebookClient(
        nb,
        timeout=CELL_TIMEOUT,
        kernel_name="python3",
        allow_errors=False,
        resources={"metadata": {"path": str(tmp_path)}},
    )
    env = {
        **os.environ,
        "IPGAR_KEY": sim_store.key.decode(),
        "PYDEVD_DISABLE_FILE_VALIDATION": "1",
    }
    client.execute(env=env)

    text = _stdout(nb)
    assert "functions ok" in text
    assert "loaded" in text
    # The simulated export has 600 cases, each with at least one episode.
    counts = [
        line.split()[1] for line in text.splitlines() if line.startswith("episodes")
    ]
    assert counts, text
    assert int(counts[0]) >= 600
    assert Path(tmp_path / "autoreload.duckdb").exists()


def _stdout(nb: nbformat.NotebookNode) -> str:
    return "".join(
        output.get("text", "")
        for cell in nb.cells
        if cell.cell_type == "code"
        for output in cell.outputs
        if output.output_type == "stream" and output.name == "stdout"
    )
