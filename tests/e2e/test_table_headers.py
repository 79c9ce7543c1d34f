"""Every table command writes reader's headers in ``--format xlsx``; CSV and JSON keep codes.

The commands are found in the parser (every command and sub-command with a
``--format`` that offers ``xlsx``), so a command added later is run here too, with
its default options on both stores, and fails until each of its columns has a label
(``labels.HEADER_LABELS`` or a rule of ``labels.column_label``). ``RUNS`` adds the
arguments a command needs and the options that change its columns.

Two small stores, built once: a simulated iPGA-R export (40 cases, seed 3) loaded
with the real loader, and the public running example (6 cases) loaded as a generic
log. A command that needs an iPGA-R store refuses the generic one in one line.

What is checked, for every run: no workbook header is a snake_case code, and no
header is its code name (except the words ``SAME_IN_DUTCH`` that Dutch and English
share); every command takes ``--lang``, and with ``--lang en`` the headers are
English. For every command once: the CSV header row is the code names and the
JSON records have the same keys, and ``--format table`` prints the Dutch headers,
or the English ones with ``--lang en``.
"""

from __future__ import annotations

import argparse
import contextlib
import csv
import io
import json
import re
from collections.abc import Iterator
from pathlib import Path

import pytest

from ipgar_metrics.cli._main import build_parser, main

PUBLIC = Path(__file__).resolve().parents[1] / "data" / "public"

#: A header that is a code name, not words (``median_to_next_hours``).
SNAKE = re.compile(r"[a-z0-9]+(_[a-z0-9]+)+")
#: What a CSV header (a code name) looks like.
CODE = re.compile(r"[a-z0-9]+(_[a-z0-9]+)*")
#: Columns of outcome codes, each shown in the reader's words (``OUTCOME_LABELS``).
OUTCOME_COLUMNS = {"outcome", "decision"}
#: Column codes whose Dutch header is the same word.
SAME_IN_DUTCH = {"episode", "variant", "model", "status", "parameter", "segment"}

#: Extra runs per command: (store, arguments). The store is "ipgar", "generic" or
#: "files" (no --db: the arguments name the files). A command not listed runs with
#: its defaults on both stores.
RUNS: dict[tuple[str, ...], list[tuple[str, list[str]]]] = {
    ("validate",): [
        ("files", [str(PUBLIC / "running-example.xes"), "--profile", "generic"]),
    ],
    ("leadtime",): [
        ("ipgar", []),
        ("ipgar", ["--summary", "--by", "report_source"]),
        ("ipgar", ["--incidence"]),
        ("ipgar", ["--workdays"]),
        ("ipgar", ["--summary", "--workdays"]),
        ("ipgar", ["--from", "melding", "--to", "instroom"]),  # outcomes in words
        ("generic", ["--from", "register request", "--to", "decide"]),
        ("generic", ["--from", "register request", "--to", "decide", "--summary"]),
    ],
    ("activities",): [
        ("ipgar", []),
        ("generic", ["--unit", "hours"]),
        ("generic", ["--unit", "minutes"]),
        ("generic", ["--unit", "weeks"]),
    ],
    ("durations",): [
        ("ipgar", []),
        ("generic", ["--unit", "hours"]),
        ("generic", ["--unit", "minutes"]),
    ],
    ("dfg",): [
        ("ipgar", []),
        ("generic", []),
        ("generic", ["--episodes-of", "register request>examine casually"]),
    ],
    ("paths",): [("ipgar", []), ("generic", []), ("ipgar", ["--episodes-of", "1"])],
    ("case",): [("ipgar", ["{case_pseudonym}"])],
    ("network",): [
        ("network", ["--as-of", "2025-06-01"]),
        ("network", ["--as-of", "2025-06-01", "--nodes"]),
    ],
    ("conformance",): [
        ("ipgar", []),
        ("ipgar", ["--level", "episode"]),
        ("ipgar", ["--discovered"]),
        ("generic", ["--model", "{model}"]),  # mined by ``ipgar discover``
    ],
    ("rules",): [("ipgar", []), ("ipgar", ["--level", "episode"])],
    ("integrality",): [("ipgar", []), ("ipgar", ["--by", "domain"])],
    ("practice",): [
        ("ipgar", []),
        ("ipgar", ["--by", "caseload_band"]),
        ("ipgar", ["--interventions"]),
    ],
    ("evaluate",): [
        (
            "ipgar",
            ["--change", "2025-06-01", "--by", "report_source", "--n-boot", "100"],
        ),
    ],
    ("whatif",): [
        ("ipgar", ["--runs", "20", "--bootstrap", "0"]),
        ("ipgar", ["--parameters"]),  # the meanings in words
        ("ipgar", ["--runs", "20", "--bootstrap", "0", "--check-from", "2025-01-01"]),
    ],
    ("subject",): [("ipgar", ["--case-id", "{case_id}"])],
}

#: Commands with --format but no workbook, and why.
NO_WORKBOOK = {
    ("subject",): "an access request is given as json or csv, never as a workbook",
}


def _table_commands() -> Iterator[tuple[tuple[str, ...], argparse.ArgumentParser]]:
    """Every command and sub-command of ``ipgar`` whose ``--format`` writes a table."""

    def walk(parser, path):
        for action in parser._actions:
            if isinstance(action, argparse._SubParsersAction):
                for name, sub in action.choices.items():
                    if _choices(sub, "--format") & {"table", "csv", "json", "xlsx"}:
                        yield (*path, name), sub  # not ``figures --format png``
                    yield from walk(sub, (*path, name))

    yield from walk(build_parser(), ())


def _choices(parser: argparse.ArgumentParser, option: str) -> set[str]:
    return {c for a in parser._actions if option in a.option_strings for c in a.choices}


COMMANDS = dict(_table_commands())


@pytest.fixture(scope="module")
def stores(tmp_path_factory) -> dict[str, str]:
    from ipgar_metrics.simulation._simulator import simulate

    root = tmp_path_factory.mktemp("headers")
    sim = simulate(40, 3, root / "sim", write_xlsx=False)
    ipgar_db, generic_db = str(root / "ipgar.duckdb"), str(root / "generic.duckdb")
    export, mapping = str(sim.files["export"]), str(sim.files["mapping"])
    loads = (
        ["load", export, "--mapping", mapping, "--db", ipgar_db],
        [
            "load",
            str(PUBLIC / "running-example.xes"),
            "--profile=generic",
            "--db",
            generic_db,
        ],
    )
    for argv in loads:
        code, _, err = _run(argv)
        assert code == 0, err
    with open(export, encoding="utf-8-sig") as f:
        case_id = next(csv.DictReader(f, delimiter=";"))["Casusnummer"]
    from ipgar_metrics import privacy
    from tests.conftest import TEST_KEY
    from tests.unit.test_network import new_store

    network_db = str(new_store(root / "network"))  # relations need their own store
    model = str(root / "model.pnml")
    code, _, err = _run(["discover", "--db", generic_db, "--out", model])
    assert code == 0, err
    return {
        "network": network_db,
        "case_pseudonym": privacy.pseudonym(case_id, TEST_KEY),
        "ipgar": ipgar_db,
        "generic": generic_db,
        "export": export,
        "mapping": mapping,
        "case_id": case_id,
        "root": str(root),
        "model": model,
    }


def _run(argv: list[str]) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main(argv)
    return code, out.getvalue(), err.getvalue()


def _argv(command, store, extra, stores) -> list[str]:
    args = [a.format(**stores) for a in extra]
    return [*command, *args] if store == "files" else [*command, "--db", stores[store], *args]  # fmt: skip


def _headers(book: Path) -> list[str]:
    import openpyxl

    sheet = openpyxl.load_workbook(book, read_only=True).active
    return [str(h) for h in next(sheet.iter_rows(max_row=1, values_only=True))]


@contextlib.contextmanager
def _frames_written(monkeypatch, *, coded: bool) -> Iterator[list[list[str]]]:
    """The column codes of each frame the workbook writer labels (a spy, not a stub).

    ``coded`` (an iPGA-R store, whose outcomes are codes; a generic log's are its
    own words): each frame whose cells are put in the reader's words
    (``labels.reader_cells``) is checked too, every value of a column of outcomes a
    code with words (``labels.OUTCOME_LABELS``; ``SEGMENT_LABELS`` for the risk
    categories some outcomes name) or those words, so no English code reaches a Dutch
    table.
    """
    from ipgar_metrics import labels

    seen: list[list[str]] = []
    real, real_cells = labels.dutch_columns, labels.reader_cells

    def spy(frame, lang="nl"):
        seen.append([str(c) for c in frame.columns])
        return real(frame, lang)

    # an outcome code with words, or those words (a frame already in words)
    tables = (labels.OUTCOME_LABELS, labels.SEGMENT_LABELS)  # CTER: a risk category

    def known(lang: str) -> set[str]:
        """The codes, and their words in the reader's language only."""
        return {w for t in tables for k, v in t.items() for w in (k, v[lang])}

    def cells_spy(frame, lang="nl", **kwargs):
        words = known(lang)
        for col in OUTCOME_COLUMNS & {str(c) for c in frame.columns} if coded else ():
            values = {v for v in frame[col] if isinstance(v, str)}
            assert values <= words, f"{col}: no words for {values - words}"
        return real_cells(frame, lang, **kwargs)

    with monkeypatch.context() as patch:
        patch.setattr(labels, "dutch_columns", spy)
        patch.setattr(labels, "reader_cells", cells_spy)
        yield seen


def _codes(argv: list[str]) -> list[str]:
    _, out, err = _run([*argv, "--format", "csv"])
    assert out, err
    return next(csv.reader(io.StringIO(out)))


def _readable(headers: list[str], codes: list[str], where: str) -> None:
    snake = [h for h in headers if SNAKE.fullmatch(h)]
    assert snake == [], f"{where}: code names as headers (label them in labels.py)"
    assert len(headers) == len(codes)
    untranslated = [
        h
        for h, c in zip(headers, codes, strict=True)
        if h == c and c not in SAME_IN_DUTCH
    ]
    assert untranslated == [], f"{where}: headers not translated"


def test_the_commands_are_found():
    names = {" ".join(c) for c in COMMANDS}
    assert {"activities", "leadtime", "ptor static", "practice", "dfg"} <= names
    assert set(RUNS) <= set(COMMANDS), "RUNS names a command that no longer exists"


@pytest.mark.parametrize("command", list(COMMANDS), ids=" ".join)
def test_every_table_command_has_readers_headers(
    command, stores, tmp_path, monkeypatch
):
    parser = COMMANDS[command]
    where = " ".join(command)
    runs = RUNS.get(command, [("ipgar", []), ("generic", [])])
    if command in NO_WORKBOOK:
        assert "xlsx" in _choices(parser, "--format")
        argv = _argv(command, *runs[0], stores)
        code, out, err = _run([*argv, "--format", "xlsx"])
        assert code == 1 and len(err.strip().splitlines()) == 1 and not out
        codes = _codes(argv)
        _readable([_label(c, "nl") for c in codes], codes, where)
        return
    assert "xlsx" in _choices(parser, "--format"), f"{where}: no --format xlsx"
    assert _has_lang(parser), f"{where}: no --lang"
    written = 0
    for i, (store, extra) in enumerate(runs):
        argv = _argv(command, store, extra, stores)
        book = tmp_path / f"run{i}.xlsx"
        with _frames_written(monkeypatch, coded=store == "ipgar") as frames:
            code, _, err = _run([*argv, "--format", "xlsx", "--output", str(book)])
        if not book.exists():  # a command that needs the other kind of store
            assert code == 1 and store == "generic", f"{where} {extra}: {err}"
            assert len(err.strip().splitlines()[-1:]) == 1 and "Traceback" not in err
            assert "iPGA-R store" in err
            continue
        written += 1
        dutch, (codes,) = _headers(book), frames
        _readable(dutch, codes, f"{where} {' '.join(extra)}")
        assert "Traceback" not in err
        english_book = tmp_path / f"run{i}-en.xlsx"
        english_argv = [*argv, "--format=xlsx", "--lang=en"]
        code, _, err = _run([*english_argv, "--output", str(english_book)])
        assert code == 0, err
        english = _headers(english_book)
        assert not [h for h in english if SNAKE.fullmatch(h)]
        assert english == [_label(c, "en") for c in codes]
        assert english != dutch
        if i == 0:  # CSV and JSON keep the code names, for programs
            assert _codes(argv) == codes
            assert all(CODE.fullmatch(c) for c in codes), codes
            if "json" not in _choices(parser, "--format"):
                continue
            code, out, err = _run([*argv, "--format", "json"])
            records = json.loads(out)
            if isinstance(records, list) and records:
                assert set(codes) <= set(records[0]), err
                assert all(CODE.fullmatch(k) for k in records[0])
    assert written, f"{where}: no run wrote a workbook (add its arguments to RUNS)"


def _label(code: str, lang: str) -> str:
    from ipgar_metrics import labels

    return labels.column_label(code, lang)


def _has_lang(parser: argparse.ArgumentParser) -> bool:
    return "--lang" in {o for a in parser._actions for o in a.option_strings}


@pytest.mark.parametrize(
    "command",
    [c for c, p in COMMANDS.items() if "table" in _choices(p, "--format")],
    ids=" ".join,
)
def test_every_table_command_prints_headers_in_lang(command, stores, monkeypatch):
    """``--format table`` in Dutch by default and in English with ``--lang en``."""
    from ipgar_metrics import labels

    where = " ".join(command)
    assert _has_lang(COMMANDS[command]), f"{where}: no --lang"
    for store, extra in RUNS.get(command, [("ipgar", []), ("generic", [])]):
        argv = [*_argv(command, store, extra, stores), "--format", "table"]
        printed = {}
        for lang in labels.LANGS:
            with _frames_written(monkeypatch, coded=store == "ipgar") as frames:
                code, out, err = _run([*argv, f"--lang={lang}"])
            printed[lang] = (code, out, err, frames)
        code, out, err, frames = printed["nl"]
        if code == 1 and store == "generic" and "iPGA-R store" in err:
            continue  # a command that needs the other kind of store
        assert code == 0, f"{where} {extra}: {err}"
        for lang, (code, out, err, frames) in printed.items():
            assert code == 0, f"{where} {extra} --lang {lang}: {err}"
            if not frames:  # a result without rows prints one line
                assert out.strip().endswith(labels.NO_ROWS[lang]), out
                continue
            for codes in frames:
                missing = [c for c in codes if _label(c, lang) not in out]
                assert missing == [], f"{where} {extra} --lang {lang}: {missing}"
        dutch, english = printed["nl"][3], printed["en"][3]
        assert dutch == english  # the same columns, only the headers differ
        differ = [c for f in dutch for c in f if _label(c, "nl") != _label(c, "en")]
        if differ:
            assert printed["nl"][1] != printed["en"][1]
        return  # one run that prints a table is enough
    pytest.fail(f"{where}: no run printed a table (add its arguments to RUNS)")
