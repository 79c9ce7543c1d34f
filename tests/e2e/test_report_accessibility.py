"""The extern report is publishable: charts protect, the page is accessible (issue 20).

A small simulated store (200 cases, seed 1, loaded by the real loader) gives an
extern report in which most counts are below k and the lead-time curves have only a
few steps. Read as an attacker: every count a chart holds is k or more or marked
protected (hatched, "<10"), and no x value of a curve is the time between two
events of one case, computed here from the simulator's events.csv. Read as a
reader with a screen reader or colour blindness: one h1 and no skipped heading
level, header cells with a scope, a language, a text alternative (a table) for
every chart, and no WCAG 2.0/2.1 A or AA violation found by axe-core (vendored in
``tests/vendor/axe-core``, run in headless Chromium offline). The PDF that Chromium
prints is tagged.
"""

from __future__ import annotations

import html as html_lib
import itertools
import json
import re
import shutil
import stat
from datetime import date
from pathlib import Path

import pandas as pd
import pytest

from ipgar_metrics.ingest._load import load
from ipgar_metrics.report._build import build_report
from ipgar_metrics.report._pdf import run_headless
from ipgar_metrics.simulation._simulator import simulate

K = 10
MONTH = "2026-10"
AXE = Path(__file__).parents[1] / "vendor" / "axe-core" / "axe.min.js"
AXE_VERSION = "4.14.1"
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
CHART_DATA = re.compile(
    r'<script type="application/json" class="plotly-data" data-target="([^"]+)">(.*?)</script>',
    re.S,
)
#: Runs axe over the page once its charts are drawn and writes the result into it.
RUNNER = """<script src="axe.min.js"></script>
<script>
axe.run(document, {runOnly: {type: "tag", values: WCAG_TAGS}}).then(function (r) {
  var out = document.createElement("pre");
  out.id = "axe-result";
  out.textContent = JSON.stringify({
    version: axe.version,
    violations: r.violations.map(function (v) {
      return {id: v.id, impact: v.impact, help: v.help, tags: v.tags,
              nodes: v.nodes.map(function (n) { return n.target.join(" "); })};
    }),
    passes: r.passes.map(function (v) { return v.id; })
  });
  document.body.appendChild(out);
}, function (e) {
  var out = document.createElement("pre");
  out.id = "axe-result";
  out.textContent = JSON.stringify({error: String(e)});
  document.body.appendChild(out);
});
</script>
</body>""".replace("WCAG_TAGS", json.dumps(WCAG_TAGS))


@pytest.fixture(scope="module")
def small(tmp_path_factory):
    root = tmp_path_factory.mktemp("a11y")
    res = simulate(200, 1, root / "sim")
    db = root / "ipgar.duckdb"
    load(
        [res.files["export"]],
        mapping=res.files["mapping"],
        db=db,
        export_date=date(2026, 11, 1),
    )
    out = root / "reports"
    nl = build_report(db=db, month=MONTH, out_dir=out, audience="extern", pdf=True)
    en = build_report(
        db=db, month=MONTH, out_dir=out, audience="extern", lang="en", pdf=False
    )
    events = pd.read_csv(res.files["events"], dtype=str)
    return {"nl": nl, "en": en, "events": events, "root": root}


def _charts(html: str) -> dict[str, dict]:
    return {
        m.group(1): json.loads(m.group(2).replace("<\\/", "</"))
        for m in CHART_DATA.finditer(html)
    }


def _kind(trace: dict) -> str:
    return (trace.get("meta") or {}).get("kind", "")


def _values(values) -> list:
    """A plotly data array as a list (plain lists; base64 typed arrays decoded)."""
    if isinstance(values, dict) and "bdata" in values:
        import base64

        import numpy as np

        raw = base64.b64decode(values["bdata"])
        return np.frombuffer(raw, dtype=np.dtype(values["dtype"])).tolist()
    return list(values or [])


#: The events that can end a report's lead time (a decision, the intake).
DECISIONS = ("ivgr_advies", "ptor_besluit", "instroom")


def _spans(events: pd.DataFrame, start: str, ends: tuple[str, ...]) -> list[float]:
    """Days from every ``start`` event of a case to every later ``ends`` event of it.

    With ``melding`` and the decisions: every lead time a curve could hold (and
    more); with ``instroom`` and ``uitstroom``: every completed stay.
    """
    frame = events.assign(ts=pd.to_datetime(events["timestamp"], utc=True))
    out: list[float] = []
    for _, case in frame.groupby("case_id"):
        starts = case.loc[case["activity"] == start, "ts"]
        stops = case.loc[case["activity"].isin(ends), "ts"]
        out += [
            (b - a).total_seconds() / 86400.0 for a in starts for b in stops if b > a
        ]
    return out


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_every_chart_count_is_k_or_more_or_marked_protected(small, lang):
    charts = _charts(small[lang][0].read_text(encoding="utf-8"))
    assert len(charts) >= 8
    checked = marked = 0
    for fig in charts.values():
        data = fig["data"]
        marks: dict[int, dict[str, str]] = {}
        for trace in data:
            if _kind(trace) == "protected":
                assert set(trace["text"]) <= {f"<{K}", "x", f"n<{K}"}, trace["text"]
                at = "y" if trace.get("orientation") == "h" else "x"
                own = marks.setdefault(trace["meta"]["trace"], {})
                own.update(zip(_values(trace[at]), trace["text"], strict=True))
        for i, trace in enumerate(data):
            if _kind(trace) != "count":
                continue
            if trace["type"] == "heatmap":
                for zs, texts in zip(trace["z"], trace["text"], strict=True):
                    for z, text in zip(zs, texts, strict=True):
                        checked += 1
                        if z is None:  # "x": hidden by the protection over time
                            assert text in (f"<{K}", "x")
                            marked += 1
                        else:
                            assert z >= K
                continue
            xs, ys = _values(trace["x"]), _values(trace["y"])
            for x, y in zip(xs, ys, strict=True):
                checked += 1
                if y is None:  # never an empty place: a mark with the label
                    assert x in marks.get(i, {}), (trace.get("name"), x)
                    marked += 1
                else:
                    assert y >= K
    assert checked > 100 and marked > 20  # the small store hides many counts


def test_no_curve_point_is_a_case_own_time(small):
    charts = _charts(small["nl"][0].read_text(encoding="utf-8"))
    lead = _spans(small["events"], "melding", DECISIONS)
    stays = _spans(small["events"], "instroom", ("uitstroom",))
    assert len(lead) > 300 and len(stays) > 50
    curves = [
        (trace, _in_years(fig))
        for fig in charts.values()
        for trace in fig["data"]
        if _kind(trace) in ("survival", "share")
        and all(isinstance(v, int | float) for v in _values(trace["x"]))
    ]
    assert len(curves) >= 4  # the time to a decision, the incidence and the stay
    steps = 0
    for trace, years in curves:
        for x in _values(trace["x"]):
            if x == 0:
                continue
            steps += 1
            days, spans = (x * 365.25, stays) if years else (x, lead)
            assert not any(abs(days - s) < 1e-6 for s in spans), x
    assert steps >= 3  # the small store's curves do have steps


def _in_years(fig: dict) -> bool:
    """The stay curve: its x axis counts years since the intake."""
    title = fig["layout"].get("xaxis", {}).get("title", {}).get("text", "")
    return "jaren" in title or "years" in title


def test_curves_are_drawn_per_week_in_steps_of_k(small):
    charts = _charts(small["nl"][0].read_text(encoding="utf-8"))
    decision = [
        trace
        for fig in charts.values()
        for trace in fig["data"]
        if _kind(trace) == "survival" and not _in_years(fig)
    ]
    assert decision
    for trace in decision:
        xs = _values(trace["x"])
        assert all(x % 7 == 0 for x in xs), xs
        assert len(xs) <= 1 + len(small["events"]) // K


def test_report_files_are_owner_only(small):
    for path in [*small["nl"], *small["en"]]:
        assert stat.S_IMODE(path.stat().st_mode) == 0o600, path.name


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_structure_headings_headers_language_and_chart_texts(small, lang):
    page = small[lang][0].read_text(encoding="utf-8")
    assert re.search(rf'<html lang="{lang}">', page)
    levels = [int(h) for h in re.findall(r"<h([1-6])[\s>]", page)]
    assert levels.count(1) == 1 and levels[0] == 1
    assert all(b - a <= 1 for a, b in itertools.pairwise(levels)), levels
    headers = re.findall(r"<th[\s>][^>]*>|<th>", page)
    assert headers and all('scope="' in h for h in headers)
    charts = _charts(page)
    for chart_id, fig in charts.items():
        block = page[page.index(f'<div id="{chart_id}"') :]
        block = block[: block.index("</figure>")]
        assert 'role="img"' in block and 'aria-label="' in block
        # every extern chart has its numbers as a table, collapsed
        assert '<details class="chart-data">' in block, chart_id
        rows = re.findall(r'<tr><th scope="row"', block)
        assert len(rows) >= 1
        if fig["data"][0]["type"] == "bar":
            assert len(rows) == len(_values(fig["data"][0]["x"]))
    accessible = "toegankelijke versie" if lang == "nl" else "accessible version"
    assert accessible in page


def _axe(html_path: Path, tmp: Path) -> dict:
    """axe-core's WCAG A/AA result for ``html_path`` in headless Chromium, offline."""
    tmp.mkdir(parents=True, exist_ok=True)
    shutil.copy(AXE, tmp / "axe.min.js")
    page = tmp / "page.html"
    text = html_path.read_text(encoding="utf-8")
    assert text.count("</body>") == 1
    page.write_text(text.replace("</body>", RUNNER), encoding="utf-8")
    run = run_headless(
        ["--virtual-time-budget=30000", "--dump-dom", page.as_uri()], timeout=240
    )
    found = re.search(r'<pre id="axe-result">(.*?)</pre>', run.stdout, re.S)
    assert found, (run.stderr or "")[-500:]
    return json.loads(html_lib.unescape(found.group(1)))


def test_axe_finds_violations_in_a_page_that_has_them(tmp_path):
    bad = tmp_path / "bad.html"
    bad.write_text(
        "<!DOCTYPE html><html><head><title>t</title></head><body>"
        '<img src="x.png"><p style="color:#bbb;background:#fff">grey</p>'
        "</body></html>",
        encoding="utf-8",
    )
    got = _axe(bad, tmp_path / "axe")
    assert got["version"] == AXE_VERSION
    found = {v["id"] for v in got["violations"]}
    assert {"html-has-lang", "image-alt", "color-contrast"} <= found


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_axe_finds_no_wcag_a_or_aa_violation(small, lang, tmp_path):
    got = _axe(small[lang][0], tmp_path / "axe")
    assert "error" not in got, got
    assert got["violations"] == [], json.dumps(got["violations"], indent=1)
    # the run really looked at the report
    assert {"html-has-lang", "document-title", "th-has-data-cells"} <= set(
        got["passes"]
    )


def test_the_pdf_is_tagged_and_its_charts_have_a_text(small):
    html, pdf = [p for p in small["nl"] if p.suffix in (".html", ".pdf")]
    raw = pdf.read_bytes()
    assert b"/StructTreeRoot" in raw and b"/MarkInfo" in raw
    # each chart's label (role="img") becomes the /Alt of its figure in the PDF
    charts = len(_charts(html.read_text(encoding="utf-8")))
    assert raw.count(b"/Alt <FEFF") >= charts
