"""A figure kaleido fails to draw is drawn once more, then fails loudly.

kaleido returns the errors of the figures it could not draw (a tab that crashed or
timed out) instead of raising them, and removes their files. Seen in CI: ``ipgar
dfg --out map.png`` returned 0 and wrote no file. These tests put a stand-in for
kaleido's one call that fails chosen figures (the browser's failures cannot be
caused on purpose); the drawing itself is tested with the real browser in
``tests/e2e/test_figure_images.py``.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from ipgar_metrics.errors import ConfigError
from ipgar_metrics.figures import _images

PNG = b"\x89PNG\r\n\x1a\n"


class FailingKaleido:
    """kaleido's ``write_fig_from_object_sync``, failing the files named in ``fail``
    for the first ``times`` calls that draw them."""

    def __init__(self, fail: set[str], times: int) -> None:
        self.fail, self.times, self.calls = fail, times, []

    def __call__(self, jobs: list[dict[str, Any]], **_: Any) -> tuple[Exception, ...]:
        self.calls.append([Path(j["path"]).name for j in jobs])
        errors: list[Exception] = []
        for job in jobs:
            path = Path(job["path"])
            if path.name in self.fail and len(self.calls) <= self.times:
                path.unlink(missing_ok=True)  # as kaleido does on a failure
                errors.append(TimeoutError())
            else:
                path.write_bytes(PNG)
        return tuple(errors)


@pytest.fixture
def jobs(tmp_path: Path) -> list[dict[str, Any]]:
    return [{"fig": None, "path": tmp_path / f"{n}.png", "opts": {}} for n in "abc"]


def _with(monkeypatch: pytest.MonkeyPatch, fake: FailingKaleido) -> None:
    import kaleido

    monkeypatch.setattr(kaleido, "write_fig_from_object_sync", fake)
    monkeypatch.setattr(kaleido._global_server, "is_running", lambda: False)


def test_a_figure_that_failed_once_is_drawn_again(monkeypatch, jobs):
    fake = FailingKaleido({"b.png"}, times=1)
    _with(monkeypatch, fake)
    _images._draw(jobs)
    assert fake.calls == [["a.png", "b.png", "c.png"], ["b.png"]]
    assert all(Path(j["path"]).read_bytes() == PNG for j in jobs)


def test_a_figure_that_fails_twice_is_one_line_naming_it(monkeypatch, jobs):
    fake = FailingKaleido({"c.png"}, times=2)
    _with(monkeypatch, fake)
    with pytest.raises(
        ConfigError, match=r"c\.png could not be drawn \(TimeoutError\)"
    ):
        _images._draw(jobs)


def test_a_file_of_an_earlier_run_does_not_pass_for_a_failed_one(monkeypatch, jobs):
    Path(jobs[0]["path"]).write_bytes(b"an old image")

    def leaves_a_png_alone(js: list[dict[str, Any]], **_: Any) -> tuple[Exception]:
        for job in js:  # fails a.png without touching its file
            if Path(job["path"]).name != "a.png":
                Path(job["path"]).write_bytes(PNG)
        return (TimeoutError(),)

    import kaleido

    monkeypatch.setattr(kaleido, "write_fig_from_object_sync", leaves_a_png_alone)
    monkeypatch.setattr(kaleido._global_server, "is_running", lambda: False)
    with pytest.raises(ConfigError, match=r"a\.png could not be drawn"):
        _images._draw(jobs)
