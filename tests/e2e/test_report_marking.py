"""Intern and extern reports say their audience in the file name and on every page.

The hand-made store of ``test_report_tiny`` (four cases). The HTML is read as text;
the PDF is printed by Chromium and read page by page with ``pdftotext`` (one form
feed between pages): each page carries the marking in its header and its footer.
"""

from __future__ import annotations

import shutil
import subprocess

import pandas as pd
import pytest

from ipgar_metrics import store
from ipgar_metrics.report._build import build_report
from tests.e2e.test_report_tiny import ROWS

INTERN = "INTERN — vertrouwelijk"
EXTERN = "EXTERN"


@pytest.fixture(scope="module")
def tiny_db(tmp_path_factory):
    db = tmp_path_factory.mktemp("marking") / "tiny.duckdb"
    columns = ["case_id", "activity", "timestamp", "org", "case_manager",
               "life_domain", "outcome"]  # fmt: skip
    frame = pd.DataFrame(ROWS, columns=columns).replace("", None)
    frame["event_id"] = None
    con = store.connect(db, read_only=False)
    store.insert_events(con, frame)
    con.close()
    return db


def test_the_audience_is_in_the_file_name_header_and_footer(tiny_db, tmp_path):
    [intern] = build_report(
        db=tiny_db, month="2026-10", out_dir=tmp_path, audience="intern", pdf=False
    )
    [extern, cells] = build_report(
        db=tiny_db, month="2026-10", out_dir=tmp_path, audience="extern", pdf=False
    )
    [intern_en] = build_report(
        db=tiny_db, month="2026-10", out_dir=tmp_path, lang="en", pdf=False
    )
    assert intern.name == "ptor-2026-10-intern.html"
    assert intern_en.name == "ptor-2026-10-intern-en.html"
    assert extern.name == "ptor-2026-10-extern.html"
    assert cells.name == "ptor-2026-10-extern.cells.json"
    for path, marking in ((intern, INTERN), (intern_en, INTERN), (extern, EXTERN)):
        text = path.read_text(encoding="utf-8")
        header = text.split('<header class="report">')[1].split("</header>")[0]
        footer = text.split("<footer>")[1].split("</footer>")[0]
        assert marking in header and marking in footer, path.name
        assert f"<title>{marking} · " in text
        assert f'@top-center {{ content: "{marking}"' in text  # the printed pages
    assert INTERN not in extern.read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("audience", "marking"), [("intern", INTERN), ("extern", EXTERN)]
)
def test_every_pdf_page_carries_the_marking_in_header_and_footer(
    tiny_db, tmp_path, audience, marking
):
    paths = build_report(
        db=tiny_db, month="2026-10", out_dir=tmp_path, audience=audience
    )
    pdf = paths[1]
    assert pdf.name == f"ptor-2026-10-{audience}.pdf"
    tool = shutil.which("pdftotext")
    assert tool is not None, "pdftotext is needed (apt-get install poppler-utils)"
    text = subprocess.run(
        [tool, "-layout", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    pages = [page for page in text.split("\f") if page.strip()]
    assert len(pages) >= 3  # the report runs over several pages
    for number, page in enumerate(pages, start=1):
        lines = [line.strip() for line in page.splitlines() if line.strip()]
        assert lines[0] == marking, (number, lines[0])  # the header
        # the footer: the marking left, the page number right, on one line
        assert marking in lines[-1], (number, lines[-1])
        assert lines[-1].endswith(f"{number} / {len(pages)}"), (number, lines[-1])
