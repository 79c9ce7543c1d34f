"""The analysts' notebooks: thin, committed without outputs, and they all run.

1. Every notebook in ``notebooks/`` executes without a cell error on the session's
   simulated store (``sim_store`` in ``tests/conftest.py``: 600 cases, seed 1, made
   by the real loader from the simulator's Dutch export). The parameter cell (tagged
   ``parameters``, papermill style) gets the test's values after its defaults, in
   memory; nothing is written back to ``notebooks/``. Notebook 01 loads the export
   itself, into a store of its own.
2. The code cells stay thin: no ``def``/``class``, no SQL string over more than one line;
   they import the package only through its public API (``from ipgar_metrics import
   ...``, names in ``ipgar_metrics._EXPORTS``) and run no SQL (no ``con.execute``/``sql``).
3. The committed notebooks carry no outputs and no execution counts (nbstripout).
4. The executed notebooks show no raw case number (``R2016-000001``) and no raw
   case-manager id (``CR00001``): only pseudonyms leave the store.
5. An analyst's session survives ``%autoreload 2`` and ``importlib.reload``: a small
   notebook built here reloads the package and ``ipgar_metrics.ingest``, and ``load``
   and ``episodes`` stay functions and work on a store of its own.
"""

from __future__ import annotations

import ast
import base64
import json
import os
import re
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import nbformat
import pandas as pd
import pytest
from IPython.core.inputtransformer2 import TransformerManager
from nbclient import NotebookClient

import ipgar_metrics
from ipgar_metrics import dutch_columns

NB_DIR = Path(__file__).resolve().parents[2] / "notebooks"
NOTEBOOKS = sorted(NB_DIR.glob("[0-9][0-9]_*.ipynb"))
NB_IDS = [p.stem for p in NOTEBOOKS]

CELL_TIMEOUT = 120  # seconds per cell
REQUIRED_PARAMETERS = {"db", "as_of", "lang"}

RAW_CASE_ID = re.compile(r"R20\d\d-\d{6}")
RAW_MANAGER_ID = re.compile(r"CR\d{5}")
SQL_START = re.compile(
    r"^\s*(SELECT|WITH|INSERT|UPDATE|DELETE|CREATE|DROP|ALTER|COPY|ATTACH|PRAGMA|FROM)\b",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class NotebookRun:
    """What the notebooks run on: the shared simulated store and its export."""

    db: Path
    events: Path
    export: Path
    mapping: Path
    key: str
    export_date: date
    tmp: Path


@pytest.fixture(scope="session")
def nb_store(sim_store, tmp_path_factory: pytest.TempPathFactory) -> NotebookRun:
    """The session's simulated store (``tests/conftest.py``) and a scratch folder."""
    return NotebookRun(
        db=sim_store.db,
        events=sim_store.sim_dir / "events.csv",
        export=sim_store.sim_dir / "export.csv",
        mapping=sim_store.sim_dir / "mapping.toml",
        key=sim_store.key.decode(),
        export_date=sim_store.as_of,
        tmp=tmp_path_factory.mktemp("notebooks"),
    )


@pytest.fixture(scope="session")
def executed(nb_store: NotebookRun) -> Callable[[Path], nbformat.NotebookNode]:
    """Executed copies of all notebooks, run in parallel once per session.

    A failing notebook re-raises its own error in its own test.
    """
    results: dict[str, nbformat.NotebookNode | BaseException] = {}

    def run(path: Path) -> nbformat.NotebookNode:
        if not results:
            with ThreadPoolExecutor(max_workers=3) as pool:
                futures = {
                    p.stem: pool.submit(_execute, p, nb_store) for p in NOTEBOOKS
                }
            for stem, future in futures.items():
                error = future.exception()
                results[stem] = error if error is not None else future.result()
        result = results[path.stem]
        if isinstance(result, BaseException):
            raise result
        return result

    return run


def _parameters(path: Path, sim: NotebookRun) -> dict[str, object]:
    """The values the test injects: the test store, and for 01 a fresh load."""
    params: dict[str, object] = {"db": str(sim.db), "as_of": None, "lang": "nl"}
    if path.stem.startswith("01_"):
        # Notebook 01 loads the export itself: into its own store, so the shared
        # store stays as the other notebooks expect it.
        params.update(
            db=str(sim.tmp / "nb01.duckdb"),
            export=str(sim.export),
            mapping=str(sim.mapping),
            export_date=sim.export_date.isoformat(),
        )
    if path.stem.startswith("07_"):
        # Notebook 07 works on a public generic log, loaded into a store of its own.
        public = Path(__file__).resolve().parents[1] / "data" / "public"
        params.update(
            db=str(sim.tmp / "nb07.duckdb"),
            export=str(public / "receipt.xes.gz"),
            out_dir=str(sim.tmp / "nb07"),
        )
    return params


def _execute(path: Path, sim: NotebookRun) -> nbformat.NotebookNode:
    nb = nbformat.read(path, as_version=4)
    cell = _parameter_cell(nb)
    declared = _assigned_names(cell.source)
    injected = {k: v for k, v in _parameters(path, sim).items() if k in declared}
    missing = set(_parameters(path, sim)) - declared
    assert not missing, f"{path.name}: parameter cell lacks {sorted(missing)}"
    overrides = "\n".join(f"{k} = {v!r}" for k, v in injected.items())
    cell.source = f"{cell.source}\n\n# injected by tests/notebooks\n{overrides}\n"
    return _run(nb, cwd=NB_DIR, key=sim.key)


def _run(nb: nbformat.NotebookNode, *, cwd: Path, key: str) -> nbformat.NotebookNode:
    """Execute ``nb`` in place with nbclient (kernel ``python3``) in ``cwd``."""
    client = NotebookClient(
        nb,
        timeout=CELL_TIMEOUT,
        kernel_name="python3",
        allow_errors=False,
        resources={"metadata": {"path": str(cwd)}},
    )
    # The kernel gets the test key: notebook 01 loads, and must not create a key file.
    env = {**os.environ, "IPGAR_KEY": key, "PYDEVD_DISABLE_FILE_VALIDATION": "1"}
    client.execute(env=env)
    return nb


def _parameter_cell(nb: nbformat.NotebookNode) -> nbformat.NotebookNode:
    code = [c for c in nb.cells if c.cell_type == "code"]
    assert code, "a notebook without code cells"
    assert "parameters" in code[0].metadata.get("tags", []), (
        "the first code cell must be tagged 'parameters'"
    )
    return code[0]


def _assigned_names(source: str) -> set[str]:
    return {
        t.id
        for node in ast.parse(source).body
        if isinstance(node, ast.Assign)
        for t in node.targets
        if isinstance(t, ast.Name)
    }


def _code_cells(path: Path) -> list[nbformat.NotebookNode]:
    nb = nbformat.read(path, as_version=4)
    return [c for c in nb.cells if c.cell_type == "code"]


def test_the_notebooks_are_there() -> None:
    names = {p.name for p in NOTEBOOKS}
    assert names == {
        "01_laden_en_kwaliteit.ipynb",
        "02_doorlooptijden.ipynb",
        "03_procespaden.ipynb",
        "04_contact_en_integraliteit.ipynb",
        "05_regisseurs_en_uitstroom.ipynb",
        "06_evaluatie.ipynb",
        "07_procesanalyse.ipynb",
        "08_wat_als.ipynb",
        "09_netwerken.ipynb",
        "10_werkwijze.ipynb",
    }


@pytest.mark.parametrize("path", NOTEBOOKS, ids=NB_IDS)
def test_parameter_cell_comes_first(path: Path) -> None:
    nb = nbformat.read(path, as_version=4)
    nbformat.validate(nb)
    assert nb.cells[0].cell_type == "markdown"
    assert nb.cells[0].source.startswith("# "), "start with a Dutch title"
    names = _assigned_names(_parameter_cell(nb).source)
    assert names >= REQUIRED_PARAMETERS
    # Parameters are plain values, so papermill or a test can replace them.
    for node in ast.parse(_parameter_cell(nb).source).body:
        assert isinstance(node, ast.Assign)
        assert isinstance(node.value, ast.Constant), ast.unparse(node)


@pytest.mark.parametrize("path", NOTEBOOKS, ids=NB_IDS)
def test_every_notebook_shows_tables_and_figures_for_its_reader(path: Path) -> None:
    """Notebook 07 showed its tables with code headers (rank, cases, start_activities):
    it never called ``use_notebook_display``, which every other notebook does."""
    code = "\n".join(cell.source for cell in _code_cells(path))
    assert "use_notebook_display(lang)" in code


@pytest.mark.parametrize("path", NOTEBOOKS, ids=NB_IDS)
def test_code_cells_are_thin(path: Path) -> None:
    for i, cell in enumerate(_code_cells(path)):
        # IPython syntax (%magic, !shell, %%sql) becomes plain Python first, so a
        # cell magic's SQL text is checked like any other string.
        tree = ast.parse(TransformerManager().transform_cell(cell.source))
        for node in ast.walk(tree):
            assert not isinstance(
                node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef
            ), f"{path.name} code cell {i}: define functions in ipgar_metrics, not here"
            if isinstance(node, ast.Constant | ast.JoinedStr):
                text = (
                    node.value
                    if isinstance(node, ast.Constant)
                    else ast.unparse(node)[2:-1]
                )
                if not isinstance(text, str) or not SQL_START.match(text):
                    continue
                one_line = node.lineno == node.end_lineno and "\n" not in text
                assert one_line, (
                    f"{path.name} code cell {i}: SQL over more than one line; "
                    "put it in ipgar_metrics/sql/<module>/<step>.sql"
                )


@pytest.mark.parametrize("path", NOTEBOOKS, ids=NB_IDS)
def test_imports_only_the_public_api(path: Path) -> None:
    for i, cell in enumerate(_code_cells(path)):
        tree = ast.parse(TransformerManager().transform_cell(cell.source))
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                modules = [a.name for a in node.names]
                assert not any(m.startswith("ipgar_metrics") for m in modules), (
                    f"{path.name} code cell {i}: use from ipgar_metrics import ..."
                )
            if isinstance(node, ast.ImportFrom) and (node.module or "").startswith(
                "ipgar_metrics"
            ):
                assert node.module == "ipgar_metrics", (
                    f"{path.name} code cell {i}: {node.module} is not the public API"
                )
                private = {a.name for a in node.names} - set(ipgar_metrics._EXPORTS)
                assert not private, (
                    f"{path.name} code cell {i}: {sorted(private)} not in _EXPORTS"
                )


@pytest.mark.parametrize("path", NOTEBOOKS, ids=NB_IDS)
def test_runs_no_sql(path: Path) -> None:
    for i, cell in enumerate(_code_cells(path)):
        tree = ast.parse(TransformerManager().transform_cell(cell.source))
        for node in ast.walk(tree):
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
                assert node.func.attr not in {"execute", "sql"}, (
                    f"{path.name} code cell {i}: SQL; call a metric function instead"
                )
            if isinstance(node, ast.Constant) and isinstance(node.value, str):
                assert not SQL_START.match(node.value), (
                    f"{path.name} code cell {i}: SQL text; call a metric function"
                )


@pytest.mark.parametrize("path", NOTEBOOKS, ids=NB_IDS)
def test_committed_without_outputs(path: Path) -> None:
    for i, cell in enumerate(_code_cells(path)):
        assert cell.outputs == [], f"{path.name} code cell {i} has outputs: strip them"
        assert cell.execution_count is None, (
            f"{path.name} code cell {i} has an execution count: strip it"
        )
        left = {"execution", "ExecuteTime"} & set(cell.metadata)
        assert not left, f"{path.name} code cell {i} keeps run metadata {left}"
    nb = json.loads(path.read_text(encoding="utf-8"))
    assert "widgets" not in nb.get("metadata", {})
    # nbformat 4.5 gives every cell an id (nbformat warns, and will refuse, without)
    ids = [cell.get("id") for cell in nb["cells"]]
    assert None not in ids, f"{path.name}: a cell without an id"
    assert len(set(ids)) == len(ids), f"{path.name}: two cells share an id"


@pytest.mark.slow
@pytest.mark.parametrize("path", NOTEBOOKS, ids=NB_IDS)
def test_notebook_runs(path: Path, executed) -> None:
    nb = executed(path)
    code = [c for c in nb.cells if c.cell_type == "code"]
    assert all(c.execution_count is not None for c in code)
    errors = [o for c in code for o in c.outputs if o.output_type == "error"]
    assert errors == []
    # Every notebook shows something beyond its parameter cell.
    assert sum(len(c.outputs) for c in code[1:]) > 0


@pytest.mark.slow
@pytest.mark.parametrize("path", NOTEBOOKS, ids=NB_IDS)
def test_no_raw_ids_in_outputs(path: Path, executed, nb_store: NotebookRun) -> None:
    # The simulated raw ids really have these forms (else the scan proves nothing).
    head = nb_store.events.read_text(encoding="utf-8")[:2000]
    assert RAW_CASE_ID.search(head)
    assert RAW_MANAGER_ID.search(nb_store.events.read_text(encoding="utf-8"))
    nb = executed(path)
    for i, cell in enumerate(c for c in nb.cells if c.cell_type == "code"):
        text = json.dumps(cell.outputs, ensure_ascii=False)
        assert not RAW_CASE_ID.search(text), f"{path.name} cell {i}: raw case id"
        assert not RAW_MANAGER_ID.search(text), f"{path.name} cell {i}: raw manager id"


# -- %autoreload 2 and importlib.reload ------------------------------------
# Analysts keep a kernel open for hours with ``%autoreload 2`` while the package changes
# under them, and sometimes call ``importlib.reload`` by hand. With the lazy public API
# (``ipgar_metrics.__getattr__``) and the families' re-exports, a reload must leave
# ``load`` and ``episodes`` functions, not modules, and they must still work. The
# notebook loads the session's simulated export into a store of its own, so the shared
# store stays untouched.

AUTORELOAD_CELLS = (
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
        nbformat.v4.new_code_cell(source) for source in AUTORELOAD_CELLS
    ]
    _run(nb, cwd=tmp_path, key=sim_store.key.decode())

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


def _stdout(nb: nbformat.NotebookNode, name: str = "stdout") -> str:
    return "".join(
        output.get("text", "")
        for cell in nb.cells
        if cell.cell_type == "code"
        for output in cell.outputs
        if output.output_type == "stream" and output.name == name
    )


def _stderr(nb: nbformat.NotebookNode) -> str:
    return _stdout(nb, "stderr")


# -- static images -----------------------------------------------------------
# nbconvert's PDF (and a viewer without JavaScript) shows only static parts of an
# output: every plotly figure must carry a PNG of itself next to its interactive form.

PLOTLY_MIME = "application/vnd.plotly.v1+json"
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


def _figure_outputs(nb: nbformat.NotebookNode) -> list[nbformat.NotebookNode]:
    return [
        output
        for cell in nb.cells
        if cell.cell_type == "code"
        for output in cell.outputs
        if PLOTLY_MIME in output.get("data", {})
    ]


def _assert_png(output: nbformat.NotebookNode) -> None:
    assert "image/png" in output["data"], sorted(output["data"])
    assert base64.b64decode(output["data"]["image/png"]).startswith(PNG_SIGNATURE)


def test_a_figure_in_a_kernel_carries_a_png(tmp_path) -> None:
    nb = nbformat.v4.new_notebook()
    nb.cells = [
        nbformat.v4.new_code_cell(
            "import plotly.graph_objects as go\nfrom ipgar_metrics import fig_km"
        ),
        nbformat.v4.new_code_cell("go.Figure(go.Bar(x=['a', 'b'], y=[3, 4]))"),
        nbformat.v4.new_code_cell("go.Figure(go.Scatter(x=[1, 2], y=[1, 2])).show()"),
    ]
    _run(nb, cwd=tmp_path, key="notebook-test-key-0123456789abcdef")
    figures = _figure_outputs(nb)
    assert len(figures) == 2
    for output in figures:
        _assert_png(output)


def test_static_figures_off_is_kept_by_the_notebook_display(
    tmp_path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``IPGAR_STATIC_FIGURES=0`` leaves the PNG copy out, also after
    ``use_notebook_display`` (the first cell of every notebook), not only on import."""
    monkeypatch.setenv("IPGAR_STATIC_FIGURES", "0")
    nb = nbformat.v4.new_notebook()
    nb.cells = [
        nbformat.v4.new_code_cell(
            "import plotly.graph_objects as go\n"
            "from ipgar_metrics import use_notebook_display\n"
            "use_notebook_display('nl')"
        ),
        nbformat.v4.new_code_cell("go.Figure(go.Bar(x=['a', 'b'], y=[3, 4]))"),
    ]
    _run(nb, cwd=tmp_path, key="notebook-test-key-0123456789abcdef")
    (figure,) = _figure_outputs(nb)
    assert "image/png" not in figure["data"]


def test_the_interactive_figure_carries_the_notebooks_month_names(
    tmp_path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """JupyterLab and VS Code draw a figure's mimetype output with their own
    plotly.js: its config carries the Dutch month names (English: none)."""
    monkeypatch.setenv("IPGAR_STATIC_FIGURES", "0")  # the interactive output alone
    nb = nbformat.v4.new_notebook()
    figure = "go.Figure(go.Scatter(x=['2025-09-01', '2025-12-01'], y=[1, 2]))"
    nb.cells = [
        nbformat.v4.new_code_cell(
            "import plotly.graph_objects as go\n"
            "from ipgar_metrics import use_notebook_display\n"
            "use_notebook_display('nl')"
        ),
        nbformat.v4.new_code_cell(figure),
        nbformat.v4.new_code_cell("use_notebook_display('en')"),
        nbformat.v4.new_code_cell(figure),
    ]
    _run(nb, cwd=tmp_path, key="notebook-test-key-0123456789abcdef")
    dutch, english = (
        output["data"]["application/vnd.plotly.v1+json"].get("config", {})
        for output in _figure_outputs(nb)
    )
    assert dutch["locale"] == "nl"
    assert dutch["locales"]["nl"]["format"]["shortMonths"][9] == "okt"
    assert "locale" not in english and "nl" not in english.get("locales", {})


#: Notebooks that draw plotly figures (01 shows tables only).
WITH_FIGURES = [p for p in NOTEBOOKS if not p.stem.startswith("01_")]


@pytest.mark.slow
@pytest.mark.parametrize("path", WITH_FIGURES, ids=[p.stem for p in WITH_FIGURES])
def test_every_figure_carries_a_png(path: Path, executed) -> None:
    nb = executed(path)
    figures = _figure_outputs(nb)
    assert figures, f"{path.name}: no figure drawn"
    for output in figures:
        # the notebook's warnings say why kaleido gave no PNG
        assert "image/png" in output["data"], _stderr(nb)
        _assert_png(output)


# -- Dutch table headers -------------------------------------------------------


def test_dutch_columns_renames_headers_only() -> None:
    frame = pd.DataFrame(
        {"stage": ["total"], "n": [12], "median_weeks": [3.5], "p90_days": [40.0]}
    )
    shown = dutch_columns(frame)
    assert list(shown.columns) == ["fase", "aantal", "mediaan (weken)", "p90 (dagen)"]
    assert shown.iloc[0].tolist() == ["total", 12, 3.5, 40.0]
    assert list(frame.columns) == ["stage", "n", "median_weeks", "p90_days"]
    assert list(dutch_columns(frame, "en").columns) == [
        "stage",
        "count",
        "median (weeks)",
        "p90 (days)",
    ]


def test_a_table_in_a_kernel_has_dutch_headers(tmp_path) -> None:
    nb = nbformat.v4.new_notebook()
    nb.cells = [
        nbformat.v4.new_code_cell(
            "import pandas as pd\n"
            "from ipgar_metrics import use_notebook_display\n"
            "use_notebook_display('nl')"
        ),
        nbformat.v4.new_code_cell(
            "frame = pd.DataFrame({'n': [3], 'median_weeks': [1.5]})\nframe"
        ),
        nbformat.v4.new_code_cell("print(list(frame.columns))"),
        # a quality report's and a rejected row's cells read in words too
        nbformat.v4.new_code_cell(
            "checks = pd.DataFrame({'check': ['missing_timestamp'], "
            "'severity': ['error'], 'count': [1], 'examples': ['export.csv row 7'], "
            "'description': ['rows rejected: missing timestamp'], "
            "'is_open': [True]})\nchecks"
        ),
        nbformat.v4.new_code_cell("print(checks.iloc[0].tolist())"),
        # a transposed summary: its row names are column codes; a named index is data
        nbformat.v4.new_code_cell(
            "pd.DataFrame({'share_no_life_domain': [0.19], 'cases': [342]}).T"
        ),
        nbformat.v4.new_code_cell(
            "pd.DataFrame({'n': [1]}, index=pd.Index(['share_zorg'], name='code'))"
        ),
    ]
    _run(nb, cwd=tmp_path, key="notebook-test-key-0123456789abcdef")
    (shown,) = [o for o in nb.cells[1].outputs if o.output_type == "execute_result"]
    assert "<th>mediaan (weken)</th>" in shown["data"]["text/html"]
    assert "mediaan (weken)" in shown["data"]["text/plain"]
    # The frame itself keeps its names: only the display changes.
    assert "['n', 'median_weeks']" in _stdout(nb)
    (checks,) = [o for o in nb.cells[3].outputs if o.output_type == "execute_result"]
    cells = checks["data"]["text/html"]
    for words in (
        "<td>Datum ontbreekt</td>",
        "<td>fout</td>",
        "<td>bestand export.csv, rij 7</td>",
        "<td>rijen afgewezen: geen datum</td>",
        "<td>ja</td>",
    ):
        assert words in cells
    assert "missing_timestamp" not in cells and "error" not in cells
    assert "['missing_timestamp', 'error'," in _stdout(nb)  # the codes are kept
    (summary,) = [o for o in nb.cells[5].outputs if o.output_type == "execute_result"]
    rows = summary["data"]["text/html"]
    assert "<th>aandeel zonder interventie</th>" in rows and "<th>casussen</th>" in rows
    assert "share_no_life_domain" not in summary["data"]["text/plain"]
    (named,) = [o for o in nb.cells[6].outputs if o.output_type == "execute_result"]
    assert "<th>share_zorg</th>" in named["data"]["text/html"]  # data, as it is


@pytest.mark.slow
def test_notebook_tables_have_dutch_headers(executed) -> None:
    nb = executed(NB_DIR / "02_doorlooptijden.ipynb")
    html = "".join(
        output.get("data", {}).get("text/html", "")
        for cell in nb.cells
        if cell.cell_type == "code"
        for output in cell.outputs
    )
    assert "<th>mediaan (weken)</th>" in html
    assert "<th>median_weeks</th>" not in html


def test_without_a_browser_figures_stay_interactive_with_one_warning(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import kaleido
    from plotly.io.base_renderers import PngRenderer

    from ipgar_metrics.figures import _style

    def no_browser(self, fig_dict):
        raise RuntimeError("no Chrome")

    renderer = _style._png_renderer()
    try:
        monkeypatch.setattr(PngRenderer, "to_mimebundle", no_browser)
        with pytest.warns(UserWarning, match="without a PNG copy") as caught:
            assert renderer.to_mimebundle({"data": [], "layout": {}}) == {}
            assert renderer.to_mimebundle({"data": [], "layout": {}}) == {}
        # one of its kind (the new browsers may let the collector report others)
        ours = [w for w in caught if "without a PNG copy" in str(w.message)]
        assert len(ours) == 1, [f"{w.category.__name__}: {w.message}" for w in caught]
    finally:
        kaleido.stop_sync_server(silence_warnings=True)


@pytest.mark.skipif(
    os.name == "nt", reason="POSIX modes; on Windows access lists decide"
)
def test_a_notebook_run_leaves_only_owner_only_files(
    executed, nb_store: NotebookRun
) -> None:
    # notebook 01 loads an export into its own store in the scratch folder, in a
    # kernel with the default umask: the store, its log and spill folder stay private
    executed(next(p for p in NOTEBOOKS if p.stem.startswith("01_")))
    made = sorted(nb_store.tmp.rglob("nb01.duckdb*"))
    assert nb_store.tmp / "nb01.duckdb" in made
    readable = [
        str(p.relative_to(nb_store.tmp)) for p in made if p.stat().st_mode & 0o077
    ]
    assert readable == []
