"""A store loaded without the opt-in to ideology and risk category says so.

The report's colophon names the special categories the store lacks, a segment
filter on one refuses with how to opt in, and a summary broken down by one warns.
The store is built here: two cases, with an ideology or not, never a risk category.
"""

from __future__ import annotations

import html as html_lib
import re
import warnings
from datetime import date

import pandas as pd
import pytest

from ipgar_metrics import lead_times, store
from ipgar_metrics.cli import main
from ipgar_metrics.errors import DataQualityWarning
from ipgar_metrics.report._build import build_report

ROWS = [
    ("case-a", "melding", "2026-08-03T10:00:00+02:00", "MAP"),
    ("case-a", "ivgr_advies", "2026-08-10T11:00:00+02:00", "opnemen"),
    ("case-a", "ptor_besluit", "2026-08-13T14:00:00+02:00", "opname"),
    ("case-a", "instroom", "2026-08-17T10:00:00+02:00", None),
    ("case-b", "melding", "2026-10-01T10:00:00+02:00", "CTER"),
]


def _store(tmp_path, ideology: str | None):
    db = tmp_path / "s.duckdb"
    frame = pd.DataFrame(ROWS, columns=["case_id", "activity", "timestamp", "outcome"])
    frame["report_source"] = frame.groupby("case_id")["outcome"].transform("first")
    frame["ideology"] = ideology
    con = store.connect(db, read_only=False)
    store.insert_events(con, frame)
    con.close()
    return db


def _note(path) -> str | None:
    text = path.read_text(encoding="utf-8")
    found = re.search(r'<p class="note absent-note">([^<]*)</p>', text)
    return html_lib.unescape(found.group(1)) if found else None


@pytest.mark.parametrize(
    ("ideology", "lang", "start"),
    [
        (None, "nl", "Ideologie en risicocategorie zijn niet ingelezen"),
        ("rechts", "nl", "Risicocategorie zijn niet ingelezen"),
        (None, "en", "Ideology and risk category were not loaded"),
    ],
)
def test_the_report_names_the_absent_special_categories(
    tmp_path, ideology, lang, start
):
    db = _store(tmp_path, ideology)
    [html] = build_report(
        db=db, month="2026-10", out_dir=tmp_path / "r", pdf=False, lang=lang
    )
    note = _note(html)
    assert note is not None and note.startswith(start)
    assert "special_categories" in note


def test_a_segment_on_an_absent_ideology_says_how_to_opt_in(tmp_path, capsys):
    db = _store(tmp_path, None)
    code = main(
        [
            "paths",
            "--db",
            str(db),
            "--as-of",
            "2026-11-01",
            "--segment",
            "ideology=rechts",
        ]
    )
    err = capsys.readouterr().err.strip().splitlines()
    assert code == 1
    assert err[-1].startswith("ipgar paths: this store holds no ideology")
    assert 'special_categories = ["ideology"] under [source]' in err[-1]


def test_a_summary_by_an_absent_risk_category_warns(tmp_path):
    db = _store(tmp_path, "rechts")
    con = store.connect(db)
    try:
        with pytest.warns(DataQualityWarning, match="holds no risk_category"):
            s = lead_times(
                con, as_of=date(2026, 11, 1), level="summary", by="risk_category"
            )
        # one group without a value: case a (3 Aug -> 17 Aug 10:00, 14 days), b open
        total = s[s["stage"] == "total"]
        assert total["risk_category"].isna().all()
        assert list(total["n"]) == [1] and list(total["n_open"]) == [1]
        assert list(total["mean_days"]) == [14.0]
        with warnings.catch_warnings(record=True) as seen:
            warnings.simplefilter("always")
            lead_times(con, as_of=date(2026, 11, 1), level="summary", by="ideology")
        assert not [w for w in seen if "holds no" in str(w.message)]
    finally:
        con.close()
