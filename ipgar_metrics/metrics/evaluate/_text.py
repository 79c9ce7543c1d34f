"""Plain Dutch (and English) sentences for an evaluation: what changed, how certain.

Certainty words follow the p-value: below 0.01 "vrijwel zeker geen toeval", below
0.05 "waarschijnlijk geen toeval", below 0.10 "het bewijs is zwak", otherwise
"dit kan goed toeval zijn". Numbers use a decimal comma in Dutch.
"""

from __future__ import annotations

from datetime import date
from typing import Any, Final

import numpy as np
import pandas as pd

from ipgar_metrics.labels import MONTH_NAMES

#: Per metric: Dutch subject, English subject, Dutch unit, English unit, scale.
SPEC: Final[dict[str, tuple[str, str, str, str, float]]] = {
    "leadtime": (
        "de doorlooptijd van melding tot instroom of besluit",
        "the lead time from report to intake or decision",
        "dagen",
        "days",
        1.0,
    ),
    "contact": (
        "de tijd tussen twee contacten",
        "the time between two contacts",
        "dagen",
        "days",
        1.0,
    ),
    "integrality": (
        "het aandeel interventies door de eigen organisatie",
        "the share of interventions by the own organisation",
        "procentpunt",
        "percentage points",
        100.0,
    ),
}
#: The statistic a comparison sentence is about, per metric.
SENTENCE_STATISTIC: Final[dict[str, str]] = {
    "leadtime": "median_days",
    "contact": "median_days",
    "integrality": "mean_share",
}
_CERTAINTY: Final[tuple[tuple[float, str, str], ...]] = (
    (0.01, "dit is vrijwel zeker geen toeval", "this is almost certainly not chance"),
    (0.05, "dit is waarschijnlijk geen toeval", "this is probably not chance"),
    (
        0.10,
        "dit kan nog toeval zijn; het bewijs is zwak",
        "this may still be chance; the evidence is weak",
    ),
)


def long_date(day: date, lang: str = "nl") -> str:
    """A date in words: ``1 maart 2021`` (nl) or ``1 March 2021`` (en)."""
    if lang == "nl":
        return f"{day.day} {MONTH_NAMES['nl'][day.month - 1]} {day.year}"
    return f"{day.day} {day:%B} {day.year}"


def certainty(p: float, lang: str = "nl") -> str:
    """How certain a change is, in plain words, from its p-value."""
    if p is None or not np.isfinite(p):
        return "dit is niet te beoordelen" if lang == "nl" else "this cannot be judged"
    for limit, nl, en in _CERTAINTY:
        if p < limit:
            return nl if lang == "nl" else en
    return "dit kan goed toeval zijn" if lang == "nl" else "this may well be chance"


def decimals(*values: float) -> int:
    """Decimals for numbers shown together: 0 from 10 up, 1 from 1 up, else 2."""
    top = max(abs(v) for v in values)
    return 0 if top >= 10 else 1 if top >= 1 else 2


def number(
    x: float, lang: str = "nl", *, signed: bool = False, digits: int | None = None
) -> str:
    """``x`` with ``digits`` decimals (default by its size); decimal comma in Dutch."""
    digits = decimals(x) if digits is None else digits
    text = f"{x:+.{digits}f}" if signed else f"{x:.{digits}f}"
    return text.replace(".", ",") if lang == "nl" else text


def p_text(p: float, lang: str = "nl") -> str:
    """``p = 0,013`` or ``p < 0,001`` (decimal comma in Dutch)."""
    text = "p < 0.001" if p < 0.001 else f"p = {p:.3f}"
    return text.replace(".", ",") if lang == "nl" else text


def change_phrase(
    est: float, lo: float, hi: float, *, metric: str, lang: str, what: str = ""
) -> str:
    """``daalde <subject> met 12 dagen (95%-betrouwbaarheidsinterval 5 tot 19 dagen)``.

    The verb comes first (Dutch inversion after a time phrase). ``est``, ``lo`` and
    ``hi`` are in the metric's own unit (shares are shown in percentage points).
    When the interval holds zero the change is given with its sign.
    """
    subj_nl, subj_en, unit_nl, unit_en, scale = SPEC[metric]
    est, lo, hi = est * scale, lo * scale, hi * scale
    nl = lang == "nl"
    unit, subj = (unit_nl, subj_nl) if nl else (unit_en, subj_en)
    subj = f"{subj} {what}" if what else subj
    ci = "95%-betrouwbaarheidsinterval" if nl else "95% confidence interval"
    to = "tot" if nl else "to"
    d = decimals(est, lo, hi)
    if hi < 0 or lo > 0:
        a, b = sorted((abs(lo), abs(hi)))
        size = (
            f"{number(abs(est), lang, digits=d)} {unit} ({ci} "
            f"{number(a, lang, digits=d)} {to} {number(b, lang, digits=d)} {unit})"
        )
        if nl:
            return f"{'daalde' if hi < 0 else 'steeg'} {subj} met {size}"
        return f"{subj} {'fell' if hi < 0 else 'rose'} by {size}"
    lo_t, hi_t = (number(v, lang, signed=True, digits=d) for v in (lo, hi))
    size = (
        f"{number(est, lang, signed=True, digits=d)} {unit} ({ci} {lo_t} {to} "
        f"{hi_t} {unit})"
    )
    return f"veranderde {subj} met {size}" if nl else f"{subj} changed by {size}"


def its_sentences(its: dict[str, Any], *, metric: str, change: date) -> dict[str, str]:
    """The fitted level and slope change of a time series in plain words."""
    coef = {c["term"]: c for c in its["coefficients"]}
    lvl, slope = coef["level_change"], coef["slope_change"]
    if not np.isfinite(lvl["estimate"]):
        return {
            "sentence_nl": "Te weinig maanden met gegevens voor een trendanalyse rond "
            "de wijziging.",
            "sentence_en": "Too few months with data for a trend analysis around the "
            "change.",
        }
    scale = SPEC[metric][4]
    s_est, s_lo, s_hi = (slope[k] * scale for k in ("estimate", "ci_lower", "ci_upper"))
    out = {}
    for lang in ("nl", "en"):
        first = change_phrase(
            lvl["estimate"], lvl["ci_lower"], lvl["ci_upper"], metric=metric, lang=lang
        )
        unit = SPEC[metric][2] if lang == "nl" else SPEC[metric][3]
        d = decimals(s_est, s_lo, s_hi)
        sl = [number(v, lang, signed=True, digits=d) for v in (s_est, s_lo, s_hi)]
        if lang == "nl":
            out["sentence_nl"] = (
                f"Direct na {long_date(change)} {first}; "
                f"{certainty(lvl['p_value'])}. Daarna veranderde de trend met {sl[0]} "
                f"{unit} per maand (95%-betrouwbaarheidsinterval {sl[1]} tot {sl[2]}); "
                f"{certainty(slope['p_value'])}."
            )
        else:
            out["sentence_en"] = (
                f"Right after {long_date(change, 'en')} {first}; "
                f"{certainty(lvl['p_value'], 'en')}. After that the trend changed by "
                f"{sl[0]} {unit} per month (95% confidence interval {sl[1]} to "
                f"{sl[2]}); {certainty(slope['p_value'], 'en')}."
            )
    return out


def comparison_sentences(
    frame: pd.DataFrame, *, metric: str, change: date | None
) -> dict[str, str]:
    """The difference found by ``compare_periods`` in plain words.

    Leadtime and contact: the median (with the Mann-Whitney p-value); integrality:
    the mean own-organisation share (with the bootstrap interval only).
    """
    stat = SENTENCE_STATISTIC[metric]
    row = frame.set_index("statistic").loc[stat]
    if not (np.isfinite(row["difference"]) and np.isfinite(row["ci_lower"])):
        return {
            "sentence_nl": "Te weinig gegevens in een van de perioden voor een "
            "vergelijking.",
            "sentence_en": "Too little data in one of the periods for a comparison.",
        }
    scale = SPEC[metric][4]
    p = row["p_value"]
    if not np.isfinite(p):  # no test: say whether the interval holds zero
        p = 0.04 if (row["ci_lower"] > 0 or row["ci_upper"] < 0) else 0.5
    out = {}
    for lang in ("nl", "en"):
        nl = lang == "nl"
        unit = (" dagen" if nl else " days") if scale == 1 else "%"
        d = decimals(row["before"] * scale, row["after"] * scale)
        b = number(row["before"] * scale, lang, digits=d)
        a = number(row["after"] * scale, lang, digits=d)
        what = stat.split("_")[0]
        what = {"median": "mediaan", "mean": "gemiddeld"}[what] if nl else what
        phrase = change_phrase(
            row["difference"],
            row["ci_lower"],
            row["ci_upper"],
            metric=metric,
            lang=lang,
            what=f"({what})",
        )
        test = (
            f" (Mann-Whitney {p_text(row['p_value'], lang)})"
            if np.isfinite(row["p_value"])
            else ""
        )
        if nl:
            when = f"Na {long_date(change)}" if change else "In de tweede periode"
            out["sentence_nl"] = (
                f"{when} {phrase}, van {b}{unit} naar {a}{unit}; {certainty(p)}{test}."
            )
        else:
            when = (
                f"After {long_date(change, 'en')},"
                if change
                else "In the second period,"
            )
            out["sentence_en"] = (
                f"{when} {phrase}, from {b}{unit} to {a}{unit}; {certainty(p, 'en')}{test}."
            )
    return out
