"""Parameter uncertainty: the shipped posterior, its fingerprints, and intervals.

The posterior (data/posterior.json, written by scripts/fit/fit_posterior.py) is
a multivariate normal over the parameters the calibration rows inform, in each
parameter's fitting scale (log for positive parameters). docs/UNCERTAINTY.md
states the method and its limits.
"""
from __future__ import annotations

import hashlib
import json
from typing import Any, Iterable, Mapping

from . import _core

#: Share of the draws outside a reported interval, on each side (90% intervals).
TAIL = 0.05


def calibration_fingerprint(rows: Iterable[Mapping[str, Any]]) -> str:
    """A fingerprint of the calibration rows as data: each row's id, published
    value and accepted interval (not the simulated value, which moves with the
    solver). A row added, removed or re-banded changes it."""
    text = "".join(f"{r['id']};{r['published']};{r['low']!r};{r['high']!r}\n" for r in rows)
    return hashlib.sha256(text.encode()).hexdigest()[:16]


def load_posterior(path: str | None = None) -> dict:
    """The posterior file as a dict (its provenance, parameters, covariance and
    diagnostics). The engine checks it when it is used; this only reads it."""
    with open(path or _core.default_posterior_path(), encoding="utf-8") as f:
        return json.load(f)


def posterior_status(path: str | None = None) -> list[str]:
    """Why the posterior no longer matches the model (empty when it does),
    without running the calibration: the parameter registry's fingerprint."""
    post = load_posterior(path)
    problems = []
    if post["parameter_fingerprint"] != _core.registry_fingerprint():
        problems.append(f"parameter registry changed ({post['parameter_fingerprint']} -> "
                        f"{_core.registry_fingerprint()})")
    return problems
