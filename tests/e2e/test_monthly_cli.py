"""``ipgar monthly``: the demo month end to end on a small simulated export.

The simulator plants five documented faults (``truth.json`` "faults"): an empty
date, an activity misspelt as "Contcat", a year typed as 2042, an exact duplicate
row and an event out of order. The first three are red: the load would reject
those rows, and validation reports them under the checks ``missing_timestamp``,
``future_date``, ``unknown_activity`` and ``label_typo`` (the misspelling is both an
unknown activity and a near miss of a known label). So without ``--accept`` the
month stops before anything is loaded; with it, the chain runs to the archive.
"""

from __future__ import annotations

import hashlib
import json
import stat
from datetime import date

import pytest

from ipgar_metrics import store
from ipgar_metrics.cli._main import main
from ipgar_metrics.simulation._simulator import simulate

MONTH = "2026-10"
#: The checks each planted fault that makes the load reject its row shows up under.
RED_CHECKS = {
    "missing_timestamp": ("missing_timestamp",),
    "future_date": ("future_date",),
    "activity_typo": ("unknown_activity", "label_typo"),
}
STEPS = ["validate", "quality", "load", "report intern", "report extern", "archive"]


@pytest.fixture(scope="module")
def sim(tmp_path_factory):
    out = tmp_path_factory.mktemp("monthly") / "sim"
    result = simulate(60, 5, out, as_of=date(2026, 11, 1), write_xlsx=False)
    truth = json.loads(result.files["truth"].read_text(encoding="utf-8"))
    return result, truth


def _args(sim, tmp_path, *extra):
    result, _ = sim
    files = result.files
    return [
        "monthly", "--export", str(files["export"]), "--mapping", str(files["mapping"]),
        "--db", str(tmp_path / "ipgar.duckdb"), "--month", MONTH,
        "--out", str(tmp_path / "archive"), "--no-pdf", *extra,
    ]  # fmt: skip


def _red(truth) -> dict[str, int]:
    counts: dict[str, int] = {}
    for fault in truth["faults"]:
        for check in RED_CHECKS.get(fault["kind"], ()):
            counts[check] = counts.get(check, 0) + 1
    return dict(sorted(counts.items()))


def _no_raw_ids(truth, *texts):
    raw = {c["case_id"] for c in truth["faults"]} | {
        str(c["case_id"]) for c in truth["cases"]
    }
    for text in texts:
        assert not [r for r in raw if r in text]


def test_red_findings_stop_the_month_before_anything_is_loaded(sim, tmp_path, capsys):
    _, truth = sim
    code = main(_args(sim, tmp_path))
    out, err = capsys.readouterr()
    assert code == 1
    red = ", ".join(f"{check} {n}" for check, n in _red(truth).items())
    assert red == (
        "future_date 1, label_typo 1, missing_timestamp 1, unknown_activity 1"
    )  # the three rejecting faults, by check
    lines = out.splitlines()
    assert lines[0].startswith("1/6 validate: done - red: rows the load rejects: ")
    assert lines[1] == (
        f"2/6 quality: stopped - red: rows the load rejects: {red}; fix the export "
        "and run again, or run again with --accept to load without those rows"
    )
    assert lines[2:] == [f"{i}/6 {s}: not run" for i, s in enumerate(STEPS, 1)][2:]
    assert not (tmp_path / "ipgar.duckdb").exists()  # nothing loaded
    assert not (tmp_path / "archive").exists()
    # every default said in one stderr line
    assert err.splitlines() == [
        "ipgar monthly: export date 2026-11-01 (the export_date of the mapping file; "
        "use --export-date to choose)",
        "ipgar monthly: profile ipgar (a mapping file is given; use --profile to choose)",
    ]
    _no_raw_ids(truth, out, err)


def test_accept_runs_the_month_to_the_archive(sim, tmp_path, capsys):
    result, truth = sim
    code = main(_args(sim, tmp_path, "--accept"))
    out, err = capsys.readouterr()
    assert code == 0, err
    lines = out.splitlines()
    assert [line.split(":")[0] for line in lines] == [
        f"{i}/6 {s}" for i, s in enumerate(STEPS, 1)
    ]
    assert all(": done - " in line for line in lines)
    assert lines[1] == "2/6 quality: done - red findings accepted (--accept)"
    n = truth["n_export_rows"]
    # three rows rejected (empty date, misspelt activity, 2042), one exact copy skipped
    assert lines[2].startswith(
        f"3/6 load: done - read {n} = loaded {n - 4} (new {n - 4}, already in store 0)"
        " + rejected 3 + duplicates 1; snapshot S"
    )
    folder = tmp_path / "archive" / MONTH
    intern, extern = f"ptor-{MONTH}-intern", f"ptor-{MONTH}-extern"
    assert lines[3] == (
        f"4/6 report intern: done - {intern}.html, {intern}.actions.csv"
    )
    assert lines[4] == (f"5/6 report extern: done - {extern}.html, {extern}.cells.json")
    assert lines[5] == (
        f"6/6 archive: done - {folder / 'manifest.json'} (1 export(s), 4 report files)"
    )
    names = sorted(p.name for p in folder.iterdir())
    assert names == sorted(
        [f"{intern}.html", f"{extern}.html", f"{extern}.cells.json", "manifest.json",
         f"{intern}.actions.csv"]  # the intern action lists, beside the report
    )  # fmt: skip
    manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    with store.connect(tmp_path / "ipgar.duckdb") as con:
        snapshot = store.snapshot(con)["snapshot_id"]

    def sha(path):
        return hashlib.sha256(path.read_bytes()).hexdigest()

    files = result.files
    assert manifest == {
        "month": MONTH,
        "snapshot_id": snapshot,
        "exports": [{"file": "export.csv", "sha256": sha(files["export"])}],
        "mapping": {"file": "mapping.toml", "sha256": sha(files["mapping"])},
        "reports": [
            {"file": name, "sha256": sha(folder / name)}
            for name in (
                f"{intern}.html",
                f"{intern}.actions.csv",
                f"{extern}.html",
                f"{extern}.cells.json",
            )
        ],
    }
    assert lines[2].endswith(f"snapshot {snapshot}")
    assert stat.S_IMODE(folder.stat().st_mode) == 0o700
    for path in folder.iterdir():
        assert stat.S_IMODE(path.stat().st_mode) == 0o600, path.name
    assert "INTERN — vertrouwelijk" in (folder / f"{intern}.html").read_text("utf-8")
    _no_raw_ids(truth, out, err, (folder / "manifest.json").read_text("utf-8"))


def test_monthly_needs_its_inputs(capsys):
    with pytest.raises(SystemExit) as exc:
        main(["monthly", "--db", "x.duckdb", "--month", MONTH, "--out", "a"])
    assert exc.value.code == 2
    assert "--export" in capsys.readouterr().err


def test_a_failing_step_is_stopped_and_the_rest_not_run(sim, tmp_path, capsys):
    _, truth = sim
    # November is not complete in an export taken on 1 November: the reports refuse
    (tmp_path / "nov").mkdir()
    args = _args(sim, tmp_path / "nov", "--accept")
    args[args.index("--month") + 1] = "2026-11"
    code = main(args)
    out, err = capsys.readouterr()
    assert code == 1
    lines = out.splitlines()
    assert lines[2].startswith("3/6 load: done - ")
    assert lines[3:] == [
        "4/6 report intern: stopped - see the message below",
        "5/6 report extern: not run",
        "6/6 archive: not run",
    ]
    assert err.splitlines()[-1] == (
        "ipgar monthly: month 2026-11 is not complete in the export of 2026-11-01; "
        "choose 2026-10 or earlier."
    )
    assert not (tmp_path / "nov" / "archive" / "2026-11" / "manifest.json").exists()
    _no_raw_ids(truth, out, err)
