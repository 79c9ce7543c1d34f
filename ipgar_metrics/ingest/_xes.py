"""Streaming reader of XES event logs (``.xes`` and ``.xes.gz``).

Reads the logs as process-mining tools export them: one row per event, in file
order, without pm4py.
"""

from __future__ import annotations

import gzip
import hashlib
from collections.abc import Iterator
from pathlib import Path
from xml.etree.ElementTree import Element, ParseError, iterparse

import pandas as pd

from ipgar_metrics.errors import ExportFormatError

_XES_ATTRS = {"string", "date", "int", "float", "boolean", "id", "list", "container"}


def read_xes(path: Path) -> pd.DataFrame:
    """Stream a XES log (``.xes`` or ``.xes.gz``) into one row per event.

    Columns: ``case_id`` (trace ``concept:name``), ``activity`` (event
    ``concept:name``), ``timestamp`` (``time:timestamp``), ``org`` (``org:group``),
    ``case_manager`` (``org:resource``: who did the work, a person's id, so it is
    pseudonymised at load like a case manager), ``lifecycle`` and ``_rowhash`` (a
    hash of these six, for exact duplicates). Other attributes of a trace or event
    are parsed but never leave this reader (data minimisation).
    """
    rows: list[tuple[object, ...]] = []
    try:
        for trace, event in _xes_events(path):
            kept = (
                trace.get("concept:name"),
                event.get("concept:name"),
                event.get("time:timestamp"),
                event.get("org:group"),
                event.get("org:resource"),
                event.get("lifecycle:transition"),
            )
            # the hash covers the kept attributes only: no other leaves the reader
            digest = hashlib.md5(repr(kept).encode()).hexdigest()  # noqa: S324 - identity, not security
            rows.append((*kept, digest))
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
    return frame


def zlib_error() -> type[Exception]:
    """The zlib error class (a truncated gzip raises it)."""
    import zlib

    return zlib.error


#: XES attributes of a trace or event: key -> value (None when the value is missing)
_Attrs = dict[str, str | None]


def _xes_events(path: Path) -> Iterator[tuple[_Attrs, _Attrs]]:
    """Yield (trace attributes, event attributes) per event, in file order.

    Only direct attribute children count (nested list/container values are skipped);
    ``<global>`` defaults are ignored. Events are buffered per trace, because the
    trace's attributes (its case id) may follow them in the file.
    """
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
                pending.append(_attributes(el))
                el.clear()
            elif tag.endswith("trace"):
                trace = _attributes(el)
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
