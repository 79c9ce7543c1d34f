"""``ipgar evaluate``: before/after comparison and interrupted time series.

One handler calls ``compare_periods`` and ``interrupted_time_series`` with the same
explicit as-of (``--as-of``, or the store's last event said on stderr); ``_print``
lays out the table, the sentences and the warnings. ``--measure NAME`` takes the
change date(s), the primary and the segment from the measures register
(``--measures FILE``, default the example for the simulated steps).
"""

from __future__ import annotations

import argparse
import json
import sys
import warnings
from typing import TYPE_CHECKING, Any

from ipgar_metrics.cli._common import (
    add_as_of,
    add_db,
    add_format,
    as_of_or_last_event,
    at_least,
    parse_date,
    print_frame,
    reader_lang,
)
from ipgar_metrics.cli._progress import add_quiet, progress
from ipgar_metrics.errors import ConfigError

if TYPE_CHECKING:
    import pandas as pd

_METRICS = ("leadtime", "contact", "integrality")
_ROUND = {"before": 3, "after": 3, "difference": 3, "ci_lower": 3, "ci_upper": 3}
_ROUND["p_value"] = 4
_ROUND["p_adjusted"] = 4


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add the ``evaluate`` subcommand."""
    p = sub.add_parser(
        "evaluate",
        help="did lead times, contact or integrality change after a date?",
        description="Compare the periods before and after a change date (or two "
        "named periods, or a registered measure): one primary statistic per metric "
        "(lead time: share decided within 8 weeks, censoring-aware) with a "
        "bootstrap interval, secondary tests Holm-adjusted, descriptive rows. Then "
        "a monthly interrupted time series with AR(1) errors, a sentence on each, "
        "and the warnings (too few cases, changed mix, open reports).",
    )
    add_db(p)
    p.add_argument("--change", type=parse_date, help="change date YYYY-MM-DD")
    p.add_argument(
        "--measure",
        metavar="NAME",
        help="a measure of the register: its dates, primary and segment",
    )
    p.add_argument(
        "--measures",
        metavar="FILE",
        help="the measures register (measures.toml; default: the shipped example)",
    )
    p.add_argument("--metric", choices=_METRICS, default=None, help="default leadtime")
    p.add_argument(
        "--window",
        type=at_least(1),
        default=12,
        metavar="MONTHS",
        help="months on each side of the change (default 12)",
    )
    p.add_argument(
        "--its-window",
        type=at_least(1),
        default=24,
        metavar="MONTHS",
        help="months on each side of the change in the time series (default 24)",
    )
    p.add_argument(
        "--before",
        type=parse_date,
        nargs=2,
        metavar=("FIRST", "LAST"),
        help="named period before (both days included); needs --after",
    )
    p.add_argument(
        "--after",
        type=parse_date,
        nargs=2,
        metavar=("FIRST", "LAST"),
        help="named period after (both days included); needs --before",
    )
    add_as_of(p)
    p.add_argument(
        "--by",
        choices=("report_source", "risk_category", "ideology"),
        default=None,
        help="compare within each value of a case attribute",
    )
    p.add_argument(
        "--n-boot", type=at_least(1), default=2000, help="bootstrap replicates"
    )
    p.add_argument("--seed", type=int, default=0, help="bootstrap seed")
    add_format(
        p,
        lang_help="language of the sentences, the warnings, the table and the "
        "workbook (default nl)",
    )
    add_quiet(p)
    p.set_defaults(handler=_evaluate)


def _evaluate(args: argparse.Namespace) -> int:
    from ipgar_metrics import compare_periods, interrupted_time_series, store

    spec = _spec(args)
    con = store.connect(args.db)
    as_of = as_of_or_last_event(args, con, ipgar=True)
    after = spec["periods"]["after"]
    if after[0] > as_of.date():
        raise ConfigError(
            f"the after period starts on {after[0]}, after the as-of "
            f"{as_of:%Y-%m-%d}, so there is nothing to compare; choose an earlier "
            "--change or --after."
        )
    kw = {"metric": spec["metric"], "as_of": as_of, "segment": spec["segment"]}
    with (
        progress("evaluating", quiet=args.quiet),
        warnings.catch_warnings(),
    ):
        warnings.simplefilter("ignore")  # printed below, in words
        table = compare_periods(
            con, change=spec["change"], before=spec["periods"]["before"],
            after=after, n_boot=args.n_boot, seed=args.seed, by=args.by or (), **kw,
        )  # fmt: skip
        its = interrupted_time_series(
            con, change=spec["phases"], window_months=args.its_window, **kw
        )
    _print(args, table, its, spec["measure"])
    return 0


def _spec(args: argparse.Namespace) -> dict[str, Any]:
    """Change date, periods, metric and segment from the options or the register."""
    from ipgar_metrics.metrics.evaluate import find_measure, resolve_periods

    if args.measure is None:
        if args.measures is not None:
            raise ConfigError("--measures needs --measure NAME; add it.")
        if args.change is None and args.before is None:
            raise ConfigError("give --change DATE, --before/--after or --measure NAME.")
        periods = resolve_periods(
            change=args.change, window_months=args.window,
            before=args.before, after=args.after,
        )  # fmt: skip
        change = args.change or periods["after"][0]
        metric = args.metric or "leadtime"
        return {"change": change, "phases": [change], "periods": periods,
                "metric": metric, "segment": None, "measure": None}  # fmt: skip
    if args.change is not None or args.before is not None:
        raise ConfigError(
            "--measure takes its dates from the register; drop --change/--before."
        )
    m = find_measure(args.measure, args.measures)
    if args.metric is not None and args.metric != m.primary:
        raise ConfigError(
            f'the primary of measure "{m.name}" is {m.primary}; drop --metric.'
        )
    return {"change": m.in_force[-1], "phases": list(m.in_force),
            "periods": m.periods(args.window),
            "metric": m.primary, "segment": m.segment or None,
            "measure": m.as_record()}  # fmt: skip


def _print(
    args: argparse.Namespace,
    table: pd.DataFrame,
    its: pd.DataFrame,
    measure: dict[str, Any] | None,
) -> None:
    """The comparison, the time series' sentence and the warnings, in ``--format``."""
    from ipgar_metrics.metrics.evaluate import measure_sentences, merge_warnings

    lang = reader_lang(args)
    key = "sentence_nl" if lang == "nl" else "sentence_en"
    msg = "message_nl" if lang == "nl" else "message"
    ev = table.attrs["evaluate"]
    sentences = [ev[key], its.attrs["its"][key]]
    if measure is not None:
        measure = {
            **measure,
            **measure_sentences(measure, ev["primary"], metric=ev["metric"]),
        }
        sentences.insert(1, measure[key])
    warned = merge_warnings(table.attrs["warnings"], its.attrs["warnings"])
    if args.format == "json":
        out = {
            "comparison": json.loads(table.to_json(orient="records")),
            "primary": ev["primary"],
            "measure": measure,
            "its": its.attrs["its"],
            "mix": ev["mix"],
            "warnings": warned,
        }
        json.dump(_no_nan(out), sys.stdout, ensure_ascii=False, indent=1, default=str)
        sys.stdout.write("\n")
        return
    if args.format == "table":
        table = table.round(_ROUND)
    print_frame(table, args.format, raw=args.raw, args=args)
    stream = sys.stdout if args.format == "table" else sys.stderr
    print("", *sentences, sep="\n", file=stream)
    for rec in warned:
        print(f"! {rec[msg]}", file=stream)


def _no_nan(obj: Any) -> Any:
    """NaN (no value) as JSON null: strict JSON has no NaN."""
    if isinstance(obj, dict):
        return {k: _no_nan(v) for k, v in obj.items()}
    if isinstance(obj, list | tuple):
        return [_no_nan(v) for v in obj]
    if isinstance(obj, float) and obj != obj:
        return None
    return obj
