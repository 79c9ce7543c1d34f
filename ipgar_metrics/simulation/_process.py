"""The iPGA-R process of one case: report, assessment, intake, and its episodes' truth.

Cases are generated one by one from one random stream (deterministic per seed); the
stay after intake is in ``_stay``.
"""

from __future__ import annotations

import math
import random
from datetime import date, timedelta
from typing import Any

from ipgar_metrics.simulation._case import Case, Event
from ipgar_metrics.simulation._changes import Changes
from ipgar_metrics.simulation._stay import case_management
from ipgar_metrics.simulation._time import DAY, EPOCH, day_of, utc_seconds, weekday_of


class Simulator:
    """Generates cases one by one from one random stream (deterministic per seed)."""

    def __init__(self, seed: int, as_of: date, params: dict[str, Any]) -> None:
        self.rng = random.Random(seed)
        self.seed = seed
        #: The planted practice difference's own stream (``practice_plant``).
        self.plant_rng = random.Random(seed * 7_777_793 + 11)
        #: Which partner answers an information request: a stream of its own.
        self.partner_rng = random.Random(seed * 9_999_991 + 29)
        self.p = params
        self.changes = Changes(params)
        self.as_of_day = day_of(as_of)
        self.end_minute = self.as_of_day * DAY
        self.start_day = day_of(date.fromisoformat(params["start_date"]))
        self.managers: dict[str, list[str]] = {
            org: [] for org in params["manager_org_p"]
        }
        self.n_managers = 0
        self.manager_prefix = "CR"

    # -- small random helpers -----------------------------------------------------------
    def choice(self, weights: dict[str, float]) -> str:
        r = self.rng.random() * sum(weights.values())
        for key, w in weights.items():
            r -= w
            if r < 0:
                return key
        return key

    def index_choice(self, probs: list[float]) -> int:
        r = self.rng.random() * sum(probs)
        for i, w in enumerate(probs):
            r -= w
            if r < 0:
                return i
        return len(probs) - 1

    def office_time(self, day: int, lo: int = 8 * 60 + 30, hi: int = 17 * 60) -> int:
        day = self.workday_on_or_after(day)
        return day * DAY + self.rng.randrange(lo, hi)

    @staticmethod
    def workday_on_or_after(day: int) -> int:
        while weekday_of(day) >= 5:
            day += 1
        return day

    def meeting_on_or_after(self, day: int, weekday: int, every_weeks: int = 1) -> int:
        day += (weekday - weekday_of(day)) % 7
        if every_weeks > 1:
            week = (day - self.start_day) // 7
            day += 7 * ((every_weeks - week % every_weeks) % every_weeks)
        return day

    def new_manager(self, org: str) -> str:
        pool = self.managers[org]
        if pool and self.rng.random() < self.p["manager_reuse_p"]:
            return pool[self.rng.randrange(len(pool))]
        self.n_managers += 1
        mid = f"{self.manager_prefix}{self.n_managers:05d}"
        pool.append(mid)
        return mid

    # -- one case -------------------------------------------------------------------------
    def case(self, index: int, n_cases: int) -> Case:
        p = self.p
        ideology = self.choice(p["ideology_p"])
        risk = self.choice(
            p["risk_category_jihadist_p"]
            if ideology == "jihadistisch"
            else p["risk_category_other_p"]
        )
        span = self.as_of_day - self.start_day - 1
        first_day = self.start_day + int(span * (index + self.rng.random()) / n_cases)
        year = (EPOCH + timedelta(days=first_day)).year
        case = Case(
            index=index,
            case_id=f"R{year}-{index + 1:06d}",
            report_source=self.choice(p["report_source_p"]),
            risk_category=risk,
            ideology=ideology,
        )
        case.info = {
            "no_life_domain_problems": None,
            "neglected_gap": None,
            "admitted": False,
        }
        day = first_day
        episode = 0
        while day < self.as_of_day:
            episode += 1
            result = self.episode(case, episode, day)
            next_day = result.get("next_report_day")
            if next_day is None:
                break
            day = next_day
        for ep, later in zip(case.episodes, [*case.episodes[1:], None], strict=True):
            ep["next_melding_at"] = None if later is None else later["melding_at"]
        return case

    def review_rng(self, case: Case, minute: int) -> random.Random:
        """A stream of its own for what was added later (static reviews).

        Keyed by the case and a minute of its episode, so the main stream, and with
        it every other event of the simulation, stays as it was.
        """
        return random.Random(f"{self.seed}:{case.index}:{minute}")

    def episode(self, case: Case, number: int, day: int) -> dict[str, Any]:
        p, rng = self.p, self.rng
        ep_events: list[Event] = []
        melding = self.office_time(day)
        if melding >= self.end_minute:
            return {}
        ep_events.append(Event(melding, "melding", outcome=case.report_source))
        for _attempt in range(20):
            intake = self.assessment(melding)
            if intake["end"] - melding <= p["lead_time_max_days"] * DAY:
                break
        ep_events.extend(intake["events"])
        truth: dict[str, Any] = {
            "case_id": case.case_id,
            "episode": number,
            "melding_at": melding,
            "info_loops": sum(
                1 for e in intake["events"] if e.activity == "info_aanvraag"
            ),
            "ivgr_count": sum(
                1 for e in intake["events"] if e.activity == "ivgr_advies"
            ),
        }
        result: dict[str, Any] = {}
        end = intake["end"]
        if intake["decision"] == "opname":
            ep_events.extend(case_management(self, case, end))
            exit_ev = ep_events[-1] if ep_events[-1].activity == "uitstroom" else None
            if exit_ev is not None and rng.random() < p["rereport_after_exit_p"]:
                result["next_report_day"] = exit_ev.minute // DAY + rng.randint(
                    *p["rereport_days"]
                )
        elif rng.random() < p["rereport_after_no_intake_p"]:
            result["next_report_day"] = end // DAY + rng.randint(*p["rereport_days"])
        kept = [e for e in ep_events if e.minute < self.end_minute]
        case.events.extend(kept)
        starts = [e for e in kept if e.own is not None]
        own = case.info.setdefault("own_org", [0, 0])
        own[0] += sum(1 for e in starts if e.own)
        own[1] += len(starts)
        truth.update(self.episode_truth(kept))
        truth.update(self.owned_truth(case.info.pop("_owned", None)))
        truth.update(assessment_truth(kept, case.info.pop("_problem_domains", None)))
        case.episodes.append(truth)
        if truth["outcome"] == "instroom":
            now = case.info.pop("_no_problem_now")
            before = case.info["no_life_domain_problems"]
            case.info["no_life_domain_problems"] = (
                now if before is None else before and now
            )
            case.info["admitted"] = True
        return result

    def assessment(self, melding: int) -> dict[str, Any]:
        """Report -> IVG-R (with information loops) -> PTO-R -> intake or not.

        The process is the one in force on the day of the report (planted changes).
        """
        p, rng = self.changes.on(melding // DAY), self.rng
        events: list[Event] = []
        day = melding // DAY
        prep = p["prep_days_min"] + int(rng.expovariate(1 / p["prep_days_mean_extra"]))
        if rng.random() < p["pre_ivgr_request_p"]:
            req = self.office_time(day + rng.randint(0, 2))
            req = max(req, melding + 30)
            got, partner = self.info_received(req, p)
            events += [
                Event(req, "info_aanvraag", org=partner),
                Event(got, "info_ontvangen", org=partner),
            ]
            day = max(day + prep, got // DAY + 1)
        else:
            day += prep
        loops = self.index_choice(p["loops_p"])
        advice = self.choice(p["advice_p"])
        for i in range(loops + 1):
            ivgr_day = self.meeting_on_or_after(day, p["ivgr_weekday"])
            ivgr = ivgr_day * DAY + 10 * 60 + rng.randrange(0, 120)
            if i < loops:
                events.append(Event(ivgr, "ivgr_advies", outcome="meer_informatie"))
                req = self.office_time(ivgr_day + rng.randint(0, 2))
                req = max(req, ivgr + 60)
                got, partner = self.info_received(req, p)
                events += [
                    Event(req, "info_aanvraag", org=partner),
                    Event(got, "info_ontvangen", org=partner),
                ]
                day = got // DAY + 1
            else:
                events.append(Event(ivgr, "ivgr_advies", outcome=advice))
                day = ivgr_day + 1
        decision = {"opnemen": "opname", "niet_opnemen": "geen_opname"}.get(
            advice, "geen_opname"
        )
        if rng.random() < p["postpone_p"]:
            ptor_day = self.meeting_on_or_after(
                day, p["ptor_weekday"], p["ptor_every_weeks"]
            )
            events.append(
                Event(ptor_day * DAY + 14 * 60, "ptor_besluit", outcome="aanhouden")
            )
            day = ptor_day + 1
        ptor_day = self.meeting_on_or_after(
            day, p["ptor_weekday"], p["ptor_every_weeks"]
        )
        decided = ptor_day * DAY + 14 * 60 + rng.randrange(0, 90)
        events.append(Event(decided, "ptor_besluit", outcome=decision))
        end = decided
        if decision == "opname":
            end = self.office_time(ptor_day + rng.randint(*p["intake_delay_days"]))
            events.append(Event(end, "instroom"))
            note = self.office_time(
                end // DAY + rng.randint(*p["notification_delay_days"])
            )
            events.append(Event(note, "notificatie"))
        elif advice == "tussenvariant":
            talk = self.office_time(ptor_day + rng.randint(5, 20))
            events.append(Event(talk, "preventief_gesprek"))
        return {"events": events, "end": end, "decision": decision}

    def owned_truth(self, owned: dict[str, Any] | None) -> dict[str, Any]:
        """The escalations and the static period of an episode, as known at ``as_of``.

        ``escalations``: per ITAT-R agenda entry its time and the PTO-R decision
        statisch that followed (None: none, or not by as_of). ``static``: the static
        period as kept (a period that overlapped another pause was dropped, its
        decision stays): decided_at, start_at, end_at (None: not ended by as_of) and
        the PTO-R reviews (``ptor_besluit`` statisch again).
        """
        end = self.end_minute
        if owned is None:
            return {"escalations": [], "static": None}
        escalations = [
            {
                "agenda_at": a,
                "decision_at": d if d is not None and d < end else None,
            }
            for a, d in owned["escalations"]
            if a < end
        ]
        static = owned.get("static")
        if static is not None and static["start"] < end:
            static = {
                "decided_at": static["decided"] if static["decided"] < end else None,
                "start_at": static["start"],
                "end_at": static["end"] if static["end"] < end else None,
                "reviews_at": [r for r in static["reviews"] if r < end],
            }
        else:
            static = None
        return {"escalations": escalations, "static": static}

    def info_received(self, requested: int, p: dict[str, Any]) -> tuple[int, str]:
        """When the requested information arrives, and from which partner.

        The wait is drawn as before (lognormal); the partner from its own stream, a
        slow partner more often for a long wait (``info_partner_tilt``).
        """
        z = self.rng.gauss(0, p["info_wait_sigma"])
        wait = p["info_wait_median_days"] * pow(2.718281828459045, z)
        got = self.office_time(requested // DAY + max(1, int(wait)))
        return got, self.info_partner(z / p["info_wait_sigma"], p)

    def info_partner(self, z: float, p: dict[str, Any]) -> str:
        """A partner, tilted towards the slow ones (last in ``info_partners``) for a high z."""
        partners = p.get("info_partners") or {}
        if not partners:
            return ""
        n = len(partners)
        tilt = p.get("info_partner_tilt", 0.0)
        weights = [
            share * math.exp(tilt * z * (2 * i / max(n - 1, 1) - 1) / 2)
            for i, share in enumerate(partners.values())
        ]
        r = self.partner_rng.random() * sum(weights)
        for org, w in zip(partners, weights, strict=True):
            r -= w
            if r < 0:
                return org
        return org

    def poisson(self, lam: float) -> int:
        n, t = 0, self.rng.expovariate(1.0)
        while t < lam:
            n += 1
            t += self.rng.expovariate(1.0)
        return n

    def episode_truth(self, events: list[Event]) -> dict[str, Any]:
        def first(act: str, outcomes: tuple[str, ...] | None = None) -> int | None:
            for e in events:
                if e.activity == act and (outcomes is None or e.outcome in outcomes):
                    return e.minute
            return None

        melding = events[0].minute
        instroom = first("instroom")
        decision = first("ptor_besluit", ("opname", "geen_opname"))
        preventief = first("preventief_gesprek")
        admitted = first("ptor_besluit", ("opname",)) is not None
        if instroom is not None:
            outcome, end = "instroom", instroom
        elif admitted:  # decided to take in, intake not yet registered: still open
            outcome, end = "open", None
        elif (decision is not None and preventief is not None) or (
            decision is not None
            and first("ivgr_advies", ("tussenvariant",)) is not None
        ):
            outcome, end = "tussenvariant", decision
        elif decision is not None:
            outcome, end = "geen_instroom", decision
        else:
            outcome, end = "open", None
        exit_at = first("uitstroom")
        return {
            "first_ivgr_at": first("ivgr_advies"),
            "first_ptor_at": first("ptor_besluit"),
            "decision_at": decision,
            "instroom_at": instroom,
            "preventief_at": preventief,
            "outcome": outcome,
            "end_at": end,
            "lead_seconds": None
            if end is None
            else utc_seconds(end) - utc_seconds(melding),
            "exit_at": exit_at,
            "exit_reason": next(
                (e.outcome for e in events if e.activity == "uitstroom"), None
            ),
            "info_loops_observed": sum(
                1 for e in events if e.activity == "info_aanvraag"
            ),
            "ivgr_count_observed": sum(
                1 for e in events if e.activity == "ivgr_advies"
            ),
        }


def assessment_truth(
    kept: list[Event], problems: dict[str, bool] | None
) -> dict[str, Any]:
    """The life domains with a problem of an admitted episode (issue 23 item 3).

    ``life_domain_problems``: per life domain whether the person has a problem
    there (None: not admitted); ``no_life_domain_problem``: none on any domain;
    ``assessed_at``: the time of the assessment (``leefgebiedenscan``) in the
    export, None when it is not (switched off, or after the export date).
    """
    assessed = next((e.minute for e in kept if e.activity == "leefgebiedenscan"), None)
    return {
        "life_domain_problems": problems,
        "no_life_domain_problem": None
        if problems is None
        else not any(problems.values()),
        "assessed_at": assessed,
    }
