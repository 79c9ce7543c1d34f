"""How often the practice profile signals an organisation when nothing differs.

Null runs: the simulator with every organisation's contact rhythm the same
(``contact_mean_days_by_org`` all ``NULL_MEAN_DAYS``); nothing else in the simulator
depends on the case manager's organisation, so any difference between organisations
is chance. For each seed the simulated events (``events.csv``, canonical, straight
into an in-memory store) are profiled at the export date with the defaults of
``ipgar practice``; counted per share or rate: the organisation rows with a
denominator, and those outside the 95% limits (``boven``/``onder``) and the 99.8%
limits. Power run: the same with ``practice_plant`` (one organisation registers a
quarter of its contacts), counted: the planted organisation signalled.

Writes the section "False signals without a planted difference" of
``docs/metrics/practice.md`` and prints it. Not part of ``make test``.

Usage: ``python benchmarks/practice_null.py [--seeds 40] [--cases 600]``
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from datetime import UTC, date, datetime
from pathlib import Path

import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from ipgar_metrics import practice_profile, store  # noqa: E402
from ipgar_metrics.metrics.practice import MEASURES  # noqa: E402
from ipgar_metrics.simulation import simulate  # noqa: E402
from ipgar_metrics.simulation._parameters import PARAMS  # noqa: E402

AS_OF = date(2026, 11, 1)
NULL_MEAN_DAYS = 28
PLANT = {"org": "politie", "contact_registered_p": 0.25}
SECTION = "## False signals without a planted difference (benchmarks/practice_null.py)"
DOC = ROOT / "docs" / "metrics" / "practice.md"
READING = "What this says:"


def profile(seed: int, cases: int, params: dict) -> pd.DataFrame:
    """The points with the default limits (the case as unit), and outside the others.

    ``plain``: outside the 95% limits with every event as a unit (``clustering=
    "none"``, the default before); ``adj``: outside the default limits widened by
    the overdispersion between organisations (``overdispersion=True``).
    """
    with tempfile.TemporaryDirectory() as tmp:
        res = simulate(cases, seed, tmp, params=params, write_xlsx=False)
        events = pd.read_csv(res.files["events"], dtype=str, keep_default_na=False)
    events = events.replace("", None)
    con = store.memory_store()
    store.insert_events(con, events)
    default = practice_profile(con, as_of=AS_OF, level="point")
    plain = practice_profile(con, as_of=AS_OF, level="point", clustering="none")
    wide = practice_profile(con, as_of=AS_OF, level="point", overdispersion=True)
    default["plain"] = plain["signal"].isin(["boven", "onder"]).to_numpy()
    default["adj"] = wide["signal"].isin(["boven", "onder"]).to_numpy()
    return default


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--seeds", type=int, default=40)
    ap.add_argument("--cases", type=int, default=600)
    args = ap.parse_args()
    started = time.time()
    null = {
        "contact_mean_days_by_org": dict.fromkeys(
            PARAMS["contact_mean_days_by_org"], NULL_MEAN_DAYS
        )
    }
    rows = []
    for seed in range(args.seeds):
        p = profile(seed, args.cases, null)
        p = p.loc[(p["kind"] != "median") & (p["denominator"] > 0)]
        p = p.assign(
            seed=seed,
            out95=p["signal"].isin(["boven", "onder"]),
            out998=(p["value"] > p["upper_998"]) | (p["value"] < p["lower_998"]),
        )
        rows.append(p[["seed", "measure", "org", "out95", "out998", "plain", "adj"]])
        print(
            f"null seed {seed}: {int(p['out95'].sum())} of {len(p)} points outside 95%",
            file=sys.stderr,
        )
    null_points = pd.concat(rows, ignore_index=True)
    power = []
    for seed in range(min(args.seeds, 10)):
        p = profile(seed, args.cases, {**null, "practice_plant": PLANT}).set_index(
            ["measure", "org"]
        )
        org = PLANT["org"]
        power.append(
            {
                "seed": seed,
                "contact_gap": p.loc[("contact_gap", org), "signal"] == "boven",
                "contacts_per_month": p.loc[("contacts_per_month", org), "signal"]
                == "onder",
                "contact_gap_plain": bool(p.loc[("contact_gap", org), "plain"]),
                "contacts_per_month_plain": bool(
                    p.loc[("contacts_per_month", org), "plain"]
                ),
            }
        )
        print(f"plant seed {seed}: {power[-1]}", file=sys.stderr)
    power_frame = pd.DataFrame(power)
    text = render(null_points, power_frame, args, time.time() - started)
    write(text)
    print(text)


def render(
    points: pd.DataFrame, power: pd.DataFrame, args: argparse.Namespace, secs: float
) -> str:
    order = [m.key for m in MEASURES if m.kind != "median"]
    kind = {m.key: m.kind for m in MEASURES}
    g = points.groupby("measure").agg(
        points=("out95", "size"),
        out95=("out95", "sum"),
        out998=("out998", "sum"),
        plain=("plain", "sum"),
        adj=("adj", "sum"),
    )
    g = g.reindex([m for m in order if m in g.index])
    lines = [
        SECTION,
        "",
        f"Run {datetime.now(UTC):%Y-%m-%d %H:%M} UTC: {args.seeds} seeds of {args.cases} cases, "
        f"every organisation's contacts every {NULL_MEAN_DAYS} days on average (nothing planted), "
        f"profile at {AS_OF} with the defaults of `ipgar practice`; {secs / 60:.1f} min. "
        "A point is one organisation row of one measure with a denominator.",
        "",
        "| measure | kind | points | outside 95% | share | outside 99.8% | share | outside 95%, every event a unit | share | outside 95%, overdispersion-widened | share |",
        "|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for m, r in g.iterrows():
        lines.append(
            f"| `{m}` | {kind[m]} | {r.points} | {r.out95} | {100 * r.out95 / r.points:.1f}% "
            f"| {r.out998} | {100 * r.out998 / r.points:.1f}% | {r.plain} | {100 * r.plain / r.points:.1f}% "
            f"| {r.adj} | {100 * r.adj / r.points:.1f}% |"
        )
    shares = points.loc[points["measure"].map(kind) == "share"]
    rates = points.loc[points["measure"].map(kind) == "rate"]
    lines += [
        "",
        f"All shares: {100 * shares['out95'].mean():.1f}% of {len(shares)} points outside the 95% limits "
        f"({100 * shares['out998'].mean():.2f}% outside 99.8%); all rates: {100 * rates['out95'].mean():.1f}% "
        f"of {len(rates)} ({100 * rates['out998'].mean():.2f}%). With every event a unit "
        f'(`clustering="none"`, the default before): shares {100 * shares["plain"].mean():.1f}%, '
        f"rates {100 * rates['plain'].mean():.1f}%.",
        "",
        f"Power (seeds 0–{len(power) - 1}, the same null world plus `practice_plant` {PLANT}): "
        f"the contact-gap share marked `boven` in {int(power['contact_gap'].sum())} of {len(power)}, "
        f"contacts per active month marked `onder` in {int(power['contacts_per_month'].sum())} of {len(power)}; "
        f'with every event a unit (`clustering="none"`) {int(power["contact_gap_plain"].sum())} '
        f"and {int(power['contacts_per_month_plain'].sum())} of {len(power)}.",
        "",
    ]
    return "\n".join(lines)


def write(text: str) -> None:
    """Replace the section's numbers; keep the reading that follows them ("What this says:")."""
    doc = DOC.read_text(encoding="utf-8")
    after = ""
    if SECTION in doc:
        head, rest = doc[: doc.index(SECTION)], doc[doc.index(SECTION) :]
        if READING in rest:
            after = rest[rest.index(READING) :]
        doc = head
    DOC.write_text(
        doc.rstrip() + "\n\n" + text.rstrip() + "\n\n" + after, encoding="utf-8"
    )


if __name__ == "__main__":
    main()
