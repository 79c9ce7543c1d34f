"""An attacker's audit of the published cells of every extern report in a folder.

The attacker holds every report (all months) and knows the sums between their
cells: the relations each cells file declares (row and column totals of a table),
the stock-flow identity between consecutive months (stock at the end of month m =
stock at the end of m - 1 + inflow of m - outflow of m) wherever the summary
publishes those figures, a share against its numerator and denominator, and that
the same figure of a month (a cell's ``ref``) is one number in every report. For
every suppressed count the audit finds the interval those relations leave
(HiGHS, ``highspy``: the minimum and the maximum of the cell, every cell at
least 0, published cells fixed, ``"<k"`` at most k - 1, ``"x"`` at least k). A
cell whose interval holds fewer than k whole numbers is a leak, and so is a
published count of 1 to k - 1. So is group attribute disclosure (``_group``): a
table line whose total is known and whose members all sit in one cell (every other
cell of the line published as, or derived to be, zero), or a published share of
0 % or 100 %. See ``docs/disclosure.md``.
"""

from __future__ import annotations

import math
import os
from collections import defaultdict
from dataclasses import dataclass, field, replace
from datetime import date
from typing import TYPE_CHECKING, Any, Final

import numpy as np

from ipgar_metrics.disclosure._cells import read_cells_folder
from ipgar_metrics.disclosure._group import all_or_none, group_lines
from ipgar_metrics.errors import ConfigError
from ipgar_metrics.workdays import shift_month

if TYPE_CHECKING:
    from highspy._core import _Highs

#: The key figures the stock-flow identity links (a cell's ``ref`` is name@month).
STOCK, INFLOW, OUTFLOW = "summary.stock", "summary.inflow", "summary.outflow"
_TOL: Final[float] = 1e-6


@dataclass(frozen=True)
class Finding:
    """A cell an attacker can narrow (or a small count that is published)."""

    month: str
    table: str
    row: str
    column: str
    low: float
    high: float
    reason: str

    def line(self) -> str:
        """One line: where the cell is and what an attacker learns."""
        where = f"{self.month}  {self.table} | {self.row} | {self.column}"
        if self.reason == "published":
            return f"{where}: published {_num(self.low)}, a count below the threshold"
        if self.reason == "group":
            return (
                f"{where}: holds all {_num(self.low)} members of its line "
                "(group disclosure: everyone in the line shares this category)"
            )
        if self.reason == "share":
            return (
                f"{where}: published {_num(self.low)}%, none or all of the group "
                "(group disclosure)"
            )
        return f"{where}: derived between {_num(self.low)} and {_num(self.high)}"


@dataclass
class AuditResult:
    """What the audit found over the reports of a folder."""

    months: list[str]
    reports: int
    protected: int
    threshold: int
    findings: list[Finding] = field(default_factory=list)
    #: The largest perturbation bound of the reports' counts (0: exact counts).
    noise: int = 0

    @property
    def ok(self) -> bool:
        """True when no suppressed cell can be narrowed and no small count is shown."""
        return not self.findings

    def lines(self) -> list[str]:
        """The findings, one line each, or one line saying the reports hold."""
        span = f"{self.months[0]} to {self.months[-1]}" if self.months else "-"
        noise = (
            [
                f"published counts are perturbed by at most {self.noise}: an attacker "
                f"knows each true count only within {2 * self.noise + 1} values "
                "(and at least the threshold), never exactly."
            ]
            if self.noise
            else []
        )
        if self.ok:
            return [
                f"no leak: {self.protected} suppressed counts in {self.reports} "
                f"reports ({span}) each keep at least {self.threshold} possible values.",
                *noise,
            ]
        head = (
            f"{len(self.findings)} cells leak in {self.reports} reports ({span}); "
            f"threshold {self.threshold}:"
        )
        return [head, *(f.line() for f in self.findings), *noise]


@dataclass
class _Quantity:
    """One number, however many reports publish it (by ``ref``) or hide it."""

    kind: str
    threshold: int
    value: float | None = None  # the latest published value (exact methods)
    low: float = 0.0
    high: float = math.inf
    hidden_at: tuple[str, dict[str, Any]] | None = None  # first suppressed cell
    shown_at: tuple[str, dict[str, Any]] | None = None  # first published cell
    noisy: bool = False  # published with a perturbation: known within bounds only
    published: float | None = None  # the perturbed value as published


@dataclass
class _Model:
    """What an attacker holds: every quantity and the sums between them."""

    quantities: dict[str, _Quantity]
    relations: list[tuple[str, list[str], list[str]]]
    shares: list[tuple[str, str, list[str]]]
    #: per report (in order), its cell ids' quantity keys
    keys: list[dict[str, str]]
    #: the relations the reports declare (``relations`` adds the stock-flow ones)
    declared: list[tuple[str, list[str], list[str]]]


def audit_folder(folder: str | os.PathLike[str]) -> AuditResult:
    """Audit every ``*.cells.json`` in ``folder`` (see the module docstring)."""
    return audit_reports(read_cells_folder(folder))


def audit_reports(reports: list[dict[str, Any]]) -> AuditResult:
    """Audit cells files already read (``_cells.read_cells``), in month order."""
    model = build_model(reports)
    quantities = model.quantities
    threshold = max(r["threshold"] for r in reports)
    derived: dict[str, tuple[float, float]] = {}
    findings = sorted(
        _published_small(quantities)
        + _narrowed(model, derived)
        + _groups(quantities, model.relations, derived),
        key=lambda f: (f.month, f.table, f.row, f.column),
    )
    protected = sum(
        1 for q in quantities.values() if q.kind == "count" and q.hidden_at is not None
    )
    months = sorted({r["month"] for r in reports})
    noise = max((_noise(r) for r in reports), default=0)
    return AuditResult(months, len(reports), protected, threshold, findings, noise)


def build_model(reports: list[dict[str, Any]], base: _Model | None = None) -> _Model:
    """The quantities and relations of ``reports`` (in month order).

    ``base``: the model of reports that come before these (left as it is: a quantity
    a report here changes is copied first), so a caller that adds one report to the
    same earlier ones again and again builds those once.
    """
    quantities = dict(base.quantities) if base else {}
    declared = list(base.declared) if base else []
    shares = list(base.shares) if base else []
    all_keys = list(base.keys) if base else []
    mine: set[str] = set()  # quantities of this call (copied or new): change in place
    for report in reports:
        keys = _add_cells(report, quantities, mine)
        all_keys.append(keys)
        for rel in report.get("relations", []):
            if "share" in rel:
                dens = rel.get("denominator_parts") or [rel["denominator"]]
                shares.append(
                    (
                        keys[rel["share"]],
                        keys[rel["numerator"]],
                        [keys[d] for d in dens],
                    )
                )
            else:
                parts = [keys[p] for p in rel["parts"]]
                minus = [keys[m] for m in rel.get("minus", [])]
                declared.append((keys[rel["total"]], parts, minus))
    relations = declared + _stock_flow(quantities)
    return _Model(quantities, relations, shares, all_keys, declared)


def _noise(report: dict[str, Any]) -> int:
    """The bound of the perturbation of a report's counts (0: published exactly)."""
    return int(report.get("max_noise") or 0)


def _add_cells(
    report: dict[str, Any], quantities: dict[str, _Quantity], mine: set[str]
) -> dict[str, str]:
    """Merge the report's cells into ``quantities``; each cell id's quantity key.

    A quantity not in ``mine`` belongs to a base model: it is replaced by a copy
    before it changes (and its key added to ``mine``).

    A count of a perturbed report (``max_noise`` D, the cell-key method) is not
    fixed at its value v: the attacker knows only that the true count is between
    v - D and v + D, and at least the threshold (no count below it is published).
    """
    month, k = report["month"], report["threshold"]
    noise = _noise(report)
    keys: dict[str, str] = {}
    for cell in report["cells"]:
        key = cell.get("ref") or f"{month}|{cell['id']}"
        keys[cell["id"]] = key
        if key not in mine:
            old = quantities.get(key)
            q = replace(old) if old else _Quantity(cell["kind"], k)
            quantities[key] = q
            mine.add(key)
        else:
            q = quantities[key]
        q.threshold = max(q.threshold, k)
        if cell["value"] is not None:
            value = float(cell["value"])
            q.shown_at = q.shown_at or (month, cell)
            if noise and cell["kind"] == "count" and value > 0:
                q.noisy = True  # a revision wins: the latest bounds replace older ones
                q.low, q.high = max(float(k), value - noise), value + noise
                q.value, q.published = None, value
                continue
            q.value = value  # reports in month order: a revision wins
            continue
        if cell["kind"] == "count":
            shown = str(cell["shown"]).strip()
            if shown.startswith("<"):
                q.high = min(q.high, k - 1)
            elif shown == "x":
                q.low = max(q.low, k)  # hidden to protect another: not small itself
            if q.hidden_at is None:
                q.hidden_at = (month, cell)
    return keys


def _stock_flow(
    quantities: dict[str, _Quantity],
) -> list[tuple[str, list[str], list[str]]]:
    """stock@m = stock@(m-1) + inflow@m - outflow@m wherever all four are in a report."""
    out = []
    for key in quantities:
        name, _, month = key.partition("@")
        if name != STOCK or not month:
            continue
        prev = shift_month(date.fromisoformat(f"{month}-01"), -1).strftime("%Y-%m")
        parts = [f"{STOCK}@{prev}", f"{INFLOW}@{month}"]
        minus = [f"{OUTFLOW}@{month}"]
        if all(p in quantities for p in (*parts, *minus)):
            out.append((key, parts, minus))
    return out


def _published_small(quantities: dict[str, _Quantity]) -> list[Finding]:
    """Counts shown with a value from 1 to k - 1, and hidden cells shown elsewhere."""
    out = []
    for q in quantities.values():
        if q.noisy and q.published is not None and q.shown_at is not None:
            if 1 <= q.published < q.threshold:
                month, cell = q.shown_at
                out.append(_finding(month, cell, q.published, q.published, "published"))
            continue
        if q.kind != "count" or q.value is None:
            continue
        if q.hidden_at is not None:  # hidden in one report, published in another
            month, cell = q.hidden_at
            out.append(_finding(month, cell, q.value, q.value, "narrowed"))
        elif 1 <= q.value < q.threshold and q.shown_at is not None:
            month, cell = q.shown_at
            out.append(_finding(month, cell, q.value, q.value, "published"))
    return out


def _narrowed(
    model: _Model, derived: dict[str, tuple[float, float]] | None = None
) -> list[Finding]:
    """The suppressed counts whose derived interval holds fewer than k values.

    ``derived`` (when given) receives every suppressed count's interval.
    """
    out: list[Finding] = []
    for key, low, high in leaking(model, derived=derived):
        q = model.quantities[key]
        if q.hidden_at is not None:
            month, cell = q.hidden_at
            out.append(_finding(month, cell, low, high, "narrowed"))
    return out


def _groups(
    quantities: dict[str, _Quantity],
    relations: list[tuple[str, list[str], list[str]]],
    derived: dict[str, tuple[float, float]],
) -> list[Finding]:
    """Lines whose members all sit in one cell, and shares of 0 % or 100 %.

    A table line (a relation without ``minus``: the stock-flow identity is no
    line of a table) whose total is known and every part but one is known to be
    zero tells the category of every member (``_group.group_lines``).
    """

    def bounds(key: str) -> tuple[float, float]:
        q = quantities[key]
        if q.value is not None:
            return q.value, q.value
        return derived.get(key, (q.low, q.high))

    lines = [(total, parts) for total, parts, minus in relations if not minus]
    out = []
    seen: set[str] = set()  # one line per cell (its row and its column may both tell)
    for part, _total, members in group_lines(lines, bounds):
        q = quantities[part]
        place = q.shown_at or q.hidden_at
        if place is not None and part not in seen:
            seen.add(part)
            out.append(_finding(place[0], place[1], members, members, "group"))
    for q in quantities.values():
        if q.kind == "share" and q.shown_at is not None and all_or_none(q.value):
            month, cell = q.shown_at
            out.append(_finding(month, cell, q.value or 0.0, q.value or 0.0, "share"))
    return out


def leaking(
    model: _Model,
    among: set[str] | None = None,
    *,
    first: bool = False,
    cache: dict[frozenset[str], list[tuple[str, float, float]]] | None = None,
    derived: dict[str, tuple[float, float]] | None = None,
) -> list[tuple[str, float, float]]:
    """The hidden counts an attacker narrows below k values: (key, low, high).

    ``among``: solve only the groups of linked unknown cells that hold one of these
    keys (the cells of the report being protected); ``first``: stop at the first
    leak of each group (enough to decide which cell to hide next); ``cache``: the
    answers of groups solved before, by their members (valid while the published
    values do not change and cells are only hidden: a group whose members are the
    same has the same relations and bounds); ``derived``: receives the interval of
    every hidden count of the groups solved (not of cached ones).
    """
    quantities, relations, shares = model.quantities, model.relations, model.shares
    unknown = {key for key, q in quantities.items() if q.value is None}
    out: list[tuple[str, float, float]] = []
    for members in _components(unknown, relations, shares):
        if among is not None and not among.intersection(members):
            continue
        group = frozenset(members)
        if cache is not None and group in cache:
            out.extend(cache[group])
            continue
        found = _group_leaks(model, members, first=first, derived=derived)
        if cache is not None:
            cache[group] = found
        out.extend(found)
    return out


def _group_leaks(
    model: _Model,
    members: list[str],
    *,
    first: bool,
    derived: dict[str, tuple[float, float]] | None = None,
) -> list[tuple[str, float, float]]:
    """The leaking hidden counts of one group of linked unknown cells."""
    quantities, relations, shares = model.quantities, model.relations, model.shares
    out: list[tuple[str, float, float]] = []
    system = _System(members, quantities)
    inside = set(members)
    for rel in relations:
        if not inside.isdisjoint((rel[0], *rel[1], *rel[2])):
            system.add_sum(*rel)
    for share, num, dens in shares:
        if not inside.isdisjoint((num, *dens)):
            system.add_share(share, num, dens)
    for key in members:
        q = quantities[key]
        if q.kind != "count" or q.hidden_at is None:
            continue
        low, high = system.interval(key)
        if derived is not None:
            derived[key] = (low, high)
        if math.isinf(high):  # no upper end: as many values as one likes
            continue
        values = math.floor(high + _TOL) - math.ceil(low - _TOL) + 1
        if values < q.threshold:
            out.append((key, low, high))
            if first:
                break
    return out


def _components(
    unknown: set[str],
    relations: list[tuple[str, list[str], list[str]]],
    shares: list[tuple[str, str, list[str]]],
) -> list[list[str]]:
    """Groups of unknown cells linked by a relation (solved one group at a time)."""
    parent = {key: key for key in unknown}

    def root(key: str) -> str:
        while parent[key] != key:
            parent[key] = parent[parent[key]]
            key = parent[key]
        return key

    linked: set[str] = set()
    for members in [[r[0], *r[1], *r[2]] for r in relations] + [
        [s[1], *s[2]] for s in shares
    ]:
        hidden = [m for m in members if m in unknown]
        linked.update(hidden)
        for other in hidden[1:]:
            parent[root(other)] = root(hidden[0])
    groups: dict[str, list[str]] = defaultdict(list)
    for key in sorted(linked):
        groups[root(key)].append(key)
    return list(groups.values())


class _System:
    """The linear system of one group: equalities (sums), inequalities (shares)."""

    def __init__(self, members: list[str], quantities: dict[str, _Quantity]) -> None:
        self.index = {key: i for i, key in enumerate(members)}
        self.quantities = quantities
        self.eq: list[tuple[np.ndarray, float]] = []
        self.ub: list[tuple[np.ndarray, float]] = []
        # each unknown's range: at least 0 (or k for "x"), at most k - 1 for "<k" (an
        # upper end of inf is none, as HiGHS reads it)
        self.lower = np.array([quantities[k].low for k in members], dtype=float)
        self.upper = np.array([quantities[k].high for k in members], dtype=float)
        self._solver: _Highs | None = None

    def _term(self, key: str, coef: float, row: np.ndarray) -> float:
        """Add ``coef * key`` to ``row``; the constant it contributes otherwise."""
        value = self.quantities[key].value
        if value is not None:
            return coef * value
        row[self.index[key]] += coef
        return 0.0

    def add_sum(self, total: str, parts: list[str], minus: list[str]) -> None:
        """Total - sum(parts) + sum(minus) = 0."""
        row = np.zeros(len(self.index))
        const = self._term(total, 1.0, row)
        const += sum(self._term(p, -1.0, row) for p in parts)
        const += sum(self._term(m, 1.0, row) for m in minus)
        self.eq.append((row, -const))

    def add_share(self, share: str, num: str, dens: list[str]) -> None:
        """A published percentage s (whole): den (s - 0.5) <= 100 num <= den (s + 0.5).

        ``den`` is the sum of ``dens`` (one cell, or every row of a table).
        """
        s = self.quantities[share].value
        if s is None:
            return
        for sign, edge in ((1.0, s - 0.5), (-1.0, s + 0.5)):
            row = np.zeros(len(self.index))  # sign (edge den - 100 num) <= 0
            const = sum(self._term(d, sign * edge, row) for d in dens)
            const += self._term(num, -100 * sign, row)
            self.ub.append((row, -const))

    def interval(self, key: str) -> tuple[float, float]:
        """The minimum and maximum of ``key`` subject to the system.

        One HiGHS model per group, built at the first call: each end is the same
        constraints with another objective, so the solver starts from the basis it
        left (a few pivots instead of a fresh solve).
        """
        import highspy  # loaded when the audit runs (0.2 s)

        if self._solver is None:
            self._solver = self._build()
        h, i = self._solver, self.index[key]
        unbounded = (
            highspy.HighsModelStatus.kUnbounded,
            highspy.HighsModelStatus.kUnboundedOrInfeasible,
        )
        h.changeColCost(i, 1.0)
        ends = []
        for sense in (highspy.ObjSense.kMinimize, highspy.ObjSense.kMaximize):
            h.changeObjectiveSense(sense)
            h.run()
            status = h.getModelStatus()
            if status in unbounded:  # the group is feasible (checked): no end
                ends.append(
                    math.inf if sense == highspy.ObjSense.kMaximize else -math.inf
                )
            elif status != highspy.HighsModelStatus.kOptimal:
                raise _not_adding_up()
            else:
                ends.append(float(h.getInfo().objective_function_value))
        h.changeColCost(i, 0.0)
        return ends[0], ends[1]

    def _build(self) -> _Highs:
        """The group's model, checked to have a solution (published cells add up)."""
        import highspy
        from highspy._core import _Highs  # the solver without the banner and callbacks

        h = _Highs()
        h.setOptionValue("output_flag", False)
        inf = highspy.kHighsInf
        h.addVars(len(self.index), self.lower, self.upper)
        for rows, low_of in ((self.eq, True), (self.ub, False)):
            for row, bound in rows:
                (idx,) = np.nonzero(row)
                h.addRow(
                    bound if low_of else -inf, bound, len(idx),
                    idx.astype(np.int32), row[idx],
                )  # fmt: skip
        h.run()
        if h.getModelStatus() != highspy.HighsModelStatus.kOptimal:
            raise _not_adding_up()
        return h


def _not_adding_up() -> ConfigError:
    return ConfigError(
        "the published cells do not add up (a total differs from the sum of its "
        "parts), so the audit cannot run; write the reports again from one store."
    )


def _finding(
    month: str, cell: dict[str, Any], low: float, high: float, reason: str
) -> Finding:
    return Finding(
        month, cell["table"], str(cell["row"]), str(cell["column"]), low, high, reason
    )


def _num(value: float) -> str:
    if math.isinf(value):
        return "any number"
    return f"{value:.0f}" if abs(value - round(value)) < _TOL else f"{value:.2f}"
