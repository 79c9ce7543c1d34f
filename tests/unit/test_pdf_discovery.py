"""Browser discovery for the PDF: IPGAR_CHROMIUM, PATH, and the usual install folders.

An analyst's Windows laptop has Chrome or Edge under ``%ProgramFiles%``,
``%ProgramFiles(x86)%`` or ``%LocalAppData%`` and usually not on ``PATH``; the
expected paths below are written out by hand from those locations.
"""

from __future__ import annotations

import pytest

from ipgar_metrics.report import _pdf
from ipgar_metrics.report._pdf import PdfError, browser_locations, find_chromium

WINDOWS_ENV = {
    "ProgramFiles": r"C:\Program Files",
    "ProgramFiles(x86)": r"C:\Program Files (x86)",
    "LOCALAPPDATA": r"C:\Users\analist\AppData\Local",
    "PATH": r"C:\Windows\system32",
}
CHROME = r"C:\Program Files\Google\Chrome\Application\chrome.exe"
CHROME_X86 = r"C:\Program Files (x86)\Google\Chrome\Application\chrome.exe"
CHROME_USER = r"C:\Users\analist\AppData\Local\Google\Chrome\Application\chrome.exe"
EDGE = r"C:\Program Files (x86)\Microsoft\Edge\Application\msedge.exe"
EDGE_64 = r"C:\Program Files\Microsoft\Edge\Application\msedge.exe"


@pytest.fixture
def windows(monkeypatch: pytest.MonkeyPatch):
    """A Windows laptop: no browser on PATH; ``installed`` lists the files that exist."""
    installed: set[str] = set()
    monkeypatch.setattr(_pdf.sys, "platform", "win32")
    monkeypatch.setattr(_pdf.shutil, "which", lambda name: None)
    monkeypatch.setattr(_pdf, "_is_file", lambda path: path in installed)
    monkeypatch.delenv("IPGAR_CHROMIUM", raising=False)
    for name in ("PROGRAMFILES", "PROGRAMFILES(X86)", "LOCALAPPDATA"):
        monkeypatch.delenv(name, raising=False)
    for name, value in WINDOWS_ENV.items():
        if name != "PATH":
            monkeypatch.setenv(name, value)
    return installed


def test_windows_locations_from_the_environment() -> None:
    assert browser_locations("win32", WINDOWS_ENV) == [
        CHROME,
        CHROME_X86,
        CHROME_USER,
        EDGE,
        EDGE_64,
        r"C:\Users\analist\AppData\Local\Microsoft\Edge\Application\msedge.exe",
    ]


def test_windows_locations_skip_unset_folders() -> None:
    # A 32-bit Windows has no ProgramFiles(x86); a locked-down profile may lack LOCALAPPDATA.
    env = {"PROGRAMFILES": r"D:\Apps"}
    assert browser_locations("win32", env) == [
        r"D:\Apps\Google\Chrome\Application\chrome.exe",
        r"D:\Apps\Microsoft\Edge\Application\msedge.exe",
    ]


def test_no_guessed_locations_on_linux() -> None:
    assert browser_locations("linux", WINDOWS_ENV) == []


def test_macos_locations() -> None:
    assert "/Applications/Google Chrome.app/Contents/MacOS/Google Chrome" in (
        browser_locations("darwin", {})
    )


def test_edge_is_found_when_chrome_is_absent(windows: set[str]) -> None:
    windows.add(EDGE)
    assert find_chromium() == EDGE


def test_chrome_is_preferred_to_edge(windows: set[str]) -> None:
    windows.update({EDGE, CHROME_USER})
    assert find_chromium() == CHROME_USER


def test_nothing_installed(windows: set[str]) -> None:
    assert find_chromium() is None
    with pytest.raises(PdfError, match="install Chrome or Edge"):
        _pdf.run_headless(["--version"])


def test_ipgar_chromium_wins(
    windows: set[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    portable = r"E:\PortableApps\Chromium\chrome.exe"
    windows.update({EDGE, portable})
    monkeypatch.setenv("IPGAR_CHROMIUM", portable)
    assert find_chromium() == portable


def test_ipgar_chromium_to_a_missing_file_is_one_clear_error(
    windows: set[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("IPGAR_CHROMIUM", r"C:\nergens\chrome.exe")
    with pytest.raises(
        PdfError, match=r"IPGAR_CHROMIUM names .* not an installed program"
    ):
        _pdf.run_headless(["--version"])


def test_a_browser_that_cannot_start_is_a_pdf_error(
    tmp_path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A file that exists but is no program (a broken install): PdfError, not OSError.
    fake = tmp_path / "chrome.exe"
    fake.write_text("not a program", encoding="utf-8")
    monkeypatch.setenv("IPGAR_CHROMIUM", str(fake))
    with pytest.raises(PdfError, match=r"chrome\.exe could not be started"):
        _pdf.run_headless(["--version"], timeout=10)
