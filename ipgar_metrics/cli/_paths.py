"""``ipgar paths | dfg | conformance | rules``: variants, process map, conformance, rules.

Thin handlers: parse, call the public functions, print or write. The scope options
(``--phase``, ``--start``, ``--end``, ``--segment``) are the paths group's own;
``--db``, ``--as-of``, ``--format``, ``--out`` and ``--lang`` are the shared ones of
``_common``. The default as-of (the store's last event) and phase (intake for an
iPGA-R store, episode for a generic log) are said on stderr. pm4py and plotly are
imported inside the handlers only.
"""

from __future__ import annotations

import argparse
import sys
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from ipgar_metrics import config, schema
from ipgar_metrics.cli._common import (
    add_as_of,
    add_db,
    add_format,
    add_lang,
    add_raw,
    as_of_or_last_event,
    at_least,
    parse_date,
    parse_segment,
    print_frame,
    reader_lang,
    say_default,
    snapshot_note,
    usage_error,
)
from ipgar_metrics.cli._filters import add_filters, open_log
from ipgar_metrics.errors import ConfigError
from ipgar_metrics.schema import END_NODE, START_NODE

if TYPE_CHECKING:  # pandas and duckdb are imported by the handlers, not by --help
    import duckdb
    import pandas as pd

#: Columns of ``ipgar dfg --format csv``, in order (``n_episodes`` named ``cases``).
DFG_CSV_COLUMNS = (
    "source",
    "target",
    "count",
    "cases",
    "mean_seconds",
    "median_seconds",
)

#: The files ``ipgar dfg --out`` writes.
MAP_SUFFIXES = (".html", ".svg", ".png")
#: Defaults of a map: the most frequent activities and edges it shows.
MAP_ACTIVITIES = 40
MAP_EDGES = 100

#: Columns of ``ipgar paths`` output, in order.
PATHS_COLUMNS = (
    "rank",
    "variant",
    "count",
    "share",
    "cumulative_share",
    "median_days",
    "p90_days",
    "n_variants",
    "is_other",
)


def _scope(p: argparse.ArgumentParser, *, phase: bool = True) -> None:
    if phase:
        p.add_argument(
            "--phase",
            choices=("intake", "episode"),
            default=None,
            help="intake (melding up to the decision; profile ipgar) or episode "
            "(whole episode; a generic log: the whole case). Default: intake for an "
            "iPGA-R store, episode for a generic one",
        )
    add_as_of(p)
    p.add_argument(
        "--start", type=parse_date, help="episodes that started on or after this date"
    )
    p.add_argument(
        "--end", type=parse_date, help="episodes that started on or before this date"
    )
    p.add_argument(
        "--segment",
        action="append",
        type=parse_segment,
        default=[],
        metavar="NAME=VALUE",
        help="keep cases with this attribute value, e.g. report_source=MAP (repeatable)",
    )


def _phase(args: argparse.Namespace, con: object) -> str:
    """``--phase``, or the store's own (said on stderr): intake for iPGA-R, else episode."""
    from ipgar_metrics import store

    if args.phase is not None:
        return args.phase
    ipgar = store.profile_of(con) == "ipgar"  # type: ignore[arg-type]
    phase = "intake" if ipgar else "episode"
    store_kind = "an iPGA-R store" if ipgar else "a generic log"
    say_default(args.command, f"phase {phase}", store_kind, "--phase")
    return phase


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add the ``paths``, ``dfg``, ``conformance`` and ``rules`` subcommands."""
    p = sub.add_parser(
        "paths",
        help="process variants with count, share and lead time",
        description="The distinct paths (variants) of the intake phase or of whole "
        "episodes, most frequent first. Variants shared by fewer than --min-count "
        "episodes are merged into one row 'overige varianten'.",
    )
    add_db(p)
    add_filters(p)
    _scope(p)
    p.add_argument(
        "--min-count",
        type=at_least(1),
        default=None,
        help="merge variants with fewer episodes (default: "
        f"{config.SUPPRESSION_K} on an iPGA-R store, 1 on any other log)",
    )
    p.add_argument(
        "--episodes-of",
        type=at_least(1),
        default=None,
        metavar="RANK",
        help="list the episodes of variant RANK instead (case pseudonyms: internal "
        "use only; open one with ipgar case)",
    )
    p.add_argument(
        "--unit",
        choices=("auto", "minutes", "hours", "days", "weeks"),
        default="auto",
        help="table and xlsx: unit of the lead times (default auto: the unit in which "
        "the median reads best); CSV and JSON keep days",
    )
    add_format(p)
    p.set_defaults(handler=_run_paths)

    d = sub.add_parser(
        "dfg",
        help="process map (directly-follows graph) as HTML, SVG or PNG, or its edges "
        "as CSV",
        description="Draw the directly-follows graph as a layered map, left to right: "
        "node colour by events, edge width and label by count (frequency view) or "
        "label by median time (performance view). .html has two sliders (activities, "
        "paths) and a view toggle, without a server; .svg is written directly; .png "
        "needs Chrome or Edge (kaleido). --compare-before DAY or --compare-where "
        "ATTR=VALUE draws the map of differences of group A against group B. With "
        "--format csv, print one row per edge instead: "
        f"{','.join(DFG_CSV_COLUMNS)} (start node {START_NODE!r}, end node "
        f"{END_NODE!r}; cases: cases, on an iPGA-R store episodes, with the edge); "
        "with a comparison: "
        "source,target,count_a,count_b,cases_a,cases_b,share_a,share_b,difference.",
    )
    add_db(d)
    add_filters(d)
    d.add_argument(
        "--out", type=Path, default=None, help="output file: .html, .svg or .png"
    )
    d.add_argument(
        "--format",
        choices=("csv", "xlsx"),
        default=None,
        help="print the edges as CSV on stdout instead of drawing (no --out); safe "
        "to open in a spreadsheet: a label that starts with = + - @ or a tab gets a "
        "leading ' (--raw: cells as they are); xlsx writes them to --output with "
        "headers in --lang",
    )
    d.add_argument(
        "--output",
        type=Path,
        default=None,
        metavar="FILE",
        help="with --format xlsx: the workbook (default ipgar-dfg.xlsx)",
    )
    add_raw(d)
    _scope(d)
    d.add_argument(
        "--min-count",
        type=at_least(1),
        default=None,
        help="leave out edges seen in fewer episodes (default: "
        f"{config.SUPPRESSION_K} on an iPGA-R store, 1 on any other log)",
    )
    d.add_argument(
        "--max-edges",
        type=at_least(1),
        default=None,
        help="at most this many of the most frequent edges (default: 100 on a map, "
        "plus each activity's strongest edge in and out; all in CSV)",
    )
    d.add_argument(
        "--max-activities",
        type=at_least(1),
        default=None,
        help="a map shows this many of the most frequent activities (default 40)",
    )
    d.add_argument(
        "--view",
        choices=("frequency", "performance"),
        default="frequency",
        help=".svg and .png: edge labels with counts (frequency, the default) or "
        "median times (performance); the .html has both",
    )
    d.add_argument(
        "--unit",
        choices=("auto", "minutes", "hours", "days", "weeks"),
        default="auto",
        help="unit of the times on the map (default auto: by the median edge time)",
    )
    compare = d.add_mutually_exclusive_group()
    compare.add_argument(
        "--compare-before",
        type=parse_date,
        default=None,
        metavar="DAY",
        help="map of differences: cases started before DAY (A) against from DAY (B)",
    )
    compare.add_argument(
        "--compare-where",
        type=parse_segment,
        default=None,
        metavar="ATTR=VALUE",
        help="map of differences: cases with ATTR=VALUE (A) against the rest (B)",
    )
    d.add_argument(
        "--outcomes", action="store_true", help="split IVG-R and PTO-R nodes by outcome"
    )
    d.add_argument(
        "--episodes-of",
        type=_edge,
        default=None,
        metavar="SOURCE>TARGET",
        help="list the episodes in which SOURCE is directly followed by TARGET "
        "(activity codes) as CSV instead (case pseudonyms: internal use only)",
    )
    add_lang(d, help="language of the labels and headers (default nl)")
    d.set_defaults(handler=_run_dfg)

    c = sub.add_parser(
        "conformance",
        help="fitness of the intake phase against the normative model (profile ipgar)",
        description="Token-based replay and alignments of every closed intake phase "
        "on the normative intake model; --level episode lists where each deviates "
        "(case pseudonyms: internal use only).",
    )
    add_db(c)
    add_filters(c)
    _scope(c, phase=False)
    c.add_argument(
        "--level", choices=("summary", "variant", "episode"), default="summary"
    )
    c.add_argument(
        "--no-alignments", action="store_true", help="token-based replay only (faster)"
    )
    c.add_argument(
        "--discovered",
        action="store_true",
        help="print the model found by the inductive miner instead",
    )
    c.add_argument(
        "--model",
        type=Path,
        default=None,
        metavar="FILE",
        help="any log: token-based fitness and precision of the (filtered) cases on "
        "this model (.bpmn or .pnml, e.g. from `ipgar discover`)",
    )
    add_format(c)
    c.set_defaults(handler=_run_conformance)

    m = sub.add_parser(
        "discover",
        help="mine a process model (inductive miner) and write it as BPMN or PNML",
        description="The inductive miner (pm4py) on the variants of the log, or of the "
        "cases the filters keep; --out model.bpmn (BPMN 2.0) or model.pnml (Petri "
        "net). --noise above 0 leaves out infrequent behaviour (IMf).",
    )
    add_db(m)
    add_filters(m)
    add_as_of(m)
    m.add_argument("--out", type=Path, required=True, help="model file: .bpmn or .pnml")
    m.add_argument(
        "--noise",
        type=float,
        default=0.0,
        help="noise threshold of IMf, 0 up to 1 (default 0: every case fits)",
    )
    m.set_defaults(handler=_run_discover)

    r = sub.add_parser(
        "rules",
        help="episodes that break the process rules (profile ipgar)",
        description="Checks the rules of the process (at most one instroom, instroom "
        "after opname, statisch after ITAT-R and PTO-R, notificatie after instroom, a "
        "case manager, nothing after uitstroom) and lists the violating cases "
        "(pseudonyms: internal use only).",
    )
    add_db(r)
    add_filters(r)
    add_as_of(r)
    r.add_argument("--level", choices=("summary", "episode"), default="summary")
    add_format(r)
    r.set_defaults(handler=_run_rules)


def _period(args: argparse.Namespace) -> tuple[date | None, date | None] | None:
    """``--start``/``--end`` as a period; reversed days are a usage error (exit 2)."""
    if args.start is None and args.end is None:
        return None
    try:
        schema.check_period((args.start, args.end), "started")
    except ConfigError:
        usage_error(args, f"--end {args.end} is before --start {args.start}")
    return args.start, args.end


def _scope_values(args: argparse.Namespace, con: object) -> dict[str, object]:
    """The as-of (explicit, never None), period and segment of ``_scope``.

    A ``--start`` after the as-of would select nothing: refused (exit 1).
    """
    period = _period(args)
    as_of = as_of_or_last_event(args, con)
    if args.start is not None and args.start > as_of.date():
        raise ConfigError(
            f"--start {args.start} is after the as-of {as_of:%Y-%m-%d}, so no episode "
            "started in the period; choose an earlier --start."
        )
    return {"as_of": as_of, "period": period, "segment": dict(args.segment)}


def _min_count(args: argparse.Namespace, con: duckdb.DuckDBPyConnection) -> int:
    """``--min-count``, else the suppression threshold (iPGA-R) or 1 (any other log).

    Merging small counts is a privacy default of the approach, not of a permit log;
    the choice is said once on stderr.
    """
    from ipgar_metrics import store

    if args.min_count is None:
        ipgar = store.profile_of(con) == "ipgar"
        args.min_count = config.SUPPRESSION_K if ipgar else 1
        reason = (
            "an iPGA-R store: small counts are merged"
            if ipgar
            else "not an iPGA-R store"
        )
        say_default(args.command, f"min-count {args.min_count}", reason, "--min-count")
    return int(args.min_count)


def _edge(text: str) -> tuple[str, str]:
    source, sep, target = text.partition(">")
    if not sep or not source.strip() or not target.strip():
        raise argparse.ArgumentTypeError(
            f'give the edge as SOURCE>TARGET (activity codes), not "{text}"'
        )
    return source.strip(), target.strip()


def _print_episodes(args: argparse.Namespace, con: object, **which: object) -> int:
    """``--episodes-of``: the episodes behind a variant or an edge, as a table."""
    from ipgar_metrics import episodes_of

    scope = _scope_values(args, con)
    frame = episodes_of(
        con,
        phase=_phase(args, con),
        min_count=_min_count(args, con),  # type: ignore[arg-type]
        **scope,
        **which,
    )
    print(
        f"ipgar {args.command}: {len(frame)} episodes (case pseudonyms: internal use "
        "only; open one with ipgar case PSEUDONYM)",
        file=sys.stderr,
    )
    print_frame(frame, getattr(args, "format", None) or "csv", raw=args.raw, args=args)
    return 0


def _run_paths(args: argparse.Namespace) -> int:
    from ipgar_metrics import variants

    con = open_log(args)
    if args.episodes_of is not None:
        return _print_episodes(args, con, variant=args.episodes_of)
    scope = _scope_values(args, con)
    min_count = _min_count(args, con)
    frame = variants(con, phase=_phase(args, con), min_count=min_count, **scope)
    columns = list(PATHS_COLUMNS)
    if args.format == "table":  # long paths last, so the numbers stay readable
        columns = [c for c in columns if c != "variant"] + ["variant"]
    frame = frame[columns]
    if args.format in ("table", "xlsx"):  # for a reader: a unit that reads
        frame = _days_in_unit(args, frame, ("median_days", "p90_days"))
    print_frame(frame, args.format, raw=args.raw, args=args)
    return 0


def _days_in_unit(
    args: argparse.Namespace, frame: pd.DataFrame, columns: tuple[str, ...]
) -> pd.DataFrame:
    """``columns`` (``<stat>_days``) in ``--unit``, or the unit their first reads best in.

    A path of a permit log takes minutes, an iPGA-R intake weeks: 0.00044 days reads
    as nothing. The chosen unit is said on stderr and named in the column.
    """
    from ipgar_metrics.timeunits import columns_in_unit

    out, unit = columns_in_unit(frame, list(columns), source="days", unit=args.unit)
    if args.unit == "auto":
        say_default(
            args.command, f"lead times in {unit}", "the median reads best", "--unit"
        )
    return out


def _run_dfg(args: argparse.Namespace) -> int:
    from ipgar_metrics import directly_follows, suppress_edges, top_edges

    if args.episodes_of is not None:
        if args.out is not None:
            usage_error(args, "--episodes-of lists episodes as CSV; leave out --out")
        return _print_episodes(args, open_log(args), edge=args.episodes_of)
    if (args.out is None) == (args.format is None):
        usage_error(args, "give --out FILE (a map) or --format csv (the edges), one")
    suffix = "" if args.out is None else args.out.suffix.lower()
    if args.out is not None and suffix not in MAP_SUFFIXES:
        raise ConfigError(
            f'--out must end in .html, .svg or .png, not "{suffix or args.out.name}".'
        )
    if args.compare_before is not None or args.compare_where is not None:
        return _run_dfg_difference(args)
    con = open_log(args)
    scope = _scope_values(args, con)
    frame = directly_follows(
        con, phase=_phase(args, con), outcomes=args.outcomes, **scope
    )
    frame = suppress_edges(frame, min_count=_min_count(args, con))
    if args.out is None:
        frame = top_edges(frame, max_edges=args.max_edges or max(len(frame), 1))
        edges = frame.rename(columns={"n_episodes": "cases"})
        print_frame(edges[list(DFG_CSV_COLUMNS)], args.format, raw=args.raw, args=args)
    else:
        _write_map(args, frame)
    return 0


def _run_dfg_difference(args: argparse.Namespace) -> int:
    """``--compare-before`` / ``--compare-where``: the edges or map of differences."""
    from ipgar_metrics import directly_follows_difference, store
    from ipgar_metrics.cli._filters import log_filter

    if args.start or args.end or args.segment or args.outcomes:
        usage_error(
            args,
            "a comparison takes the filters (--period, --where, ...), not --start, "
            "--end, --segment or --outcomes",
        )
    spec = log_filter(args)
    con = store.connect(args.db)
    as_of = as_of_or_last_event(args, con)
    frame = directly_follows_difference(
        con,
        as_of=as_of,
        before=args.compare_before,
        where=None if args.compare_where is None else dict([args.compare_where]),
        log_filter=spec,
        phase=_phase(args, con),
    )
    k = _min_count(args, con)
    small = ((frame["cases_a"] > 0) & (frame["cases_a"] < k)) | (
        (frame["cases_b"] > 0) & (frame["cases_b"] < k)
    )
    kept = frame.loc[~small].reset_index(drop=True)  # no small count in either group
    kept.attrs = dict(frame.attrs)
    groups = frame.attrs.get("ipgar", {}).get("groups", ["A", "B"])
    print(f"ipgar dfg: A = {groups[0]}; B = {groups[1]}", file=sys.stderr)
    if args.out is None:
        print_frame(kept.head(args.max_edges or len(kept)), "csv", raw=args.raw)
    else:
        _write_map(args, kept)
    return 0


def _write_map(args: argparse.Namespace, frame: pd.DataFrame) -> None:
    """Lay out the edges and write ``--out`` (.html, .svg, .png); say so on stderr."""
    from ipgar_metrics.figures import process_map_layout, write_process_map

    if args.max_activities is None:
        args.max_activities = MAP_ACTIVITIES
        say_default(
            args.command,
            f"max-activities {MAP_ACTIVITIES}",
            "the most frequent activities",
            "--max-activities",
        )
    if args.max_edges is None:
        args.max_edges = MAP_EDGES
        say_default(
            args.command,
            f"max-edges {MAP_EDGES}",
            "the most frequent edges, and each activity's strongest in and out",
            "--max-edges",
        )
    pmap = process_map_layout(
        frame,
        lang=reader_lang(args),
        max_activities=args.max_activities,
        max_edges=args.max_edges,
        unit=args.unit,
    )
    if args.unit == "auto" and not pmap.difference:
        say_default(
            args.command, f"times in {pmap.unit}", "by the median edge time", "--unit"
        )
    args.out.parent.mkdir(parents=True, exist_ok=True)
    write_process_map(pmap, args.out, view=args.view)
    acts = sum(1 for n in pmap.nodes if n.rank >= 0)
    print(
        f"wrote {args.out} ({acts} of {pmap.total_activities} activities, "
        f"{len(pmap.edges)} of {pmap.total_edges} edges)",
        file=sys.stderr,
    )
    if frame.empty:
        print(
            f"note: no edge is seen in {args.min_count} or more episodes; "
            "--min-count 1 draws them all (internal use only).",
            file=sys.stderr,
        )


def _run_conformance(args: argparse.Namespace) -> int:
    from ipgar_metrics import conformance, discovered_intake_model, model_conformance

    con = open_log(args)
    if args.model is not None:
        frame = model_conformance(
            con, model=args.model, as_of=as_of_or_last_event(args, con)
        )
        print_frame(frame, args.format, raw=args.raw, args=args)
        return 0
    scope = _scope_values(args, con)
    if args.discovered:
        frame = discovered_intake_model(con, **scope)
    else:
        frame = conformance(
            con, level=args.level, alignments=not args.no_alignments, **scope
        )
    print_frame(frame, args.format, raw=args.raw, args=args)
    return 0


def _run_rules(args: argparse.Namespace) -> int:
    import pandas as pd

    from ipgar_metrics import rule_violations
    from ipgar_metrics.metrics.quality import description_in

    con = open_log(args)
    as_of = as_of_or_last_event(args, con)
    frame = rule_violations(con, as_of=as_of, level=args.level)
    if "case_ids" in frame.columns:
        frame = frame.assign(case_ids=frame["case_ids"].map(" ".join))
    if args.format in ("table", "xlsx"):  # the reader's language; CSV/JSON keep Dutch
        words = description_in(reader_lang(args))
        frame = frame.assign(
            description=frame["description"].map(lambda d: words.get(d, d))
        )
    print_frame(pd.DataFrame(frame), args.format, raw=args.raw, args=args)
    return 0


def _run_discover(args: argparse.Namespace) -> int:
    from ipgar_metrics import discover_model

    con = open_log(args)
    try:
        found = discover_model(
            con,
            out=args.out,
            as_of=as_of_or_last_event(args, con),
            noise_threshold=args.noise,
        )
    finally:
        con.close()
    print(
        f"wrote the model of {found['cases']} cases ({found['variants']} variants) "
        f"to {args.out}" + snapshot_note(found["snapshot"])
    )
    return 0
