"""The published cells of an extern report of the simulator, read back against its HTML.

One simulated store (600 cases, seed 1, loaded by the real loader); the extern report
of October 2026 without PDF. Every count, share and statistic cell of the HTML tables
(read with the standard library's HTML parser) must be in the cells file with the same
text and the number the text shows; the file is owner-only and listed in the processing
log; every sum it declares holds between the cells it publishes. The audit passes on it
(the default protection, coordinated suppression, ADR 0007).
"""

from __future__ import annotations

import json
import stat
from html.parser import HTMLParser

import pytest

from ipgar_metrics import disclosure, store
from ipgar_metrics.report._build import build_report
from tests.shared_inputs import sim_loaded

MONTH = "2026-10"
NUMBER_CLASSES = {"n", "stat"}  # count cells; statistics and shares


class Tables(HTMLParser):
    """Per section id, its tables: (headers, rows of (class, text))."""

    def __init__(self) -> None:
        super().__init__()
        self.sections: dict[
            str, list[tuple[list[str], list[list[tuple[str, str]]]]]
        ] = {}
        self.section = ""
        self.cell: list[str] | None = None
        self.cls = ""

    def handle_starttag(self, tag, attrs):
        attr = dict(attrs)
        if tag == "details" or getattr(self, "aside", 0):  # a chart's own numbers
            self.aside = getattr(self, "aside", 0) + (tag == "details")
            return
        if tag == "section":
            self.section = attr.get("id", "")
            self.sections.setdefault(self.section, [])
        elif tag == "table":
            self.sections[self.section].append(([], []))
        elif tag == "tr" and self.sections.get(self.section):
            self.row: list[tuple[str, str]] = []
        elif tag in ("th", "td"):
            self.cell, self.cls = [], attr.get("class", "")

    def handle_data(self, data):
        if self.cell is not None:
            self.cell.append(data)

    def handle_endtag(self, tag):
        if getattr(self, "aside", 0):
            self.aside -= tag == "details"
            return
        if tag in ("th", "td") and self.cell is not None:
            text = "".join(self.cell)
            headers = self.sections[self.section][-1][0]
            if tag == "th":
                headers.append(text)
            else:
                self.row.append((self.cls, text))
            self.cell = None
        elif tag == "tr" and self.cell is None and getattr(self, "row", None):
            self.sections[self.section][-1][1].append(self.row)
            self.row = []


def number(text: str) -> float | None:
    """The number a cell's text shows (a decimal comma, a % sign); None when hidden."""
    text = text.strip().rstrip("%").replace(",", ".")
    try:
        return float(text)
    except ValueError:
        return None


@pytest.fixture(scope="module")
def extern(tmp_path_factory):
    out = tmp_path_factory.mktemp("cells")
    db = sim_loaded(out)  # a copy of the session's simulate(600, 1), loaded
    paths = build_report(
        db=db, month=MONTH, out_dir=out / "reports", audience="extern", pdf=False
    )
    plain = build_report(  # within-table suppression only: most sums fully shown
        db=db,
        month=MONTH,
        out_dir=out / "plain",
        audience="bestuur",
        pdf=False,
        method="suppression",
    )
    return {"db": db, "paths": paths, "dir": out / "reports", "plain": plain}


def test_the_cells_file_is_written_owner_only_and_logged(extern):
    html, cells = extern["paths"]
    assert cells.name == f"ptor-{MONTH}-extern.cells.json"
    assert stat.S_IMODE(cells.stat().st_mode) == 0o600
    log = store.log_path(extern["db"]).read_text(encoding="utf-8").splitlines()
    entry = json.loads(log[-2])  # the plain report of the fixture is the last
    assert entry["command"] == "report.build_report"
    assert [o["path"] for o in entry["outputs"]] == [str(html), str(cells)]
    assert entry["options"]["method"] == "coordinated"
    data = json.loads(cells.read_text(encoding="utf-8"))
    assert (data["month"], data["threshold"], data["method"]) == (
        MONTH,
        10,
        "coordinated",
    )
    assert data["audience"] == "bestuur"  # extern is the older name of bestuur
    assert (
        data["snapshot"] == store.snapshot(store.connect(extern["db"]))["snapshot_id"]
    )


def test_every_number_of_the_html_tables_is_a_cell_with_its_value(extern):
    html, cells = extern["paths"]
    parser = Tables()
    parser.feed(html.read_text(encoding="utf-8"))
    data = json.loads(cells.read_text(encoding="utf-8"))
    by_place = {(c["table"], c["row"], c["column"]): c for c in data["cells"]}
    seen = 0
    for section, tables in parser.sections.items():
        for number_, (headers, rows) in enumerate(tables, start=1):
            for row in rows:
                label = row[0][1]
                for j, (cls, text) in enumerate(row):
                    if cls not in NUMBER_CLASSES:
                        continue
                    c = by_place[(f"{section}.{number_}", label, headers[j])]
                    assert c["shown"] == text
                    assert c["value"] == number(text), (c, text)
                    kind = "count" if cls == "n" else c["kind"]
                    assert c["kind"] == kind
                    assert kind != "share" or text in ("–", "") or text.endswith("%")
                    seen += 1
    assert seen == len(data["cells"]) > 100
    assert any(c["kind"] == "share" and c["value"] is not None for c in data["cells"])
    hidden = [c for c in data["cells"] if c["kind"] == "count" and c["value"] is None]
    assert hidden and all(c["shown"] in ("<10", "x", "–") for c in hidden)


def test_the_declared_sums_hold_between_the_published_cells(extern):
    # the plain report: coordinated suppression leaves a hidden cell in every sum
    data = json.loads(extern["plain"][1].read_text(encoding="utf-8"))
    assert extern["plain"][1].name == f"ptor-{MONTH}-bestuur.cells.json"
    assert data["method"] == "suppression"
    value = {c["id"]: c["value"] for c in data["cells"]}
    sums = [r for r in data["relations"] if "total" in r]
    shares = [r for r in data["relations"] if "share" in r]
    assert {"contact.1", "casemgmt.1"} <= {r["total"].split("/")[0] for r in sums}
    assert {r["share"].split("/")[0] for r in shares} == {"paths.1"}
    checked = 0
    for rel in sums:
        named = [rel["total"], *rel["parts"], *rel["minus"]]
        if all(value[c] is not None for c in named):
            got = sum(value[p] for p in rel["parts"]) - sum(
                value[m] for m in rel["minus"]
            )
            assert value[rel["total"]] == got, rel
            checked += 1
    for rel in shares:  # a whole percentage: within half a point of the exact share
        named = [rel["share"], rel["numerator"], *rel["denominator_parts"]]
        if all(value[c] is not None for c in named):
            den = sum(value[d] for d in rel["denominator_parts"])
            exact = 100 * value[rel["numerator"]] / den
            assert abs(value[rel["share"]] - exact) <= 0.5, rel
            checked += 1
    refs = {c.get("ref") for c in data["cells"]}
    assert {f"summary.stock@{MONTH}", "summary.stock@2026-09"} <= refs
    assert checked > len(shares)


def test_the_audit_runs_on_the_current_extern_report(extern):
    data = json.loads(extern["paths"][1].read_text(encoding="utf-8"))
    hidden = {
        (c["table"], c["row"], c["column"])
        for c in data["cells"]
        if c["value"] is None and c["kind"] == "count"
    }
    result = disclosure.audit_folder(extern["dir"])
    assert result.months == [MONTH]
    assert result.protected == len(hidden)
    assert result.ok, result.lines()
    for f in result.findings:  # a narrowed cell is one the report hides
        assert f.reason == "published" or (f.table, f.row, f.column) in hidden
        assert f.high - f.low + 1 < 10


def test_plain_suppression_leaks_and_the_coordinated_report_hides_more(extern):
    """The same month under within-table suppression: the audit finds the sums of
    hidden cells of issue 20; the default report hides every cell the plain one
    hides, and more (the cells that made the sums recoverable)."""
    plain = json.loads(extern["plain"][1].read_text(encoding="utf-8"))
    coord = json.loads(extern["paths"][1].read_text(encoding="utf-8"))
    result = disclosure.audit_folder(extern["plain"][1].parent)
    assert not result.ok
    assert {f.table for f in result.findings} >= {"contact.1", "casemgmt.1"}
    hidden_plain = {c["id"] for c in plain["cells"] if c["value"] is None}
    hidden_coord = {c["id"] for c in coord["cells"] if c["value"] is None}
    assert hidden_plain < hidden_coord
    extra = [c for c in coord["cells"] if c["id"] in hidden_coord - hidden_plain]
    assert all(c["shown"] in ("x", "–") for c in extra)
