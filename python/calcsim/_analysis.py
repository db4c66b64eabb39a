"""Dose-response sweeps and sensitivity analysis (virtual populations: _population.py).

These wait for the engine: the C++ engine is gaining arms, sweeps and
sensitivities (issue 4), and calcsim exposes the engine's implementation
rather than a second one written in Python. Until the binding exists, each
function raises NotImplementedError saying so.

Extension point: bind the engine's functions in bindings/register_analysis.cpp
(as ``_core.sweep``, ``_core.sensitivity``) and convert
their results here into the DataFrames described below;
:func:`calcsim.plot.dose_response` already plots the sweep shape.
"""

from __future__ import annotations

from typing import Any

from . import _core


def _engine(name: str):
    function = getattr(_core, name, None)
    if function is None:
        raise NotImplementedError(
            f"calcsim.{name}() needs the engine's {name}, which is not in this build yet (issue 4). "
            f"Until then, call calcsim.run() or calcsim.compare() once per value yourself.")
    return function


def sweep(scenario: Any = None, vary: Any = None, **options: Any):
    """Dose-response: one output table per value of a dose or parameter.

    Planned shape (the engine's ``calcsim sweep SCENARIO --vary mk7.dose=0..360mcg:9``):
    ``calcsim.sweep("postmenopausal-mk7", vary={"mk7.dose": "0..360 mcg:9"},
    outputs=["dp_ucmgp"], at="1y")`` returning a DataFrame with one row per value
    (the varied quantity as the first column, 'name [unit]'), ready for
    :func:`calcsim.plot.dose_response`. Raises NotImplementedError until the
    engine provides it.
    """
    return _engine("sweep")(scenario, vary, **options)


def sensitivity(scenario: Any = None, output: Any = None, **options: Any):
    """Normalised local sensitivities of an output to every parameter, ranked.

    Planned shape (``calcsim sensitivity SCENARIO --output arterial_score --at 10y``):
    a DataFrame indexed by parameter name with its value, unit, source and the
    normalised sensitivity, largest first. Raises NotImplementedError until the
    engine provides it.
    """
    return _engine("sensitivity")(scenario, output, **options)

