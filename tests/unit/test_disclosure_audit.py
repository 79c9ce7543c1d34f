"""The attacker's audit on hand-made cells files: recoveries it must find, and not.

Every interval asserted here is worked out by hand in the comment above it from the
cells the test writes; the threshold is 10 throughout.
"""

from __future__ import annotations

import json
import math
import os
import subprocess
import sys

import pytest

from ipgar_metrics import disclosure
from ipgar_metrics.cli._main import main
from ipgar_metrics.disclosure._audit import build_model, leaking
from ipgar_metrics.disclosure._cells import read_cells_folder
from ipgar_metrics.errors import ConfigError

K = 10


def cell(table, row, column, shown, kind="count", ref=None):
    """A cell as the report writes it: the value is the number when it is shown."""
    value = float(shown.rstrip("%")) if shown[0].isdigit() else None
    out = {
        "id": f"{table}/{row}/{column}",
        "table": table,
        "row": row,
        "column": column,
        "kind": kind,
        "value": value,
        "shown": shown,
    }
    if ref:
        out["ref"] = ref
    return out


def write(folder, month, cells, relations=(), name=None):
    data = {
        "month": month,
        "snapshot": "S0000000000000000",
        "threshold": K,
        "method": "suppression",
        "cells": cells,
        "relations": list(relations),
    }
    path = folder / (name or f"ptor-{month}-extern.cells.json")
    path.write_text(json.dumps(data), encoding="utf-8")
    return path


def two_way(table, shown):
    """Cells and margin relations of a table whose last row and column are totals."""
    rows, cols = list(shown), list(next(iter(shown.values())))
    cells = [cell(table, r, c, shown[r][c]) for r in rows for c in cols]
    ident = {(r, c): f"{table}/{r}/{c}" for r in rows for c in cols}
    rel = [
        {"total": ident[r, cols[-1]], "parts": [ident[r, c] for c in cols[:-1]]}
        for r in rows
    ] + [
        {"total": ident[rows[-1], c], "parts": [ident[r, c] for r in rows[:-1]]}
        for c in cols
    ]
    return cells, rel


def one_way(table, shown):
    """Cells and the relation of a one-way table whose last row is the total."""
    rows = list(shown)
    cells = [cell(table, r, "n", shown[r]) for r in rows]
    ids = [f"{table}/{r}/n" for r in rows]
    return cells, [{"total": ids[-1], "parts": ids[:-1]}]


def found(result):
    return {
        (f.month, f.table, f.row, f.column): (f.low, f.high) for f in result.findings
    }


# The contact table of the issue: rows 0-30 and 31-60 show "actief" and the total
# (56/62 and 12/15), the total row shows 81 and 91. Rows 61-90 and > 90 are hidden.
# Non-active cells of rows 61-90 and > 90 sum to 91 - 62 - 15 - (81 - 56 - 12) = 1,
# so each of the four is 0 or 1. The active cells of those rows sum to
# 81 - 56 - 12 = 13 and each is below 10, so "actief" of 61-90 is 13 - (0..9) = 4..9.
CONTACT = {
    "0–30": {"actief": "56", "gedetineerd": "<10", "statisch": "<10", "totaal": "62"},
    "31–60": {"actief": "12", "gedetineerd": "<10", "statisch": "<10", "totaal": "15"},
    "61–90": {
        "actief": "<10",
        "gedetineerd": "<10",
        "statisch": "<10",
        "totaal": "<10",
    },
    "> 90": {"actief": "<10", "gedetineerd": "<10", "statisch": "<10", "totaal": "<10"},
    "totaal": {"actief": "81", "gedetineerd": "<10", "statisch": "<10", "totaal": "91"},
}


def test_contact_table_sum_of_hidden_cells_is_found(tmp_path):
    cells, rel = two_way("contact.1", CONTACT)
    write(tmp_path, "2026-10", cells, rel)
    got = found(disclosure.audit_folder(tmp_path))
    for row in ("61–90", "> 90"):
        for col in ("gedetineerd", "statisch"):
            assert got[("2026-10", "contact.1", row, col)] == pytest.approx((0, 1))
    assert got[("2026-10", "contact.1", "61–90", "actief")] == pytest.approx((4, 9))
    # 0-30: the two hidden non-active cells sum to 62 - 56 = 6: each 0..6
    assert got[("2026-10", "contact.1", "0–30", "gedetineerd")] == pytest.approx((0, 6))


# The case-manager table of the issue: 278 managers, 194 with no case, 78 with one,
# so those with two and with three or more cases are 278 - 194 - 78 = 6 together.
def test_case_manager_table_sum_of_hidden_cells_is_found(tmp_path):
    shown = {"0": "194", "1": "78", "2": "<10", "3+": "<10", "totaal": "278"}
    cells, rel = one_way("casemgmt.1", shown)
    write(tmp_path, "2026-10", cells, rel)
    result = disclosure.audit_folder(tmp_path)
    assert not result.ok
    assert found(result) == {
        ("2026-10", "casemgmt.1", "2", "n"): pytest.approx((0, 6)),
        ("2026-10", "casemgmt.1", "3+", "n"): pytest.approx((0, 6)),
    }


# 50 + b + c + d = 80 with b, c below 10 and d ("x") at least 10: b + c = 30 - d is
# 0..20, so b and c each keep 0..9 (ten values) and d keeps 12..30.
def test_one_way_table_that_holds_passes(tmp_path):
    shown = {"a": "50", "b": "<10", "c": "<10", "d": "x", "totaal": "80"}
    cells, rel = one_way("t.1", shown)
    write(tmp_path, "2026-10", cells, rel)
    result = disclosure.audit_folder(tmp_path)
    assert result.ok, result.lines()
    assert result.protected == 3
    assert result.lines() == [
        "no leak: 3 suppressed counts in 1 reports (2026-10 to 2026-10) each keep "
        "at least 10 possible values."
    ]


# The documented rule says an "x" is 10 or more: 50 + b + c = 68 with c an "x"
# leaves b = 18 - c at most 8 (nine values), though "<10" alone allows 0..9; and c
# itself is 10..18 (nine values).
def test_an_x_cell_is_known_to_be_at_least_the_threshold(tmp_path):
    shown = {"a": "50", "b": "<10", "c": "x", "totaal": "68"}
    write(tmp_path, "2026-10", *one_way("t.1", shown))
    got = found(disclosure.audit_folder(tmp_path))
    assert got == {
        ("2026-10", "t.1", "b", "n"): pytest.approx((0, 8)),
        ("2026-10", "t.1", "c", "n"): pytest.approx((10, 18)),
    }


# A 2 x 2 table, every interior cell hidden; rows 30 and 25, columns 25 and 30. With
# t the top-left cell: top-right 30 - t, bottom-left 25 - t, bottom-right t. Every
# t from 0 to 9 fits ("x" cells stay 10 or more), so no cell is narrowed.
def test_two_way_table_with_wide_margins_passes(tmp_path):
    shown = {
        "r1": {"a": "<10", "b": "x", "totaal": "30"},
        "r2": {"a": "x", "b": "<10", "totaal": "25"},
        "totaal": {"a": "25", "b": "30", "totaal": "55"},
    }
    cells, rel = two_way("t.2", shown)
    write(tmp_path, "2026-10", cells, rel)
    assert disclosure.audit_folder(tmp_path).ok


# The same table with the bottom row 20 (bottom-right t - 5): t is 5..9 only.
def test_two_way_table_with_narrow_margins_is_found(tmp_path):
    shown = {
        "r1": {"a": "<10", "b": "x", "totaal": "30"},
        "r2": {"a": "x", "b": "<10", "totaal": "20"},
        "totaal": {"a": "25", "b": "25", "totaal": "50"},
    }
    cells, rel = two_way("t.2", shown)
    write(tmp_path, "2026-10", cells, rel)
    got = found(disclosure.audit_folder(tmp_path))
    assert got[("2026-10", "t.2", "r1", "a")] == pytest.approx((5, 9))
    assert got[("2026-10", "t.2", "r2", "b")] == pytest.approx((0, 4))


def summary(month, prev, stock, inflow, outflow, prev_stock=None):
    """The stock and flow key figures of a month's summary, with their refs."""
    cells = [
        cell("summary.1", "stock", "this", stock, ref=f"summary.stock@{month}"),
        cell("summary.1", "inflow", "this", inflow, ref=f"summary.inflow@{month}"),
        cell("summary.1", "outflow", "this", outflow, ref=f"summary.outflow@{month}"),
    ]
    if prev_stock is not None:
        cells.append(
            cell("summary.1", "stock", "prev", prev_stock, ref=f"summary.stock@{prev}")
        )
    return cells


# September shows a stock of 40; October a stock of 35 and an outflow of 12 with
# the inflow hidden: inflow = 35 - 40 + 12 = 7. Neither report alone tells it.
def test_stock_flow_identity_across_two_months_leaks_the_inflow(tmp_path):
    write(tmp_path, "2026-10", summary("2026-10", "2026-09", "35", "<10", "12"))
    assert disclosure.audit_folder(tmp_path).ok  # October alone: inflow 0..9
    write(tmp_path, "2026-09", summary("2026-09", "2026-08", "40", "15", "11"))
    got = found(disclosure.audit_folder(tmp_path))
    assert got == {("2026-10", "summary.1", "inflow", "this"): pytest.approx((7, 7))}


# An unchanged stock (40 and 40) with both flows hidden: inflow = outflow, 0..9 each.
def test_stock_flow_identity_with_both_flows_hidden_holds(tmp_path):
    write(tmp_path, "2026-09", summary("2026-09", "2026-08", "40", "15", "11"))
    write(tmp_path, "2026-10", summary("2026-10", "2026-09", "40", "<10", "<10"))
    assert disclosure.audit_folder(tmp_path).ok


# A figure hidden in one report and shown in the next (the "prev" column) is known.
def test_a_cell_hidden_once_and_published_later_is_found(tmp_path):
    write(tmp_path, "2026-09", summary("2026-09", "2026-08", "x", "15", "11"))
    write(
        tmp_path,
        "2026-10",
        summary("2026-10", "2026-09", "44", "12", "11", prev_stock="43"),
    )
    got = found(disclosure.audit_folder(tmp_path))
    assert got[("2026-09", "summary.1", "stock", "this")] == pytest.approx((43, 43))


# A share of 50 % of a published 40 with its numerator hidden: 100 num in
# [49.5 * 40, 50.5 * 40] = [1980, 2020], so num is 19.8..20.2, i.e. 20.
def test_share_against_counts_recovers_the_numerator(tmp_path):
    cells = [
        cell("t.3", "r", "n", "x"),
        cell("t.3", "r", "of", "40"),
        cell("t.3", "r", "share", "50%", kind="share"),
    ]
    rel = [{"share": "t.3/r/share", "numerator": "t.3/r/n", "denominator": "t.3/r/of"}]
    write(tmp_path, "2026-10", cells, rel)
    got = found(disclosure.audit_folder(tmp_path))
    assert got == {("2026-10", "t.3", "r", "n"): pytest.approx((19.8, 20.2))}


def test_a_published_small_count_is_found_and_a_zero_is_not(tmp_path):
    write(tmp_path, "2026-10", [cell("t.4", "a", "n", "3"), cell("t.4", "b", "n", "0")])
    result = disclosure.audit_folder(tmp_path)
    assert [f.line() for f in result.findings] == [
        "2026-10  t.4 | a | n: published 3, a count below the threshold"
    ]


def test_the_command_lists_the_leaks_and_exits_1(tmp_path, capsys):
    shown = {"0": "194", "1": "78", "2": "<10", "3+": "<10", "totaal": "278"}
    write(tmp_path, "2026-10", *one_way("casemgmt.1", shown))
    assert main(["audit-disclosure", str(tmp_path)]) == 1
    out = capsys.readouterr().out.splitlines()
    assert out == [
        "2 cells leak in 1 reports (2026-10 to 2026-10); threshold 10:",
        "2026-10  casemgmt.1 | 2 | n: derived between 0 and 6",
        "2026-10  casemgmt.1 | 3+ | n: derived between 0 and 6",
    ]


def test_the_command_says_one_line_and_exits_0(tmp_path, capsys):
    shown = {"a": "50", "b": "<10", "c": "<10", "d": "x", "totaal": "80"}
    write(tmp_path, "2026-10", *one_way("t.1", shown))
    assert main(["audit-disclosure", str(tmp_path)]) == 0
    assert len(capsys.readouterr().out.splitlines()) == 1


def test_an_empty_folder_or_a_broken_file_is_refused(tmp_path, capsys):
    with pytest.raises(ConfigError, match=r"no \*\.cells\.json file"):
        disclosure.audit_folder(tmp_path)
    (tmp_path / "ptor-2026-10-extern.cells.json").write_text("{", encoding="utf-8")
    with pytest.raises(ConfigError, match="cannot be read as JSON"):
        disclosure.audit_folder(tmp_path)
    assert main(["audit-disclosure", os.fspath(tmp_path / "nowhere")]) == 1
    assert "is not a folder" in capsys.readouterr().err


# Shares of the sum of every row (the variants table): 50 is 55 % of a total T, so
# 5000 / 55.5 <= T <= 5000 / 54.5, i.e. 90.09..91.74; T = 50 + 40 + c, so the hidden
# c is 0.09..1.74 (only 1 is whole). Without the shares c keeps 0..9.
def test_shares_of_a_table_total_recover_a_hidden_row(tmp_path):
    cells = [
        cell("paths.1", "1", "n", "50"),
        cell("paths.1", "1", "aandeel", "55%", kind="share"),
        cell("paths.1", "2", "n", "40"),
        cell("paths.1", "3", "n", "<10"),
    ]
    every = ["paths.1/1/n", "paths.1/2/n", "paths.1/3/n"]
    rel = [
        {
            "share": "paths.1/1/aandeel",
            "numerator": "paths.1/1/n",
            "denominator_parts": every,
        }
    ]
    write(tmp_path, "2026-10", cells, rel)
    got = found(disclosure.audit_folder(tmp_path))
    low, high = 5000 / 55.5 - 90, 5000 / 54.5 - 90
    assert got == {("2026-10", "paths.1", "3", "n"): pytest.approx((low, high))}
    write(tmp_path, "2026-10", cells)
    assert disclosure.audit_folder(tmp_path).ok


def test_cells_that_do_not_add_up_are_refused(tmp_path, capsys):
    # 194 + 78 + two cells below 10 is at most 290: no count makes the total 500
    shown = {"0": "194", "1": "78", "2": "<10", "3+": "<10", "totaal": "500"}
    write(tmp_path, "2026-10", *one_way("casemgmt.1", shown))
    with pytest.raises(ConfigError, match="do not add up"):
        disclosure.audit_folder(tmp_path)
    assert main(["audit-disclosure", str(tmp_path)]) == 1
    assert "do not add up" in capsys.readouterr().err


def test_a_hidden_cell_without_an_upper_end_is_any_number(tmp_path):
    # the total is hidden too ("x": k or more), so nothing bounds b or c from above:
    # the solver finds no maximum and each keeps infinitely many values
    shown = {"a": "50", "b": "x", "c": "x", "totaal": "x"}
    write(tmp_path, "2026-10", *one_way("t.2", shown))
    derived: dict[str, tuple[float, float]] = {}
    model = build_model(read_cells_folder(tmp_path))
    assert leaking(model, derived=derived) == []
    assert derived == {
        "2026-10|t.2/b/n": (K, math.inf),
        "2026-10|t.2/c/n": (K, math.inf),
        "2026-10|t.2/totaal/n": (50 + 2 * K, math.inf),
    }
    assert disclosure.audit_folder(tmp_path).ok


def test_the_command_writes_only_its_own_lines(tmp_path):
    """The solver prints nothing (HiGHS writes a banner to the process's standard
    output unless it is built quiet), in a fresh process as an analyst runs it."""
    shown = {"0": "194", "1": "78", "2": "<10", "3+": "<10", "totaal": "278"}
    write(tmp_path, "2026-10", *one_way("casemgmt.1", shown))
    cmd = [sys.executable, "-m", "ipgar_metrics.cli", "audit-disclosure", str(tmp_path)]
    done = subprocess.run(cmd, capture_output=True, text=True, check=False)
    assert done.returncode == 1
    assert done.stdout.splitlines() == [
        "2 cells leak in 1 reports (2026-10 to 2026-10); threshold 10:",
        "2026-10  casemgmt.1 | 2 | n: derived between 0 and 6",
        "2026-10  casemgmt.1 | 3+ | n: derived between 0 and 6",
    ]


def test_a_model_built_on_a_base_leaves_the_base_as_it_was(tmp_path):
    """coordinate() builds the earlier months once and adds the report being
    protected to copies of them, round after round."""

    def summary_month(month, stock, inflow, outflow):
        return {
            "month": month,
            "threshold": K,
            "cells": [
                cell("summary.1", name, "n", shown, ref=f"summary.{name}@{month}")
                for name, shown in (
                    ("stock", stock),
                    ("inflow", inflow),
                    ("outflow", outflow),
                )
            ],
        }

    sep = summary_month("2026-09", "100", "20", "<10")
    octo = summary_month("2026-10", "110", "<10", "15")
    base = build_model([sep])
    before = {k: repr(q) for k, q in base.quantities.items()}
    revised = summary_month("2026-09", "101", "20", "<10")  # a revision of September
    both = build_model([revised, octo], base)
    assert {k: repr(q) for k, q in base.quantities.items()} == before
    assert len(base.relations) == 0 and len(base.keys) == 1
    whole = build_model([sep, revised, octo])
    assert {k: repr(q) for k, q in both.quantities.items()} == {
        k: repr(q) for k, q in whole.quantities.items()
    }
    assert both.relations == whole.relations and both.keys == whole.keys
    assert both.relations == [
        (
            "summary.stock@2026-10",
            ["summary.stock@2026-09", "summary.inflow@2026-10"],
            ["summary.outflow@2026-10"],
        )
    ]
