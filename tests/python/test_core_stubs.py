"""The type stubs of calcsim._core (python/calcsim/_core.pyi) are true: they
are exactly what scripts/core_stubs.py writes from the built module, they
parse, and they name every public function, class and constant of the module
and nothing else. After changing the bindings, regenerate them with
`PYTHONPATH=build/release/python python3 scripts/core_stubs.py`."""

import ast
import importlib.util
from pathlib import Path

from calcsim import _core

ROOT = Path(__file__).resolve().parents[2]
STUB = ROOT / "python" / "calcsim" / "_core.pyi"


def _generator():
    spec = importlib.util.spec_from_file_location("core_stubs", ROOT / "scripts" / "core_stubs.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_committed_stubs_are_what_the_module_gives():
    written = STUB.read_text(encoding="utf-8")
    assert written == _generator().stubs(_core), (
        "python/calcsim/_core.pyi is out of date: run "
        "`PYTHONPATH=build/release/python python3 scripts/core_stubs.py`")


def test_the_stubs_name_every_public_name_of_the_module_and_no_other():
    tree = ast.parse(STUB.read_text(encoding="utf-8"))
    defined = set()
    for node in tree.body:
        if isinstance(node, (ast.FunctionDef, ast.ClassDef)):
            defined.add(node.name)
        elif isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name):
            defined.add(node.target.id)
    public = {n for n in dir(_core) if not n.startswith("_")}
    assert defined == public


def test_the_stubs_give_each_function_its_parameters():
    tree = ast.parse(STUB.read_text(encoding="utf-8"))
    functions = {node.name: node for node in tree.body if isinstance(node, ast.FunctionDef)}
    simulate = functions["simulate"]
    assert [a.arg for a in simulate.args.args][:2] == ["scenario", "params"]
    assert ast.unparse(simulate.returns) == "Result"
    classes = {node.name: node for node in tree.body if isinstance(node, ast.ClassDef)}
    result_members = {n.name for n in classes["Result"].body if isinstance(n, ast.FunctionDef)}
    assert {"array", "columns", "units", "meta", "at"} <= result_members
