"""calcsim: where the calcium you eat ends up, bone or artery wall.

An illustrative teaching model, not medical advice. Three lines::

    import calcsim
    c = calcsim.compare("postmenopausal-mk7", years=3)   # with vs without vitamin K2
    c.wide["dp_ucmgp [pmol/L]"].plot()                   # or calcsim.plot.comparison(c)

Main entry points:

- :func:`run` simulates one scenario and returns a :class:`Result`
  (``.df``: a pandas DataFrame indexed by 'time [day]' with columns
  'name [unit]'; ``.array``: the same numbers without a copy);
- :func:`compare` runs arms from one starting state and returns a
  :class:`Comparison` (``print(c.report())``: the table ``calcsim compare``
  prints; ``.summary()``: the same as a DataFrame; ``.long``, ``.wide``,
  ``.difference()``; ``.to_html()``: a page to share);
- :class:`Scenario`: ``Scenario.load(name_or_path)``, ``Scenario.from_dict``,
  ``Scenario.default()``, and copies with changes (``with_dose``,
  ``with_intervention``, ``without``, ``with_patient``, ``with_diet``,
  ``without_k2``, ``with_baseline_d25``);
- :func:`params`, :func:`scenarios`, :func:`outputs`: what can be changed,
  run and read, as DataFrames;
- :func:`sweep` (dose-response) and :func:`sensitivity` (which parameters
  drive an output), as DataFrames;
- :func:`population`: a virtual population whose parameters vary, returning a
  :class:`Population` (``.patients``, ``.bands``: percentiles over time);
  ``client=`` runs it in chunks on a Dask cluster;
- :mod:`calcsim.plot`: trajectories, comparisons, the calcium balance, the
  arterial score with its category bands, dose-response curves;
- :func:`explore`: sliders in Jupyter that redraw the with/without-K2 comparison;
- :func:`calibration` and :func:`validation`: the model against published
  human data as DataFrames, all of it or the groups of experiments named in
  ``groups=`` (:func:`calibration_groups`, :func:`validation_groups`).

Bad input raises :class:`InputError` (a ValueError) and a failed solve
:class:`NumericalError` (a RuntimeError), with the engine's messages.
"""

from . import _core
from ._analysis import sensitivity, sweep
from ._labels import TIME_LABEL, label, split_label
from ._population import Population, population
from ._result import Result, outputs
from ._scenario import Scenario
from ._simulate import Comparison, compare, initial_condition, params, run, scenarios
from ._targets import calibration, calibration_groups, validation, validation_groups
from ._explore import Explorer, explore

__version__ = _core.__version__
DISCLAIMER = _core.disclaimer
InputError = _core.InputError
NumericalError = _core.NumericalError

__all__ = [
    "Comparison", "DISCLAIMER", "Explorer", "InputError", "NumericalError", "Population", "Result", "Scenario",
    "TIME_LABEL", "calibration", "calibration_groups", "compare", "explore", "initial_condition", "label", "outputs",
    "params", "population", "run", "scenarios", "sensitivity", "split_label", "sweep", "validation",
    "validation_groups", "__version__",
]


def __getattr__(name):
    # `calcsim.plot` without importing matplotlib for users who never plot.
    if name == "plot":
        import importlib

        return importlib.import_module(".plot", __name__)
    raise AttributeError(f"module 'calcsim' has no attribute '{name}'")
