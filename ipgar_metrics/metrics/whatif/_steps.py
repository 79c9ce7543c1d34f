"""The steps of each estimation episode, and the model fields pooled from them.

Each episode's assessment events are walked once (``_records``); the model's
probabilities, shares and delay samples are pooled over a list of those records
(``fitted``), so a bootstrap resample of episodes is a resample of records.
"""

from __future__ import annotations

from typing import Any, Final

import numpy as np
import pandas as pd

#: Fewer episodes than this at an IVG-R round: that round and later ones are pooled.
MIN_AT_RISK: Final[int] = 10
#: Final decisions the model knows, in the order of ``decision_shares``.
DECISIONS: Final[tuple[str, ...]] = ("instroom", "geen_instroom", "tussenvariant")

_DAY = 86400.0


def days_of(delta: pd.Series) -> np.ndarray:
    return delta.dt.total_seconds().to_numpy(dtype=float) / _DAY


_STEP_KEYS: Final[tuple[str, ...]] = (
    "report_to_round",
    "report_to_request",
    "round_to_request",
    "info_wait",
    "wait_orgs",
    "info_to_round",
    "round_to_ptor",
    "postpone",
    "decision_to_intake",
    "pre_request",
    "postponed",
)


def records(eps: pd.DataFrame, events: pd.DataFrame) -> list[dict[str, Any]]:
    """Per episode: its step durations, rounds asked, outcome and observed days."""
    observed = days_of(eps["instroom_at"] - eps["melding_at"])
    grouped = events.groupby(["case_id", "episode"], sort=False)
    records: list[dict[str, Any]] = []
    for i, (case_id, episode, start, outcome) in enumerate(
        zip(
            eps["case_id"],
            eps["episode"],
            eps["melding_at"],
            eps["outcome"],
            strict=True,
        )
    ):
        key = (case_id, episode)
        ev = grouped.get_group(key) if key in grouped.groups else events.iloc[:0]
        out: dict[str, Any] = {k: [] for k in _STEP_KEYS}
        out["asked"] = _walk(start, ev, out)
        out["outcome"] = outcome
        out["observed"] = observed[i] if outcome == "instroom" else None
        records.append(out)
    return records


def fitted(records: list[dict[str, Any]]) -> dict[str, Any]:
    """The model's fields that come from the episodes (pooled over ``records``)."""
    pooled = {k: [v for r in records for v in r[k]] for k in _STEP_KEYS}
    arrays = {
        k: np.asarray(pooled[k], dtype=float)
        for k in _STEP_KEYS[:-2]
        if k != "wait_orgs"
    }
    p, at_risk = _hazard([r["asked"] for r in records])
    outcomes = [r["outcome"] for r in records]
    return {
        "pre_request_p": float(np.mean(pooled["pre_request"])),
        "more_info_p": p,
        "more_info_at_risk": at_risk,
        **{f"{k}_days": v for k, v in arrays.items()},
        "postpone_p": float(np.mean(pooled["postponed"])),
        "decision_shares": {
            d: sum(o == d for o in outcomes) / len(outcomes) for d in DECISIONS
        },
        "info_wait_by_org": _by_org(pooled["wait_orgs"], arrays["info_wait"]),
        "observed_days": np.asarray(
            [r["observed"] for r in records if r["observed"] is not None], dtype=float
        ),
    }


def _walk(
    start: pd.Timestamp, ev: pd.DataFrame, out: dict[str, list[Any]]
) -> list[bool]:
    def days(a: pd.Timestamp, b: pd.Timestamp) -> float:
        return (b - a).total_seconds() / _DAY

    asked: list[bool] = []
    last_round = request = received = hold = decision = None
    request_org: Any = None
    pre = postponed = False
    for ts, activity, outcome, org in zip(
        ev["ts"], ev["activity"], ev["outcome"], ev["org"], strict=True
    ):
        if activity == "info_aanvraag" and request is None:
            request, request_org = ts, org
        elif activity == "info_ontvangen" and request is not None:
            out["info_wait"].append(days(request, ts))
            out["wait_orgs"].append(request_org if pd.notna(request_org) else org)
            if last_round is None:
                pre = True
                out["report_to_request"].append(days(start, request))
            else:
                out["round_to_request"].append(days(last_round, request))
            request, received = None, ts
        elif activity == "ivgr_advies":
            if received is not None and (last_round is None or received > last_round):
                out["info_to_round"].append(days(received, ts))
            elif last_round is None:
                out["report_to_round"].append(days(start, ts))
            asked.append(outcome == "meer_informatie")
            last_round, request = ts, None  # a request unanswered at a round: dropped
        elif activity == "ptor_besluit" and decision is None and last_round is not None:
            if outcome == "aanhouden" and hold is None:
                postponed, hold = True, ts
                out["round_to_ptor"].append(days(last_round, ts))
            elif outcome in ("opname", "geen_opname"):
                if hold is not None:
                    out["postpone"].append(days(hold, ts))
                else:
                    out["round_to_ptor"].append(days(last_round, ts))
                decision = ts
        elif activity == "instroom" and decision is not None:
            out["decision_to_intake"].append(days(decision, ts))
    out["pre_request"].append(pre)
    out["postponed"].append(postponed)
    return asked


def _hazard(rounds: list[list[bool]]) -> tuple[np.ndarray, np.ndarray]:
    """P(round k asks for more information | k - 1 rounds done), tail pooled."""
    most = max((len(r) for r in rounds), default=0)
    at_risk = np.array([sum(len(r) >= k for r in rounds) for k in range(1, most + 1)])
    asks = np.array(
        [sum(len(r) >= k and r[k - 1] for r in rounds) for k in range(1, most + 1)]
    )
    if most == 0:
        return np.zeros(1), np.zeros(1, dtype=int)
    keep = max(1, int(np.sum(at_risk >= MIN_AT_RISK)))
    p = asks[:keep] / np.maximum(at_risk[:keep], 1)
    n = at_risk[:keep].copy()
    tail_asks, tail_n = asks[keep - 1 :].sum(), at_risk[keep - 1 :].sum()
    p[-1], n[-1] = tail_asks / max(tail_n, 1), tail_n
    return p.astype(float), n.astype(int)


def _by_org(orgs: list[Any], waits: np.ndarray) -> pd.DataFrame:
    """The wait for requested information per partner organisation (where known)."""
    frame = pd.DataFrame(
        {"org": [o if isinstance(o, str) else "onbekend" for o in orgs], "days": waits}
    )
    if frame.empty:
        return pd.DataFrame(
            columns=["org", "n", "mean_days", "median_days", "p90_days"]
        )
    g = frame.groupby("org")["days"]
    return pd.DataFrame(
        {
            "n": g.size(),
            "mean_days": g.mean(),
            "median_days": g.median(),
            "p90_days": g.quantile(0.9),
        }
    ).reset_index()
