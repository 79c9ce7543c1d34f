"""Checks of the process rules of ``domain.md`` as declarative templates, in DuckDB.

Each rule is data: a template (``at_most_once``, ``precedence``, ``response``,
``nothing_after``) with its activities and outcomes. Templates live in
``sql/paths/rule_<template>.sql``; every rule is judged per episode (a precedence
rule with ``scope: "case"`` looks for ``b`` in the whole case). A new rule is a
new entry in ``RULES``. Profile ``ipgar`` (the activity codes are the iPGA-R ones).

The quality report (``quality_report``) counts its process-rule checks with this
engine too: a rule with a ``check`` key is counted under that check code (the code the
report shows; ``counts`` says whether the check counts violating episodes or
offending events). ``CHECK_RULES`` holds the rules only the quality report uses:
their definition differs from a rule of ``RULES`` (scope the whole case; existence
instead of precedence), so they are not the same rule under another name.

Templates
---------
``at_most_once``   ``a`` happens at most once per episode.
``precedence``     every ``a`` has an earlier ``b`` in the same episode.
``response``       every ``a`` has a later ``b`` in the same episode; an ``a`` less
                   than ``grace_days`` before the end of the data is not judged yet.
``responded_existence``  an episode with ``a`` also has ``b`` (before or after).
``nothing_after``  after the first ``a`` no activity other than ``allowed`` happens
                   in the same episode.

``scope: "case"`` (precedence only): the earlier ``b`` may stand in any episode.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime
from typing import Any, Final, Literal

import duckdb
import pandas as pd

from ipgar_metrics import store
from ipgar_metrics.errors import ConfigError
from ipgar_metrics.metrics._episodes import require_as_of, resolve_as_of

TEMPLATES: Final[tuple[str, ...]] = (
    "at_most_once",
    "precedence",
    "response",
    "responded_existence",
    "nothing_after",
)

#: The rules of domain.md "Rules of the process that can be checked on the log".
RULES: Final[tuple[dict[str, Any], ...]] = (
    {
        "rule": "instroom_hoogstens_eenmaal",
        "template": "at_most_once",
        "a": "instroom",
        "description": "Een episode heeft hoogstens één instroom.",
        "description_en": "An episode has at most one instroom (intake).",
        "check": "multiple_instroom",
        "counts": "episodes",
    },
    {
        "rule": "instroom_na_besluit_opname",
        "template": "precedence",
        "a": "instroom",
        "b": "ptor_besluit",
        "b_outcome": "opname",
        "description": "Instroom volgt op een PTO-R-besluit opname.",
        "description_en": "Instroom follows a PTO-R decision to take in (opname).",
        "check": "instroom_without_opname",
    },
    {
        "rule": "statisch_na_besluit_statisch",
        "template": "precedence",
        "a": "statisch_start",
        "b": "ptor_besluit",
        "b_outcome": "statisch",
        "description": "Start statisch volgt op een PTO-R-besluit statisch.",
        "description_en": "The start of static status follows a PTO-R decision 'statisch'.",
    },
    {
        "rule": "besluit_statisch_na_itatr",
        "template": "precedence",
        "a": "ptor_besluit",
        "a_outcome": "statisch",
        "b": "itatr_agendering",
        "description": "Een PTO-R-besluit statisch volgt op agendering bij het ITAT-R.",
        "description_en": "A PTO-R decision 'statisch' follows a listing at the ITAT-R.",
    },
    {
        "rule": "notificatie_na_instroom",
        "template": "response",
        "a": "instroom",
        "b": "notificatie",
        "grace_days": 30,
        "description": "Na instroom volgt een notificatie (binnen de episode).",
        "description_en": "A notification follows the instroom (within the episode).",
    },
    {
        "rule": "notificatie_alleen_na_instroom",
        "template": "precedence",
        "a": "notificatie",
        "b": "instroom",
        "description": "Een notificatie volgt op een instroom.",
        "description_en": "A notification follows an instroom.",
    },
    {
        "rule": "casusregisseur_bij_instroom",
        "template": "responded_existence",
        "a": "instroom",
        "b": "regisseur_toegewezen",
        "grace_days": 30,
        "description": "Een casus in de aanpak krijgt een casusregisseur.",
        "description_en": "A case in the approach gets a case manager.",
    },
    {
        "rule": "niets_na_uitstroom",
        "template": "nothing_after",
        "a": "uitstroom",
        "allowed": ("melding",),
        "description": "Na uitstroom gebeurt niets meer behalve een nieuwe melding.",
        "description_en": "After the uitstroom (exit) nothing happens but a new report.",
        "check": "event_after_uitstroom",
    },
)

#: Rules only the quality report counts (``check``): statisch_without_decision judges
#: the two static-status rules over the whole case, and notificatie_without_instroom
#: asks for an instroom anywhere in the episode (``notificatie_alleen_na_instroom``
#: asks for an earlier one: a notificatie before the instroom is ``out_of_order``
#: there).
CHECK_RULES: Final[tuple[dict[str, Any], ...]] = (
    {
        "rule": "statisch_na_besluit_statisch_in_casus",
        "template": "precedence",
        "scope": "case",
        "a": "statisch_start",
        "b": "ptor_besluit",
        "b_outcome": "statisch",
        "description": "Start statisch volgt op een PTO-R-besluit statisch (in de casus).",
        "description_en": "The start of static status follows a PTO-R decision 'statisch' (in the case).",
        "check": "statisch_without_decision",
    },
    {
        "rule": "besluit_statisch_na_itatr_in_casus",
        "template": "precedence",
        "scope": "case",
        "a": "ptor_besluit",
        "a_outcome": "statisch",
        "b": "itatr_agendering",
        "description": "Een PTO-R-besluit statisch volgt op agendering bij het ITAT-R (in de casus).",
        "description_en": "A PTO-R decision 'statisch' follows a listing at the ITAT-R (in the case).",
        "check": "statisch_without_decision",
    },
    {
        "rule": "notificatie_in_episode_met_instroom",
        "template": "responded_existence",
        "a": "notificatie",
        "b": "instroom",
        "description": "Een episode met een notificatie heeft een instroom.",
        "description_en": "An episode with a notification has an instroom.",
        "check": "notificatie_without_instroom",
    },
)


def description_in(lang: str) -> dict[str, str]:
    """Each rule's description (Dutch, as the metric gives it) in ``lang``."""
    key = "description_en" if lang == "en" else "description"
    return {r["description"]: r[key] for r in (*RULES, *CHECK_RULES)}


OUTPUT_COLUMNS: dict[str, dict[str, str]] = {
    "rule_violations": {  # level="episode" (default)
        "rule": "str: rule name",
        "template": "str: one of TEMPLATES",
        "description": "str: the rule in Dutch",
        "case_id": "str: case pseudonym",
        "episode": "int: episode number",
        "at": "timestamp: first offending event",
        "n": "int: offending events in the episode",
    },
    "rule_violations(level=summary)": {
        "rule": "str: rule name",
        "template": "str: one of TEMPLATES",
        "description": "str: the rule in Dutch",
        "n_violating": "int: episodes that break the rule",
        "case_ids": "list[str]: pseudonyms of those cases, sorted",
    },
}


def _check_rule(rule: dict[str, Any]) -> None:
    if rule.get("template") not in TEMPLATES:
        raise ConfigError(
            f'rule "{rule.get("rule")}": unknown template "{rule.get("template")}"; '
            f"choose one of: {', '.join(TEMPLATES)}."
        )
    needed = {"rule", "a"} | (
        {"b"}
        if rule["template"] in ("precedence", "response", "responded_existence")
        else set()
    )
    scope = rule.get("scope", "episode")
    if scope not in ("episode", "case") or (
        scope == "case" and rule["template"] != "precedence"
    ):
        raise ConfigError(
            f'rule "{rule.get("rule")}": scope "case" is for template precedence; '
            "choose one of: episode, case."
        )
    missing = needed - rule.keys()
    if missing:
        raise ConfigError(
            f'rule "{rule.get("rule")}" lacks: {", ".join(sorted(missing))}.'
        )


def _run_rule(
    con: duckdb.DuckDBPyConnection,
    rule: dict[str, Any],
    cutoff: pd.Timestamp,
    reference: Any,
) -> pd.DataFrame:
    params = {
        "cutoff": cutoff,
        "reference": reference,
        "a": rule["a"],
        "a_outcome": rule.get("a_outcome"),
        "b": rule.get("b"),
        "b_outcome": rule.get("b_outcome"),
        "allowed": list(rule.get("allowed", ())),
        "grace_days": float(rule.get("grace_days", 0)),
        "per_case": rule.get("scope", "episode") == "case",
    }
    frame = store.sql_frame(con, f"paths/rule_{rule['template']}", **params)
    frame.insert(0, "rule", rule["rule"])
    frame.insert(1, "template", rule["template"])
    frame.insert(2, "description", rule.get("description", ""))
    return frame


def rule_violations(
    con: duckdb.DuckDBPyConnection,
    *,
    as_of: date | datetime,
    level: Literal["episode", "summary"] = "episode",
    rules: Sequence[dict[str, Any]] = RULES,
) -> pd.DataFrame:
    """The episodes that break each process rule.

    ``as_of`` (required) keeps the events up to that moment; pass
    ``store.last_event_at(con)`` for all events. Response rules do not judge a
    trigger less than its ``grace_days`` before ``as_of``. The case pseudonyms are for the PTO-R's internal use only.

    Returns
    -------
    level="episode": one row per (rule, violating episode): rule, template,
        description, case_id, episode, at, n.
    level="summary": one row per rule (also rules without violations): rule,
        template, description, n_violating, case_ids.
    """
    require_as_of(as_of, "rule_violations")
    if level not in ("episode", "summary"):
        raise ConfigError(f'unknown level "{level}"; choose one of: episode, summary.')
    if store.profile_of(con) != "ipgar":
        raise ConfigError(
            "rule checks need an iPGA-R store (profile ipgar): the rules use the "
            "iPGA-R activity codes."
        )
    for rule in rules:
        _check_rule(rule)
    cutoff = reference = resolve_as_of(as_of)
    last = store.last_event_at(con)
    if last is not None and cutoff > pd.Timestamp(last):
        # a cutoff after the last event keeps every event, as the last event does:
        # so the report's paths page and its quality page ask the same question
        cutoff = resolve_as_of(last)
    parts = [_run_rule(con, rule, cutoff, reference) for rule in rules]
    episodes = pd.concat(parts, ignore_index=True)
    episodes["episode"] = episodes["episode"].astype("int64")
    episodes["n"] = episodes["n"].astype("int64")
    if level == "episode":
        out = episodes
    else:
        rows = []
        for rule in rules:
            hit = episodes[episodes["rule"] == rule["rule"]]
            rows.append(
                {
                    "rule": rule["rule"],
                    "template": rule["template"],
                    "description": rule.get("description", ""),
                    "n_violating": len(hit),
                    "case_ids": sorted(set(hit["case_id"])),
                }
            )
        out = pd.DataFrame(rows)
    out.attrs["ipgar"] = {
        "snapshot": store.snapshot(con),
        "as_of": str(as_of),
        "params": {"level": level, "rules": [r["rule"] for r in rules]},
    }
    return out
