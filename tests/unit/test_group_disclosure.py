"""Group attribute disclosure: hand-made tables where a line is all one category, and not.

The tables are status (rows) by ideology (columns), threshold 10. In ``GROUP`` every
person of ideology C is ``uitgestroomd`` (the column C is 0, 0, 45): the count 45 is
far above the threshold, yet it tells the status of each of them. ``SAFE`` is the
same table with C spread over the statuses.
"""

from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pytest

from ipgar_metrics import disclosure
from ipgar_metrics.report._cells import published_cells, write_cells
from ipgar_metrics.report._model import Context, Section, count_table

K = 10
STATUSES = ["aanmelding", "actief", "uitgestroomd"]
GROUP = pd.DataFrame(
    {"A": [30, 40, 35], "B": [25, 30, 28], "C": [0, 0, 45]}, index=STATUSES
)
SAFE = pd.DataFrame(
    {"A": [30, 40, 35], "B": [25, 30, 28], "C": [12, 15, 18]}, index=STATUSES
)


def test_a_column_all_in_one_row_is_flagged():
    mask = disclosure.group_cells(GROUP)
    # the extended table is 4 x 4 (totals last); only (uitgestroomd, C) holds a
    # whole line: column C is 0, 0, 45. Rows and the margins have two or more filled.
    expected = np.zeros((4, 4), dtype=bool)
    expected[2, 2] = True
    assert (mask == expected).all()


def test_a_row_all_in_one_column_is_flagged():
    # every case of organisation "oov" has the same outcome (row 0, 23)
    counts = pd.DataFrame(
        {"opname": [14, 0, 12], "geen_opname": [11, 23, 9]},
        index=["ggd", "oov", "politie"],
    )
    mask = disclosure.group_cells(counts)
    assert np.argwhere(mask).tolist() == [[1, 1]]
    # with two organisations, "opname" (14, 0) is all ggd: that column tells too
    two = counts.iloc[:2]
    assert np.argwhere(disclosure.group_cells(two)).tolist() == [[0, 0], [1, 1]]


def test_a_table_without_such_a_line_is_not_flagged():
    assert not disclosure.group_cells(SAFE).any()
    # and its protection is what it was without the rule
    pd.testing.assert_frame_equal(
        disclosure.suppress_table(SAFE), disclosure.suppress_table(SAFE, group=False)
    )


def test_a_one_way_table_all_in_one_row_hides_that_row():
    # no total shown: the zeros read "<10", so only the rule hides the 45
    frame = pd.DataFrame({"n": [0, 45, 0]})
    shown = disclosure.suppress_column(frame, "n", total=False)
    assert shown.tolist() == ["<10", "x", "<10"]
    unprotected = disclosure.suppress_table(
        frame, row_totals=False, col_totals=False, group=False
    )
    assert unprotected["n"].tolist() == ["<10", "45", "<10"]
    # a one-way table with two filled rows is no group
    frame = pd.DataFrame({"n": [0, 45, 20]})
    assert disclosure.suppress_column(frame, "n", total=False).tolist() == [
        "<10",
        "45",
        "20",
    ]


def _ctx(audience="extern"):
    return Context(con=None, month="2026-10", audience=audience)


def test_the_report_table_hides_and_flags_the_cell():
    table, shown = count_table(_ctx(), GROUP, "status by ideology", "status")
    text = {row[0].text: [c.text for c in row[1:]] for row in table.rows}
    assert text["uitgestroomd"][2] == "x"  # the 45 of column C
    assert text["totaal"] == ["105", "83", "45", "233"]
    assert np.isnan(shown.loc["uitgestroomd", "C"])
    assert table.note == _ctx().t("group_disclosure_note")
    safe, _ = count_table(_ctx(), SAFE, "status by ideology", "status")
    assert safe.note == ""
    intern, _ = count_table(_ctx("intern"), GROUP, "status by ideology", "status")
    assert intern.note == "" and intern.rows[2][3].text == "45"


def _write_published(folder, table):
    ctx = _ctx()
    cells = published_cells(ctx, [Section("s", "S", blocks=[table])], None)
    write_cells(folder / "ptor-2026-10-extern.cells.json", cells)


def test_the_protected_report_table_passes_the_audit(tmp_path):
    table, _ = count_table(_ctx(), GROUP, "status by ideology", "status")
    _write_published(tmp_path, table)
    result = disclosure.audit_folder(tmp_path)
    assert result.ok, result.lines()


def _cell(row, column, shown, kind="count"):
    value = float(shown.rstrip("%")) if shown[0].isdigit() else None
    return {
        "id": f"t.1/{row}/{column}",
        "table": "t.1",
        "row": row,
        "column": column,
        "kind": kind,
        "value": value,
        "shown": shown,
    }


def _write_two_way(folder, shown, extra=()):
    """A two-way table whose last row and column are totals, with its margins."""
    rows, cols = list(shown), list(next(iter(shown.values())))
    cells = [_cell(r, c, shown[r][c]) for r in rows for c in cols] + list(extra)
    ident = {(r, c): f"t.1/{r}/{c}" for r in rows for c in cols}
    relations = [
        {"total": ident[r, cols[-1]], "parts": [ident[r, c] for c in cols[:-1]]}
        for r in rows
    ] + [
        {"total": ident[rows[-1], c], "parts": [ident[r, c] for r in rows[:-1]]}
        for c in cols
    ]
    data = {
        "month": "2026-10",
        "snapshot": None,
        "threshold": K,
        "method": "suppression",
        "cells": cells,
        "relations": relations,
    }
    path = folder / "ptor-2026-10-extern.cells.json"
    path.write_text(json.dumps(data), encoding="utf-8")


def _text(counts):
    full = counts.copy()
    full["totaal"] = full.sum(axis=1)
    full.loc["totaal"] = full.sum(axis=0)
    return {r: {c: str(int(full.loc[r, c])) for c in full.columns} for r in full.index}


def test_the_audit_finds_a_published_line_all_in_one_cell(tmp_path):
    # every count published, zeros as "0" (no count is from 1 to 9): the only leak is
    # column C, whose 45 members are all uitgestroomd
    _write_two_way(tmp_path, _text(GROUP))
    result = disclosure.audit_folder(tmp_path)
    assert [(f.row, f.column, f.low, f.reason) for f in result.findings] == [
        ("uitgestroomd", "C", 45.0, "group")
    ]
    assert result.lines()[1] == (
        "2026-10  t.1 | uitgestroomd | C: holds all 45 members of its line "
        "(group disclosure: everyone in the line shares this category)"
    )


def test_the_audit_passes_a_published_table_without_such_a_line(tmp_path):
    _write_two_way(tmp_path, _text(SAFE))
    assert disclosure.audit_folder(tmp_path).ok


def test_the_audit_finds_a_line_whose_hidden_rest_is_derived_zero(tmp_path):
    # column C: "<10", "<10", 45 with the column total 45: the hidden cells are 0
    shown = _text(GROUP)
    shown["aanmelding"]["C"] = shown["actief"]["C"] = "<10"
    _write_two_way(tmp_path, shown)
    found = {
        (f.row, f.column): f.reason for f in disclosure.audit_folder(tmp_path).findings
    }
    assert found[("uitgestroomd", "C")] == "group"
    assert found[("aanmelding", "C")] == "narrowed"  # derived between 0 and 0


@pytest.mark.parametrize(
    ("share", "leaks"), [("100%", True), ("0%", True), ("64%", False)]
)
def test_the_audit_finds_a_share_of_none_or_all(tmp_path, share, leaks):
    extra = [_cell("actief", "aandeel", share, kind="share")]
    _write_two_way(tmp_path, _text(SAFE), extra)
    result = disclosure.audit_folder(tmp_path)
    assert (not result.ok) == leaks
    if leaks:
        assert result.findings[0].reason == "share"
        assert result.lines()[1].endswith("none or all of the group (group disclosure)")
