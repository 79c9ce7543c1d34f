"""Pseudonymisation with a keyed hash, small-cell suppression, and the key's custody.

The key comes from, in this fixed order: the environment variable ``IPGAR_KEY``; the
key file named by ``IPGAR_KEY_FILE`` (a file or a secrets-store path); the key file in
the user's configuration folder (``config.DEFAULT_KEY_FILE``, from ``platformdirs``).
Nothing creates a key silently: only ``create_key`` (``ipgar key create``) writes one,
with owner-only permissions. A key must be strong (``check_key_strength``). The key
never enters the database, an output or a child process's environment
(``child_environment``); the store records only its fingerprint (``key_fingerprint``:
an HMAC of a fixed label), so a load with another key is refused. See
``docs/privacy.md`` for custody, backup, rotation and what to do when the key leaks.
"""

from __future__ import annotations

import contextlib
import hashlib
import hmac
import math
import os
import re
import secrets
import shutil
import tempfile
import time
import unicodedata
from collections.abc import Iterator, Mapping
from pathlib import Path

from ipgar_metrics import config
from ipgar_metrics.errors import ConfigError

#: The fixed label whose HMAC under the key is the key's fingerprint (never the key).
FINGERPRINT_LABEL = b"ipgar-metrics key fingerprint v1"

#: A key is at least this many bytes long (after outer whitespace is removed).
MIN_KEY_BYTES = 32
#: ... has at least this many different byte values ...
MIN_DISTINCT_BYTES = 8
#: ... and at least this strength in bits, estimated as
#: ``length * log2(number of different byte values)`` (128 bits = 16 bytes of entropy).
MIN_KEY_BITS = 128

#: How to make a good key, for messages.
MAKE_A_KEY = "make one with `ipgar key create` (64 random hex characters)"


def key_source() -> str:
    """Where ``load_key`` takes the key from, for messages: the variable or the file path.

    Reads nothing secret: ``"the variable IPGAR_KEY"`` when it is set, else
    ``"the key file <path>"`` (the file need not exist; nothing creates it).
    """
    if os.environ.get(config.KEY_ENV):
        return f"the variable {config.KEY_ENV}"
    return f"the key file {key_file()}"


def key_file() -> Path:
    """The key file ``load_key`` reads and ``ipgar key create`` writes.

    ``IPGAR_KEY_FILE`` when set (a file or a path in a secrets store), else the key
    file in the user's configuration folder.
    """
    return Path(
        os.environ.get(config.KEY_FILE_ENV) or config.DEFAULT_KEY_FILE
    ).expanduser()


def key_fingerprint(key: bytes) -> str:
    """A short fingerprint of ``key``: HMAC-SHA256(key, a fixed label), 16 hex characters.

    It tells two keys apart without revealing either; the store records it at its
    first load.
    """
    return hmac.new(key, FINGERPRINT_LABEL, hashlib.sha256).hexdigest()[:16]


def check_key_strength(key: bytes, source: str) -> bytes:
    """Return ``key`` when it is strong enough, else raise ``ConfigError``.

    The rule: at least ``MIN_KEY_BYTES`` (32) bytes, at least ``MIN_DISTINCT_BYTES``
    (8) different byte values, and ``length * log2(different byte values)`` of at
    least ``MIN_KEY_BITS`` (128). A key of ``ipgar key create`` (64 random hex
    characters) has about 256 bits by this count. The message names ``source`` and
    the length, never the key.
    """
    distinct = len(set(key))
    bits = len(key) * math.log2(distinct) if distinct > 1 else 0.0
    if len(key) < MIN_KEY_BYTES or distinct < MIN_DISTINCT_BYTES or bits < MIN_KEY_BITS:
        raise ConfigError(
            f"the key from {source} is too weak ({len(key)} bytes, {distinct} "
            f"different; a key needs {MIN_KEY_BYTES} bytes or more, "
            f"{MIN_DISTINCT_BYTES} different values and about {MIN_KEY_BITS} bits): "
            f"{MAKE_A_KEY}, see docs/privacy.md."
        )
    return key


#: POSIX permission bits say who may read the key file. Windows reports every file as
#: 0o666 (its access lists are not mode bits): there the user's own profile folder is
#: the protection (docs/windows.md), and the bits are not checked.
_MODE_BITS_MEAN_ACCESS = os.name == "posix"


def read_key_file(path: Path) -> bytes:
    """The key in the file ``path``: owner-only and strong, else ``ConfigError``."""
    if _MODE_BITS_MEAN_ACCESS and path.stat().st_mode & 0o077:
        raise ConfigError(
            f"key file {path} is readable by others; run `chmod 600 {path}`."
        )
    return check_key_strength(path.read_bytes().strip(), f"the key file {path}")


def load_key() -> bytes:
    """Return the pseudonymisation key from the variable or the key file; never create one.

    Raises ``ConfigError`` when there is no key (saying how to make one), when the key
    file is readable by others, or when the key is too weak.
    """
    env = os.environ.get(config.KEY_ENV)
    if env:
        return check_key_strength(env.encode("utf-8"), f"the variable {config.KEY_ENV}")
    path = key_file()
    if not path.exists():
        raise ConfigError(
            f"no pseudonymisation key: neither {config.KEY_ENV} is set nor the key "
            f"file {path} exists; create the key once with `ipgar key create` (or "
            f"point {config.KEY_FILE_ENV} at the team's key), see docs/privacy.md."
        )
    return read_key_file(path)


def create_key(path: Path) -> bytes:
    """Write a new random key (64 hex characters) to ``path``, owner-only; return it.

    The folder is made with mode 0700 when missing. An existing file is never
    overwritten (``ConfigError``): replacing a key makes every store loaded with it
    unusable for new loads.
    """
    path = Path(path).expanduser()
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    key = secrets.token_hex(32).encode("ascii")
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        raise ConfigError(
            f"a key file already exists at {path}; it was kept: a new key cannot "
            "load into the stores made with it (to rotate, see docs/privacy.md)."
        ) from None
    with os.fdopen(fd, "wb") as fh:
        fh.write(key + b"\n")
    return key


def child_environment(environ: Mapping[str, str] | None = None) -> dict[str, str]:
    """A copy of ``environ`` (default ``os.environ``) without the key, for child processes.

    Every process the toolkit starts (Chromium for the PDF, kaleido's browser) gets
    this environment, so the key in ``IPGAR_KEY`` is not inherited.
    """
    source = os.environ if environ is None else environ
    return {k: v for k, v in source.items() if k.upper() != config.KEY_ENV}


#: Characters that are removed anywhere in an identifier (zero-width space, non-joiner,
#: joiner, word joiner, byte-order mark): invisible, so never meant as part of an id.
ID_ZERO_WIDTH = "\u200b\u200c\u200d\u2060\ufeff"
#: White space removed at both ends of an identifier: exactly Python's ``str.isspace``
#: (ASCII white space, no-break space, figure space, narrow no-break space, ...).
ID_SPACE = (
    " \t\n\v\f\r\x1c\x1d\x1e\x1f\x85\xa0\u1680"
    + "".join(chr(c) for c in range(0x2000, 0x200B))
    + "\u2028\u2029\u202f\u205f\u3000"
)
_ZERO_WIDTH_RE = re.compile(f"[{ID_ZERO_WIDTH}]")


def normalise_id(raw: str) -> str:
    """An identifier as it is pseudonymised: what an export's formatting may change is removed.

    Zero-width characters (``ID_ZERO_WIDTH``) are removed anywhere, the text is
    Unicode NFKC-normalised (full-width ``Ｒ１２３４`` is ``R1234``, a no-break space
    a space) and white space (``ID_SPACE``) is trimmed at both ends. White space
    inside, leading zeros and letter case stay significant. The loader does the same
    in SQL (``ingest._identifiers``); this is the reference.
    """
    return unicodedata.normalize("NFKC", _ZERO_WIDTH_RE.sub("", raw)).strip()


def pseudonym(raw: str, key: bytes, *, kind: str = "case") -> str:
    """The pseudonym of one raw identifier: a prefix and a shortened HMAC-SHA256.

    ``kind`` separates the name spaces (a case and a case manager with the same raw
    number get different pseudonyms; ``location``: a key location of the network
    approach). The identifier is normalised first
    (``normalise_id``: zero-width characters, NFKC, white space at the ends);
    everything else (leading zeros, inner spaces, case) is significant.
    """
    prefix = {"case": "C", "manager": "M", "event": "E", "location": "L"}[kind]
    mac = hmac.new(key, f"{kind}:{normalise_id(raw)}".encode(), hashlib.sha256)
    return prefix + mac.hexdigest()[: config.PSEUDONYM_LENGTH]


#: Unicode category -> its mask in ``masked_shape``
_SHAPE = {
    "Nd": "#",
    "Nl": "#",
    "No": "#",
    "Ll": "a",
    "Lu": "A",
    "Lt": "A",
    "Lo": "A",
    "Lm": "A",
}


def masked_shape(value: str, *, limit: int = 40) -> str:
    """The shape of a value, safe to show and store: its letters and digits masked.

    Capitals and letters without case become ``A``, lower-case letters ``a``, numbers
    ``#`` (by Unicode category); white space, punctuation and symbols stay (``R2024-000123`` -> ``A####-######``, ``Jan de Vries`` ->
    ``Aaa aa Aaaaa``). At most ``limit`` characters, then ``…``. The SQL macro
    ``masked_shape`` (``sql/store/macros.sql``) gives the same text.
    """
    text = str(value)
    shape = "".join(_SHAPE.get(unicodedata.category(ch), ch) for ch in text[:limit])
    return shape + ("…" if len(text) > limit else "")


def suppress_count(n: int | float | None, k: int = config.SUPPRESSION_K) -> str:
    """Show a count, or ``<k`` when it is below the threshold (zero included: a table with empty cells says as much)."""
    if n is None or n != n:
        return "–"
    if n < k:
        return f"<{k}"
    return f"{int(n)}"


# --- files the toolkit writes ----------------------------------------------------------

#: Names the toolkit gave its temporary files and folders in the system temp folder:
#: a UTF-8 copy of a Windows-1252 export (versions before the streamed reader) and
#: a headless Chromium profile of the PDF report. A crash can leave them behind.
TEMP_LEFTOVERS: tuple[str, ...] = ("ipgar-*.csv", "ipgar-chromium-*")
#: Leftovers younger than this may belong to a run still going on: kept.
_LEFTOVER_AGE_SECONDS = 3600


@contextlib.contextmanager
def private_files() -> Iterator[None]:
    """Inside, every file and folder the process creates is owner-only (umask 077).

    POSIX mode bits; on Windows the umask has no effect on access lists (files in
    the user's own profile folder are private there).
    """
    old = os.umask(0o077)
    try:
        yield
    finally:
        os.umask(old)


def make_owner_only(*paths: Path) -> None:
    """Make existing files 0600 and folders 0700 (an output written over an older one)."""
    if not _MODE_BITS_MEAN_ACCESS:
        return
    for p in paths:
        with contextlib.suppress(FileNotFoundError):
            p.chmod(0o700 if p.is_dir() else 0o600)


def remove_temp_leftovers(folder: Path | None = None) -> list[Path]:
    """Remove what a crashed run left in the temp folder (``TEMP_LEFTOVERS``).

    Only the current user's entries older than an hour; returns what was removed.
    """
    base = Path(folder or tempfile.gettempdir())
    cutoff = time.time() - _LEFTOVER_AGE_SECONDS
    removed = []
    for pattern in TEMP_LEFTOVERS:
        for p in base.glob(pattern):
            with contextlib.suppress(OSError):
                st = p.lstat()
                mine = not hasattr(os, "getuid") or st.st_uid == os.getuid()
                if not mine or st.st_mtime >= cutoff:
                    continue
                if p.is_dir() and not p.is_symlink():
                    shutil.rmtree(p)
                else:
                    p.unlink()
                removed.append(p)
    return removed
