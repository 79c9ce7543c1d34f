"""Figures as image files (PNG or SVG) for office tools, many with one browser start.

``write_images(figs, out_dir, fmt)`` writes each plotly figure of ``figs`` as
``out_dir/<name>.<fmt>`` with kaleido 1.x, which draws with the system's Chrome,
Chromium or Edge (``IPGAR_CHROMIUM``, when set, is the browser). The browser is
started once per call (or the one kaleido already runs for this process is used),
without the key in its environment, and never downloaded.
"""

from __future__ import annotations

import os
import re
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any, Final

from ipgar_metrics.errors import ConfigError

#: The image formats ``write_images`` writes.
IMAGE_FORMATS: Final[tuple[str, ...]] = ("png", "svg")
#: Size of an image whose figure sets none (pixels; PNG at twice this for print).
DEFAULT_WIDTH: Final = 1000
DEFAULT_HEIGHT: Final = 560
PNG_SCALE: Final = 2
#: A file name ``write_images`` accepts: letters, digits, ``-`` and ``_``.
_NAME = re.compile(r"^[0-9a-z][0-9a-z_-]*$")


def write_images(
    figs: Mapping[str, Any],
    out_dir: str | os.PathLike[str],
    fmt: str | Sequence[str] = "png",
    *,
    lang: str = "nl",
) -> list[Path]:
    """Write every figure of ``figs`` as ``out_dir/<name>.<fmt>``, one browser for all.

    Parameters
    ----------
    figs
        File names (without suffix; lower-case letters, digits, ``-``, ``_``) and
        their plotly figures.
    out_dir
        The folder; made when missing. Files are owner-only.
    fmt
        ``"png"``, ``"svg"``, or several of them (each figure in each format).
    lang
        The language of the figures: their date axes get its month names ("okt
        2025"; ``_style.with_locale``).

    Returns
    -------
    The paths written, in the order of ``figs`` (per figure, each format).

    Raises
    ------
    ConfigError
        An unknown format or a bad name, or no browser to draw with.
    """
    from ipgar_metrics import privacy
    from ipgar_metrics.figures._style import with_locale
    from ipgar_metrics.labels import check_lang

    check_lang(lang)
    formats = [fmt] if isinstance(fmt, str) else list(fmt)
    bad = [f for f in formats if f not in IMAGE_FORMATS]
    if bad or not formats:
        raise ConfigError(
            f'unknown image format "{", ".join(bad)}"; choose one of: '
            f"{', '.join(IMAGE_FORMATS)}."
        )
    names = [n for n in figs if not _NAME.match(n)]
    if names:
        raise ConfigError(
            f'not a file name for a figure: "{names[0]}"; use lower-case letters, '
            "digits, - and _."
        )
    if not figs:
        return []
    out = Path(out_dir)
    jobs: list[dict[str, Any]] = [
        {
            "fig": with_locale(fig.to_dict(), lang),
            "path": out / f"{name}.{f}",
            "opts": _options(fig, f),
        }
        for name, fig in figs.items()
        for f in formats
    ]
    with privacy.private_files():
        out.mkdir(parents=True, exist_ok=True)
        _draw(jobs)
    paths = [job["path"] for job in jobs]
    privacy.make_owner_only(*paths)
    return paths


def write_png(fig: Any, path: Path, *, scale: float) -> None:
    """Draw one figure as a PNG at ``path``, with the browser ``write_images`` uses."""
    opts = {**_options(fig, "png"), "scale": scale}
    _draw([{"fig": fig, "path": path, "opts": opts}])


def _options(fig: Any, fmt: str) -> dict[str, Any]:
    """Size and scale of one image: the figure's own size, else the defaults."""
    layout = fig.layout
    return {
        "format": fmt,
        "width": layout.width or DEFAULT_WIDTH,
        "height": layout.height or DEFAULT_HEIGHT,
        "scale": PNG_SCALE if fmt == "png" else 1,
    }


def _draw(jobs: list[dict[str, Any]]) -> None:
    """Draw the jobs with one browser (kaleido), or say in one line why it cannot.

    kaleido returns the errors of the figures it could not draw instead of raising
    them (it removes their files): a figure whose file is not there afterwards is
    drawn once more, and if it fails again the call fails, naming the file.
    """
    for job in jobs:  # a file left by an earlier run must not pass for this one
        Path(job["path"]).unlink(missing_ok=True)
    errors = _draw_once(jobs)
    missing = [job for job in jobs if not Path(job["path"]).is_file()]
    if missing:  # a browser tab that failed or timed out: once more
        errors = _draw_once(missing) or errors
        missing = [job for job in missing if not Path(job["path"]).is_file()]
    if missing:
        kind = type(errors[0]).__name__ if errors else "no file"
        raise ConfigError(
            f"the image {Path(missing[0]['path']).name} could not be drawn ({kind}), "
            "also not at a second try: the browser stopped or was too slow; close "
            "other programs and try again."
        )


def _draw_once(jobs: list[dict[str, Any]]) -> list[BaseException]:
    """One kaleido call for the jobs: the errors it returns for the figures it failed."""
    import kaleido
    from choreographer.errors import ChromeNotFoundError

    from ipgar_metrics.browsers import install_hint, named_browser_problem
    from ipgar_metrics.figures._style import browser_alive, kaleido_options

    problem = named_browser_problem()
    if problem is not None:
        raise ConfigError(f"{problem}.")
    # a browser already running for this process (``use_static_fallback`` in a
    # notebook) draws them too; else one is started for this call only
    running = kaleido._global_server.is_running()
    if running and not browser_alive(kaleido):  # kaleido would wait on it for ever
        kaleido.stop_sync_server(silence_warnings=True)
        running = False
    kopts = kaleido_options()
    try:
        if running:
            result = kaleido.write_fig_from_object_sync(jobs)
        else:
            result = kaleido.write_fig_from_object_sync(jobs, kopts=kopts)
    except ChromeNotFoundError:
        raise ConfigError(
            f"no Chrome, Chromium or Edge found to draw the images; {install_hint()}."
        ) from None
    except Exception as exc:  # the browser did not start, or stopped while drawing
        raise ConfigError(
            f"the images could not be drawn ({type(exc).__name__}): the browser did "
            f"not start or stopped; {install_hint()}."
        ) from None
    return [e for e in (result or ()) if isinstance(e, BaseException)]
