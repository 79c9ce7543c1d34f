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
    "rejects_title": {
        "nl": "Afgewezen rijen naar reden",
        "en": "Rejected rows by reason",
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
