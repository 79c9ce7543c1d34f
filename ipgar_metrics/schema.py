"""The data contract as data: canonical columns, vocabularies and segments.

Everything the loader checks and every metric relies on is declared here, so a new
organisation or activity is a one-line change. See ``docs/data-contract.md`` and
``../shared/docs/domain.md`` for the meaning of each code.
"""

from __future__ import annotations

from typing import Final, Literal

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
    "contact",
    "interventie_start",
    "interventie_eind",
    "itatr_agendering",
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
#: Activities that must carry an outcome.
OUTCOME_REQUIRED: Final[tuple[str, ...]] = ("ivgr_advies", "ptor_besluit", "uitstroom")
#: Activities that must carry an organisation.
ORG_REQUIRED: Final[tuple[str, ...]] = (
    "regisseur_toegewezen",
    "contact",
    "interventie_start",
    "interventie_eind",
)
#: Activities that must carry a life domain.
LIFE_DOMAIN_REQUIRED: Final[tuple[str, ...]] = ("interventie_start", "interventie_eind")

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
CASE_ATTRIBUTE_VALUES: Final[dict[str, tuple[str, ...]]] = {
    "report_source": REPORT_SOURCES,
    "ideology": IDEOLOGIES,
    "risk_category": RISK_CATEGORIES,
}

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

#: Segments a metric may be broken down by (whitelist for SQL identifiers).
SEGMENTS: Final[tuple[str, ...]] = (
    "report_source",
    "risk_category",
    "ideology",
    "month",
)
Segment = Literal["report_source", "risk_category", "ideology", "month"]

Profile = Literal["ipgar", "generic"]
PROFILES: Final[tuple[str, ...]] = ("ipgar", "generic")


def check_segments(by: tuple[str, ...] | list[str]) -> tuple[str, ...]:
    """Return ``by`` as a tuple after checking every name against the whitelist."""
    from ipgar_metrics.errors import ConfigError

    for name in by:
        if name not in SEGMENTS:
            raise ConfigError(
                f'unknown segment "{name}"; choose one of: {", ".join(SEGMENTS)}.'
            )
    return tuple(by)


def check_activity(name: str, *, profile: str = "ipgar") -> str:
    """Return ``name`` if it is a known activity code (any name for ``generic``)."""
    from ipgar_metrics.errors import UnknownActivityError

    if profile == "ipgar" and name not in ACTIVITY_ORDER:
        raise UnknownActivityError(
            f'unknown activity "{name}"; choose one of: {", ".join(ACTIVITIES)}.'
        )
    return name
