"""The report's "Netwerken" section on the hand-made network store of test_network.

Intern (as of 2025-06-01, numbers from that module's docstring): 5 components of 14
persons; X (5 persons, 3 managers, 2 organisations, 1 outside, met 42 days ago), Y (3,
2, 2, 1, 90 days) and W (2, 2, 2, 0, never) need coordination; only W is marked (90
days is not more than 90). Articulation points: A2 and A3 in X, B2 in Y. Bestuur: the
components per size band only (2: Z, W, G; 3-5: X, Y), small counts suppressed, no
person and no graph; openbaar: no section.
"""

from __future__ import annotations

import pytest

from ipgar_metrics import store
from ipgar_metrics.report._model import Chart, Context, Note, Table
from ipgar_metrics.report.sections import OPENBAAR, SECTIONS, network_section
from tests.unit.test_network import new_store, ps


@pytest.fixture(scope="module")
def con(tmp_path_factory):
    db = new_store(tmp_path_factory.mktemp("network_report"))
    c = store.connect(db, read_only=True)
    yield c
    c.close()


def _texts(section) -> str:
    out = [section.title, section.intro]
    for b in section.blocks:
        if isinstance(b, Table):
            out += [b.title, b.note, *b.columns]
            out += [c.text for r in b.rows for c in r]
        elif isinstance(b, Note):
            out.append(b.text)
        elif isinstance(b, Chart):
            out += [b.title, b.figure_json]
    return "\n".join(out)


def test_intern_lists_the_coordination_need_and_the_key_persons(con):
    sec = network_section(Context(con, "2025-05"))
    assert sec.title == "Netwerken"
    note = next(b for b in sec.blocks if isinstance(b, Note))
    assert note.text.startswith("5 netwerken van twee of meer personen in de aanpak "
                                "(14 personen); 3 met twee of meer casusregisseurs, "
                                "en in 1 daarvan")  # fmt: skip
    tables = [b for b in sec.blocks if isinstance(b, Table)]
    need = [[c.text for c in r] for r in tables[0].rows]
    assert need == [
        ["1", "5", "3", "2", "1", "42"],
        ["2", "3", "2", "2", "1", "90"],
        ["4", "2", "2", "2", "0", "nooit ⚑"],
    ]
    key = {(r[0].text, r[1].text) for r in tables[1].rows}
    assert key == {(ps("A2"), "1"), (ps("A3"), "1"), (ps("B2"), "2")}
    assert sum(isinstance(b, Chart) for b in sec.blocks) == 1  # the network graph


@pytest.mark.parametrize("k", [2, 10])
def test_bestuur_shows_only_numbers_of_components(con, k):
    sec = network_section(Context(con, "2025-05", audience="bestuur", k=k))
    assert not any(isinstance(b, Chart) for b in sec.blocks)
    table = next(b for b in sec.blocks if isinstance(b, Table))
    rows = {r[0].text: (r[1], r[2]) for r in table.rows}
    assert list(rows) == ["2", "3-5", "6+"]
    groups, need = rows["2"]
    assert (groups.n, need.n) == (3, 1) and (rows["3-5"][0].n, rows["3-5"][1].n) == (
        2,
        2,
    )
    if k == 10:
        assert all(c.value is None for r in table.rows for c in r[1:])  # all below k
    else:
        assert (groups.text, rows["3-5"][0].text) == ("3", "2")
    text = _texts(sec)
    for person in ("A1", "A2", "A3", "B2", "D1", "E1", "G1"):
        assert ps(person) not in text and ps(person)[:5] not in text


def test_the_public_release_has_no_network_section():
    assert network_section in SECTIONS and network_section not in OPENBAAR


def test_a_store_without_relations_says_so(tmp_path):
    db = new_store(tmp_path / "none", enable=False, relations=False)
    with store.connect(db, read_only=True) as c:
        sec = network_section(Context(c, "2025-05"))
    assert [type(b) for b in sec.blocks] == [Note]
    assert "niet beschikbaar" in sec.blocks[0].text


def test_the_network_graph_has_no_table_of_layout_positions(con):
    """Its points are places in a drawing: no "chart data" table of coordinates."""
    sec = network_section(Context(con, "2025-05"))
    (chart,) = [b for b in sec.blocks if isinstance(b, Chart)]
    assert chart.data is None
