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


# key custody: strength, no silent creation, the fixed order, child processes ---------


@pytest.mark.parametrize(
    ("key", "strong"),
    [
        (b"a", False),  # IPGAR_KEY=a, one byte
        (b"0123456789abcdefghijklmnopqrstu", False),  # 31 bytes, all different
        (b"0123456789abcdef" * 2, True),  # 32 bytes x log2(16) = 128 bits
        (b"0123456789abcde" * 2 + b"01", False),  # 32 x log2(15) = 125 bits
        (b"abcd" * 16, False),  # 64 bytes but 4 different values
        (b"abcdefgh" * 5 + b"abc", True),  # 43 x log2(8) = 129 bits
        (b"abcdefgh" * 5 + b"ab", False),  # 42 x log2(8) = 126 bits
    ],
)
def test_key_strength_rule(key, strong):
    if strong:
        assert privacy.check_key_strength(key, "a test") == key
    else:
        with pytest.raises(ConfigError, match=r"too weak.*ipgar key create") as err:
            privacy.check_key_strength(key, "a test")
        assert key.decode() not in str(err.value) or len(key) == 1


def test_one_byte_variable_is_refused_without_showing_it(monkeypatch):
    monkeypatch.setenv(config.KEY_ENV, "a")
    with pytest.raises(ConfigError, match=r"the variable IPGAR_KEY is too weak \(1 "):
        privacy.load_key()


def test_weak_key_file_is_refused_naming_the_file(tmp_path, monkeypatch):
    monkeypatch.delenv(config.KEY_ENV, raising=False)
    path = tmp_path / "pseudonym.key"
    path.write_bytes(b"short-key-0123456789\n")
    path.chmod(0o600)
    monkeypatch.setenv(config.KEY_FILE_ENV, str(path))
    with pytest.raises(ConfigError, match=f"the key file {path} is too weak") as err:
        privacy.load_key()
    assert "short-key" not in str(err.value)


def test_no_key_is_an_error_and_creates_nothing(tmp_path, monkeypatch):
    monkeypatch.delenv(config.KEY_ENV, raising=False)
    path = tmp_path / "keys" / "pseudonym.key"
    monkeypatch.setenv(config.KEY_FILE_ENV, str(path))
    with pytest.raises(ConfigError, match=r"no pseudonymisation key.*ipgar key create"):
        privacy.load_key()
    assert not path.exists() and not path.parent.exists()


def test_key_file_variable_comes_before_the_config_folder(tmp_path, monkeypatch):
    monkeypatch.delenv(config.KEY_ENV, raising=False)
    default = tmp_path / "config" / "pseudonym.key"
    default.parent.mkdir()
    default.write_bytes(STRONG + b"\n")
    default.chmod(0o600)
    monkeypatch.setattr(config, "DEFAULT_KEY_FILE", default)
    monkeypatch.delenv(config.KEY_FILE_ENV, raising=False)
    assert privacy.load_key() == STRONG  # the config folder, last in the order
    missing = tmp_path / "vault" / "ipgar.key"
    monkeypatch.setenv(config.KEY_FILE_ENV, str(missing))
    with pytest.raises(ConfigError, match=f"key file {missing} exists"):
        privacy.load_key()  # a named file that is missing: no fall-back
    monkeypatch.setenv(config.KEY_ENV, "from-the-environment-0123456789abcdef")
    assert privacy.load_key() == b"from-the-environment-0123456789abcdef"


def test_create_key_writes_64_hex_and_never_overwrites(tmp_path):
    path = tmp_path / "k" / "pseudonym.key"
    key = privacy.create_key(path)
    assert path.read_bytes() == key + b"\n"
    assert len(key) == 64 and set(key.decode()) <= set("0123456789abcdef")
    assert (path.parent.stat().st_mode & 0o777, path.stat().st_mode & 0o777) == (
        0o700,
        0o600,
    )
    with pytest.raises(ConfigError, match=r"already exists.*kept"):
        privacy.create_key(path)
    assert path.read_bytes() == key + b"\n"


def test_child_environment_drops_only_the_key(monkeypatch):
    monkeypatch.setenv(config.KEY_ENV, "k" * 40)
    monkeypatch.setenv("IPGAR_CHILD_MARKER", "kept")
    env = privacy.child_environment()
    assert config.KEY_ENV not in env and env["IPGAR_CHILD_MARKER"] == "kept"
    assert privacy.child_environment({"ipgar_key": "x", "PATH": "/bin"}) == {
        "PATH": "/bin"
    }  # Windows spells variables in any case
