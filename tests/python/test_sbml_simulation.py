"""`calcsim export --sbml` simulated from the file alone, with an independent solver.

The SBML file is read with libSBML (python3-sbml5); its rate rules become Python
functions (our own walk over libSBML's formula trees), scipy's LSODA integrates
them between the events, and each event is applied at its time as the file says
(assignments computed from the values at the trigger, then made). The result
must match `calcsim run` on the same scenario: nothing of the engine is used
but the file.
"""

import csv
import math
import subprocess

import libsbml  # Debian's python3-sbml5, installed by scripts/install-deps.sh
import numpy as np
import pytest
from scipy.integrate import solve_ivp


class SbmlModel:
    """The states (parameters with rate rules), constants, inputs and events of an exported file."""

    def __init__(self, path):
        doc = libsbml.readSBMLFromFile(str(path))
        assert doc.getNumErrors(libsbml.LIBSBML_SEV_ERROR) == 0, doc.getErrorLog().toString()
        m = doc.getModel()
        ruled = [m.getRule(k).getVariable() for k in range(m.getNumRules())]
        self.states = ruled
        self.index = {name: k for k, name in enumerate(ruled)}
        self.x0 = np.array([m.getParameter(name).getValue() for name in ruled])
        self.constants = {}
        self.inputs = {}
        for k in range(m.getNumParameters()):
            q = m.getParameter(k)
            if q.getId() in self.index:
                continue
            (self.constants if q.getConstant() else self.inputs)[q.getId()] = q.getValue()
        rates = ", ".join(self.python(m.getRule(name).getMath()) for name in ruled)
        self.rates = eval(f"lambda t, x, u: [{rates}]", {"math": math})  # noqa: S307 - our own translation
        self.events = []
        for k in range(m.getNumEvents()):
            e = m.getEvent(k)
            trigger = e.getTrigger().getMath()
            assert trigger.getType() == libsbml.AST_RELATIONAL_GEQ
            assert trigger.getChild(0).getType() == libsbml.AST_NAME_TIME
            when = trigger.getChild(1).getValue()
            assignments = []
            for a in range(e.getNumEventAssignments()):
                ea = e.getEventAssignment(a)
                value = eval(f"lambda t, x, u: {self.python(ea.getMath())}", {"math": math})  # noqa: S307
                assignments.append((ea.getVariable(), value))
            self.events.append((when, assignments))
        self.events.sort(key=lambda ev: ev[0])

    def python(self, node):
        """One formula tree as Python source over t (time), x (states) and u (inputs)."""
        t = node.getType()
        args = [self.python(node.getChild(k)) for k in range(node.getNumChildren())]
        if node.isNumber():
            return repr(float(node.getValue()))
        if t == libsbml.AST_NAME_TIME:
            return "t"
        if t == libsbml.AST_NAME:
            name = node.getName()
            if name in self.index:
                return f"x[{self.index[name]}]"
            if name in self.inputs:
                return f"u[{name!r}]"
            return repr(self.constants[name])
        if t == libsbml.AST_PLUS:
            return "(" + " + ".join(args) + ")" if args else "0.0"
        if t == libsbml.AST_TIMES:
            return "(" + " * ".join(args) + ")" if args else "1.0"
        if t == libsbml.AST_MINUS:
            return f"(-{args[0]})" if len(args) == 1 else f"({args[0]} - {args[1]})"
        if t == libsbml.AST_DIVIDE:
            return f"({args[0]} / {args[1]})"
        if t in (libsbml.AST_POWER, libsbml.AST_FUNCTION_POWER):
            return f"({args[0]} ** {args[1]})"
        if t == libsbml.AST_FUNCTION_MAX:
            return f"max({', '.join(args)})"
        if t == libsbml.AST_FUNCTION_MIN:
            return f"min({', '.join(args)})"
        if t == libsbml.AST_FUNCTION_EXP:
            return f"math.exp({args[0]})"
        if t == libsbml.AST_FUNCTION_ROOT:
            assert len(args) == 1 or float(eval(args[0])) == 2.0, "only square roots are exported"  # noqa: S307
            return f"math.sqrt({args[-1]})"
        raise AssertionError(f"formula node {node.getName() or t} is not part of the exported model")

    def simulate(self, t_end, sample_times, rtol, atol):
        """States at sample_times; a sample on an event time is taken after the event, as the engine does."""
        x = self.x0.copy()
        u = dict(self.inputs)
        bounds = [0.0] + [when for when, _ in self.events if when < t_end] + [t_end]
        out = np.empty((len(sample_times), len(x)))
        for k in range(len(bounds) - 1):
            t0, t1 = bounds[k], bounds[k + 1]
            if k > 0:
                _, assignments = self.events[k - 1]
                values = [(var, f(t0, x, u)) for var, f in assignments]  # all at the trigger, then applied
                for var, v in values:
                    if var in self.index:
                        x[self.index[var]] = v
                    else:
                        u[var] = v
            last = k == len(bounds) - 2
            inside = [i for i, s in enumerate(sample_times) if t0 <= s < t1 or (last and s == t1)]
            if t1 <= t0:
                continue
            # The segment's samples, then its end (the next segment's start).
            times = [sample_times[i] for i in inside]
            times += [t1] if not times or times[-1] < t1 else []
            sol = solve_ivp(lambda t, y: self.rates(t, y, u), (t0, t1), x, method="LSODA", rtol=rtol, atol=atol,
                            t_eval=times)
            assert sol.success, sol.message
            for j, i in enumerate(inside):
                out[i] = sol.y[:, j]
            x = sol.y[:, -1].copy()
        return out


# Outputs of `calcsim run` that are states or a documented multiple of one
# (docs/MODEL.md's output table): (column, state, factor).
STATE_COLUMNS = [
    ("plasma_ca", "ecf_ca", None),  # divided by ecf_volume, read from the file
    ("pth", "pth", 1.0),
    ("calcitriol", "calcitriol", 1.0),
    ("d25", "d25", 1.0),
    ("k1_plasma", "k1_plasma", 451.0 / 1000.0),
    ("mk4_plasma", "mk4_plasma", 444.0 / 1000.0),
    ("mk7_plasma", "mk7_plasma", 649.0 / 1000.0),
    ("tissue_k", "tissue_k", 1.0),
    ("warfarin_plasma", "warfarin_plasma", 1.0),
    ("dp_ucmgp", "dp_ucmgp", 1.0),
    ("mgp_carboxylated", "vessel_cmgp_fraction", 1.0),
    ("ucoc_fraction", "ucoc_fraction", 1.0),
    ("bone_mineral", "bone_ca", 40.078 / 1000.0),
    ("artery_ca", "artery_ca", 40.078),
]


def run_csv(cli, scenario, days, tmp_path):
    out = tmp_path / f"{scenario}.csv"
    subprocess.run([cli, "run", scenario, "--years", f"{days / 365.25!r}", "--every", "2h", "--out", str(out),
                    "--format", "csv"], check=True, capture_output=True)
    with open(out, newline="") as f:
        rows = [r for r in csv.reader(f) if r and not r[0].startswith("#")]
    header = [h.split(" [")[0] for h in rows[0]]
    data = np.array([[float(v) for v in r] for r in rows[1:]])
    return {h: data[:, j] for j, h in enumerate(header)}


SCENARIOS = ["postmenopausal-mk7", "calcium-d3-supplements", "warfarin-user", "haemodialysis-mk7-thrice-weekly"]
DAYS = 4.0


@pytest.fixture(scope="module")
def typical_size(cli):
    """Each state's typical size (state_list.inc), from `calcsim model --table states`."""
    done = subprocess.run([cli, "model", "--table", "states", "--format", "csv"], check=True, capture_output=True,
                          text=True)
    rows = list(csv.DictReader(line for line in done.stdout.splitlines() if line))
    return {row["state"]: float(row["typical size"]) for row in rows}


def export(cli, scenario, tmp_path, dosing="exact"):
    sbml = tmp_path / f"{scenario}.xml"
    subprocess.run([cli, "export", scenario, "--years", f"{DAYS / 365.25!r}", "--dosing", dosing, "--sbml", str(sbml)],
                   check=True, capture_output=True)
    return SbmlModel(sbml)


def sbml_run(m, times):
    # LSODA far tighter than either engine run below: its own error is negligible.
    atol = 1e-10 * np.maximum(np.abs(m.x0), 1.0)
    return m.simulate(DAYS, list(times), rtol=1e-9, atol=atol)


# Meals, daily MK-7, calcium and vitamin D3 supplements, warfarin, and
# thrice-weekly dialysis with MK-7 after the session: four days each.
@pytest.mark.parametrize("scenario", SCENARIOS)
def test_sbml_file_alone_reproduces_calcsim_run(cli, tmp_path, typical_size, scenario):
    """Against `calcsim run` as shipped, whose default tolerances (rtol 3e-3, atol 1e-5 per
    step) are chosen for the slow outputs: measured, its fast hormones (PTH, half-life 6
    minutes, dipping after each meal) are within 2.5% of a tight solve and everything else
    within 0.2%. The bounds, on the largest difference relative to the column's largest
    value (at least the state's typical size): 5% for PTH, 0.5% for every other column.
    The next test takes the engine's step error out."""
    m = export(cli, scenario, tmp_path)
    engine = run_csv(cli, scenario, DAYS, tmp_path)
    states = sbml_run(m, engine["time"])
    ecf_volume = m.constants["ecf_volume"]
    worst = {}
    for column, state, factor in STATE_COLUMNS:
        sbml_values = states[:, m.index[state]] * (1.0 / ecf_volume if factor is None else factor)
        ref = engine[column]
        size = max(np.max(np.abs(ref)), typical_size[state] * (1.0 / ecf_volume if factor is None else factor))
        worst[column] = float(np.max(np.abs(sbml_values - ref)) / size)
    print(scenario, "largest difference against calcsim run, relative to the column's size:",
          {k: f"{v:.1e}" for k, v in worst.items()})
    assert worst.pop("pth") < 5e-2
    assert max(worst.values()) < 5e-3, worst


# Daily-averaged dosing too: intake as continuous rates, with the engine's
# correction of the saturable gut route taken from its own run.
@pytest.mark.parametrize("scenario,dosing", [(s, "exact") for s in SCENARIOS] +
                         [("postmenopausal-mk7", "daily-averaged"), ("calcium-d3-supplements", "daily-averaged")])
def test_sbml_file_alone_reproduces_every_state_of_a_tight_engine_run(cli, tmp_path, typical_size, scenario, dosing):
    """Every state, against the engine at rtol 1e-9 (calcsim.run, the same engine as the
    command line) and LSODA at rtol 1e-9: measured, every state within 6e-8 of its size
    (its largest value, at least its typical size from state_list.inc); 1e-6 is the bound."""
    import calcsim

    m = export(cli, scenario, tmp_path, dosing)
    r = calcsim.run(scenario, years=DAYS / 365.25, every="2h", rtol=1e-9, atol=1e-12, include_states=True,
                    dosing=dosing).df
    states = sbml_run(m, r.index.to_numpy())
    columns = {c.split(" [")[0]: c for c in r.columns}
    worst = {}
    for name, k in m.index.items():
        ref = r[columns[f"state.{name}"]].to_numpy()
        size = max(np.max(np.abs(ref)), typical_size[name])
        worst[name] = float(np.max(np.abs(states[:, k] - ref)) / size)
    print(scenario, dosing, "largest difference against the engine at rtol 1e-9:",
          {k: f"{v:.1e}" for k, v in sorted(worst.items(), key=lambda kv: -kv[1])[:5]})
    assert max(worst.values()) < 1e-6, worst
