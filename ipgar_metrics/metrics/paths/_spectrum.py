"""The performance spectrum of any log (Denisov et al., 2018), in DuckDB.

A segment is a pair of activities A -> B that directly follow each other within an
episode (profile ``generic``: a case). The spectrum lists every occurrence of the
chosen segments: when A happened, when B happened, how long it took, and in which
quartile of that segment's durations it falls. Drawn (``figures.fig_segment_spectrum``)
each occurrence is a line from A's time on the upper edge of the segment's lane to
B's time on its lower edge: lines that start together show a batch, steep lines are
fast, flat lines slow. The phase and the scope are those of
``_variants.prepare_phase``; without chosen segments the ``top`` most frequent
directly-follows edges are taken (``directly_follows``' order).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime

import duckdb
import pandas as pd

from ipgar_metrics import schema, store
from ipgar_metrics.errors import ConfigError
from ipgar_metrics.metrics._episodes import require_as_of
from ipgar_metrics.metrics.paths._dfg import edge_frame
from ipgar_metrics.metrics.paths._variants import Phase, _attrs, prepare_phase
from ipgar_metrics.schema import END_NODE, START_NODE
from ipgar_metrics.workdays import as_local

OUTPUT_COLUMNS: dict[str, dict[str, str]] = {
    "performance_spectrum": {
        "segment": "int: the segment's lane, 1 = the first segment chosen",
        "source": "str: activity A of the segment (the upper line of the lane)",
        "target": "str: activity B, directly following A (the lower line)",
        "case_id": "str: the case (pseudonym on an iPGA-R store)",
        "start_at": "timestamp: when A happened (local time)",
        "end_at": "timestamp: when B happened (local time)",
        "seconds": "float: end_at - start_at",
        "duration_class": "int: 1 to 4, the quartile of the segment's durations "
        "(1 = fastest quarter, 4 = slowest)",
    },
}

#: Segments drawn when none is chosen: the most frequent directly-follows edges.
DEFAULT_TOP = 4


def performance_spectrum(
    con: duckdb.DuckDBPyConnection,
    *,
    as_of: date | datetime,
    segments: Sequence[tuple[str, str] | str] | None = None,
    top: int = DEFAULT_TOP,
    phase: Phase = "episode",
) -> pd.DataFrame:
    """Every occurrence of the chosen segments, for a performance spectrum.

    Parameters
    ----------
    con
        The event store (a filter installed on it narrows the cases).
    as_of
        Events after this moment are ignored.
    segments
        Pairs ``(A, B)`` of activities (or ``"A>B"``), in lane order. None: the
        ``top`` most frequent pairs that directly follow each other.
    top
        How many segments to take when none is chosen (1 or more).
    phase
        ``"episode"`` (every event; a generic log's case) or ``"intake"``.

    Returns
    -------
    One row per occurrence, by segment and time of A (see ``OUTPUT_COLUMNS``).
    ``attrs["ipgar"]["segments"]`` lists the segments with their number of
    occurrences and the quartiles (seconds) that bound the duration classes.

    Raises
    ------
    ConfigError
        An activity the log (in this phase) does not have, a pair that never
        directly follows, a ``top`` below 1, or a log where no activity follows
        another: one line saying which pairs there are.
    """
    require_as_of(as_of, "performance_spectrum")
    if top < 1:
        raise ConfigError("top is the number of segments to draw: 1 or more.")
    params = prepare_phase(con, phase=phase, as_of=as_of)
    edges = edge_frame(con, params)
    edges = edges[
        (edges["source"] != START_NODE) & (edges["target"] != END_NODE)
    ].reset_index(drop=True)
    if edges.empty:
        raise ConfigError(
            "no activity directly follows another in this log (at this as_of and "
            "filter): there is no segment to draw."
        )
    chosen = (
        list(zip(edges["source"].head(top), edges["target"].head(top), strict=True))
        if segments is None
        else _check_segments(segments, edges)
    )
    frame = store.sql_frame(
        con,
        "paths/spectrum",
        sources=[a for a, _ in chosen],
        targets=[b for _, b in chosen],
    )
    for column in ("segment", "duration_class"):
        frame[column] = frame[column].astype("int64")
    frame["seconds"] = frame["seconds"].astype("float64")
    for column in ("start_at", "end_at"):
        frame[column] = as_local(pd.to_datetime(frame[column], utc=True))
    out = frame[list(OUTPUT_COLUMNS["performance_spectrum"])].reset_index(drop=True)
    out.attrs["ipgar"] = {
        **_attrs(con, as_of, params),
        "segments": _summary(out, chosen),
        "chosen": "given" if segments is not None else f"top {top}",
    }
    return out


def parse_segment_text(text: str) -> tuple[str, str]:
    """``"A>B"`` as the pair ``("A", "B")`` (``ConfigError`` when it is not one)."""
    return schema.parse_activity_pair(
        text, meaning="a segment: A directly followed by B"
    )


def _check_segments(
    segments: Sequence[tuple[str, str] | str], edges: pd.DataFrame
) -> list[tuple[str, str]]:
    pairs = [
        parse_segment_text(s) if isinstance(s, str) else tuple(s) for s in segments
    ]
    if not pairs:
        raise ConfigError("choose at least one segment (A, B), or leave segments out.")
    known = set(edges["source"]) | set(edges["target"])
    pairs_seen = list(zip(edges["source"], edges["target"], strict=True))
    seen = set(pairs_seen)
    top = ", ".join(f"{a}>{b}" for a, b in pairs_seen)
    out: list[tuple[str, str]] = []
    for pair in pairs:
        if len(pair) != 2:
            raise ConfigError(
                f"a segment is a pair of activities (A, B), not {pair!r}."
            )
        a, b = str(pair[0]), str(pair[1])
        for name in (a, b):
            if name not in known:
                raise ConfigError(
                    f'the log has no activity "{name}" that follows or is followed by '
                    "another; see ipgar activities for the names."
                )
        if (a, b) not in seen:
            raise ConfigError(
                f'"{b}" never directly follows "{a}" in this log; pairs that do, most '
                f"frequent first: {_shorten(top)}."
            )
        if (a, b) in out:
            raise ConfigError(f'the segment "{a}>{b}" is chosen twice.')
        out.append((a, b))
    return out


def _shorten(text: str, limit: int = 300) -> str:
    return text if len(text) <= limit else text[:limit].rsplit(", ", 1)[0] + " and more"


def _summary(
    frame: pd.DataFrame, chosen: list[tuple[str, str]]
) -> list[dict[str, object]]:
    rows: list[dict[str, object]] = []
    for i, (a, b) in enumerate(chosen, start=1):
        seconds = frame.loc[frame["segment"] == i, "seconds"]
        quartiles = seconds.quantile([0.25, 0.5, 0.75]).tolist()
        rows.append(
            {
                "segment": i,
                "source": a,
                "target": b,
                "count": len(seconds),
                "quartiles_seconds": [float(q) for q in quartiles],
            }
        )
    return rows
