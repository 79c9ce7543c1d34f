"""Pseudonymisation with a keyed hash, and small-cell suppression.

The key is read from the environment variable ``IPGAR_KEY`` or from a key file
(``IPGAR_KEY_FILE``, default ``~/.config/ipgar/pseudonym.key``) that is created with
owner-only permissions on first use. The key never enters the database or an output;
the store records only its fingerprint (``key_fingerprint``: an HMAC of a fixed label),
so a load with another key is refused. See ``docs/privacy.md`` for how an authorised
analyst re-identifies a case and how to re-key a store.
"""

from __future__ import annotations

import hashlib
import hmac
import os
import secrets
from pathlib import Path

from ipgar_metrics import config
from ipgar_metrics.errors import ConfigError

#: The fixed label whose HMAC under the key is the key's fingerprint (never the key).
FINGERPRINT_LABEL = b"ipgar-metrics key fingerprint v1"


def key_source() -> str:
    """Where ``load_key`` takes the key from, for messages: the variable or the file path.

    Reads nothing secret: ``"the variable IPGAR_KEY"`` when it is set, else
    ``"the key file <path>"`` (which ``load_key`` creates when it does not exist).
    """
    if os.environ.get(config.KEY_ENV):
        return f"the variable {config.KEY_ENV}"
    return f"the key file {_key_file()}"


def key_fingerprint(key: bytes) -> str:
    """A short fingerprint of ``key``: HMAC-SHA256(key, a fixed label), 16 hex characters.

    It tells two keys apart without revealing either; the store records it at its
    first load.
    """
    return hmac.new(key, FINGERPRINT_LABEL, hashlib.sha256).hexdigest()[:16]


def _key_file() -> Path:
    return Path(
        os.environ.get(config.KEY_FILE_ENV, config.DEFAULT_KEY_FILE)
    ).expanduser()


#: POSIX permission bits say who may read the key file. Windows reports every file as
#: 0o666 (its access lists are not mode bits): there the user's own profile folder is
#: the protection (docs/windows.md), and the bits are not checked.
_MODE_BITS_MEAN_ACCESS = os.name == "posix"


def load_key(*, create: bool = True) -> bytes:
    """Return the pseudonymisation key, creating the key file if allowed."""
    env = os.environ.get(config.KEY_ENV)
    if env:
        return env.encode("utf-8")
    path = _key_file()
    if path.exists():
        mode = path.stat().st_mode & 0o077
        if _MODE_BITS_MEAN_ACCESS and mode:
            raise ConfigError(
                f"key file {path} is readable by others; run `chmod 600 {path}`."
            )
        key = path.read_bytes().strip()
        if len(key) < 16:
            raise ConfigError(f"key file {path} holds fewer than 16 bytes; replace it.")
        return key
    if not create:
        raise ConfigError(
            f"no pseudonymisation key: set {config.KEY_ENV} or create {path}."
        )
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    key = secrets.token_hex(32).encode("ascii")
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "wb") as fh:
        fh.write(key + b"\n")
    return key


def pseudonym(raw: str, key: bytes, *, kind: str = "case") -> str:
    """The pseudonym of one raw identifier: a prefix and a shortened HMAC-SHA256.

    ``kind`` separates the name spaces (a case and a case manager with the same raw
    number get different pseudonyms). Leading and trailing spaces are removed;
    everything else (leading zeros, inner spaces, case) is significant.
    """
    prefix = {"case": "C", "manager": "M", "event": "E"}[kind]
    mac = hmac.new(key, f"{kind}:{raw.strip()}".encode(), hashlib.sha256)
    return prefix + mac.hexdigest()[: config.PSEUDONYM_LENGTH]


def suppress_count(n: int | float | None, k: int = config.SUPPRESSION_K) -> str:
    """Show a count, or ``<k`` when it is below the threshold (zero included: a table with empty cells says as much)."""
    if n is None or n != n:
        return "–"
    if n < k:
        return f"<{k}"
    return f"{int(n)}"
