"""A vocabulary that grows without code (issue "No silent wrong answers").

A value of org, outcome, risk_category or ideology outside the vocabulary loads with a
``new_value`` quality flag and a one-line note; ``vocabulary.toml`` beside the mapping
(or named in it) adds codes, which then load unflagged and, for organisations, count
in their domain. Unknown activities are still rejected. The note names a value only
when it looks like a code: never a value with a digit or a capitalised name.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import duckdb
import pytest

from ipgar_metrics import integrality, quality_report, store
from ipgar_metrics.errors import ConfigError
from ipgar_metrics.ingest import load_into
from ipgar_metrics.ingest._mapping import Mapping, mask_header, shown_value
from ipgar_metrics.metrics.casework import interventions

KEY = b"vocabulary-growth-key-0123456789"
EXPORT_DATE = date(2025, 3, 1)
HEAD = "case_id,activity,timestamp,org,case_manager,life_domain,outcome"
# one case in the approach: a case manager of oov, then an intervention by `org`
LOG = [
    "K-1,melding,2025-01-02T09:00:00+01:00,,,,MAP",
    "K-1,instroom,2025-01-03T09:00:00+01:00,,,,",
    "K-1,regisseur_toegewezen,2025-01-03T10:00:00+01:00,oov,M-1,,",
    "K-1,interventie_start,2025-01-05T09:00:00+01:00,{org},,inkomen,",
]
VOCABULARY = """
[org]
wijkteam_zuid = "sociaal"
[risk_category]
codes = ["lone_actor"]
[ideology]
codes = ["anti_institutioneel"]
[outcome]
uitstroom = ["verhuisd_buitenland"]
"""
NOTE_END = "; add them to vocabulary.toml or fix the export"


def write(folder: Path, name: str, text: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / name).write_text(text, encoding="utf-8")
    return folder / name


def export(folder: Path, *rows: str, head: str = HEAD) -> Path:
    return write(folder, "export.csv", "\n".join([head, *rows]) + "\n")


def log(org: str) -> list[str]:
    return [r.format(org=org) for r in LOG]


def load(con: duckdb.DuckDBPyConnection, paths: list[Path], mapping: Path | None):
    return load_into(
        con,
        paths,
        mapping=mapping,
        key=KEY,
        export_date=EXPORT_DATE,
        profile="ipgar",
    )


def flags(con: duckdb.DuckDBPyConnection) -> list[tuple[str, int, str]]:
    return con.execute(
        "SELECT file, \"row\", message FROM quality_flags WHERE check_code = 'new_value' "
        'ORDER BY file, "row"'
    ).fetchall()


def test_a_new_org_loads_flagged_with_a_one_line_note(tmp_path):
    con = store.memory_store()
    rows = [
        *log("wijkteam_zuid"),
        "K-1,contact,2025-01-06T09:00:00+01:00,wijkteam_zuid,,,",
    ]
    r = load(con, [export(tmp_path, *rows)], None)
    assert (r.rows_read, r.rows_loaded, r.rows_rejected) == (5, 5, 0)
    assert r.new_values == [("org", "shape aaaaaaaa_aaaa", 1, 2)]  # shape only
    assert r.new_values_note() == (
        "new values loaded and flagged: org shape aaaaaaaa_aaaa (2 rows)" + NOTE_END
    )
    # one flag per row (rows 4 and 5 of the file), naming the column, not the value
    got = flags(con)
    assert [(f, row) for f, row, _ in got] == [("export.csv", 4), ("export.csv", 5)]
    assert all('column "org": new org value' in m for *_, m in got)
    assert not any("wijkteam" in m for *_, m in got)
    report = quality_report(con).set_index("check")
    assert report.loc["new_value", "severity"] == "warning"
    assert report.loc["new_value", "count"] == 2
    # without a vocabulary file the organisation has no domain
    iv = interventions(con, as_of=EXPORT_DATE)
    assert list(iv["domain"]) == ["onbekend"]


def test_listed_in_vocabulary_toml_it_loads_unflagged_in_its_domain(tmp_path):
    mapping = write(tmp_path, "mapping.toml", "")
    write(tmp_path, "vocabulary.toml", VOCABULARY)
    con = store.memory_store()
    rows = [
        *log("wijkteam_zuid"),
        "K-1,uitstroom,2025-02-01T09:00:00+01:00,,,,verhuisd_buitenland",
    ]
    r = load(con, [export(tmp_path, *rows)], mapping)
    assert (r.rows_loaded, r.rows_rejected, r.new_values) == (5, 0, [])
    assert r.new_values_note() is None
    assert flags(con) == []
    assert quality_report(con).set_index("check").loc["new_value", "count"] == 0
    iv = interventions(con, as_of=EXPORT_DATE)
    assert list(iv["domain"]) == ["sociaal"]
    case = integrality(con, as_of=EXPORT_DATE).iloc[0]
    # the one intervention is by a sociaal organisation, not the manager's (oov)
    assert (case.n_sociaal, case.n_veiligheid, case.own_org_interventions) == (1, 0, 0)
    assert bool(case.has_social_or_care)


def test_a_vocabulary_file_named_in_the_mapping(tmp_path):
    mapping = write(tmp_path, "mapping.toml", 'vocabulary = "words/extra.toml"\n')
    write(tmp_path / "words", "extra.toml", '[org]\nwijkteam_zuid = "zorg"\n')
    con = store.memory_store()
    r = load(con, [export(tmp_path, *log("wijkteam_zuid"))], mapping)
    assert r.new_values == []
    assert list(interventions(con, as_of=EXPORT_DATE)["domain"]) == ["zorg"]


def test_the_store_keeps_the_grown_vocabulary_for_later_loads(tmp_path):
    con = store.memory_store()
    write(tmp_path / "a", "vocabulary.toml", VOCABULARY)
    first = load(
        con,
        [export(tmp_path / "a", *log("wijkteam_zuid"))],
        write(tmp_path / "a", "m.toml", ""),
    )
    assert first.new_values == []
    # a later export, mapping without a vocabulary file beside it
    later = export(
        tmp_path / "b", "K-2,contact,2025-02-01T09:00:00+01:00,wijkteam_zuid,,,"
    )
    second = load(con, [later], write(tmp_path / "b", "m.toml", ""))
    assert (second.rows_loaded, second.new_values) == (1, [])
    assert sorted(set(interventions(con, as_of=EXPORT_DATE)["domain"])) == ["sociaal"]


def test_a_new_risk_category_on_a_case_table_row(tmp_path):
    events = export(tmp_path, "K-1,melding,2025-01-02T09:00:00+01:00,,,,MAP")
    cases = write(
        tmp_path,
        "cases.csv",
        "case_id,risk_category,ideology\nK-1,lone_actor,rechts\nK-2,aanslag,rechts\n",
    )
    con = store.memory_store()
    r = load(con, [events, cases], None)
    assert (r.case_rows_read, r.case_rows_loaded, r.case_rows_rejected) == (2, 2, 0)
    assert r.new_values == [("risk_category", "shape aaaa_aaaaa", 1, 1)]
    assert [(f, row) for f, row, _ in flags(con)] == [("cases.csv", 1)]
    stored = con.execute(
        "SELECT risk_category FROM cases ORDER BY risk_category"
    ).fetchall()
    assert stored == [("aanslag",), ("lone_actor",)]


def test_a_new_outcome_and_ideology_on_event_rows(tmp_path):
    rows = [
        "K-1,melding,2025-01-02T09:00:00+01:00,,,,MAP",
        "K-1,uitstroom,2025-02-01T09:00:00+01:00,,,,verhuisd_buitenland",
        # contact has no outcome vocabulary: any outcome loads as before, unflagged
        "K-1,contact,2025-02-02T09:00:00+01:00,politie,,,iets",
    ]
    head = HEAD + ",ideology"
    rows = [
        r + ("," + ("anti_institutioneel" if i == 0 else ""))
        for i, r in enumerate(rows)
    ]
    con = store.memory_store()
    r = load(con, [export(tmp_path, *rows, head=head)], None)
    assert (r.rows_loaded, r.rows_rejected) == (3, 0)
    assert r.new_values_note() == (
        "new values loaded and flagged: ideology shape aaaa_aaaaaaaaaaaaaa (1 row); "
        "outcome of uitstroom shape aaaaaaaa_aaaaaaaaaa (1 row)" + NOTE_END
    )
    assert [row for _, row, _ in flags(con)] == [1, 2]


def test_an_unknown_activity_is_still_rejected(tmp_path):
    mapping = write(tmp_path, "mapping.toml", "")
    write(tmp_path, "vocabulary.toml", VOCABULARY)
    con = store.memory_store()
    rows = [*log("politie"), "K-1,vliegen,2025-01-06T09:00:00+01:00,wijkteam_zuid,,,"]
    r = load(con, [export(tmp_path, *rows)], mapping)
    assert (r.rows_loaded, r.rows_rejected) == (4, 1)
    assert list(r.rejects["reason_code"]) == ["unknown_activity"]
    assert r.new_values == [] and flags(con) == []


def test_life_domain_and_report_source_are_still_rejected(tmp_path):
    rows = [
        "K-1,melding,2025-01-02T09:00:00+01:00,,,,MAP",
        "K-1,interventie_start,2025-01-05T09:00:00+01:00,ggz,,maan,",
    ]
    con = store.memory_store()
    r = load(con, [export(tmp_path, *rows)], None)
    assert list(r.rejects["reason_code"]) == ["unknown_life_domain"]
    cases = write(tmp_path, "cases.csv", "case_id,report_source\nK-1,radio\n")
    r = load(store.memory_store(), [export(tmp_path, rows[0]), cases], None)
    assert list(r.rejects["reason_code"]) == ["unknown_attribute"]


def test_a_value_with_digits_in_the_org_column_is_never_printed(tmp_path):
    raw = ["K-12345", "1985-03-04", "Jan Jansen", "jansen 12"]
    rows = [
        f"K-1,contact,2025-01-0{i + 2}T09:00:00+01:00,{v},,," for i, v in enumerate(raw)
    ]
    con = store.memory_store()
    r = load(con, [export(tmp_path, *rows)], None)
    assert r.rows_loaded == 4
    note = r.new_values_note()
    assert note == (
        # most rows first, then in text order of the shapes; no value is shown
        "new values loaded and flagged: org shape ####-##-## (1 row), "
        "shape A-##### (1 row), shape Aaa Aaaaaa (1 row), "
        "shape aaaaaa ## (1 row)" + NOTE_END
    )
    report = quality_report(con).to_string()
    texts = [note, report, *(m for *_, m in flags(con))]
    for value in [*raw, "12345", "Jansen", "1985"]:
        assert not any(value in t for t in texts), value


@pytest.mark.parametrize(
    ("value", "shown"),
    [
        # a value outside the vocabulary is not known: its shape only, never the value
        ("wijkteam_zuid", "shape aaaaaaaa_aaaa"),
        ("anti-institutioneel", "shape aaaa-aaaaaaaaaaaaaa"),
        ("GGD", "shape AAA"),
        ("K-12345", "shape A-#####"),
        ("Straat 12b", "shape Aaaaaa ##a"),
        ("Jan Jansen", "shape Aaa Aaaaaa"),
        ("Wijkteam Zuid", "shape Aaaaaaaa Aaaa"),
        ("jan de vries", "shape aaa aa aaaaa"),
        ("a" * 41, "shape " + "a" * 40 + "…"),
    ],
)
def test_shown_value(value, shown):
    assert shown_value(value) == shown


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("[org\nx = 1", "not valid TOML"),
        ('[organisatie]\nx = "zorg"\n', "organisatie is not a vocabulary table"),
        (
            '[org]\nwijkteam = "politiek"\n',
            '[org] gives the domain "politiek", which is not one of: veiligheid, zorg',
        ),
        ('[risk_category]\ncodes = "lone_actor"\n', "must be a list of codes"),
        ('[risk_category]\nlijst = ["x"]\n', "takes one key"),
        ("[ideology]\ncodes = [1]\n", "not a text of 1 to 100 characters"),
        (
            '[outcome]\ncontact = ["x"]\n',
            'names the activity "contact", which is not one of: melding, ivgr_advies',
        ),
        ('[activity]\nvliegen = "x"\n', "activity is not a vocabulary table"),
    ],
)
def test_a_malformed_vocabulary_file_is_a_one_line_config_error(
    tmp_path, text, message
):
    mapping = write(tmp_path, "mapping.toml", "")
    write(tmp_path, "vocabulary.toml", text)
    with pytest.raises(ConfigError, match=r"vocabulary file vocabulary\.toml") as info:
        load(store.memory_store(), [export(tmp_path, *log("ggz"))], mapping)
    assert message in str(info.value)
    assert "\n" not in str(info.value)


def test_a_named_vocabulary_file_that_is_missing(tmp_path):
    mapping = write(tmp_path, "mapping.toml", 'vocabulary = "nope.toml"\n')
    with pytest.raises(ConfigError, match=r"vocabulary file nope\.toml does not exist"):
        load(store.memory_store(), [export(tmp_path, *log("ggz"))], mapping)


@pytest.mark.parametrize(
    ("header", "columns", "shown"),
    [
        # canonical names (any case) and the mapping's headers are known: quoted
        ("case_id", {}, '"case_id"'),
        ("Activity", {}, '"Activity"'),
        ("Casusnummer", {"Casusnummer": "case_id"}, '"Casusnummer"'),
        # anything else may be data (an export without its header row): shape only
        ("Casusnummer", {}, "shape Aaaaaaaaaaa"),
        ("R2024-000123", {"Casusnummer": "case_id"}, "shape A####-######"),
        ("Jan de Vries", {"Casusnummer": "case_id"}, "shape Aaa aa Aaaaa"),
    ],
)
def test_mask_header_quotes_only_known_headers(header, columns, shown):
    assert mask_header(header, Mapping(columns=columns)) == shown
