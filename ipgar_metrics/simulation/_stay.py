"""The stay after intake: case managers, contacts, interventions, pausing statuses, exit."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ipgar_metrics.simulation._case import ORDER, Case, Event
from ipgar_metrics.simulation._time import DAY, iso

if TYPE_CHECKING:
    from ipgar_metrics.simulation._process import Simulator


def case_management(sim: Simulator, case: Case, intake: int) -> list[Event]:
    """From intake to exit: case managers, contacts, interventions, statuses."""
    p, rng = sim.p, sim.rng
    out: list[Event] = []
    no_problem = rng.random() < p["no_problem_p"]
    case.info["_no_problem_now"] = no_problem
    stay = p["stay_median_days"] * pow(2.718281828459045, rng.gauss(0, p["stay_sigma"]))
    if no_problem:
        stay *= p["stay_no_problem_factor"]
    start_day = intake // DAY
    exit_day = start_day + max(90, int(stay))

    # Pausing statuses (detention, travel abroad, static), as day intervals.
    pauses: list[tuple[int, int, str]] = []
    if rng.random() < p["detention_p"]:
        a = start_day + rng.randint(30, max(31, exit_day - start_day - 60))
        pauses.append((a, a + rng.randint(*p["detention_days"]), "detentie"))
    travelled_for_good = False
    if rng.random() < p["travel_p"]:
        a = start_day + rng.randint(30, max(31, exit_day - start_day - 30))
        b = a + rng.randint(*p["travel_days"])
        travelled_for_good = rng.random() < 0.4
        if travelled_for_good:  # never returns: exit some months after leaving
            b = exit_day = a + rng.randint(120, 400)
            pauses = [x for x in pauses if x[0] < a]
        pauses.append((a, b, "uitgereisd"))
    static_p = p["static_p_no_problem"] if no_problem else p["static_p_problem"]
    escalations: list[int] = []
    decided: int | None = None
    if rng.random() < static_p:
        a = start_day + rng.randint(120, max(121, (exit_day - start_day) // 2 + 121))
        escalations.append(a)
        ptor_day = sim.meeting_on_or_after(
            a + 3, p["ptor_weekday"], p["ptor_every_weeks"]
        )
        decided = ptor_day * DAY + 14 * 60 + rng.randrange(90)
        out.append(Event(decided, "ptor_besluit", outcome="statisch"))
        s = ptor_day + rng.randint(1, 6)
        pauses.append((s, s + rng.randint(*p["static_days"]), "statisch"))
    elif rng.random() < p["escalation_p"]:
        escalations.append(
            start_day + rng.randint(60, max(61, exit_day - start_day - 10))
        )
    agenda = [sim.office_time(a) for a in escalations]
    out.extend(Event(a, "itatr_agendering") for a in agenda)
    pauses = clean_pauses(pauses, exit_day)
    if travelled_for_good and not any(k == "uitgereisd" for *_, k in pauses):
        travelled_for_good = False  # the travel period was dropped as overlapping
    if not travelled_for_good:
        exit_day = max(exit_day, max((b for _a, b, _k in pauses), default=0) + 7)
    for a, b, kind in pauses:
        out.append(Event(sim.office_time(a), f"{kind}_start"))
        if not (kind == "uitgereisd" and travelled_for_good):
            out.append(Event(sim.office_time(b), f"{kind}_eind"))

    marks = {e.activity: e.minute for e in out if e.activity.startswith("statisch_")}
    static = static_truth(sim, case, marks, decided, exit_day)
    case.info["_owned"] = {
        "escalations": [(a, decided) for a in agenda],
        "static": static,
    }
    if static is not None:
        out.extend(
            Event(r, "ptor_besluit", outcome="statisch") for r in static["reviews"]
        )

    def paused(day: int) -> bool:
        return any(a <= day <= b for a, b, _k in pauses)

    # Case managers and their changes.
    org = sim.choice(p["manager_org_p"])
    manager = sim.new_manager(org)
    assign = sim.office_time(start_day + rng.randint(0, 10))
    out.append(Event(assign, "regisseur_toegewezen", org=org, case_manager=manager))
    spells = [(assign // DAY, org, manager)]
    n_changes = sim.poisson(
        p["manager_changes_per_year"] * (exit_day - start_day) / 365
    )
    for day in sorted(
        rng.randint(start_day + 30, max(start_day + 31, exit_day - 10))
        for _ in range(n_changes)
    ):
        if rng.random() >= p["manager_change_same_org_p"]:
            org = sim.choice(p["manager_org_p"])
        new = sim.new_manager(org)
        if new == spells[-1][2]:
            continue
        out.append(
            Event(
                sim.office_time(day),
                "regisseur_toegewezen",
                org=org,
                case_manager=new,
            )
        )
        spells.append((day, org, new))

    def manager_at(day: int) -> tuple[str, str]:
        cur = spells[0]
        for s in spells:
            if s[0] <= day:
                cur = s
        return cur[1], cur[2]

    # A planted period without any contact or intervention (seed: "soms al een tijd
    # geen inzet of contact").
    neglect: tuple[int, int] | None = None
    if rng.random() < p["neglect_p"] and exit_day - start_day > 200:
        a = start_day + rng.randint(40, exit_day - start_day - 40)
        neglect = (a, min(exit_day - 1, a + rng.randint(*p["neglect_days"])))

    def quiet(day: int) -> bool:
        # checked on the working day the event will fall on (weekends move on)
        day = sim.workday_on_or_after(day)
        return paused(day) or (neglect is not None and neglect[0] <= day <= neglect[1])

    # Contacts at the case manager's organisation's rhythm.
    plant = p.get("practice_plant")
    day = assign // DAY + 1
    while day < exit_day:
        cm_org, cm = manager_at(day)
        mean_days = sim.changes.value("contact_mean_days_by_org", day)[cm_org]
        gap = max(1, int(rng.expovariate(1 / mean_days)))
        day += gap
        if day >= exit_day:
            break
        if quiet(day):
            continue
        contact_org = cm_org if rng.random() < 0.85 else sim.choice(p["manager_org_p"])
        # a planted organisation whose case managers under-register contacts: the
        # contact happens (the rhythm above is unchanged) but is not entered (its
        # own stream, so every other number of the seed stays the same)
        if (
            plant is not None
            and cm_org == plant["org"]
            and sim.plant_rng.random() >= plant["contact_registered_p"]
        ):
            case.info["contacts_not_registered"] = (
                case.info.get("contacts_not_registered", 0) + 1
            )
            continue
        out.append(
            Event(sim.office_time(day), "contact", org=contact_org, case_manager=cm)
        )

    # Interventions on the life domains with a problem.
    if not no_problem:
        domains = rng.sample(
            list(p["providers_by_life_domain"]),
            1 + sim.index_choice(p["problem_domains_p"]),
        )
        for n_domain, life_domain in enumerate(domains):
            for n_iv in range(rng.randint(*p["interventions_per_domain"])):
                day = rng.randint(start_day + 14, max(start_day + 15, exit_day - 20))
                if n_domain == n_iv == 0:
                    # a problem is the hook for contact: the first intervention
                    # starts within two months, after any pause
                    day = start_day + rng.randint(14, 60)
                    while quiet(day):
                        day += 1
                elif quiet(day):
                    continue
                cm_org, cm = manager_at(day)
                if rng.random() < sim.changes.value("own_org_p", day):
                    deliver = cm_org
                else:
                    options = p["providers_by_life_domain"][life_domain]
                    deliver = options[rng.randrange(len(options))]
                start = sim.office_time(day)
                out.append(
                    Event(
                        start,
                        "interventie_start",
                        org=deliver,
                        case_manager=cm,
                        life_domain=life_domain,
                        own=deliver == cm_org,
                    )
                )
                end_day = day + rng.randint(*p["intervention_days"])
                while quiet(end_day):
                    end_day += 1
                if end_day < exit_day:
                    out.append(
                        Event(
                            sim.office_time(end_day),
                            "interventie_eind",
                            org=deliver,
                            case_manager=cm,
                            life_domain=life_domain,
                        )
                    )
    problem_domains = [] if no_problem else domains
    case.info["_problem_domains"] = {
        d: d in problem_domains for d in p["providers_by_life_domain"]
    }
    out.extend(
        life_domain_assessment(sim, case, (intake, assign), spells, problem_domains)
    )
    reason = sim.choice(p["exit_reason_p"])
    if travelled_for_good:
        reason = "uitgereisd"
    elif any(k == "detentie" and b >= exit_day - 8 for _a, b, k in pauses):
        reason = "langdurig_gedetineerd"
    out.append(Event(sim.office_time(exit_day), "uitstroom", outcome=reason))
    out.sort(key=lambda e: (e.minute, ORDER.get(e.activity, 99)))
    # Keep the exit last, after any event that fell on the same day.
    exit_ev = next(e for e in out if e.activity == "uitstroom")
    out.remove(exit_ev)
    exit_ev.minute = max(exit_ev.minute, max((e.minute for e in out), default=0) + 1)
    out.append(exit_ev)
    manager_org = ""
    for e in out:  # own organisation: the case manager's at the start (event order)
        if e.activity == "regisseur_toegewezen":
            manager_org = e.org
        elif e.activity == "interventie_start":
            e.own = e.org == manager_org
    info = case.info
    if neglect is not None and neglect[0] * DAY < sim.end_minute:
        info["neglected_gap"] = [
            iso(neglect[0] * DAY),
            iso(min(neglect[1] * DAY + DAY - 1, sim.end_minute - 1)),
        ]
    return out


def life_domain_assessment(
    sim: Simulator,
    case: Case,
    after: tuple[int, int],
    spells: list[tuple[int, str, str]],
    problem_domains: list[str],
) -> list[Event]:
    """The assessment at intake: one ``leefgebiedenscan`` per life domain (issue 23).

    Recorded by the first case manager, ``days_after_assignment`` after the
    assignment (and after the intake: ``after`` holds both minutes), one minute apart; ``probleem`` on the domains the truth has a problem
    on, else ``geen_probleem``. Its own stream: the other events stay as they were.
    """
    spec = sim.p.get("life_domain_assessment") or {}
    if not spec.get("enabled", False):
        return []
    intake, assign = after
    rng = sim.review_rng(case, -assign)
    days = rng.randint(*spec["days_after_assignment"])
    day = sim.workday_on_or_after(assign // DAY + days)
    minute = max(day * DAY + rng.randrange(9 * 60, 16 * 60), assign + 1, intake + 1)
    _day, org, manager = spells[0]
    return [
        Event(
            minute + k,
            "leefgebiedenscan",
            org=org,
            case_manager=manager,
            life_domain=domain,
            outcome="probleem" if domain in problem_domains else "geen_probleem",
        )
        for k, domain in enumerate(sim.p["providers_by_life_domain"])
    ]


def static_truth(
    sim: Simulator,
    case: Case,
    marks: dict[str, int],
    decided: int | None,
    exit_day: int,
) -> dict[str, Any] | None:
    """The static period as kept (decision, start and end minute) and its reviews.

    With probability ``static_review_p`` the PTO-R reviews the case every
    ``static_review_days`` (at its next meeting) while it is static; the other static
    cases are never reviewed. From the case's own random stream.
    """
    if decided is None or "statisch_start" not in marks:
        return None  # the static period overlapped another pause and was dropped
    start, end = marks["statisch_start"], marks["statisch_eind"]
    p, rng = sim.p, sim.review_rng(case, decided)
    reviews: list[int] = []
    if rng.random() < p["static_review_p"]:
        day = decided // DAY
        while True:
            day = sim.meeting_on_or_after(
                day + rng.randint(*p["static_review_days"]),
                p["ptor_weekday"],
                p["ptor_every_weeks"],
            )
            if day >= min(end // DAY, exit_day):
                break
            reviews.append(day * DAY + 14 * 60 + rng.randrange(90))
    return {"decided": decided, "start": start, "end": end, "reviews": reviews}


def clean_pauses(
    pauses: list[tuple[int, int, str]], exit_day: int
) -> list[tuple[int, int, str]]:
    """Keep pausing periods apart (no overlap) and inside the stay."""
    kept: list[tuple[int, int, str]] = []
    for a, b, kind in sorted(pauses):
        if kept and a <= kept[-1][1] + 2:
            continue
        kept.append((a, b, kind))
    return kept
