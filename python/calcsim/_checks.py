"""Checks of run()'s and compare()'s own arguments, before they reach the engine.

Bad values raise :class:`calcsim.InputError` (a ValueError) naming the
argument, as the command line names its option; values of the wrong type
raise TypeError. Either way the message says what was expected.
"""

from __future__ import annotations

import math
import numbers
from typing import Any

import numpy as np

from . import _core


def input_error(argument: str, message: str) -> Exception:
    """An InputError for a bad argument: the message and `argument` name it (no file, line or key)."""
    error = _core.InputError(f"{argument}: {message}")
    error.file, error.line, error.column, error.key, error.argument, error.detail = "", 0, 0, "", argument, message
    return error


def real(value: Any, argument: str, expected: str) -> float:
    """One real number (int, float, numpy scalar), not a bool, a string or an array."""
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise TypeError(f"{argument}: expected {expected}, not {value!r}")
    return float(value)


def positive(value: Any, argument: str, expected: str, at_most: float = math.inf) -> float:
    """A finite number above 0 and at most `at_most`."""
    number = real(value, argument, expected)
    if not (math.isfinite(number) and 0.0 < number <= at_most):
        raise input_error(argument, f"expected {expected}, got {value!r}")
    return number


def tolerance(value: Any, argument: str) -> float | None:
    """None (the default) or a tolerance above 0 and below 1."""
    if value is None:
        return None
    number = positive(value, argument, "a tolerance above 0 and below 1, such as 1e-4")
    if number >= 1.0:
        raise input_error(argument, f"expected a tolerance above 0 and below 1, such as 1e-4, got {value!r}")
    return number


def flag(value: Any, argument: str) -> bool:
    """True or False (numpy's bool too), nothing else."""
    if isinstance(value, (bool, np.bool_)):
        return bool(value)
    raise TypeError(f"{argument}: expected True or False, not {value!r}")


def count(value: Any, argument: str, expected: str, at_most: int) -> int:
    """A whole number from 0 to `at_most` (not a bool, not a float)."""
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, numbers.Integral):
        raise TypeError(f"{argument}: expected {expected}, not {value!r}")
    if not 0 <= value <= at_most:
        raise input_error(argument, f"expected {expected}, got {value!r}")
    return int(value)
