"""The harness of the adversarial corpus: run one input class through ``ipgar`` and check it.

An input class is a ``Case``: a function that writes its input into a folder and
returns the ``ipgar`` commands to run there (the last one is checked), and what must
come of it: ``Error`` (exit 1, one line on stderr besides the "ipgar load: ... use
--x to choose" default lines, no traceback, a word or two in the message) or ``Loads``
(exit 0 and the account of the load, worked out from the rows the class wrote).

Every class writes identifying values (``PLANTED``: case numbers, a person's name in
a label column, case-manager ids, event ids) into its input; ``leaks`` looks for
them in stdout, stderr, every file the run wrote (the store and its ``.wal``, the
processing log) and every text cell of the store's tables. A class whose rows are
rejected also runs ``ipgar validate`` (which lists the rejected rows' messages), and
its output is searched too.

The commands run in-process (``ipgar_metrics.cli._main.main``), so the whole corpus
takes seconds; an exception that escapes ``main`` is a traceback for the user and
fails the class.
"""

from __future__ import annotations

import contextlib
import re
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import duckdb

EXPORT_DATE = "2026-11-01"
DB = "store.duckdb"

CASES = ("R2024-000123", "R2024-000456", "R2024-000789")
NAME = "Jan de Vries"
NAME_1252 = "Renée Smit"
MANAGERS = ("CM-4711", "CM-4712")
EVENTS = tuple(f"EV-9{i:04d}" for i in range(1, 40))
#: Every identifying value a class may write; none may come out of the toolkit.
PLANTED: tuple[str, ...] = (*CASES, NAME, NAME_1252, *MANAGERS, *EVENTS)

#: A default the CLI chose, said on stderr (``cli._common.say_default``).
_DEFAULT_LINE = re.compile(r"^ipgar \w+: .* \(.*; use --[\w-]+ to choose\)$")


@dataclass(frozen=True)
class Error:
    """Exit 1 with one line on stderr that contains each of ``words`` (any case)."""

    words: tuple[str, ...]


@dataclass(frozen=True)
class Loads:
    """Exit 0 and this account of the last load (a fresh store unless ``new`` says).

    ``reasons``: reject reason code -> failed checks (a row can fail several);
    ``cases``: distinct case pseudonyms in the store, when the class is about them;
    ``check``: a further look at the store (read-only connection) for the class.
    """

    read: int
    loaded: int
    rejected: int = 0
    duplicates: int = 0
    reasons: dict[str, int] = field(default_factory=dict)
    new: int | None = None
    #: False: the class's target account is open, only ``check`` judges the store
    exact: bool = True
    cases: int | None = None
    check: Callable[[duckdb.DuckDBPyConnection], None] | None = None


@dataclass(frozen=True)
class Case:
    """One input class: ``build(folder)`` writes it and returns the commands."""

    name: str
    build: Callable[[Path], list[list[str]]]
    expect: Error | Loads


def load_cmd(*args: str | Path, export_date: str | None = EXPORT_DATE) -> list[str]:
    """``ipgar load ARGS --db store.duckdb --export-date 2026-11-01``."""
    cmd = ["load", *map(str, args), "--db", DB]
    return [*cmd, "--export-date", export_date] if export_date else cmd


def validate_cmd(load: list[str]) -> list[str]:
    """The ``ipgar validate --format csv`` of a load command (same inputs, no store)."""
    argv = ["validate", "--format", "csv"]
    skip = False
    for arg in load[1:]:
        if skip or arg == "--db":
            skip = not skip
            continue
        argv.append(arg)
    return argv


def run(argv: list[str], capsys) -> tuple[int, str, str]:
    """Run one ``ipgar`` command in-process; (exit code, stdout, stderr)."""
    from ipgar_metrics.cli._main import main

    try:
        code = main(argv)
    except SystemExit as exc:  # argparse's usage errors
        code = exc.code if isinstance(exc.code, int) else 1
    except Exception as exc:  # a traceback for the user
        out, err = capsys.readouterr()
        raise AssertionError(
            f"{type(exc).__name__} escaped `ipgar {argv[0]}` (a traceback); stderr: {err!r}"
        ) from None
    out, err = capsys.readouterr()
    return code, out, err


def _files(folder: Path) -> dict[Path, tuple[int, int]]:
    return {
        p: (p.stat().st_size, p.stat().st_mtime_ns)
        for p in folder.rglob("*")
        if p.is_file()
    }


@contextlib.contextmanager
def _own_tempdir(folder: Path):
    """Point ``tempfile`` at ``folder`` for the run (other processes share /tmp)."""
    folder.mkdir()
    saved = tempfile.tempdir
    tempfile.tempdir = str(folder)
    try:
        yield
    finally:
        tempfile.tempdir = saved


def store_text(db: Path) -> str:
    """Every cell of every table of a DuckDB store, as text ('' if it cannot open)."""
    if not db.is_file() or db.read_bytes()[8:12] != b"DUCK":
        return ""
    try:
        con = duckdb.connect(str(db), read_only=True)
    except duckdb.Error:
        return ""
    try:
        tables = con.execute(
            "SELECT schema_name, table_name FROM duckdb_tables()"
        ).fetchall()
        parts = []
        for schema_name, table in tables:
            rows = con.execute(f'SELECT * FROM "{schema_name}"."{table}"').fetchall()
            parts.append(repr(rows))
        return "\n".join(parts)
    finally:
        con.close()


def leaks(texts: dict[str, str], written: list[Path]) -> list[str]:
    """Where a planted value shows: ``place: value`` for each one found."""
    found = []
    for place, text in texts.items():
        found += [f"{place}: {v}" for v in PLANTED if v in text]
    for path in written:
        data = path.read_bytes()
        found += [f"{path.name}: {v}" for v in PLANTED if v.encode() in data]
        if path.suffix == ".duckdb":
            text = store_text(path)
            found += [f"{path.name} tables: {v}" for v in PLANTED if v in text]
    return found


def check_case(case: Case, folder: Path, capsys) -> None:
    """Build the class in ``folder``, run its commands there and check the outcome."""
    commands = case.build(folder)
    capsys.readouterr()  # what building the class printed (a store made by a load)
    inputs = _files(folder)
    temp = folder.parent / f"{folder.name}-tmp"
    outputs: dict[str, str] = {}
    with contextlib.chdir(folder), _own_tempdir(temp):
        for i, argv in enumerate(commands):
            code, out, err = run(argv, capsys)
            outputs[f"stdout of command {i + 1}"] = out
            outputs[f"stderr of command {i + 1}"] = err
            if i < len(commands) - 1:
                assert code == 0, f"setup command {argv[0]} failed: {err}"
        assert "Traceback" not in err
        if isinstance(case.expect, Error):
            _check_error(case.expect, code, err)
        else:
            _check_load(case.expect, code, out, err, folder / DB)
        if isinstance(case.expect, Loads) and case.expect.reasons:
            # the rejected rows' messages, as `ipgar validate` lists them
            _, out, err = run(validate_cmd(commands[-1]), capsys)
            outputs["stdout of validate"] = out
            outputs["stderr of validate"] = err
            assert "Traceback" not in err
    written = [p for p, st in _files(folder).items() if inputs.get(p) != st]
    found = leaks(outputs, [*written, *_files(temp)])
    assert not found, f"raw values in the output: {found}"
    assert not list(temp.iterdir()), "a temporary copy of the export was left behind"


def _check_error(expect: Error, code: int, err: str) -> None:
    lines = [ln for ln in err.strip().splitlines() if not _DEFAULT_LINE.match(ln)]
    assert code == 1, f"exit {code}, stderr: {err!r}"
    assert len(lines) == 1, f"not one line on stderr: {err!r}"
    for word in expect.words:
        assert word.lower() in lines[0].lower(), f"{word!r} not in {lines[0]!r}"


def _check_load(expect: Loads, code: int, out: str, err: str, db: Path) -> None:
    assert code == 0, f"exit {code}, stderr: {err!r}"
    new = expect.loaded if expect.new is None else expect.new
    account = (
        f"read {expect.read} = loaded {expect.loaded} (new {new}, already in store "
        f"{expect.loaded - new}) + rejected {expect.rejected} + duplicates "
        f"{expect.duplicates}"
    )
    lines = out.splitlines()
    assert not expect.exact or lines[0] == account, f"{lines[0]!r} != {account!r}"
    reasons = {}
    if "rejects by reason:" in lines:
        for line in lines[lines.index("rejects by reason:") + 1 :]:
            if not line.startswith("  "):
                break
            code_, n = line.strip().split(": ")
            reasons[code_] = int(n)
    assert reasons == expect.reasons, f"reasons {reasons} != {expect.reasons}"
    con = duckdb.connect(str(db), read_only=True)
    try:
        rejected_rows = con.execute(
            'SELECT count(DISTINCT (file, "row")) FROM rejected_events '
            "WHERE load_id = (SELECT max(load_id) FROM loads)"
        ).fetchone()[0]
        assert rejected_rows == expect.rejected
        if expect.new is None:  # a fresh store holds exactly what this load loaded
            n = con.execute("SELECT count(*) FROM events").fetchone()[0]
            assert n == expect.loaded, f"{n} events in the store, not {expect.loaded}"
        if expect.cases is not None:
            n = con.execute("SELECT count(DISTINCT case_id) FROM events").fetchone()[0]
            assert n == expect.cases, f"{n} cases in the store, not {expect.cases}"
        if expect.check is not None:
            expect.check(con)
    finally:
        con.close()
