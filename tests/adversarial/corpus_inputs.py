"""Writers of the corpus inputs: a small valid export, canonical or mapped, and its variants.

``BASE``: five valid rows of two cases (canonical columns, ISO timestamps with an
offset) with planted case numbers, case-manager ids and event ids; a class adds the
rows it breaks (``row``), where it may plant a person's name in a label column.
``MAPPED``: the same rows under Dutch headers, a ``;`` delimiter and
``dd-mm-jjjj uu:mm`` local times, with ``MAPPING``.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Sequence
from pathlib import Path

from adversarial_harness import (
    CASES,
    EVENTS,
    MANAGERS,
    Case,
    Error,
    Loads,
    load_cmd,
)

from tests import dutch_export

HEADER = ["case_id", "activity", "timestamp", "org", "case_manager", "event_id"]
BASE = [
    [CASES[0], "melding", "2024-01-02T09:00:00+01:00", "", MANAGERS[0], EVENTS[0]],
    [
        CASES[0],
        "info_aanvraag",
        "2024-01-03T09:00:00+01:00",
        "",
        MANAGERS[0],
        EVENTS[1],
    ],
    [
        CASES[0],
        "contact",
        "2024-01-05T10:00:00+01:00",
        "politie",
        MANAGERS[0],
        EVENTS[2],
    ],
    [CASES[1], "melding", "2024-02-01T09:00:00+01:00", "", MANAGERS[1], EVENTS[3]],
    [CASES[1], "contact", "2024-02-03T09:00:00+01:00", "ggd", MANAGERS[1], EVENTS[4]],
]
N = len(BASE)


def row(
    activity: str = "contact",
    ts: str = "2024-03-04T10:00:00+01:00",
    *,
    case: str = CASES[2],
    org: str = "politie",
    manager: str = MANAGERS[0],
    event: str = EVENTS[10],
) -> list[str]:
    """One more event row (a third case unless told), for a class to break."""
    return [case, activity, ts, org, manager, event]


MAPPED_HEADER = [
    "Casusnummer",
    "Activiteit",
    "Datum",
    "Organisatie",
    "Regisseur",
    "Kenmerk",
]
_LABEL = {
    "melding": "Melding ontvangen",
    "info_aanvraag": "Informatie aangevraagd",
    "contact": "Contact",
}
MAPPING = "export_date = 2026-11-01\n" + dutch_export.mapping(
    *MAPPED_HEADER,
    values={"activity": {label: code for code, label in _LABEL.items()}},
    timezone=None,
)


def dutch(r: Sequence[str]) -> list[str]:
    """A canonical row in the mapped export's form (label, dd-mm-jjjj uu:mm)."""
    ts = r[2]
    local = f"{ts[8:10]}-{ts[5:7]}-{ts[0:4]} {ts[11:16]}" if len(ts) >= 16 else ts
    return [r[0], _LABEL.get(r[1], r[1]), local, *r[3:]]


MAPPED = [dutch(r) for r in BASE]


def csv_text(
    rows: Sequence[Sequence[str]],
    header: Sequence[str] | None = HEADER,
    delim: str = ",",
    end: str = "\n",
) -> str:
    """Rows as CSV text (quoted only where needed)."""
    buf = io.StringIO()
    writer = csv.writer(buf, delimiter=delim, lineterminator=end)
    if header is not None:
        writer.writerow(header)
    writer.writerows(rows)
    return buf.getvalue()


def written(
    name: str,
    data: bytes | str,
    *,
    mapping: str | None = None,
    options: Sequence[str] = (),
    **load: str | None,
) -> Callable[[Path], list[list[str]]]:
    """A builder that writes ``data`` (and ``mapping.toml``) and loads the file."""

    def build(folder: Path) -> list[list[str]]:
        raw = data.encode("utf-8") if isinstance(data, str) else data
        (folder / name).write_bytes(raw)
        args: list[str] = [name]
        if mapping is not None:
            (folder / "mapping.toml").write_text(mapping, encoding="utf-8")
            args += ["--mapping", "mapping.toml"]
        return [[*load_cmd(*args, **load), *options]]

    return build


def canonical(name: str, extra: Sequence[Sequence[str]], expect: Error | Loads) -> Case:
    """A class: the valid canonical rows and ``extra`` rows, as ``export.csv``."""
    return Case(name, written("export.csv", csv_text([*BASE, *extra])), expect)


def mapped(name: str, extra: Sequence[Sequence[str]], expect: Error | Loads) -> Case:
    """A class: the mapped export (``;``, Dutch headers) with ``extra`` rows."""
    text = csv_text([*MAPPED, *extra], MAPPED_HEADER, ";")
    return Case(name, written("export.csv", text, mapping=MAPPING), expect)


def one_bad(name: str, bad: Sequence[str], *reasons: str) -> Case:
    """A class: the valid rows and one row rejected for ``reasons``."""
    counts = {r: reasons.count(r) for r in reasons}
    return canonical(name, [bad], Loads(N + 1, N, 1, reasons=counts))


def one_good(name: str, good: Sequence[str]) -> Case:
    """A class: the valid rows and one more row that loads too."""
    return canonical(name, [good], Loads(N + 1, N + 1))
