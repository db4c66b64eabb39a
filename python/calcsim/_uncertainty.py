"""Parameter uncertainty: the shipped posterior, its fingerprints, and intervals.

The posterior (data/posterior.json, written by scripts/fit/fit_posterior.py) is
a multivariate normal over the parameters the calibration rows inform, in each
parameter's fitting scale (log for positive parameters). docs/UNCERTAINTY.md
states the method and its limits.
"""
from __future__ import annotations

import hashlib
import json

from . import _core

#: Share of the draws outside a reported interval, on each side (90% intervals).
TAIL = 0.05


def calibration_fingerprint(markdown: str) -> str:
    """A fingerprint of the calibration rows as data, from the generated table of
    docs/CALIBRATION.md (which a test keeps equal to `calcsim calibration`): each
    row's id, published value and accepted interval, not the simulated value,
    which moves with the solver. A row added, removed or re-banded changes it."""
    begin, end = "<!-- BEGIN GENERATED", "<!-- END GENERATED"
    if begin not in markdown or end not in markdown:
        raise ValueError("expected the generated calibration table of docs/CALIBRATION.md")
    block = markdown[markdown.index(begin):markdown.index(end)]
    lines = []
    for line in block.splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split(" | ")]
        if len(cells) < 6 or "(`" not in cells[0]:
            continue
        row_id = cells[0][cells[0].rindex("(`") + 2:cells[0].rindex("`)")]
        lines.append(f"{row_id};{cells[2]};{cells[4]}\n")
    if not lines:
        raise ValueError("the calibration table of docs/CALIBRATION.md has no rows")
    return hashlib.sha256("".join(lines).encode()).hexdigest()[:16]


def load_posterior(path: str | None = None) -> dict:
    """The posterior file as a dict (its provenance, parameters, covariance and
    diagnostics). The engine checks it when it is used; this only reads it."""
    with open(path or _core.default_posterior_path(), encoding="utf-8") as f:
        return json.load(f)


def posterior_status(calibration_markdown: str, path: str | None = None) -> list[str]:
    """Why the posterior no longer matches the model (empty when it does): the
    parameter registry's fingerprint and that of the calibration rows, given the
    text of docs/CALIBRATION.md. Regenerate with scripts/fit/fit_posterior.py."""
    post = load_posterior(path)
    problems = []
    if post["parameter_fingerprint"] != _core.registry_fingerprint():
        problems.append(f"the parameter registry changed (posterior {post['parameter_fingerprint']}, model "
                        f"{_core.registry_fingerprint()}): a parameter was added, removed or changed")
    rows = calibration_fingerprint(calibration_markdown)
    if post["calibration_fingerprint"] != rows:
        problems.append(f"the calibration rows changed (posterior {post['calibration_fingerprint']}, "
                        f"docs/CALIBRATION.md {rows}): a row was added, removed or re-banded")
    return problems
