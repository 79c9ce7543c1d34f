"""The words of the monthly report, in Dutch and English.

Shared vocabulary (activities, organisations, statuses, columns, month names) comes
from ``labels.py``; what only the report says is here. ``t(key, lang)`` returns the text.
"""

from __future__ import annotations

from typing import Final

from ipgar_metrics import labels

TEXT: Final[dict[str, dict[str, str]]] = {
    # title page and navigation
    "title": {
        "nl": "Maandrapportage iPGA-R voor de PTO-R",
        "en": "iPGA-R monthly report for the PTO-R",
    },
    "audience_intern": {
        "nl": "Intern: PTO-R-partners (bevat pseudoniemen)",
        "en": "Internal: PTO-R partners (contains pseudonyms)",
    },
    "audience_extern": {
        "nl": "Extern: alleen geaggregeerde cijfers, kleine aantallen onderdrukt",
        "en": "External: aggregates only, small counts suppressed",
    },
    "contents": {"nl": "Inhoud", "en": "Contents"},
    "not_available": {"nl": "nog niet beschikbaar", "en": "not available yet"},
    "no_rows": {"nl": "geen", "en": "none"},
    # action lists with a memory (report/_actions.py)
    "list_status": {"nl": "Op de lijst", "en": "On the list"},
    "status_new": {"nl": "nieuw", "en": "new"},
    "status_staying": {
        "nl": "blijvend ({months} mnd)",
        "en": "remaining ({months} months)",
    },
    "resolved_since": {
        "nl": "Opgelost sinds vorige maand",
        "en": "Resolved since last month",
    },
    # the actions file (ptor-YYYY-MM-intern.actions.csv): its columns and lists
    "actions_list": {"nl": "lijst", "en": "list"},
    "actions_pseudonym": {"nl": "pseudoniem", "en": "pseudonym"},
    "actions_status": {"nl": "status", "en": "status"},
    "actions_months_on_list": {"nl": "maanden_op_lijst", "en": "months_on_list"},
    "actions_status_nieuw": {"nl": "nieuw", "en": "new"},
    "actions_status_blijvend": {"nl": "blijvend", "en": "remaining"},
    "actions_contact_gaps": {"nl": "geen_recent_contact", "en": "contact_gaps"},
    "actions_rule_violations": {
        "nl": "afwijking_van_werkafspraak",
        "en": "rule_violations",
    },
    "actions_long_stays": {"nl": "lang_in_aanpak", "en": "long_stays"},
    "actions_static_without_review": {
        "nl": "stilstand_zonder_evaluatie",
        "en": "static_without_review",
    },
    "suppression_note": {
        "nl": "Aantallen onder {k} staan als “<{k}”; om zo’n aantal te beschermen is soms een tweede cel in dezelfde rij of kolom verborgen (“x”), zodat het niet uit de totalen terug te rekenen is. Kengetallen over minder dan {k} casussen staan als “–”.",
        "en": "Counts below {k} are shown as “<{k}”; to protect such a count, a second cell in the same row or column is sometimes hidden (“x”), so it cannot be recovered from totals. Statistics over fewer than {k} cases are shown as “–”.",
    },
    "pseudonym_note": {
        "nl": "Casussen staan onder hun pseudoniem (de sleutel om ze te herleiden staat niet in dit rapport). Niet verder verspreiden dan de PTO-R.",
        "en": "Cases are listed by pseudonym (the key to re-identify them is not in this report). Do not share beyond the PTO-R.",
    },
    # summary
    "summary": {"nl": "Samenvatting", "en": "Summary"},
    "summary_intro": {
        "nl": "Kerncijfers van {month}, met de verandering ten opzichte van de vorige maand en dezelfde maand een jaar eerder.",
        "en": "Key figures of {month}, with the change against the previous month and the same month a year earlier.",
    },
    "figure": {"nl": "kengetal", "en": "figure"},
    "this_month": {"nl": "deze maand", "en": "this month"},
    "prev_month": {"nl": "vorige maand", "en": "previous month"},
    "last_year": {"nl": "jaar eerder", "en": "year earlier"},
    "change": {"nl": "verschil", "en": "change"},
    "kf_inflow": {"nl": "Instroom in de aanpak", "en": "Inflow into the approach"},
    "kf_outflow": {"nl": "Uitstroom", "en": "Outflow"},
    "kf_stock": {
        "nl": "In de aanpak (eind maand)",
        "en": "In the approach (end of month)",
    },
    "kf_active": {
        "nl": "waarvan actief (niet gedetineerd, uitgereisd, statisch)",
        "en": "of which active (not detained, abroad, static)",
    },
    "kf_lead_mean": {
        "nl": "Melding → instroom of eindbesluit, gemiddeld (dagen) *",
        "en": "Report → intake or final decision, mean (days) *",
    },
    "kf_lead_median": {
        "nl": "Melding → instroom of eindbesluit, mediaan (dagen) *",
        "en": "Report → intake or final decision, median (days) *",
    },
    "kf_lead_p90": {
        "nl": "Doorlooptijd, 90e percentiel (dagen) *",
        "en": "Lead time, 90th percentile (days) *",
    },
    "kf_lead_n": {
        "nl": "Afgeronde meldingen (instroom of eindbesluit) *",
        "en": "Reports completed (intake or final decision) *",
    },
    "kf_open": {
        "nl": "Meldingen nog zonder besluit",
        "en": "Reports without a decision yet",
    },
    "kf_awaiting_intake": {
        "nl": "Besloten tot opname, wacht op instroom",
        "en": "Accepted, awaiting intake",
    },
    "kf_contact": {
        "nl": "Actieve casussen > {days} dagen zonder contact of inzet",
        "en": "Active cases > {days} days without contact or intervention",
    },
    "kf_own_share": {
        "nl": "Interventies door eigen organisatie regisseur *",
        "en": "Interventions by the case manager's own organisation *",
    },
    "summary_note": {
        "nl": "* Over de 12 maanden t/m de rapportmaand. Doorlooptijd: alleen afgeronde meldingen, open meldingen tellen niet mee; onder 10 geen mediaan of percentiel. Overige cijfers: de stand eind maand of de gebeurtenissen in de maand.",
        "en": "* Over the 12 months up to the report month. Lead time: completed reports only, open reports are not in it; below 10 no median or percentile. Other figures: as at the end of the month, or the events in the month.",
    },
    "stock_chart": {
        "nl": "In de aanpak aan het eind van elke maand",
        "en": "In the approach at the end of each month",
    },
    # lead times
    "too_few": labels.SMALL_NUMBER_LABELS["too_few"],
    "leadtime": {"nl": "Doorlooptijden", "en": "Lead times"},
    "leadtime_intro": {
        "nl": "Van melding tot instroom (of tot het eindbesluit als er geen instroom volgt), per fase, voor de meldingen die in de 12 maanden tot en met de rapportmaand zijn afgerond; daarna dezelfde meldingen met de open meldingen erbij.",
        "en": "From report to intake (or to the final decision without intake), per stage, for the reports completed in the 12 months up to and including the report month; then the same reports with the open ones added.",
    },
    "stage_table": {
        "nl": "Meldingen afgerond van {first} t/m {last}, per fase",
        "en": "Reports completed from {first} to {last}, per stage",
    },
    "stage_note": {
        "nl": "Gemiddelde, mediaan en 90e percentiel van de meldingen die in deze periode de fase afrondden; meldingen die nog open zijn tellen niet mee (de tabel hieronder telt ze wel). Vergelijk het gemiddelde van de rij ‘totaal’ met ‘gemiddeld 8 weken’ (56 dagen) uit het plan van aanpak: ook dat gaat over afgeronde meldingen.",
        "en": "Mean, median and 90th percentile of the reports that completed the stage in this period; reports still open are not in them (the table below includes them). Compare the mean of the ‘total’ row with ‘8 weeks on average’ (56 days) in the plan of approach: that too is about completed reports.",
    },
    "small_note": {
        "nl": "‘Te weinig meldingen’: minder dan {n} afgeronde meldingen in de rij, te weinig voor een mediaan of percentiel; het gemiddelde staat er wel, lees het met het aantal ernaast. ‘> 20% nog open’: meer dan een vijfde van de meldingen van de rij wacht nog; de cijfers van de afgeronde meldingen vallen dan te gunstig uit, omdat de trage nog open zijn.",
        "en": "‘Too few reports’: fewer than {n} completed reports in the row, too few for a median or percentile; the mean is shown, read it with the count beside it. ‘> 20% still open’: more than a fifth of the row's reports are still waiting; the figures of the completed reports then look too good, because the slow ones are still open.",
    },
    "caution": {"nl": "let op", "en": "caution"},
    # the caution cell of a lead-time row with fewer than {n} completed reports
    "caution_small": {"nl": "weinig meldingen (< {n})", "en": "few reports (< {n})"},
    "stage": {"nl": "fase", "en": "stage"},
    "stage_melding_ivgr": {
        "nl": "melding → eerste IVG-R",
        "en": "report → first IVG-R",
    },
    "stage_ivgr_decision": {
        "nl": "IVG-R → eindbesluit PTO-R",
        "en": "IVG-R → final PTO-R decision",
    },
    "stage_decision_instroom": {"nl": "besluit → instroom", "en": "decision → intake"},
    "stage_total": {"nl": "totaal", "en": "total"},
    "trend_title": {
        "nl": "Doorlooptijd per kwartaal van de melding (mediaan en 90e percentiel; "
        "kwartalen met meer dan 10% nog open meldingen zijn weggelaten)",
        "en": "Lead time per quarter of the report (median and 90th percentile; "
        "quarters with more than 10% of reports still open are left out)",
    },
    "km_title": {
        "nl": "Tijd tot een besluit (welk ook) (Kaplan-Meier; open meldingen "
        "meegeteld tot nu)",
        "en": "Time to any decision (Kaplan-Meier; open reports counted up to now)",
    },
    "km_table": {
        "nl": "Tijd tot een besluit, met open meldingen: afgerond van {first} t/m {last} of open op {as_of}",
        "en": "Time to a decision, with open reports: completed from {first} to {last} or open on {as_of}",
    },
    "km_note": {
        "nl": "Dezelfde meldingen als in de tabel hierboven, plus de meldingen die op {as_of} nog open waren; die tellen mee tot dat moment (Kaplan-Meier). ‘Besluit (welk ook)’ eindigt bij het eindbesluit, ook als de instroom nog moet volgen; ‘instroom of eindbesluit’ meet hetzelfde als de rij ‘totaal’ hierboven. De mediaan alleen afgeronde is de mediaan zonder de open meldingen.",
        "en": "The same reports as the table above, plus the reports still open on {as_of}; those count up to that moment (Kaplan-Meier). ‘Any decision’ ends at the final decision, even while the intake is still to come; ‘intake or final decision’ measures what the ‘total’ row above does. The median of decided only leaves the open reports out.",
    },
    "km_event": {"nl": "gemeten tot", "en": "measured to"},
    "km_event_decision": {"nl": "besluit (welk ook)", "en": "any decision"},
    "km_event_end": {
        "nl": "instroom of eindbesluit",
        "en": "intake or final decision",
    },
    "open_share_note": {
        "nl": "Meer dan {share} van deze meldingen is nog open: gemiddelde en mediaan van alleen de afgeronde meldingen (tabel hierboven) vallen daardoor te gunstig uit. De Kaplan-Meier-mediaan telt de open meldingen mee.",
        "en": "More than {share} of these reports are still open: the mean and median of the completed ones only (table above) therefore look too good. The Kaplan-Meier median includes the open reports.",
    },
    "cif_title": {
        "nl": "Cumulatieve incidentie van instroom, geen instroom en tussenvariant "
        "(Aalen-Johansen; open meldingen meegeteld tot nu)",
        "en": "Cumulative incidence of intake, no intake and intermediate variant "
        "(Aalen-Johansen; open reports counted up to now)",
    },
    "cif_table": {
        "nl": "Uitkomst van de meldingen (afgerond van {first} t/m {last} of open op "
        "{as_of}): aandeel met die uitkomst binnen 8, 12 en 32 weken na de melding",
        "en": "Outcome of the reports (completed from {first} to {last} or open on "
        "{as_of}): share with that outcome within 8, 12 and 32 weeks of the report",
    },
    "cif_note": {
        "nl": "Instroom, geen instroom en tussenvariant sluiten elkaar uit: wie geen "
        "instroom kreeg, stroomt niet meer in. Daarom telt een afwijzing hier als "
        "uitkomst, niet als 'nog wachtend'; de drie aandelen tellen op tot het "
        "aandeel meldingen met een besluit.",
        "en": "Intake, no intake and intermediate variant exclude each other: a "
        "refused report is not taken in later. A refusal therefore counts as an "
        "outcome here, not as 'still waiting'; the three shares add up to the share "
        "of reports decided.",
    },
    "cif_outcome": {"nl": "uitkomst", "en": "outcome"},
    "cif_n_events": {
        "nl": "meldingen met deze uitkomst",
        "en": "reports with this outcome",
    },
    "cif_at_weeks": {"nl": "binnen {weeks} weken", "en": "within {weeks} weeks"},
    "cif_median_reached": {
        "nl": "mediaan (dagen) van wie deze uitkomst kreeg",
        "en": "median (days) of those with this outcome",
    },
    "km_median": {"nl": "mediaan (KM)", "en": "median (KM)"},
    "km_ci": {"nl": "95%-interval", "en": "95% interval"},
    "naive_median": {"nl": "mediaan alleen afgeronde", "en": "median of decided only"},
    "open_over_32w": {"nl": "open > 32 weken", "en": "open > 32 weeks"},
    "factors_title": {
        "nl": "Doorlooptijd naar aantal informatie-aanvragen",
        "en": "Lead time by number of information requests",
    },
    "factors_table": {
        "nl": "Doorlooptijd naar aantal informatie-aanvragen (afgerond van {first} t/m "
        "{last})",
        "en": "Lead time by number of information requests (completed from {first} "
        "to {last})",
    },
    "info_loops": {"nl": "informatie-aanvragen", "en": "information requests"},
    "org_wait_title": {
        "nl": "Wachttijd op gevraagde informatie per organisatie",
        "en": "Wait for requested information per organisation",
    },
    "org_wait_table": {
        "nl": "Wachttijd op gevraagde informatie per organisatie (aanvragen van {first} "
        "t/m {last}, stand {as_of})",
        "en": "Wait for requested information per organisation (requests from {first} "
        "to {last}, as of {as_of})",
    },
    "org_wait_note": {
        "nl": "Van informatie-aanvraag tot de informatie van die organisatie. Mediaan "
        "en p90 tellen de aanvragen die nog wachten mee (Kaplan-Meier); het gemiddelde "
        "is alleen over de beantwoorde aanvragen. Zonder organisatie in de export: "
        "'onbekend'.",
        "en": "From the request to the information from that organisation. Median "
        "and p90 count the requests still waiting (Kaplan-Meier); the mean is over "
        "the answered requests only. Without an organisation in the export: "
        "'unknown'.",
    },
    "org_unknown": {"nl": "onbekend", "en": "unknown"},
    "org_wait_small": {
        "nl": "minder dan {n} beantwoord",
        "en": "fewer than {n} answered",
    },
    "share_not_decided": {
        "nl": "aandeel nog zonder besluit",
        "en": "share without decision",
    },
    "days_since_report": {"nl": "dagen sinds melding", "en": "days since report"},
    "quarter": {"nl": "kwartaal", "en": "quarter"},
    # paths
    "paths": {"nl": "Procespaden", "en": "Process paths"},
    "paths_intro": {
        "nl": "De meest voorkomende paden van melding tot besluit (alle afgeronde meldingen tot het eind van de maand); zeldzame paden zijn samengevoegd.",
        "en": "The most frequent paths from report to decision (all decided reports up to the end of the month); rare paths are merged.",
    },
    "variant": {"nl": "pad", "en": "path"},
    "rank": {"nl": "#", "en": "#"},
    "other_variants": {"nl": "overige paden", "en": "other paths"},
    "map_title": {
        "nl": "Procesoverzicht: hoe vaak volgt de ene stap direct op de andere (aanmeldfase)",
        "en": "Process map: how often one step directly follows another (intake phase)",
    },
    "from": {"nl": "van", "en": "from"},
    "to": {"nl": "naar", "en": "to"},
    "rules_title": {"nl": "Procesregels", "en": "Process rules"},
    "rule": {"nl": "regel", "en": "rule"},
    "violations": {"nl": "episodes met overtreding", "en": "episodes breaking it"},
    "rules_list": {"nl": "Te controleren episodes", "en": "Episodes to check"},
    "at": {"nl": "datum", "en": "date"},
    # contact
    "contact": {"nl": "Contact", "en": "Contact"},
    "contact_intro": {
        "nl": "Dagen sinds het laatste contact met de persoon bij de casussen in de aanpak aan het eind van de maand (tijd in detentie, uitreis en status statisch telt niet mee).",
        "en": "Days since the last contact with the person for the cases in the approach at the end of the month (time detained, abroad or static does not count).",
    },
    "gap_bucket": {"nl": "dagen sinds contact", "en": "days since contact"},
    "status": {"nl": "status", "en": "status"},
    "gap_chart": {
        "nl": "Casussen naar dagen sinds het laatste contact",
        "en": "Cases by days since the last contact",
    },
    "intervals_title": {
        "nl": "Tijd tussen contacten naar organisatie van de regisseur (dagen)",
        "en": "Time between contacts by the case manager's organisation (days)",
    },
    "gap_list": {
        "nl": "Actieve casussen zonder contact of inzet langer dan {days} dagen",
        "en": "Active cases without contact or intervention for more than {days} days",
    },
    "days_since_contact": {"nl": "dagen sinds contact", "en": "days since contact"},
    "days_since_intervention": {
        "nl": "dagen sinds inzet",
        "en": "days since intervention",
    },
    "cases": {"nl": "casussen", "en": "cases"},
    # integrality
    "integrality": {"nl": "Integraliteit", "en": "Integrality"},
    "integrality_intro": {
        "nl": "Welke domeinen de interventies leveren, en hoe vaak de eigen organisatie van de casusregisseur dat doet (alle interventies tot het eind van de maand).",
        "en": "Which domains deliver the interventions, and how often the case manager's own organisation does (all interventions up to the end of the month).",
    },
    "domain": {"nl": "domein", "en": "domain"},
    "interventions": {"nl": "interventies", "en": "interventions"},
    "own_org_share": {"nl": "door eigen organisatie", "en": "by own organisation"},
    "domain_chart": {
        "nl": "Interventies per jaar naar domein van de uitvoerende organisatie",
        "en": "Interventions per year by domain of the delivering organisation",
    },
    "year": {"nl": "jaar", "en": "year"},
    "mean_orgs": {
        "nl": "Gemiddeld aantal organisaties per casus: {value}; casussen met een sociale of zorginterventie: {share}.",
        "en": "Mean organisations per case: {value}; cases with a social or care intervention: {share}.",
    },
    # case managers
    "casemgmt": {"nl": "Casusregisseurs", "en": "Case managers"},
    "casemgmt_intro": {
        "nl": "Hoeveel casussen regisseurs aan het eind van de maand hebben, en hoe vaak casussen van regisseur wisselen.",
        "en": "How many cases case managers hold at the end of the month, and how often cases change case manager.",
    },
    "caseload_bucket": {"nl": "casussen per regisseur", "en": "cases per case manager"},
    "managers": {"nl": "regisseurs", "en": "case managers"},
    "managers_0": {"nl": "0 (wel eerder toegewezen)", "en": "0 (assigned before)"},
    "without_manager": {
        "nl": "Casussen zonder regisseur: {n}",
        "en": "Cases without a case manager: {n}",
    },
    "changes_title": {
        "nl": "Wisselingen van regisseur per jaar",
        "en": "Changes of case manager per year",
    },
    "changes": {"nl": "wisselingen", "en": "changes"},
    "changes_per_case_year": {"nl": "per casusjaar", "en": "per case-year"},
    "regularity_title": {
        "nl": "Contacten per maand naar organisatie van de regisseur",
        "en": "Contacts per month by the case manager's organisation",
    },
    "median_per_month": {"nl": "mediaan per maand", "en": "median per month"},
    "caseload_chart": {
        "nl": "Casussen in de aanpak en regisseurs met ten minste één casus",
        "en": "Cases in the approach and case managers with at least one case",
    },
    "stock": {"nl": "in de aanpak", "en": "in the approach"},
    "managers_with_case": {"nl": "regisseurs met casus", "en": "managers with a case"},
    "caseload_dist_chart": {
        "nl": "Regisseurs naar aantal casussen per maand",
        "en": "Case managers by number of cases per month",
    },
    "handover_chart": {
        "nl": "Overdrachten tussen organisaties",
        "en": "Hand-overs between organisations",
    },
    "flow_chart": {
        "nl": "Populatie, instroom en uitstroom per maand",
        "en": "Stock, inflow and outflow per month",
    },
    # long stays
    "longstay": {"nl": "Lang in de aanpak", "en": "Long stays"},
    "longstay_intro": {
        "nl": "Casussen blijven lang in de aanpak, vooral als er op geen enkel leefgebied een interventie is.",
        "en": "Cases stay long in the approach, especially when no life domain has an intervention.",
    },
    "ls_cases": {"nl": "episodes met instroom", "en": "episodes with intake"},
    "ls_open": {"nl": "nog in de aanpak", "en": "still in the approach"},
    "ls_no_life_domain": {
        "nl": "zonder enige interventie",
        "en": "without any intervention",
    },
    "ls_median_no": {
        "nl": "mediane duur zonder interventies (dagen)",
        "en": "median stay without interventions (days)",
    },
    "ls_median_with": {
        "nl": "mediane duur met interventies (dagen)",
        "en": "median stay with interventions (days)",
    },
    "ls_no_action": {
        "nl": "actief, zonder actie in de laatste 3 maanden",
        "en": "active, no action in the last 3 months",
    },
    "ls_itatr": {
        "nl": "op de agenda van het ITAT-R geweest",
        "en": "put on the ITAT-R agenda",
    },
    "ls_static": {"nl": "statisch verklaard", "en": "made static"},
    "value": {"nl": "waarde", "en": "value"},
    "stay_chart": {
        "nl": "Aandeel nog in de aanpak naar tijd sinds instroom (Kaplan-Meier)",
        "en": "Share still in the approach by time since intake (Kaplan-Meier)",
    },
    "years_since_intake": {"nl": "jaren sinds instroom", "en": "years since intake"},
    "share_in": {"nl": "aandeel nog in de aanpak", "en": "share still in"},
    "ls_list": {
        "nl": "Casussen langer dan 2 jaar in de aanpak zonder interventie of zonder recente actie",
        "en": "Cases in the approach over 2 years without interventions or recent action",
    },
    "days_in_approach": {"nl": "dagen in de aanpak", "en": "days in the approach"},
    "last_action": {"nl": "laatste actie", "en": "last action"},
    "yes": {"nl": "ja", "en": "yes"},
    "no": {"nl": "nee", "en": "no"},
    # data quality
    "quality": {
        "nl": "Datakwaliteit van de export",
        "en": "Data quality of the export",
    },
    "quality_intro": {
        "nl": "Rijen die niet zijn ingelezen, en de controles op de ingelezen gegevens.",
        "en": "Rows that were not loaded, and the checks on the loaded data.",
    },
    "rejects_title_events": {
        "nl": "Afgewezen rijen van de gebeurtenissen naar reden",
        "en": "Rejected event rows by reason",
    },
    "rejects_title_relations": {
        "nl": "Afgewezen rijen van de relaties naar reden",
        "en": "Rejected relation rows by reason",
    },
    "rejects_title_locations": {
        "nl": "Afgewezen rijen van de sleutellocaties naar reden",
        "en": "Rejected key-location rows by reason",
    },
    "reason": {"nl": "reden", "en": "reason"},
    "rows": {"nl": "rijen", "en": "rows"},
    "checks_title": {"nl": "Kwaliteitscontroles", "en": "Quality checks"},
    "check": {"nl": "controle", "en": "check"},
    "severity": {"nl": "ernst", "en": "severity"},
    "description": {"nl": "omschrijving", "en": "description"},
    "examples": {"nl": "voorbeelden", "en": "examples"},
    # colophon
    "colophon": {"nl": "Colofon", "en": "Colophon"},
    "snapshot": {"nl": "Momentopname (snapshot)", "en": "Snapshot"},
    "export_date": {"nl": "Exportdatum", "en": "Export date"},
    "loaded_at": {"nl": "Ingelezen op", "en": "Loaded at"},
    "as_of": {
        "nl": "Peilmoment (eind van de maand)",
        "en": "Reference time (end of month)",
    },
    "version": {"nl": "Versie ipgar-metrics", "en": "ipgar-metrics version"},
    "files": {"nl": "Exportbestanden (SHA-256)", "en": "Export files (SHA-256)"},
    "threshold": {"nl": "Drempel kleine aantallen", "en": "Small-count threshold"},
    "definitions": {"nl": "Definities", "en": "Definitions"},
    "absent_note": {
        "nl": "{names} zijn niet ingelezen: bijzondere persoonsgegevens (AVG art. 9/10) die alleen worden geladen als het mappingbestand ze kiest (special_categories); uitsplitsingen daarnaar zijn niet beschikbaar.",
        "en": "{names} were not loaded: special categories of personal data (GDPR art. 9/10) that load only when the mapping file opts in (special_categories); breakdowns by them are not available.",
    },
    "attr_ideology": {"nl": "ideologie", "en": "ideology"},
    "attr_risk_category": {"nl": "risicocategorie", "en": "risk category"},
    "and": {"nl": "en", "en": "and"},
    "purge_note_one": {
        "nl": "Gegevens van 1 persoon van wie de aanpak vóór {date} eindigde zijn verwijderd (bewaartermijn); cijfers over eerdere perioden tellen deze persoon niet meer mee.",
        "en": "Data of 1 person whose involvement ended before {date} have been removed (retention period); figures over earlier periods no longer count them.",
    },
    "purge_note": {
        "nl": "Gegevens van {n} personen van wie de aanpak vóór {date} eindigde zijn verwijderd (bewaartermijn); cijfers over eerdere perioden tellen hen niet meer mee.",
        "en": "Data of {n} persons whose involvement ended before {date} have been removed (retention period); figures over earlier periods no longer count them.",
    },
    "definitions_note": {
        "nl": "De volledige definities en keuzes staan in docs/metrics/ en docs/assumptions/ van ipgar-metrics; zie ook docs/report.md.",
        "en": "The full definitions and choices are in docs/metrics/ and docs/assumptions/ of ipgar-metrics; see also docs/report.md.",
    },
    "def_inflow": {
        "nl": "Instroom/uitstroom: aantal instroom- en uitstroomgebeurtenissen in de kalendermaand (lokale tijd).",
        "en": "Inflow/outflow: instroom and uitstroom events in the calendar month (local time).",
    },
    "def_stock": {
        "nl": "In de aanpak: casussen met een instroom en nog geen uitstroom aan het eind van de maand.",
        "en": "In the approach: cases with an instroom and no uitstroom yet at the end of the month.",
    },
    "def_lead": {
        "nl": "Doorlooptijd: van de eerste melding van een episode tot de instroom, of tot het eindbesluit zonder instroom; meldingen zonder besluit zijn open en tellen in de Kaplan-Meier-schatting mee tot het peilmoment.",
        "en": "Lead time: from the first report of an episode to the intake, or to the final decision without intake; reports without a decision are open and count in the Kaplan-Meier estimate up to the reference time.",
    },
    "def_contact": {
        "nl": "Contactdrempel: actieve casus zonder contact én zonder interventie-activiteit in meer dan {days} dagen, pauzes (detentie, uitreis, statisch) niet meegeteld.",
        "en": "Contact threshold: active case without contact and without intervention activity for more than {days} days, pauses (detention, abroad, static) not counted.",
    },
    "def_own": {
        "nl": "Aandeel eigen organisatie: gestarte interventies geleverd door de organisatie van de casusregisseur van dat moment, gedeeld door alle gestarte interventies met een regisseur.",
        "en": "Own-organisation share: started interventions delivered by the organisation of the case manager at that time, divided by all started interventions with a case manager.",
    },
    # what the PTO-R owns, and outcomes (issue 24 item 7; sections/_owned.py)
    "owned": {"nl": "Wat de PTO-R beheert", "en": "What the PTO-R owns"},
    "owned_intro": {
        "nl": "Alleen de PTO-R mag een casus statisch verklaren, na agendering bij het ITAT-R. Hier: de statische casussen en hun herbeoordeling, de tijd van ITAT-R-agendering tot PTO-R-besluit, nieuwe meldingen na uitstroom en na de tussenvariant, en de redenen van uitstroom per jaar.",
        "en": "Only the PTO-R may make a case static, after the ITAT-R agenda. Here: the static cases and their reviews, the time from the ITAT-R agenda to the PTO-R decision, new reports after exit and after the intermediate variant, and the exit reasons per year.",
    },
    "ow_figures": {"nl": "Statisch en ITAT-R", "en": "Static and ITAT-R"},
    "ow_static": {
        "nl": "Statische casussen aan het eind van de maand",
        "en": "Static cases at the end of the month",
    },
    "ow_since_decision": {
        "nl": "Dagen sinds het besluit statisch, mediaan",
        "en": "Days since the static decision, median",
    },
    "ow_without_review": {
        "nl": "waarvan langer dan {months} maanden zonder herbeoordeling",
        "en": "of which without review for more than {months} months",
    },
    "ow_decided": {
        "nl": "PTO-R-besluiten na ITAT-R-agendering (12 maanden)",
        "en": "PTO-R decisions after the ITAT-R agenda (12 months)",
    },
    "ow_decision_median": {
        "nl": "ITAT-R-agendering → PTO-R-besluit, mediaan (dagen)",
        "en": "ITAT-R agenda → PTO-R decision, median (days)",
    },
    "ow_decision_p90": {
        "nl": "ITAT-R-agendering → PTO-R-besluit, p90 (dagen)",
        "en": "ITAT-R agenda → PTO-R decision, p90 (days)",
    },
    "ow_waiting": {
        "nl": "ITAT-R-agenderingen nog zonder PTO-R-besluit",
        "en": "ITAT-R agenda entries still without a PTO-R decision",
    },
    "ow_months": {
        "nl": "ITAT-R-agendering → PTO-R-besluit per maand van het besluit",
        "en": "ITAT-R agenda → PTO-R decision by month of the decision",
    },
    "ow_months_note": {
        "nl": "Een escalatie begint bij de eerste ITAT-R-agendering na het vorige PTO-R-besluit; aanhouden is geen besluit. Agenderingen zonder besluit tellen hier niet mee.",
        "en": "An escalation starts at the first ITAT-R agenda entry after the previous PTO-R decision; postponing is no decision. Agenda entries without a decision are not counted here.",
    },
    "ow_rereports": {
        "nl": "Nieuwe melding binnen 12 en 24 maanden",
        "en": "New report within 12 and 24 months",
    },
    "ow_after": {"nl": "na", "en": "after"},
    "ow_intermediate": {
        "nl": "tussenvariant (preventief gesprek)",
        "en": "intermediate variant (preventive conversation)",
    },
    "ow_followed": {"nl": "{months} mnd verstreken", "en": "{months} months passed"},
    "ow_rereported": {
        "nl": "opnieuw gemeld ≤ {months} mnd",
        "en": "reported again ≤ {months} months",
    },
    "ow_share": {"nl": "aandeel {months} mnd", "en": "share {months} months"},
    "ow_rereports_note": {
        "nl": "Per uitstroomreden en na de tussenvariant. Alleen uitstroom of tussenvariant waarvan de 12 of 24 maanden al voorbij zijn telt mee; een latere is nog onbekend, niet 'niet opnieuw gemeld'.",
        "en": "By exit reason and after the intermediate variant. Only exits or intermediate variants whose 12 or 24 months have passed count; a later one is still unknown, not 'not reported again'.",
    },
    "ow_exits": {"nl": "Uitstroom per reden en jaar", "en": "Exits by reason and year"},
    "ow_reason": {"nl": "reden", "en": "reason"},
    "ow_exits_note": {
        "nl": "{year}: tot en met de maand van deze rapportage.",
        "en": "{year}: up to and including the month of this report.",
    },
    "ow_list": {
        "nl": "Statische casussen langer dan {months} maanden zonder herbeoordeling",
        "en": "Static cases without review for more than {months} months",
    },
    "ow_static_since": {"nl": "statisch sinds", "en": "static since"},
    "ow_days_since_decision": {
        "nl": "dagen sinds besluit",
        "en": "days since decision",
    },
    "ow_reviews": {"nl": "herbeoordelingen", "en": "reviews"},
    "ow_days_since_review": {
        "nl": "dagen sinds laatste herbeoordeling",
        "en": "days since last review",
    },
    # group attribute disclosure (issue 20 item 4): a table line all in one category
    "group_disclosure_note": {
        "nl": "In een rij of kolom van deze tabel vielen alle personen in één categorie; die cel is verborgen, omdat zij anders over ieder van hen iets zou zeggen.",
        "en": "In a row or column of this table every person fell in one category; that cell is hidden, because it would otherwise tell something about each of them.",
    },
    # improvement steps: the Verbeterstappen page, marks on trend charts and the
    # half-yearly monitor (report/sections/_steps.py, report/_monitor.py)
    "steps": {"nl": "Verbeterstappen", "en": "Improvement steps"},
    "steps_intro": {
        "nl": "De verbeterstappen uit het plan van aanpak zoals vooraf vastgelegd in het maatregelenregister, elk met de primaire indicator per maand en, zodra er genoeg casussen zijn, de uitkomst van de voor-na-vergelijking. Op de trendgrafieken van dit rapport staat elke stap als stippellijn op de datum van inwerkingtreding.",
        "en": "The improvement steps of the plan of approach as registered beforehand in the measures register, each with its primary indicator per month and, once there are enough cases, the result of the before/after comparison. On the trend charts of this report each step is a dashed line at its date in force.",
    },
    "steps_register": {"nl": "Maatregelenregister", "en": "Measures register"},
    "steps_none": {
        "nl": "Het maatregelenregister bevat geen stappen.",
        "en": "The measures register holds no steps.",
    },
    "step_col": {"nl": "Stap", "en": "Step"},
    "step_name": {"nl": "Naam", "en": "Name"},
    "step_in_force": {"nl": "In werking", "en": "In force"},
    "step_scope": {"nl": "Organisaties / segment", "en": "Organisations / segment"},
    "step_primary": {"nl": "Primaire indicator", "en": "Primary indicator"},
    "step_direction": {"nl": "Verwachte richting", "en": "Expected direction"},
    "step_effect": {
        "nl": "Kleinste relevante effect",
        "en": "Smallest relevant effect",
    },
    "step_all": {"nl": "alle casussen", "en": "all cases"},
    "step_phase": {"nl": "fase {i}", "en": "phase {i}"},
    "step_mark": {"nl": "stap {step}", "en": "step {step}"},
    "step_mark_phase": {"nl": "stap {step} ({i}/{n})", "en": "step {step} ({i}/{n})"},
    "step_head": {"nl": "Stap {step}: {name}", "en": "Step {step}: {name}"},
    "dir_up": labels.STEP_DIRECTION_LABELS["up"],
    "dir_down": labels.STEP_DIRECTION_LABELS["down"],
    "effect_points": {"nl": "{value} procentpunt", "en": "{value} percentage points"},
    "effect_days": {"nl": "{value} dagen", "en": "{value} days"},
    **{f"primary_{k}": v for k, v in labels.STEP_PRIMARY_LABELS.items()},
    # the value a step's monthly chart draws (its legend and its data table's column)
    "monthly_value_leadtime": {
        "nl": "mediane doorlooptijd (dagen)",
        "en": "median lead time (days)",
    },
    "monthly_value_contact": {
        "nl": "gemiddelde tijd tussen twee contacten (dagen)",
        "en": "mean time between two contacts (days)",
    },
    "monthly_value_integrality": {
        "nl": "aandeel interventies door de eigen organisatie",
        "en": "share of interventions by the own organisation",
    },
    "monthly_leadtime": {
        "nl": "Mediane doorlooptijd melding → instroom of besluit per maand van melding (dagen)",
        "en": "Median lead time report → intake or decision per month of report (days)",
    },
    "monthly_contact": {
        "nl": "Gemiddelde tijd tussen twee contacten per maand (dagen)",
        "en": "Mean time between two contacts per month (days)",
    },
    "monthly_integrality": {
        "nl": "Aandeel interventies door de eigen organisatie per maand van start",
        "en": "Share of interventions by the own organisation per month of start",
    },
    "steps_too_few": {
        "nl": "Nog te weinig casussen voor een evaluatie ({before} vóór, {after} na).",
        "en": "Too few cases for an evaluation yet ({before} before, {after} after).",
    },
    "steps_running": {
        "nl": "Nog te weinig casussen: de periode na de maatregel loopt tot en met {date}; de evaluatie volgt daarna.",
        "en": "Too few cases yet: the period after the measure runs to {date}; the evaluation follows then.",
    },
    "steps_not_yet": {
        "nl": "Nog niet in werking op het peilmoment ({date}).",
        "en": "Not yet in force at the reference date ({date}).",
    },
    "steps_months_note": {
        "nl": "Per maand de waarde over de casussen van die maand. Een maandwaarde over weinig casussen schommelt sterk: lees de lijn, niet één punt.",
        "en": "Per month the value over that month's cases. A monthly value over few cases varies a lot: read the line, not one point.",
    },
    "steps_months_phases": {
        "nl": "Maanden tussen twee fasen ontbreken (overgang).",
        "en": "Months between two phases are left out (transition).",
    },
    "steps_months_censored": {
        "nl": "{n} recente maand(en) zonder punt: daarvan loopt meer dan {share} nog, dus hun waarde zou alleen de snelle zaken tellen.",
        "en": "{n} recent month(s) without a point: more than {share} of their items are still open, so their value would count only the quick ones.",
    },
    "steps_months_none": {
        "nl": "{title}: geen maand met {k} of meer casussen, dus geen maandwaarde om te tonen.",
        "en": "{title}: no month with {k} or more cases, so no monthly value to show.",
    },
    "steps_months_note_extern": {
        "nl": "Per maand de waarde over de casussen van die maand. Maanden met minder dan {k} casussen zijn weggelaten.",
        "en": "Per month the value over that month's cases. Months with fewer than {k} cases are left out.",
    },
    "monitor_title": {
        "nl": "Halfjaarmonitor iPGA-R voor de stuurgroep",
        "en": "iPGA-R half-yearly monitor for the steering group",
    },
    "monitor_period": {
        "nl": "{half}e halfjaar {year}",
        "en": "half-year {half} of {year}",
    },
    "monitor_baseline": {"nl": "Nulmeting", "en": "Baseline"},
    "monitor_baseline_intro": {
        "nl": "Doorlooptijd van melding tot instroom in weken, zoals het plan van aanpak de uitgangssituatie beschrijft, naast de gegevens: het eerste halfjaar van de gegevens, het halfjaar vóór de eerste verbeterstap en dit halfjaar.",
        "en": "Lead time from report to intake in weeks, as the plan of approach describes the starting point, beside the data: the first half-year of the data, the half-year before the first improvement step and this half-year.",
    },
    "monitor_baseline_note": {
        "nl": "Meldingen met instroom waarvan de instroom in het halfjaar viel; meldingen zonder instroom (geen opname, tussenvariant) tellen hier niet mee.",
        "en": "Reports with an intake that fell in the half-year; reports without intake (no intake, intermediate variant) are not counted here.",
    },
    "monitor_plan": {"nl": "Plan van aanpak (2019)", "en": "Plan of approach (2019)"},
    "monitor_range": {"nl": "bereik {low}–{high}", "en": "range {low}–{high}"},
    "monitor_first_half": {
        "nl": "Eerste halfjaar van de gegevens",
        "en": "First half-year of the data",
    },
    "monitor_before_steps": {
        "nl": "Halfjaar vóór de eerste stap",
        "en": "Half-year before the first step",
    },
    "monitor_this_half": {"nl": "Dit halfjaar", "en": "This half-year"},
    "monitor_col_period": {"nl": "Periode", "en": "Period"},
    "monitor_col_n": {"nl": "Meldingen met instroom", "en": "Reports with intake"},
    "monitor_col_mean": {"nl": "Gemiddeld (weken)", "en": "Mean (weeks)"},
    "monitor_col_median": {"nl": "Mediaan (weken)", "en": "Median (weeks)"},
    "monitor_col_p90": {
        "nl": "90e percentiel (weken)",
        "en": "90th percentile (weeks)",
    },
    "monitor_col_units": {"nl": "Aantal", "en": "Number"},
    "monitor_timeline": {
        "nl": "Verbeterstappen op de tijdlijn",
        "en": "Improvement steps on the time line",
    },
    "monitor_timeline_intro": {
        "nl": "Elke stap uit het maatregelenregister vanaf de datum van inwerkingtreding; een stap in fasen heeft een punt per fase.",
        "en": "Each step of the measures register from its date in force; a phased step has a point per phase.",
    },
    "monitor_trends": {
        "nl": "Kernindicatoren per maand",
        "en": "Key indicators per month",
    },
    "monitor_trends_intro": {
        "nl": "De laatste {months} maanden. Elke maand is de waarde over de 12 maanden tot en met die maand (zoals de kerncijfers van de maandrapportage), met een 95%-betrouwbaarheidsinterval: Wilson voor aandelen, het exacte interval van de mediaan. De tabellen geven de maanden van dit halfjaar. De stippellijnen markeren de verbeterstappen.",
        "en": "The last {months} months. Each month is the value over the 12 months up to and including it (as the key figures of the monthly report), with a 95% confidence interval: Wilson for shares, the exact interval of the median. The tables give the months of this half-year. The dashed lines mark the improvement steps.",
    },
    "monitor_stock": {
        "nl": "In de aanpak (eind van de maand)",
        "en": "In the approach (end of month)",
    },
    "monitor_decided_8w_share": {
        "nl": "Meldingen met instroom of besluit binnen 8 weken (%)",
        "en": "Reports with intake or decision within 8 weeks (%)",
    },
    "monitor_median_weeks": {
        "nl": "Mediane doorlooptijd melding → instroom of besluit (weken)",
        "en": "Median lead time report → intake or decision (weeks)",
    },
    "monitor_own_org_share": {
        "nl": "Interventies door de eigen organisatie (%)",
        "en": "Interventions by the own organisation (%)",
    },
    "monitor_ci_lower": {"nl": "95%-interval, onder", "en": "95% interval, lower"},
    "monitor_ci_upper": {"nl": "95%-interval, boven", "en": "95% interval, upper"},
    "monitor_unit_share": {"nl": "procent", "en": "percent"},
    "monitor_unit_weeks": {"nl": "weken", "en": "weeks"},
    "monitor_evaluation": {
        "nl": "Evaluatie van de stappen",
        "en": "Evaluation of the steps",
    },
    "monitor_evaluation_intro": {
        "nl": "Per stap de voor-na-vergelijking van de vooraf vastgelegde primaire indicator (12 maanden vóór en na de datum van inwerkingtreding), zoals ipgar evaluate die geeft.",
        "en": "Per step the before/after comparison of the primary indicator registered beforehand (12 months before and after the date in force), as ipgar evaluate gives it.",
    },
    # readable in one minute (issue 24 item 6): the plan's lead time in weeks, dates
    # in words, the empty majority of the caseload chart, the plan's 8-week line
    "kf_intake_mean": {
        "nl": "Melding → instroom, gemiddeld (weken) *",
        "en": "Report → intake, mean (weeks) *",
    },
    "kf_intake_median": {
        "nl": "Melding → instroom, mediaan (weken) *",
        "en": "Report → intake, median (weeks) *",
    },
    "kf_intake_p90": {
        "nl": "Melding → instroom, 90e percentiel (weken) *",
        "en": "Report → intake, 90th percentile (weeks) *",
    },
    "kf_intake_range": {
        "nl": "Melding → instroom, kortste–langste (weken) *",
        "en": "Report → intake, shortest–longest (weeks) *",
    },
    "kf_intake_n": {
        "nl": "Instromen na melding (basis van de doorlooptijd) *",
        "en": "Intakes after a report (basis of the lead time) *",
    },
    "summary_note_intake": {
        "nl": "* 12 maanden t/m de rapportmaand. Doorlooptijd als in het plan van aanpak: melding tot instroom, in weken, van de instromen in die 12 maanden (plan: gemiddeld 8 weken, van 1 tot 32); onder 10 instromen geen mediaan of percentiel.",
        "en": "* 12 months up to the report month. Lead time as in the plan of approach: report to intake, in weeks, of the intakes in those 12 months (plan: 8 weeks on average, from 1 to 32); below 10 intakes no median or percentile.",
    },
    "change_small_note": {
        "nl": "Aantal onder {k}: alleen het verschil, geen percentage.",
        "en": "Count below {k}: the difference only, no percentage.",
    },
    "flow_chart_panels": {
        "nl": "In de aanpak eind van de maand (boven); instroom en uitstroom (onder, eigen schaal)",
        "en": "In the approach at month end (top); inflow and outflow (bottom, own scale)",
    },
    "as_of_date": {"nl": "peildatum {date}", "en": "reference date {date}"},
    "as_of_moment": {
        "nl": "{date}, 0.00 uur",
        "en": "{date}, 00:00",
    },
    "caseload_zero_note": {
        "nl": "Niet in de grafiek: regisseurs met 0 casussen (wel eerder toegewezen), {n} aan het eind van {month}.",
        "en": "Not in the chart: case managers with 0 cases (assigned before), {n} at the end of {month}.",
    },
    "caseload_dist_chart_some": {
        "nl": "Regisseurs met ten minste één casus, naar aantal casussen per maand",
        "en": "Case managers with at least one case, by number of cases per month",
    },
    "trend_title_weeks": {
        "nl": "Doorlooptijd melding → instroom of eindbesluit per kwartaal van de melding, in weken (gemiddelde, mediaan en 90e percentiel; stippellijn: de 8 weken van het plan van aanpak; kwartalen met meer dan 10% nog open meldingen zijn weggelaten)",
        "en": "Lead time report → intake or final decision per quarter of the report, in weeks (mean, median and 90th percentile; dotted line: the 8 weeks of the plan of approach; quarters with more than 10% of reports still open are left out)",
    },
    "plan_weeks": {"nl": "plan: {weeks} weken", "en": "plan: {weeks} weeks"},
    # revision notes and the frozen baseline (report/_revisions.py)
    "revisions": {"nl": "Herzieningen", "en": "Revisions"},
    "revisions_intro": {
        "nl": "De kerncijfers van eerder gepubliceerde maanden, opnieuw berekend op de gegevens van nu. Genoemd wordt wat anders uitkomt dan gepubliceerd, en waarom voor zover de opslag dat weet.",
        "en": "The key figures of months published earlier, computed again on today's data. Listed is what differs from what was published, and why as far as the store knows.",
    },
    "revisions_none": {
        "nl": "Geen herzieningen: de eerder gepubliceerde kerncijfers van de laatste {months} maanden zijn ongewijzigd.",
        "en": "No revisions: the key figures published earlier for the last {months} months are unchanged.",
    },
    "revision_month": {
        "nl": "{month} (gepubliceerd op {date}): {changes}. Oorzaak volgens de opslag: {causes}.",
        "en": "{month} (published on {date}): {changes}. Cause as far as the store knows: {causes}.",
    },
    "revised": {"nl": "herzien", "en": "revised"},
    "baseline_frozen": {
        "nl": "Nulmeting van {measures}: het rapport over {month} (gepubliceerd op {date}, snapshot {snapshot}) ligt vast.",
        "en": "Baseline of {measures}: the report on {month} (published on {date}, snapshot {snapshot}) is frozen.",
    },
    "baseline_same": {
        "nl": "De cijfers van nu zijn gelijk aan de nulmeting.",
        "en": "Today's figures equal the baseline.",
    },
    "baseline_differs": {
        "nl": "De cijfers van nu wijken af van de nulmeting: {changes}.",
        "en": "Today's figures differ from the baseline: {changes}.",
    },
    "cause_corrected": {
        "nl": "correcties in de bron: {n} (ingelezen op {dates})",
        "en": "corrections in the source: {n} (loaded on {dates})",
    },
    "cause_corrected_extern": {
        "nl": "correcties in de bron (ingelezen op {dates})",
        "en": "corrections in the source (loaded on {dates})",
    },
    "cause_deleted": {
        "nl": "in de bron verwijderde registraties: {n} (ingelezen op {dates})",
        "en": "registrations deleted in the source: {n} (loaded on {dates})",
    },
    "cause_deleted_extern": {
        "nl": "in de bron verwijderde registraties (ingelezen op {dates})",
        "en": "registrations deleted in the source (loaded on {dates})",
    },
    "cause_late": {
        "nl": "later ingelezen registraties over die periode: {n} (ingelezen op {dates})",
        "en": "registrations of that period loaded later: {n} (loaded on {dates})",
    },
    "cause_late_extern": {
        "nl": "later ingelezen registraties over die periode (ingelezen op {dates})",
        "en": "registrations of that period loaded later (loaded on {dates})",
    },
    "cause_purge": {
        "nl": "opschoning na de bewaartermijn op {dates}",
        "en": "purge after the retention period on {dates}",
    },
    "cause_erasure": {
        "nl": "verwijdering van gegevens op verzoek (AVG art. 17)",
        "en": "erasure of data on request (GDPR art. 17)",
    },
    "cause_restricted": {
        "nl": "beperking van de verwerking (AVG art. 18)",
        "en": "restriction of processing (GDPR art. 18)",
    },
    "cause_version": {
        "nl": "andere versie van ipgar-metrics ({old} toen, {new} nu)",
        "en": "another version of ipgar-metrics ({old} then, {new} now)",
    },
    "cause_unknown": {
        "nl": "geen correctie, verwijdering of opschoning bekend in de opslag",
        "en": "no correction, deletion or purge known to the store",
    },
    # --- protected charts and accessibility (issue 20, items 5 and 6) ---
    "protected_mark": {
        "nl": "afgeschermd (<{k})",
        "en": "protected (<{k})",
    },
    "protected_stat": {"nl": "n<{k}", "en": "n<{k}"},
    "chart_data": {"nl": "Gegevens van de grafiek", "en": "Data of the chart"},
    "chart_alt": {
        "nl": "Grafiek: {title}. De gegevens staan in de tabel ‘Gegevens van de grafiek’ eronder.",
        "en": "Chart: {title}. The data are in the table ‘Data of the chart’ below it.",
    },
    "chart_alt_plain": {"nl": "Grafiek: {title}.", "en": "Chart: {title}."},
    "chart_protection_note": {
        "nl": "In de grafieken staat een afgeschermd aantal als gearceerde staaf of open vierkantje met “<{k}”, nooit als nul. Doorlooptijd- en verblijfscurven staan per week (verblijf: per 30 dagen), in stappen van ten minste {k} meldingen of casussen, zolang er ten minste {k} in de telling zijn: geen punt is de doorlooptijd van één persoon.",
        "en": "In the charts a protected count is a hatched bar or an open square with “<{k}”, never zero. Lead-time and stay curves are drawn per week (stays: per 30 days), in steps of at least {k} reports or cases, while at least {k} are counted: no point is one person’s lead time.",
    },
    "accessible_note": {
        "nl": "Deze HTML-versie is de toegankelijke versie van het rapport (getoetst aan WCAG 2.1 niveau AA): elke grafiek heeft een tabel met zijn gegevens. De PDF is een afdruk van deze pagina; de browser voorziet hem van tags (koppen, tabellen, grafieken met hun omschrijving), maar hij is niet apart op toegankelijkheid getoetst en bevat de tabellen bij de grafieken niet.",
        "en": "This HTML version is the accessible version of the report (checked against WCAG 2.1 level AA): every chart has a table with its data. The PDF is a print of this page; the browser tags it (headings, tables, charts with their description), but it is not checked for accessibility on its own and leaves out the tables of the charts.",
    },
    # ways of working per organisation (issue 23): the section "Werkwijze per organisatie"
    "network": {"nl": "Netwerken", "en": "Networks"},
    "network_intro": {
        "nl": "Personen in de aanpak die met elkaar verbonden zijn door familie, vriendschap, online contact of een sleutellocatie (relaties uit de registratie, verwerkt met DPIA). Een netwerk met twee of meer casusregisseurs vraagt afstemming tussen die regisseurs (plan van aanpak, netwerkaanpak). In het netwerkbeeld staan personen met een ingekort pseudoniem; de tabel van personen die hun netwerk verbinden noemt het volledige pseudoniem, zoals de actielijsten. Externe rapporten tonen alleen aantallen netwerken.",
        "en": "Persons in the approach linked by family, friendship, online contact or a key location (relations from the registration, processed under a DPIA). A component with two or more case managers needs those managers to work together (plan of approach, network approach). The graph shows persons by a shortened pseudonym; the table of persons who hold their component together gives the full pseudonym, as the action lists do. External reports show only numbers of components.",
    },
    "network_summary": {
        "nl": "{groups} netwerken van twee of meer personen in de aanpak ({persons} personen); {need} met twee of meer casusregisseurs, en in {late} daarvan hebben de regisseurs de laatste {days} dagen niet samen overlegd.",
        "en": "{groups} components of two or more persons in the approach ({persons} persons); {need} with two or more case managers, and in {late} of them the managers have not met in the last {days} days.",
    },
    "network_coordination": {
        "nl": "Netwerken die afstemming vragen (overleg langer dan {days} dagen geleden: ⚑)",
        "en": "Components that need coordination (met more than {days} days ago: ⚑)",
    },
    "network_group": {"nl": "netwerk", "en": "component"},
    "network_persons": {"nl": "personen", "en": "persons"},
    "network_managers": {"nl": "casusregisseurs", "en": "case managers"},
    "network_orgs": {"nl": "organisaties", "en": "organisations"},
    "network_outside": {"nl": "gelinkt buiten de aanpak", "en": "linked outside"},
    "network_met_days": {"nl": "dagen sinds overleg", "en": "days since they met"},
    "network_never": {"nl": "nooit", "en": "never"},
    "network_no_need": {
        "nl": "Geen netwerk met twee of meer casusregisseurs.",
        "en": "No component with two or more case managers.",
    },
    "network_met_note": {
        "nl": "Overleg: een netwerkoverleg van twee of meer van de huidige casusregisseurs van het netwerk, of twee personen van het netwerk met verschillende regisseurs op dezelfde dag op de agenda van het ITAT-R. ⚑: nooit, of langer dan {days} dagen geleden.",
        "en": "Met: a network meeting of two or more of the component's current case managers, or two persons of the component with different managers on the ITAT-R agenda on the same day. ⚑: never, or more than {days} days ago.",
    },
    "network_graph": {
        "nl": "Netwerken: personen (ingekort pseudoniem) naar organisatie van de casusregisseur",
        "en": "Components: persons (shortened pseudonym) by the case manager's organisation",
    },
    "network_key_persons": {
        "nl": "Personen die hun netwerk verbinden",
        "en": "Persons who hold their component together",
    },
    "network_key_note": {
        "nl": "Als deze persoon uitstroomt of wegvalt, valt zijn netwerk uiteen: aandachtspunt voor 'de invloed van één persoon op zijn netwerk verminderen'.",
        "en": "If this person exits, the component splits: a lead for 'reducing the influence of one person on his network'.",
    },
    "network_person": {"nl": "persoon (pseudoniem)", "en": "person (pseudonym)"},
    "network_degree": {"nl": "koppelingen", "en": "links"},
    "network_org": {"nl": "organisatie regisseur", "en": "case manager's organisation"},
    "network_bands": {
        "nl": "Netwerken naar grootte",
        "en": "Components by size",
    },
    "network_band": {"nl": "personen per netwerk", "en": "persons per component"},
    "network_groups": {"nl": "netwerken", "en": "components"},
    "network_need": {
        "nl": "waarvan met afstemming nodig",
        "en": "of which need coordination",
    },
    "network_bestuur_note": {
        "nl": "Alleen aantallen netwerken; aantallen onder {k} zijn niet getoond. Personen, koppelingen en het netwerkbeeld staan alleen in het interne rapport.",
        "en": "Numbers of components only; counts below {k} are not shown. Persons, links and the network graph are in the internal report only.",
    },
    "practice": {
        "nl": "Werkwijze per organisatie",
        "en": "Ways of working per organisation",
    },
    "practice_intro": {
        "nl": "Per organisatie van de casusregisseurs: hoe vaak er contact is, hoe snel na instroom, welke interventies en hoe volledig er wordt geregistreerd, over de {months} maanden tot het peilmoment. Een organisatie is alleen gemarkeerd als haar waarde buiten de exacte 95%-grenzen rond het gemiddelde van alle organisaties valt (trechterdiagram, Spiegelhalter 2005); binnen de grenzen is een verschil niet van toeval te onderscheiden. Er is geen rangorde. Organisaties met minder dan drie casusregisseurs zijn samengevoegd tot 'overige organisaties'; casusregisseurs worden nooit afzonderlijk getoond.",
        "en": "Per organisation of the case managers: how often there is contact, how soon after intake, which interventions and how complete the registration is, over the {months} months up to the reference time. An organisation is marked only when its value lies outside the exact 95% limits around the value of all organisations (funnel plot, Spiegelhalter 2005); within the limits a difference cannot be told from chance. There is no ranking. Organisations with fewer than three case managers are merged into 'other organisations'; case managers are never shown on their own.",
    },
    "practice_gap_table": {
        "nl": "Actieve casussen boven de contactdrempel ({days} dagen), per organisatie",
        "en": "Active cases over the contact threshold ({days} days), by organisation",
    },
    "practice_org": {"nl": "organisatie", "en": "organisation"},
    "practice_cases": {"nl": "casussen in de aanpak", "en": "cases in the approach"},
    "practice_over": {"nl": "boven de drempel", "en": "over the threshold"},
    "practice_active": {"nl": "actief", "en": "active"},
    "practice_share": {"nl": "aandeel", "en": "share"},
    "practice_expected": {"nl": "alle organisaties", "en": "all organisations"},
    "practice_limits_95": {"nl": "95%-grenzen", "en": "95% limits"},
    "practice_signal": {"nl": "signaal", "en": "signal"},
    "practice_funnel": {
        "nl": "Trechterdiagram: {measure}",
        "en": "Funnel plot: {measure}",
    },
    "practice_signals_table": {
        "nl": "Signalen per maat, en het kleinste verschil dat de grenzen kunnen aantonen",
        "en": "Signals per measure, and the smallest difference the limits can detect",
    },
    "practice_measure": {"nl": "maat", "en": "measure"},
    "practice_orgs": {"nl": "organisaties", "en": "organisations"},
    "practice_median_n": {"nl": "mediane noemer", "en": "median denominator"},
    "practice_detectable": {
        "nl": "kleinste aantoonbare verschil",
        "en": "smallest detectable difference",
    },
    "practice_signals": {"nl": "buiten de 95%-grenzen", "en": "outside the 95% limits"},
    "practice_no_signal": {"nl": "geen", "en": "none"},
    "practice_detect_note": {
        "nl": "Wat de data kan laten zien: met enkele tientallen casussen per organisatie kan alleen een groot verschil als signaal zichtbaar worden. Het kleinste aantoonbare verschil is de afstand tot het gemiddelde die bij de mediane organisatie net buiten de 95%-grenzen valt; een kleiner werkelijk verschil blijft 'binnen'. 'Binnen' betekent dus niet 'gelijk'. Gebeurtenissen binnen één casus hangen samen (tempo's per maand of casusjaar, aandelen van contacten of interventies); hun grenzen zijn daarom berekend met de casus als eenheid en zo breder.",
        "en": "What the data can show: with a few dozen cases per organisation only a large difference can show as a signal. The smallest detectable difference is the distance from the overall value that falls just outside the 95% limits for the median organisation; a smaller real difference stays 'within'. So 'within' does not mean 'equal'. Events within one case hang together (rates per month or case-year, shares of contacts or interventions); their limits are therefore computed with the case as unit, and are wider.",
    },
    "practice_extern_note": {
        "nl": "Organisaties met minder dan {k} casussen of minder dan drie casusregisseurs zijn samengevoegd tot 'overige organisaties'. Een trechterdiagram staat alleen in deze versie als elke organisatie ten minste {k} actieve casussen boven én {k} onder de drempel heeft, zodat geen klein aantal uit een punt af te lezen is.",
        "en": "Organisations with fewer than {k} cases or fewer than three case managers are merged into 'other organisations'. A funnel plot is shown in this version only when every organisation has at least {k} active cases over and {k} under the threshold, so that no small count can be read off a point.",
    },
    # three audiences and the protection over time (issue 20: intern, bestuur, openbaar)
    "audience_bestuur": {
        "nl": "Bestuur: vertrouwelijke geaggregeerde cijfers, kleine aantallen beschermd",
        "en": "Steering group: confidential aggregates, small counts protected",
    },
    "audience_openbaar": {
        "nl": "Openbaar (Woo): kwartaaluitgave, kleine aantallen beschermd",
        "en": "Public (Woo): quarterly release, small counts protected",
    },
    "protection_note": {
        "nl": "Cellen die uit eerder gepubliceerde rapporten zijn terug te rekenen, zijn ook verborgen (“x”).",
        "en": "Cells that could be recovered from earlier published reports are hidden as well (“x”).",
    },
}


def t(key: str, lang: str = "nl", **values: object) -> str:
    """The report text ``key`` in ``lang``, with ``{name}`` fields filled in."""
    labels.check_lang(lang)
    text = TEXT[key][lang]
    return text.format(**values) if values else text
