"""``ipgar inspect``: profile a new export and write a draft mapping file."""

from __future__ import annotations

import argparse
from pathlib import Path

from ipgar_metrics.errors import ConfigError


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add the ``inspect`` subcommand."""
    p = sub.add_parser(
        "inspect",
        help="show an export's columns, types and labels; write a draft mapping.toml",
        description="Show the columns of an export with their detected types and date "
        "formats, the labels of label columns with counts (identifying columns only "
        "as a masked shape), and write a draft mapping file; lines marked INVULLEN "
        "are for the analyst to fill in.",
    )
    p.add_argument("export", type=Path, help="the export file (.csv, .xlsx, .parquet)")
    p.add_argument(
        "--mapping-out",
        type=Path,
        default=Path("mapping.toml"),
        help="where to write the draft mapping (default mapping.toml)",
    )
    p.add_argument(
        "--force", action="store_true", help="overwrite an existing mapping file"
    )
    p.add_argument(
        "--profile",
        choices=("ipgar", "generic"),
        help="ipgar: map labels to the iPGA-R vocabulary; generic: keep them (any "
        "other log). Default: generic when no activity label is an iPGA-R activity",
    )
    p.set_defaults(handler=_run)


def _run(args: argparse.Namespace) -> int:
    from ipgar_metrics.cli._common import say_default
    from ipgar_metrics.ingest import inspect_export

    out: Path = args.mapping_out
    if out.exists() and not args.force:
        raise ConfigError(
            f"{out} already exists; choose another --mapping-out, or add --force to overwrite it."
        )
    profile = inspect_export(args.export, args.profile)
    if profile.profile_reason:
        say_default(
            "inspect", f"profile {profile.profile}", profile.profile_reason, "--profile"
        )
    print(profile.describe())
    out.write_text(profile.draft_mapping(), encoding="utf-8")
    print(f"draft mapping written to {out}; fill in the lines marked INVULLEN")
    return 0
