"""Information loss and leaks of the disclosure protections over 24 simulated months.

One simulated store (600 cases, seed 1, export 2026-11-01, loaded by the real
loader); for each of the 24 months up to October 2026 the bestuur report's sections
are built once (no HTML, no PDF) and protected by each method in turn
(``suppression``: within each table only; ``coordinated``: suppression coordinated
with the method's own earlier months; ``cellkey``: the cell-key perturbation). Each
method's cells files go to a folder of their own, and at the end the attacker's audit
(``disclosure.audit_folder``) runs over each folder. Against the true counts (the
internal report's numbers) it counts, over every count cell with a number: the share
suppressed, the share changed (published, but not the true count), and the mean
absolute change of the published ones. Prints a Markdown table (pasted in
docs/adr/0007-disclosure-protection.md). Not part of ``make test``.

Usage: ``python benchmarks/disclosure_loss.py [--months 24] [--cases 600]``
"""

from __future__ import annotations

import argparse
import copy
import os
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("IPGAR_KEY", "benchmark-key-not-secret-0123456789")

from ipgar_metrics import disclosure, store  # noqa: E402
from ipgar_metrics.ingest._load import load  # noqa: E402
from ipgar_metrics.report._build import build_sections  # noqa: E402
from ipgar_metrics.report._cells import (  # noqa: E402
    _cell_objects,
    protect,
    published_cells,
    read_history,
    write_cells,
)
from ipgar_metrics.report._model import Context  # noqa: E402
from ipgar_metrics.simulation._simulator import simulate  # noqa: E402
from ipgar_metrics.workdays import shift_month  # noqa: E402

METHODS = ("suppression", "coordinated", "cellkey")
LAST = date(2026, 10, 1)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--months", type=int, default=24)
    parser.add_argument("--cases", type=int, default=600)
    args = parser.parse_args()
    started = time.time()
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        res = simulate(args.cases, 1, work / "sim", write_xlsx=False)
        db = work / "ipgar.duckdb"
        load(
            [res.files["export"]],
            mapping=res.files["mapping"],
            db=db,
            export_date=date(2026, 11, 1),
        )
        tally = {
            m: {"cells": 0, "hidden": 0, "changed": 0, "abs": 0.0} for m in METHODS
        }
        con = store.connect(db)
        months = [
            shift_month(LAST, i - args.months + 1).strftime("%Y-%m")
            for i in range(args.months)
        ]
        for month in months:
            with store.reuse_results():
                base = build_sections(Context(con, month, "nl", "bestuur"))
            for method in METHODS:
                folder = work / method
                folder.mkdir(exist_ok=True)
                ctx = Context(con, month, "nl", "bestuur", method=method)
                sections = copy.deepcopy(base)
                protect(ctx, sections, read_history(folder, ctx))
                _count(_cell_objects(sections).values(), tally[method])
                cells = published_cells(ctx, sections, "benchmark")
                write_cells(folder / f"ptor-{month}-bestuur.cells.json", cells)
            print(f"{month} done ({time.time() - started:.0f} s)", file=sys.stderr)
        con.close()
        audits = {m: disclosure.audit_folder(work / m) for m in METHODS}
    print(
        f"{args.cases} simulated cases, {args.months} monthly bestuur reports "
        f"({months[0]} to {months[-1]}), threshold 10\n"
    )
    print(
        "| method | count cells | suppressed | changed | suppressed or changed "
        "| mean abs. change (published) | audit: leaking cells |"
    )
    print("| --- | ---: | ---: | ---: | ---: | ---: | ---: |")
    for method in METHODS:
        t = tally[method]
        shown = t["cells"] - t["hidden"]
        print(
            f"| {method} | {t['cells']} | {_pct(t['hidden'], t['cells'])} "
            f"| {_pct(t['changed'], t['cells'])} "
            f"| {_pct(t['hidden'] + t['changed'], t['cells'])} "
            f"| {t['abs'] / shown if shown else 0:.2f} "
            f"| {len(audits[method].findings)} |"
        )
    print(f"\n({time.time() - started:.0f} s)")


def _count(cells, tally) -> None:
    """Add the count cells with a true number to the method's tally."""
    for cell in cells:
        if cell.kind != "n" or cell.n is None or cell.n != cell.n:
            continue
        tally["cells"] += 1
        if cell.value is None:
            tally["hidden"] += 1
            continue
        change = abs(float(cell.value) - float(cell.n))
        tally["changed"] += change > 0
        tally["abs"] += change


def _pct(part: float, whole: float) -> str:
    return f"{100 * part / whole:.1f}%" if whole else "-"


if __name__ == "__main__":
    main()
