"""``ipgar monthly``: the monthly routine in one command, printed as a checklist.

validate the exports -> stop when the quality findings are red (rows the load would
reject), unless ``--accept`` -> load -> the intern and the extern report -> archive
under the month: ``OUT/YYYY-MM/`` holds both reports and ``manifest.json`` (the
exports' file names and SHA-256, the snapshot id, the report files and their
SHA-256), all owner-only. Each step is the package's own function (``validate``,
``load``, ``build_report``); the defaults the load chooses are said as ``ipgar load``
says them. One stdout line per step: done, stopped and why, or not run.
"""

from __future__ import annotations

import argparse
import hashlib
import json
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ipgar_metrics import schema
from ipgar_metrics.cli._common import add_out, parse_date, parse_month

if TYPE_CHECKING:
    import pandas as pd

#: The steps of the checklist, in order.
STEPS: tuple[str, ...] = (
    "validate",
    "quality",
    "load",
    "report intern",
    "report extern",
    "archive",
)
#: The file beside the reports that archives the month.
MANIFEST = "manifest.json"


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add the ``monthly`` subcommand."""
    p = sub.add_parser(
        "monthly",
        help="validate, load, report intern and extern, archive: the month in one go",
        description=(
            "The monthly routine as a checklist: validate the exports, stop when the "
            "quality findings are red (--accept to go on), load, write the intern "
            "and extern reports into OUT/YYYY-MM/ and archive them there with "
            "manifest.json (exports and reports with their SHA-256, the snapshot)."
        ),
    )
    p.add_argument(
        "--export",
        nargs="+",
        type=Path,
        required=True,
        metavar="FILE",
        help="export file(s) of this month",
    )
    p.add_argument("--mapping", type=Path, default=None, help="mapping file (TOML)")
    p.add_argument(
        "--export-date",
        type=parse_date,
        default=None,
        help="date the export was taken, YYYY-MM-DD. Default: export_date of the "
        "mapping file, else the newest event in the file",
    )
    p.add_argument(
        "--profile",
        choices=schema.PROFILES,
        default=None,
        help="as ipgar load: ipgar (the iPGA-R vocabulary) or generic. Default: the "
        "store's profile; for a new store ipgar with a mapping file",
    )
    p.add_argument("--db", type=Path, required=True, help="event store")
    p.add_argument(
        "--month", type=parse_month, required=True, help="report month YYYY-MM"
    )
    add_out(p, help="archive folder; the month goes into OUT/YYYY-MM/")
    p.add_argument(
        "--accept",
        action="store_true",
        help="go on when the quality findings are red: load without the rows the "
        "checks reject (they stay in the table rejected_events)",
    )
    p.add_argument("--no-pdf", action="store_true", help="write the HTML reports only")
    p.set_defaults(handler=_run)


def _run(args: argparse.Namespace) -> int:
    from ipgar_metrics import build_report, load, store, validate
    from ipgar_metrics.cli._common import say_choices
    from ipgar_metrics.cli._retention import apply_retention
    from ipgar_metrics.metrics.quality import has_errors

    todo = Checklist()
    folder = args.out / args.month
    with todo.step("validate"):
        checks = validate(
            args.export,
            mapping=args.mapping,
            profile=args.profile,
            export_date=args.export_date,
        )
        say_choices(args.command, checks.attrs.get("choices", []), [])
        todo.done(quality_summary(checks))
    red = has_errors(checks)
    if red and not args.accept:
        todo.stop(
            "quality",
            f"red: {red_summary(checks)}; fix the export and run again, or run "
            "again with --accept to load without those rows",
        )
        return 1
    todo.done(
        "red findings accepted (--accept)" if red else "no red findings", "quality"
    )
    with todo.step("load"):
        result = load(
            args.export,
            mapping=args.mapping,
            db=args.db,
            profile=args.profile,
            export_date=args.export_date,
            require_events=True,
        )
        said = checks.attrs.get("choices", [])
        say_choices(
            args.command, [c for c in result.choices() if c not in said], result.notes
        )
        todo.done(f"{result.summary()}; snapshot {result.snapshot_id}")
    apply_retention(args.db, result.load_id, result.export_date)
    reports: list[Path] = []
    for audience in ("intern", "extern"):
        with todo.step(f"report {audience}"):
            paths = build_report(
                db=args.db,
                month=args.month,
                out_dir=folder,
                audience=audience,
                pdf=not args.no_pdf,
                history=args.out,  # the earlier months' folders: protection over time
            )
            # the intern report's action lists, written beside it, are archived too
            actions = paths[0].with_name(
                paths[0].name.removesuffix(".html") + ".actions.csv"
            )
            if actions.exists() and actions not in paths:
                paths = [*paths, actions]
            reports += paths
            todo.done(", ".join(p.name for p in paths))
    with todo.step("archive"):
        manifest = write_manifest(
            folder,
            args.month,
            [*args.export],
            args.mapping,
            result.snapshot_id,
            reports,
        )
        store.record_processing(  # inside the command: goes to its one entry
            args.db, "monthly.archive", {"month": args.month}, [manifest]
        )
        todo.done(
            f"{manifest} ({len(args.export)} export(s), {len(reports)} report files)"
        )
    return 0


class Checklist:
    """The checklist on stdout: one line per step of ``STEPS``, in order.

    ``step(name)`` runs a step: an ``IpgarError`` or ``OSError`` inside prints the
    step as stopped (the message follows on stderr, from ``ipgar``'s main) and the
    steps after it as not run, then goes on up.
    """

    def __init__(self) -> None:
        self._current = STEPS[0]

    def _line(self, name: str, state: str) -> None:
        number = STEPS.index(name) + 1
        print(f"{number}/{len(STEPS)} {name}: {state}", flush=True)

    @contextmanager
    def step(self, name: str) -> Iterator[None]:
        from ipgar_metrics.errors import IpgarError

        self._current = name
        try:
            yield
        except (IpgarError, OSError):
            self.stop(name, "see the message below")
            raise

    def done(self, detail: str, name: str | None = None) -> None:
        self._line(name or self._current, f"done - {detail}")

    def stop(self, name: str, why: str) -> None:
        self._line(name, f"stopped - {why}")
        for later in STEPS[STEPS.index(name) + 1 :]:
            self._line(later, "not run")


def quality_summary(checks: pd.DataFrame) -> str:
    """Counts of the validation's findings: red (rows rejected) and warnings."""
    found = checks[checks["count"] > 0]
    errors = found[found["severity"] == "error"]
    warnings = found[found["severity"] == "warning"]
    red = f"red: {red_summary(checks)}" if len(errors) else "no red findings"
    return f"{red}; {len(warnings)} warning check(s) with findings"


def red_summary(checks: pd.DataFrame) -> str:
    """The red findings (error checks, rows the load rejects) as ``check n, ...``.

    A row can fail more than one check, so the counts are per check, not summed.
    """
    errors = checks[(checks["severity"] == "error") & (checks["count"] > 0)]
    pairs = zip(errors["check"], errors["count"], strict=True)
    return "rows the load rejects: " + ", ".join(f"{c} {n}" for c, n in pairs)


def write_manifest(
    folder: Path,
    month: str,
    exports: list[Path],
    mapping: Path | None,
    snapshot_id: str,
    reports: list[Path],
) -> Path:
    """Write ``folder/manifest.json`` (owner-only) and return its path.

    Files are named by their name only (no folder), each with its SHA-256.
    """
    from ipgar_metrics import privacy

    manifest: dict[str, Any] = {
        "month": month,
        "snapshot_id": snapshot_id,
        "exports": [_file(p) for p in exports],
        "mapping": _file(mapping) if mapping is not None else None,
        "reports": [_file(p) for p in reports],
    }
    path = folder / MANIFEST
    with privacy.private_files():
        folder.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(manifest, indent=1) + "\n", encoding="utf-8")
    privacy.make_owner_only(folder, path)
    return path


def _file(path: Path) -> dict[str, str]:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return {"file": path.name, "sha256": digest.hexdigest()}
