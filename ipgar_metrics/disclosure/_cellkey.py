"""The cell-key method: a bounded perturbation per published count.

Every count of at least ``k`` is published as ``n + p``, where ``p`` is drawn from
the perturbation table ``PTABLE`` (at most ``MAX_NOISE`` either way) by a cell key:
an HMAC of the pseudonymisation key over what identifies the cell (its ``ref`` when
the same figure appears in several reports, else month, table, row and column) and
the true count. The same figure with the same count therefore gets the same noise in
every report, so comparing reports gains nothing. Counts below ``k`` (zero included)
stay suppressed (``"<k"``); a perturbed count is never below ``k`` (the table is cut
at ``k - n`` and renormalised), so no value 1..k-1 is published.

Weakness (``docs/adr/0007-disclosure-protection.md``): the report's sections pass
counts as numbers, not as the set of persons counted, so the key is made from the
cell's identity and count, not from the persons (CBS's record keys). Two different
cells that count the same persons (a table total and a key figure without a shared
``ref``) get independent noise, and an attacker can average them.
"""

from __future__ import annotations

import hashlib
import hmac
from typing import Final

#: The largest perturbation either way.
MAX_NOISE: Final[int] = 2
#: Probability of each perturbation (symmetric, mean zero before the cut at k).
PTABLE: Final[dict[int, float]] = {-2: 0.1, -1: 0.2, 0: 0.4, 1: 0.2, 2: 0.1}
_LABEL: Final[bytes] = b"ipgar-cell-key:"


def cell_key(secret: bytes, identity: str, n: int) -> float:
    """A number in [0, 1) fixed by the secret, the cell's identity and its count."""
    mac = hmac.new(secret, _LABEL + f"{identity}|{n}".encode(), hashlib.sha256)
    return int.from_bytes(mac.digest()[:8], "big") / 2.0**64


def perturb(n: int, key: float, k: int) -> int | None:
    """The published count for a true count ``n`` with cell key ``key``.

    ``None`` (suppressed) below ``k``; otherwise ``n + p`` with ``p`` from ``PTABLE``
    restricted to ``n + p >= k``.
    """
    if n < k:
        return None
    allowed = {p: w for p, w in PTABLE.items() if n + p >= k}
    total = sum(allowed.values())
    edge = 0.0
    for p, weight in sorted(allowed.items()):
        edge += weight / total
        if key < edge:
            return n + p
    return n + max(allowed)
