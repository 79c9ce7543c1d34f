"""The processing log: who ran what on which snapshot, append-only and hash-chained.

The log is ``<db>.log.jsonl`` beside the store, owner-only (0600). One JSON line per
processing step::

    {"time", "user", "command", "options", "exit", "snapshot",
     "outputs": [{"path", "sha256"}], "prev", "hash"}

``hash`` is the SHA-256 of the canonical JSON (sorted keys, no spaces, UTF-8) of the
entry without ``hash``; ``prev`` is the previous line's ``hash`` (64 zeros on the first
line), so an edited or removed line breaks the chain at the line after it
(``verify_processing_log``). A line is appended with one ``write`` on a file opened
with ``O_APPEND``, under an exclusive lock, so concurrent writers cannot fork the
chain.

Who writes (see ``docs/privacy.md``, "The processing log"): the CLI's ``main()`` writes
one entry per command that has a store (``--db``), with its exit code; ``load`` and
``build_report`` write their own entry when called from Python. Inside a CLI command
(``processing_session``) they write nothing and hand their snapshot and output files
to the command's one entry instead.

Options never carry an identifying value: ``safe_options`` keeps the values of the
option names in ``KEPT_OPTIONS`` and otherwise only paths, dates, numbers, flags and
values among the option's choices; anything else is recorded as ``"<redacted>"``.
"""

from __future__ import annotations

import contextlib
import contextvars
import getpass
import hashlib
import json
import os
from collections.abc import Collection, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from ipgar_metrics import config
from ipgar_metrics.errors import StoreError

#: ``prev`` of the first line.
GENESIS = "0" * 64
#: What an option value that could identify a person is recorded as.
REDACTED = "<redacted>"
#: Option names whose values are recorded as given (none of them can name a person).
KEPT_OPTIONS: frozenset[str] = frozenset(
    {
        "as_of",
        "audience",
        "by",
        "cases",
        "db",
        "dpia",
        "export_date",
        "format",
        "from_activity",
        "lang",
        "level",
        "mapping",
        "method",
        "metric",
        "month",
        "out",
        "phase",
        "profile",
        "seed",
        "to_activity",
    }
)
#: The columns ``ipgar log`` lists.
LOG_COLUMNS: tuple[str, ...] = ("time", "user", "command", "snapshot", "outputs")

_SESSION: contextvars.ContextVar[ProcessingSession | None] = contextvars.ContextVar(
    "ipgar_processing_session", default=None
)


@dataclass
class ProcessingSession:
    """What library calls inside one CLI command hand to that command's entry."""

    snapshot: str | None = None
    outputs: list[Path] = field(default_factory=list)


def log_path(db: str | os.PathLike[str]) -> Path:
    """The processing log of the store ``db``: ``<db>.log.jsonl`` beside it."""
    path = Path(db)
    return path.with_name(path.name + ".log.jsonl")


@contextlib.contextmanager
def processing_session(
    session: ProcessingSession | None = None,
) -> Iterator[ProcessingSession]:
    """While active, ``record_processing`` collects into ``session``, writes nothing."""
    session = session or ProcessingSession()
    token = _SESSION.set(session)
    try:
        yield session
    finally:
        _SESSION.reset(token)


def record_processing(
    db: str | os.PathLike[str],
    command: str,
    options: Mapping[str, Any],
    outputs: Sequence[str | os.PathLike[str]] = (),
    *,
    snapshot: str | None = None,
    exit_code: int | None = None,
    choices: Mapping[str, Collection[Any]] | None = None,
) -> dict[str, Any] | None:
    """Append one entry for a processing step on the store ``db`` to its processing log.

    Library users and notebooks call this for a step the toolkit does not record
    itself (``load`` and ``build_report`` do). ``options`` are filtered by
    ``safe_options`` (``choices``: the allowed values of an option, kept as given);
    ``outputs`` are files written, recorded with their SHA-256. Inside a CLI command
    (``processing_session``) nothing is written: the snapshot and outputs go to the
    command's own entry. Returns the entry written, or ``None`` in a session.
    Raises ``StoreError`` when the log cannot be written.
    """
    session = _SESSION.get()
    if session is not None:
        session.snapshot = snapshot or session.snapshot
        session.outputs.extend(Path(p) for p in outputs)
        return None
    entry: dict[str, Any] = {
        "time": datetime.now(ZoneInfo(config.TIMEZONE)).isoformat(timespec="seconds"),
        "user": _user(),
        "command": command,
        "options": safe_options(options, choices or {}),
        "exit": exit_code,
        "snapshot": snapshot,
        "outputs": [{"path": str(p), "sha256": file_sha256(p)} for p in outputs],
    }
    _append(log_path(db), entry)
    return entry


def safe_options(
    options: Mapping[str, Any], choices: Mapping[str, Collection[Any]]
) -> dict[str, Any]:
    """Options as recorded: no value that could identify a person (the one rule).

    A value is kept when its option is in ``KEPT_OPTIONS``, or it is a path, a date,
    a number, a flag, ``None`` or one of the option's ``choices``; lists item by item.
    Everything else (free text such as a case number) becomes ``"<redacted>"``.
    """
    return {
        name: _safe_value(value, keep=name in KEPT_OPTIONS, allowed=choices.get(name))
        for name, value in sorted(options.items())
    }


def _safe_value(value: Any, *, keep: bool, allowed: Collection[Any] | None) -> Any:
    if isinstance(value, list | tuple):
        return [_safe_value(v, keep=keep, allowed=allowed) for v in value]
    if value is None or isinstance(value, bool | int | float):
        return value
    if isinstance(value, date | datetime):
        return value.isoformat()
    if isinstance(value, os.PathLike):
        return os.fspath(value)
    if allowed is not None and _is_choice(value, allowed):
        return str(value)
    return str(value) if keep else REDACTED


def _is_choice(value: Any, allowed: Collection[Any]) -> bool:
    try:
        return value in allowed
    except TypeError:
        return False


def file_sha256(path: str | os.PathLike[str]) -> str | None:
    """SHA-256 of a file's bytes (``None`` for a missing file or a folder)."""
    digest = hashlib.sha256()
    try:
        with Path(path).open("rb") as fh:
            for block in iter(lambda: fh.read(1 << 20), b""):
                digest.update(block)
    except (FileNotFoundError, IsADirectoryError):
        return None
    return digest.hexdigest()


def entry_hash(entry: Mapping[str, Any]) -> str:
    """SHA-256 of the canonical JSON of ``entry`` without its ``hash``."""
    body = {k: v for k, v in entry.items() if k != "hash"}
    text = json.dumps(body, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _user() -> str:
    try:
        return getpass.getuser()
    except (OSError, KeyError):  # no login name and no passwd entry
        return f"uid {os.getuid()}" if hasattr(os, "getuid") else "unknown"


def _append(path: Path, entry: dict[str, Any]) -> None:
    """Chain ``entry`` to the last line and append it with one write, under a lock."""
    old_umask = os.umask(0o077)
    try:
        fd = os.open(path, os.O_RDWR | os.O_APPEND | os.O_CREAT, 0o600)
    except OSError as exc:
        raise StoreError(
            f"cannot write the processing log {path} ({type(exc).__name__}); check "
            "that its folder exists and is writable."
        ) from None
    finally:
        os.umask(old_umask)
    try:
        os.fchmod(fd, 0o600)
        _lock(fd)
        entry["prev"] = _last_hash(fd, path)
        entry["hash"] = entry_hash(entry)
        line = json.dumps(entry, sort_keys=True, ensure_ascii=False) + "\n"
        os.write(fd, line.encode("utf-8"))
    finally:
        os.close(fd)  # releases the lock


def _lock(fd: int) -> None:
    try:
        import fcntl
    except ImportError:  # pragma: no cover - not POSIX: O_APPEND alone
        return
    fcntl.flock(fd, fcntl.LOCK_EX)


def _last_hash(fd: int, path: Path) -> str:
    """The ``hash`` of the file's last line (``GENESIS`` for an empty file)."""
    size = os.fstat(fd).st_size
    if size == 0:
        return GENESIS
    chunk = b""
    pos = size
    while pos > 0 and chunk.rstrip(b"\n").count(b"\n") == 0:
        step = min(pos, 1 << 16)
        pos -= step
        chunk = os.pread(fd, step, pos) + chunk
    last = chunk.rstrip(b"\n").rsplit(b"\n", 1)[-1]
    try:
        value = json.loads(last)["hash"]
    except (ValueError, KeyError, TypeError):
        value = None
    if not isinstance(value, str):
        raise StoreError(
            f"the last line of the processing log {path} is not a log entry; check "
            "it with `ipgar log --verify` and keep the file as it is."
        )
    return value


def read_processing_log(db: str | os.PathLike[str]) -> list[dict[str, Any]]:
    """The entries of the store's processing log, oldest first.

    Raises ``StoreError`` when there is no log, or for a line that is not a JSON
    object (it names the line).
    """
    path = log_path(db)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise StoreError(
            f"there is no processing log {path}; give the store it belongs to with "
            "--db (a store's first load or command starts its log)."
        ) from None
    except (OSError, UnicodeDecodeError) as exc:
        raise StoreError(
            f"cannot read the processing log {path} ({type(exc).__name__}); check "
            "its permissions, and keep the file as it is."
        ) from None
    entries = []
    for number, line in enumerate(text.splitlines(), start=1):
        try:
            entry = json.loads(line)
        except ValueError:
            entry = None
        if not isinstance(entry, dict):
            raise StoreError(
                f"line {number} of the processing log {path} is not a log entry; "
                "it was edited: keep the file and tell the data protection officer."
            )
        entries.append(entry)
    return entries


def verify_processing_log(db: str | os.PathLike[str]) -> int:
    """Check the hash chain of the store's log; returns the number of entries.

    Raises ``StoreError`` naming the first line whose ``prev`` or ``hash`` does not
    match (an edited line, or the line after a removed one). Removing the last lines
    is not detected by the chain alone.
    """
    path = log_path(db)
    prev = GENESIS
    entries = read_processing_log(db)
    for number, entry in enumerate(entries, start=1):
        if entry.get("prev") != prev:
            raise StoreError(
                f"the processing log {path} is broken at line {number}: it does not "
                "follow the line before it (a line was removed or edited); keep the "
                "file and tell the data protection officer."
            )
        if entry.get("hash") != entry_hash(entry):
            raise StoreError(
                f"the processing log {path} is broken at line {number}: the line was "
                "changed after it was written; keep the file and tell the data "
                "protection officer."
            )
        prev = entry["hash"]
    return len(entries)
