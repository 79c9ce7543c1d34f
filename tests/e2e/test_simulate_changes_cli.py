"""``ipgar simulate --changes FILE``: planted effects from the command line."""

from __future__ import annotations

import json

import pytest

from ipgar_metrics.cli import main


def _run(args: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    code = main(args)
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_changes_file_is_planted_and_recorded(tmp_path, capsys):
    changes = [{"from": "2022-01-01", "set": {"own_org_p": 0.1}}]
    path = tmp_path / "changes.json"
    path.write_text(json.dumps(changes), encoding="utf-8")
    out = tmp_path / "sim"
    args = ["simulate", "--cases", "200", "--seed", "2", "--no-xlsx", "--quiet"]
    code, _, err = _run([*args, "--out", str(out), "--changes", str(path)], capsys)
    assert code == 0, err
    truth = json.loads((out / "truth.json").read_text(encoding="utf-8"))
    assert truth["parameters"]["changes"] == changes
    assert truth["planted"] == [
        {**changes[0], "applies_at": {"own_org_p": "intervention"}}
    ]
    # the own-organisation share falls from about 0.62 to about 0.1 + 0.9 * (chance
    # that another provider is the own organisation): below 0.35 in every later year
    shares = {
        r["year"]: r["own_org_interventions"] / r["interventions"]
        for r in truth["years"]
        if r["interventions"]
    }
    assert all(shares[y] > 0.45 for y in range(2017, 2022)), shares
    assert all(shares[y] < 0.35 for y in range(2022, 2027)), shares


@pytest.mark.parametrize(
    ("content", "words"),
    [
        ("{not json", "is not valid JSON"),
        ('{"from": "2022-01-01", "set": {}}', "must hold a list"),
        (
            '[{"from": "2022-01-01", "set": {"stay_sigma": 1}}]',
            'parameter "stay_sigma"',
        ),
        ('[{"from": "2022-01-01", "set": [1]}]', '"from": "YYYY-MM-DD"'),
    ],
)
def test_a_wrong_changes_file_is_one_line_and_exit_1(tmp_path, capsys, content, words):
    path = tmp_path / "changes.json"
    path.write_text(content, encoding="utf-8")
    args = ["simulate", "--cases", "20", "--out", str(tmp_path / "sim"), "--quiet"]
    code, _, err = _run([*args, "--changes", str(path)], capsys)
    assert code == 1
    assert len(err.splitlines()) == 1 and words in err, err
    assert not (tmp_path / "sim").exists()


def test_a_missing_changes_file_says_so(tmp_path, capsys):
    args = ["simulate", "--cases", "20", "--out", str(tmp_path / "sim"), "--quiet"]
    code, _, err = _run([*args, "--changes", str(tmp_path / "none.json")], capsys)
    assert code == 1 and "cannot read the changes file none.json" in err, err
