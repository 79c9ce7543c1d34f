"""The layered process map on real logs: BPIC15_1 (398 activities) and receipt.

Each log is loaded once per module (profile generic). Checked: no two node boxes
of the layout the map draws overlap; the HTML map is under 1 MB and holds no
plotly.js; the SVG parses and names every kept activity; the PNG is a PNG; the SVG
is written with no ``dot`` on PATH; the counts on the map equal ``directly_follows``
and, on receipt, pm4py's DFG; the slider ranks follow the events per activity
counted here with pandas; the map of differences counts what pandas counts.
"""

from __future__ import annotations

import math
import os
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from datetime import date
from pathlib import Path

import pandas as pd
import pytest

from ipgar_metrics import directly_follows, store
from ipgar_metrics.cli import main
from ipgar_metrics.figures import process_map_layout
from ipgar_metrics.figures._paths import node_label
from ipgar_metrics.ingest._load import load
from ipgar_metrics.schema import END_NODE, START_NODE
from tests.conftest import assert_offline_pages
from tests.shared_inputs import PM4PY_READER, pm4py_log

PUBLIC = Path(__file__).resolve().parents[1] / "data" / "public"
KEY = "public-log-test-key-0123456789abcdef"
SVG = "{http://www.w3.org/2000/svg}"
LOGS = ("receipt.xes.gz", "BPIC15_1.xes.gz")


@pytest.fixture(scope="module")
def dbs(tmp_path_factory):
    out = {}
    for name in LOGS:
        db = tmp_path_factory.mktemp("maps") / "log.duckdb"
        load(
            [PUBLIC / name],
            db=db,
            profile="generic",
            key=KEY.encode(),
            export_date=date(2026, 11, 1),
        )
        out[name] = db
    return out


@pytest.fixture(scope="module")
def receipt_log():
    pytest.importorskip("pm4py")
    df = pm4py_log("receipt.xes.gz", PM4PY_READER)  # read once per session
    return df.sort_values(["case:concept:name", "time:timestamp"], kind="stable")


def _dfg(db):
    con = store.connect(db)
    try:
        return directly_follows(con, as_of=store.last_event_at(con))
    finally:
        con.close()


def _svg(path: Path):
    root = ET.parse(path).getroot()
    groups = list(root.iter(f"{SVG}g"))
    nodes = [g for g in groups if g.get("class") == "node"]
    edges = [g for g in groups if "edge" in (g.get("class") or "").split()]
    return root, nodes, edges


def _run(capsys, *args) -> str:
    code = main([str(a) for a in args])
    err = capsys.readouterr().err
    assert code == 0, err
    return err


@pytest.mark.parametrize("name", LOGS)
def test_no_two_node_boxes_overlap(dbs, name):
    pmap = process_map_layout(_dfg(dbs[name]))
    boxes = [n.box for n in pmap.nodes]
    assert len(boxes) >= 29  # receipt: all 27 + start, end; BPIC15_1: 40 + 2
    clashes = [
        (a.code, b.code)
        for i, a in enumerate(pmap.nodes)
        for b in pmap.nodes[i + 1 :]
        if a.box.overlaps(b.box)
    ]
    assert clashes == []
    # laid out in more than one row: BPIC15_1's nodes used to sit in one
    assert len({round(n.box.y) for n in pmap.nodes}) > 3
    assert len({round(n.box.x) for n in pmap.nodes}) > 3


def test_bpic15_html_is_small_and_has_no_plotly(dbs, tmp_path, capsys):
    out = tmp_path / "map.html"
    err = _run(capsys, "dfg", "--db", dbs["BPIC15_1.xes.gz"], "--out", out)
    assert "max-activities 40" in err and "of 398 activities" in err
    html = out.read_text(encoding="utf-8")
    assert out.stat().st_size < 1_000_000
    assert "plotly" not in html.lower()
    assert '<script src="http' not in html
    assert 'type="range" id="acts"' in html and 'type="range" id="paths"' in html


def test_svg_labels_counts_and_slider_ranks_on_receipt(
    dbs, receipt_log, tmp_path, capsys
):
    pm4py = pytest.importorskip("pm4py")
    out = tmp_path / "map.svg"
    _run(capsys, "dfg", "--db", dbs["receipt.xes.gz"], "--out", out, "--lang", "en")
    _, nodes, edges = _svg(out)
    # every kept activity's label is written in its node
    for g in nodes:
        texts = [t.text for t in g.iter(f"{SVG}text")]
        assert " ".join(texts[:-1]) == node_label(g.get("data-activity"), "en")
    # counts equal directly_follows and pm4py's DFG
    frame = _dfg(dbs["receipt.xes.gz"])
    ours = {
        (s, t): c
        for s, t, c in zip(
            frame["source"], frame["target"], frame["count"], strict=True
        )
    }
    dfg, starts, ends = pm4py.discover_dfg(receipt_log)
    theirs = {**dfg, **{(START_NODE, a): n for a, n in starts.items()}}
    theirs |= {(a, END_NODE): n for a, n in ends.items()}
    drawn = {
        (g.get("data-source"), g.get("data-target")): int(g.get("data-count"))
        for g in edges
    }
    assert len(drawn) >= 100
    assert drawn == {k: ours[k] for k in drawn}
    assert drawn == {k: theirs[k] for k in drawn}
    # the slider keeps activities by rank: ranks follow the events per activity
    events = receipt_log["concept:name"].value_counts()
    expected = sorted(events.index, key=lambda a: (-events[a], a))
    ranks = {g.get("data-activity"): int(g.get("data-rank")) for g in nodes}
    counts = {g.get("data-activity"): int(g.get("data-count")) for g in nodes}
    assert {a: r for a, r in ranks.items() if r >= 0} == {
        a: i for i, a in enumerate(expected)
    }
    assert {a: c for a, c in counts.items() if ranks[a] >= 0} == events.to_dict()
    keep = math.ceil(0.25 * len(expected))  # the script's rule at 25 %
    assert {a for a, r in ranks.items() if 0 <= r < keep} == set(
        events.nlargest(keep).index
    )


def test_bpic15_map_keeps_the_40_most_frequent_activities(dbs, tmp_path, capsys):
    out = tmp_path / "map.svg"
    _run(capsys, "dfg", "--db", dbs["BPIC15_1.xes.gz"], "--out", out)
    _, nodes, edges = _svg(out)
    frame = _dfg(dbs["BPIC15_1.xes.gz"])
    events = frame.groupby("target")["count"].sum().drop(END_NODE)
    top = sorted(events.index, key=lambda a: (-events[a], a))[:40]
    assert {g.get("data-activity") for g in nodes} - {START_NODE, END_NODE} == set(top)
    ours = {
        (s, t): c
        for s, t, c in zip(
            frame["source"], frame["target"], frame["count"], strict=True
        )
    }
    for g in edges:
        assert (
            int(g.get("data-count"))
            == ours[(g.get("data-source"), g.get("data-target"))]
        )


def test_png_is_a_png_drawn_offline(dbs, tmp_path, capsys, kaleido_pages):
    out = tmp_path / "map.png"
    _run(
        capsys, "dfg", "--db", dbs["receipt.xes.gz"], "--out", out,
        "--max-activities", "6", "--view", "performance",
    )  # fmt: skip
    assert out.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert_offline_pages(kaleido_pages)  # no MathJax from a CDN


def test_svg_without_dot_on_path(dbs, tmp_path):
    bare = tmp_path / "bin"
    bare.mkdir()
    env = {**os.environ, "PATH": str(bare), "IPGAR_KEY": KEY}
    assert shutil.which("dot", path=env["PATH"]) is None
    out = tmp_path / "map.svg"
    res = subprocess.run(
        [sys.executable, "-m", "ipgar_metrics.cli", "dfg", "--db",
         str(dbs["receipt.xes.gz"]), "--out", str(out)],
        capture_output=True, text=True, check=False, env=env,
    )  # fmt: skip
    assert res.returncode == 0, res.stderr
    assert ET.parse(out).getroot().tag == f"{SVG}svg"


def test_difference_csv_counts_what_pandas_counts(dbs, receipt_log, capsys):
    import io

    code = main(
        ["dfg", "--db", str(dbs["receipt.xes.gz"]), "--compare-before", "2011-06-01",
         "--format", "csv"]
    )  # fmt: skip
    assert code == 0
    got = pd.read_csv(io.StringIO(capsys.readouterr().out))
    log = receipt_log.assign(
        day=receipt_log["time:timestamp"].dt.tz_convert("Europe/Amsterdam").dt.date
    )
    first = log.groupby("case:concept:name")["day"].min()
    log["group"] = (
        log["case:concept:name"]
        .map(first < date(2011, 6, 1))
        .map({True: "a", False: "b"})
    )
    log["next"] = log.groupby("case:concept:name")["concept:name"].shift(-1)
    pairs = log.dropna(subset=["next"])
    expected = (
        pairs.groupby(["concept:name", "next", "group"]).size().unstack(fill_value=0)
    )
    rows = got[(got["source"] != START_NODE) & (got["target"] != END_NODE)]
    assert len(rows) == len(expected)
    for r in rows.itertuples():
        assert (r.count_a, r.count_b) == tuple(
            expected.loc[(r.source, r.target), ["a", "b"]]
        )
    cases = first.groupby(first < date(2011, 6, 1)).size()
    starts = got[got["source"] == START_NODE]
    assert (starts["count_a"].sum(), starts["count_b"].sum()) == (
        cases[True],
        cases[False],
    )
