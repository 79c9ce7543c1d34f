"""The source of a figure in words: the data snapshot and the reference date.

Every output names the data snapshot it came from. A metric's frame carries both in
``frame.attrs["ipgar"]`` (``snapshot``: the store's snapshot, ``as_of``: the
reference time); ``source_parts`` turns them into the words a figure prints, for
the process map's caption and the performance spectrum's subtitle.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Final

#: The words before the snapshot id and the reference date.
SOURCE_LABELS: Final[dict[str, dict[str, str]]] = {
    "snapshot": {"nl": "gegevens", "en": "data"},
    "as_of": {"nl": "peildatum", "en": "as of"},
}


def source_parts(meta: Mapping[str, Any], lang: str) -> list[str]:
    """``["gegevens S…", "peildatum 2026-10-30"]`` from a frame's ``attrs["ipgar"]``.

    A part whose value ``meta`` lacks is left out (a store filled without a load has
    no snapshot).
    """
    parts = []
    snap = meta.get("snapshot")
    if isinstance(snap, Mapping):
        snap = snap.get("snapshot_id")
    if snap:
        parts.append(f"{SOURCE_LABELS['snapshot'][lang]} {snap}")
    if meta.get("as_of"):
        parts.append(f"{SOURCE_LABELS['as_of'][lang]} {str(meta['as_of'])[:10]}")
    return parts
