"""Adversarial CSV inputs: encodings, delimiters, quoting, headers, row shapes, ids, labels.

Each class writes the five valid rows of ``corpus_inputs.BASE`` (two cases) and
breaks the export in one way; the expected account is counted from the rows
written: N valid rows + the broken ones. Classes about privacy plant a person's
name, a case number or a manager id in a label column.
"""

from __future__ import annotations

import pytest
from adversarial_harness import (
    CASES,
    EVENTS,
    MANAGERS,
    NAME,
    NAME_1252,
    Case,
    Error,
    Loads,
    check_case,
)
from corpus_inputs import (
    BASE,
    HEADER,
    MAPPED,
    MAPPED_HEADER,
    MAPPING,
    N,
    canonical,
    csv_text,
    mapped,
    one_bad,
    one_good,
    row,
    written,
)

TEXT = csv_text(BASE)
ROWS = TEXT.split("\n", 1)[1]  # the data lines, without the header
MAPPED_TEXT = csv_text(MAPPED, MAPPED_HEADER, ";")
ALL = Loads(N, N)

ENCODINGS = [
    Case("utf8", written("export.csv", TEXT), ALL),
    Case("utf8_bom", written("export.csv", "\ufeff" + TEXT), ALL),
    Case(
        "utf8_bom_mapped",
        written("export.csv", "\ufeff" + MAPPED_TEXT, mapping=MAPPING),
        ALL,
    ),
    Case(
        "utf16_le_bom",
        written("export.csv", TEXT.encode("utf-16")),
        Error(("UTF-16",)),
    ),
    Case(
        "utf16_be_bom",
        written("export.csv", b"\xfe\xff" + TEXT.encode("utf-16-be")),
        Error(("UTF-16",)),
    ),
    Case(
        "utf16_without_bom",
        written("export.csv", TEXT.encode("utf-16-le")),
        Error(("export it again",)),
    ),
    Case(
        "windows1252_detected",
        written(
            "export.csv",
            csv_text(
                [[*r, f"{NAME_1252} belde"] for r in [*BASE, row(org="café_noord")]],
                [*HEADER, "opmerking"],
            ).encode("cp1252"),
        ),
        Loads(N + 1, N + 1),
    ),
    Case(
        "windows1252_declared",
        written(
            "export.csv",
            csv_text(
                [[*r, f"{NAME_1252} belde"] for r in MAPPED],
                [*MAPPED_HEADER, "Opmerking"],
                ";",
            ).encode("cp1252"),
            mapping=MAPPING.replace("[source]", '[source]\nencoding = "cp1252"'),
        ),
        ALL,
    ),
    Case(
        "windows1252_undefined_byte",
        written(
            "export.csv",
            csv_text([*BASE, row(org="Caf\x81 Noord")]).encode("latin-1"),
        ),
        Loads(N + 1, N, 1, reasons={"undefined_byte": 1}),
    ),
    Case(
        "utf8_declared_but_invalid",
        written(
            "export.csv",
            MAPPED_TEXT.encode() + b"R2024-000789;Contact;04-03-2024 10:00;Caf\xe9\n",
            mapping=MAPPING.replace("[source]", '[source]\nencoding = "utf-8"'),
        ),
        Error(("encoding",)),
    ),
    Case(
        "nul_byte_at_start",
        written("export.csv", TEXT.encode().replace(b"politie", b"poli\x00tie")),
        Error(("binary",)),
    ),
    Case(
        # a NUL byte after the first 64 KB, which the binary test does not read
        "nul_byte_after_sniffed_part",
        written(
            "export.csv",
            csv_text(
                [*BASE]
                + [row(org=f"org_{i:05d}", event=f"X{i}") for i in range(2000)]
                + [row(org="poli\x00tie", event="X-nul")]
            ),
        ),
        Error(("binary",)),
    ),
]

DELIMITERS = [
    Case("semicolon", written("export.csv", csv_text(BASE, delim=";")), ALL),
    Case("tab", written("export.tsv", csv_text(BASE, delim="\t")), ALL),
    Case("pipe", written("export.txt", csv_text(BASE, delim="|")), ALL),
    Case(
        "one_row_with_another_delimiter",
        written("export.csv", csv_text(BASE, delim=";") + ",".join(row()) + "\n"),
        Loads(
            N + 1,
            N,
            1,
            reasons={"short_row": 1, "missing_activity": 1, "missing_timestamp": 1},
        ),
    ),
    Case(
        "header_and_rows_with_different_delimiters",
        written("export.csv", ",".join(HEADER) + "\n" + csv_text(BASE, None, ";")),
        Error(("activity code",)),
    ),
    Case(
        "declared_delimiter_is_wrong",
        written(
            "export.csv",
            csv_text(MAPPED, MAPPED_HEADER, ","),
            mapping=MAPPING,
        ),
        Error(("delimiter",)),
    ),
    Case("crlf_line_ends", written("export.csv", csv_text(BASE, end="\r\n")), ALL),
    Case("no_final_line_end", written("export.csv", TEXT.rstrip("\n")), ALL),
    Case(
        # DuckDB's reader cannot take both; refused naming the cause (issue 22: the
        # right reason, not "a quoted field is not closed")
        "mixed_line_ends",
        written("export.csv", TEXT.replace("\n", "\r\n", 3)),
        Error(("line ends",)),
    ),
    Case(
        "cr_only_line_ends",
        written("export.csv", csv_text(BASE, end="\r")),
        ALL,
    ),
]

QUOTING = [
    one_good("quoted_newline_in_a_label", row(org="politie\nnoord")),
    Case(
        "every_field_quoted",
        written(
            "export.csv",
            "\n".join(",".join(f'"{c}"' for c in r) for r in [HEADER, *BASE]) + "\n",
        ),
        ALL,
    ),
    one_good("doubled_quotes_in_a_label", row(org='politie "noord"')),
    Case(
        "quote_inside_an_unquoted_field",
        written("export.csv", TEXT + ",".join(row(org='scherm 12" breed')) + "\n"),
        Loads(N + 1, N + 1),
    ),
    Case(
        "unclosed_quote",
        written("export.csv", TEXT + ",".join(row(org='"politie')) + "\n"),
        Error(("quoted field is not closed",)),
    ),
    Case(
        "unclosed_quote_in_the_last_field",
        written("export.csv", TEXT + ",".join(row(event='"EV-90039')) + "\n"),
        Error(("not closed",)),
    ),
    Case(
        "quoted_header",
        written("export.csv", ",".join(f'"{h}"' for h in HEADER) + "\n" + ROWS),
        ALL,
    ),
]

HEADERS = [
    Case("no_header_row", written("export.csv", ROWS), Error(("no column",))),
    Case(
        "header_only",
        written("export.csv", ",".join(HEADER) + "\n"),
        Error(("no data rows",)),
    ),
    Case(
        "header_and_blank_lines",
        written("export.csv", ",".join(HEADER) + "\n\n\n"),
        Error(("no data rows",)),
    ),
    Case("empty_file", written("export.csv", b""), Error(("empty",))),
    Case(
        "whitespace_only_file", written("export.csv", " \n\n  \n"), Error(("header",))
    ),
    Case(
        "duplicated_header",
        written("export.csv", TEXT.replace("org", "case_id", 1)),
        Error(("twice",)),
    ),
    Case(
        "empty_first_header",
        written("export.csv", "," + TEXT.split(",", 1)[1]),
        Error(("header",)),
    ),
    Case(
        "empty_header_of_an_unmapped_column",
        written("export.csv", TEXT.replace("org", "", 1)),
        ALL,
    ),
    Case(
        "missing_required_column",
        written("export.csv", TEXT.replace("timestamp", "datum", 1)),
        Error(("no column timestamp",)),
    ),
    Case(
        "header_in_capitals_with_spaces",
        written(
            "export.csv",
            " CASE_ID , Activity ,TIMESTAMP,org,case_manager,event_id\n" + ROWS,
        ),
        ALL,
    ),
    Case(
        "title_line_above_the_header",
        written("export.csv", "Export iPGA-R 2024\n" + TEXT),
        Error(("delimiter",)),
    ),
    Case(
        "header_names_a_case_number",
        written("export.csv", TEXT.replace("org", CASES[0], 1)),
        ALL,
    ),
    Case(
        "header_repeated_mid_file",
        written("export.csv", TEXT + ",".join(HEADER) + "\n" + ROWS),
        Loads(2 * N + 1, N, 1, N, {"unknown_activity": 1, "unparsable_date": 1}),
    ),
    Case(
        "unmapped_column_with_names",
        written(
            "export.csv",
            csv_text([[*r, f"{NAME} belde"] for r in BASE], [*HEADER, "opmerking"]),
        ),
        ALL,
    ),
]

ROW_SHAPES = [
    Case(
        "short_row",
        written("export.csv", TEXT + ",".join(row()[:-1]) + "\n"),
        Loads(N + 1, N, 1, reasons={"short_row": 1}),
    ),
    Case(
        "long_row",
        written("export.csv", TEXT + ",".join([*row(), "extra"]) + "\n"),
        Loads(N + 1, N, 1, reasons={"malformed_row": 1}),
    ),
    Case(
        "row_far_longer_than_the_header",
        written("export.csv", TEXT + ",".join([*row(), *["x"] * 20]) + "\n"),
        Error(("more fields than the limit",)),
    ),
    Case(
        "totals_row_at_the_end",
        written("export.csv", TEXT + "Totaal,5\n"),
        Loads(
            N + 1,
            N,
            1,
            reasons={"short_row": 1, "unknown_activity": 1, "missing_timestamp": 1},
        ),
    ),
    Case(
        "swapped_columns_in_the_header",
        written(
            "export.csv",
            csv_text(
                [[r[2], r[0], r[1], *r[3:]] for r in BASE],
                ["timestamp", "case_id", "activity", *HEADER[3:]],
            ),
        ),
        ALL,
    ),
    one_bad(
        "swapped_values_in_a_row",
        [
            CASES[2],
            "2024-03-04T10:00:00+01:00",
            "contact",
            "politie",
            MANAGERS[0],
            EVENTS[10],
        ],
        "unknown_activity",
        "unparsable_date",
    ),
    Case(
        # a row shifted right by an empty first field: the case number lands in
        # the activity column and must not be shown
        "row_shifted_right",
        written("export.csv", TEXT + ",".join(["", *row()]) + "\n"),
        Loads(
            N + 1,
            N,
            1,
            reasons={
                "malformed_row": 1,
                "missing_case_id": 1,
                "unknown_activity": 1,
                "unparsable_date": 1,
            },
        ),
    ),
    Case(
        # a row shifted left (its case number lost): a manager id lands in org
        "row_shifted_left",
        written("export.csv", TEXT + ",".join(row(org="")[1:]) + "\n"),
        Loads(
            N + 1,
            N,
            1,
            reasons={"short_row": 1, "unknown_activity": 1, "missing_timestamp": 1},
        ),
    ),
    Case(
        "blank_lines_between_rows",
        written("export.csv", TEXT.replace("\n", "\n\n")),
        ALL,
    ),
    Case(
        "row_of_empty_fields",
        written("export.csv", TEXT + ",,,,,\n"),
        Loads(
            N + 1,
            N,
            1,
            reasons={
                "missing_case_id": 1,
                "missing_activity": 1,
                "missing_timestamp": 1,
            },
        ),
    ),
]

LONG = [
    one_bad("field_over_1000_characters", row(org="p" * 1001), "value_too_long"),
    one_good("field_of_1000_characters", row(org="p" * 1000)),
    Case(
        "field_over_4_mb",
        written("export.csv", TEXT + ",".join(row(org="p" * (5 << 20))) + "\n"),
        Error(("longer than the limit",)),
    ),
    Case(
        "1001_columns",
        written(
            "export.csv",
            csv_text(
                [[*r, *[""] * 995] for r in BASE],
                [*HEADER, *[f"kolom_{i}" for i in range(995)]],
            ),
        ),
        Error(("more than 1000 columns",)),
    ),
    Case(
        "1000_columns",
        written(
            "export.csv",
            csv_text(
                [[*r, *[""] * 994] for r in BASE],
                [*HEADER, *[f"kolom_{i}" for i in range(994)]],
            ),
        ),
        ALL,
    ),
    Case(
        "case_number_of_1001_characters",
        written("export.csv", TEXT + ",".join(row(case=CASES[2] + "9" * 990)) + "\n"),
        Loads(N + 1, N, 1, reasons={"value_too_long": 1}),
    ),
]

IDS = [
    one_bad("empty_case_id", row(case=""), "missing_case_id"),
    one_bad("whitespace_case_id", row(case="   "), "missing_case_id"),
    one_bad("nbsp_case_id", row(case="\u00a0"), "missing_case_id"),
    canonical(
        "case_id_with_spaces_around",
        [row(case=f"  {CASES[0]} ")],
        Loads(N + 1, N + 1, cases=2),
    ),
    canonical(
        "case_id_with_a_trailing_nbsp",
        [row(case=f"{CASES[0]}\u00a0")],
        Loads(N + 1, N + 1, cases=2),
    ),
    canonical(
        "case_id_with_fullwidth_digits",
        [
            row(
                case=CASES[0].translate(
                    str.maketrans("0123456789", "０１２３４５６７８９")
                )
            )
        ],
        Loads(N + 1, N + 1, cases=2),
    ),
    canonical(
        "case_id_with_a_zero_width_space",
        [row(case=CASES[0][:3] + "\u200b" + CASES[0][3:])],
        Loads(N + 1, N + 1, cases=2),
    ),
    one_good("empty_case_manager", row(manager="")),
    one_good("empty_event_id", row(event="")),
    one_bad("repeated_event_id", row(event=EVENTS[0]), "duplicate_event"),
    canonical("exact_duplicate_row", [BASE[2]], Loads(N + 1, N, duplicates=1)),
    canonical(
        "exact_duplicate_row_three_times",
        [BASE[2], BASE[2], BASE[2]],
        Loads(N + 3, N, duplicates=3),
    ),
    one_bad("case_number_as_timestamp", row(ts=CASES[0]), "unparsable_date"),
]

LABELS = [
    one_bad("formula_equals", row(org='=HYPERLINK("x")'), "formula_in_cell"),
    one_bad(
        "formula_in_the_activity", row("=1+1"), "formula_in_cell", "unknown_activity"
    ),
    one_good("label_starting_with_plus", row(org="+31 20 000")),
    one_good("label_starting_with_minus", row(org="-politie")),
    one_good("label_starting_with_at", row(org="@SUM(A1)")),
    one_bad("unknown_activity", row("vergadering"), "unknown_activity"),
    one_bad("typo_of_an_activity", row("contcat"), "unknown_activity"),
    one_bad("activity_in_capitals", row("Contact"), "unknown_activity"),
    one_good("activity_with_spaces_around", row("  contact ")),
    one_bad("missing_activity", row(""), "missing_activity"),
    one_bad("person_as_activity", row(NAME), "unknown_activity"),
    one_bad("case_number_as_activity", row(CASES[2]), "unknown_activity"),
    one_bad("manager_id_as_activity", row(MANAGERS[1]), "unknown_activity"),
    one_good("new_organisation_code", row(org="wijkteam_zuid")),
    # a case number or a person's name in a label column loads as a new value: it
    # must still not be stored as it is
    one_good("case_number_as_organisation", row(org=CASES[1])),
    one_good("person_as_organisation", row(org=NAME)),
    mapped(
        "typo_of_a_mapped_label",
        [
            [
                CASES[2],
                "Melding ontvagen",
                "04-03-2024 10:00",
                "",
                MANAGERS[0],
                EVENTS[10],
            ]
        ],
        Loads(N + 1, N, 1, reasons={"unknown_activity": 1}),
    ),
    mapped(
        "mapped_label_with_other_case",
        [
            [
                CASES[2],
                "melding ONTVANGEN",
                "04-03-2024 10:00",
                "",
                MANAGERS[0],
                EVENTS[10],
            ]
        ],
        Loads(N + 1, N, 1, reasons={"unknown_activity": 1}),
    ),
    Case(
        "unknown_life_domain",
        written(
            "export.csv",
            csv_text(
                [[*r, ""] for r in BASE]
                + [[*row("interventie_start", org="ggz"), "ruimtevaart"]],
                [*HEADER, "life_domain"],
            ),
        ),
        Loads(N + 1, N, 1, reasons={"unknown_life_domain": 1}),
    ),
    Case(
        "unknown_report_source",
        written(
            "export.csv",
            csv_text(
                [[*r, "MAP"] for r in BASE] + [[*row(), NAME]],
                [*HEADER, "report_source"],
            ),
        ),
        Loads(N + 1, N, 1, reasons={"unknown_attribute": 1}),
    ),
    Case(
        "generic_profile_any_activity",
        written(
            "export.csv",
            csv_text([*BASE, row("Overleg")]),
            options=["--profile", "generic"],
        ),
        Loads(N + 1, N + 1),
    ),
]

CLASSES = [
    *ENCODINGS,
    *DELIMITERS,
    *QUOTING,
    *HEADERS,
    *ROW_SHAPES,
    *LONG,
    *IDS,
    *LABELS,
]


@pytest.mark.parametrize("case", CLASSES, ids=lambda c: c.name)
def test_csv_input_class(case, tmp_path, capsys):
    check_case(case, tmp_path, capsys)


def test_names_are_unique():
    assert len({c.name for c in CLASSES}) == len(CLASSES)
    assert EVENTS[10] not in {r[5] for r in BASE}
