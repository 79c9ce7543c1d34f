"""The measures register: format, checks with one-line messages, and the CLI."""

from __future__ import annotations

import json
from datetime import date

import pytest

from ipgar_metrics.errors import ConfigError
from ipgar_metrics.metrics.evaluate import find_measure, load_measures
from tests.unit.test_evaluate_primary import lead_store

REGISTER = """
[[measure]]
name = "snel"
step = "1a"
in_force = 2021-03-01
primary = "leadtime"
direction = "up"
smallest_effect = 0.10
segment = { report_source = ["MAP"] }

[[measure]]
name = "gefaseerd"
step = "2"
in_force = [2021-09-01, 2021-03-15]
primary = "contact"
direction = "down"
smallest_effect = 7
organisations = ["politie"]
"""


def write(tmp_path, text):
    path = tmp_path / "measures.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_register_is_read_and_phased_periods(tmp_path):
    measures = load_measures(write(tmp_path, REGISTER))
    assert list(measures) == ["snel", "gefaseerd"]
    m = measures["gefaseerd"]
    assert m.in_force == (date(2021, 3, 15), date(2021, 9, 1))  # sorted
    assert (m.step, m.primary, m.direction, m.smallest_effect) == (
        "2",
        "contact",
        "down",
        7.0,
    )
    assert m.organisations == ("politie",)
    # before: 6 months up to the first phase; after: 6 months from the last phase
    assert m.periods(6) == {
        "before": (date(2020, 9, 15), date(2021, 3, 14)),
        "after": (date(2021, 9, 1), date(2022, 2, 28)),
    }
    assert measures["snel"].segment == {"report_source": ("MAP",)}


def test_the_shipped_example_loads():
    measures = load_measures()
    assert len(measures) >= 3
    assert {m.primary for m in measures.values()} == {
        "leadtime",
        "contact",
        "integrality",
    }
    assert any(len(m.in_force) > 1 for m in measures.values())


@pytest.mark.parametrize(
    ("change", "match"),
    [
        (
            ('step = "1a"', 'step = "1c"'),
            '"snel"\\): unknown step "1c"; choose one of: 0, 1a, 1b',
        ),
        (('direction = "up"', 'direction = "upp"'), "did you mean up\\?"),
        (("smallest_effect = 0.10", "smallest_effect = -1"), "must be a positive"),
        (("in_force = 2021-03-01", 'in_force = "2021-03-01"'), "no quotes"),
        (('primary = "leadtime"', 'primaire = "leadtime"'), 'unknown key "primaire"'),
        (('name = "gefaseerd"', 'name = "snel"'), "used twice"),
    ],
)
def test_bad_registers_say_what_to_fix(tmp_path, change, match):
    text = REGISTER.replace(*change, 1)
    with pytest.raises(ConfigError, match=match) as info:
        load_measures(write(tmp_path, text))
    assert "\n" not in str(info.value)


def test_unknown_measure_did_you_mean(tmp_path):
    with pytest.raises(
        ConfigError, match=r'unknown measure "snl"; did you mean snel\?'
    ):
        find_measure("snl", write(tmp_path, REGISTER))


def test_cli_measure(tmp_path, capsys):
    from ipgar_metrics.cli._main import main

    db = lead_store(tmp_path)
    reg = write(tmp_path, REGISTER.replace('segment = { report_source = ["MAP"] }', ""))
    base = ["evaluate", "--db", str(db), "--measures", str(reg), "--window", "2"]
    assert main([*base, "--measure", "snl"]) == 1
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1 and "did you mean snel?" in err
    args = [*base, "--measure", "snel", "--as-of", "2021-09-01", "--n-boot", "200"]
    assert main([*args, "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["measure"]["name"] == "snel"
    assert data["measure"]["in_force"] == ["2021-03-01"]
    primary = [r["statistic"] for r in data["comparison"] if r["role"] == "primary"]
    assert primary == ["decided_8w_share"]
    # a measure brings its own dates and primary
    assert main([*args, "--change", "2021-03-01"]) == 1
    assert "drop --change" in capsys.readouterr().err
    assert main([*args, "--metric", "contact"]) == 1
    assert "primary of measure" in capsys.readouterr().err


def test_phased_step_leaves_the_months_between_the_phases_out():
    import numpy as np
    import pandas as pd

    from ipgar_metrics.metrics.evaluate._its import monthly_series
    from tests.unit.test_evaluate import items_frame

    # 36 months from 2019-01; phases 2020-01-15 and 2020-06-01: January to May 2020
    # are transition months; June 2020 is t = 0. As for one change date, the window
    # counts 6 months back from the first full month after the first phase
    # (February 2020: August 2019 to January 2020, January being a transition
    # month) and 6 on from June 2020 (June to November)
    frame = monthly_series(
        items_frame(np.arange(36.0)),
        change=date(2020, 6, 1),
        phase_start=date(2020, 1, 15),
        as_of=pd.Timestamp("2022-01-01", tz="Europe/Amsterdam"),
        window_months=6,
        statistic="mean",
    )
    months = frame["month"].tolist()
    assert months == [f"2019-{m:02d}" for m in range(8, 13)] + [
        f"2020-{m:02d}" for m in range(6, 12)
    ]
    assert frame.loc[frame["month"] == "2020-06", "t"].item() == 0
    assert frame.loc[frame["month"] == "2019-12", "t"].item() == -6


def test_measure_sentence_weighs_power_against_the_declared_effect():
    from ipgar_metrics.metrics.evaluate import measure_sentences

    m = load_measures()["snellere-informatieronde"].as_record()  # up, >= 0.10
    text = measure_sentences(m, {"detectable_difference": 0.24}, metric="leadtime")
    assert text["sentence_nl"] == (
        "Vooraf vastgelegd (maatregel snellere-informatieronde, stap 1a): een stijging "
        "van minstens 10 procentpunt. Deze vergelijking kon een verschil van 24 "
        "procentpunt met 80% kans vinden: te weinig voor het vastgelegde effect."
    )
    m2 = {**m, "direction": "down", "smallest_effect": 7.0}
    text = measure_sentences(m2, {"detectable_difference": 5.6}, metric="contact")
    assert text["sentence_en"] == (
        "Declared beforehand (measure snellere-informatieronde, step 1a): a fall of at "
        "least 7.0 days. This comparison could find a difference of 5.6 days with 80% "
        "power: enough for the declared effect."
    )
