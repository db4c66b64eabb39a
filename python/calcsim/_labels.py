"""Column labels with units, PyBaMM style: ``"dp_ucmgp [pmol/L]"``.

The same labels head the CSV files ``calcsim run --out`` writes, so
``pandas.read_csv`` of such a file and :attr:`calcsim.Result.df` have the same
column names.
"""

from __future__ import annotations

import re

TIME = "time"
TIME_UNIT = "day"
TIME_LABEL = "time [day]"
DAYS_PER_YEAR = 365.25

_LABEL = re.compile(r"^(.*?)\s*\[([^\[\]]*)\]$")


def label(name: str, unit: str) -> str:
    """The column label of an output: ``label("dp_ucmgp", "pmol/L") == "dp_ucmgp [pmol/L]"``."""
    return f"{name} [{unit}]"


def split_label(text: str) -> tuple[str, str | None]:
    """Splits ``"dp_ucmgp [pmol/L]"`` into ``("dp_ucmgp", "pmol/L")``; ``(text, None)`` without a unit."""
    match = _LABEL.match(str(text))
    if match is None:
        return str(text), None
    return match.group(1), match.group(2)


def name_of(text: str) -> str:
    """The bare output name of a label or name: ``name_of("dp_ucmgp [pmol/L]") == "dp_ucmgp"``."""
    return split_label(text)[0]
