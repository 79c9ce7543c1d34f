"""The protections over time on hand-made cells: the cell-key perturbation, the audit
of perturbed counts, and suppression coordinated with earlier reports.

Every interval and every hidden cell asserted here is worked out by hand in the
comment above the test; the threshold is 10 throughout.
"""

from __future__ import annotations

import json
import statistics

import pytest

from ipgar_metrics import disclosure
from ipgar_metrics.disclosure._audit import audit_reports
from ipgar_metrics.disclosure._coordinated import with_hidden
from ipgar_metrics.report._cells import read_history
from ipgar_metrics.report._model import Context
from tests.unit.test_disclosure_audit import found, one_way, summary, write

K = 10
SECRET = b"a-test-secret-for-the-cell-key-000000"


def report(month, cells, relations=(), **extra):
    return {
        "month": month,
        "threshold": K,
        "cells": cells,
        "relations": list(relations),
        "file": f"ptor-{month}-bestuur.cells.json",
        **extra,
    }


# --- the cell-key method ---------------------------------------------------------


def test_a_perturbed_count_is_bounded_and_never_small():
    for n in range(60):
        for i in range(40):
            value = disclosure.perturb(n, disclosure.cell_key(SECRET, f"c{i}", n), K)
            if n < K:
                assert value is None  # zero and 1..9: suppressed as "<10"
            else:
                assert value is not None
                assert value >= K and abs(value - n) <= disclosure.MAX_NOISE


def test_the_same_cell_and_count_get_the_same_noise_and_another_key_other_noise():
    key = disclosure.cell_key(SECRET, "summary.stock@2026-09", 41)
    assert key == disclosure.cell_key(SECRET, "summary.stock@2026-09", 41)
    assert 0.0 <= key < 1.0
    assert key != disclosure.cell_key(SECRET, "summary.stock@2026-09", 42)
    assert key != disclosure.cell_key(SECRET, "summary.stock@2026-10", 41)
    assert key != disclosure.cell_key(
        b"another-secret-of-enough-length-0000", "summary.stock@2026-09", 41
    )


# The perturbation table is 0.1, 0.2, 0.4, 0.2, 0.1 for -2..2: mean 0, and 40 % of
# the counts unchanged; at n = 10 only 0, +1, +2 are allowed, renormalised to 0.4,
# 0.2, 0.1 over 0.7 (57 %, 29 %, 14 %).
def test_the_noise_follows_the_perturbation_table():
    noise = [
        disclosure.perturb(50, disclosure.cell_key(SECRET, f"c{i}", 50), K) - 50
        for i in range(4000)
    ]
    assert abs(statistics.mean(noise)) < 0.06  # standard error 1.1 / 63
    assert noise.count(0) / 4000 == pytest.approx(0.4, abs=0.03)
    assert set(noise) == {-2, -1, 0, 1, 2}
    edge = [
        disclosure.perturb(10, disclosure.cell_key(SECRET, f"e{i}", 10), K) - 10
        for i in range(4000)
    ]
    assert set(edge) == {0, 1, 2}
    assert edge.count(0) / 4000 == pytest.approx(4 / 7, abs=0.03)
    assert edge.count(2) / 4000 == pytest.approx(1 / 7, abs=0.03)


# --- the audit of perturbed counts ------------------------------------------------


# a = 50 and the total 58 are perturbed by at most 2: a is 48..52, the total 56..60,
# so the hidden b = total - a is 4..12, and below 10: 4..9, six values. Published
# exactly (plain suppression) the same table gives b = 8.
def test_the_audit_reads_perturbed_counts_as_intervals(tmp_path):
    shown = {"a": "50", "b": "<10", "totaal": "58"}
    cells, rel = one_way("t.1", shown)
    noisy = audit_reports([report("2026-10", cells, rel, max_noise=2)])
    assert found(noisy) == {("2026-10", "t.1", "b", "n"): pytest.approx((4, 9))}
    assert any("perturbed by at most 2" in line for line in noisy.lines())
    write(tmp_path, "2026-10", cells, rel)
    exact = disclosure.audit_folder(tmp_path)
    assert found(exact) == {("2026-10", "t.1", "b", "n"): pytest.approx((8, 8))}
    assert not any("perturbed" in line for line in exact.lines())


# Two hidden cells: b + c = total - a is 4..14, so each keeps 0..9 (ten values).
def test_a_perturbed_table_with_two_hidden_cells_passes():
    shown = {"a": "50", "b": "<10", "c": "<10", "totaal": "60"}
    cells, rel = one_way("t.1", shown)
    result = audit_reports([report("2026-10", cells, rel, max_noise=2)])
    assert result.ok and result.noise == 2
    assert "no leak" in result.lines()[0]


# --- suppression coordinated over time --------------------------------------------

SEPT = summary("2026-09", "2026-08", "40", "15", "11")
OCT = summary("2026-10", "2026-09", "35", "<10", "12", prev_stock="40")
ID = "summary.1/{}/this"


# The planted small cell: October's inflow is 7 and hidden, September's stock (40)
# is published, and October publishes its stock 35 and outflow 12, so plain
# suppression leaks inflow = 35 - 40 + 12 = 7. Coordinated: the outflow is hidden
# first (the smallest count in the identity): inflow = outflow - 5 with outflow at
# least 10 and inflow at most 9 leaves inflow 5..9, still a leak; then the stock:
# with stock and outflow unknown the inflow keeps 0..9. September's stock, published
# before, cannot be hidden and is not chosen.
def test_a_small_inflow_leaked_by_the_stock_flow_identity_is_protected():
    sept, octo = report("2026-09", SEPT), report("2026-10", OCT)
    plain = audit_reports([sept, octo])
    assert found(plain) == {
        ("2026-10", "summary.1", "inflow", "this"): pytest.approx((7, 7))
    }
    hide = disclosure.coordinate(octo, [sept])
    assert hide == {ID.format("outflow"), ID.format("stock")}
    protected = with_hidden(octo, hide)
    assert audit_reports([sept, protected]).ok
    assert [c["shown"] for c in protected["cells"]] == ["x", "<10", "x", "40"]


# November publishes October's stock as "previous month": hidden in October, it
# stays hidden. With November's stock 38, inflow 14 and outflow 11 all shown,
# October's stock would be 38 - 14 + 11 = 35 and October's inflow 5..9 again: the
# outflow (11, the smallest) is hidden, which leaves October's stock at least 34 and
# its inflow 4..9; then the inflow (14), after which October's stock is free.
def test_a_figure_hidden_once_stays_hidden_and_later_months_do_not_give_it_back():
    sept = report("2026-09", SEPT)
    octo = with_hidden(
        report("2026-10", OCT), {ID.format("outflow"), ID.format("stock")}
    )
    nov = report(
        "2026-11", summary("2026-11", "2026-10", "38", "14", "11", prev_stock="35")
    )
    assert not audit_reports([sept, octo, nov]).ok
    hide = disclosure.coordinate(nov, [sept, octo])
    assert hide == {
        "summary.1/stock/prev",
        ID.format("outflow"),
        ID.format("inflow"),
    }
    assert audit_reports([sept, octo, with_hidden(nov, hide)]).ok


# The case-manager table of issue 20 (194 + 78 + two hidden = 278): hiding the
# smallest shown count, 78 ("x", at least 10), leaves the two small cells 0..9 each.
def test_the_sum_of_hidden_cells_within_one_table_is_protected():
    shown = {"0": "194", "1": "78", "2": "<10", "3+": "<10", "totaal": "278"}
    cells, rel = one_way("casemgmt.1", shown)
    current = report("2026-10", cells, rel)
    assert not audit_reports([current]).ok
    hide = disclosure.coordinate(current, [])
    assert hide == {"casemgmt.1/1/n"}
    assert audit_reports([with_hidden(current, hide)]).ok


# The history of a bestuur report: every earlier bestuur cells file in the folder and
# its subfolders (ipgar monthly writes a folder per month), the older extern files
# (no "audience") among them; not the report's own month, later months or openbaar.
def test_the_history_is_every_earlier_report_of_the_audience(tmp_path):
    files = {
        "2026-08/ptor-2026-08-extern.cells.json": ("2026-08", None),
        "2026-09/ptor-2026-09-bestuur.cells.json": ("2026-09", "bestuur"),
        "2026-09/ptor-2026-09-openbaar.cells.json": ("2026-09", "openbaar"),
        "2026-10/ptor-2026-10-bestuur.cells.json": ("2026-10", "bestuur"),
        "ptor-2026-11-bestuur.cells.json": ("2026-11", "bestuur"),
    }
    for name, (month, audience) in files.items():
        path = tmp_path / name
        path.parent.mkdir(exist_ok=True)
        data = report(month, summary(month, "-", "40", "15", "11"))
        data.pop("file")
        if audience:
            data["audience"] = audience
        path.write_text(json.dumps(data), encoding="utf-8")
    ctx = Context(None, "2026-10", audience="extern")  # type: ignore[arg-type]
    assert ctx.audience == "bestuur"
    got = read_history(tmp_path, ctx)
    assert [(r["month"], r["file"]) for r in got] == [
        ("2026-08", "ptor-2026-08-extern.cells.json"),
        ("2026-09", "ptor-2026-09-bestuur.cells.json"),
    ]
