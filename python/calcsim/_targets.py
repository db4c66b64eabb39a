"""The model against published human data: the calibration (the rows parameters
were fitted to) and the validation (rows nothing was fitted to), as ``calcsim
calibration`` and ``calcsim validation`` run them (bound in
bindings/register_targets.cpp). Each table is made of groups of experiments,
one study design each; ``groups=`` runs only the named ones, as ``--group``
does. docs/CALIBRATION.md and docs/VALIDATION.md are these tables.
"""

from __future__ import annotations

from typing import Iterable, Mapping

import pandas as pd

from . import _core
from ._analysis import _names

_COLUMNS = ["id", "quantity", "source", "published", "unit", "simulated", "low", "high", "pass", "known_failure",
            "failure_kind", "how"]


def calibration_groups() -> list[str]:
    """The names of the groups of calibration experiments, in the order of the table
    (``calcsim calibration --group NAME``, :func:`calibration` ``groups=``)."""
    return list(_core.calibration_groups())


def validation_groups() -> list[str]:
    """The names of the groups of validation experiments, in the order of the table
    (``calcsim validation --group NAME``, :func:`validation` ``groups=``)."""
    return list(_core.validation_groups())


def _table(rows: list[dict], groups: list[str] | None) -> pd.DataFrame:
    df = pd.DataFrame(rows, columns=_COLUMNS)
    df.attrs.update({"groups": groups, "disclaimer": _core.disclaimer})
    return df


def calibration(groups: str | Iterable[str] | None = None, *,
                params: Mapping[str, float | str] | None = None) -> pd.DataFrame:
    """The calibration table (``calcsim calibration``): the published values the
    parameters were fitted to, against the model.

    groups: the groups of experiments to run, in this order (names from
        :func:`calibration_groups`, as a list or 'a,b'); None: every group (tens
        of seconds on every core). A name given twice runs once.
    params: parameter overrides, as in :func:`calcsim.run`.

    Returns a DataFrame with one row per published value: id, quantity, source,
    published (as reported), unit, simulated, low and high (the accepted interval,
    in unit), pass, known_failure, failure_kind and how (the run behind the simulated value).
    An unknown group raises :class:`calcsim.InputError` (a ValueError) listing the
    groups.

    >>> calcsim.calibration(groups=["homeostasis"])
    """
    names = _names(groups, "groups")
    return _table(_core.calibration_rows(params, names), names)


def validation(groups: str | Iterable[str] | None = None, *, params: Mapping[str, float | str] | None = None,
               threads: int = 0) -> pd.DataFrame:
    """The validation table (``calcsim validation``): published values no parameter
    was fitted to, against the model. A failing row keeps its documented reason in
    known_failure (docs/VALIDATION.md), and failure_kind says which kind it is:
    'conflict' (published results disagree and the model follows one of them) or
    'limit' (the model cannot do what the result shows); '' for a row without one.

    groups: the groups of experiments to run, in this order (names from
        :func:`validation_groups`, as a list or 'a,b'); None: every group (a few
        minutes of CPU time). A name given twice runs once.
    params: parameter overrides, as in :func:`calcsim.run`; threads: 0 for one per core.

    Returns a DataFrame with the columns of :func:`calibration`. An unknown group
    raises :class:`calcsim.InputError` (a ValueError) listing the groups.

    >>> calcsim.validation(groups="exercise_trial")
    """
    names = _names(groups, "groups")
    return _table(_core.validation_rows(params, names, threads), names)


__all__ = ["calibration", "calibration_groups", "validation", "validation_groups"]
