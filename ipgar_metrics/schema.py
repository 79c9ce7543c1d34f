"""The data contract as data: canonical columns, vocabularies and segments.

Everything the loader checks and every metric relies on is declared here, so a new
organisation or activity is a one-line change. See ``docs/data-contract.md`` and
``../shared/docs/domain.md`` for the meaning of each code.
"""

from __future__ import annotations

import difflib
from collections.abc import Collection, Sequence
from datetime import date, datetime
from typing import Final, Literal, cast, get_args

#: Canonical event columns, in the order of the data contract.
CANONICAL_COLUMNS: Final[tuple[str, ...]] = (
    "case_id",
    "activity",
    "timestamp",
    "org",
    "case_manager",
    "life_domain",
    "outcome",
    "event_id",
)
#: Columns every row must have.
REQUIRED_COLUMNS: Final[tuple[str, ...]] = ("case_id", "activity", "timestamp")
#: Case attributes, on the event rows or in a separate case table.
CASE_ATTRIBUTES: Final[tuple[str, ...]] = ("report_source", "risk_category", "ideology")
#: Columns that identify a person and are pseudonymised at load.
IDENTIFYING_COLUMNS: Final[tuple[str, ...]] = ("case_id", "case_manager")

#: Activity codes in process order. The position breaks ties between events of one
#: case with equal timestamps (profile ``ipgar``): a report comes before the
#: information request, the assessment before the decision, and so on.
ACTIVITIES: Final[tuple[str, ...]] = (
    "melding",
    "info_aanvraag",
    "info_ontvangen",
    "ivgr_advies",
    "ptor_besluit",
    "preventief_gesprek",
    "instroom",
    "notificatie",
    "regisseur_toegewezen",
    "leefgebiedenscan",
    "contact",
    "interventie_start",
    "interventie_eind",
    "itatr_agendering",
    "netwerkoverleg",
    "detentie_start",
    "detentie_eind",
    "uitgereisd_start",
    "uitgereisd_eind",
    "statisch_start",
    "statisch_eind",
    "uitstroom",
)
Activity = str
ACTIVITY_ORDER: Final[dict[str, int]] = {a: i for i, a in enumerate(ACTIVITIES)}

#: Allowed outcomes per activity (profile ``ipgar``).
OUTCOMES: Final[dict[str, tuple[str, ...]]] = {
    "melding": ("MAP", "CTER", "overig"),
    "ivgr_advies": ("opnemen", "niet_opnemen", "meer_informatie", "tussenvariant"),
    "ptor_besluit": ("opname", "geen_opname", "aanhouden", "statisch"),
    # the life-domain assessment at intake (issue 23 item 3): one event per life
    # domain, with whether the person has a problem there
    "leefgebiedenscan": ("probleem", "geen_probleem"),
    "uitstroom": (
        "risico_afgenomen",
        "doelen_bereikt",
        "overgedragen",
        "verhuisd",
        "langdurig_gedetineerd",
        "uitgereisd",
        "overleden",
    ),
}
#: The outcomes of a contact that the practice profile reads (issue 23 item 3b):
#: reached (``geslaagd``), tried without reaching the person (``poging``), refused
#: by the person (``geweigerd``). A contact has no outcome vocabulary: any other
#: outcome loads unflagged, as before, and is not counted.
CONTACT_OUTCOMES: Final[tuple[str, ...]] = ("geslaagd", "poging", "geweigerd")
#: Activities that must carry an outcome.
OUTCOME_REQUIRED: Final[tuple[str, ...]] = (
    "ivgr_advies",
    "ptor_besluit",
    "leefgebiedenscan",
    "uitstroom",
)
#: Activities that must carry an organisation.
ORG_REQUIRED: Final[tuple[str, ...]] = (
    "regisseur_toegewezen",
    "contact",
    "interventie_start",
    "interventie_eind",
)
#: Activities that must carry a life domain.
LIFE_DOMAIN_REQUIRED: Final[tuple[str, ...]] = (
    "interventie_start",
    "interventie_eind",
    "leefgebiedenscan",
)

#: Partner organisations and the domain each belongs to.
ORG_DOMAIN: Final[dict[str, str]] = {
    "oov": "veiligheid",
    "politie": "veiligheid",
    "om": "veiligheid",
    "reclassering": "veiligheid",
    "dji": "veiligheid",
    "ggz": "zorg",
    "ggd": "zorg",
    "verslavingszorg": "zorg",
    "buurtteam": "sociaal",
    "wpi": "sociaal",
    "leerplicht": "sociaal",
    "jeugdzorg": "sociaal",
    "onderwijs": "sociaal",
    "lse": "specialist",
    "familiesteunpunt": "specialist",
    "theologisch": "specialist",
}
ORGS: Final[tuple[str, ...]] = tuple(ORG_DOMAIN)
DOMAINS: Final[tuple[str, ...]] = ("veiligheid", "zorg", "sociaal", "specialist")

LIFE_DOMAINS: Final[tuple[str, ...]] = (
    "inkomen",
    "dagbesteding",
    "wonen",
    "zorg",
    "netwerk",
    "ideologie",
)

#: Case attribute vocabularies.
REPORT_SOURCES: Final[tuple[str, ...]] = ("MAP", "CTER", "overig")
IDEOLOGIES: Final[tuple[str, ...]] = ("jihadistisch", "rechts", "links", "single_issue")
RISK_CATEGORIES: Final[tuple[str, ...]] = (
    "uitreiziger",
    "verijdeld",
    "ronselaar",
    "terugkeerder",
    "aanslag",
)
#: Case attributes of special categories of personal data (AVG art. 9: ideology;
#: art. 10: the risk category, police data). A mapping file loads them only when
#: its ``[source] special_categories`` names them (opt-in, ``docs/store.md``), so a
#: store may lack them: ``SPECIAL_ABSENT`` says so wherever they are asked for.
SPECIAL_CATEGORIES: Final[tuple[str, ...]] = ("ideology", "risk_category")
SPECIAL_ABSENT: Final[str] = (
    "this store holds no {name}: a special category (AVG art. 9/10) that loads only "
    'when the mapping file opts in with special_categories = ["{name}"] under '
    "[source]"
)
CASE_ATTRIBUTE_VALUES: Final[dict[str, tuple[str, ...]]] = {
    "report_source": REPORT_SOURCES,
    "ideology": IDEOLOGIES,
    "risk_category": RISK_CATEGORIES,
}

#: Relations between persons (network approach, issue 19; only with a DPIA): the
#: types of ``relations.csv`` and the canonical columns of it and of ``locations.csv``.
RELATION_TYPES: Final[tuple[str, ...]] = (
    "familie",
    "vriend",
    "online",
    "sleutellocatie",
    "overig",
)
RELATION_COLUMNS: Final[tuple[str, ...]] = (
    "case_id_a",
    "case_id_b",
    "relation",
    "start",
    "end",
)
LOCATION_COLUMNS: Final[tuple[str, ...]] = ("case_id", "location_id", "start", "end")

#: Status periods: (start activity, end activity) -> status name.
STATUS_PERIODS: Final[dict[str, tuple[str, str]]] = {
    "detained": ("detentie_start", "detentie_eind"),
    "travelled": ("uitgereisd_start", "uitgereisd_eind"),
    "static": ("statisch_start", "statisch_eind"),
}

#: Activities that close an episode (a later ``melding`` opens a new one):
#: (activity, outcome or None for any outcome).
EPISODE_CLOSERS: Final[tuple[tuple[str, str | None], ...]] = (
    ("uitstroom", None),
    ("ptor_besluit", "geen_opname"),
    ("preventief_gesprek", None),
)

#: Case segments: the case attributes and the calendar month (whitelist for SQL
#: identifiers). A metric's ``segment`` filter and most ``by`` lists use these.
SEGMENTS: Final[tuple[str, ...]] = (
    "report_source",
    "risk_category",
    "ideology",
    "month",
)
Segment = Literal["report_source", "risk_category", "ideology", "month"]

#: The one whitelist of ``by`` names, each with its meaning. A metric accepts the
#: subset that exists at its grain (``docs/api.md`` lists it per function).
BREAKDOWNS: Final[dict[str, str]] = {
    "report_source": "case attribute: MAP, CTER or overig",
    "risk_category": "case attribute: risk category",
    "ideology": "case attribute: ideology",
    "month": "calendar month of the row's date (report, start or interval)",
    "info_loops": "episode: information requests up to its end",
    "outcome": "episode: instroom, geen_instroom, tussenvariant or open",
    "org": "organisation (of the case manager, the contact or the intervention)",
    "domain": "domain of that organisation",
}

#: How a ``period=(first_day, last_day)`` (both included, local dates) selects rows
#: that have a start and an end: ``started`` (start in the period), ``completed``
#: (end in the period), ``contained`` (both in it), ``intersecting`` (the span from
#: start to end, or to ``as_of`` while open, overlaps it).
PeriodMode = Literal["started", "completed", "contained", "intersecting"]
PERIOD_MODES: Final[tuple[str, ...]] = get_args(PeriodMode)
#: ``(first_day, last_day)``, both included; ``None`` leaves that side open.
Period = tuple[date | None, date | None]
#: Names of the period modes before the one vocabulary (refused, with the new name).
_RENAMED_PERIOD_MODES: Final[dict[str, str]] = {
    "reported": "started",
    "decided": "completed",
}

Profile = Literal["ipgar", "generic"]
PROFILES: Final[tuple[str, ...]] = ("ipgar", "generic")


def check_by(
    by: str | Sequence[str], *, allowed: Sequence[str] = tuple(BREAKDOWNS)
) -> tuple[str, ...]:
    """Return ``by`` as a tuple of checked names (a single string is wrapped).

    ``allowed`` is the subset of ``BREAKDOWNS`` the calling metric supports; an
    unknown name raises one ``ConfigError`` that lists the valid ones.
    """
    names = (by,) if isinstance(by, str) else tuple(by)
    known = [name for name in allowed if name in BREAKDOWNS]
    for name in names:
        check_known(name, known, what="segment")
    return names


def check_segments(by: str | Sequence[str]) -> tuple[str, ...]:
    """``check_by`` against the case segments (``SEGMENTS``)."""
    return check_by(by, allowed=SEGMENTS)


def check_period(
    period: Sequence[date | None] | None,
    mode: str,
    *,
    allowed: Sequence[str] = PERIOD_MODES,
    function: str = "this metric",
) -> tuple[Period | None, PeriodMode]:
    """Return ``(period, mode)`` checked: a pair of days and a known, applicable mode.

    A mode outside ``allowed`` raises a ``ConfigError`` saying which modes apply;
    the former names ``reported``/``decided`` name their replacement.
    """
    from ipgar_metrics.errors import ConfigError

    if mode in _RENAMED_PERIOD_MODES:
        raise ConfigError(
            f'period_mode "{mode}" is now "{_RENAMED_PERIOD_MODES[mode]}"; choose one '
            f"of: {', '.join(allowed)}."
        )
    if mode not in PERIOD_MODES:
        raise ConfigError(
            f'unknown period mode "{mode}"; choose one of: {", ".join(PERIOD_MODES)}.'
        )
    if mode not in allowed:
        raise ConfigError(
            f'period_mode "{mode}" does not apply to {function}; choose one of: '
            f"{', '.join(allowed)}."
        )
    mode = cast(PeriodMode, mode)
    if period is None:
        return None, mode
    if isinstance(period, (str, date)) or len(period) != 2:
        raise ConfigError(
            "period is a pair (first_day, last_day), both included; "
            "use None for an open side."
        )
    first, last = period
    days = [d.date() if isinstance(d, datetime) else d for d in (first, last)]
    if days[0] is not None and days[1] is not None and days[1] < days[0]:
        raise ConfigError(
            "the period ends before it starts; give (first_day, last_day)."
        )
    return (first, last), mode


def check_activity(
    name: str, *, profile: str = "ipgar", known: Collection[str] | None = None
) -> str:
    """Return ``name`` if it is a known activity, else raise ``UnknownActivityError``.

    ``known`` are the activities the store holds (``metrics.store_values``); without
    it, profile ``ipgar`` checks the vocabulary and a generic log accepts any name.
    """
    from ipgar_metrics.errors import UnknownActivityError

    if known is None:
        if profile != "ipgar":
            return name
        known = ACTIVITIES
    return check_known(name, known, what="activity", error=UnknownActivityError)


def parse_activity_pair(text: str, *, meaning: str) -> tuple[str, str]:
    """``"A>B"`` as the pair ``("A", "B")``; else one ``ConfigError`` line.

    ``meaning`` says what the pair is in the message ("A directly followed by B").

    Examples
    --------
    >>> parse_activity_pair("Open > Close", meaning="A followed by B")
    ('Open', 'Close')
    """
    from ipgar_metrics.errors import ConfigError

    source, sep, target = str(text).partition(">")
    if not sep or not source.strip() or not target.strip():
        raise ConfigError(f'give two activities as A>B ({meaning}), not "{text}".')
    return source.strip(), target.strip()


#: At most this many known values are listed in an error message.
_LISTED = 20


def check_known(
    value: str,
    known: Collection[str],
    *,
    what: str,
    error: type[Exception] | None = None,
) -> str:
    """Return ``value`` if it is in ``known``; else raise one line with suggestions.

    The message names the close matches (``difflib.get_close_matches``), then the
    known values (the first 20 when there are more), so a typo is fixed at once.
    ``error`` defaults to ``ConfigError``.
    """
    from ipgar_metrics.errors import ConfigError

    if value in known:
        return value
    choices = [str(k) for k in known]
    close = difflib.get_close_matches(str(value), choices, n=3, cutoff=0.6)
    hint = f"did you mean {' or '.join(close)}? " if close else ""
    listed = ", ".join(choices[:_LISTED])
    if len(choices) > _LISTED:
        listed += f", ... ({len(choices)} in all)"
    raise (error or ConfigError)(
        f'unknown {what} "{value}"; {hint}choose one of: {listed or "(none)"}.'
    )


#: The artificial start and end nodes of a directly-follows graph (process map).
START_NODE: Final[str] = "[start]"
#: Name of the artificial end node.
END_NODE: Final[str] = "[end]"
