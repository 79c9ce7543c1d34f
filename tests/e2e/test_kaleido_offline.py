"""kaleido draws without the network, and a notebook's PNG survives a crashed browser.

kaleido builds a page for its browser; unless told otherwise that page loads MathJax
from a CDN, which would be a fetch at run time (and a long wait on a machine whose
name lookups hang). The pages are recorded as kaleido writes them
(``kaleido_pages``) and must name no ``http`` address. The renderer of a notebook
kernel is then made to lose its browser (killed like a crash) and must still give the
next figure its PNG, without a warning.
"""

from __future__ import annotations

import base64
import warnings

import plotly.graph_objects as go
import psutil
import pytest

from tests.conftest import assert_offline_pages

kaleido = pytest.importorskip("kaleido")

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


@pytest.fixture
def renderer():
    from ipgar_metrics.figures._style import _png_renderer

    kaleido.stop_sync_server(silence_warnings=True)
    yield _png_renderer()
    kaleido.stop_sync_server(silence_warnings=True)


def _png(bundle: dict[str, str]) -> bytes:
    assert "image/png" in bundle, sorted(bundle)
    data = base64.b64decode(bundle["image/png"])
    assert data.startswith(PNG_SIGNATURE)
    return data


def _figure(n: int) -> dict:
    return go.Figure(go.Bar(x=["a", "b", "c"], y=[n, n + 1, n + 2])).to_dict()


def test_the_notebook_renderer_fetches_nothing(kaleido_pages, renderer) -> None:
    _png(renderer.to_mimebundle(_figure(1)))
    assert_offline_pages(kaleido_pages)


def _browsers() -> list[psutil.Process]:
    return [
        p
        for p in psutil.Process().children(recursive=True)
        if "chrom" in p.name().lower()
    ]


def test_the_notebook_renderer_outlives_a_crashed_browser(
    kaleido_pages, renderer
) -> None:
    _png(renderer.to_mimebundle(_figure(1)))
    crashed = _browsers()
    assert crashed, "no browser process of kaleido found"
    for process in crashed:
        process.kill()
    psutil.wait_procs(crashed, timeout=10)
    with warnings.catch_warnings(record=True) as seen:
        warnings.simplefilter("always")
        data = _png(renderer.to_mimebundle(_figure(2)))
    # no warning for the analyst (the collector may report the dead browser's
    # unclosed pipes as ResourceWarning, which Python shows to no one by default)
    told = [w for w in seen if issubclass(w.category, UserWarning)]
    assert not told, [str(w.message) for w in told]
    assert len(data) > 1000
    assert len(kaleido_pages) >= 2  # the first browser's page and a new one's
    assert not renderer.failed
