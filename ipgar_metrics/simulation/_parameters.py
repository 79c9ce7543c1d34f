"""The simulation's parameters: every number it uses, with the seed fact it comes from.

Facts of the plan of approach (``../shared/seed/``), summarised in ``docs/simulation.md``.
"""

from __future__ import annotations

from typing import Any

#: Named parameters. Keys ending in ``_p`` are probabilities, ``_days`` durations.
PARAMS: dict[str, Any] = {
    # Inflow. Seed/domain: tens of persons in the approach, a few dozen intakes a year,
    # several times as many reports; the current form started in 2016.
    "start_date": "2016-01-04",
    "report_source_p": {"MAP": 0.55, "CTER": 0.35, "overig": 0.10},
    "ideology_p": {
        "jihadistisch": 0.70,
        "rechts": 0.14,
        "links": 0.05,
        "single_issue": 0.11,
    },
    # Five risk categories (seed); non-jihadist cases are recruiters or attack risks.
    "risk_category_jihadist_p": {
        "uitreiziger": 0.28,
        "verijdeld": 0.17,
        "ronselaar": 0.20,
        "terugkeerder": 0.15,
        "aanslag": 0.20,
    },
    "risk_category_other_p": {"ronselaar": 0.45, "aanslag": 0.55},
    # Meeting cycles: IVG-R weekly on Tuesday, PTO-R every other Thursday.
    "ivgr_weekday": 1,
    "ptor_weekday": 3,
    "ptor_every_weeks": 2,
    # Assessment. Seed: 8 weeks on average from report to intake, 1 to 32 weeks, mostly
    # because information is missing: cases go back and forth between information
    # requests and the IVG-R. Each loop is info_aanvraag -> info_ontvangen -> IVG-R.
    "prep_days_min": 2,
    "prep_days_mean_extra": 6.0,
    "pre_ivgr_request_p": 0.45,
    "loops_p": [0.30, 0.30, 0.20, 0.10, 0.05, 0.05],  # meer_informatie rounds: 0..5
    "info_wait_median_days": 12.0,
    "info_wait_sigma": 0.75,
    # Which partner answers an information request (step 1a asks which partners are
    # slow). No seed fact: partners from fast to slow with their share of requests; a
    # long wait is more often a slow partner's (``info_partner_tilt``: 0 = the same
    # for all). Drawn from a stream of its own, so the times of a seed do not change.
    "info_partners": {
        "politie": 0.35,
        "om": 0.1,
        "reclassering": 0.15,
        "ggz": 0.2,
        "jeugdzorg": 0.1,
        "onderwijs": 0.1,
    },
    "info_partner_tilt": 3.0,
    "advice_p": {"opnemen": 0.55, "niet_opnemen": 0.30, "tussenvariant": 0.15},
    "postpone_p": 0.15,  # PTO-R 'aanhouden' once before deciding
    "intake_delay_days": (2, 7),
    "notification_delay_days": (3, 20),
    "lead_time_max_days": 224,  # 32 weeks: the seed's longest
    # Case management. Seed: 15-20% of cases have no problem on any life domain and stay
    # long without interventions; interventions mostly from the case manager's own
    # organisation; social domain under-used; no case managers from the care domain;
    # many case managers with few cases and many changes of case manager.
    # Stay: domain.md's stock of roughly 40-80 persons in the approach with a few dozen
    # intakes a year gives a mean stay of about a year and a half (about 57 persons
    # with 600 cases; the stock fills up in the first four years, the burn-in of
    # docs/simulation.md). A stay of median 800 days (sigma 0.6) gave about 100
    # persons, still rising after ten years.
    "no_problem_p": 0.175,
    "stay_median_days": 480,
    "stay_sigma": 0.5,
    "stay_no_problem_factor": 1.8,
    "manager_org_p": {
        "oov": 0.34,
        "politie": 0.22,
        "reclassering": 0.18,
        "buurtteam": 0.10,
        "jeugdzorg": 0.06,
        "wpi": 0.05,
        "om": 0.05,
    },
    "manager_reuse_p": 0.6,  # else a new case manager joins the pool
    "manager_changes_per_year": 0.45,
    "manager_change_same_org_p": 0.6,
    "contact_mean_days_by_org": {
        "oov": 24,
        "politie": 35,
        "reclassering": 16,
        "buurtteam": 20,
        "jeugdzorg": 22,
        "wpi": 40,
        "om": 50,
    },
    "problem_domains_p": [
        0.35,
        0.35,
        0.2,
        0.1,
    ],  # 1, 2, 3, 4 life domains with a problem
    "interventions_per_domain": (1, 3),
    "own_org_p": 0.62,
    "intervention_days": (45, 300),
    "providers_by_life_domain": {
        "inkomen": ["wpi", "buurtteam"],
        "dagbesteding": ["wpi", "onderwijs", "leerplicht"],
        "wonen": ["buurtteam", "wpi"],
        "zorg": ["ggz", "ggd", "verslavingszorg"],
        "netwerk": ["familiesteunpunt", "buurtteam", "jeugdzorg"],
        "ideologie": ["lse", "theologisch", "familiesteunpunt"],
    },
    # Seed: 'sometimes no contact or intervention for a while' (detained and travelled
    # cases excepted): a planted gap in a share of cases.
    "neglect_p": 0.14,
    "neglect_days": (100, 260),
    # Pausing statuses.
    "detention_p": 0.14,
    "detention_days": (30, 420),
    "travel_p": 0.04,
    "travel_days": (60, 700),
    "escalation_p": 0.12,  # ITAT-R agenda without a static decision
    "static_p_problem": 0.04,
    "static_p_no_problem": 0.30,
    "static_days": (90, 500),
    # Reviews of a static case: only the PTO-R may make a case static ("geen
    # vrijbrief"), so it looks at it again (a new decision statisch). The plan names no
    # interval; a share of static cases is planted without any review. Drawn from a
    # stream of their own (seed, case), so the rest of the simulation is unchanged.
    "static_review_p": 0.6,
    "static_review_days": (60, 200),
    "exit_reason_p": {
        "risico_afgenomen": 0.42,
        "doelen_bereikt": 0.22,
        "overgedragen": 0.16,
        "verhuisd": 0.12,
        "overleden": 0.02,
        "langdurig_gedetineerd": 0.06,
    },
    "rereport_after_exit_p": 0.08,
    "rereport_after_no_intake_p": 0.10,
    "rereport_days": (120, 900),
    # Planted effects: parameters that switch at a calendar date (``_changes``), e.g.
    # [{"from": "2024-01-01", "set": {"own_org_p": 0.3}}]. None by default.
    "changes": [],
    # A planted difference in ways of working (issue 23): the case managers of one
    # organisation register only a share of their contacts, e.g.
    # {"org": "politie", "contact_registered_p": 0.3}. None by default.
    "practice_plant": None,
    # Timeliness (issue 23 item 1): the lag from an event to its registration date
    # ("Geregistreerd op"). No seed fact: most events the same day, some a few days
    # later; two organisations register about a third of their events in batches,
    # one to three weeks later (as daily practice in case work varies).
    "registration_lag": {
        "same_day_p": 0.8,
        "late_days": [1, 4],
        "batch_p": 0.03,
        "batch_p_by_org": {"reclassering": 0.35, "jeugdzorg": 0.3},
        "batch_days": [8, 21],
    },
    # Intervention types (issue 23 item 3): per life domain the types used, with
    # weights; the catalogue also holds types that are never used. No seed fact: the
    # plan asks "Zijn er geschikte interventies die niet ingezet worden?".
    "intervention_types": {
        "inkomen": {"schuldhulp": 0.7, "uitkering": 0.3},
        "dagbesteding": {"werktraject": 0.6, "schoolbegeleiding": 0.4},
        "wonen": {"woonbegeleiding": 0.8, "urgentie": 0.2},
        "zorg": {"behandeling": 0.7, "verslavingszorg": 0.3},
        "netwerk": {"familiegesprek": 0.7, "mentor": 0.3},
        "ideologie": {"theologisch_gesprek": 0.6, "exitprogramma": 0.4},
    },
    "intervention_types_unused": ["lotgenotencontact", "sportbegeleiding"],
    # Who has the contact (issue 23 item 3b): the outcome of a registered contact.
    # No seed fact ("personen die de overheid mijden"): a share of the persons avoid
    # contact, whose contacts are often refused or only attempted.
    "contact_outcome": {
        "avoiding_p": 0.1,
        "avoiding": {"geslaagd": 0.3, "poging": 0.3, "geweigerd": 0.4},
        "other": {"geslaagd": 0.9, "poging": 0.08, "geweigerd": 0.02},
    },
    # Networks of persons and key locations (issue 19 item 3; ``_network``). Seed:
    # persons in the approach often share a network of people with the same profile,
    # and key locations matter; the plan gives no numbers, so these are assumptions:
    # about 60% of the persons in a group of 2 to 12 (mostly pairs and threes),
    # reported within months of each other, 85% of the members of the first one's
    # ideology; one key location per 120 cases. ``networks`` False writes no
    # relations.csv / locations.csv and no joint meetings.
    "networks": True,
    "network": {
        "linked_share": 0.6,
        # group sizes 2, 3, ..., 12
        "group_size_p": [
            0.34,
            0.2,
            0.13,
            0.09,
            0.07,
            0.05,
            0.04,
            0.03,
            0.02,
            0.015,
            0.015,
        ],
        "report_window_days": 120,
        "homophily": 0.85,
        "hub_p": 0.5,  # a new member links to the group's first (else to any earlier)
        "extra_link_p": 0.3,
        "relation_p": {
            "familie": 0.2,
            "vriend": 0.4,
            "online": 0.25,
            "sleutellocatie": 0.05,
            "overig": 0.1,
        },
        "start_days": [-60, 240],  # after the earlier person's first report
        "end_p": {
            "familie": 0.02,
            "vriend": 0.25,
            "online": 0.35,
            "sleutellocatie": 0.3,
            "overig": 0.3,
        },
        "duration_days": [120, 1500],
        "iso_date_p": 0.1,  # rows with YYYY-MM-DD dates (else dd-mm-jjjj)
        "cases_per_location": 120,
        "location_kinds": {
            "gebedsruimte": 0.4,
            "sportschool": 0.3,
            "buurthuis": 0.2,
            "koffiehuis": 0.1,
        },
        "location_window_days": 540,
        "location_visitors": [4, 10],
        "location_start_days": [-200, 200],  # around the person's first report
        "location_period_days": [120, 1000],
        # linked persons in the approach with different case managers meet
        "meeting_p": 0.5,
        "location_meeting_p": 0.1,
        "meetings_per_link": [1, 4],
        "plant_bad_rows": True,
    },
    # The life-domain assessment at intake (issue 23 item 3, "leefgebiedenscan"): the
    # case manager records, within days of the assignment, one event per life domain
    # with probleem/geen_probleem, as the simulation's truth has them. No seed fact for
    # the delay. Its times come from a stream of their own, so every other event of a
    # seed is unchanged; ``enabled: False`` gives an export without the assessment.
    "life_domain_assessment": {"enabled": True, "days_after_assignment": [0, 14]},
    # The case managers' pools (issue 23 item 3c, plan step 1b "een kleinere
    # specialistische pool"): ``case_managers.csv`` puts the ``specialists`` case
    # managers with the most cases in the approach at the export date in the pool
    # ``specialistisch`` (trained on ``trained_on``), the others in ``regulier``
    # (``_pools``). Chosen after the simulation: it does not route cases to them, so
    # the events are those without pools. None: no file.
    "case_manager_pools": {"specialists": 8, "trained_on": "2019-03-01"},
}
