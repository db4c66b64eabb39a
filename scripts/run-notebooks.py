#!/usr/bin/python3
"""Executes the teaching notebooks top to bottom, headless, and fails on any error.

    PYTHONPATH=build/release/python /usr/bin/python3 scripts/run-notebooks.py            # every notebook
    PYTHONPATH=build/release/python /usr/bin/python3 scripts/run-notebooks.py notebooks/02-*.ipynb
    ... scripts/run-notebooks.py --figures docs/figures notebooks/02-with-and-without-k2.ipynb
    ... scripts/run-notebooks.py --check-stripped       # committed notebooks carry no outputs

Each notebook runs in a fresh Python 3 kernel (this interpreter's, with its
environment, so `calcsim` must be importable from PYTHONPATH), in the
notebooks/ directory. A cell that raises, an assertion cell included, stops the
notebook with the cell's traceback and makes the exit status 1. The executed
notebooks are not written back (committed notebooks stay without outputs);
--output DIR writes them, outputs included, into DIR.

--figures DIR sets CALCSIM_FIGURES=DIR for the kernels; notebooks that make a
figure for the documentation save it there (notebook 02 writes
with-vs-without-k2.png). --check-stripped checks instead of running: no
outputs or execution counts, a first markdown cell that says what the
notebook teaches and that calcsim is not medical advice, an assertion cell, and
no path in the text (`docs/MODEL.md`) that the repository does not have.

Uses Debian's python3-nbclient and python3-nbformat.
"""

from __future__ import annotations

import argparse
import os
import re
import sys
import tempfile
import time
from pathlib import Path

import nbformat

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOKS = ROOT / "notebooks"
DISCLAIMER = "not medical advice"
# A path in backticks (`docs/MODEL.md`): a reader will look for it in the repository.
CITED_PATH = re.compile(r"`([A-Za-z0-9_.-]+/[A-Za-z0-9_./-]+)`")


def problems_of_committed(path: Path) -> list[str]:
    """What is wrong with a notebook as committed: outputs left in, or no opening note."""
    nb = nbformat.read(path, as_version=4)
    problems = []
    for k, cell in enumerate(nb.cells):
        if cell.cell_type == "code" and (cell.get("outputs") or cell.get("execution_count") is not None):
            problems.append(f"cell {k} has outputs or an execution count (strip them before committing)")
    first = nb.cells[0] if nb.cells else None
    if first is None or first.cell_type != "markdown" or DISCLAIMER not in first.source.lower():
        problems.append(f"the first cell must be markdown saying what it teaches and '{DISCLAIMER}'")
    if not any(cell.cell_type == "code" and "assert " in cell.source for cell in nb.cells):
        problems.append("no assertion cell checks what the notebook teaches")
    for k, cell in enumerate(nb.cells):
        if cell.cell_type != "markdown":
            continue
        for cited in CITED_PATH.findall(cell.source):
            if not (ROOT / cited).exists():
                problems.append(f"cell {k} cites `{cited}`, which is not in the repository")
    return problems


def execute(path: Path, timeout: int, output: Path | None = None) -> float:
    """Runs one notebook in a fresh kernel; returns the wall time. Raises on the first failing cell.
    With `output`, the executed notebook is written into that directory."""
    from jupyter_client import KernelManager
    from nbclient import NotebookClient

    nb = nbformat.read(path, as_version=4)
    with tempfile.TemporaryDirectory(prefix="calcsim-kernel-") as sockets:
        # The kernel talks over Unix sockets in a directory of its own, not TCP:
        # the free ports jupyter_client picks for one kernel can be taken by
        # another starting at the same moment (ctest runs the notebooks in
        # parallel), and the kernel then dies with "Address already in use".
        km = KernelManager(kernel_name="python3", transport="ipc", ip=str(Path(sockets) / "kernel"))
        client = NotebookClient(nb, km=km, timeout=timeout, kernel_name="python3",
                                resources={"metadata": {"path": str(path.parent)}})
        # nbclient 0.7 with ipywidgets 6 (Debian 12) fails with KeyError 'state' on
        # the widgets' comm messages; the widgets' state is not needed headless.
        client.comm_open_handlers.pop("jupyter.widget", None)
        started = time.perf_counter()
        try:
            client.execute()
        finally:
            if output is not None:
                nbformat.write(nb, output / path.name)
        return time.perf_counter() - started


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("notebooks", nargs="*", type=Path, help="notebooks to run (default: notebooks/*.ipynb)")
    parser.add_argument("--figures", type=Path, help="directory where notebooks save documentation figures")
    parser.add_argument("--check-stripped", action="store_true",
                        help="check the committed notebooks instead of running them")
    parser.add_argument("--output", type=Path, help="also write the executed notebooks into this directory")
    parser.add_argument("--timeout", type=int, default=600, help="seconds per cell (default 600)")
    args = parser.parse_args(argv)
    paths = [p.resolve() for p in args.notebooks] or sorted(NOTEBOOKS.glob("*.ipynb"))
    if not paths:
        print("run-notebooks: no notebooks found", file=sys.stderr)
        return 1
    # The kernels run in notebooks/: make the import path absolute first.
    os.environ["PYTHONPATH"] = os.pathsep.join(
        str(Path(p).resolve()) for p in os.environ.get("PYTHONPATH", "").split(os.pathsep) if p)
    os.environ.setdefault("PYDEVD_DISABLE_FILE_VALIDATION", "1")  # quiets the kernel's debugger at start-up
    if args.output:
        args.output.mkdir(parents=True, exist_ok=True)
    if args.figures:
        args.figures.mkdir(parents=True, exist_ok=True)
        os.environ["CALCSIM_FIGURES"] = str(args.figures.resolve())
    failed = 0
    for path in paths:
        if args.check_stripped:
            problems = problems_of_committed(path)
            for problem in problems:
                print(f"run-notebooks: {path.name}: {problem}", file=sys.stderr)
            failed += bool(problems)
            continue
        try:
            seconds = execute(path, args.timeout, args.output)
        except Exception as error:  # a failing cell: CellExecutionError with its traceback
            print(f"run-notebooks: {path.name} FAILED:\n{error}", file=sys.stderr)
            failed += 1
        else:
            print(f"run-notebooks: {path.name} ran in {seconds:.1f} s")
    if args.check_stripped and not failed:
        print(f"run-notebooks: {len(paths)} notebooks are stripped and open with a disclaimer")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
