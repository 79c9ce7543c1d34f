"""``ipgar spectrum``: the performance spectrum of any log, as a table or a figure.

Thin handler over ``performance_spectrum`` and ``fig_segment_spectrum``. Without
``--segment`` the ``--top`` (default 4) most frequent directly-follows pairs are the
segments, said on stderr in one line with the unit of the figure's durations.
``--out`` writes the figure (.html, .png or .svg); the table goes to stdout unless
``--out`` is given without ``--format``.
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from ipgar_metrics import labels
from ipgar_metrics.cli._common import (
    add_as_of,
    add_db,
    add_format,
    as_of_or_last_event,
    at_least,
    print_frame,
    reader_lang,
    say_default,
    snapshot_note,
)
from ipgar_metrics.cli._filters import add_filters, open_log
from ipgar_metrics.errors import ConfigError

if TYPE_CHECKING:  # pandas is imported by the handler, not by --help
    import pandas as pd

#: The files ``--out`` writes.
OUT_SUFFIXES = (".html", ".png", ".svg")
#: The segments drawn without ``--segment``.
DEFAULT_TOP = 4
#: A file name ``figures.write_images`` accepts (its stem, for .png and .svg).
_IMAGE_STEM = re.compile(r"^[0-9a-z][0-9a-z_-]*$")


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add the ``spectrum`` subcommand."""
    p = sub.add_parser(
        "spectrum",
        help="performance spectrum: every occurrence of a segment A>B in time (any log)",
        description="For each segment (activity A directly followed by B in a case), "
        "every occurrence from the time of A to the time of B, with its duration and "
        "duration class (1 = fastest quarter of that segment's durations, 4 = "
        "slowest). --out draws the spectrum: a lane per segment, a line per "
        "occurrence, coloured by duration class.",
    )
    add_db(p)
    add_filters(p)
    add_as_of(p)
    p.add_argument(
        "--segment",
        action="append",
        default=[],
        metavar="A>B",
        help="a segment: activity A directly followed by B (repeat for more lanes, "
        "in this order). Default: the --top most frequent pairs",
    )
    p.add_argument(
        "--top",
        type=at_least(1),
        default=None,
        metavar="N",
        help=f"without --segment: the N most frequent pairs (default {DEFAULT_TOP})",
    )
    p.add_argument(
        "--out",
        type=Path,
        default=None,
        metavar="FILE",
        help="draw the spectrum to FILE: .html, .png or .svg (png/svg need Chrome "
        "or Chromium)",
    )
    p.add_argument(
        "--unit",
        choices=("auto", "minutes", "hours", "days", "weeks"),
        default="auto",
        help="unit of the durations in the figure (default auto: by the median)",
    )
    add_format(
        p, lang_help="language of the figure, the table and the workbook (default nl)"
    )
    p.set_defaults(handler=_run_spectrum, format=None)


def _run_spectrum(args: argparse.Namespace) -> int:
    from ipgar_metrics import performance_spectrum

    out: Path | None = args.out
    if out is not None:
        _check_out(out)
    if args.segment and args.top is not None:
        raise ConfigError("give --segment A>B or --top N, not both.")
    segments = list(args.segment) or None  # "A>B", checked by the metric
    con = open_log(args)
    try:
        as_of = as_of_or_last_event(args, con)
        top = args.top or DEFAULT_TOP
        frame = performance_spectrum(con, as_of=as_of, segments=segments, top=top)
    finally:
        con.close()
    if segments is None:
        chosen = frame.attrs["ipgar"]["segments"]
        names = ", ".join(f"{s['source']}>{s['target']}" for s in chosen)
        reason = "the most frequent directly-follows pairs" + (
            "" if args.top is not None else f", top {DEFAULT_TOP}"
        )
        say_default(args.command, f"segments {names}", reason, "--segment or --top")
    if out is not None:
        _write_figure(args, frame, out)
    if out is None or args.format is not None:
        print(
            f"ipgar {args.command}: {len(frame)} occurrences (case pseudonyms: "
            "internal use only; open one with ipgar case PSEUDONYM)",
            file=sys.stderr,
        )
        print_frame(frame, args.format or "table", raw=args.raw, args=args)
    return 0


def _check_out(out: Path) -> None:
    suffix = out.suffix.lower()
    if suffix not in OUT_SUFFIXES:
        raise ConfigError(
            f'--out must end in .html, .png or .svg, not "{suffix or out.name}".'
        )
    if suffix != ".html" and not _IMAGE_STEM.match(out.stem):
        raise ConfigError(
            f'name a .png or .svg file with lower-case letters, digits, - and _, not "{out.name}".'
        )


def _write_figure(args: argparse.Namespace, frame: pd.DataFrame, out: Path) -> None:
    """Draw the spectrum to ``out``; say the unit (when chosen) and the file on stderr."""
    from ipgar_metrics import privacy
    from ipgar_metrics.figures import fig_segment_spectrum, write_images

    fig = fig_segment_spectrum(frame, lang=reader_lang(args), unit=args.unit)
    unit = fig.layout.meta["unit"]
    if args.unit == "auto":
        say_default(
            args.command, f"durations in {unit}", "by the median duration", "--unit"
        )
    if out.suffix.lower() == ".html":
        with privacy.private_files():
            out.parent.mkdir(parents=True, exist_ok=True)
            fig.write_html(out, include_plotlyjs=True, full_html=True)
        privacy.make_owner_only(out)
    else:
        fmt = out.suffix.lower().lstrip(".")
        write_images({out.stem: fig}, out.parent, fmt, lang=reader_lang(args))
    lanes = frame["segment"].nunique()
    snapshot = labels.snapshot_id(frame.attrs.get("ipgar", {}))
    print(
        f"wrote {out} ({fig.layout.meta['shown']} lines, {lanes} segment"
        + ("s)" if lanes != 1 else ")")
        + snapshot_note(snapshot),
        file=sys.stderr,
    )
