"""``ipgar paths | dfg | conformance | rules`` end to end (three as processes, the
rest through ``cli.main`` in the test process to keep the suite fast).

Stores: the public running-example (profile generic, 6 cases, 6 variants: numbers
from tests/data/public/README.md) and a small simulation (profile ipgar).
"""

from __future__ import annotations

import io
import itertools
import json
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from ipgar_metrics import store

PUBLIC = Path(__file__).resolve().parents[1] / "data" / "public"


@pytest.fixture(scope="module")
def generic_db(tmp_path_factory):
    pm4py = pytest.importorskip("pm4py")
    xes = PUBLIC / "running-example.xes"
    assert xes.exists(), "running-example.xes is missing from tests/data/public"
    df = pm4py.read_xes(str(xes), variant="line_by_line")
    frame = pd.DataFrame(
        {
            "case_id": df["case:concept:name"].astype(str),
            "activity": df["concept:name"],
            "timestamp": df["time:timestamp"],
        }
    )
    path = tmp_path_factory.mktemp("paths_cli") / "generic.duckdb"
    con = store.connect(path, read_only=False)
    store.insert_events(con, frame, profile="generic")
    con.close()
    return path


@pytest.fixture(scope="module")
def ipgar_db(sim_store):
    # the simulated export (600 cases, seed 1) loaded with the real loader
    return sim_store.db


def _run_process(*args):
    return subprocess.run(
        [sys.executable, "-m", "ipgar_metrics.cli", *map(str, args)],
        capture_output=True,
        text=True,
        check=False,
        timeout=180,
    )


class _Result:
    def __init__(self, returncode, stdout, stderr):
        self.returncode, self.stdout, self.stderr = returncode, stdout, stderr


def _run(*args):
    """In-process ``ipgar`` (fast); the exit code and streams as a process would give."""
    import contextlib

    from ipgar_metrics.cli import main

    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main([str(a) for a in args])
    return _Result(code, out.getvalue(), err.getvalue())


def test_paths_csv_on_generic_log(generic_db):
    r = _run_process("paths", "--db", generic_db, "--format", "csv", "--min-count", "1")
    assert r.returncode == 0, r.stderr
    out = pd.read_csv(io.StringIO(r.stdout))
    assert list(out.columns[:3]) == ["rank", "variant", "count"]
    assert {"variant", "count", "share"} <= set(out.columns)
    assert len(out) == 6 and out["count"].sum() == 6  # 6 cases, 6 variants
    assert out["share"].sum() == pytest.approx(1.0)


def test_paths_default_shows_every_variant_of_a_generic_log(generic_db):
    # the suppression threshold is the iPGA-R profile's default, not a permit log's
    r = _run("paths", "--db", generic_db, "--format", "json")
    assert r.returncode == 0, r.stderr
    rows = json.loads(r.stdout)
    assert len(rows) == 6 and "overige varianten" not in [x["variant"] for x in rows]
    assert sum(row["count"] for row in rows) == 6
    said = "ipgar paths: min-count 1 (not an iPGA-R store; use --min-count to choose)"
    assert said in r.stderr.splitlines()
    merged = _run("paths", "--db", generic_db, "--format", "json", "--min-count", "10")
    assert [row["variant"] for row in json.loads(merged.stdout)] == [
        "overige varianten"
    ]


def test_the_paths_table_reads_its_lead_times_in_a_unit_that_reads(generic_db):
    # CSV keeps days for programs; the table takes the unit its median reads best in
    rows = json.loads(_run("paths", "--db", generic_db, "--format", "json").stdout)
    days = {r["rank"]: r["median_days"] for r in rows}
    table = _run("paths", "--db", generic_db)
    assert table.returncode == 0, table.stderr
    median = pd.Series(list(days.values())).median() * 86400
    unit = "days" if median >= 2 * 86400 else "hours" if median >= 7200 else "minutes"
    said = (
        f"ipgar paths: lead times in {unit} (the median reads best; use --unit to "
        "choose)"
    )
    assert said in table.stderr.splitlines()
    hours = _run("paths", "--db", generic_db, "--unit", "hours", "--lang", "en")
    assert "lead times in" not in hours.stderr  # chosen, not a default
    lines = hours.stdout.splitlines()
    assert "median (hours)" in lines[0] and "median (days)" not in lines[0]
    first = lines[1].split()
    assert first[0] == "1"
    assert float(first[4]) == pytest.approx(days[1] * 24, abs=0.01)  # the median
    csv = pd.read_csv(io.StringIO(_run("paths", "--db", generic_db, "--format", "csv",
                                       "--unit", "hours").stdout))  # fmt: skip
    assert "median_days" in csv.columns  # CSV keeps the codes and days


def test_intake_phase_on_generic_log_is_a_clear_error(generic_db):
    r = _run_process("paths", "--db", generic_db, "--phase", "intake")
    assert r.returncode == 1
    assert "profile ipgar" in r.stderr and "Traceback" not in r.stderr


def test_dfg_svg_and_html(generic_db, tmp_path):
    svg = tmp_path / "map.svg"
    r = _run("dfg", "--db", generic_db, "--out", svg, "--min-count", "1")
    assert r.returncode == 0, r.stderr
    assert svg.read_text(encoding="utf-8").lstrip().startswith(("<?xml", "<svg"))
    assert "register request" in svg.read_text(encoding="utf-8")
    html = tmp_path / "map.html"
    r = _run("dfg", "--db", generic_db, "--out", html, "--min-count", "1")
    assert r.returncode == 0, r.stderr
    page = html.read_text(encoding="utf-8")
    assert 'id="acts"' in page and "plotly" not in page.lower()
    r = _run("dfg", "--db", generic_db, "--out", tmp_path / "map.pdf")
    assert r.returncode == 1 and ".html, .svg or .png" in r.stderr


def test_conformance_and_rules_need_profile_ipgar(generic_db):
    for cmd in ("conformance", "rules"):
        r = _run(cmd, "--db", generic_db)
        assert r.returncode == 1
        assert "profile ipgar" in r.stderr and "Traceback" not in r.stderr


def test_discover_writes_a_model_that_conformance_replays(generic_db, tmp_path):
    """``ipgar discover`` then ``ipgar conformance --model``: the CLI's numbers are
    the functions' (the inductive miner without a noise threshold fits every case of
    the running example, 6 cases in 6 variants)."""
    from ipgar_metrics.metrics.paths import model_conformance

    for suffix in ("pnml", "bpmn"):
        model = tmp_path / f"model.{suffix}"
        r = _run("discover", "--db", generic_db, "--out", model)
        assert r.returncode == 0, r.stderr
        # a store filled without a load has no snapshot to name
        said = f"wrote the model of 6 cases (6 variants) to {model}"
        assert r.stdout.strip() == said
        # the file says what it was mined from, in a comment pm4py reads past
        assert (
            model.read_text(encoding="utf-8")
            .splitlines()[1]
            .startswith("<!-- ipgar-metrics: mined from snapshot none, as of ")
        )
        assert "6 cases in 6 variants, noise threshold 0.0 -->" in model.read_text()
        r = _run(
            "conformance", "--db", generic_db, "--model", model, "--format", "json"
        )
        assert r.returncode == 0, r.stderr
        (row,) = json.loads(r.stdout)
        con = store.connect(generic_db)
        try:
            direct = model_conformance(
                con, model=model, as_of=store.last_event_at(con)
            ).iloc[0]
        finally:
            con.close()
        assert (row["cases"], row["variants"]) == (6, 6)
        assert row["fitting_cases"] == direct["fitting_cases"] == 1.0
        assert row["log_fitness"] == direct["log_fitness"] == 1.0
        # JSON carries ten decimals
        assert row["precision"] == pytest.approx(direct["precision"], abs=1e-10)
    r = _run("discover", "--db", generic_db, "--out", tmp_path / "model.txt")
    assert r.returncode == 1 and ".bpmn" in r.stderr and "Traceback" not in r.stderr


def test_commands_on_simulated_store(ipgar_db, tmp_path):
    r = _run("paths", "--db", ipgar_db, "--format", "csv")
    assert r.returncode == 0, r.stderr
    intake = pd.read_csv(io.StringIO(r.stdout))
    # variants shown on their own have at least k = 10 episodes
    assert (intake.loc[~intake["is_other"], "count"] >= 10).all()
    r = _run("paths", "--db", ipgar_db, "--phase", "episode", "--format", "csv")
    assert r.returncode == 0, r.stderr
    r = _run("dfg", "--db", ipgar_db, "--out", tmp_path / "m.html", "--outcomes")
    assert r.returncode == 0, r.stderr
    r = _run_process("conformance", "--db", ipgar_db, "--format", "json")
    assert r.returncode == 0, r.stderr
    summary = json.loads(r.stdout)[0]
    assert summary["n_episodes"] == intake["count"].sum()
    assert 0.0 <= summary["log_fitness"] <= 1.0
    r = _run("rules", "--db", ipgar_db, "--format", "csv")
    assert r.returncode == 0, r.stderr
    rules = pd.read_csv(io.StringIO(r.stdout))
    assert len(rules) == 8 and {"rule", "n_violating", "case_ids"} <= set(rules.columns)
    r = _run("discover", "--db", ipgar_db, "--out", tmp_path / "model.pnml")
    with store.connect(ipgar_db) as con:  # a loaded store: the model names its data
        snapshot = store.snapshot(con)["snapshot_id"]
    said = f"(snapshot {snapshot})"
    assert r.returncode == 0 and r.stdout.strip().endswith(said), r.stderr
    model = (tmp_path / "model.pnml").read_text(encoding="utf-8")
    assert f"<!-- ipgar-metrics: mined from snapshot {snapshot}, as of " in model
    # the performance spectrum: its line on stderr and its figure name the data
    r = _run("spectrum", "--db", ipgar_db, "--out", tmp_path / "s.html")
    assert r.returncode == 0, r.stderr
    wrote = [line for line in r.stderr.splitlines() if line.startswith("wrote ")]
    assert len(wrote) == 1 and wrote[0].endswith(said)
    assert f"gegevens {snapshot}" in (tmp_path / "s.html").read_text(encoding="utf-8")


def test_rules_describe_themselves_in_the_readers_language(ipgar_db, tmp_path):
    import openpyxl

    from ipgar_metrics.metrics.quality._rules import RULES

    dutch = {r["rule"]: r["description"] for r in RULES}
    english = {r["rule"]: r["description_en"] for r in RULES}
    assert all(english[k] != dutch[k] for k in dutch)  # each one translated
    r = _run("rules", "--db", ipgar_db, "--format", "csv", "--lang", "en")
    csv_rules = pd.read_csv(io.StringIO(r.stdout))
    assert dict(zip(csv_rules["rule"], csv_rules["description"], strict=True)) == dutch
    book = tmp_path / "rules.xlsx"
    r = _run("rules", "--db", ipgar_db, "--format", "xlsx", "--lang", "en",
             "--output", book)  # fmt: skip
    assert r.returncode == 0, r.stderr
    rows = list(openpyxl.load_workbook(book).active.iter_rows(values_only=True))
    got = {row[0]: row[rows[0].index("description")] for row in rows[1:]}
    assert got == english
    r = _run("rules", "--db", ipgar_db)  # a Dutch table
    for text in dutch.values():
        assert text in r.stdout
    # the templates in words too ("precedence" read as code in a Dutch table)
    lines = {line.split()[0]: line for line in r.stdout.splitlines()[1:]}
    from ipgar_metrics.labels import RULE_TEMPLATE_LABELS

    for rule in RULES:
        words = RULE_TEMPLATE_LABELS[rule["template"]]["nl"]
        assert f" {words} " in lines[rule["rule"]] and rule["template"] not in words


def test_the_overview_of_an_ipgar_store_names_its_activities(ipgar_db):
    """Start and end activities read "eindactiviteit: Besluit PTO-R", not the code."""
    from ipgar_metrics.labels import activity_label

    codes = json.loads(_run("overview", "--db", ipgar_db, "--format", "json").stdout)
    table = _run("overview", "--db", ipgar_db).stdout
    english = _run("overview", "--db", ipgar_db, "--lang", "en").stdout
    assert len(codes["end_activities"]) > 3
    rows = {
        line.rsplit(None, 1)[0].strip(): line.split()[-1] for line in table.splitlines()
    }
    for code, n in codes["end_activities"].items():
        assert rows[f"eindactiviteit: {activity_label(code, 'nl')}"] == str(n)
        assert f"end activity: {activity_label(code, 'en')}  " in english
        assert f": {code} " not in table or activity_label(code, "nl") == code
    assert "eindactiviteit: Besluit PTO-R" in table


def test_rules_find_the_simulated_out_of_order_fault(ipgar_db, sim_store):
    # truth.json plants one notificatie dated two days before its instroom; the
    # loader keeps it (it is a valid row), so the two notificatie rules flag that
    # case, and only that case
    from ipgar_metrics import privacy

    truth = json.loads((sim_store.sim_dir / "truth.json").read_text(encoding="utf-8"))
    faults = [f for f in truth["faults"] if f["kind"] == "out_of_order"]
    expected = sorted({privacy.pseudonym(f["case_id"], sim_store.key) for f in faults})
    r = _run("rules", "--db", ipgar_db, "--format", "json")
    assert r.returncode == 0, r.stderr
    rules = {row["rule"]: row for row in json.loads(r.stdout)}
    for name in ("notificatie_alleen_na_instroom", "notificatie_na_instroom"):
        assert sorted(rules[name]["case_ids"].split()) == expected
        assert rules[name]["n_violating"] == len(expected)


def _edge_cases(xes_frame, source, target):
    """The cases of the running example where ``source`` directly precedes ``target``."""
    got = set()
    for case, events in xes_frame.sort_values("time:timestamp").groupby(
        "case:concept:name"
    ):
        acts = list(events["concept:name"])
        if any(a == source and b == target for a, b in itertools.pairwise(acts)):
            got.add(str(case))
    return got


def test_dfg_episodes_of_an_edge_lists_the_cases_pandas_finds(generic_db):
    pm4py = pytest.importorskip("pm4py")
    df = pm4py.read_xes(str(PUBLIC / "running-example.xes"), variant="line_by_line")
    want = _edge_cases(df, "check ticket", "examine thoroughly")
    assert want  # the running example has the edge
    r = _run(
        "dfg", "--db", generic_db, "--episodes-of", "check ticket>examine thoroughly"
    )
    assert r.returncode == 0, r.stderr
    out = pd.read_csv(io.StringIO(r.stdout))
    assert list(out.columns) == [
        "case_id",
        "episode",
        "variant",
        "start_at",
        "end_at",
        "days",
    ]
    # the store holds the cases under their ids (inserted directly, generic profile)
    assert set(out["case_id"].astype(str)) == want
    assert f"{len(want)} episodes (case pseudonyms" in r.stderr
    bad = _run(
        "dfg", "--db", generic_db, "--episodes-of", "pay compensation>register request"
    )
    assert bad.returncode == 1 and "no episode has" in bad.stderr
    with pytest.raises(SystemExit) as usage:  # argparse: exit 2 with the usage
        _run("dfg", "--db", generic_db, "--episodes-of", "oops")
    assert usage.value.code == 2


def test_paths_episodes_of_a_variant_match_its_count(ipgar_db):
    ranked = pd.read_csv(
        io.StringIO(_run("paths", "--db", ipgar_db, "--format", "csv").stdout)
    )
    for rank in (1, int(ranked["rank"].max())):  # the first and the merged row
        count = int(ranked.loc[ranked["rank"] == rank, "count"].iloc[0])
        r = _run("paths", "--db", ipgar_db, "--episodes-of", rank, "--format", "csv")
        assert r.returncode == 0, r.stderr
        out = pd.read_csv(io.StringIO(r.stdout))
        assert len(out) == count
        if not ranked.loc[ranked["rank"] == rank, "is_other"].iloc[0]:
            variant = ranked.loc[ranked["rank"] == rank, "variant"].iloc[0]
            assert set(out["variant"]) == {variant}
    r = _run("paths", "--db", ipgar_db, "--episodes-of", 999, "--format", "csv")
    assert r.returncode == 1 and "there is no variant 999" in r.stderr
