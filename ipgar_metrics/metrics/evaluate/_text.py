"""Plain Dutch (and English) sentences for an evaluation: what changed, and how sure.

A comparison sentence is about the primary statistic only (``_stats``); its verb
(rose, fell, changed) and its p-value come from one result, the same bootstrap
standard error as its interval, so they cannot contradict each other. A p-value is
printed as a number and never read as the chance that a result is chance. Every
comparison sentence ends in ``CAVEAT``: a before/after comparison shows a change in
time, not its cause. When the primary is not significant the sentence gives the
smallest difference these numbers could have found with 80% power. The time-series
sentence is secondary and its verbs follow the Holm-adjusted p-values. Numbers use a
decimal comma in Dutch.
"""

from __future__ import annotations

from datetime import date
from typing import Any, Final

import numpy as np

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
#: Per metric, the primary in words: Dutch subject, English subject, Dutch unit,
#: English unit, scale (shares are shown as percentages, differences in points).
PRIMARY_SPEC: Final[dict[str, tuple[str, str, str, str, float]]] = {
    "leadtime": (
        "het aandeel meldingen met instroom of besluit binnen 8 weken",
        "the share of reports with an intake or decision within 8 weeks",
        "procentpunt",
        "percentage points",
        100.0,
    ),
    "contact": (
        "de gemiddelde tijd tussen twee contacten per casus",
        "the mean time between two contacts per case",
        "dagen",
        "days",
        1.0,
    ),
    "integrality": (
        "het gemiddelde aandeel interventies door de eigen organisatie per casus",
        "the mean share of interventions by the own organisation per case",
        "procentpunt",
        "percentage points",
        100.0,
    ),
}
#: The fixed closing sentence of every comparison.
CAVEAT: Final[dict[str, str]] = {
    "nl": "Een voor-na-vergelijking laat een verandering in de tijd zien, niet de "
    "oorzaak ervan.",
    "en": "A before/after comparison shows a change in time, not its cause.",
}
#: Fewer units than this in a period: no comparison sentence.
MIN_SENTENCE_UNITS: Final[int] = 10
_NOUN: Final[dict[str, tuple[str, str]]] = {
    "leadtime": ("meldingen", "reports"),
    "contact": ("casussen", "cases"),
    "integrality": ("casussen", "cases"),
}


def long_date(day: date, lang: str = "nl") -> str:
    """A date in words: ``1 maart 2021`` (nl) or ``1 March 2021`` (en)."""
    if lang == "nl":
        return f"{day.day} {MONTH_NAMES['nl'][day.month - 1]} {day.year}"
    return f"{day.day} {day:%B} {day.year}"


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
    est: float,
    lo: float,
    hi: float,
    *,
    metric: str,
    lang: str,
    what: str = "",
    significant: bool | None = None,
) -> str:
    """``daalde <subject> met 12 dagen (95%-betrouwbaarheidsinterval 5 tot 19 dagen)``.

    The verb comes first (Dutch inversion after a time phrase). ``est``, ``lo`` and
    ``hi`` are in the metric's own unit (shares are shown in percentage points).
    ``significant`` chooses the verb (rose/fell, or "changed" with a sign); by
    default it is whether the interval excludes zero.
    """
    subj_nl, subj_en, unit_nl, unit_en, scale = SPEC[metric]
    est, lo, hi = est * scale, lo * scale, hi * scale
    nl = lang == "nl"
    unit, subj = (unit_nl, subj_nl) if nl else (unit_en, subj_en)
    subj = f"{subj} {what}" if what else subj
    ci = "95%-betrouwbaarheidsinterval" if nl else "95% confidence interval"
    to = "tot" if nl else "to"
    d = decimals(est, lo, hi)
    if significant is None:
        significant = bool(hi < 0 or lo > 0)
    if significant:
        a, b = sorted((abs(lo), abs(hi)))
        size = (
            f"{number(abs(est), lang, digits=d)} {unit} ({ci} "
            f"{number(a, lang, digits=d)} {to} {number(b, lang, digits=d)} {unit})"
        )
        if nl:
            return f"{'daalde' if est < 0 else 'steeg'} {subj} met {size}"
        return f"{subj} {'fell' if est < 0 else 'rose'} by {size}"
    lo_t, hi_t = (number(v, lang, signed=True, digits=d) for v in (lo, hi))
    size = (
        f"{number(est, lang, signed=True, digits=d)} {unit} ({ci} {lo_t} {to} "
        f"{hi_t} {unit})"
    )
    return f"veranderde {subj} met {size}" if nl else f"{subj} changed by {size}"


def its_sentences(its: dict[str, Any], *, metric: str, change: date) -> dict[str, str]:
    """The fitted level and slope change of a time series in plain words.

    Secondary: the verbs follow the Holm-adjusted p-values of the two tests.
    """
    coef = {c["term"]: c for c in its["coefficients"]}
    lvl, slope = coef["level_change"], coef["slope_change"]
    if not np.isfinite(lvl["estimate"]):
        return {
            "sentence_nl": "Te weinig maanden met gegevens voor een trendanalyse rond "
            "de wijziging.",
            "sentence_en": "Too few months with data for a trend analysis around the "
            "change.",
        }
    alpha = float(its.get("alpha", 0.05))
    scale = SPEC[metric][4]
    s_est, s_lo, s_hi = (slope[k] * scale for k in ("estimate", "ci_lower", "ci_upper"))
    out = {}
    for lang in ("nl", "en"):
        first = change_phrase(
            lvl["estimate"],
            lvl["ci_lower"],
            lvl["ci_upper"],
            metric=metric,
            lang=lang,
            significant=bool(lvl["p_adjusted"] < alpha),
        )
        unit = SPEC[metric][2] if lang == "nl" else SPEC[metric][3]
        d = decimals(s_est, s_lo, s_hi)
        sl = [number(v, lang, signed=True, digits=d) for v in (s_est, s_lo, s_hi)]
        p_lvl, p_sl = (p_text(c["p_adjusted"], lang) for c in (lvl, slope))
        if lang == "nl":
            out["sentence_nl"] = (
                f"Trendanalyse: direct na {long_date(change)} {first}; daarna "
                f"veranderde de trend met {sl[0]} {unit} per maand "
                f"(95%-betrouwbaarheidsinterval {sl[1]} tot {sl[2]}). Na Holm-correctie "
                f"voor deze twee toetsen: {p_lvl} (niveau), {p_sl} (trend)."
            )
        else:
            out["sentence_en"] = (
                f"Time series: right after {long_date(change, 'en')} {first}; after "
                f"that the trend changed by {sl[0]} {unit} per month (95% confidence "
                f"interval {sl[1]} to {sl[2]}). Holm-adjusted for these two tests: "
                f"{p_lvl} (level), {p_sl} (trend)."
            )
    return out


def comparison_sentences(
    primary: dict[str, Any], *, metric: str, change: date | None
) -> dict[str, str]:
    """The primary of ``compare_periods`` in plain words, with the fixed caveat.

    ``primary`` is ``attrs["evaluate"]["primary"]``: before, after, difference,
    ci_lower, ci_upper, p_value, significant, detectable_difference, alpha, n.
    """
    counts = primary.get("n", {})
    few = min(counts.values(), default=0) < MIN_SENTENCE_UNITS
    finite = all(np.isfinite(primary[k]) for k in ("difference", "ci_lower", "p_value"))
    if few or not finite:
        b, a = counts.get("before", 0), counts.get("after", 0)
        nl, en = _NOUN[metric]
        return {
            "sentence_nl": f"Te weinig {nl} voor een vergelijking ({b} vóór, {a} na; "
            f"minstens {MIN_SENTENCE_UNITS} per periode).",
            "sentence_en": f"Too few {en} for a comparison ({b} before, {a} after; "
            f"at least {MIN_SENTENCE_UNITS} per period).",
        }
    return {
        f"sentence_{lang}": _primary_sentence(primary, metric, change, lang)
        for lang in ("nl", "en")
    }


def _primary_sentence(
    primary: dict[str, Any], metric: str, change: date | None, lang: str
) -> str:
    subj_nl, subj_en, unit_nl, unit_en, scale = PRIMARY_SPEC[metric]
    nl = lang == "nl"
    subj, unit = (subj_nl, unit_nl) if nl else (subj_en, unit_en)
    level = "%" if scale == 100 else (" dagen" if nl else " days")
    b, a = primary["before"] * scale, primary["after"] * scale
    d_lvl = decimals(b, a)
    b_t, a_t = (number(v, lang, digits=d_lvl) + level for v in (b, a))
    est, lo, hi, mde = (
        primary[k] * scale
        for k in ("difference", "ci_lower", "ci_upper", "detectable_difference")
    )
    d = decimals(est, lo, hi)
    est_t, lo_t, hi_t = (number(v, lang, signed=True, digits=d) for v in (est, lo, hi))
    mde_t = number(mde, lang, digits=decimals(mde))
    conf = f"{round(100 * (1 - primary['alpha']))}%"
    sig = bool(primary["significant"])
    p = p_text(primary["p_value"], lang)
    if nl:
        when = f"Na {long_date(change)}" if change else "In de tweede periode"
        verb = ("daalde" if est < 0 else "steeg") if sig else "veranderde"
        text = (
            f"{when} {verb} {subj} van {b_t} naar {a_t}: {est_t} {unit} "
            f"({conf}-betrouwbaarheidsinterval {lo_t} tot {hi_t} {unit}; {p})."
        )
        if not sig:
            text += (
                f" Dat verschil is niet significant; met deze aantallen was een "
                f"verschil van {mde_t} {unit} met 80% kans gevonden, een kleiner "
                "effect is niet uit te sluiten."
            )
        return f"{text} {CAVEAT['nl']}"
    when = f"After {long_date(change, 'en')}," if change else "In the second period,"
    verb = ("fell" if est < 0 else "rose") if sig else "changed"
    text = (
        f"{when} {subj} {verb} from {b_t} to {a_t}: {est_t} {unit} "
        f"({conf} confidence interval {lo_t} to {hi_t} {unit}; {p})."
    )
    if not sig:
        text += (
            f" The difference is not significant; with these numbers a difference "
            f"of {mde_t} {unit} would have been found with 80% power, so a smaller "
            "effect cannot be ruled out."
        )
    return f"{text} {CAVEAT['en']}"


def measure_sentences(
    measure: dict[str, Any], primary: dict[str, Any], *, metric: str
) -> dict[str, str]:
    """What the register declared, and whether these numbers could find it.

    ``measure`` is ``Measure.as_record()``, ``primary`` the comparison's
    ``attrs["evaluate"]["primary"]``: the declared direction and smallest relevant
    effect beside the difference these numbers could detect with 80% power.
    """
    _, _, unit_nl, unit_en, scale = PRIMARY_SPEC[metric]
    eff = float(measure["smallest_effect"]) * scale
    mde = float(primary.get("detectable_difference", np.nan)) * scale
    up = measure["direction"] == "up"
    out = {}
    for lang, unit in (("nl", unit_nl), ("en", unit_en)):
        eff_t = number(eff, lang, digits=decimals(eff))
        if lang == "nl":
            text = (
                f"Vooraf vastgelegd (maatregel {measure['name']}, stap "
                f"{measure['step']}): een {'stijging' if up else 'daling'} van "
                f"minstens {eff_t} {unit}."
            )
        else:
            text = (
                f"Declared beforehand (measure {measure['name']}, step "
                f"{measure['step']}): a {'rise' if up else 'fall'} of at least {eff_t} "
                f"{unit}."
            )
        if np.isfinite(mde):
            mde_t = number(mde, lang, digits=decimals(mde))
            enough = mde <= eff
            if lang == "nl":
                text += (
                    f" Deze vergelijking kon een verschil van {mde_t} {unit} met 80% "
                    f"kans vinden: {'genoeg' if enough else 'te weinig'} voor het "
                    "vastgelegde effect."
                )
            else:
                text += (
                    f" This comparison could find a difference of {mde_t} {unit} "
                    f"with 80% power: {'enough' if enough else 'not enough'} for the "
                    "declared effect."
                )
        out[f"sentence_{lang}"] = text
    return out
