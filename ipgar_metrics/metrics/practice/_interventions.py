"""Which intervention types each organisation uses, and which of a catalogue none does.

Issue 23 item 3 ("Zijn er geschikte interventies die niet ingezet worden?"): counted
over the ``interventie_start`` events of the practice profile's window, per group
(the organisation of the case manager, small ones merged, as every measure of the
profile). Only where the export has an intervention type (``intervention_type``,
schema version 6); a catalogue (the types that exist) adds the types no
organisation started in the window.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Final

import pandas as pd

#: The ``org`` of the rows of catalogue types that no organisation used.
ALL_ORGS: Final[str] = "alle organisaties"

COLUMNS: Final[dict[str, str]] = {
    "org": f"str: organisation of the case managers, or '{ALL_ORGS}' for an unused type",
    "intervention_type": "str: code of the intervention type",
    "interventions": "int: interventie_start of the type in the window",
    "share": "float: of the organisation's interventions with a type (NaN: unused type)",
    "in_catalogue": "bool: the type is in the catalogue (None: no catalogue given)",
}


def type_use(events: pd.DataFrame, catalogue: Sequence[str] | None) -> pd.DataFrame:
    """One row per group and type used; then one per catalogue type none used.

    ``events``: the window events of the profile with ``group`` (``_profile``).
    Rows are sorted by group and type, the unused catalogue types last.
    """
    starts = events.loc[
        (events["activity"] == "interventie_start")
        & events["intervention_type"].notna()
        & events["group"].notna()
    ]
    counts = starts.groupby(["group", "intervention_type"]).size()
    used = counts.rename("interventions").reset_index().rename(columns={"group": "org"})
    totals = used.groupby("org")["interventions"].transform("sum")
    used["share"] = used["interventions"] / totals
    known = None if catalogue is None else set(catalogue)
    used["in_catalogue"] = (
        None if known is None else used["intervention_type"].isin(known)
    )
    rows = [used]
    if known is not None:
        unused = sorted(known - set(used["intervention_type"]))
        rows.append(
            pd.DataFrame(
                {
                    "org": ALL_ORGS,
                    "intervention_type": unused,
                    "interventions": 0,
                    "share": float("nan"),
                    "in_catalogue": True,
                }
            )
        )
    out = pd.concat(rows, ignore_index=True) if len(rows) > 1 else used
    out["interventions"] = out["interventions"].astype("int64")
    return out[list(COLUMNS)].reset_index(drop=True)
