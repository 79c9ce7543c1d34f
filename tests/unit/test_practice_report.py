"""The funnel plot and the report section "Werkwijze per organisatie" on the hand-made log.

The log of ``test_practice`` (as_of 2025-03-01): oov has three case managers, politie
two and reclassering one; the report month 2025-02 is taken at 2025-03-01.
"""

import json

import pytest

from ipgar_metrics import fig_funnel, funnel_lines
from ipgar_metrics.metrics.practice import OTHER_ORGS, practice_profile
from ipgar_metrics.report._model import Chart, Context, Table
from ipgar_metrics.report.sections import SECTIONS, practice_section
from tests.unit.test_practice import KW
from tests.unit.test_practice import con as _con

con = _con  # the hand-made store, as a fixture of this module too


@pytest.fixture(scope="module")
def points(con):
    return practice_profile(con, **KW, min_managers=2, level="point")


def test_funnel_lines_are_the_exact_limits(points):
    lines = funnel_lines(points, measure="contact_gap")
    # centre 1/4; at n = 2 the upper 95% limit is 2/2 (Binomial(2, 1/4): P(X<=1) = 15/16)
    row = lines.loc[lines["denominator"] == 2].iloc[0]
    assert row["expected"] == pytest.approx(0.25)
    assert row["upper_95"] == 1.0 and row["lower_95"] == 0.0
    assert funnel_lines(points, measure="median_days_to_first_contact").empty


@pytest.mark.parametrize(
    ("lang", "words"),
    [
        ("nl", ("95%-grenzen", "alle organisaties")),
        ("en", ("95% limits", "all organisations")),
    ],
)
def test_funnel_plot_labels_and_points(points, lang, words):
    lines = funnel_lines(points, measure="own_org_share")
    fig = fig_funnel(points, lines, measure="own_org_share", lang=lang)
    names = {t.name for t in fig.data}
    assert set(words) <= names
    markers = [t for t in fig.data if t.mode == "markers+text"]
    shown = sorted(x for t in markers for x in t.x)
    assert shown == [1.0, 2.0]  # politie 1 intervention, oov 2
    text = json.dumps(fig.to_plotly_json(), default=str)
    for cm in ("M1", "M2", "M3", "P1", "P2", "R1"):
        assert f'"{cm}"' not in text


def test_section_is_registered_after_case_managers():
    names = [s.__name__ for s in SECTIONS]
    assert names.index("practice_section") == names.index("casemgmt_section") + 1


def test_intern_section(con):
    ctx = Context(con, "2025-02", audience="intern")
    sec = practice_section(ctx)
    assert sec.title == "Werkwijze per organisatie"
    tables = [b for b in sec.blocks if isinstance(b, Table)]
    gap = tables[0]
    # default: three case managers: oov, and politie + reclassering merged
    assert [r[0].text for r in gap.rows] == ["OOV (gemeente)", "overige organisaties"]
    assert [r[1].text for r in gap.rows] == ["3", "2"]  # cases at 2025-03-01
    # the report uses the 90-day threshold: A2 (58.5 days) is under it: 0 of 2
    assert [c.text for c in gap.rows[0][2:4]] == ["0", "0%"]
    assert sum(isinstance(b, Chart) for b in sec.blocks) == 4


def test_extern_section_merges_and_shows_no_funnel(con):
    ctx = Context(con, "2025-02", audience="extern")
    sec = practice_section(ctx)
    assert not any(isinstance(b, Chart) for b in sec.blocks)
    gap = next(b for b in sec.blocks if isinstance(b, Table))
    # fewer than k = 10 cases: every organisation is merged, and the merged group
    # (six case managers) keeps its row with suppressed counts
    assert [r[0].text for r in gap.rows] == [OTHER_ORGS]
    assert gap.rows[0][1].text.startswith("<")
