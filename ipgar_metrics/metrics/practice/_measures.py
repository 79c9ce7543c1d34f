"""The measures of the practice profile, and their counts per organisation.

Every measure is counted per *group*: the organisation of an episode's case manager
(the last one at the as-of, or at the exit), after small organisations are merged
(``_profile``). A share has a numerator and a whole-number denominator (exact
binomial limits), a rate a count and an exposure (exact Poisson limits), a median
only a value and its number of observations (no limits).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final, Literal

import numpy as np
import pandas as pd

from ipgar_metrics import schema

Kind = Literal["share", "rate", "median"]


@dataclass(frozen=True)
class Measure:
    """One measure: its key (a column prefix), kind and what it counts."""

    key: str
    kind: Kind
    what: str


#: Every measure of the profile, in the order of the output (docs/metrics/practice.md).
MEASURES: Final[tuple[Measure, ...]] = (
    Measure(
        "contact_gap",
        "share",
        "active cases in the approach at the as-of over the contact threshold "
        "(ipgar contact), of the active cases",
    ),
    Measure(
        "contacts_per_month",
        "rate",
        "contacts in the window per active month in the approach (pauses excluded)",
    ),
    Measure(
        "median_contact_interval_days",
        "median",
        "median days between consecutive contacts, intervals ending in the window",
    ),
    Measure(
        "own_org_contacts",
        "share",
        "contacts in the window registered by the case manager's own organisation, "
        "of those with an organisation and a case manager (issue 23 item 3b)",
    ),
    Measure(
        "contact_attempted",
        "share",
        "contacts in the window registered as an attempt that did not reach the "
        "person (outcome poging), of the contacts with an outcome of schema.CONTACT_OUTCOMES",
    ),
    Measure(
        "contact_refused",
        "share",
        "contacts in the window the person refused (outcome geweigerd), of the "
        "contacts with an outcome of schema.CONTACT_OUTCOMES",
    ),
    Measure(
        "median_days_to_first_contact",
        "median",
        "median days from instroom to the first contact, intakes in the window with a contact",
    ),
    Measure(
        "median_days_to_first_intervention",
        "median",
        "median days from instroom to the first interventie_start, intakes in the window with one",
    ),
    Measure(
        "interventions_per_case_year",
        "rate",
        "interventions started in the window per case-year in the approach",
    ),
    Measure(
        "cases_without_intervention",
        "share",
        "episodes at least MIN_DAYS_FOR_INTERVENTION days in the approach with no "
        "interventie_start by the as-of or exit: an upper bound of the cases without "
        "a problem on any life domain",
    ),
    Measure(
        "cases_without_problem",
        "share",
        "episodes whose life-domain assessment at intake (leefgebiedenscan, the first "
        "of each domain) has a problem on no domain, of the episodes with one",
    ),
    Measure(
        "no_problem_with_intervention",
        "share",
        "of the episodes assessed without a problem and at least "
        "MIN_DAYS_FOR_INTERVENTION days in the approach: those with an "
        "interventie_start all the same",
    ),
    Measure(
        "no_problem_contacts_only",
        "share",
        "of the same episodes: those with a contact and no interventie_start",
    ),
    *(
        Measure(
            f"life_domain_{d}",
            "share",
            f"interventions on life domain {d}, of the interventions in the window with a life domain",
        )
        for d in schema.LIFE_DOMAINS
    ),
    Measure(
        "own_org_share",
        "share",
        "interventions by the case manager's own organisation, of those with a case manager",
    ),
    Measure(
        "social_care_share",
        "share",
        "interventions by an organisation of the sociaal or zorg domain, of those with an organisation",
    ),
    Measure(
        "missing_life_domain",
        "share",
        "intervention events in the window without a life domain",
    ),
    Measure(
        "missing_org",
        "share",
        "assignment, contact and intervention events in the window without an organisation",
    ),
    Measure("missing_outcome", "share", "exits in the window without a reason"),
    Measure(
        "intervention_without_end",
        "share",
        "interventions of episodes that left in the window with no interventie_eind before the exit",
    ),
    Measure(
        "median_registration_lag_days",
        "median",
        "median days from the date of an event to its registration date "
        "(Geregistreerd op), events in the window with one",
    ),
    Measure(
        "late_registration",
        "share",
        "events in the window registered more than LATE_REGISTRATION_DAYS days after "
        "their date (registration in batches), of those with a registration date",
    ),
    Measure(
        "manager_changes_per_case_year",
        "rate",
        "changes of case manager in the window per case-year in the approach",
    ),
    Measure(
        "notification_in_term",
        "share",
        "intakes in the window (at least the term before the as-of) with a notificatie within the term",
    ),
)
MEASURE_KEYS: Final[tuple[str, ...]] = tuple(m.key for m in MEASURES)
KIND: Final[dict[str, Kind]] = {m.key: m.kind for m in MEASURES}

_SOCIAL_OR_CARE: Final[frozenset[str]] = frozenset(
    o for o, d in schema.ORG_DOMAIN.items() if d in ("sociaal", "zorg")
)
_DAY: Final[float] = 86400.0
#: The events of ``missing_life_domain`` (not the assessment: it is the scan's own
#: required field, on the quality report).
_INTERVENTION_EVENTS: Final[tuple[str, ...]] = ("interventie_start", "interventie_eind")
#: An episode counts in ``cases_without_intervention`` after this many days in the
#: approach (a first intervention may take a couple of months).
MIN_DAYS_FOR_INTERVENTION: Final[int] = 90
#: An event registered more than this many days after its date was registered late,
#: in a batch (a weekly round registers within 7 days).
LATE_REGISTRATION_DAYS: Final[int] = 7


def _days(a: pd.Series, b: pd.Series) -> pd.Series:
    return (b - a).dt.total_seconds() / _DAY


def _ratio(num: pd.Series, den: pd.Series, key: str) -> pd.DataFrame:
    """Long rows (group, measure, numerator, denominator) from two grouped sums."""
    frame = pd.DataFrame({"numerator": num, "denominator": den}).fillna(0.0)
    frame = frame.rename_axis("org").reset_index()
    frame["measure"] = key
    return frame


def _median(values: pd.Series, groups: pd.Series, key: str) -> pd.DataFrame:
    """Long rows of a median: ``value`` and ``denominator`` = observations."""
    g = values.groupby(groups)
    frame = pd.DataFrame({"value": g.median(), "denominator": g.count()})
    frame = frame.rename_axis("org").reset_index()
    frame["measure"] = key
    frame["numerator"] = np.nan
    return frame


def episode_measures(
    episodes: pd.DataFrame,
    gaps: pd.DataFrame,
    intervals: pd.DataFrame,
    *,
    window_start: pd.Timestamp,
    as_of: pd.Timestamp,
    notification_term_days: float,
) -> tuple[list[pd.DataFrame], dict[str, float]]:
    """The measures counted per episode: contact gap, first contact and intervention, notification.

    ``episodes`` has ``group`` and ``active_months``/``case_years`` in the window;
    ``gaps`` is ``contact_gaps`` with ``group``; ``intervals`` ``contact_intervals``
    with ``group``. Returns the long rows and the overall median of each median
    measure (its centre line).
    """
    out = []
    overall: dict[str, float] = {}
    active = gaps["status"] == "active"
    out.append(
        _ratio(
            gaps.loc[active].groupby("group")["over_threshold"].sum().astype(float),
            active.groupby(gaps["group"]).sum().astype(float),
            "contact_gap",
        )
    )
    closed = intervals.loc[~intervals["is_open"] & (intervals["to_at"] >= window_start)]
    out.append(_median(closed["days"], closed["group"], "median_contact_interval_days"))
    overall["median_contact_interval_days"] = float(closed["days"].median())
    new = episodes.loc[episodes["instroom_at"] >= window_start]
    for col, key in (
        ("first_contact_at", "median_days_to_first_contact"),
        ("first_intervention_at", "median_days_to_first_intervention"),
    ):
        seen = new.loc[new[col].notna()]
        days = _days(seen["instroom_at"], seen[col])
        out.append(_median(days, seen["group"], key))
        overall[key] = float(days.median())
    stayed = _days(episodes["instroom_at"], episodes["uitstroom_at"].fillna(as_of))
    long = episodes.loc[stayed >= MIN_DAYS_FOR_INTERVENTION]
    out.append(
        _ratio(
            long["first_intervention_at"]
            .isna()
            .groupby(long["group"])
            .sum()
            .astype(float),
            long.groupby("group").size().astype(float),
            "cases_without_intervention",
        )
    )
    out.extend(_assessment(episodes, long))
    term = pd.Timedelta(days=notification_term_days)
    due = new.loc[new["instroom_at"] <= as_of - term]
    in_term = due["first_notification_at"].notna() & (
        due["first_notification_at"] - due["instroom_at"] <= term
    )
    out.append(
        _ratio(
            in_term.groupby(due["group"]).sum().astype(float),
            due.groupby("group").size().astype(float),
            "notification_in_term",
        )
    )
    return out, overall


def _assessment(episodes: pd.DataFrame, long: pd.DataFrame) -> list[pd.DataFrame]:
    """The share assessed without a problem, and what those episodes get instead.

    ``assessed_problem`` is NULL without an assessment: such episodes count in no
    denominator. ``long``: the episodes with at least ``MIN_DAYS_FOR_INTERVENTION``
    days in the approach.
    """
    assessed = episodes.loc[episodes["assessed_problem"].notna()]
    clear = ~assessed["assessed_problem"].astype(bool)
    free = long.loc[long["assessed_problem"].notna()]
    free = free.loc[~free["assessed_problem"].astype(bool)]
    helped = free["first_intervention_at"].notna()
    talked = free["first_contact_at"].notna() & ~helped
    n_free = free.groupby("group").size().astype(float)
    groups = pd.Index(sorted(episodes["group"].dropna().unique()), name="group")
    rows = [
        _ratio(
            clear.groupby(assessed["group"]).sum().astype(float),
            assessed.groupby("group").size().astype(float),
            "cases_without_problem",
        ),
        _ratio(
            helped.groupby(free["group"]).sum().astype(float),
            n_free,
            "no_problem_with_intervention",
        ),
        _ratio(
            talked.groupby(free["group"]).sum().astype(float),
            n_free,
            "no_problem_contacts_only",
        ),
    ]
    # every group has a row: without an assessment its denominator is 0 (no value)
    return [
        r.set_index("org")
        .reindex(groups, fill_value=0.0)
        .assign(measure=r["measure"].iloc[0] if len(r) else key)
        .rename_axis("org")
        .reset_index()
        for r, key in zip(
            rows,
            (
                "cases_without_problem",
                "no_problem_with_intervention",
                "no_problem_contacts_only",
            ),
            strict=True,
        )
    ]


def registration_measures(
    events: pd.DataFrame, groups: pd.Index
) -> tuple[list[pd.DataFrame], dict[str, float]]:
    """Timeliness: the median lag to registration and the share registered late.

    Only events with a registration date count; a store without any gives no
    observations (the median is NaN, the share has no denominator). Returns the long
    rows (one per group of ``groups``) and the overall median lag (its centre line).
    """
    dated = events.loc[events["registration_lag_days"].notna()]
    lag = dated["registration_lag_days"].astype(float)
    median = _median(lag, dated["group"], "median_registration_lag_days")
    median = median.set_index("org").reindex(groups).rename_axis("org").reset_index()
    median["measure"] = "median_registration_lag_days"
    median["denominator"] = median["denominator"].fillna(0.0)
    late = _ratio(
        (lag > LATE_REGISTRATION_DAYS).groupby(dated["group"]).sum().astype(float),
        dated.groupby("group").size().astype(float),
        "late_registration",
    )
    late = late.set_index("org").reindex(groups, fill_value=0.0)
    late = late.rename_axis("org").reset_index()
    late["measure"] = "late_registration"
    overall = float(lag.median()) if len(lag) else float("nan")
    return [median, late], {"median_registration_lag_days": overall}


def event_measures(events: pd.DataFrame, episodes: pd.DataFrame) -> list[pd.DataFrame]:
    """The measures counted over events in the window (``events`` has ``group``).

    Each activity is compared with the window's events once, and each subset takes
    only the columns its measures read (at 1,000,000 cases the window holds 2 million
    events: comparing texts and copying every column of a subset were most of the
    time).
    """
    out = []
    months = episodes.groupby("group")["active_months"].sum()
    years = episodes.groupby("group")["case_years"].sum()
    act = events["activity"]
    by = events["group"]
    # isin hashes each text once: a third of the time of == over object columns
    is_contact = act.isin(["contact"])
    is_start = act.isin(["interventie_start"])
    contacts = is_contact.groupby(by).sum().astype(float)
    out.append(
        _ratio(
            contacts.reindex(months.index, fill_value=0.0), months, "contacts_per_month"
        )
    )
    contacts_known = events.loc[
        is_contact & events["org"].notna() & events["manager_org_at"].notna(),
        ["org", "manager_org_at", "group"],
    ]
    out.append(
        _ratio(
            (contacts_known["org"] == contacts_known["manager_org_at"])
            .groupby(contacts_known["group"])
            .sum()
            .astype(float),
            contacts_known.groupby("group").size().astype(float),
            "own_org_contacts",
        )
    )
    with_outcome = events.loc[
        is_contact & events["outcome"].isin(schema.CONTACT_OUTCOMES),
        ["outcome", "group"],
    ]
    for key, code in (
        ("contact_attempted", "poging"),
        ("contact_refused", "geweigerd"),
    ):
        out.append(
            _ratio(
                (with_outcome["outcome"] == code)
                .groupby(with_outcome["group"])
                .sum()
                .astype(float),
                with_outcome.groupby("group").size().astype(float),
                key,
            )
        )
    starts = events.loc[
        is_start, ["group", "life_domain", "org", "manager_org_at", "left", "has_end"]
    ]
    n_starts = starts.groupby("group").size().astype(float)
    out.append(
        _ratio(
            n_starts.reindex(years.index, fill_value=0.0),
            years,
            "interventions_per_case_year",
        )
    )
    with_domain = starts.loc[starts["life_domain"].notna(), ["life_domain", "group"]]
    domain_groups = with_domain.groupby("group").size().astype(float)
    for d in schema.LIFE_DOMAINS:
        out.append(
            _ratio(
                (with_domain["life_domain"] == d)
                .groupby(with_domain["group"])
                .sum()
                .astype(float),
                domain_groups,
                f"life_domain_{d}",
            )
        )
    managed = starts.loc[
        starts["manager_org_at"].notna(), ["org", "manager_org_at", "group"]
    ]
    out.append(
        _ratio(
            (managed["org"] == managed["manager_org_at"])
            .groupby(managed["group"])
            .sum()
            .astype(float),
            managed.groupby("group").size().astype(float),
            "own_org_share",
        )
    )
    known = starts.loc[starts["org"].notna(), ["org", "group"]]
    out.append(
        _ratio(
            known["org"]
            .isin(_SOCIAL_OR_CARE)
            .groupby(known["group"])
            .sum()
            .astype(float),
            known.groupby("group").size().astype(float),
            "social_care_share",
        )
    )
    for key, col, activities in (
        ("missing_life_domain", "life_domain", _INTERVENTION_EVENTS),
        ("missing_org", "org", schema.ORG_REQUIRED),
        ("missing_outcome", "outcome", ("uitstroom",)),
    ):
        rows = events.loc[act.isin(activities), [col, "group"]]
        out.append(
            _ratio(
                rows[col].isna().groupby(rows["group"]).sum().astype(float),
                rows.groupby("group").size().astype(float),
                key,
            )
        )
    left = starts.loc[starts["left"], ["has_end", "group"]]
    out.append(
        _ratio(
            (~left["has_end"].astype(bool)).groupby(left["group"]).sum().astype(float),
            left.groupby("group").size().astype(float),
            "intervention_without_end",
        )
    )
    changes = (
        events["is_change"].fillna(False).astype(bool).groupby(by).sum().astype(float)
    )
    out.append(
        _ratio(
            changes.reindex(years.index, fill_value=0.0),
            years,
            "manager_changes_per_case_year",
        )
    )
    return out
