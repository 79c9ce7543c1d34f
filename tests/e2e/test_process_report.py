"""The process-mining report of a generic log agrees with pm4py and names no raw id.

receipt is loaded through `ipgar load` (pseudonymised; the session's load, a copy:
`tests/shared_inputs.py`); the report's tables are read back from the HTML and
compared with pm4py on the original file (read once per session): the overview counts,
the activity table, the top variants and the handovers of work.
"""

from __future__ import annotations

import io
import json
import re
import shutil
import subprocess
from pathlib import Path

import pandas as pd
import pytest

from ipgar_metrics.metrics.filters import LogFilter
from ipgar_metrics.report import build_process_report
from tests.e2e.test_public_logs_cli import ipgar
from tests.shared_inputs import PM4PY_READER, pm4py_log, public_store

pm4py = pytest.importorskip("pm4py")
CASE = "case:concept:name"


@pytest.fixture(scope="module")
def receipt(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("process")
    # `ipgar load receipt.xes.gz --profile generic`, done once per session
    db = Path(public_store("receipt.xes.gz", tmp))
    log = pm4py_log("receipt.xes.gz", PM4PY_READER)
    return db, log, tmp


def _tables(html: str) -> dict[str, pd.DataFrame]:
    """The report's tables by the id of their section (first table of each, or all)."""
    out: dict[str, pd.DataFrame] = {}
    for key, body in re.findall(r'<section id="([\w-]+)">(.*?)</section>', html, re.S):
        tables = (
            pd.read_html(io.StringIO(body), thousands=" ", decimal=",")
            if "<table" in body
            else []
        )
        for i, table in enumerate(tables):
            out[f"{key}#{i}"] = table
    return out


def test_process_report_tables_equal_pm4py(receipt):
    db, log, tmp = receipt
    paths = build_process_report(db=db, out_dir=tmp / "out", pdf=False)
    html = paths[0].read_text(encoding="utf-8")
    assert (
        paths[0].name.startswith("procesanalyse-")
        and oct(paths[0].stat().st_mode & 0o777) == "0o600"
    )
    tables = _tables(html)
    overview = dict(
        zip(
            tables["overzicht#0"]["kengetal"],
            tables["overzicht#0"]["waarde"],
            strict=True,
        )
    )
    assert int(overview["casussen"]) == log[CASE].nunique()
    assert int(overview["gebeurtenissen"]) == len(log)
    assert int(overview["varianten"]) == len(pm4py.get_variants(log))
    # the activity table: the 25 most frequent, counts as pm4py's
    acts = tables["activiteiten#0"]
    events = pm4py.get_event_attribute_values(log, "concept:name")
    assert len(acts) == 25
    assert {
        a: int(n)
        for a, n in zip(acts["activiteit"], acts["gebeurtenissen"], strict=True)
    } == {a: int(events[a]) for a in acts["activiteit"]}
    assert "En 2 minder vaak voorkomende activiteiten" in html  # receipt has 27
    # the top variants: counts of pm4py's ten most frequent
    top = sorted((int(v) for v in pm4py.get_variants(log).values()), reverse=True)[:10]
    assert list(tables["varianten#0"]["casussen"]) == top
    # handovers between performers: pm4py's shares times the successions
    sna = pm4py.discover_handover_of_work_network(log, beta=0)
    known = log.dropna(subset=["org:resource"])
    total = len(known) - known[CASE].nunique()
    moved = sorted(
        (round(v * total) for (a, b), v in sna.connections.items() if a != b),
        reverse=True,
    )[:15]
    assert list(tables["overdracht#0"]["aantal"]) == moved
    # the dotted chart draws every event of the cases it shows, without ids
    chart = re.search(r'data-target="chart-dotted">(.*?)</script>', html, re.S)
    figure = json.loads(chart.group(1).replace("<\\/", "</"))
    assert sum(len(trace["x"]) for trace in figure["data"]) > 0
    raw_ids = set(log[CASE].astype(str)) | set(log["org:resource"].dropna().astype(str))
    words = set(
        re.findall(r"[\w-]+", re.sub(r"<script>.*?</script>", "", html, flags=re.S))
    )
    assert not {w for w in raw_ids if len(w) > 3} & words


def test_process_report_of_filtered_cases_says_so(receipt):
    db, log, tmp = receipt
    paths = build_process_report(
        db=db, out_dir=tmp / "filtered", pdf=True, lang="en",
        log_filter=LogFilter(where={"org": ["Group 2"]}),
    )  # fmt: skip
    html = paths[0].read_text(encoding="utf-8")
    part = pm4py.filter_event_attribute_values(
        log, "org:group", ["Group 2"], level="case"
    )
    line = f"filter org = Group 2: keeps {part[CASE].nunique()} of {log[CASE].nunique()} cases"
    assert line in html
    overview = _tables(html)["overzicht#0"]
    assert (
        int(dict(zip(overview["measure"], overview["value"], strict=True))["cases"])
        == part[CASE].nunique()
    )
    assert paths[0].name.endswith("-en.html")
    assert len(paths) == 2, "Chromium is needed for the PDF (make sysdeps)"
    tool = shutil.which("pdftotext")
    assert tool is not None, "pdftotext is needed (apt-get install poppler-utils)"
    text = subprocess.run(
        [tool, "-layout", str(paths[1]), "-"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    pages = [page for page in text.split("\f") if page.strip()]
    assert len(pages) >= 3 and "Process analysis" in pages[0]


def test_report_on_a_generic_log_is_the_process_report(receipt):
    db, log, tmp = receipt
    out = tmp / "cli"
    res = ipgar(
        "report", "--db", str(db), "--out", str(out), "--no-pdf", "--variant", "1"
    )
    assert res.returncode == 0, res.stderr
    assert (
        "ipgar report: kind process (a generic log; use --kind to choose)" in res.stderr
    )
    html = Path(res.stdout.split()[-1]).read_text(encoding="utf-8")
    top = max(int(v) for v in pm4py.get_variants(log).values())
    assert f"keeps {top} of {log[CASE].nunique()} cases" in html
