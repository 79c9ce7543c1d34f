"""Streaming reader of XES event logs (``.xes`` and ``.xes.gz``).

Reads the logs as process-mining tools export them: one row per event, in file
order, without pm4py.
"""

from __future__ import annotations

import gzip
import hashlib
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any
from xml.etree.ElementTree import Element, ParseError, iterparse

import pandas as pd

from ipgar_metrics.errors import ExportFormatError

_XES_ATTRS = {"string", "date", "int", "float", "boolean", "id", "list", "container"}


def is_xes(name: str | Path) -> bool:
    """Whether a file of this name is an XES log (``.xes``, ``.xes.gz``, any case)."""
    return str(name).lower().endswith((".xes", ".xes.gz"))


def read_xes(path: Path) -> pd.DataFrame:
    """Stream a XES log (``.xes`` or ``.xes.gz``) into one row per event.

    Columns: ``case_id`` (trace ``concept:name``), ``activity`` (event
    ``concept:name``), ``timestamp`` (``time:timestamp``), ``org`` (``org:group``),
    ``case_manager`` (``org:resource``: who did the work, a person's id, so it is
    pseudonymised at load like a case manager), ``lifecycle`` and ``_rowhash`` (a
    hash of these six, for exact duplicates). The other attributes of a trace or
    event are read in the same pass and returned apart, in
    ``frame.attrs["attributes"]`` (``read_xes_attributes`` says the columns): the
    loader stores them only in profile generic (``ingest._attributes``) and drops
    them otherwise (data minimisation).
    """
    rows: list[tuple[object, ...]] = []
    extra: list[tuple[int, str, str, str, str | None]] = []
    last_trace: object = None
    try:
        for trace, event in _xes_events(path, _typed_attributes):
            t = {k: v for k, _, v in trace}
            e = {k: v for k, _, v in event}
            kept = (
                t.get("concept:name"),
                e.get("concept:name"),
                e.get("time:timestamp"),
                e.get("org:group"),
                e.get("org:resource"),
                e.get("lifecycle:transition"),
            )
            # the hash covers the kept attributes only
            digest = hashlib.md5(repr(kept).encode()).hexdigest()  # noqa: S324 - identity, not security
            rows.append((*kept, digest))
            row = len(rows)
            if trace is not last_trace:  # a trace's attributes at its first event
                last_trace = trace
                extra.extend(
                    (row, "case", k, kind, v)
                    for k, kind, v in trace
                    if k not in CORE_TRACE_KEYS
                )
            extra.extend(
                (row, "event", k, kind, v)
                for k, kind, v in event
                if k not in CORE_EVENT_KEYS
            )
    except (ParseError, EOFError, gzip.BadGzipFile, zlib_error()) as exc:
        where = getattr(exc, "position", None)
        at = f" at line {where[0]}" if where else ""
        raise ExportFormatError(
            f"{path.name} is not a well-formed XES file{at} (truncated or damaged); "
            "export it again."
        ) from None
    if not rows:
        raise ExportFormatError(f"{path.name} holds no events; export it again.")
    frame = pd.DataFrame(
        rows,
        columns=[
            "case_id",
            "activity",
            "timestamp",
            "org",
            "case_manager",
            "lifecycle",
            "_rowhash",
        ],
        dtype=object,
    )
    frame.attrs["attributes"] = pd.DataFrame(extra, columns=ATTRIBUTE_COLUMNS)
    return frame


def zlib_error() -> type[Exception]:
    """The zlib error class (a truncated gzip raises it)."""
    import zlib

    return zlib.error


#: XES attributes of a trace or event: key -> value (None when the value is missing)
_Attrs = dict[str, str | None]


def _xes_events(
    path: Path, attributes: Callable[[Element], Any] | None = None
) -> Iterator[tuple[Any, Any]]:
    """Yield (trace attributes, event attributes) per event, in file order.

    Only direct attribute children count (nested list/container values are skipped);
    ``<global>`` defaults are ignored. Events are buffered per trace, because the
    trace's attributes (its case id) may follow them in the file. ``attributes``
    reads the attributes of one element (default: ``_attributes``).
    """
    read = attributes or _attributes
    opener = gzip.open if path.name.lower().endswith(".gz") else open
    with opener(path, "rb") as fh:
        root = None
        pending: list[_Attrs] = []
        # expat resolves no external entities and limits entity expansion (>= 2.4.1)
        for kind, el in iterparse(fh, events=("start", "end")):  # noqa: S314
            if kind == "start":
                if root is None:
                    root = el
                continue
            tag = el.tag
            if tag.endswith("event"):
                pending.append(read(el))
                el.clear()
            elif tag.endswith("trace"):
                trace = read(el)
                for event in pending:
                    yield trace, event
                pending = []
                el.clear()
                if root is not None:
                    root.clear()


def _attributes(el: Element) -> _Attrs:
    out: _Attrs = {}
    for child in el:
        tag = child.tag
        name = tag[tag.rfind("}") + 1 :]
        if name in _XES_ATTRS and name not in ("list", "container"):
            key = child.get("key")
            if key is not None:
                out[key] = child.get("value")
    return out


#: Attributes ``read_xes`` maps to store columns (the core ones); all others are the
#: attributes of a generic log (``read_xes_attributes``).
CORE_EVENT_KEYS = frozenset(
    {
        "concept:name",
        "time:timestamp",
        "org:group",
        "org:resource",
        "lifecycle:transition",
    }
)
CORE_TRACE_KEYS = frozenset({"concept:name"})

#: (key, XES type, value) of one element's direct attributes
_Typed = list[tuple[str, str, str | None]]


#: Columns of the attributes ``read_xes`` returns apart.
ATTRIBUTE_COLUMNS = ["_row", "scope", "name", "type", "value"]


def read_xes_attributes(path: Path) -> pd.DataFrame:
    """The attributes of a XES log other than the core ones, one row per value.

    Columns: ``_row`` (the event's row in ``read_xes``, 1-based; a trace attribute
    takes the row of the trace's first event), ``scope`` (``event`` or ``case``),
    ``name`` (the XES key), ``type`` (``string``, ``date``, ``int``, ``float``,
    ``boolean`` or ``id``) and ``value`` (text).
    """
    frame: pd.DataFrame = read_xes(path).attrs["attributes"]
    return frame


def _typed_attributes(el: Element) -> _Typed:
    out: _Typed = []
    for child in el:
        tag = child.tag
        kind = tag[tag.rfind("}") + 1 :]
        if kind in _XES_ATTRS and kind not in ("list", "container"):
            key = child.get("key")
            if key is not None:
                out.append((key, kind, child.get("value")))
    return out
