"""The three audiences on a tiny store: intern, bestuur (extern as its older name),
openbaar (a quarter's last month, fewer sections)."""

from __future__ import annotations

import json

import pytest

from ipgar_metrics.cli._main import main
from ipgar_metrics.errors import ConfigError
from ipgar_metrics.report._build import build_report
from tests.e2e.test_report_marking import tiny_db  # noqa: F401 (a fixture)


def _sections(html):
    text = html.read_text(encoding="utf-8")
    return [part.split('"')[0] for part in text.split('<section id="')[1:]]


def test_bestuur_and_its_older_name_extern_give_the_same_report(tiny_db, tmp_path):  # noqa: F811
    html_b, cells_b = build_report(
        db=tiny_db,
        month="2026-10",
        out_dir=tmp_path / "b",
        audience="bestuur",
        pdf=False,
    )
    html_e, cells_e = build_report(
        db=tiny_db,
        month="2026-10",
        out_dir=tmp_path / "e",
        audience="extern",
        pdf=False,
    )
    assert (html_b.name, cells_b.name) == (
        "ptor-2026-10-bestuur.html",
        "ptor-2026-10-bestuur.cells.json",
    )
    assert html_e.name == "ptor-2026-10-extern.html"  # the name asked for is kept
    b = json.loads(cells_b.read_text(encoding="utf-8"))
    e = json.loads(cells_e.read_text(encoding="utf-8"))
    assert b["audience"] == e["audience"] == "bestuur"
    assert b["method"] == "coordinated"
    assert b["cells"] == e["cells"]
    text = html_b.read_text(encoding="utf-8")
    assert "Bestuur: vertrouwelijke geaggregeerde cijfers" in text
    assert '<meta name="ipgar-audience" content="bestuur">' in text


def test_openbaar_is_a_quarter_release_with_fewer_sections(tiny_db, tmp_path):  # noqa: F811
    with pytest.raises(ConfigError, match=r"per quarter.*not 2026-10"):
        build_report(
            db=tiny_db,
            month="2026-10",
            out_dir=tmp_path,
            audience="openbaar",
            pdf=False,
        )
    html, cells = build_report(
        db=tiny_db, month="2026-09", out_dir=tmp_path, audience="openbaar", pdf=False
    )
    assert html.name == "ptor-2026-09-openbaar.html"
    data = json.loads(cells.read_text(encoding="utf-8"))
    assert data["audience"] == "openbaar"
    assert {c["table"].split(".")[0] for c in data["cells"]} <= {"summary", "leadtime"}
    assert _sections(html)[:2] == ["summary", "leadtime"]
    assert not {"contact", "integrality", "casemgmt"} & set(_sections(html))
    [bestuur, _] = build_report(
        db=tiny_db, month="2026-09", out_dir=tmp_path, audience="bestuur", pdf=False
    )
    assert {"contact", "casemgmt"} <= set(_sections(bestuur))


def test_the_command_lists_three_audiences(capsys):
    with pytest.raises(SystemExit):
        main(["report", "--help"])
    out = capsys.readouterr().out
    assert "{intern,bestuur,openbaar}" in out
    with pytest.raises(SystemExit):
        main(["report", "--audience", "publiek"])
    assert "invalid choice: 'publiek'" in capsys.readouterr().err


def test_an_unknown_method_is_refused(tiny_db, tmp_path):  # noqa: F811
    with pytest.raises(ConfigError, match="unknown protection method"):
        build_report(
            db=tiny_db,
            month="2026-10",
            out_dir=tmp_path,
            audience="bestuur",
            pdf=False,
            method="rounding",
        )
