"""Dutch and English labels for what a reader sees.

Activities, organisations, axes, statuses, path ends and month names. Metric-specific labels live beside their figures; the shared vocabulary is here, in
one place for the figures, the report and the notebooks.
``label(code, lang)`` falls back to the code itself when no label is known.
"""

from __future__ import annotations

import re
from datetime import date, datetime
from typing import TYPE_CHECKING, Final

if TYPE_CHECKING:
    import pandas as pd

LANGS: Final[tuple[str, ...]] = ("nl", "en")

ACTIVITY_LABELS: Final[dict[str, dict[str, str]]] = {
    "melding": {"nl": "Melding", "en": "Report"},
    "info_aanvraag": {"nl": "Informatie-aanvraag", "en": "Information request"},
    "info_ontvangen": {"nl": "Informatie ontvangen", "en": "Information received"},
    "ivgr_advies": {"nl": "Advies IVG-R", "en": "IVG-R advice"},
    "ptor_besluit": {"nl": "Besluit PTO-R", "en": "PTO-R decision"},
    "preventief_gesprek": {"nl": "Preventief gesprek", "en": "Preventive conversation"},
    "instroom": {"nl": "Instroom", "en": "Intake"},
    "notificatie": {"nl": "Notificatie", "en": "Notification"},
    "regisseur_toegewezen": {
        "nl": "Casusregisseur toegewezen",
        "en": "Case manager assigned",
    },
    "leefgebiedenscan": {"nl": "Leefgebiedenscan", "en": "Life-domain assessment"},
    "contact": {"nl": "Contact", "en": "Contact"},
    "interventie_start": {"nl": "Start interventie", "en": "Intervention start"},
    "interventie_eind": {"nl": "Einde interventie", "en": "Intervention end"},
    "itatr_agendering": {"nl": "Agendering ITAT-R", "en": "ITAT-R escalation"},
    "netwerkoverleg": {"nl": "Netwerkoverleg", "en": "Network meeting"},
    "detentie_start": {"nl": "Start detentie", "en": "Detention start"},
    "detentie_eind": {"nl": "Einde detentie", "en": "Detention end"},
    "uitgereisd_start": {"nl": "Uitgereisd", "en": "Travelled abroad"},
    "uitgereisd_eind": {"nl": "Teruggekeerd", "en": "Returned"},
    "statisch_start": {"nl": "Start statisch", "en": "Static start"},
    "statisch_eind": {"nl": "Einde statisch", "en": "Static end"},
    "uitstroom": {"nl": "Uitstroom", "en": "Exit"},
}

OUTCOME_LABELS: Final[dict[str, dict[str, str]]] = {
    "opnemen": {"nl": "opnemen", "en": "take in"},
    "niet_opnemen": {"nl": "niet opnemen", "en": "do not take in"},
    "meer_informatie": {"nl": "meer informatie nodig", "en": "more information needed"},
    "tussenvariant": {"nl": "tussenvariant", "en": "intermediate variant"},
    "opname": {"nl": "opname", "en": "intake"},
    "geen_opname": {"nl": "geen opname", "en": "no intake"},
    "aanhouden": {"nl": "aanhouden", "en": "postponed"},
    "statisch": {"nl": "statisch", "en": "static"},
    "probleem": {"nl": "probleem", "en": "problem"},
    "geen_probleem": {"nl": "geen probleem", "en": "no problem"},
    "instroom": {"nl": "instroom", "en": "intake"},
    "geen_instroom": {"nl": "geen instroom", "en": "no intake"},
    "open": {"nl": "nog open", "en": "still open"},
    "risico_afgenomen": {"nl": "risico afgenomen", "en": "risk reduced"},
    "doelen_bereikt": {"nl": "doelen bereikt", "en": "goals achieved"},
    "overgedragen": {"nl": "overgedragen", "en": "handed over"},
    "verhuisd": {"nl": "verhuisd", "en": "moved away"},
    "langdurig_gedetineerd": {
        "nl": "langdurig gedetineerd",
        "en": "long-term detention",
    },
    "uitgereisd": {"nl": "uitgereisd", "en": "travelled abroad"},
    "overleden": {"nl": "overleden", "en": "deceased"},
    "geslaagd": {"nl": "geslaagd", "en": "reached"},
    "poging": {"nl": "poging", "en": "attempt"},
    "geweigerd": {"nl": "geweigerd", "en": "refused"},
}

ORG_LABELS: Final[dict[str, dict[str, str]]] = {
    "oov": {"nl": "OOV (gemeente)", "en": "OOV (municipality)"},
    "politie": {"nl": "Politie", "en": "Police"},
    "om": {"nl": "OM", "en": "Public prosecutor"},
    "reclassering": {"nl": "Reclassering", "en": "Probation"},
    "dji": {"nl": "DJI", "en": "Prison service"},
    "ggz": {"nl": "GGZ", "en": "Mental health care"},
    "ggd": {"nl": "GGD", "en": "Municipal health service"},
    "verslavingszorg": {"nl": "Verslavingszorg", "en": "Addiction care"},
    "buurtteam": {"nl": "Buurtteam", "en": "Neighbourhood team"},
    "wpi": {"nl": "WPI", "en": "Work and income"},
    "leerplicht": {"nl": "Leerplicht", "en": "Compulsory education"},
    "jeugdzorg": {"nl": "Jeugdzorg", "en": "Youth care"},
    "onderwijs": {"nl": "Onderwijs", "en": "Education"},
    "lse": {"nl": "LSE", "en": "LSE (exit support)"},
    "familiesteunpunt": {"nl": "Familiesteunpunt", "en": "Family support"},
    "theologisch": {"nl": "Theologisch specialist", "en": "Theology specialist"},
}

DOMAIN_LABELS: Final[dict[str, dict[str, str]]] = {
    "veiligheid": {"nl": "veiligheid", "en": "safety"},
    "zorg": {"nl": "zorg", "en": "care"},
    "sociaal": {"nl": "sociaal", "en": "social"},
    "specialist": {"nl": "specialistisch", "en": "specialist"},
}

LIFE_DOMAIN_LABELS: Final[dict[str, dict[str, str]]] = {
    "inkomen": {"nl": "inkomen", "en": "income"},
    "dagbesteding": {"nl": "dagbesteding", "en": "daytime activity"},
    "wonen": {"nl": "wonen", "en": "housing"},
    "zorg": {"nl": "zorg", "en": "care"},
    "netwerk": {"nl": "sociaal netwerk", "en": "social network"},
    "ideologie": {"nl": "ideologie/identiteit", "en": "ideology/identity"},
}

SEGMENT_LABELS: Final[dict[str, dict[str, str]]] = {
    "report_source": {"nl": "bron melding", "en": "report source"},
    "risk_category": {"nl": "risicocategorie", "en": "risk category"},
    "ideology": {"nl": "ideologie", "en": "ideology"},
    "month": {"nl": "maand", "en": "month"},
    "MAP": {"nl": "MAP", "en": "MAP"},
    "CTER": {"nl": "CTER (politie)", "en": "CTER (police)"},
    "overig": {"nl": "overig", "en": "other"},
    "jihadistisch": {"nl": "jihadistisch", "en": "jihadist"},
    "rechts": {"nl": "rechts-extremistisch", "en": "right-wing"},
    "links": {"nl": "links-extremistisch", "en": "left-wing"},
    "single_issue": {"nl": "single issue", "en": "single issue"},
    "uitreiziger": {"nl": "(potentiële) uitreiziger", "en": "(potential) traveller"},
    "verijdeld": {"nl": "verijdelde uitreiziger", "en": "thwarted traveller"},
    "ronselaar": {"nl": "ronselaar/aanjager", "en": "recruiter/instigator"},
    "terugkeerder": {"nl": "terugkeerder", "en": "returnee"},
    "aanslag": {"nl": "aanslagrisico", "en": "attack risk"},
}

#: Column headers of tables a reader sees.
COLUMN_LABELS: Final[dict[str, dict[str, str]]] = {
    "case_id": {"nl": "casus (pseudoniem)", "en": "case (pseudonym)"},
    "episode": {"nl": "episode", "en": "episode"},
    "n": {"nl": "aantal", "en": "count"},
    "n_open": {"nl": "nog open", "en": "still open"},
    "mean_days": {"nl": "gemiddeld (dagen)", "en": "mean (days)"},
    "median_days": {"nl": "mediaan (dagen)", "en": "median (days)"},
    "p10_days": {"nl": "p10 (dagen)", "en": "p10 (days)"},
    "p25_days": {"nl": "p25 (dagen)", "en": "p25 (days)"},
    "p75_days": {"nl": "p75 (dagen)", "en": "p75 (days)"},
    "p90_days": {"nl": "p90 (dagen)", "en": "p90 (days)"},
    "min_days": {"nl": "minimum (dagen)", "en": "minimum (days)"},
    "max_days": {"nl": "maximum (dagen)", "en": "maximum (days)"},
    "days": {"nl": "dagen", "en": "days"},
    "weeks": {"nl": "weken", "en": "weeks"},
    "org": {"nl": "organisatie", "en": "organisation"},
    "activity": {"nl": "activiteit", "en": "activity"},
    "outcome": {"nl": "uitkomst", "en": "outcome"},
    "month": {"nl": "maand", "en": "month"},
    "share": {"nl": "aandeel", "en": "share"},
    "count": {"nl": "aantal", "en": "count"},
    "stage": {"nl": "fase", "en": "stage"},
    "rank": {"nl": "rang", "en": "rank"},
    "cumulative_share": {"nl": "cumulatief aandeel", "en": "cumulative share"},
    "n_episodes": {"nl": "episodes", "en": "episodes"},
    "small_n": {"nl": "weinig meldingen (< 10)", "en": "few reports (< 10)"},
    "mostly_open": {"nl": "> 20% nog open", "en": "> 20% still open"},
}

#: What a lead-time table shows instead of a median or percentile of a group with
#: fewer than 10 completed reports (``small_n``; the flags' headers are in
#: ``COLUMN_LABELS``).
SMALL_NUMBER_LABELS: Final[dict[str, dict[str, str]]] = {
    "too_few": {"nl": "te weinig meldingen", "en": "too few reports"},
}

#: Severity of a data-quality check.
#: Pause statuses of a case in the approach (``active``: none).
STATUS_LABELS: Final[dict[str, dict[str, str]]] = {
    "active": {"nl": "actief", "en": "active"},
    "detained": {"nl": "gedetineerd", "en": "detained"},
    "travelled": {"nl": "uitgereisd", "en": "travelled"},
    "static": {"nl": "statisch", "en": "static"},
}
#: The artificial start and end of a path (variants, process map).
PATH_END_LABELS: Final[dict[str, dict[str, str]]] = {
    "[start]": {"nl": "start", "en": "start"},
    "[end]": {"nl": "einde", "en": "end"},
}
MONTH_NAMES: Final[dict[str, tuple[str, ...]]] = {
    "nl": (
        "januari",
        "februari",
        "maart",
        "april",
        "mei",
        "juni",
        "juli",
        "augustus",
        "september",
        "oktober",
        "november",
        "december",
    ),
    "en": (
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ),
}

#: Short month names (date axes of the report's charts).
SHORT_MONTH_NAMES: Final[dict[str, tuple[str, ...]]] = {
    "nl": tuple(
        [
            "jan",
            "feb",
            "mrt",
            "apr",
            "mei",
            "jun",
            "jul",
            "aug",
            "sep",
            "okt",
            "nov",
            "dec",
        ]
    ),
    "en": tuple(
        [
            "Jan",
            "Feb",
            "Mar",
            "Apr",
            "May",
            "Jun",
            "Jul",
            "Aug",
            "Sep",
            "Oct",
            "Nov",
            "Dec",
        ]
    ),
}

SEVERITY_LABELS: Final[dict[str, dict[str, str]]] = {
    "error": {"nl": "fout", "en": "error"},
    "warning": {"nl": "waarschuwing", "en": "warning"},
    "info": {"nl": "ter info", "en": "info"},
}

#: Dutch descriptions of the data-quality checks (``quality_report``); the
#: English ones come with the report itself.
QUALITY_LABELS_NL: Final[dict[str, str]] = {
    "future_date": "rijen afgewezen: datum na de exportdatum",
    "before_programme": "rijen afgewezen: datum vóór de start van de aanpak",
    "label_typo": "onbekende labels die lijken op een tikfout van een bekend label",
    "missing_timestamp": "rijen afgewezen: geen datum",
    "missing_case_id": "rijen afgewezen: geen casusnummer",
    "missing_activity": "rijen afgewezen: geen activiteit",
    "unparsable_date": "rijen afgewezen: datum niet leesbaar",
    "nonexistent_local_time": "rijen afgewezen: tijdstip bestaat niet (zomertijd)",
    "unknown_activity": "rijen afgewezen: onbekende activiteit",
    "unknown_outcome": "rijen afgewezen: onbekende uitkomst",
    "unknown_org": "rijen afgewezen: onbekende organisatie",
    "unknown_life_domain": "rijen afgewezen: onbekend leefgebied",
    "unknown_attribute": "rijen afgewezen: onbekende waarde van een kenmerk",
    "number_in_label": "rijen afgewezen: een nummer waar een label hoort (verschoven rij of verwisselde kolommen)",
    "unknown_lifecycle": "rijen afgewezen: geen levenscyclus-overgang van de XES-standaard",
    "malformed_row": "rijen afgewezen: meer velden dan de kopregel",
    "short_row": "rijen afgewezen: minder velden dan de kopregel",
    "undefined_byte": "rijen afgewezen: teken bestaat niet in Windows-1252",
    "value_too_long": "rijen afgewezen: waarde te lang",
    "formula_in_cell": "rijen afgewezen: formule in plaats van waarde",
    "duplicate_event": "rijen afgewezen: registratienummer dubbel met andere inhoud",
    "batch_registration": "veel registraties van één organisatie in dezelfde minuut",
    "contradicting_attributes": "kenmerken van een casus spreken elkaar tegen",
    "new_value": "nieuwe waarden van organisatie, uitkomst, risicocategorie of ideologie, geladen (neem ze op in vocabulary.toml of herstel de export)",
    "duplicate_row": "exact dubbele rijen (overgeslagen)",
    "ambiguous_local_time": "tijdstip in het dubbele uur van de wintertijd (eerste genomen)",
    "deleted_in_source": "gebeurtenissen in de exportperiode die in de export ontbreken, bewaard ter controle (--keep-deletions)",
    "date_only": "datum zonder tijd, geladen als middernacht (volgorde op die dag en uren van doorlooptijden onbekend)",
    "lookalike_id": "casusnummers met Cyrillische of Griekse letters die op Latijnse lijken, en de casussen waarop ze lijken: als aparte casussen geladen, mogelijk één casus",
    "event_after_uitstroom": "andere gebeurtenis dan een melding na de uitstroom",
    "instroom_without_opname": "instroom zonder eerder PTO-R-besluit 'opname'",
    "missing_life_domain": "interventie zonder leefgebied",
    "missing_org": "activiteit zonder de vereiste organisatie",
    "missing_outcome": "advies, besluit of uitstroom zonder uitkomst",
    "multiple_instroom": "meer dan één instroom in een episode",
    "no_case_manager": "casussen in de aanpak zonder casusregisseur",
    "notificatie_without_instroom": "notificatie in een episode zonder instroom",
    "out_of_order": "gebeurtenissen buiten de procesvolgorde (bijv. notificatie vóór instroom)",
    "recording_gap": "perioden zonder enige registratie",
    "statisch_without_decision": "status statisch zonder PTO-R-besluit, of dat besluit zonder ITAT-R",
    "identical_timestamps": "gebeurtenissen met hetzelfde tijdstip (volgorde volgens de vaste regel)",
    "open_status": "detentie, uitreis of statisch gestart en niet beëindigd (kan nog lopen)",
}

#: Short reader's names of the data-quality checks and reject reasons (the codes
#: of ``quality_report`` and ``ReasonCode``); the one-line explanation is
#: ``quality_description``.
QUALITY_NAMES: Final[dict[str, dict[str, str]]] = {
    "future_date": {"nl": "Datum na exportdatum", "en": "Date after export date"},
    "before_programme": {
        "nl": "Datum vóór start aanpak",
        "en": "Date before the approach began",
    },
    "label_typo": {"nl": "Mogelijke tikfout", "en": "Possible typo"},
    "missing_timestamp": {"nl": "Datum ontbreekt", "en": "Date missing"},
    "missing_case_id": {"nl": "Casusnummer ontbreekt", "en": "Case number missing"},
    "missing_activity": {"nl": "Activiteit ontbreekt", "en": "Activity missing"},
    "unparsable_date": {"nl": "Datum onleesbaar", "en": "Date unreadable"},
    "nonexistent_local_time": {
        "nl": "Tijdstip bestaat niet (zomertijd)",
        "en": "Time does not exist (summer time)",
    },
    "unknown_activity": {"nl": "Onbekende activiteit", "en": "Unknown activity"},
    "unknown_outcome": {"nl": "Onbekende uitkomst", "en": "Unknown outcome"},
    "unknown_org": {"nl": "Onbekende organisatie", "en": "Unknown organisation"},
    "unknown_life_domain": {"nl": "Onbekend leefgebied", "en": "Unknown life domain"},
    "unknown_attribute": {"nl": "Onbekend kenmerk", "en": "Unknown attribute"},
    "number_in_label": {"nl": "Nummer in plaats van label", "en": "Number for a label"},
    "unknown_lifecycle": {
        "nl": "Onbekende levenscyclus (XES)",
        "en": "Unknown lifecycle (XES)",
    },
    "malformed_row": {"nl": "Te veel velden", "en": "Too many fields"},
    "short_row": {"nl": "Te weinig velden", "en": "Too few fields"},
    "undefined_byte": {"nl": "Onbekend teken", "en": "Undefined character"},
    "value_too_long": {"nl": "Waarde te lang", "en": "Value too long"},
    "formula_in_cell": {"nl": "Formule in cel", "en": "Formula in cell"},
    "duplicate_event": {
        "nl": "Registratienummer dubbel",
        "en": "Event number repeated",
    },
    "batch_registration": {"nl": "Registratie in bulk", "en": "Batch registration"},
    "contradicting_attributes": {
        "nl": "Tegenstrijdige kenmerken",
        "en": "Contradicting attributes",
    },
    "new_value": {"nl": "Nieuwe waarde", "en": "New value"},
    "duplicate_row": {"nl": "Dubbele rij", "en": "Duplicate row"},
    "ambiguous_local_time": {
        "nl": "Dubbel uur (wintertijd)",
        "en": "Repeated hour (winter time)",
    },
    "deleted_in_source": {"nl": "Verwijderd in bron", "en": "Deleted in source"},
    "date_only": {"nl": "Datum zonder tijd", "en": "Date without time"},
    "lookalike_id": {
        "nl": "Casusnummer lijkt op ander",
        "en": "Look-alike case number",
    },
    "event_after_uitstroom": {
        "nl": "Gebeurtenis na uitstroom",
        "en": "Event after exit",
    },
    "instroom_without_opname": {
        "nl": "Instroom zonder besluit opname",
        "en": "Intake without decision to admit",
    },
    "missing_life_domain": {"nl": "Leefgebied ontbreekt", "en": "Life domain missing"},
    "missing_org": {"nl": "Organisatie ontbreekt", "en": "Organisation missing"},
    "missing_outcome": {"nl": "Uitkomst ontbreekt", "en": "Outcome missing"},
    "multiple_instroom": {"nl": "Meer dan één instroom", "en": "More than one intake"},
    "no_case_manager": {"nl": "Geen casusregisseur", "en": "No case manager"},
    "notificatie_without_instroom": {
        "nl": "Notificatie zonder instroom",
        "en": "Notification without intake",
    },
    "out_of_order": {"nl": "Volgorde klopt niet", "en": "Out of order"},
    "recording_gap": {"nl": "Periode zonder registratie", "en": "Recording gap"},
    "statisch_without_decision": {
        "nl": "Statisch zonder besluit",
        "en": "Static without decision",
    },
    "identical_timestamps": {"nl": "Gelijk tijdstip", "en": "Identical timestamps"},
    "open_status": {"nl": "Status niet beëindigd", "en": "Status not ended"},
}


# ways of working per organisation (issue 23): the measures of practice_profile
PRACTICE_LABELS: Final[dict[str, dict[str, str]]] = {
    "contact_gap": {
        "nl": "aandeel actieve casussen boven de contactdrempel",
        "en": "share of active cases over the contact threshold",
    },
    "contacts_per_month": {
        "nl": "contacten per actieve maand",
        "en": "contacts per active month",
    },
    "median_contact_interval_days": {
        "nl": "mediaan dagen tussen contacten",
        "en": "median days between contacts",
    },
    "own_org_contacts": {
        "nl": "aandeel contacten door eigen organisatie regisseur",
        "en": "share of contacts by the case manager's own organisation",
    },
    "cases_without_intervention": {
        "nl": "aandeel casussen zonder interventie (bovengrens voor 'geen problemen')",
        "en": "share of cases without an intervention (upper bound of 'no problems')",
    },
    "cases_without_problem": {
        "nl": "aandeel casussen zonder probleem op enig leefgebied (leefgebiedenscan)",
        "en": "share of cases without a problem on any life domain (assessment)",
    },
    "no_problem_with_intervention": {
        "nl": "van casussen zonder probleem: aandeel toch met interventie",
        "en": "of cases without a problem: share with an intervention all the same",
    },
    "no_problem_contacts_only": {
        "nl": "van casussen zonder probleem: aandeel alleen contact",
        "en": "of cases without a problem: share with contacts only",
    },
    "contact_attempted": {
        "nl": "aandeel contactpogingen zonder bereik",
        "en": "share of contact attempts that did not reach the person",
    },
    "contact_refused": {
        "nl": "aandeel contacten geweigerd door de persoon",
        "en": "share of contacts refused by the person",
    },
    "median_days_to_first_contact": {
        "nl": "mediaan dagen van instroom tot eerste contact",
        "en": "median days from intake to first contact",
    },
    "median_days_to_first_intervention": {
        "nl": "mediaan dagen van instroom tot eerste interventie",
        "en": "median days from intake to first intervention",
    },
    "interventions_per_case_year": {
        "nl": "interventies per casusjaar",
        "en": "interventions per case-year",
    },
    **{
        f"life_domain_{code}": {
            "nl": f"aandeel interventies op leefgebied {nl}",
            "en": f"share of interventions on life domain {en}",
        }
        for code, nl, en in (
            ("inkomen", "inkomen", "income"),
            ("dagbesteding", "dagbesteding", "daytime activity"),
            ("wonen", "wonen", "housing"),
            ("zorg", "zorg", "care"),
            ("netwerk", "sociaal netwerk", "social network"),
            ("ideologie", "ideologie", "ideology"),
        )
    },
    "own_org_share": {
        "nl": "aandeel interventies door eigen organisatie",
        "en": "share of interventions by the own organisation",
    },
    "social_care_share": {
        "nl": "aandeel interventies uit sociaal domein of zorg",
        "en": "share of interventions from the social or care domain",
    },
    "missing_life_domain": {
        "nl": "aandeel interventies zonder leefgebied",
        "en": "share of interventions without a life domain",
    },
    "missing_org": {
        "nl": "aandeel registraties zonder organisatie",
        "en": "share of registrations without an organisation",
    },
    "missing_outcome": {
        "nl": "aandeel uitstroom zonder reden",
        "en": "share of exits without a reason",
    },
    "intervention_without_end": {
        "nl": "aandeel interventies zonder einde bij uitstroom",
        "en": "share of interventions without an end at exit",
    },
    "median_registration_lag_days": {
        "nl": "mediaan dagen van gebeurtenis tot registratie",
        "en": "median days from event to registration",
    },
    "late_registration": {
        "nl": "aandeel later dan 7 dagen geregistreerd (in batches)",
        "en": "share registered more than 7 days late (in batches)",
    },
    "manager_changes_per_case_year": {
        "nl": "wisselingen van casusregisseur per casusjaar",
        "en": "changes of case manager per case-year",
    },
    "notification_in_term": {
        "nl": "aandeel notificaties binnen de termijn",
        "en": "share of notifications within the term",
    },
    "overige organisaties": {"nl": "overige organisaties", "en": "other organisations"},
    "overige pools": {"nl": "overige pools", "en": "other pools"},
    "onbekend": {"nl": "pool onbekend", "en": "pool unknown"},
    "specialistisch": {"nl": "specialistische pool", "en": "specialist pool"},
    "regulier": {"nl": "reguliere casusregisseurs", "en": "regular case managers"},
    "boven": {"nl": "boven", "en": "above"},
    "onder": {"nl": "onder", "en": "below"},
    "binnen": {"nl": "binnen", "en": "within"},
}

_TABLES = (
    ACTIVITY_LABELS,
    OUTCOME_LABELS,
    ORG_LABELS,
    DOMAIN_LABELS,
    LIFE_DOMAIN_LABELS,
    SEGMENT_LABELS,
    COLUMN_LABELS,
    PRACTICE_LABELS,
)


def check_lang(lang: str) -> str:
    """Return ``lang`` if supported, else raise ``ConfigError``."""
    from ipgar_metrics.errors import ConfigError

    if lang not in LANGS:
        raise ConfigError(f'unknown language "{lang}"; choose one of: nl, en.')
    return lang


def label(
    code: object, lang: str = "nl", table: dict[str, dict[str, str]] | None = None
) -> str:
    """The reader's label of ``code`` in ``lang``; the code itself when unknown."""
    check_lang(lang)
    key = str(code)
    for tab in (table,) if table is not None else _TABLES:
        if tab is not None and key in tab:
            return tab[key][lang]
    return key


def quality_description(check: str, description: str, lang: str = "nl") -> str:
    """The reader's description of a data-quality check (Dutch from the table)."""
    if check_lang(lang) == "nl":
        return QUALITY_LABELS_NL.get(check, description)
    return description


def quality_name(check: str, lang: str = "nl") -> str:
    """The reader's short name of a quality check or reject reason (a code never shows).

    An unknown code (a check added later) is written in words: underscores become
    spaces and the first letter a capital.
    """
    if check in QUALITY_NAMES:
        return QUALITY_NAMES[check][check_lang(lang)]
    text = str(check).replace("_", " ")
    return text[:1].upper() + text[1:]


#: An example of a quality check as ``quality_report`` writes it: the export file and
#: its data row, then the case pseudonym or the masked detail of a typo.
_EXAMPLE = re.compile(
    r"^(?P<file>.+?) row (?P<row>\d+)"
    r"(?: \(case (?P<case>[^)]+)\))?"
    r'(?:: shape (?P<shape>.+?)(?: -> "(?P<known>[^"]*)")?)?$'
)
#: Where one example ends and the next (``<file> row <n>``) begins.
_NEXT_EXAMPLE = re.compile(r", (?=[^,]+? row \d+)")
_ISO_DAY = re.compile(r"\b(\d{4})-(\d{2})-(\d{2})\b")
_EXAMPLE_WORDS: Final[dict[str, dict[str, str]]] = {
    "file": {"nl": "bestand", "en": "file"},
    "row": {"nl": "rij", "en": "row"},
    "case": {"nl": "casus", "en": "case"},
    "shape": {"nl": "onbekend label van de vorm", "en": "unknown label shaped"},
    "known": {"nl": "bedoeld is waarschijnlijk", "en": "probably meant"},
}


def quality_examples(examples: str, lang: str = "nl") -> str:
    """The examples of a quality check in plain words.

    ``export.csv row 11653: shape Aaaaaaa -> "Contact"`` reads ``bestand export.csv,
    rij 11653: onbekend label van de vorm Aaaaaaa, bedoeld is waarschijnlijk
    "Contact"``; a case pseudonym stays a pseudonym and a typo stays a masked shape
    (never the raw value). Dates (``2026-01-05``) are written in words; other
    details are kept as they are.
    """
    check_lang(lang)
    if not examples:
        return ""
    parts = (
        _NEXT_EXAMPLE.split(examples)
        if _EXAMPLE.match(examples.split(", ")[0])
        else examples.split(", ")
    )
    return "; ".join(_example(part, lang) for part in parts)


def _example(part: str, lang: str) -> str:
    words = {key: pair[lang] for key, pair in _EXAMPLE_WORDS.items()}
    found = _EXAMPLE.match(part.strip())
    if found is None:
        part = _ISO_DAY.sub(
            lambda m: date_words(date(*map(int, m.groups())), lang), part
        )
        return part.replace(" .. ", " – ")
    text = f"{words['file']} {found['file']}, {words['row']} {found['row']}"
    if found["case"]:
        text += f" ({words['case']} {found['case']})"
    if found["shape"]:
        text += f": {words['shape']} {found['shape']}"
        if found["known"]:
            text += f', {words["known"]} "{found["known"]}"'
    return text


def date_words(day: date, lang: str = "nl") -> str:
    """A date in words: ``1 oktober 2026`` / ``1 October 2026``."""
    return f"{day.day} {MONTH_NAMES[check_lang(lang)][day.month - 1]} {day.year}"


def moment_words(moment: datetime, lang: str = "nl") -> str:
    """A date and time in words: ``2 december 2026, 14:51`` (the moment's own zone)."""
    return f"{date_words(moment.date(), lang)}, {moment:%H:%M}"


def activity_label(code: str, lang: str = "nl") -> str:
    """The reader's name of an activity code (generic logs keep their own names)."""
    return label(code, lang, ACTIVITY_LABELS)


def step_label(code: str, lang: str = "nl") -> str:
    """The reader's name of a path step: an activity, or the path's start or end."""
    if code in PATH_END_LABELS:
        return PATH_END_LABELS[code][check_lang(lang)]
    return activity_label(code, lang)


def month_name(month: str, lang: str = "nl") -> str:
    """``"2026-10"`` as ``"oktober 2026"`` / ``"October 2026"``."""
    year, mon = month.split("-")
    return f"{MONTH_NAMES[check_lang(lang)][int(mon) - 1]} {year}"


def short_date(day: date) -> str:
    """A date as ``d-m-jjjj``, the Dutch short form a reader expects."""
    return f"{day.day}-{day.month}-{day.year}"


#: Statistics in column names such as ``median_weeks`` (``<statistic>_<unit>``).
STATISTIC_LABELS: Final[dict[str, dict[str, str]]] = {
    "mean": {"nl": "gemiddeld", "en": "mean"},
    "median": {"nl": "mediaan", "en": "median"},
    "min": {"nl": "minimum", "en": "minimum"},
    "max": {"nl": "maximum", "en": "maximum"},
}
_STAT_UNIT = re.compile(r"^(mean|median|min|max|p\d{1,2})_(days|weeks)$")


def column_label(name: object, lang: str = "nl") -> str:
    """The reader's header of a frame column: a known label, else ``<statistic> (<unit>)``."""
    key = str(name)
    text = label(key, lang)
    match = _STAT_UNIT.match(key)
    if text == key and match:
        stat, unit = match.groups()
        stat_text = STATISTIC_LABELS[stat][lang] if stat in STATISTIC_LABELS else stat
        return f"{stat_text} ({COLUMN_LABELS[unit][lang]})"
    return text


def dutch_columns(frame: pd.DataFrame, lang: str = "nl") -> pd.DataFrame:
    """A copy of ``frame`` with reader's column headers (Dutch by default), values unchanged."""
    check_lang(lang)
    return frame.rename(columns=lambda c: column_label(c, lang))
