"""Shared pieces of the subcommands: the options, the default as-of, output formatting.

Every option that more than one command takes is defined here once (``--db``,
``--format`` and its ``--raw``, ``--as-of``, ``--lang``, ``--out``,
``--cases``/``--seed``); the command modules call these helpers. A default the CLI
chooses for the user (the as-of, the report month, the phase of ``paths``) is said
on stderr in one line by ``say_default``, never on stdout (stdout is the CSV or
JSON a caller parses). CSV on stdout is safe to open in a spreadsheet unless
``--raw`` (``print_frame``).
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn
from zoneinfo import ZoneInfo

from ipgar_metrics import config, labels, schema
from ipgar_metrics.errors import ConfigError

if TYPE_CHECKING:  # pandas is imported by the commands that print, not by --help
    import pandas as pd

FORMATS = ("table", "csv", "json", "xlsx")

#: What ``--as-of`` means for every metric command.
AS_OF_HELP = (
    "reference time YYYY-MM-DD[THH:MM] (a date is the start of that day, local "
    "time); events after it are ignored. Default: the last event in the store"
)


def add_db(parser: argparse.ArgumentParser) -> None:
    """Add ``--db FILE`` (default ``data/ipgar.duckdb``)."""
    parser.add_argument(
        "--db",
        type=Path,
        default=config.DEFAULT_DB,
        help=f"event store (default {config.DEFAULT_DB})",
    )


#: What ``--lang`` means for a command with ``--format`` (``add_format``).
LANG_HELP = (
    "language of the table and workbook: headers and the words in cells "
    "(default nl); CSV and JSON keep the codes"
)


def add_format(parser: argparse.ArgumentParser, *, lang_help: str = LANG_HELP) -> None:
    """Add ``--format table|csv|json|xlsx``, ``--output``, ``--raw`` and ``--lang``.

    Every command with ``--format`` takes ``--raw`` (``add_raw``) and ``--lang``
    (``add_lang``): ``print_frame`` writes the table's and the workbook's headers
    in ``args.lang``, and a handler that puts words in cells takes them from
    ``labels`` in ``args.lang``. A command whose ``--lang`` also changes other
    texts (a figure, sentences) says so in ``lang_help``.
    """
    parser.add_argument(
        "--format",
        choices=FORMATS,
        default="table",
        help="output format (default table). CSV is safe to open in a spreadsheet: "
        "a text cell that starts with = + - @ or a tab gets a leading ' (--raw: "
        "cells as they are); xlsx writes an Excel workbook with the headers in "
        "--lang to --output",
    )
    parser.add_argument(
        "--output",
        type=Path,
        default=None,
        metavar="FILE",
        help="with --format xlsx: the workbook (default ipgar-<command>.xlsx)",
    )
    add_raw(parser)
    add_lang(parser, help=lang_help)


def add_raw(parser: argparse.ArgumentParser) -> None:
    """Add ``--raw``: CSV cells as they are, without the spreadsheet guard.

    Every command with ``--format`` has it (``add_format``; ``dfg``, whose
    ``--format`` is its own, calls this directly). The handler passes
    ``raw=args.raw`` to ``print_frame``.
    """
    parser.add_argument(
        "--raw",
        action="store_true",
        help="with --format csv: write cells as they are (for machine use; unsafe "
        "to open in a spreadsheet). Table and JSON are never changed",
    )


def add_as_of(
    parser: argparse.ArgumentParser,
    *,
    help: str = AS_OF_HELP,
    default: date | None = None,
    day_only: bool = False,
) -> None:
    """Add ``--as-of``: a date or date-time (``None`` when not given and no default).

    Metric commands resolve ``None`` with ``as_of_or_last_event``. The simulator
    passes its own ``help``, ``default`` and ``day_only`` (its as-of is the export
    date, a day).
    """
    parse = parse_date if day_only else parse_datetime
    parser.add_argument("--as-of", type=parse, default=default, help=help)


def add_lang(parser: argparse.ArgumentParser, *, help: str = "language") -> None:
    """Add ``--lang nl|en`` (default ``nl``).

    ``add_format`` calls it; a command calls it directly only where it has no
    ``--format`` of ``add_format`` (``dfg``, ``figures``, ``report``).
    """
    # no argparse default: ``reader_lang`` says the default on stderr when it is used
    parser.add_argument("--lang", choices=labels.LANGS, default=None, help=help)


def add_out(
    parser: argparse.ArgumentParser,
    *,
    help: str,
    default: Path | None = None,
) -> None:
    """Add ``--out PATH``; required when there is no ``default``."""
    parser.add_argument(
        "--out", type=Path, default=default, required=default is None, help=help
    )


def add_simulation_size(parser: argparse.ArgumentParser) -> None:
    """Add ``--cases`` and ``--seed`` of the simulator."""
    parser.add_argument(
        "--cases", type=at_least(1), default=600, help="number of cases (default 600)"
    )
    parser.add_argument("--seed", type=int, default=1, help="random seed (default 1)")


def at_least(
    minimum: float, kind: type[int] | type[float] = int
) -> Callable[[str], Any]:
    """An argparse type: a number of ``kind`` not below ``minimum`` (else exit 2)."""

    def parse(text: str) -> int | float:
        try:
            value = kind(text)
        except ValueError:
            raise argparse.ArgumentTypeError(
                f"not a {'whole ' if kind is int else ''}number: {text!r}"
            ) from None
        if value < minimum:
            raise argparse.ArgumentTypeError(f"must be {minimum} or more, not {text}")
        return value

    return parse


def parse_segment(text: str) -> tuple[str, str]:
    """Parse ``NAME=VALUE`` of ``--segment``: a case attribute and a value (else exit 2).

    Whether the store holds the value is checked by the metric (exit 1).
    """
    name, sep, value = text.partition("=")
    if not sep or not name.strip() or not value.strip():
        raise argparse.ArgumentTypeError(
            f"not NAME=VALUE: {text!r}; for example report_source=MAP"
        )
    try:
        schema.check_known(name.strip(), schema.CASE_ATTRIBUTES, what="attribute")
    except ConfigError as exc:
        raise argparse.ArgumentTypeError(str(exc).rstrip(".")) from None
    return name.strip(), value.strip()


def usage_error(args: argparse.Namespace, message: str) -> NoReturn:
    """Stop with the subcommand's usage and ``message`` (exit 2).

    For a usage error that shows only once the options are combined, found by the
    handler before it opens the store.
    """
    args._parser.error(message)
    raise AssertionError("unreachable")  # argparse's error() exits


def parse_date(text: str) -> date:
    """Parse ``YYYY-MM-DD`` for argparse, with a clear message."""
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"not a date in the form YYYY-MM-DD: {text!r}"
        ) from None


def parse_month(text: str) -> str:
    """Parse ``YYYY-MM`` for argparse: a malformed month is a usage error (exit 2)."""
    try:
        ok = len(text) == 7 and bool(datetime.strptime(text, "%Y-%m"))
    except ValueError:
        ok = False
    if not ok:
        raise argparse.ArgumentTypeError(
            f"not a month in the form YYYY-MM (e.g. 2026-10): {text!r}"
        )
    return text


def parse_datetime(text: str) -> datetime:
    """Parse an ISO 8601 date or date-time for argparse (the one ``--as-of`` parser)."""
    try:
        return datetime.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"not a date in the form YYYY-MM-DD[THH:MM]: {text!r}"
        ) from None


def say_default(command: str, choice: str, reason: str, option: str) -> None:
    """Say on stderr, in one line, a default the CLI chose and how to choose another."""
    print(
        f"ipgar {command}: {choice} ({reason}; use {option} to choose)", file=sys.stderr
    )


def snapshot_note(snapshot: str | None) -> str:
    """`` (snapshot S…)`` for the line that says what a command wrote; empty without one.

    A store filled without a load (a test's, or an imported log) has no snapshot.
    """
    return f" (snapshot {snapshot})" if snapshot else ""


def as_of_or_last_event(
    args: argparse.Namespace, con: Any, *, ipgar: bool = False
) -> datetime:
    """``--as-of`` as given (checked against the store), or the store's last event.

    The default is said on stderr in one line, in local time. The one place the CLI chooses a default reference time: every metric command
    passes what this returns to the metric functions, never ``None``. ``ipgar``:
    the command needs an iPGA-R store, so a generic log is refused first, in one
    line, before any default is said.
    """
    from ipgar_metrics import store
    from ipgar_metrics.metrics import check_as_of, require_ipgar

    if ipgar:
        require_ipgar(con)

    if args.as_of is not None:
        check_as_of(con, args.as_of)  # before the first event, after the export
        return args.as_of
    last = store.last_event_at(con)
    if last is None:
        raise ConfigError("the event store is empty; load an export first.")
    as_of = last.astimezone(ZoneInfo(config.TIMEZONE))
    where = "the filter keeps" if store.view_token(con) is not None else "in the store"
    say_default(
        args.command, f"as of {as_of.isoformat()}", f"the last event {where}", "--as-of"
    )
    return as_of


def _blank_missing(frame: pd.DataFrame) -> pd.DataFrame:
    """``frame`` with every missing cell as NaN, which the table prints empty.

    ``to_string``'s ``na_rep`` covers NaN only; None, ``pd.NA`` and NaT would print
    as "None", "<NA>" and "NaT". Float columns keep their dtype (and format).
    """
    import numpy as np

    out = frame.copy()
    for col in out.columns:
        values = out[col]
        if values.dtype.kind == "f" or not bool(values.isna().any()):
            continue
        if values.dtype.kind == "M":  # as pandas prints it: no time when all midnight
            midnight = bool((values.dropna() == values.dropna().dt.normalize()).all())
            out[col] = values.dt.strftime(
                "%Y-%m-%d" if midnight else "%Y-%m-%d %H:%M:%S"
            )
        else:
            out[col] = values.astype(object).where(values.notna(), np.nan)
    return out


def _float_formats(frame: pd.DataFrame) -> dict[str, Any]:
    """How a table prints each float column: two decimals, more for small values.

    pandas would print six significant digits (``15.080556`` days). A column whose
    smallest value other than zero is below 0.1 (a p-value, a rate) gets the
    decimals that show two significant digits of it, at most six; never the
    scientific notation.
    """
    import numpy as np

    formats: dict[str, Any] = {}
    for col, dtype in frame.dtypes.items():
        if dtype.kind == "f":
            # numpy, not Series: a wide table (practice: 240 columns) paid pandas'
            # bookkeeping of every operation on every column
            digits = _decimals(np.abs(frame[col].to_numpy()))
            formats[col] = f"{{:.{digits}f}}".format
    return formats


def _mixed_floats(frame: pd.DataFrame) -> pd.DataFrame:
    """``frame`` with the floats of its mixed columns written as ``_float_formats`` does.

    A column of mixed cells (``ipgar overview``'s values: counts, times and days)
    printed its floats with six digits (``7.549126``): pandas gives a float in an
    object column its display format, not the column's formatter.
    """
    import numpy as np
    from pandas.api.types import infer_dtype

    out = frame
    for col, dtype in frame.dtypes.items():
        if dtype.kind != "O" or infer_dtype(frame[col], skipna=True) not in (
            "mixed",  # the kinds a float can hide in
            "mixed-integer",
            "mixed-integer-float",
        ):
            continue
        cells = frame[col].to_numpy(dtype=object, copy=True)
        is_float = np.array([isinstance(v, float) and v == v for v in cells])
        if not is_float.any():
            continue
        digits = _decimals(np.abs(cells[is_float].astype(float)))
        cells[is_float] = [f"{v:.{digits}f}" for v in cells[is_float]]
        out = out if out is not frame else frame.copy()
        out[col] = cells
    return out


def _decimals(values: Any) -> int:
    """Two, or the decimals that show two significant digits of the smallest value."""
    import math

    import numpy as np

    finite = values[np.isfinite(values) & (values != 0)]
    if finite.size and float(finite.min()) < 0.1:
        return min(6, 1 - math.floor(math.log10(float(finite.min()))))
    return 2


def _left_aligned(frame: pd.DataFrame) -> tuple[pd.DataFrame, dict[str, Any]]:
    """Text columns of a table aligned left, as a reader reads words.

    pandas aligns every cell right, so a column of descriptions of mixed lengths
    starts anywhere. Each column whose cells are all text (or missing) is padded
    to its widest cell, its header too; returns the frame with the padded headers
    and the formatters of those columns.
    """
    formats: dict[str, Any] = {}
    names: dict[str, str] = {}
    for col in frame.columns:
        values = frame[col]
        if values.dtype != object:
            continue
        present = values.dropna()
        if present.empty or not all(isinstance(v, str) for v in present):
            continue
        header = str(col)
        width = max(len(header), int(present.str.len().max()))
        names[header] = header.ljust(width)
        formats[names[header]] = lambda v, w=width: ("" if v != v else str(v)).ljust(w)
    return frame.rename(columns=names), formats


def _terminal_width() -> int | None:
    """The terminal's width for a table, or None (one line a row) when not a terminal.

    A table printed to a terminal is wrapped into blocks of columns that fit, as
    pandas wraps a frame in a notebook (``COLUMNS`` overrides the width the terminal
    reports). Piped into a file or another program it keeps one line per row.
    """
    import shutil

    if not sys.stdout.isatty():
        return None
    return max(40, shutil.get_terminal_size().columns)


def print_frame(
    frame: pd.DataFrame,
    fmt: str,
    *,
    raw: bool = False,
    args: argparse.Namespace | None = None,
) -> None:
    """Print a frame as an aligned table, CSV or JSON records on stdout, or write xlsx.

    CSV is made safe to open in a spreadsheet (``spreadsheet.spreadsheet_safe``: a
    text cell or column name that starts with ``= + - @``, a tab or a carriage
    return gets a leading ``'``) unless ``raw`` (``--raw``) asks for the cells as
    they are. CSV and JSON keep the column codes, for programs. The table is for a
    reader: the reader's headers (``labels.dutch_columns``; Dutch, or English with
    ``--lang en``), the reader's words in cells (``labels.reader_cells``: "ja"/"nee",
    a status, a signal), and a frame without rows prints one line,
    "(geen rijen)" / "(no rows)"; a missing value is an empty cell (not "None",
    "NaN", "<NA>" or "NaT"). ``xlsx`` writes a workbook to ``args.output``
    (default ``ipgar-<command>.xlsx``, said on stderr) with the same headers and
    the spreadsheet guard (never ``--raw``).
    """
    import pandas as pd

    from ipgar_metrics.spreadsheet import spreadsheet_safe

    out = frame.copy()
    for col in out.columns:
        if isinstance(out[col].dtype, pd.DatetimeTZDtype):
            out[col] = out[col].map(lambda t: t.isoformat() if pd.notna(t) else "")
    if fmt == "xlsx":
        _write_xlsx(out, args)
        return
    if fmt == "csv":
        out = out if raw else spreadsheet_safe(out)
        out.to_csv(sys.stdout, index=False, lineterminator="\n")
    elif fmt == "json":
        sys.stdout.write(out.to_json(orient="records", force_ascii=False, indent=1))
        sys.stdout.write("\n")
    elif fmt == "table":
        lang = reader_lang(args)
        if out.empty:
            sys.stdout.write(labels.NO_ROWS[lang] + "\n")
            return
        with pd.option_context("display.max_rows", 200, "display.width", 160):
            shown = _mixed_floats(_blank_missing(labels.reader_cells(out, lang)))
            shown = labels.dutch_columns(shown, lang)
            shown, texts = _left_aligned(shown)
            text = shown.to_string(
                index=False,
                na_rep="",
                formatters={**_float_formats(shown), **texts},
                line_width=_terminal_width(),
            )
            # the last column's padding would only make the lines longer
            sys.stdout.write("\n".join(line.rstrip() for line in text.split("\n")))
            sys.stdout.write("\n")
    else:
        raise ConfigError(
            f'unknown format "{fmt}"; choose one of: {", ".join(FORMATS)}.'
        )


def say_choices(
    command: str, choices: list[tuple[str, str, str]], notes: list[str]
) -> None:
    """The defaults the load chose and its notes, one stderr line each."""
    for choice, reason, option in choices:
        say_default(command, choice, reason, option)
    for note in notes:
        print(f"ipgar {command}: {note}", file=sys.stderr)


def reader_lang(args: argparse.Namespace | None) -> str:
    """The reader's language: ``--lang``, else Dutch (said by ``say_lang_default``).

    Called where the language shows (a table, a workbook, a report, a figure), so
    a command whose output has no words (CSV, JSON) does not announce it. The
    default is noted on ``args`` and said once, after the command succeeded, so an
    error stays the only line.
    """
    lang = getattr(args, "lang", None)
    if lang is not None:
        return str(lang)
    if args is not None and hasattr(args, "lang"):
        args.lang = "nl"
        args._lang_default = True
    return "nl"


def say_lang_default(args: argparse.Namespace) -> None:
    """Say in one stderr line that the command used the default language."""
    if getattr(args, "_lang_default", False):
        say_default(
            getattr(args, "command", None) or "ipgar",
            "language nl",
            "tables, figures and reports are in Dutch by default",
            "--lang",
        )


#: The second sheet of a workbook: where its rows come from (its name, its rows).
_SOURCE_SHEET: dict[str, tuple[str, str, str, str]] = {
    "nl": ("bron", "gegevensstand", "peildatum", "opdracht"),
    "en": ("source", "data snapshot", "as of", "command"),
}


def _workbook_source(
    frame: pd.DataFrame, args: argparse.Namespace | None, lang: str
) -> tuple[str | None, list[tuple[str, str]]]:
    """The snapshot of ``frame`` and the rows of its workbook's source sheet.

    The snapshot and reference time come from the metric's ``attrs["ipgar"]``; a
    frame without them (a command's own table) takes the snapshot of the store the
    command read (``args.db``). A store filled without a load has none: ``–``.
    """
    meta = frame.attrs.get("ipgar", {})
    snapshot = labels.snapshot_id(meta)
    db = getattr(args, "db", None)
    if snapshot is None and db is not None and Path(db).exists():
        from ipgar_metrics import store

        con = store.connect(db)
        try:
            snapshot = store.snapshot(con)["snapshot_id"]
        finally:
            con.close()
    _, snap_word, as_of_word, command_word = _SOURCE_SHEET[lang]
    command = getattr(args, "command", None)
    rows = [
        (snap_word, str(snapshot or "–")),
        (as_of_word, str(meta.get("as_of") or "–")[:10]),
        (command_word, f"ipgar {command}" if command else "–"),
    ]
    return snapshot, rows


def _write_xlsx(frame: pd.DataFrame, args: argparse.Namespace | None) -> None:
    """``frame`` as an owner-only Excel workbook with Dutch headers (``print_frame``).

    A second sheet (``bron``) names the data snapshot, the reference date and the
    command: a workbook passed on still says where its numbers come from.
    """
    import pandas as pd

    from ipgar_metrics import privacy
    from ipgar_metrics.spreadsheet import spreadsheet_safe

    command = getattr(args, "command", None) or "output"
    path = getattr(args, "output", None)
    if path is None:
        path = Path(f"ipgar-{command}.xlsx")
        say_default(command, f"workbook {path}", "--format xlsx", "--output")
    if path.suffix.lower() != ".xlsx":
        raise ConfigError(f"--output of --format xlsx ends in .xlsx, not {path.name}.")
    lang = reader_lang(args)
    cells = labels.reader_cells(frame, lang, booleans=False)  # the words, as the table
    safe = spreadsheet_safe(labels.dutch_columns(cells, lang))
    snapshot, rows = _workbook_source(frame, args, lang)
    source = spreadsheet_safe(pd.DataFrame(rows, columns=["", ""]))
    with privacy.private_files():
        path.parent.mkdir(parents=True, exist_ok=True)
        with pd.ExcelWriter(path, engine="openpyxl") as book:
            safe.to_excel(book, index=False, sheet_name=command[:31])
            source.to_excel(
                book, index=False, header=False, sheet_name=_SOURCE_SHEET[lang][0]
            )
    privacy.make_owner_only(path)
    print(f"wrote {len(safe)} rows to {path}" + snapshot_note(snapshot))
