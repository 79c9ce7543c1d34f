"""The reader's table headers of ``labels.column_label``: plain entries and the rules.

Expected headers are written by hand from the rules in the docstring of
``column_label``; a code no entry or rule covers keeps its code name.
"""

from __future__ import annotations

import pytest

from ipgar_metrics.labels import column_label


@pytest.mark.parametrize(
    ("code", "nl", "en"),
    [
        ("median_to_next_hours", "mediaan tot volgende (uren)", "median to next (hours)"),
        ("max_to_next_minutes", "maximum tot volgende (minuten)", "maximum to next (minutes)"),
        ("p90_workweeks", "p90 (werkweken)", "p90 (working weeks)"),
        ("mean_seconds", "gemiddeld (seconden)", "mean (seconds)"),
        ("melding_ivgr_days", "melding tot advies IVG-R (dagen)", "report to IVG-R advice (days)"),
        ("open_workdays", "nog open, tot nu toe (werkdagen)", "still open, so far (working days)"),
        ("hours", "uren", "hours"),
        ("median_to_next_s", "mediaan tot volgende (seconden)", "median to next (seconds)"),
        (
            "contacts_per_month_lower_998",
            "contacten per actieve maand: ondergrens 99,8%",
            "contacts per active month: lower limit 99.8%",
        ),
        ("notification_in_term_n", "aandeel notificaties binnen de termijn: noemer",
         "share of notifications within the term: denominator"),
        ("share_veiligheid", "aandeel domein veiligheid", "share safety domain"),
        # a domain itself (a pivot's column) is no share of it
        ("sociaal", "sociaal", "social"),
        ("zorg", "zorg", "care"),
        # a statistic of a labelled column, by rule; a timestamp column in words
        ("p90_contacts_per_month", "p90 contacten per actieve maand", "p90 contacts per active month"),
        ("melding_at", "melding (tijdstip)", "report (time)"),
        # the measures register (notebook 06) as the report heads it
        ("in_force", "in werking", "in force"),
        ("smallest_effect", "kleinste relevante effect", "smallest relevant effect"),
        ("source", "van", "from"),
        ("rereported_12m", "opnieuw gemeld binnen 12 maanden", "re-reported within 12 months"),
        # earlier entries are unchanged
        ("median_weeks", "mediaan (weken)", "median (weeks)"),
        ("case_id", "casus (pseudoniem)", "case (pseudonym)"),
    ],
)  # fmt: skip
def test_headers(code, nl, en):
    assert column_label(code, "nl") == nl
    assert column_label(code, "en") == en


@pytest.mark.parametrize("code", ["new_column", "median_to_nowhere_days", "x_n"])
def test_an_unknown_code_keeps_its_name(code):
    # the header test then fails until the column is labelled
    assert column_label(code, "nl") == code


def test_a_pivots_axis_names_read_as_headers():
    """Notebook 04's hand-overs pivot: ``from_org`` and ``to_domain`` in words."""
    import pandas as pd

    from ipgar_metrics.labels import dutch_columns

    pairs = pd.DataFrame(
        {"from_org": ["politie", "ggd"], "to_domain": ["zorg", "sociaal"], "n": [1, 2]}
    )
    pivot = pairs.pivot_table(
        index="from_org", columns="to_domain", values="n", aggfunc="sum"
    )
    shown = dutch_columns(pivot)
    assert (shown.index.name, shown.columns.name) == ("van organisatie", "naar domein")
    assert (pivot.index.name, pivot.columns.name) == ("from_org", "to_domain")  # kept
    assert dutch_columns(pairs).index.name is None  # no name: none made up
