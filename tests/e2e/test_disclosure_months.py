"""24 consecutive monthly bestuur reports of one simulated store against the audit.

One store (600 simulated cases, seed 1, export 2026-11-01, loaded by the real
loader); for each month from November 2024 to October 2026 the report's sections are
built once (no HTML, no PDF: the cells are what the audit reads) and published twice,
each into a folder of its own: with plain suppression (within each table) and with
the default protection, suppression coordinated with the folder's earlier months.
``ipgar audit-disclosure`` must find leaks in the first folder, among them a summary
figure recovered through the stock-flow identity between months, and pass the second
(exit 0). Both protections start from the same suppressed tables, so every cell the
plain reports hide is hidden in the protected ones as well.
"""

from __future__ import annotations

import copy
import json
from datetime import date

import pytest

from ipgar_metrics import store
from ipgar_metrics.cli._main import main
from ipgar_metrics.report._build import build_sections
from ipgar_metrics.report._cells import (
    protect,
    published_cells,
    read_history,
    write_cells,
)
from ipgar_metrics.report._model import Chart, Context
from ipgar_metrics.workdays import shift_month
from tests.shared_inputs import sim_loaded

pytestmark = pytest.mark.slow
MONTHS = [shift_month(date(2024, 11, 1), i).strftime("%Y-%m") for i in range(24)]
METHODS = ("suppression", "coordinated")


@pytest.fixture(scope="module")
def folders(tmp_path_factory):
    out = tmp_path_factory.mktemp("months")
    db = sim_loaded(out)  # a copy of the session's simulate(600, 1), loaded
    dirs = {m: out / m for m in METHODS}
    charts = {}  # month: the coordinated report's summary charts (plotly JSON)
    con = store.connect(db)
    # the store does not change: what every month's build reads alike (episodes,
    # stored paths, approach periods) is computed once for the 24 builds
    try:
        with store.reuse_results():
            for month in MONTHS:
                base = build_sections(Context(con, month, "nl", "bestuur"))
                for method in METHODS:
                    dirs[method].mkdir(exist_ok=True)
                    ctx = Context(con, month, "nl", "bestuur", method=method)
                    sections = copy.deepcopy(base)
                    protect(ctx, sections, read_history(dirs[method], ctx))
                    cells = published_cells(ctx, sections, "S-test")
                    write_cells(
                        dirs[method] / f"ptor-{month}-bestuur.cells.json", cells
                    )
                    if method == "coordinated":
                        charts[month] = [
                            json.loads(b.figure_json.replace("<\\/", "</"))
                            for b in sections[0].blocks
                            if isinstance(b, Chart)
                        ]
    finally:
        con.close()
    return {**dirs, "charts": charts}


def _cells(folder, month):
    path = folder / f"ptor-{month}-bestuur.cells.json"
    return json.loads(path.read_text(encoding="utf-8"))


def test_plain_suppression_over_24_months_leaks_also_through_the_stock_flow(
    folders, capsys
):
    assert main(["audit-disclosure", str(folders["suppression"])]) == 1
    out = capsys.readouterr().out.splitlines()
    assert out[0].endswith(
        f"in 24 reports ({MONTHS[0]} to {MONTHS[-1]}); threshold 10:"
    )
    leaks = out[1:]
    assert len(leaks) == int(out[0].split()[0]) > 24
    # a summary flow hidden as "<10" in its month, recovered from the stock of two
    # months: its line names the summary table
    flows = [line for line in leaks if "summary.1" in line]
    assert flows
    for line in flows:
        month = line.split()[0]
        hidden = {
            (c["table"], c["row"], c["column"])
            for c in _cells(folders["suppression"], month)["cells"]
            if c["value"] is None
        }
        where = tuple(p.strip() for p in line.split(":")[0][len(month) :].split("|"))
        assert where in hidden


def test_coordinated_suppression_over_24_months_passes_the_audit(folders, capsys):
    assert main(["audit-disclosure", str(folders["coordinated"])]) == 0
    out = capsys.readouterr().out.splitlines()
    assert len(out) == 1 and out[0].startswith("no leak: ")
    assert f"in 24 reports ({MONTHS[0]} to {MONTHS[-1]})" in out[0]


def test_the_protected_reports_hide_what_the_plain_ones_hide_and_more(folders):
    more = 0
    for month in MONTHS:
        plain = _cells(folders["suppression"], month)
        coord = _cells(folders["coordinated"], month)
        assert [c["id"] for c in plain["cells"]] == [c["id"] for c in coord["cells"]]
        assert (plain["method"], coord["method"]) == METHODS
        for p, c in zip(plain["cells"], coord["cells"], strict=True):
            if p["value"] is None:
                assert c["value"] is None and c["shown"] == p["shown"]
            elif c["value"] is None:  # hidden to protect: "x" or a share "–"
                assert c["shown"] in ("x", "–")
                more += 1
            else:
                assert c["value"] == p["value"]
    assert more > 0


def test_the_stock_chart_does_not_show_a_stock_the_table_hides(folders):
    """A stock hidden by the coordination ("x") is not a point of the stock chart
    (it would give back what the table hides); one the table shows is the same number,
    or blank when it equals a number hidden in the section (the rule is blunt)."""
    hidden_somewhere = shown_somewhere = 0
    for month in MONTHS:
        cells = _cells(folders["coordinated"], month)["cells"]
        stocks = {
            c["ref"].split("@")[1]: c["value"]
            for c in cells
            if c.get("ref", "").startswith("summary.stock@")
        }
        [chart] = folders["charts"][month]
        [trace] = [t for t in chart["data"] if t["meta"]["kind"] == "count"]
        points = dict(zip(trace["x"], trace["y"], strict=True))
        for at, value in stocks.items():
            if at not in points:
                continue
            if value is None:
                assert points[at] is None, (month, at)
                hidden_somewhere += 1
            else:
                assert points[at] in (value, None), (month, at)
                shown_somewhere += points[at] == value
    assert hidden_somewhere > 0 and shown_somewhere > hidden_somewhere
