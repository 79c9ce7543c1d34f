"""Pseudonyms and the key file."""

from __future__ import annotations

import hashlib
import hmac

import pytest

from ipgar_metrics import config, privacy
from ipgar_metrics.errors import ConfigError

#: 64 hex characters, as `ipgar key create` writes (16 different values: 256 bits).
STRONG = b"0123456789abcdef" * 4


def test_pseudonym_is_a_prefixed_shortened_hmac():
    key = b"k" * 32
    expected = hmac.new(key, b"case:R1", hashlib.sha256).hexdigest()[
        : config.PSEUDONYM_LENGTH
    ]
    assert privacy.pseudonym("R1", key) == "C" + expected
    assert privacy.pseudonym(" R1 ", key) == privacy.pseudonym("R1", key)
    assert privacy.pseudonym("007", key) != privacy.pseudonym("7", key)
    assert privacy.pseudonym("R1", key, kind="manager").startswith("M")
    assert (
        privacy.pseudonym("R1", key, kind="manager")[1:]
        != privacy.pseudonym("R1", key)[1:]
    )


def test_key_file_created_owner_only(tmp_path, monkeypatch):
    # only create_key (`ipgar key create`) writes a key; load_key reads it
    monkeypatch.delenv(config.KEY_ENV, raising=False)
    path = tmp_path / "keys" / "pseudonym.key"
    monkeypatch.setenv(config.KEY_FILE_ENV, str(path))
    key = privacy.create_key(path)
    assert path.stat().st_mode & 0o777 == 0o600
    assert privacy.load_key() == key  # stable across calls


def test_key_file_readable_by_others_is_refused(tmp_path, monkeypatch):
    monkeypatch.delenv(config.KEY_ENV, raising=False)
    path = tmp_path / "pseudonym.key"
    path.write_bytes(b"x" * 64)
    path.chmod(0o644)
    monkeypatch.setenv(config.KEY_FILE_ENV, str(path))
    with pytest.raises(ConfigError, match="chmod 600"):
        privacy.load_key()


def test_env_key_wins(monkeypatch):
    monkeypatch.setenv(config.KEY_ENV, "from-the-environment-0123456789abcdef")
    assert privacy.load_key() == b"from-the-environment-0123456789abcdef"


def test_every_reason_code_the_sql_writes_is_declared():
    # the rejects SQL writes reason codes as text: each must be a ReasonCode
    import re
    from importlib import resources

    from ipgar_metrics.errors import ReasonCode

    sql_dir = resources.files("ipgar_metrics").joinpath("sql", "load")
    text = "".join(p.read_text() for p in sql_dir.iterdir() if p.name.endswith(".sql"))
    written = set(re.findall(r"'([a-z_]+)' AS reason_code", text))
    written |= set(re.findall(r"\('([a-z_]+)', '", text))  # the message templates
    assert len(written) >= 15
    assert written <= {c.value for c in ReasonCode}


def test_windows_mode_bits_do_not_refuse_the_key_file(tmp_path, monkeypatch):
    # Windows reports every file as 0o666: the mode check would refuse every key file
    monkeypatch.delenv(config.KEY_ENV, raising=False)
    path = tmp_path / "pseudonym.key"
    path.write_bytes(STRONG)
    path.chmod(0o666)
    monkeypatch.setenv(config.KEY_FILE_ENV, str(path))
    monkeypatch.setattr(privacy, "_MODE_BITS_MEAN_ACCESS", False)  # as on Windows
    assert privacy.load_key() == STRONG
