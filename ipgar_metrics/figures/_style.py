"""The one style of the figures on an A4 page: size, font, colours, plain layout.

The report's plain charts (``_charts``) are drawn in it, and an area's ``fig_``
figure is fitted to it (``fit_page``) when the report prints it. In a Jupyter kernel
every figure also carries a PNG image (``use_static_fallback``), so a notebook exported
with nbconvert (HTML, PDF) shows its charts everywhere.
"""

from __future__ import annotations

import gc
import os
import shutil
import sys
import threading
import time
import warnings
from collections.abc import Callable
from pathlib import Path
from typing import Any, Final

from ipgar_metrics.figures._fit import fit_axis_titles

#: Width that fits an A4 page with 15 mm margins at 96 dpi.
WIDTH: Final[int] = 680
#: Height of a plain chart; the least height of a fitted area figure.
HEIGHT: Final[int] = 300
#: Most height of a fitted area figure.
MAX_HEIGHT: Final[int] = 520
#: The series colours: Amsterdam blue, then the Okabe-Ito colours that keep a
#: contrast of 3:1 or more against white (WCAG 2.1, 1.4.11) and stay apart for
#: readers with red-green or blue-yellow colour blindness (checked in
#: ``tests/unit/test_chart_palette.py``), then dark grey and brown.
COLOURS: Final[tuple[str, ...]] = (
    "#004699",
    "#D55E00",
    "#009E73",
    "#CC79A7",
    "#4D4D4D",
    "#8B4513",
)


def translucent(hex_colour: str, alpha: float) -> str:
    """``hex_colour`` as ``rgba(...)`` with opacity ``alpha`` (a confidence band)."""
    r, g, b = (int(hex_colour[i : i + 2], 16) for i in (1, 3, 5))
    return f"rgba({r},{g},{b},{alpha})"


FONT: Final[str] = "Avenir, 'Segoe UI', Helvetica, Arial, sans-serif"


def colour(i: int) -> str:
    """The ``i``-th colour of the palette (repeating)."""
    return COLOURS[i % len(COLOURS)]


def plain_layout(fig: Any, *, x_title: str, y_title: str, height: int = HEIGHT) -> Any:
    """The layout of a plain chart: A4 width, white, legend below, light grid."""
    fig.update_layout(
        width=WIDTH,
        height=height,
        margin={"l": 60, "r": 20, "t": 20, "b": 50},
        font={"family": FONT, "size": 12, "color": "#222"},
        plot_bgcolor="white",
        paper_bgcolor="white",
        legend={"orientation": "h", "y": -0.2},
        hovermode="closest",
    )
    fig.update_xaxes(title_text=x_title, showline=True, linecolor="#888")
    fig.update_yaxes(title_text=y_title, gridcolor="#e6e6e6", zeroline=False)
    return fit_axis_titles(fig)  # a long y title in lines, in a notebook too


def white_template(fig: Any) -> Any:
    """``fig`` with the template ``update_layout(template="plotly_white")`` gives.

    Only cheaper: plotly validates and deep-copies the whole registered template
    at every such update (about 20 ms a figure on this machine, ten times a plain
    chart's drawing). The registered template is valid, so it is set without
    validation, as plotly sets its default template on every new figure: the figure
    then shares the registered object, as such a figure does. Replace a figure's
    template (``update_layout(template=...)``); never edit it in place.
    """
    import plotly.io as pio

    layout = fig.layout
    layout._validate = False
    try:
        layout.template = pio.templates["plotly_white"]
    finally:
        layout._validate = fig._validate
    return fig


def fit_page(fig: Any, *, height: int | None = None) -> Any:
    """Size an area figure for A4 and drop its title (the report prints a caption)."""
    fig.update_layout(
        width=WIDTH,
        height=height or min(max(int(fig.layout.height or 0), HEIGHT), MAX_HEIGHT),
        title=None,
        margin={"t": 20},
        font={"family": FONT, "size": 11},
    )
    return fig


#: Plotly renderer of a kernel: interactive (JupyterLab, HTML with plotly.js inside) and
#: a PNG of the same figure, so nbconvert's PDF, and any viewer without JavaScript,
#: shows the chart too.
STATIC_RENDERER: Final[str] = "plotly_mimetype+notebook+ipgar_png"
#: The script that gives plotly.js the Dutch month names in kaleido's page.
LOCALE_SCRIPT: Final[Path] = (
    Path(__file__).parent.parent / "data" / "plotly_locale_nl.js"
)
#: Set to ``0`` to keep plotly's own renderer in a kernel.
STATIC_ENV: Final[str] = "IPGAR_STATIC_FIGURES"


def use_static_fallback(lang: str = "nl") -> str:
    """Show every figure also as a PNG image (kaleido with the system's Chrome/Chromium).

    Applied on import of ``ipgar_metrics.figures`` inside a Jupyter kernel (unless
    ``IPGAR_STATIC_FIGURES=0``); call it yourself elsewhere. ``IPGAR_CHROMIUM``, when
    set, is the browser kaleido uses. When no browser can draw the image, the figure
    stays interactive only and one warning says so. The PNG's date axes have the
    month names of ``lang`` (``with_locale``). Returns the renderer name.
    """
    import plotly.io as pio

    from ipgar_metrics.labels import check_lang

    check_lang(lang)
    use_interactive_locale(lang)
    if "ipgar_png" not in pio.renderers:
        pio.renderers["ipgar_png"] = _png_renderer()
    pio.renderers["ipgar_png"].lang = lang
    pio.renderers.default = STATIC_RENDERER
    return STATIC_RENDERER


#: The renderers that draw a notebook's interactive figure with the notebook's own
#: plotly.js (JupyterLab, VS Code; the classic notebook and nbconvert's HTML).
INTERACTIVE_RENDERERS: Final[tuple[str, ...]] = ("plotly_mimetype", "notebook")


def use_interactive_locale(lang: str = "nl") -> None:
    """The interactive figures of a notebook with ``lang``'s month names on date axes.

    JupyterLab and VS Code draw a figure with their own plotly.js, which knows only
    English month names; the figure's config can carry a locale's names with it
    (plotly.js's ``locales``). The renderers' config gets the Dutch names of
    ``labels.MONTH_NAMES`` and ``SHORT_MONTH_NAMES`` for ``nl``; ``en`` takes them
    off again. Any other setting of the config is kept.
    """
    import plotly.io as pio

    from ipgar_metrics.labels import MONTH_NAMES, SHORT_MONTH_NAMES, check_lang

    check_lang(lang)
    for name in INTERACTIVE_RENDERERS:
        renderer = pio.renderers[name]
        config = dict(renderer.config or {})
        locales = dict(config.get("locales") or {})
        if lang == "en":
            locales.pop("nl", None)
            if config.get("locale") == "nl":
                config.pop("locale")
        else:
            config["locale"] = lang
            locales[lang] = {
                "format": {
                    "months": list(MONTH_NAMES[lang]),
                    "shortMonths": list(SHORT_MONTH_NAMES[lang]),
                }
            }
        if locales:
            config["locales"] = locales
        else:
            config.pop("locales", None)
        renderer.config = config


def use_notebook_display(lang: str = "nl") -> None:
    """Set up a notebook's display: figures with a PNG copy, tables with reader's headers.

    The PNG copy is left out when ``IPGAR_STATIC_FIGURES=0`` (figures stay interactive).

    Tables (pandas frames) are shown as a reader sees them in ``lang``, in their HTML
    and plain-text forms (nbconvert's PDF uses the latter): the headers of
    ``labels.dutch_columns`` and the cells of ``labels.reader_cells`` (ja/nee, the
    names of statuses, quality checks and reject reasons); a transposed summary's row
    names as headers too (``labels.dutch_row_names``). The frames themselves keep
    their column names and codes. Outside a kernel only the figures are set.
    """
    from ipgar_metrics.labels import (
        check_lang,
        dutch_columns,
        dutch_row_names,
        reader_cells,
    )

    check_lang(lang)
    use_interactive_locale(lang)
    if _static_wanted():
        use_static_fallback(lang)
    shell = _shell()
    if shell is None:
        return
    formatters = shell.display_formatter.formatters

    def shown(frame: Any) -> Any:  # a transposed summary: its row names too
        return dutch_row_names(dutch_columns(reader_cells(frame, lang), lang), lang)

    def html(frame: Any) -> str:
        return str(shown(frame)._repr_html_())  # pandas' own HTML, display options kept

    def text(frame: Any, printer: Any, cycle: bool) -> None:
        printer.text(repr(shown(frame)))

    formatters["text/html"].for_type_by_name("pandas.core.frame", "DataFrame", html)
    formatters["text/plain"].for_type_by_name("pandas.core.frame", "DataFrame", text)


#: Seconds a figure's PNG may take before the figure is shown without it: longer than
#: kaleido's own bound on one image (90 s), so this one only ends a wait on a browser
#: that died before it could answer (kaleido would wait for it for ever).
PNG_WAIT_SECONDS: Final[float] = 150.0


def _png_renderer() -> Any:
    """Plotly's PNG renderer that warns once and leaves the PNG out when kaleido fails.

    A failed image is tried again with a new browser (a browser that crashed or hung
    on a loaded machine stays broken); only when that fails too are figures shown
    without their PNG copy. An ``IPGAR_CHROMIUM`` that names no program is said at
    the first figure, and no browser is started until it is mended (the next figure
    then has its PNG, without a new kernel).
    """
    import kaleido
    from plotly.io.base_renderers import PngRenderer

    from ipgar_metrics.browsers import install_hint, named_browser_problem

    class _FallbackPng(PngRenderer):  # type: ignore[misc]
        failed = False
        setting_told = False  # a browser setting that names no program, said once
        lang = "nl"  # the month names of date axes (``use_static_fallback``)

        def to_mimebundle(self, fig_dict: Any) -> dict[str, str]:
            if self.failed:
                return {}
            problem = named_browser_problem()  # read at each figure: a mend counts
            if problem is not None:
                if not self.setting_told:
                    type(self).setting_told = True
                    _warn_without_png(f": {problem}")
                return {}
            failure = ""  # only the name: the error holds the broken browser's tasks
            for attempt in range(3):
                if attempt or not browser_alive(kaleido):
                    _restart_browser(kaleido)
                bundle, failure = _within_time(
                    super().to_mimebundle,
                    with_locale(fig_dict, self.lang),
                    lambda: browser_alive(kaleido),
                )
                if bundle is not None:
                    return bundle
            type(self).failed = True
            _warn_without_png(f" ({failure}): {install_hint()}")
            return {}

    if named_browser_problem() is None:  # else started at the first figure after a mend
        # one browser for all figures, started without the key in its environment
        kaleido.start_sync_server(silence_warnings=True, **kaleido_options())
    return _FallbackPng()


def _warn_without_png(why: str) -> None:
    """Warn, where the notebook shows a figure, that it comes without its PNG copy."""
    warnings.warn(
        f"figures are shown without a PNG copy{why}.", UserWarning, stacklevel=3
    )


def _within_time(
    draw: Callable[[Any], Any], fig_dict: Any, alive: Callable[[], bool]
) -> tuple[dict[str, str] | None, str]:
    """``draw(fig_dict)`` as a dict, or None and the name of what went wrong.

    Drawn on a thread of its own and waited for while the browser lives (``alive()``),
    at most ``PNG_WAIT_SECONDS``: kaleido would wait for ever on a browser that died
    before it answered; such a thread is given up.
    """
    result: list[tuple[dict[str, str] | None, str]] = []

    def run() -> None:
        try:
            result.append((dict(draw(fig_dict)), ""))
        except Exception as exc:  # any failure of kaleido or its browser
            result.append((None, type(exc).__name__))

    limit = time.monotonic() + PNG_WAIT_SECONDS
    with warnings.catch_warnings():
        # plotly passes its default request headers, which the running browser
        # already has: not the analyst's concern
        warnings.filterwarnings("ignore", "The kopts argument is ignored")
        worker = threading.Thread(target=run, name="ipgar-png", daemon=True)
        worker.start()
        while worker.is_alive() and time.monotonic() < limit:
            worker.join(0.2)
            if worker.is_alive() and not alive():
                worker.join(0.5)  # an answer on its way as the browser ended
                break
    if result:
        return result[0]
    return None, "TimeoutError" if alive() else "BrowserFailedError"


def browser_alive(kaleido: Any) -> bool:
    """False when kaleido's process-wide browser has stopped without being closed.

    kaleido would queue the next image for it and wait forever.
    """
    server = kaleido._global_server
    thread = getattr(server, "_thread", None)
    return bool(server.is_running() and thread is not None and thread.is_alive())


def _restart_browser(kaleido: Any) -> None:
    """Stop kaleido's process-wide browser and start a new one.

    What is left of the old browser's tasks is collected here, at a quiet moment: a
    task that failed logs its traceback when collected, and Python 3.11 formats a
    traceback with the parser it may be inside of (``SystemError`` there).
    """
    kaleido.stop_sync_server(silence_warnings=True)
    gc.collect()
    kaleido.start_sync_server(silence_warnings=True, **kaleido_options())


def with_locale(fig_dict: dict[str, Any], lang: str) -> dict[str, Any]:
    """``fig_dict`` (a figure as a dict) drawn with ``lang``'s month names on date axes.

    plotly.js writes "Oct 2025" on a date axis whatever the figure's language; a
    figure kaleido draws in the page of ``kaleido_options`` reads "okt 2025" when its
    layout's meta asks for the locale ``nl`` (``ipgar_locale``; kaleido passes on a
    figure's layout, not its config). English keeps plotly's own names, and so does
    a figure whose layout meta is not a mapping. A copy; ``fig_dict`` is kept.
    """
    layout = fig_dict.get("layout") or {}
    meta = layout.get("meta")
    if lang == "en" or not (meta is None or isinstance(meta, dict)):
        return fig_dict
    meta = {**(meta or {}), "ipgar_locale": lang}
    return {**fig_dict, "layout": {**layout, "meta": meta}}


def kaleido_options() -> dict[str, Any]:
    """How the toolkit starts kaleido: a browser without the key, and no network.

    The browser is the one ``IPGAR_CHROMIUM`` names, when set (read at each start, so
    a corrected value counts), else the one kaleido finds. kaleido's page would load
    MathJax from a CDN unless told not to; no figure of the toolkit uses LaTeX, and
    nothing is fetched at run time. The page registers the locale ``nl``
    (``LOCALE_SCRIPT``), which a figure drawn with ``with_locale`` uses.
    """
    from kaleido import PageGenerator

    from ipgar_metrics.browsers import BROWSER_ENV

    # plotly.js of the installed plotly, no MathJax, and the Dutch month names
    page = PageGenerator(mathjax=False, others=[(LOCALE_SCRIPT.as_uri(), "utf-8")])
    options: dict[str, Any] = {
        "browser_cls": _keyless_chromium(),
        "page_generator": page,
    }
    browser = os.environ.get(BROWSER_ENV)
    if browser:  # a name on PATH, as the PDF takes it, or a full path
        options["path"] = shutil.which(browser) or browser
    return options


def _keyless_chromium() -> Any:
    """The browser class for kaleido: Chromium without ``IPGAR_KEY`` in its environment."""
    from choreographer.browsers import Chromium

    from ipgar_metrics import privacy

    class _KeylessChromium(Chromium):
        def get_env(self) -> dict[str, str]:
            return privacy.child_environment(super().get_env())

    return _KeylessChromium


def _shell() -> Any:
    """The running IPython shell, or None (never imports IPython itself)."""
    ipython = sys.modules.get("IPython")
    get = getattr(ipython, "get_ipython", None)
    return get() if get is not None else None


def _in_kernel() -> bool:
    return "ipykernel" in sys.modules and _shell() is not None


def _static_wanted() -> bool:
    """False when ``IPGAR_STATIC_FIGURES=0``: figures without their PNG copy."""
    return os.environ.get(STATIC_ENV, "1") != "0"


if _in_kernel() and _static_wanted():
    use_static_fallback()
