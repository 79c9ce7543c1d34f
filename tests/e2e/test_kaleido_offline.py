"""kaleido draws without the network, and a notebook's PNG survives browser trouble.

kaleido builds a page for its browser; unless told otherwise that page loads MathJax
from a CDN, which would be a fetch at run time (and a long wait on a machine whose
name lookups hang). The pages are recorded as kaleido writes them
(``kaleido_pages``) and must name no ``http`` address. The renderer of a notebook
kernel is then made to lose its browser (killed like a crash) and must still give the
next figure its PNG, without a warning; a browser that closes at its start, or an
``IPGAR_CHROMIUM`` that names no program, leaves the PNG out with one warning and no
wait, and the image commands say what to set.
"""

from __future__ import annotations

import base64
import time
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


def test_a_browser_setting_that_names_no_program_is_said_once_until_mended(
    monkeypatch,
) -> None:
    from ipgar_metrics.figures._style import _png_renderer

    kaleido.stop_sync_server(silence_warnings=True)
    monkeypatch.setenv("IPGAR_CHROMIUM", "/nergens/chrome")
    renderer = _png_renderer()
    with warnings.catch_warnings(record=True) as seen:
        warnings.simplefilter("always")
        assert renderer.to_mimebundle(_figure(1)) == {}
        assert renderer.to_mimebundle(_figure(2)) == {}
    told = [str(w.message) for w in seen if issubclass(w.category, UserWarning)]
    assert told == [
        "figures are shown without a PNG copy: IPGAR_CHROMIUM names chrome, which "
        "is not an installed program; set it to the full path of chrome.exe, "
        "msedge.exe or chromium."
    ]
    assert not kaleido._global_server.is_running()  # no browser started
    # mended in the same kernel: the next figure has its PNG
    monkeypatch.delenv("IPGAR_CHROMIUM")
    try:
        _png(renderer.to_mimebundle(_figure(3)))
    finally:
        kaleido.stop_sync_server(silence_warnings=True)


@pytest.mark.filterwarnings("ignore::pytest.PytestUnhandledThreadExceptionWarning")
def test_a_browser_that_closes_at_once_leaves_the_png_out_without_a_hang(
    monkeypatch, tmp_path
) -> None:
    """kaleido queues an image for a browser that died at its start and waits for
    ever; the renderer gives up when the browser is gone, and says so once."""
    from ipgar_metrics.figures._style import PNG_WAIT_SECONDS, _png_renderer

    broken = tmp_path / "chromium"
    broken.write_text("#!/bin/sh\nexit 1\n")
    broken.chmod(0o755)
    kaleido.stop_sync_server(silence_warnings=True)
    monkeypatch.setenv("IPGAR_CHROMIUM", str(broken))
    try:
        renderer = _png_renderer()
        started = time.monotonic()
        with warnings.catch_warnings(record=True) as seen:
            warnings.simplefilter("always")
            assert renderer.to_mimebundle(_figure(1)) == {}
            assert renderer.to_mimebundle(_figure(2)) == {}  # not tried again
        # given up when the browser ended, not after waiting out the bound
        assert time.monotonic() - started < PNG_WAIT_SECONDS
        told = [str(w.message) for w in seen if issubclass(w.category, UserWarning)]
        assert len(told) == 1, told
        assert told[0].startswith("figures are shown without a PNG copy (")
    finally:
        kaleido.stop_sync_server(silence_warnings=True)


@pytest.mark.parametrize("command", ["figures", "dfg"])
def test_images_with_a_browser_setting_that_names_no_program(
    command, sim_store, tmp_path, monkeypatch, capsys
) -> None:
    from ipgar_metrics.cli._main import main

    monkeypatch.setenv("IPGAR_CHROMIUM", "/nergens/chrome")
    out = tmp_path / ("figs" if command == "figures" else "map.png")
    code = main([command, "--db", str(sim_store.db), "--out", str(out)])
    assert code == 1
    last = capsys.readouterr().err.strip().splitlines()[-1]
    assert last == (
        f"ipgar {command}: IPGAR_CHROMIUM names chrome, which is not an installed "
        "program; set it to the full path of chrome.exe, msedge.exe or chromium."
    )


@pytest.mark.filterwarnings("ignore::pytest.PytestUnhandledThreadExceptionWarning")
@pytest.mark.parametrize("command", ["figures", "dfg"])
def test_images_with_a_browser_that_closes_at_once(
    command, sim_store, tmp_path, monkeypatch, capsys
) -> None:
    from ipgar_metrics.cli._main import main

    broken = tmp_path / "chromium"
    broken.write_text("#!/bin/sh\nexit 1\n")
    broken.chmod(0o755)
    kaleido.stop_sync_server(silence_warnings=True)
    monkeypatch.setenv("IPGAR_CHROMIUM", str(broken))
    out = tmp_path / ("figs" if command == "figures" else "map.png")
    code = main([command, "--db", str(sim_store.db), "--out", str(out)])
    assert code == 1
    err = capsys.readouterr().err
    assert "Traceback" not in err
    assert (
        err.strip()
        .splitlines()[-1]
        .startswith(f"ipgar {command}: the images could not be drawn (")
    )
