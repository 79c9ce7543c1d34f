"""Dutch and English labels for what a reader sees.

Activities, organisations, axes, statuses, path ends and month names. Metric-specific labels live beside their figures; the shared vocabulary is here, in
one place for the figures, the report and the notebooks.
``label(code, lang)`` falls back to the code itself when no label is known.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import date, datetime
from typing import TYPE_CHECKING, Any, Final

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
    # a lead time's outcome (``lead_time_between``): reached B, or ended without it
    "reached": {"nl": "bereikt", "en": "reached"},
    "ended": {"nl": "afgesloten", "en": "ended"},
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
    "requests": {"nl": "aanvragen", "en": "requests"},
    "answered": {"nl": "beantwoord", "en": "answered"},
    "unanswered": {"nl": "onbeantwoord", "en": "unanswered"},
    # the flag of a row too small for a median: fewer completed reports, reached
    # episodes, answered requests or (variants) episodes than the metric's threshold
    "small_n": {"nl": "te weinig voor mediaan", "en": "too few for a median"},
    "mostly_open": {"nl": "> 20% nog open", "en": "> 20% still open"},
    # the network approach (issue 19): metrics.network
    "component": {"nl": "netwerk", "en": "component"},
    "cases": {"nl": "casussen", "en": "cases"},
    "case_managers": {"nl": "casusregisseurs", "en": "case managers"},
    "organisations": {"nl": "organisaties", "en": "organisations"},
    "linked_outside": {
        "nl": "gekoppeld buiten de aanpak",
        "en": "linked outside the approach",
    },
    "managers_met_days": {
        "nl": "dagen sinds overleg regisseurs",
        "en": "days since the managers met",
    },
    "coordination_needed": {"nl": "afstemming nodig", "en": "coordination needed"},
    "last_met": {"nl": "laatste overleg", "en": "last met"},
    "degree": {"nl": "koppelingen", "en": "degree"},
    "articulation_point": {"nl": "verbindt het netwerk", "en": "articulation point"},
    "case_manager": {
        "nl": "casusregisseur (pseudoniem)",
        "en": "case manager (pseudonym)",
    },
    "case_a": {"nl": "persoon a (pseudoniem)", "en": "person a (pseudonym)"},
    "case_b": {"nl": "persoon b (pseudoniem)", "en": "person b (pseudonym)"},
    "relation": {"nl": "relatie", "en": "relation"},
    "since": {"nl": "sinds", "en": "since"},
    "linked": {"nl": "gekoppeld", "en": "linked"},
    "reports": {"nl": "meldingen", "en": "reports"},
    "admitted": {"nl": "ingestroomd", "en": "admitted"},
    "location_id": {
        "nl": "sleutellocatie (pseudoniem)",
        "en": "key location (pseudonym)",
    },
    "persons": {"nl": "personen", "en": "persons"},
    "in_approach": {"nl": "in de aanpak", "en": "in the approach"},
    "others": {"nl": "overige personen", "en": "other persons"},
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

#: The severities of the quality report (``quality_report``).
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
    "missing_value": "relaties afgewezen: een verplichte waarde ontbreekt",
    "unknown_case": "relaties afgewezen: een persoon die de registratie niet kent als casus (derde, niet opgeslagen)",
    "self_relation": "relaties afgewezen: een persoon gekoppeld aan zichzelf",
    "end_before_start": "relaties afgewezen: einddatum vóór de begindatum",
    "unknown_relation": "relaties afgewezen: onbekend soort relatie",
    "duplicate_relation": "relaties afgewezen: dezelfde relatie eerder in het bestand met een ander einde",
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
    # relations and key locations (network approach)
    "missing_value": {"nl": "Waarde ontbreekt", "en": "Value missing"},
    "unknown_case": {
        "nl": "Onbekende persoon (derde)",
        "en": "Unknown person (third party)",
    },
    "self_relation": {"nl": "Relatie met zichzelf", "en": "Relation with oneself"},
    "end_before_start": {"nl": "Einde vóór begin", "en": "End before start"},
    "unknown_relation": {"nl": "Onbekend soort relatie", "en": "Unknown relation type"},
    "duplicate_relation": {
        "nl": "Dubbele relatie met ander einde",
        "en": "Repeated relation with another end",
    },
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

#: The network approach (issue 19): relation types and what a network figure shows
#: (``label(code, lang, NETWORK_LABELS)``; not in ``_TABLES``, since ``overig`` is also
#: a report source). A table's true/false words are ``BOOLEAN_LABELS``.
NETWORK_LABELS: Final[dict[str, dict[str, str]]] = {
    "familie": {"nl": "Familie", "en": "Family"},
    "vriend": {"nl": "Vriend", "en": "Friend"},
    "online": {"nl": "Online", "en": "Online"},
    "sleutellocatie": {"nl": "Sleutellocatie", "en": "Key location"},
    "overig": {"nl": "Overig", "en": "Other"},
    "no_manager": {"nl": "geen casusregisseur", "en": "no case manager"},
    "articulation_point": {
        "nl": "verbindt het netwerk (vertrek splitst het)",
        "en": "articulation point (exit splits it)",
    },
    "size_band": {"nl": "personen per netwerk", "en": "persons per component"},
    "components": {"nl": "netwerken", "en": "components"},
    "no_components": {
        "nl": "geen netwerk van twee of meer personen in de aanpak",
        "en": "no component of two or more persons in the approach",
    },
    "degree": {"nl": "koppelingen", "en": "links"},
    "component": {"nl": "netwerk", "en": "component"},
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
    """The reader's name of a path step: an activity, or the path's start or end.

    A refined step ``activity:outcome`` (the conformance check's) reads with its
    outcome: ``ivgr_advies:meer_informatie`` is "Advies IVG-R (meer informatie
    nodig)". A generic log's names stay as they are.
    """
    if code in PATH_END_LABELS:
        return PATH_END_LABELS[code][check_lang(lang)]
    activity, colon, outcome = code.partition(":")
    if colon and activity in ACTIVITY_LABELS:
        return (
            f"{activity_label(activity, lang)} ({label(outcome, lang, OUTCOME_LABELS)})"
        )
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

#: The measures of ``ipgar overview`` (the keys of ``cli.overview_object``).
OVERVIEW_LABELS: Final[dict[str, dict[str, str]]] = {
    "cases": {"nl": "casussen", "en": "cases"},
    "events": {"nl": "gebeurtenissen", "en": "events"},
    "activities": {"nl": "activiteiten", "en": "activities"},
    "variants": {"nl": "varianten", "en": "variants"},
    "start": {"nl": "eerste gebeurtenis", "en": "first event"},
    "end": {"nl": "laatste gebeurtenis", "en": "last event"},
    "start_activities": {"nl": "startactiviteit", "en": "start activity"},
    "end_activities": {"nl": "eindactiviteit", "en": "end activity"},
    "case_duration_days": {
        "nl": "doorlooptijd casus (dagen)",
        "en": "case duration (days)",
    },
}


def overview_measure(code: str, lang: str = "nl") -> str:
    """A measure of ``ipgar overview`` in the reader's words.

    ``end_activities:A_DECLINED`` reads ``eindactiviteit: A_DECLINED``,
    ``end_activities:ptor_besluit`` ``eindactiviteit: Besluit PTO-R``,
    ``case_duration_days:p90`` reads ``doorlooptijd casus (dagen): p90``; an unknown
    code stays as it is.
    """
    check_lang(lang)
    head, sep, part = code.partition(":")
    if head not in OVERVIEW_LABELS:
        return code
    words = OVERVIEW_LABELS[head][lang]
    if not sep:
        return words
    if head == "case_duration_days" and part in STATISTIC_LABELS:
        part = STATISTIC_LABELS[part][lang]
    elif head in ("start_activities", "end_activities"):
        part = activity_label(part, lang)  # a generic log's own names stay
    return f"{words}: {part}"


#: Headers of the command line's tables (``--format xlsx``) that no other table
#: names (issue 17, item 12). Columns that follow a pattern are written by
#: ``column_label``'s rules instead: ``<statistic>_[<stretch>_]<unit>``
#: (``UNIT_LABELS``, ``STRETCH_LABELS``), ``<measure>_<part>`` (``MEASURE_PART_LABELS``)
#: and ``share_<domain>``.
HEADER_LABELS: Final[dict[str, dict[str, str]]] = {
    # case (one case as a time line)
    "life_domain": {"nl": "leefgebied", "en": "life domain"},
    "kind": {"nl": "soort", "en": "kind"},
    # validate (quality report)
    "check": {"nl": "controle", "en": "check"},
    "severity": {"nl": "ernst", "en": "severity"},
    "examples": {"nl": "voorbeelden", "en": "examples"},
    "description": {"nl": "omschrijving", "en": "description"},
    # loads and rejected rows (notebook 01)
    "load_id": {"nl": "laadnummer", "en": "load"},
    "loaded_at": {"nl": "geladen op", "en": "loaded at"},
    "export_date": {"nl": "exportdatum", "en": "export date"},
    "files": {"nl": "bestanden", "en": "files"},
    "mapping_sha256": {"nl": "mapping (hash)", "en": "mapping (hash)"},
    "rows_read": {"nl": "rijen gelezen", "en": "rows read"},
    "rows_loaded": {"nl": "rijen geladen", "en": "rows loaded"},
    # new, already stored, corrected: events, or the rows of a relations load
    "new_events": {"nl": "nieuw", "en": "new"},
    "already_present": {"nl": "al in de store", "en": "already stored"},
    "corrected": {"nl": "gecorrigeerd", "en": "corrected"},
    "rows_rejected": {"nl": "rijen afgewezen", "en": "rows rejected"},
    "duplicates_skipped": {
        "nl": "dubbele rijen overgeslagen",
        "en": "duplicate rows skipped",
    },
    "toolkit_version": {"nl": "versie toolkit", "en": "toolkit version"},
    "snapshot_id": {"nl": "gegevensstand", "en": "snapshot"},
    "file": {"nl": "bestand", "en": "file"},
    "row": {"nl": "rij", "en": "row"},
    "column_name": {"nl": "kolom", "en": "column"},
    "reason_code": {"nl": "reden", "en": "reason"},
    "message": {"nl": "toelichting", "en": "message"},
    # subject
    "part": {"nl": "onderdeel", "en": "part"},
    "item": {"nl": "nummer", "en": "item"},
    "field": {"nl": "veld", "en": "field"},
    "value": {"nl": "waarde", "en": "value"},
    # lead times
    "start_at": {"nl": "begin", "en": "start"},
    "end_at": {"nl": "einde", "en": "end"},
    "is_open": {"nl": "loopt nog", "en": "still running"},
    "info_loops": {"nl": "informatie-aanvragen", "en": "information requests"},
    "ivgr_count": {"nl": "besprekingen IVG-R", "en": "IVG-R discussions"},
    "ended_without_to": {
        "nl": "afgesloten zonder eindpunt",
        "en": "closed without the end activity",
    },
    "cif": {"nl": "cumulatieve incidentie", "en": "cumulative incidence"},
    "lower": {"nl": "ondergrens", "en": "lower limit"},
    "upper": {"nl": "bovengrens", "en": "upper limit"},
    # overview, activities, durations
    "measure": {"nl": "kengetal", "en": "measure"},
    "events": {"nl": "gebeurtenissen", "en": "events"},
    "cases": {"nl": "casussen", "en": "cases"},
    "event_share": {"nl": "aandeel gebeurtenissen", "en": "share of events"},
    "case_share": {"nl": "aandeel casussen", "en": "share of cases"},
    "next_events": {
        "nl": "gevolgd door een gebeurtenis",
        "en": "followed by an event",
    },
    "n_events": {"nl": "aantal gebeurtenissen", "en": "number of events"},
    # paths, dfg, handovers
    "n_variants": {"nl": "aantal varianten", "en": "number of variants"},
    "is_other": {
        "nl": "zeldzame varianten samengevoegd",
        "en": "rare variants merged",
    },
    "source": {"nl": "van", "en": "from"},
    "target": {"nl": "naar", "en": "to"},
    "handover": {"nl": "overdracht", "en": "hand-over"},
    # conformance
    "n_fit": {"nl": "passende episodes", "en": "fitting episodes"},
    "share_fit": {"nl": "aandeel passend", "en": "share fitting"},
    "log_fitness": {"nl": "passendheid (hele log)", "en": "fitness (whole log)"},
    "mean_fitness": {"nl": "gemiddelde passendheid", "en": "mean fitness"},
    "mean_alignment_fitness": {
        "nl": "gemiddelde passendheid (alignment)",
        "en": "mean alignment fitness",
    },
    "n_not_aligned": {"nl": "niet uitgelijnd", "en": "not aligned"},
    "fitness": {"nl": "passendheid", "en": "fitness"},
    "is_fit": {"nl": "past", "en": "fits"},
    "missing_tokens": {"nl": "ontbrekende tokens", "en": "missing tokens"},
    "remaining_tokens": {"nl": "resterende tokens", "en": "remaining tokens"},
    "alignment_fitness": {
        "nl": "passendheid (alignment)",
        "en": "alignment fitness",
    },
    "alignment_cost": {
        "nl": "afwijkende stappen (alignment)",
        "en": "alignment cost",
    },
    "deviations": {"nl": "afwijkingen", "en": "deviations"},
    "first_deviation": {"nl": "eerste afwijking", "en": "first deviation"},
    "noise_threshold": {"nl": "ruisdrempel", "en": "noise threshold"},
    # conformance to a model of the user's own (``model_conformance``)
    "variants": {"nl": "varianten", "en": "variants"},
    "average_trace_fitness": {
        "nl": "gemiddelde passendheid per casus",
        "en": "mean fitness per case",
    },
    "fitting_cases": {
        "nl": "aandeel passende casussen",
        "en": "share of fitting cases",
    },
    "precision": {"nl": "precisie", "en": "precision"},
    "unknown_activities": {
        "nl": "activiteiten buiten het model",
        "en": "activities not in the model",
    },
    # rules
    "rule": {"nl": "regel", "en": "rule"},
    "template": {"nl": "sjabloon", "en": "template"},
    "n_violating": {
        "nl": "episodes in strijd met de regel",
        "en": "episodes breaking the rule",
    },
    "case_ids": {"nl": "casussen (pseudoniem)", "en": "cases (pseudonym)"},
    "at": {"nl": "tijdstip", "en": "time"},
    # contact, integrality, flow, caseload
    "days_since_contact": {"nl": "dagen sinds contact", "en": "days since contact"},
    "days_since_intervention": {
        "nl": "dagen sinds interventie",
        "en": "days since intervention",
    },
    "over_threshold": {"nl": "boven de drempel", "en": "over the threshold"},
    "interventions": {"nl": "interventies", "en": "interventions"},
    "share_of_all": {
        "nl": "aandeel van alle interventies",
        "en": "share of all interventions",
    },
    "interventions_no_manager": {
        "nl": "interventies zonder casusregisseur",
        "en": "interventions without a case manager",
    },
    "mean_orgs_per_case": {
        "nl": "gemiddeld aantal organisaties per casus",
        "en": "mean organisations per case",
    },
    "share_cases_social_or_care": {
        "nl": "aandeel casussen met sociaal domein of zorg",
        "en": "share of cases with the social or care domain",
    },
    "diversity_domains": {
        "nl": "spreiding over domeinen (Gini-Simpson)",
        "en": "spread over domains (Gini-Simpson)",
    },
    "domain": {"nl": "domein", "en": "domain"},
    "inflow": {"nl": "instroom", "en": "inflow"},
    "outflow": {"nl": "uitstroom", "en": "outflow"},
    "stock_end": {
        "nl": "in de aanpak (einde maand)",
        "en": "in the approach (month end)",
    },
    "active": {"nl": "actief", "en": "active"},
    "detained": {"nl": "gedetineerd", "en": "detained"},
    "travelled": {"nl": "uitgereisd", "en": "travelled"},
    "static": {"nl": "statisch", "en": "static"},
    "is_partial": {"nl": "periode nog niet compleet", "en": "period not complete"},
    "managers": {"nl": "casusregisseurs", "en": "case managers"},
    "managers_0": {"nl": "regisseurs zonder casus", "en": "managers with no case"},
    "managers_1": {"nl": "regisseurs met 1 casus", "en": "managers with 1 case"},
    "managers_2": {"nl": "regisseurs met 2 casussen", "en": "managers with 2 cases"},
    "managers_3plus": {
        "nl": "regisseurs met 3 of meer casussen",
        "en": "managers with 3 or more cases",
    },
    "cases_without_manager": {
        "nl": "casussen zonder casusregisseur",
        "en": "cases without a case manager",
    },
    "mean_caseload": {
        "nl": "gemiddeld aantal casussen per regisseur",
        "en": "mean cases per manager",
    },
    # ptor
    "static_since": {"nl": "statisch sinds", "en": "static since"},
    "decided_at": {"nl": "besluit op", "en": "decided on"},
    "days_static": {"nl": "dagen statisch", "en": "days static"},
    "days_since_decision": {"nl": "dagen sinds besluit", "en": "days since decision"},
    "reviews": {"nl": "herbeoordelingen", "en": "reviews"},
    "last_review_at": {"nl": "laatste herbeoordeling", "en": "last review"},
    "days_since_review": {
        "nl": "dagen sinds herbeoordeling",
        "en": "days since review",
    },
    "without_review": {
        "nl": "zonder tijdige herbeoordeling",
        "en": "without a timely review",
    },
    "agenda_at": {"nl": "geagendeerd op", "en": "put on the agenda on"},
    "decision_at": {"nl": "besluit op", "en": "decision on"},
    "decision": {"nl": "besluit", "en": "decision"},
    "exit_before_decision": {
        "nl": "uitgestroomd vóór besluit",
        "en": "exit before decision",
    },
    "ended_at": {"nl": "beëindigd op", "en": "ended on"},
    "exit_reason": {"nl": "reden uitstroom", "en": "exit reason"},
    "next_report_at": {"nl": "volgende melding", "en": "next report"},
    "days_to_report": {"nl": "dagen tot nieuwe melding", "en": "days to new report"},
    "complete_12m": {"nl": "12 maanden verstreken", "en": "12 months elapsed"},
    "rereported_12m": {
        "nl": "opnieuw gemeld binnen 12 maanden",
        "en": "re-reported within 12 months",
    },
    "complete_24m": {"nl": "24 maanden verstreken", "en": "24 months elapsed"},
    "rereported_24m": {
        "nl": "opnieuw gemeld binnen 24 maanden",
        "en": "re-reported within 24 months",
    },
    "year": {"nl": "jaar", "en": "year"},
    # practice
    "share_over_threshold": {
        "nl": "aandeel boven de drempel",
        "en": "share over the threshold",
    },
    "expected_share": {"nl": "verwacht aandeel", "en": "expected share"},
    "lower_95": {"nl": "ondergrens 95%", "en": "lower limit 95%"},
    "upper_95": {"nl": "bovengrens 95%", "en": "upper limit 95%"},
    "lower_998": {"nl": "ondergrens 99,8%", "en": "lower limit 99.8%"},
    "upper_998": {"nl": "bovengrens 99,8%", "en": "upper limit 99.8%"},
    "signal": {"nl": "signaal", "en": "signal"},
    "detectable_95": {
        "nl": "kleinste zichtbare verschil (95%)",
        "en": "smallest detectable difference (95%)",
    },
    "active_cases": {"nl": "actieve casussen", "en": "active cases"},
    "caseload_band": {"nl": "caseloadklasse", "en": "caseload band"},
    "intervention_type": {"nl": "type interventie", "en": "intervention type"},
    "in_catalogue": {"nl": "in de catalogus", "en": "in the catalogue"},
    # evaluate
    "statistic": {"nl": "statistiek", "en": "statistic"},
    "before": {"nl": "vóór", "en": "before"},
    "after": {"nl": "na", "en": "after"},
    "difference": {"nl": "verschil", "en": "difference"},
    "ci_lower": {"nl": "ondergrens BI", "en": "CI lower"},
    "ci_upper": {"nl": "bovengrens BI", "en": "CI upper"},
    "test": {"nl": "toets", "en": "test"},
    "p_value": {"nl": "p-waarde", "en": "p-value"},
    "significant": {"nl": "statistisch significant", "en": "significant"},
    "role": {"nl": "rol", "en": "role"},
    "p_adjusted": {"nl": "p gecorrigeerd (Holm)", "en": "p adjusted (Holm)"},
    # whatif
    "what": {"nl": "soort", "en": "kind"},
    "name": {"nl": "naam", "en": "name"},
    "mean_lower": {"nl": "gemiddeld, ondergrens", "en": "mean, lower limit"},
    "mean_upper": {"nl": "gemiddeld, bovengrens", "en": "mean, upper limit"},
    "median_lower": {"nl": "mediaan, ondergrens", "en": "median, lower limit"},
    "median_upper": {"nl": "mediaan, bovengrens", "en": "median, upper limit"},
    "p90_lower": {"nl": "p90, ondergrens", "en": "p90, lower limit"},
    "p90_upper": {"nl": "p90, bovengrens", "en": "p90, upper limit"},
    "share_admitted": {"nl": "aandeel opgenomen", "en": "share admitted"},
    "share_lower": {
        "nl": "aandeel opgenomen, ondergrens",
        "en": "share admitted, lower limit",
    },
    "share_upper": {
        "nl": "aandeel opgenomen, bovengrens",
        "en": "share admitted, upper limit",
    },
    "wasserstein_days": {
        "nl": "afstand tot waargenomen (dagen)",
        "en": "distance to observed (days)",
    },
    "meaning": {"nl": "betekenis", "en": "meaning"},  # the model's parameters
    # a prediction checked afterwards (``prediction_check``, ``--check-from``)
    "baseline": {"nl": "basis (model)", "en": "baseline (model)"},
    "predicted": {"nl": "voorspeld", "en": "predicted"},
    "observed": {"nl": "waargenomen", "en": "observed"},
    "n_observed": {"nl": "aantal waargenomen", "en": "number observed"},
    "inside": {"nl": "binnen het interval", "en": "inside the interval"},
    "relative_error": {"nl": "relatieve fout", "en": "relative error"},
    # the processing log
    "time": {"nl": "tijdstip", "en": "time"},
    "user": {"nl": "gebruiker", "en": "user"},
    "command": {"nl": "opdracht", "en": "command"},
    "snapshot": {"nl": "gegevensstand", "en": "snapshot"},
    "outputs": {"nl": "uitvoer", "en": "outputs"},
    # the performance spectrum's lane (ipgar spectrum), an evaluation's segment
    # attribute, a measure's segment filter: the same word in both languages
    "segment": {"nl": "segment", "en": "segment"},
    "duration_class": {
        "nl": "duurklasse (kwartiel)",
        "en": "duration class (quartile)",
    },
}

#: The headers of the documented frames' columns that no table above names, as a
#: notebook shows them (``use_notebook_display``): Dutch, then English. A test
#: (``tests/unit/test_frame_headers.py``) fails for a documented column without one.
_FRAME_HEADERS: Final[dict[str, tuple[str, str]]] = {
    # log overview, dotted chart, activities (any log)
    "activities": ("activiteiten", "activities"),
    "start": ("begin", "start"),
    "end": ("einde", "end"),
    "start_activities": ("startactiviteiten (casussen)", "start activities (cases)"),
    "end_activities": ("eindactiviteiten (casussen)", "end activities (cases)"),
    "line": ("lijn (casus)", "line (case)"),
    "ts": ("tijdstip", "time"),
    "instances": ("uitvoeringen", "instances"),
    "with_start": ("met starttijd", "with a start"),
    "service_s": ("bewerkingstijd (s)", "service time (s)"),
    "waiting_s": ("wachttijd (s)", "waiting time (s)"),
    "mean_service_s": ("gemiddelde bewerkingstijd (s)", "mean service time (s)"),
    "median_service_s": ("mediane bewerkingstijd (s)", "median service time (s)"),
    "mean_waiting_s": ("gemiddelde wachttijd (s)", "mean waiting time (s)"),
    "median_waiting_s": ("mediane wachttijd (s)", "median waiting time (s)"),
    "path": ("pad", "path"),
    # the difference of two directly-follows graphs
    "count_a": ("aantal in A", "count in A"),
    "count_b": ("aantal in B", "count in B"),
    "cases_a": ("casussen in A", "cases in A"),
    "cases_b": ("casussen in B", "cases in B"),
    "share_a": ("aandeel in A", "share in A"),
    "share_b": ("aandeel in B", "share in B"),
    # episodes and their moments
    "melding_at": ("melding (tijdstip)", "report (time)"),
    "first_ivgr_at": ("eerste advies IVG-R (tijdstip)", "first IVG-R advice (time)"),
    "first_ptor_at": ("eerste besluit PTO-R (tijdstip)", "first PTO-R decision (time)"),
    "preventief_at": (
        "preventief gesprek (tijdstip)",
        "preventive conversation (time)",
    ),
    "instroom_at": ("instroom (tijdstip)", "intake (time)"),
    "uitstroom_at": ("uitstroom (tijdstip)", "exit (time)"),
    "instroom_seq": (
        "instroom (volgnummer in de casus)",
        "intake (position in the case)",
    ),
    "requested_at": ("aangevraagd op", "requested at"),
    "received_at": ("ontvangen op", "received at"),
    "started_at": ("gestart op", "started at"),
    "seq": ("volgnummer", "position"),
    # lead times, survival and incidence
    "event": ("gebeurtenis", "event"),
    "censored": ("gecensureerd", "censored"),
    "n_censored": ("aantal gecensureerd", "number censored"),
    "at_risk": ("nog in de aanpak", "at risk"),
    "survival": ("aandeel nog in de aanpak", "share still in the approach"),
    "naive_median_days": (
        "mediaan van wie het bereikte (dagen)",
        "median of those who reached it (days)",
    ),
    "median_lower_days": ("mediaan, ondergrens (dagen)", "median, lower limit (days)"),
    "median_upper_days": ("mediaan, bovengrens (dagen)", "median, upper limit (days)"),
    "open_median_days": ("mediaan nog open (dagen)", "median still open (days)"),
    "open_max_days": ("langst open (dagen)", "longest open (days)"),
    "open_over_32w": ("langer dan 32 weken open", "open over 32 weeks"),
    "cif_8w": ("cumulatieve incidentie na 8 weken", "cumulative incidence at 8 weeks"),
    "cif_12w": (
        "cumulatieve incidentie na 12 weken",
        "cumulative incidence at 12 weeks",
    ),
    "cif_32w": (
        "cumulatieve incidentie na 32 weken",
        "cumulative incidence at 32 weeks",
    ),
    "cif_last": (
        "cumulatieve incidentie aan het eind",
        "cumulative incidence at the end",
    ),
    "median_days_reached": (
        "mediaan van wie het bereikte (dagen)",
        "median of those who reached it (days)",
    ),
    "info_requests": ("informatieaanvragen", "information requests"),
    "info_wait_days": (
        "wachten op informatie (dagen)",
        "waiting for information (days)",
    ),
    "info_wait_share": (
        "aandeel wachten op informatie",
        "share waiting for information",
    ),
    "median_episode_share": ("mediaan aandeel per episode", "median share per episode"),
    "n_with_wait": ("episodes met wachttijd", "episodes with a wait"),
    "ivgr_returns": ("terugkeer naar IVG-R", "returns to the IVG-R"),
    "mean_info_requests": (
        "gemiddeld aantal informatieaanvragen",
        "mean information requests",
    ),
    "mean_loop_days": (
        "gemiddelde duur van de IVG-R-rondes (dagen)",
        "mean length of the IVG-R rounds (days)",
    ),
    "extra_median_days": (
        "extra mediane doorlooptijd (dagen)",
        "extra median lead time (days)",
    ),
    # case work
    "active_months": ("actieve maanden", "active months"),
    "contacts": ("contacten", "contacts"),
    "assignments": ("toewijzingen", "assignments"),
    "changes": ("wisselingen", "changes"),
    "years": ("jaren in de aanpak", "years in the approach"),
    "case_years": ("casusjaren", "case years"),
    "changes_per_year": ("wisselingen per jaar", "changes per year"),
    "changes_per_case_year": ("wisselingen per casusjaar", "changes per case year"),
    "from_activity": ("van activiteit", "from activity"),
    "to_activity": ("naar activiteit", "to activity"),
    "from_at": ("van (tijdstip)", "from (time)"),
    "to_at": ("tot (tijdstip)", "to (time)"),
    "from_org": ("van organisatie", "from organisation"),
    "to_org": ("naar organisatie", "to organisation"),
    "from_domain": ("van domein", "from domain"),
    "to_domain": ("naar domein", "to domain"),
    "last_activity": ("laatste activiteit", "last activity"),
    "last_activity_at": ("laatste activiteit (tijdstip)", "last activity (time)"),
    "last_contact_at": ("laatste contact (tijdstip)", "last contact (time)"),
    "last_intervention_at": (
        "laatste interventie (tijdstip)",
        "last intervention (time)",
    ),
    "last_action_at": ("laatste actie (tijdstip)", "last action (time)"),
    "days_in_approach": ("dagen in de aanpak", "days in the approach"),
    "itatr": ("op de agenda van het ITAT-R", "on the ITAT-R agenda"),
    "made_static": ("statisch gemaakt", "made static"),
    "no_action": ("geen actie", "no action"),
    "no_life_domain": ("geen interventie", "no intervention"),
    "share_no_life_domain": (
        "aandeel zonder interventie",
        "share without an intervention",
    ),
    "median_days_no_life_domain": (
        "mediaan zonder interventies (dagen)",
        "median without interventions (days)",
    ),
    "median_days_with_interventions": (
        "mediaan met interventies (dagen)",
        "median with interventions (days)",
    ),
    "manager_org": ("organisatie regisseur", "case manager's organisation"),
    "own_org": ("door eigen organisatie", "by the own organisation"),
    "own_org_interventions": (
        "interventies door eigen organisatie",
        "interventions by the own organisation",
    ),
    "has_social_or_care": ("met sociaal of zorg", "with social or care"),
    "n_orgs": ("organisaties", "organisations"),
    "n_domains": ("domeinen", "domains"),
    "n_sociaal": ("interventies sociaal", "interventions social"),
    "n_zorg": ("interventies zorg", "interventions care"),
    "n_veiligheid": ("interventies veiligheid", "interventions safety"),
    "n_specialist": ("interventies specialistisch", "interventions specialist"),
    "own": ("waarvan eigen organisatie", "of which own organisation"),
    "with_manager": ("waarvan met regisseur", "of which with a case manager"),
    # the PTO-R's own questions
    "horizon_months": ("termijn (maanden)", "horizon (months)"),
    "complete": ("termijn verstreken", "window passed"),
    "rereported": ("opnieuw gemeld", "re-reported"),
    "followed": ("gevolgd", "followed"),
    "review_months": ("herbeoordeling na (maanden)", "review after (months)"),
    # monthly tables and the monitor
    "bucket": ("dagen sinds laatste contact", "days since the last contact"),
    "figure": ("kengetal", "figure"),
    "num": ("teller", "numerator"),
    "rows": ("rijen", "rows"),
    "cells": ("cellen", "cells"),
    "quarter": ("kwartaal", "quarter"),
    "method": ("methode", "method"),
    # evaluation
    "period": ("periode", "period"),
    "duration_days": ("duur (dagen)", "duration (days)"),
    "n_items": ("aantal onderdelen", "number of items"),
    "n_before": ("aantal vóór", "number before"),
    "n_after": ("aantal na", "number after"),
    "share_before": ("aandeel vóór", "share before"),
    "share_after": ("aandeel na", "share after"),
    "difference_points": ("verschil (procentpunt)", "difference (percentage points)"),
    "cramers_v": ("Cramérs V", "Cramér's V"),
    "month_start": ("begin van de maand", "start of the month"),
    "t": ("maanden sinds de wijziging", "months since the change"),
    "post": ("na de wijziging", "after the change"),
    "in_fit": ("in de schatting", "in the fit"),
    "fitted": ("geschatte lijn", "fitted line"),
    "counterfactual": ("lijn zonder wijziging", "counterfactual"),
    "term": ("regressieterm", "regression term"),
    "estimate": ("schatting", "estimate"),
    # ways of working per organisation (the points and the measures)
    "expected": ("verwachte waarde", "expected value"),
    "numerator": ("teller", "numerator"),
    "denominator": ("noemer", "denominator"),
    "median_denominator": ("mediane noemer", "median denominator"),
    "design_effect": ("design-effect", "design effect"),
    "overdispersion": ("overdispersie", "overdispersion"),
    "signalled": ("organisaties buiten de grenzen", "organisations outside the limits"),
    "km_median_days": ("mediaan Kaplan-Meier (dagen)", "Kaplan-Meier median (days)"),
    # the measures register (``Measure.as_record``, notebook 06), as the report heads it
    "step": ("stap", "step"),
    "in_force": ("in werking", "in force"),
    "primary": ("primaire indicator", "primary indicator"),
    "direction": ("verwachte richting", "expected direction"),
    "smallest_effect": ("kleinste relevante effect", "smallest relevant effect"),
}
HEADER_LABELS.update(
    {k: {"nl": nl, "en": en} for k, (nl, en) in _FRAME_HEADERS.items()}
)

#: Time units at the end of a column name (``median_days``, ``melding_ivgr_workdays``).
UNIT_LABELS: Final[dict[str, dict[str, str]]] = {
    "days": {"nl": "dagen", "en": "days"},
    "weeks": {"nl": "weken", "en": "weeks"},
    "workdays": {"nl": "werkdagen", "en": "working days"},
    "workweeks": {"nl": "werkweken", "en": "working weeks"},
    "hours": {"nl": "uren", "en": "hours"},
    "minutes": {"nl": "minuten", "en": "minutes"},
    "seconds": {"nl": "seconden", "en": "seconds"},
    "s": {"nl": "seconden", "en": "seconds"},  # a metric's raw durations
}

#: What a duration column measures, between its statistic and its unit
#: (``median_to_next_hours``: "mediaan tot volgende (uren)").
STRETCH_LABELS: Final[dict[str, dict[str, str]]] = {
    "to_next": {"nl": "tot volgende", "en": "to next"},
    "open": {"nl": "nog open, tot nu toe", "en": "still open, so far"},
    "melding_ivgr": {"nl": "melding tot advies IVG-R", "en": "report to IVG-R advice"},
    "ivgr_decision": {
        "nl": "advies IVG-R tot besluit",
        "en": "IVG-R advice to decision",
    },
    "decision_instroom": {"nl": "besluit tot instroom", "en": "decision to intake"},
}

#: The stages of the lead time, in order (``metrics.leadtime.STAGES``).
LEAD_TIME_STAGES: Final[tuple[str, ...]] = (
    "melding_ivgr",
    "ivgr_decision",
    "decision_instroom",
)

#: The parts of a measure's columns (``contacts_per_month_lower_95``): the header is
#: the measure's label, a colon and the part.
MEASURE_PART_LABELS: Final[dict[str, dict[str, str]]] = {
    "n": {"nl": "noemer", "en": "denominator"},
    "expected": {"nl": "verwacht", "en": "expected"},
    "lower_95": {"nl": "ondergrens 95%", "en": "lower limit 95%"},
    "upper_95": {"nl": "bovengrens 95%", "en": "upper limit 95%"},
    "lower_998": {"nl": "ondergrens 99,8%", "en": "lower limit 99.8%"},
    "upper_998": {"nl": "bovengrens 99,8%", "en": "upper limit 99.8%"},
    "signal": {"nl": "signaal", "en": "signal"},
    "detectable_95": {
        "nl": "kleinste zichtbare verschil (95%)",
        "en": "smallest detectable difference (95%)",
    },
}

_STATISTIC = re.compile(r"^(mean|median|min|max|p\d{1,2})$")


def column_label(name: object, lang: str = "nl") -> str:
    """The reader's header of a frame column (Dutch by default).

    A known label (``COLUMN_LABELS``, ``HEADER_LABELS`` or another table) first;
    else a rule: ``[<statistic>_][<stretch>_]<unit>`` reads ``mediaan tot volgende
    (uren)``, ``<measure>_<part>`` reads ``<measure's label>: <part>`` and
    ``share_<domain>`` reads ``aandeel domein <domain>``. A column no label or rule
    covers keeps its code name (the header test then fails until it is labelled).
    """
    key = str(name)
    check_lang(lang)
    if key in HEADER_LABELS:
        return HEADER_LABELS[key][lang]
    text = label(key, lang)
    if text != key:
        return text
    return _header_by_rule(key, lang) or key


def _statistic_word(stat: str, lang: str) -> str:
    """A statistic's word in a header ("mediaan"); p90 and the like as they are."""
    return STATISTIC_LABELS[stat][lang] if stat in STATISTIC_LABELS else stat


def _header_by_rule(key: str, lang: str) -> str | None:
    """The header of a column named by a pattern (``column_label``), else ``None``."""
    if key in UNIT_LABELS:
        return UNIT_LABELS[key][lang]
    stem, _, unit = key.rpartition("_")
    if unit in UNIT_LABELS and stem:
        stat, _, stretch = stem.partition("_")
        if not _STATISTIC.match(stat):
            stat, stretch = "", stem
        if stretch == "" or stretch in STRETCH_LABELS:
            words = [
                _statistic_word(stat, lang),
                STRETCH_LABELS[stretch][lang] if stretch else "",
            ]
            text = " ".join(w for w in words if w)
            return f"{text} ({UNIT_LABELS[unit][lang]})"
    for part, names in MEASURE_PART_LABELS.items():
        base = key.removesuffix(f"_{part}")
        if base != key and (base_text := column_label(base, lang)) != base:
            return f"{base_text}: {names[lang]}"
    domain = key.removeprefix("share_")
    if domain != key and domain in DOMAIN_LABELS:  # a column "sociaal" is no share
        name = DOMAIN_LABELS[domain][lang]
        return f"aandeel domein {name}" if lang == "nl" else f"share {name} domain"
    stat, _, rest = key.partition("_")  # a statistic of a labelled column
    if (
        _STATISTIC.match(stat)
        and rest
        and (rest_text := column_label(rest, lang)) != rest
    ):
        return f"{_statistic_word(stat, lang)} {rest_text}"
    return None


#: What ``--format table`` prints for a result without rows (``cli.print_frame``).
NO_ROWS: Final[dict[str, str]] = {"nl": "(geen rijen)", "en": "(no rows)"}


#: Yes and no of a true/false column in a table (``reader_cells``).
BOOLEAN_LABELS: Final[dict[bool, dict[str, str]]] = {
    True: {"nl": "ja", "en": "yes"},
    False: {"nl": "nee", "en": "no"},
}

#: The statistics of ``compare_periods`` (``ipgar evaluate``), in the table's cells.
EVALUATE_STATISTIC_LABELS: Final[dict[str, dict[str, str]]] = {
    "n": {"nl": "aantal", "en": "count"},
    "n_open": {"nl": "nog open", "en": "still open"},
    "open_share": {"nl": "aandeel nog open", "en": "share still open"},
    "decided_8w_share": {
        "nl": "aandeel besloten binnen 8 weken",
        "en": "share decided within 8 weeks",
    },
    "km_median_days": {
        "nl": "mediaan Kaplan-Meier (dagen)",
        "en": "Kaplan-Meier median (days)",
    },
    "share_admitted": {"nl": "aandeel opgenomen", "en": "share admitted"},  # what-if
    # mean, median and p90 of days or of a share: the words of the headers' rule
    **{
        f"{stat}_{unit}": {
            lang: f"{_statistic_word(stat, lang)} ({unit_words[lang]})"
            for lang in ("nl", "en")
        }
        for stat in ("mean", "median", "p90")
        for unit, unit_words in (
            ("days", UNIT_LABELS["days"]),
            ("share", {"nl": "aandeel", "en": "share"}),
        )
    },
}

#: The merged row of the variants (``metrics.paths.OTHER_VARIANTS``).
VARIANT_LABELS: Final[dict[str, dict[str, str]]] = {
    "overige varianten": {"nl": "overige varianten", "en": "other variants"},
}

#: What each parameter of the what-if model is (``IntakeModel.parameters``, its
#: ``meaning`` column in English; a table shows the reader's language).
WHATIF_MEANINGS: Final[dict[str, dict[str, str]]] = {
    "arrivals": {
        "nl": "meldingen per jaar in het schattingsvenster",
        "en": "reports per year in the window",
    },
    "pre_request": {
        "nl": "aandeel meldingen met een informatieaanvraag vóór het eerste IVG-R-overleg",
        "en": "share of reports with an information request before the first IVG-R",
    },
    "more_info": {
        "nl": "aandeel IVG-R-rondes dat om meer informatie vraagt",
        "en": "share of IVG-R rounds asking for more information",
    },
    "delay": {
        "nl": "gemiddelde van de waargenomen tijd tussen de twee stappen",
        "en": "mean of the empirical delay",
    },
    "info_wait_org": {
        "nl": "gemiddelde wachttijd op informatie die bij deze organisatie is gevraagd",
        "en": "mean wait for information requested from this organisation",
    },
    "postpone": {
        "nl": "aandeel meldingen dat de PTO-R aanhoudt",
        "en": "share of reports postponed (aanhouden) by the PTO-R",
    },
    "decision": {
        "nl": "aandeel meldingen met dit eindbesluit",
        "en": "share of reports with this final decision",
    },
    "ivgr_interval": {
        "nl": "dagen tussen twee IVG-R-overleggen (de meest voorkomende afstand)",
        "en": "days between IVG-R meetings (most common gap between meeting days)",
    },
    "ptor_interval": {
        "nl": "dagen tussen twee PTO-R-overleggen (de meest voorkomende afstand)",
        "en": "days between PTO-R meetings (most common gap between meeting days)",
    },
}

#: The rows of a what-if comparison (``scenario_comparison``: ``what`` and ``name``).
WHATIF_ROW_LABELS: Final[dict[str, dict[str, str]]] = {
    "baseline": HEADER_LABELS["baseline"],  # the words of the check's columns
    "observed": HEADER_LABELS["observed"],
    "scenario": {"nl": "scenario", "en": "scenario"},
}

#: Row kinds and the approach status of ``case_timeline`` (the pauses are in
#: ``STATUS_LABELS``).
CASE_TIMELINE_LABELS: Final[dict[str, dict[str, str]]] = {
    "event": {"nl": "gebeurtenis", "en": "event"},
    "period": {"nl": "periode", "en": "period"},
    "in_approach": {"nl": "in aanpak", "en": "in the approach"},
}


#: An improvement step's primary indicator and expected direction (the measures
#: register: the report's steps page, notebook 06).
STEP_PRIMARY_LABELS: Final[dict[str, dict[str, str]]] = {
    "leadtime": {
        "nl": "aandeel meldingen met instroom of besluit binnen 8 weken",
        "en": "share of reports with intake or decision within 8 weeks",
    },
    "contact": {
        "nl": "gemiddelde tijd tussen twee contacten per casus",
        "en": "mean time between two contacts per case",
    },
    "integrality": {
        "nl": "gemiddeld aandeel interventies door de eigen organisatie per casus",
        "en": "mean share of interventions by the own organisation per case",
    },
}
STEP_DIRECTION_LABELS: Final[dict[str, dict[str, str]]] = {
    "up": {"nl": "stijging", "en": "rise"},
    "down": {"nl": "daling", "en": "fall"},
}

#: The process rules' templates (``metrics.quality.process_rules``), in words.
RULE_TEMPLATE_LABELS: Final[dict[str, dict[str, str]]] = {
    "at_most_once": {"nl": "hoogstens eenmaal", "en": "at most once"},
    "precedence": {"nl": "alleen na", "en": "only after"},
    "response": {"nl": "gevolgd door", "en": "followed by"},
    "responded_existence": {"nl": "samen met", "en": "together with"},
    "nothing_after": {"nl": "niets na", "en": "nothing after"},
}

#: The words of a table's cells, per column code (``reader_cells``): a value with
#: a label is shown as its label; any other value as it is.
CELL_LABELS: Final[dict[str, dict[str, dict[str, str]]]] = {
    "status": STATUS_LABELS,
    "signal": PRACTICE_LABELS,
    "org": {  # the organisations, the merged rows and pools of a practice profile
        **ORG_LABELS,
        **{
            k: PRACTICE_LABELS[k]
            for k in (
                "overige organisaties",
                "overige pools",
                "onbekend",
                "specialistisch",
                "regulier",
            )
        },
    },
    "activity": ACTIVITY_LABELS,  # a generic log's own names have no label: kept
    **dict.fromkeys(("report_source", "risk_category", "ideology"), SEGMENT_LABELS),
    "variant": VARIANT_LABELS,
    "outcome": OUTCOME_LABELS,
    "template": RULE_TEMPLATE_LABELS,
    "decision": OUTCOME_LABELS,
    "exit_reason": OUTCOME_LABELS,
    "stage": {  # the stages of the lead time (``lead_times(level="summary")``)
        **{k: STRETCH_LABELS[k] for k in LEAD_TIME_STAGES},
        "total": {
            "nl": "melding tot instroom of besluit",
            "en": "report to intake or decision",
        },
    },
    # the comparison of ``ipgar evaluate`` (``compare_periods``)
    "statistic": EVALUATE_STATISTIC_LABELS,
    "test": {
        "bootstrap_z": {"nl": "bootstrap (z)", "en": "bootstrap (z)"},
        "mann_whitney": {"nl": "Mann-Whitney", "en": "Mann-Whitney"},
        "logrank": {"nl": "logrank", "en": "log-rank"},
    },
    "role": {
        "primary": {"nl": "primair", "en": "primary"},
        "secondary": {"nl": "secundair", "en": "secondary"},
        "descriptive": {"nl": "beschrijvend", "en": "descriptive"},
    },
    # the quality report and the rejected rows: a check's or reason's short name
    "check": QUALITY_NAMES,
    "reason_code": QUALITY_NAMES,
    "severity": SEVERITY_LABELS,
    # what-if: the rows of a comparison, the meaning of the model's parameters
    "what": WHATIF_ROW_LABELS,
    "name": {k: WHATIF_ROW_LABELS[k] for k in ("baseline", "observed")},
    "meaning": {words["en"]: words for words in WHATIF_MEANINGS.values()},
    # what a load read (``loads``; ``rejects``): events, or relations and locations;
    # a practice measure's kind; a line of a case's time line
    "kind": {
        "events": {"nl": "gebeurtenissen", "en": "events"},
        "relations": {"nl": "relaties", "en": "relations"},
        "locations": {"nl": "sleutellocaties", "en": "key locations"},
        "relations, locations": {
            "nl": "relaties, sleutellocaties",
            "en": "relations, key locations",
        },
        "share": COLUMN_LABELS["share"],
        "rate": {"nl": "aantal per tijd", "en": "rate"},
        "median": STATISTIC_LABELS["median"],
        **CASE_TIMELINE_LABELS,
    },
    # a before/after comparison's units; a key figure's month and its comparisons
    "period": {
        "before": {"nl": "vóór", "en": "before"},
        "after": {"nl": "na", "en": "after"},
        "this": {"nl": "deze maand", "en": "this month"},
        "prev": {"nl": "maand ervoor", "en": "month before"},
        "year": {"nl": "jaar ervoor", "en": "year before"},
    },
    # the terms of an interrupted time series (``interrupted_time_series``)
    "term": {
        "intercept": {
            "nl": "niveau bij de wijziging (lijn vóór)",
            "en": "level at the change (line before)",
        },
        "slope_before": {
            "nl": "helling vóór (per maand)",
            "en": "slope before (per month)",
        },
        "level_change": {"nl": "sprong bij de wijziging", "en": "level change"},
        "slope_change": {
            "nl": "verandering van de helling (per maand)",
            "en": "change in slope (per month)",
        },
    },
    # the measures register (``Measure.as_record``)
    "primary": STEP_PRIMARY_LABELS,
    "direction": STEP_DIRECTION_LABELS,
    # the practice profile's measures (``practice_profile(level="measure")``)
    "measure": PRACTICE_LABELS,
    # what the time to an event waits for (``time_to_decision_km``)
    "event": {
        "decision": {"nl": "besluit (welk ook)", "en": "decision (any)"},
        "instroom": {"nl": "instroom", "en": "intake"},
        "end": {
            "nl": "einde (instroom of eindbesluit)",
            "en": "end (intake or final decision)",
        },
    },
}


def reader_cells(
    frame: pd.DataFrame, lang: str = "nl", *, booleans: bool = True
) -> pd.DataFrame:
    """A copy of ``frame`` whose cells a reader sees in ``lang`` (a table, a workbook).

    True/false columns read "ja"/"nee" ("yes"/"no"), and the values of the columns
    of ``CELL_LABELS`` their labels; a path and a conformance deviation read step by
    step by name, and a quality report's descriptions and examples read as in the
    monthly report (``quality_description``, ``quality_examples``). Missing values
    and every other value stay as they are; CSV and JSON keep the codes
    (``cli.print_frame``).
    ``booleans=False`` keeps true/false as they are (a workbook: Excel shows them in
    its own language and can filter on them).
    """
    from pandas.api.types import is_bool_dtype

    check_lang(lang)
    out = frame.copy()
    for col in out.columns:
        if is_bool_dtype(out[col].dtype):
            if not booleans:
                continue
            words = {k: v[lang] for k, v in BOOLEAN_LABELS.items()}
            out[col] = _each_value(
                out[col].astype(object), lambda v, w=words: w.get(v, v)
            )
        elif str(col) in CELL_LABELS and out[col].dtype == object:
            table = CELL_LABELS[str(col)]
            out[col] = _each_value(
                out[col],
                lambda v, t=table: t[v][lang] if isinstance(v, str) and v in t else v,
            )
    if "variant" in frame.columns and out["variant"].dtype == object:
        out["variant"] = _each_value(out["variant"], lambda v: _variant_words(v, lang))
    for col in ("deviations", "first_deviation"):  # the conformance check's moves
        if col in frame.columns and out[col].dtype == object:
            out[col] = _each_value(out[col], lambda v: _deviation_words(v, lang))
    for col in ("source", "target"):  # the edges of a map: its steps by name
        if col in frame.columns and out[col].dtype == object:
            out[col] = _each_value(out[col], lambda v: _step_words(v, lang))
    if "check" in frame.columns:  # a quality report: its words as the report has them
        if "description" in frame.columns:
            out["description"] = [
                quality_description(str(c), d, lang) if isinstance(d, str) else d
                for c, d in zip(frame["check"], frame["description"], strict=True)
            ]
        if "examples" in frame.columns:
            out["examples"] = [
                quality_examples(e, lang) if isinstance(e, str) else e
                for e in frame["examples"]
            ]
    return out


def _each_value(series: pd.Series, word: Any) -> pd.Series:
    """``series.map(word)``, with ``word`` called once per distinct value.

    A notebook shows a million-row frame by twenty of its rows, but its cells are
    mapped before pandas prints them: a column of a few codes costs a call per
    code, not per row. Missing cells stay as they are; a column of unhashable cells
    (lists) is mapped cell by cell.
    """
    import numpy as np
    import pandas as pd

    try:
        codes, uniques = pd.factorize(series, use_na_sentinel=True)
    except TypeError:  # lists and other unhashable cells
        return series.map(word)
    values = np.empty(len(uniques), dtype=object)
    values[:] = [word(u) for u in uniques]
    cells = series.to_numpy(dtype=object, copy=True)
    found = codes >= 0
    cells[found] = values[codes[found]]
    return pd.Series(cells, index=series.index, name=series.name, dtype=object)


def _variant_words(variant: object, lang: str) -> object:
    """A variant's steps by name, as the chart of the paths writes them.

    ``melding > ivgr_advies`` reads ``Melding → Advies IVG-R`` and a path of one
    step (``melding``) ``Melding``; a generic log's names stay as they are, and so
    does any other text (the merged row, already in words).
    """
    if not isinstance(variant, str):
        return variant
    return " → ".join(step_label(step, lang) for step in variant.split(" > "))


#: The words of the conformance check's deviations, by move: ``metrics.paths.
#: conformance`` writes them in Dutch ("onverwacht X na Y", "ontbreekt X aan het
#: begin"), a reader's table reads them back in ``lang``.
DEVIATION_WORDS: Final[dict[str, dict[str, str]]] = {
    "log_move": {"nl": "onverwacht", "en": "unexpected"},
    "model_move": {"nl": "ontbreekt", "en": "missing"},
    "after": {"nl": "na", "en": "after"},
    "at_start": {"nl": "aan het begin", "en": "at the start"},
}
_MOVE_OF = {DEVIATION_WORDS[m]["nl"]: m for m in ("log_move", "model_move")}
_DEVIATION = re.compile(
    rf"({'|'.join(_MOVE_OF)}) (\S+) "
    rf"(?:{DEVIATION_WORDS['after']['nl']} (\S+)|{DEVIATION_WORDS['at_start']['nl']})"
)


def _deviation_words(text: object, lang: str) -> object:
    """A conformance deviation with its steps by name, in ``lang``.

    ``ontbreekt instroom na ptor_besluit:opname`` reads "ontbreekt Instroom na
    Besluit PTO-R (opname)" ("missing Intake after PTO-R decision (admission)");
    deviations are joined by "; ", and a part of any other form stays as it is.
    """
    if not isinstance(text, str) or not text:
        return text
    parts = []
    for part in text.split("; "):
        m = _DEVIATION.fullmatch(part)
        if m is None:
            parts.append(part)
            continue
        move, step, previous = m.groups()
        words = [DEVIATION_WORDS[_MOVE_OF[move]][lang], step_label(step, lang)]
        if previous is not None:
            words += [DEVIATION_WORDS["after"][lang], step_label(previous, lang)]
        else:
            words.append(DEVIATION_WORDS["at_start"][lang])
        parts.append(" ".join(words))
    return "; ".join(parts)


def _step_words(code: object, lang: str) -> object:
    """A map's source or target cell by name (``step_label``); other cells as they are."""
    return step_label(code, lang) if isinstance(code, str) else code


def dutch_columns(frame: pd.DataFrame, lang: str = "nl") -> pd.DataFrame:
    """A copy of ``frame`` with reader's column headers (Dutch by default), values unchanged.

    The names of its axes too: a pivot's ``from_org`` and ``to_domain`` read
    "van organisatie" and "naar domein".
    """
    check_lang(lang)

    def named(name: object) -> object:
        return column_label(name, lang) if isinstance(name, str) else name

    out = frame.rename(columns=lambda c: column_label(c, lang))
    return out.rename_axis(index=named, columns=named)


def dutch_row_names(frame: pd.DataFrame, lang: str = "nl") -> pd.DataFrame:
    """``frame`` with a transposed summary's row names as headers (``column_label``).

    ``summary.T`` turns column codes into row names (``share_no_life_domain``); an
    unnamed index of texts is read as such and each name gets its header. A named
    index (``set_index("org")``, a pivot's ``jaar``) holds data and is kept, as is
    any other frame.
    """
    import pandas as pd

    check_lang(lang)
    index = frame.index
    if (
        index.name is not None
        or isinstance(index, pd.MultiIndex)
        or not all(isinstance(v, str) for v in index)
    ):
        return frame
    return frame.set_axis([column_label(v, lang) for v in index], axis=0)


# --- the performance spectrum (ipgar spectrum, issue 17 item 10) ---------------------
#: Texts of ``figures.fig_segment_spectrum``: the title, the axis, the four duration
#: classes (quartiles of a segment's durations) and the hover text.
SPECTRUM_LABELS: Final[dict[str, dict[str, str]]] = {
    "title": {"nl": "Prestatiespectrum", "en": "Performance spectrum"},
    "time": {"nl": "tijd", "en": "time"},
    "class_1": {"nl": "snelste kwart", "en": "fastest quarter"},
    "class_2": {"nl": "tweede kwart", "en": "second quarter"},
    "class_3": {"nl": "derde kwart", "en": "third quarter"},
    "class_4": {"nl": "traagste kwart", "en": "slowest quarter"},
    "occurrences": {"nl": "keer", "en": "times"},
    "duration": {"nl": "duur", "en": "duration"},
    "sampled": {
        "nl": "{shown} van {total} lijnen, gelijk verspreid",
        "en": "{shown} of {total} lines, spread evenly",
    },
}


#: The words before a figure's or workbook's data snapshot and reference date.
SOURCE_LABELS: Final[dict[str, dict[str, str]]] = {
    "snapshot": {"nl": "gegevens", "en": "data"},
    "as_of": {"nl": "peildatum", "en": "as of"},
}


def snapshot_id(meta: Mapping[str, Any]) -> str | None:
    """The snapshot id in a frame's ``attrs["ipgar"]``, or None.

    ``snapshot`` is a ``store.snapshot`` mapping or the id itself; a store filled
    without a load has none.
    """
    snap = meta.get("snapshot")
    if isinstance(snap, Mapping):
        snap = snap.get("snapshot_id")
    return str(snap) if snap else None


def source_parts(meta: Mapping[str, Any], lang: str = "nl") -> list[str]:
    """``["gegevens S…", "peildatum 2026-10-30"]`` from a frame's ``attrs["ipgar"]``.

    Every output names the data snapshot it came from: a metric's frame carries it
    (``snapshot``) with the reference time (``as_of``). A part whose value ``meta``
    lacks is left out (a store filled without a load has no snapshot).
    """
    parts = []
    snap = snapshot_id(meta)
    if snap:
        parts.append(f"{SOURCE_LABELS['snapshot'][lang]} {snap}")
    if meta.get("as_of"):
        parts.append(f"{SOURCE_LABELS['as_of'][lang]} {str(meta['as_of'])[:10]}")
    return parts
