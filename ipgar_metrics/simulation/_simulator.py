"""A simulator of the iPGA-R process and of the registration system's export.

There is no real export in this repository and there never will be. Everything the
toolkit does is developed and shown on the output of this simulator, calibrated to the
facts of the plan of approach (``../shared/seed/``, summarised in ``docs/simulation.md``).
Every parameter is named in :data:`PARAMS`, with the seed fact it comes from.

``simulate(cases, seed, out_dir, as_of)`` writes five files:

``events.csv``
    the canonical event log (data contract of ``domain.md``), timestamps ISO 8601 with
    offset, plus the case attributes on every row;
``export.csv`` / ``export.xlsx``
    the same events as the registration system exports them (Dutch headers and labels,
    ``dd-mm-jjjj uu:mm`` local times, ``;``, BOM), with five documented faults;
``mapping.toml``
    the mapping from that export to the canonical form, read by the loader;
``truth.json``
    the parameters, the faults, and per episode and per case the true values that the
    metrics must recover.

The same seed gives byte-identical files. Time is simulated as local wall-clock minutes
since 2016-01-01 00:00 (Europe/Amsterdam); events fall in office hours, so no event lies
in a daylight-saving gap or overlap. A large simulation (1,000,000 cases) is generated
case by case in chunks and streamed to disk; ``export.xlsx`` is only written when the
export fits in one Excel sheet.
"""

from __future__ import annotations

import csv
import io
import json
import multiprocessing
import os
import random
import re
import shutil
import zipfile
from bisect import bisect_right
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from functools import partial
from pathlib import Path
from typing import Any

from ipgar_metrics import config

# ---------------------------------------------------------------------------------------
# Parameters (every number the simulation uses, with where it comes from)
# ---------------------------------------------------------------------------------------

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
    "advice_p": {"opnemen": 0.55, "niet_opnemen": 0.30, "tussenvariant": 0.15},
    "postpone_p": 0.15,  # PTO-R 'aanhouden' once before deciding
    "intake_delay_days": (2, 7),
    "notification_delay_days": (3, 20),
    "lead_time_max_days": 224,  # 32 weeks: the seed's longest
    # Case management. Seed: 15-20% of cases have no problem on any life domain and stay
    # long without interventions; interventions mostly from the case manager's own
    # organisation; social domain under-used; no case managers from the care domain;
    # many case managers with few cases and many changes of case manager.
    "no_problem_p": 0.175,
    "stay_median_days": 800,
    "stay_sigma": 0.6,
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
}

#: Export headers (Dutch, as the registration system writes them) per canonical column.
EXPORT_HEADERS: dict[str, str] = {
    "case_id": "Casusnummer",
    "activity": "Activiteit",
    "timestamp": "Datum",
    "org": "Organisatie",
    "case_manager": "Casusregisseur",
    "life_domain": "Leefgebied",
    "outcome": "Uitkomst",
    "event_id": "Registratienummer",
    "report_source": "Bron melding",
    "risk_category": "Risicocategorie",
    "ideology": "Ideologie",
}
CANONICAL_OUT = tuple(EXPORT_HEADERS)

#: Export labels per canonical code (the registration system's words).
EXPORT_LABELS: dict[str, dict[str, str]] = {
    "activity": {
        "melding": "Melding ontvangen",
        "info_aanvraag": "Informatie opgevraagd",
        "info_ontvangen": "Informatie ontvangen",
        "ivgr_advies": "Bespreking IVG-R",
        "ptor_besluit": "Besluit PTO-R",
        "preventief_gesprek": "Preventief gesprek",
        "instroom": "Instroom",
        "notificatie": "Notificatie verzonden",
        "regisseur_toegewezen": "Casusregisseur toegewezen",
        "contact": "Contact",
        "interventie_start": "Start interventie",
        "interventie_eind": "Einde interventie",
        "itatr_agendering": "Agendering ITAT-R",
        "detentie_start": "Detentie",
        "detentie_eind": "Einde detentie",
        "uitgereisd_start": "Uitgereisd",
        "uitgereisd_eind": "Teruggekeerd",
        "statisch_start": "Status statisch",
        "statisch_eind": "Einde status statisch",
        "uitstroom": "Uitstroom",
    },
    "outcome": {
        "MAP": "MAP",
        "CTER": "CTER",
        "overig": "Overig",
        "opnemen": "Opnemen",
        "niet_opnemen": "Niet opnemen",
        "meer_informatie": "Meer informatie nodig",
        "tussenvariant": "Tussenvariant",
        "opname": "Opname",
        "geen_opname": "Geen opname",
        "aanhouden": "Aanhouden",
        "statisch": "Statisch",
        "risico_afgenomen": "Risico afgenomen",
        "doelen_bereikt": "Doelen bereikt",
        "overgedragen": "Overgedragen",
        "verhuisd": "Verhuisd",
        "langdurig_gedetineerd": "Langdurig gedetineerd",
        "uitgereisd": "Uitgereisd",
        "overleden": "Overleden",
    },
    "org": {
        "oov": "Gemeente Amsterdam - OOV",
        "politie": "Politie Eenheid Amsterdam",
        "om": "Openbaar Ministerie",
        "reclassering": "Reclassering Nederland",
        "dji": "DJI",
        "ggz": "GGZ",
        "ggd": "GGD Amsterdam",
        "verslavingszorg": "Verslavingszorg",
        "buurtteam": "Buurtteam",
        "wpi": "WPI",
        "leerplicht": "Leerplicht",
        "jeugdzorg": "Jeugdzorg",
        "onderwijs": "Onderwijs",
        "lse": "LSE",
        "familiesteunpunt": "Familiesteunpunt Radicalisering",
        "theologisch": "Theologisch expert",
    },
    "life_domain": {
        "inkomen": "Inkomen",
        "dagbesteding": "Dagbesteding/werk/school",
        "wonen": "Wonen",
        "zorg": "Zorg",
        "netwerk": "Sociaal netwerk",
        "ideologie": "Ideologie/identiteit",
    },
    "report_source": {"MAP": "MAP", "CTER": "CTER", "overig": "Overig"},
    "risk_category": {
        "uitreiziger": "(Potentiële) uitreiziger",
        "verijdeld": "Verijdelde uitreiziger",
        "ronselaar": "Ronselaar/aanjager",
        "terugkeerder": "Terugkeerder",
        "aanslag": "Aanslagrisico NL",
    },
    "ideology": {
        "jihadistisch": "Jihadistisch",
        "rechts": "Rechts-extremistisch",
        "links": "Links-extremistisch",
        "single_issue": "Single issue",
    },
}
EXPORT_TIME_FORMAT = "%d-%m-%Y %H:%M"
EXCEL_MAX_ROWS = 1_048_575  # one sheet, less the header row

_EPOCH = date(2016, 1, 1)
_EPOCH_WEEKDAY = _EPOCH.weekday()
_DAY = 1440


# ---------------------------------------------------------------------------------------
# Time helpers: local wall-clock minutes since 2016-01-01 00:00
# ---------------------------------------------------------------------------------------


def _day_of(d: date) -> int:
    return (d - _EPOCH).days


def _weekday(day: int) -> int:
    return (day + _EPOCH_WEEKDAY) % 7


def _dst_days(first_year: int, last_year: int) -> list[int]:
    """Day numbers where summer time starts and ends, alternating (EU rule)."""
    out: list[int] = []
    for year in range(first_year, last_year + 1):
        for month in (3, 10):
            last = date(year, month, 31)
            last_sunday = last - timedelta(days=(last.weekday() - 6) % 7)
            out.append(_day_of(last_sunday))
    return out


_DST = _dst_days(2015, 2100)


def _offset_minutes(minute: int) -> int:
    """UTC offset of a local office-hours minute: +60 in winter, +120 in summer."""
    return 120 if bisect_right(_DST, minute // _DAY) % 2 == 1 else 60


def _utc_seconds(minute: int) -> int:
    return (minute - _offset_minutes(minute)) * 60


def _iso(minute: int) -> str:
    off = _offset_minutes(minute)
    d = _EPOCH + timedelta(days=minute // _DAY)
    m = minute % _DAY
    return f"{d.isoformat()}T{m // 60:02d}:{m % 60:02d}:00+{off // 60:02d}:00"


def _export_time(minute: int) -> str:
    d = _EPOCH + timedelta(days=minute // _DAY)
    m = minute % _DAY
    return f"{d.day:02d}-{d.month:02d}-{d.year:04d} {m // 60:02d}:{m % 60:02d}"


# ---------------------------------------------------------------------------------------
# The process
# ---------------------------------------------------------------------------------------


@dataclass
class _Event:
    minute: int
    activity: str
    org: str = ""
    case_manager: str = ""
    life_domain: str = ""
    outcome: str = ""
    own: bool | None = None  # interventie_start: delivered by the case manager's org


@dataclass
class _Case:
    index: int
    case_id: str
    report_source: str
    risk_category: str
    ideology: str
    events: list[_Event] = field(default_factory=list)
    episodes: list[dict[str, Any]] = field(default_factory=list)
    info: dict[str, Any] = field(default_factory=dict)


class _Simulator:
    """Generates cases one by one from one random stream (deterministic per seed)."""

    def __init__(self, seed: int, as_of: date, params: dict[str, Any]) -> None:
        self.rng = random.Random(seed)
        self.p = params
        self.as_of_day = _day_of(as_of)
        self.end_minute = self.as_of_day * _DAY
        self.start_day = _day_of(date.fromisoformat(params["start_date"]))
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
        return day * _DAY + self.rng.randrange(lo, hi)

    @staticmethod
    def workday_on_or_after(day: int) -> int:
        while _weekday(day) >= 5:
            day += 1
        return day

    def meeting_on_or_after(self, day: int, weekday: int, every_weeks: int = 1) -> int:
        day += (weekday - _weekday(day)) % 7
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
    def case(self, index: int, n_cases: int) -> _Case:
        p = self.p
        ideology = self.choice(p["ideology_p"])
        risk = self.choice(
            p["risk_category_jihadist_p"]
            if ideology == "jihadistisch"
            else p["risk_category_other_p"]
        )
        span = self.as_of_day - self.start_day - 1
        first_day = self.start_day + int(span * (index + self.rng.random()) / n_cases)
        year = (_EPOCH + timedelta(days=first_day)).year
        case = _Case(
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
        return case

    def episode(self, case: _Case, number: int, day: int) -> dict[str, Any]:
        p, rng = self.p, self.rng
        ep_events: list[_Event] = []
        melding = self.office_time(day)
        if melding >= self.end_minute:
            return {}
        ep_events.append(_Event(melding, "melding", outcome=case.report_source))
        for _attempt in range(20):
            intake = self.assessment(melding)
            if intake["end"] - melding <= p["lead_time_max_days"] * _DAY:
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
            ep_events.extend(self.case_management(case, end))
            exit_ev = ep_events[-1] if ep_events[-1].activity == "uitstroom" else None
            if exit_ev is not None and rng.random() < p["rereport_after_exit_p"]:
                result["next_report_day"] = exit_ev.minute // _DAY + rng.randint(
                    *p["rereport_days"]
                )
        elif rng.random() < p["rereport_after_no_intake_p"]:
            result["next_report_day"] = end // _DAY + rng.randint(*p["rereport_days"])
        kept = [e for e in ep_events if e.minute < self.end_minute]
        case.events.extend(kept)
        starts = [e for e in kept if e.own is not None]
        own = case.info.setdefault("own_org", [0, 0])
        own[0] += sum(1 for e in starts if e.own)
        own[1] += len(starts)
        truth.update(self.episode_truth(kept))
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
        """Report -> IVG-R (with information loops) -> PTO-R -> intake or not."""
        p, rng = self.p, self.rng
        events: list[_Event] = []
        day = melding // _DAY
        prep = p["prep_days_min"] + int(rng.expovariate(1 / p["prep_days_mean_extra"]))
        if rng.random() < p["pre_ivgr_request_p"]:
            req = self.office_time(day + rng.randint(0, 2))
            req = max(req, melding + 30)
            got = self.info_received(req)
            events += [_Event(req, "info_aanvraag"), _Event(got, "info_ontvangen")]
            day = max(day + prep, got // _DAY + 1)
        else:
            day += prep
        loops = self.index_choice(p["loops_p"])
        advice = self.choice(p["advice_p"])
        for i in range(loops + 1):
            ivgr_day = self.meeting_on_or_after(day, p["ivgr_weekday"])
            ivgr = ivgr_day * _DAY + 10 * 60 + rng.randrange(0, 120)
            if i < loops:
                events.append(_Event(ivgr, "ivgr_advies", outcome="meer_informatie"))
                req = self.office_time(ivgr_day + rng.randint(0, 2))
                req = max(req, ivgr + 60)
                got = self.info_received(req)
                events += [_Event(req, "info_aanvraag"), _Event(got, "info_ontvangen")]
                day = got // _DAY + 1
            else:
                events.append(_Event(ivgr, "ivgr_advies", outcome=advice))
                day = ivgr_day + 1
        decision = {"opnemen": "opname", "niet_opnemen": "geen_opname"}.get(
            advice, "geen_opname"
        )
        if rng.random() < p["postpone_p"]:
            ptor_day = self.meeting_on_or_after(
                day, p["ptor_weekday"], p["ptor_every_weeks"]
            )
            events.append(
                _Event(ptor_day * _DAY + 14 * 60, "ptor_besluit", outcome="aanhouden")
            )
            day = ptor_day + 1
        ptor_day = self.meeting_on_or_after(
            day, p["ptor_weekday"], p["ptor_every_weeks"]
        )
        decided = ptor_day * _DAY + 14 * 60 + rng.randrange(0, 90)
        events.append(_Event(decided, "ptor_besluit", outcome=decision))
        end = decided
        if decision == "opname":
            end = self.office_time(ptor_day + rng.randint(*p["intake_delay_days"]))
            events.append(_Event(end, "instroom"))
            note = self.office_time(
                end // _DAY + rng.randint(*p["notification_delay_days"])
            )
            events.append(_Event(note, "notificatie"))
        elif advice == "tussenvariant":
            talk = self.office_time(ptor_day + rng.randint(5, 20))
            events.append(_Event(talk, "preventief_gesprek"))
        return {"events": events, "end": end, "decision": decision}

    def info_received(self, requested: int) -> int:
        p = self.p
        wait = p["info_wait_median_days"] * pow(
            2.718281828459045, self.rng.gauss(0, p["info_wait_sigma"])
        )
        return self.office_time(requested // _DAY + max(1, int(wait)))

    def case_management(self, case: _Case, intake: int) -> list[_Event]:
        """From intake to exit: case managers, contacts, interventions, statuses."""
        p, rng = self.p, self.rng
        out: list[_Event] = []
        no_problem = rng.random() < p["no_problem_p"]
        case.info["_no_problem_now"] = no_problem
        stay = p["stay_median_days"] * pow(
            2.718281828459045, rng.gauss(0, p["stay_sigma"])
        )
        if no_problem:
            stay *= p["stay_no_problem_factor"]
        start_day = intake // _DAY
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
        if rng.random() < static_p:
            a = start_day + rng.randint(
                120, max(121, (exit_day - start_day) // 2 + 121)
            )
            escalations.append(a)
            ptor_day = self.meeting_on_or_after(
                a + 3, p["ptor_weekday"], p["ptor_every_weeks"]
            )
            out.append(
                _Event(
                    ptor_day * _DAY + 14 * 60 + rng.randrange(90),
                    "ptor_besluit",
                    outcome="statisch",
                )
            )
            s = ptor_day + rng.randint(1, 6)
            pauses.append((s, s + rng.randint(*p["static_days"]), "statisch"))
        elif rng.random() < p["escalation_p"]:
            escalations.append(
                start_day + rng.randint(60, max(61, exit_day - start_day - 10))
            )
        for a in escalations:
            out.append(_Event(self.office_time(a), "itatr_agendering"))
        pauses = self.clean_pauses(pauses, exit_day)
        if travelled_for_good and not any(k == "uitgereisd" for *_, k in pauses):
            travelled_for_good = False  # the travel period was dropped as overlapping
        if not travelled_for_good:
            exit_day = max(exit_day, max((b for _a, b, _k in pauses), default=0) + 7)
        for a, b, kind in pauses:
            out.append(_Event(self.office_time(a), f"{kind}_start"))
            if not (kind == "uitgereisd" and travelled_for_good):
                out.append(_Event(self.office_time(b), f"{kind}_eind"))

        def paused(day: int) -> bool:
            return any(a <= day <= b for a, b, _k in pauses)

        # Case managers and their changes.
        org = self.choice(p["manager_org_p"])
        manager = self.new_manager(org)
        assign = self.office_time(start_day + rng.randint(0, 10))
        out.append(
            _Event(assign, "regisseur_toegewezen", org=org, case_manager=manager)
        )
        spells = [(assign // _DAY, org, manager)]
        n_changes = self.poisson(
            p["manager_changes_per_year"] * (exit_day - start_day) / 365
        )
        for day in sorted(
            rng.randint(start_day + 30, max(start_day + 31, exit_day - 10))
            for _ in range(n_changes)
        ):
            if rng.random() >= p["manager_change_same_org_p"]:
                org = self.choice(p["manager_org_p"])
            new = self.new_manager(org)
            if new == spells[-1][2]:
                continue
            out.append(
                _Event(
                    self.office_time(day),
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
            day = self.workday_on_or_after(day)
            return paused(day) or (
                neglect is not None and neglect[0] <= day <= neglect[1]
            )

        # Contacts at the case manager's organisation's rhythm.
        day = assign // _DAY + 1
        while day < exit_day:
            cm_org, cm = manager_at(day)
            gap = max(
                1, int(rng.expovariate(1 / p["contact_mean_days_by_org"][cm_org]))
            )
            day += gap
            if day >= exit_day:
                break
            if quiet(day):
                continue
            contact_org = (
                cm_org if rng.random() < 0.85 else self.choice(p["manager_org_p"])
            )
            out.append(
                _Event(
                    self.office_time(day), "contact", org=contact_org, case_manager=cm
                )
            )

        # Interventions on the life domains with a problem.
        if not no_problem:
            domains = rng.sample(
                list(p["providers_by_life_domain"]),
                1 + self.index_choice(p["problem_domains_p"]),
            )
            for n_domain, life_domain in enumerate(domains):
                for n_iv in range(rng.randint(*p["interventions_per_domain"])):
                    day = rng.randint(
                        start_day + 14, max(start_day + 15, exit_day - 20)
                    )
                    if n_domain == n_iv == 0:
                        # a problem is the hook for contact: the first intervention
                        # starts within two months, after any pause
                        day = start_day + rng.randint(14, 60)
                        while quiet(day):
                            day += 1
                    elif quiet(day):
                        continue
                    cm_org, cm = manager_at(day)
                    if rng.random() < p["own_org_p"]:
                        deliver = cm_org
                    else:
                        options = p["providers_by_life_domain"][life_domain]
                        deliver = options[rng.randrange(len(options))]
                    start = self.office_time(day)
                    out.append(
                        _Event(
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
                            _Event(
                                self.office_time(end_day),
                                "interventie_eind",
                                org=deliver,
                                case_manager=cm,
                                life_domain=life_domain,
                            )
                        )
        reason = self.choice(p["exit_reason_p"])
        if travelled_for_good:
            reason = "uitgereisd"
        elif any(k == "detentie" and b >= exit_day - 8 for _a, b, k in pauses):
            reason = "langdurig_gedetineerd"
        out.append(_Event(self.office_time(exit_day), "uitstroom", outcome=reason))
        out.sort(key=lambda e: (e.minute, _ORDER.get(e.activity, 99)))
        # Keep the exit last, after any event that fell on the same day.
        exit_ev = next(e for e in out if e.activity == "uitstroom")
        out.remove(exit_ev)
        exit_ev.minute = max(
            exit_ev.minute, max((e.minute for e in out), default=0) + 1
        )
        out.append(exit_ev)
        manager_org = ""
        for e in out:  # own organisation: the case manager's at the start (event order)
            if e.activity == "regisseur_toegewezen":
                manager_org = e.org
            elif e.activity == "interventie_start":
                e.own = e.org == manager_org
        info = case.info
        if neglect is not None and neglect[0] * _DAY < self.end_minute:
            info["neglected_gap"] = [
                _iso(neglect[0] * _DAY),
                _iso(min(neglect[1] * _DAY + _DAY - 1, self.end_minute - 1)),
            ]
        return out

    def clean_pauses(
        self, pauses: list[tuple[int, int, str]], exit_day: int
    ) -> list[tuple[int, int, str]]:
        """Keep pausing periods apart (no overlap) and inside the stay."""
        kept: list[tuple[int, int, str]] = []
        for a, b, kind in sorted(pauses):
            if kept and a <= kept[-1][1] + 2:
                continue
            kept.append((a, b, kind))
        return kept

    def poisson(self, lam: float) -> int:
        n, t = 0, self.rng.expovariate(1.0)
        while t < lam:
            n += 1
            t += self.rng.expovariate(1.0)
        return n

    def episode_truth(self, events: list[_Event]) -> dict[str, Any]:
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
            else _utc_seconds(end) - _utc_seconds(melding),
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


# ---------------------------------------------------------------------------------------
# Writing the files
# ---------------------------------------------------------------------------------------


@dataclass
class SimulationResult:
    """What ``simulate`` wrote: paths, counts and the faults it planted."""

    out_dir: Path
    n_cases: int
    n_events: int
    n_export_rows: int
    files: dict[str, Path]
    faults: list[dict[str, Any]]


_FAULT_KINDS = (
    "duplicate_row",
    "missing_timestamp",
    "activity_typo",
    "future_date",
    "out_of_order",
)


def simulate(
    cases: int = 600,
    seed: int = 1,
    out_dir: str | Path = "data/sim",
    as_of: date = config.SIM_AS_OF,
    *,
    chunk_cases: int = 20_000,
    params: dict[str, Any] | None = None,
    write_xlsx: bool = True,
) -> SimulationResult:
    """Simulate ``cases`` persons reported from 2016 up to ``as_of`` and write the files.

    Parameters
    ----------
    cases : number of persons (cases); each has one or more episodes.
    seed : random seed; the same seed gives byte-identical files.
    out_dir : folder for ``events.csv``, ``export.csv``, ``export.xlsx``,
        ``mapping.toml`` and ``truth.json``.
    as_of : export date; no event lies on or after it (start of that day, local time).
    chunk_cases : cases generated and written per chunk (memory bound for large runs).
    params : overrides of :data:`PARAMS` (e.g. to plant an effect for an evaluation).
    write_xlsx : also write ``export.xlsx`` (the slowest part for mid-size logs;
        never written when the rows do not fit in one sheet).

    Returns
    -------
    SimulationResult with the paths written, counts and the planted faults.
    """
    from ipgar_metrics.errors import ConfigError

    if cases < 10:
        raise ConfigError("simulate at least 10 cases; the faults need room.")
    if as_of <= date(2017, 1, 1):
        raise ConfigError(
            "as_of must be after 2017-01-01 (the simulation starts in 2016)."
        )
    p = {**PARAMS, **(params or {})}
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    fault_rng = random.Random(seed * 7919 + 17)
    # Faults go into five cases spread over the log: each into the first case at or
    # after a random position that has the events the fault needs (within its block).
    targets = sorted(
        fault_rng.sample(range(cases // 10, cases * 8 // 10), len(_FAULT_KINDS))
    )
    blocks = [(b, min(cases, b + chunk_cases)) for b in range(0, cases, chunk_cases)]
    jobs = []
    for k, (lo, hi) in enumerate(blocks):
        mine = [
            (max(t, lo), kind)
            for t, kind in zip(targets, _FAULT_KINDS, strict=True)
            if lo <= t < hi or (k + 1 < len(blocks) and hi - 100 <= t < hi)
        ]
        mine = [(t, kind) for t, kind in mine if t < hi - 100 or k + 1 == len(blocks)]
        if k > 0:  # targets pushed out of the previous block's last 100 cases
            prev_hi = blocks[k - 1][1]
            mine += [
                (lo, kind)
                for t, kind in zip(targets, _FAULT_KINDS, strict=True)
                if prev_hi - 100 <= t < prev_hi
            ]
        jobs.append((seed, k, lo, hi, cases, as_of, p, sorted(mine)))

    files = {
        "events": out / "events.csv",
        "export": out / "export.csv",
        "mapping": out / "mapping.toml",
        "truth": out / "truth.json",
    }
    ex_header = [EXPORT_HEADERS[c] for c in CANONICAL_OUT]
    faults: list[dict[str, Any]] = []
    own = [0, 0]
    n_events = n_export_rows = n_managers = 0
    head = {
        "generator": "ipgar_metrics.simulation._simulator",
        "seed": seed,
        "n_cases": cases,
        "as_of": as_of.isoformat(),
        "parameters": p,
    }
    dump = partial(json.dumps, ensure_ascii=False, separators=(",", ":"))
    with (
        files["events"].open("w", encoding="utf-8", newline="") as ev_fh,
        files["export"].open("w", encoding="utf-8-sig", newline="") as ex_fh,
        (out / "truth.cases.tmp").open("w", encoding="utf-8") as cases_fh,
        files["truth"].open("w", encoding="utf-8") as truth_fh,
        _pool(len(jobs)) as pool,
    ):
        csv.writer(ev_fh, lineterminator="\n").writerow(CANONICAL_OUT)
        csv.writer(ex_fh, delimiter=";", lineterminator="\r\n").writerow(ex_header)
        truth_fh.write(dump(head)[:-1] + ',"episodes":[')
        cases_fh.write('"cases":[')
        for k, block in enumerate(pool(_simulate_block, jobs)):
            ev_fh.write(block["events_csv"])
            ex_fh.write(block["export_csv"])
            sep = "," if k and block["episodes_json"] else ""
            truth_fh.write(sep + block["episodes_json"])
            cases_fh.write(("," if k else "") + block["cases_json"])
            for fault in block["faults"]:
                fault["row"] += n_export_rows
                faults.append(fault)
            n_events += block["n_events"]
            n_export_rows += block["n_export_rows"]
            n_managers += block["n_managers"]
            own[0] += block["own"][0]
            own[1] += block["own"][1]
    tail = {
        "n_events": n_events,
        "n_export_rows": n_export_rows,
        "case_managers": n_managers,
        "faults": faults,
        "interventions": {
            "own_org": own[0],
            "total": own[1],
            "own_org_share": own[0] / own[1] if own[1] else None,
        },
    }
    with files["truth"].open("a", encoding="utf-8") as truth_fh:
        truth_fh.write("],")
        with (out / "truth.cases.tmp").open(encoding="utf-8") as cases_fh:
            shutil.copyfileobj(cases_fh, truth_fh)
        truth_fh.write("]," + dump(tail)[1:] + "\n")
    (out / "truth.cases.tmp").unlink()
    if write_xlsx and n_export_rows <= EXCEL_MAX_ROWS:
        files["export_xlsx"] = out / "export.xlsx"
        with files["export"].open(encoding="utf-8-sig", newline="") as fh:
            rows = list(csv.reader(fh, delimiter=";"))
        _write_xlsx(files["export_xlsx"], rows[0], rows[1:])
    elif (out / "export.xlsx").exists():
        (out / "export.xlsx").unlink()
    files["mapping"].write_text(mapping_toml(), encoding="utf-8")
    return SimulationResult(out, cases, n_events, n_export_rows, files, faults)


@contextmanager
def _pool(n_jobs: int) -> Iterator[Any]:
    """An ordered map over the blocks: in this process for one block, else 2+ workers."""
    workers = min(n_jobs, os.cpu_count() or 1)
    if workers <= 1:
        yield lambda fn, jobs: map(fn, jobs)
        return
    ctx = multiprocessing.get_context("fork")
    with ctx.Pool(workers) as pool:
        yield lambda fn, jobs: pool.imap(fn, jobs)


def _simulate_block(job: tuple[Any, ...]) -> dict[str, Any]:
    """Simulate cases ``lo`` to ``hi`` with the block's own random streams."""
    seed, k, lo, hi, cases, as_of, p, pending = job
    sim = _Simulator(seed if k == 0 else seed * 1_000_003 + k, as_of, p)
    sim.manager_prefix = "CR" if k == 0 else f"CR{k:03d}-"
    fault_rng = random.Random(seed * 7919 + 17 + k)
    ev_buf, ex_buf = io.StringIO(), io.StringIO()
    ev_w = csv.writer(ev_buf, lineterminator="\n")
    ex_w = csv.writer(ex_buf, delimiter=";", lineterminator="\r\n")
    episodes: list[str] = []
    case_rows: list[str] = []
    faults: list[dict[str, Any]] = []
    own = [0, 0]
    n_events = n_rows = 0
    dump = partial(json.dumps, ensure_ascii=False, separators=(",", ":"))
    for index in range(lo, hi):
        case = sim.case(index, cases)
        canon = _canonical_rows(case)
        export = [
            _export_row(r, ev.minute) for r, ev in zip(canon, case.events, strict=True)
        ]
        if pending and index >= pending[0][0] and _fits(pending[0][1], case):
            fault = _plant_fault(pending.pop(0)[1], case, export, fault_rng, as_of)
            fault["row"] = n_rows + fault.pop("offset") + 1
            faults.append(fault)
        ev_w.writerows(canon)
        ex_w.writerows(export)
        n_events += len(canon)
        n_rows += len(export)
        episodes.extend(dump(_episode_out(e)) for e in case.episodes)
        case_rows.append(dump(_case_out(case)))
        own[0] += case.info.get("own_org", [0, 0])[0]
        own[1] += case.info.get("own_org", [0, 0])[1]
    return {
        "events_csv": ev_buf.getvalue(),
        "export_csv": ex_buf.getvalue(),
        "episodes_json": ",".join(episodes),
        "cases_json": ",".join(case_rows),
        "faults": faults,
        "n_events": n_events,
        "n_export_rows": n_rows,
        "n_managers": sim.n_managers,
        "own": own,
    }


def _canonical_rows(case: _Case) -> list[tuple[str, ...]]:
    rows = []
    case.events.sort(key=lambda e: (e.minute, _ORDER.get(e.activity, 99)))
    for k, ev in enumerate(case.events):
        rows.append(
            (
                case.case_id,
                ev.activity,
                _iso(ev.minute),
                ev.org,
                ev.case_manager,
                ev.life_domain,
                ev.outcome,
                f"E{case.index + 1:07d}{k + 1:04d}",
                case.report_source,
                case.risk_category,
                case.ideology,
            )
        )
    return rows


def _order() -> dict[str, int]:
    from ipgar_metrics.schema import ACTIVITY_ORDER

    return ACTIVITY_ORDER


_ORDER = _order()


def _export_row(row: tuple[str, ...], minute: int) -> list[str]:
    lab = EXPORT_LABELS
    return [
        row[0],
        lab["activity"][row[1]],
        _export_time(minute),
        lab["org"].get(row[3], row[3]),
        row[4],
        lab["life_domain"].get(row[5], row[5]),
        lab["outcome"].get(row[6], row[6]),
        row[7],
        lab["report_source"][row[8]],
        lab["risk_category"][row[9]],
        lab["ideology"][row[10]],
    ]


def _fits(kind: str, case: _Case) -> bool:
    acts = [e.activity for e in case.events]
    if kind == "out_of_order":
        return "instroom" in acts and "notificatie" in acts
    return acts.count("contact") >= 3


def _plant_fault(
    kind: str, case: _Case, export: list[list[str]], rng: random.Random, as_of: date
) -> dict[str, Any]:
    """Change the export rows of one case to carry one documented fault."""
    fault: dict[str, Any] = {"kind": kind, "case_id": case.case_id}
    contacts = [i for i, ev in enumerate(case.events) if ev.activity == "contact"]
    pick = contacts[rng.randrange(len(contacts))] if contacts else 0
    ev = case.events[pick]
    if kind == "duplicate_row":
        export.insert(pick + 1, list(export[pick]))
        fault.update(
            offset=pick + 1,
            activity=ev.activity,
            event_id=export[pick][7],
            description="the same row exported twice (an exact duplicate)",
        )
    elif kind == "missing_timestamp":
        export[pick][2] = ""
        fault.update(
            offset=pick,
            activity=ev.activity,
            event_id=export[pick][7],
            description="the date cell is empty",
        )
    elif kind == "activity_typo":
        export[pick][1] = (
            "Contcat" if ev.activity == "contact" else export[pick][1] + "x"
        )
        fault.update(
            offset=pick,
            activity=ev.activity,
            event_id=export[pick][7],
            description=f"activity label misspelt as {export[pick][1]!r}",
        )
    elif kind == "future_date":
        day, rest = export[pick][2][:6], export[pick][2][6:]
        year = rest[:4]
        typo = year[:2] + year[3] + year[2]
        if int(typo) <= as_of.year:
            typo = str(as_of.year + 30)
        export[pick][2] = day + typo + rest[4:]
        fault.update(
            offset=pick,
            activity=ev.activity,
            event_id=export[pick][7],
            description=f"year typed as {typo} instead of {year}",
        )
    elif kind == "out_of_order":
        inst = next(i for i, e in enumerate(case.events) if e.activity == "instroom")
        note = next(i for i, e in enumerate(case.events) if e.activity == "notificatie")
        wrong = case.events[inst].minute - 2 * _DAY
        export[note][2] = _export_time(wrong)
        fault.update(
            offset=note,
            activity=case.events[note].activity,
            event_id=export[note][7],
            description="dated two days before the event it must follow "
            f"({case.events[inst].activity})",
            registered_at=_iso(wrong),
        )
    return fault


def _episode_out(t: dict[str, Any]) -> dict[str, Any]:
    conv = {
        k: (_iso(v) if k.endswith("_at") and v is not None else v) for k, v in t.items()
    }
    conv["info_loops"] = conv.pop("info_loops_observed")
    conv["ivgr_count"] = conv.pop("ivgr_count_observed")
    secs = conv.pop("lead_seconds")
    conv["lead_seconds"] = secs
    conv["lead_days"] = None if secs is None else secs / 86400
    return conv


def _case_out(case: _Case) -> dict[str, Any]:
    own = case.info.get("own_org", [0, 0])
    managers = sorted(
        {e.case_manager for e in case.events if e.activity == "regisseur_toegewezen"}
    )
    return {
        "case_id": case.case_id,
        "report_source": case.report_source,
        "risk_category": case.risk_category,
        "ideology": case.ideology,
        "episodes": len(case.episodes),
        "admitted": case.info["admitted"],
        "no_life_domain_problems": case.info["no_life_domain_problems"],
        "neglected_gap": case.info["neglected_gap"] if case.info["admitted"] else None,
        "interventions": own[1],
        "own_org_interventions": own[0],
        "case_managers": managers,
    }


def mapping_toml() -> str:
    """The mapping file of the simulated export (TOML), as the loader reads it."""
    lines = [
        "# Mapping of the registration system's export to the canonical event log.",
        "# Written by `ipgar simulate`; adapt the labels to a real export.",
        "[source]",
        'delimiter = ";"',
        'encoding = "utf-8-sig"',
        f'timestamp_format = "{EXPORT_TIME_FORMAT}"',
        f'timezone = "{config.TIMEZONE}"',
        'sheet = "Export"',
        "",
        "[columns]",
    ]
    lines += [f'"{header}" = "{col}"' for col, header in EXPORT_HEADERS.items()]
    for column, table in EXPORT_LABELS.items():
        lines += ["", f"[values.{column}]"]
        lines += [f'"{label}" = "{code}"' for code, label in table.items()]
    return "\n".join(lines) + "\n"


_FIXED_TIME = datetime(2020, 1, 1)


def _write_xlsx(path: Path, header: list[str], rows: list[list[str]]) -> None:
    """Write the export as an Excel workbook, byte-identical for the same rows."""
    from openpyxl import Workbook

    wb = Workbook(write_only=True)
    ws = wb.create_sheet("Export")
    ws.append(header)
    for row in rows:
        ws.append(row)
    wb.properties.created = _FIXED_TIME
    wb.properties.modified = _FIXED_TIME
    wb.properties.creator = "ipgar simulate"
    buf = io.BytesIO()
    wb.save(buf)
    _normalise_zip(buf.getvalue(), path)


def _normalise_zip(data: bytes, path: Path) -> None:
    """Rewrite a zip with fixed entry times so the same content gives the same bytes."""
    src = zipfile.ZipFile(io.BytesIO(data))
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            fixed = zipfile.ZipInfo(info.filename, date_time=(2020, 1, 1, 0, 0, 0))
            fixed.compress_type = zipfile.ZIP_DEFLATED
            fixed.external_attr = 0o600 << 16
            content = src.read(info.filename)
            if info.filename == "docProps/core.xml":  # openpyxl stamps the save time
                content = re.sub(
                    rb"(<dcterms:(?:created|modified)[^>]*>)[^<]*",
                    rb"\g<1>2020-01-01T00:00:00Z",
                    content,
                )
            dst.writestr(fixed, content)


def iter_truth_episodes(truth_path: str | Path) -> Iterator[dict[str, Any]]:
    """Yield the true episodes of a simulation from its ``truth.json``."""
    with Path(truth_path).open(encoding="utf-8") as fh:
        yield from json.load(fh)["episodes"]
