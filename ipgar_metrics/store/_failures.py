"""What a DuckDB or OS error says about the store's environment: a damaged file, a full disk.

DuckDB reports both as a generic error whose text names the file, and after a failed
commit the error the caller sees is often a later one (``cannot rollback``) with the
real cause in its ``__context__``. These functions read the whole chain and turn it
into one ``StoreError`` line that names the file, the cause and what to do, or return
``None`` when the error is something else (then it is raised as it is).
"""

from __future__ import annotations

import errno
import re
from pathlib import Path

from ipgar_metrics.errors import StoreError

#: Texts of DuckDB errors that mean the database file is damaged, and what they mean.
_DAMAGE: tuple[tuple[str, str], ...] = (
    ("could not read enough bytes", "it is shorter than its contents: truncated"),
    ("corrupt database file", "a block fails its checksum: overwritten"),
    ("not a valid duckdb database file", "its header is not a DuckDB header"),
    ("failed to deserialize", "its contents cannot be read"),
)
#: OS errors (number and DuckDB's text of them) that mean there is no room to write.
_NO_ROOM: dict[int, str] = {
    errno.ENOSPC: "no space left on device",
    errno.EFBIG: "file too large",
    errno.EDQUOT: "disk quota exceeded",
}
_FILE = re.compile(r'file "([^"]+)"')


def _chain(exc: BaseException) -> list[BaseException]:
    """``exc`` and the exceptions it was raised from or during (causes first)."""
    seen: list[BaseException] = []
    todo: list[BaseException | None] = [exc]
    while todo:
        e = todo.pop()
        if e is None or any(e is s for s in seen):
            continue
        seen.append(e)
        todo += [e.__context__, e.__cause__]
    return seen[::-1]


def _named_file(exc: BaseException, path: Path | None) -> str:
    """``path`` as the caller gave it, else the file DuckDB's message names."""
    if path is not None:
        return str(path)
    found = _FILE.search(str(exc))
    return found.group(1) if found else "the event store"


def damaged_store_error(
    exc: BaseException, path: Path | None = None
) -> StoreError | None:
    """A ``StoreError`` naming the damaged database file, or ``None`` for another error."""
    for e in _chain(exc):
        text = str(e).lower()
        for marker, meaning in _DAMAGE:
            if marker in text:
                return StoreError(
                    f"database {_named_file(e, path)} is damaged ({meaning}); restore "
                    "it from a backup, or load every export again into a new --db file."
                )
    return None


def no_room_cause(exc: BaseException) -> tuple[str, str | None] | None:
    """``(cause, file)`` when ``exc`` (or one it came from) is a full disk or size limit.

    ``cause`` is the operating system's words (``No space left on device``); ``file``
    the file that could not be written when the error names it.
    """
    for e in _chain(exc):
        if isinstance(e, OSError) and e.errno in _NO_ROOM:
            return e.strerror or _NO_ROOM[e.errno], e.filename
        text = str(e)
        for words in _NO_ROOM.values():
            at = text.lower().find(words)
            if at >= 0:
                found = _FILE.search(text)
                return text[at : at + len(words)], found.group(1) if found else None
    return None


def no_room_error(
    exc: BaseException, path: Path, *, new_store: bool, committed: bool
) -> StoreError | None:
    """The one-line error of a load that ran out of disk space (``None``: another error).

    ``new_store``: the load created ``path`` (and has removed it again);
    ``committed``: the load was committed and only the checkpoint into the file failed.
    """
    found = no_room_cause(exc)
    if found is None:
        return None
    cause, file = found
    where = f"cannot write {file or path}: {cause}"
    if new_store:
        return StoreError(
            f"{where}; nothing was stored and no file of the new store is left. Free "
            "space on that disk (or give --db on another disk) and load again."
        )
    if committed:
        return StoreError(
            f"{where}; this load is committed in {path.name}.wal (every command sees "
            f"it) but not yet merged into {path.name}: do not delete the .wal file; "
            "free space on that disk, and the next load into this store merges it."
        )
    return StoreError(
        f"{where}; this load was rolled back and {path.name} keeps its earlier loads. "
        "Free space on that disk (or give --db on another disk) and load again."
    )
