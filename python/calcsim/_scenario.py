"""Scenarios: who the patient is, what they eat, what they take and for how long."""

from __future__ import annotations

import copy
import numbers
import os
import warnings
from pathlib import Path
from typing import Any, Iterable, Mapping

from . import _checks, _core

# The longest run the engine accepts (a scenario's duration, run(years=...)).
MAX_YEARS = _core.max_duration_years
# Units given to bare numbers by the with_* helpers. Vitamin D has none: 1000
# would be a very different dose in IU and in mcg, so it needs a unit.
DOSE_UNITS: dict[str, str | None] = {
    "k1": "mcg",
    "mk4": "mcg",
    "mk7": "mcg",
    "vitamin_d3": None,
    "calcium": "mg",
    "magnesium": "mg",
    "warfarin": "mg",
    "calcium_acetate": "mg",
    "calcium_carbonate": "mg",
    "sevelamer": "mg",
    "lanthanum": "mg",
}
PATIENT_UNITS: dict[str, str] = {
    "age": "years",
    "menopause_age": "years",
    "egfr": "mL/min/1.73m2",
    "coronary_calcium": "AU",
    "sun_exposure": None,  # mcg/day or IU/day: like vitamin D doses, it needs its unit
    "baseline_d25": None,  # nmol/L or ng/mL: 50 of one is 20 of the other, so it needs its unit
    "systolic_bp": "mmHg",
}
DIET_UNITS: dict[str, str | None] = {
    "calcium": "mg/day",
    "vitamin_k1": "mcg/day",
    "mk4": "mcg/day",
    "mk7": "mcg/day",
    "magnesium": "mg/day",
    "vitamin_d": None,
    "sodium": "g/day",  # sodium, not salt (1 g of salt holds 0.39 g of sodium)
}
# How many of _for_run's copies a Scenario keeps (a slider over durations makes a few).
_RUN_COPIES_KEPT = 16
# The inflammation levels in the order of the engine's levels 0, 1, 2, 3.
_INFLAMMATION = tuple(_core.scenario_choices()["patient.inflammation"])


def _agent(name: Any) -> str:
    """The scenario-file spelling of an agent: 'MK-7' -> 'mk7', 'vitamin D3' -> 'vitamin_d3'."""
    if not isinstance(name, str):
        raise TypeError(f"an agent is a name such as 'mk7', not {name!r}")
    return _core.canonical_agent(name)


def _number_text(value: numbers.Real) -> str:
    if isinstance(value, numbers.Integral):
        return str(int(value))
    return repr(float(value))


# A typical value in each unit a number may be given in, for messages.
_EXAMPLES = {"mcg": 180, "mg": 500, "g": 20, "mcg/day": 100, "mg/day": 1000, "g/day": 2.3, "days": 30,
             "years": 60, "mL/min/1.73m2": 60, "AU": 100, "mmHg": 130}


def _quantity(value: Any, unit: str | None, what: str, hint: str = "") -> Any:
    """Text with a unit: strings pass through; numbers get `unit` (an error when it is None)."""
    if isinstance(value, str):
        return value
    if isinstance(value, numbers.Real) and not isinstance(value, bool):
        if unit is None:
            raise ValueError(f"{what}: give the value with its unit{hint}")
        return f"{_number_text(value)} {unit}"
    # The example in the message is in the value's own unit ('1000 mg/day' for calcium).
    example = f" such as '{_EXAMPLES.get(unit, 1)} {unit}'" if unit else hint
    raise TypeError(f"{what}: expected a number or text with a unit{example}, not {value!r}")


def _duration(value: Any, number_unit: str, what: str) -> str:
    return _quantity(value, number_unit, what)


def _interventions(spec: dict) -> list:
    entries = spec.get("interventions")
    if entries is None:
        return []
    if not isinstance(entries, list):
        raise ValueError("the scenario's 'interventions' is not a list")
    return entries


def _arm_touches(arm: Any, agents: set[str]) -> bool:
    """Whether an arm of the scenario-file schema removes or changes an intervention of `agents`."""
    if not isinstance(arm, Mapping):
        return False
    removed = arm.get("remove") or []
    changes = arm.get("change") or []
    if isinstance(changes, Mapping):
        changes = [changes]
    names = [r for r in (removed if isinstance(removed, list) else [removed]) if isinstance(r, str)]
    names += [c["agent"] for c in changes if isinstance(c, Mapping) and isinstance(c.get("agent"), str)]
    for name in names:
        try:
            if _agent(name) in agents:
                return True
        except ValueError:
            pass
    return False


def _entry_agent(entry: Any) -> str | None:
    if isinstance(entry, Mapping) and isinstance(entry.get("agent"), str):
        try:
            return _agent(entry["agent"])
        except ValueError:
            return None
    return None


class Scenario:
    """A scenario: one patient, their usual diet, what they take and how long to simulate.

    Scenarios are immutable: the ``with_*`` and ``without*`` methods return
    modified copies, each validated by the engine at once (a bad value raises
    :class:`calcsim.InputError`, a ``ValueError``, naming the key). Create one
    with :meth:`Scenario.default`, :meth:`Scenario.load` (a file or a bundled
    scenario's name) or :meth:`Scenario.from_dict` (the YAML schema of scenario
    files as a dict; ``Scenario(d)`` is the same).

    >>> s = Scenario.load("postmenopausal-mk7").with_dose("mk7", 360).with_patient(age=65)
    """

    __slots__ = ("_spec", "_native", "_file", "_runs")

    def __init__(self, spec: Mapping[str, Any]):
        """The same as :meth:`Scenario.from_dict`."""
        other = Scenario.from_dict(spec)
        self._spec, self._native, self._file, self._runs = other._spec, other._native, other._file, None

    # --- construction ---------------------------------------------------------

    @classmethod
    def _make(cls, spec: dict, native: Any, file: str | None = None) -> "Scenario":
        obj = cls.__new__(cls)
        obj._spec = spec
        obj._native = native
        obj._file = file
        obj._runs = None  # _for_run's copies, by their arguments
        return obj

    @classmethod
    def _from_spec(cls, spec: dict) -> "Scenario":
        if not isinstance(spec, Mapping):
            raise TypeError(f"a scenario dict is needed, not {type(spec).__name__}")
        spec = copy.deepcopy(dict(spec))
        name = spec.get("name")
        origin = f"scenario '{name}'" if isinstance(name, str) and name.strip() else "scenario"
        native = _core.scenario_from_dict(spec, origin).with_file("")
        return cls._make(spec, native)

    @classmethod
    def from_dict(cls, spec: Mapping[str, Any]) -> "Scenario":
        """A scenario from a dict with the keys and units of a scenario file.

        Any key left out keeps its default (the built-in default scenario's), as
        in a file. Quantities are text with units, exactly as in YAML::

            Scenario.from_dict({
                "name": "my-scenario", "duration": "2 years",
                "patient": {"age": "70 years", "sex": "male"},
                "interventions": [{"agent": "mk7", "dose": "180 mcg", "with": "breakfast"}],
            })

        The dict is read by the engine's own scenario reader, so validation,
        units and messages are those of scenario files.
        """
        return cls._from_spec(spec)

    @classmethod
    def from_yaml(cls, text: str, name: str = "scenario") -> "Scenario":
        """A scenario from YAML text (the content of a scenario file); `name` names it in messages."""
        native = _core.parse_scenario(text, name, True).with_file("")
        spec = _core.yaml_to_dict(text, name)
        if not isinstance(spec, dict):
            spec = native.to_dict()
        spec.setdefault("name", native.name)
        return cls._make(spec, native)

    @classmethod
    def load(cls, path_or_name: str | os.PathLike) -> "Scenario":
        """Loads a scenario file, or a bundled scenario by name (see :func:`calcsim.scenarios`).

        Errors name the file, line and key, as ``calcsim validate`` does.
        """
        native = _core.load_scenario(os.fspath(path_or_name))
        if not native.file:  # "default": the built-in scenario, which has no file
            return cls._make(native.to_dict(), native)
        spec = _core.yaml_to_dict(Path(native.file).read_text(encoding="utf-8"), native.file)
        if not isinstance(spec, dict):
            spec = native.to_dict()
        spec.setdefault("name", native.name)
        return cls._make(spec, native, native.file)

    @classmethod
    def default(cls) -> "Scenario":
        """The built-in default: a 58-year-old postmenopausal woman, 180 mcg MK-7 daily, 10 years."""
        native = _core.default_scenario()
        return cls._make(native.to_dict(), native)

    @classmethod
    def coerce(cls, scenario: "Scenario | str | os.PathLike | Mapping | None") -> "Scenario":
        """A Scenario from what run() and compare() accept: None (the default), a Scenario, a
        path or bundled name, or a dict."""
        if scenario is None:
            return cls.default()
        if isinstance(scenario, Scenario):
            return scenario
        if isinstance(scenario, (str, os.PathLike)):
            return cls.load(scenario)
        if isinstance(scenario, Mapping):
            return cls.from_dict(scenario)
        raise TypeError(
            "scenario must be None, a calcsim.Scenario, a path or bundled name, or a dict; "
            f"not {type(scenario).__name__}")

    # --- reading --------------------------------------------------------------

    def to_dict(self, complete: bool = False) -> dict:
        """The scenario as a dict of the scenario-file schema (a deep copy).

        By default the keys as written (in the file or dict it came from) with
        any changes made since; with ``complete=True`` every key, defaults
        included, as the engine holds it.
        """
        return self._native.to_dict() if complete else copy.deepcopy(self._spec)

    def to_yaml(self) -> str:
        """The scenario as YAML text that ``calcsim run FILE`` and :meth:`load` read back."""
        return _core.to_yaml(self._spec)

    def save(self, path: str | os.PathLike) -> None:
        """Writes the scenario as a YAML file (see :meth:`to_yaml`)."""
        Path(path).write_text(self.to_yaml(), encoding="utf-8")

    @property
    def name(self) -> str:
        """The scenario's name."""
        return self._native.name

    @property
    def description(self) -> str:
        """What the scenario describes (may be empty)."""
        return self._native.description

    @property
    def file(self) -> str | None:
        """The file it was loaded from; None when it was built or changed in Python."""
        return self._file

    @property
    def duration(self) -> float:
        """Run length in days."""
        return self._native.duration_days

    @property
    def years(self) -> float:
        """Run length in years."""
        return self._native.duration_days / 365.25

    @property
    def output_every(self) -> float:
        """Output sampling interval in days."""
        return self._native.output_every_days

    @property
    def patient(self) -> dict:
        """The patient, every trait written out (a copy)."""
        return self._native.to_dict()["patient"]

    @property
    def diet(self) -> dict:
        """The usual diet, every key written out (a copy)."""
        return self._native.to_dict()["diet"]

    @property
    def interventions(self) -> list[dict]:
        """The interventions (a copy), as in a scenario file."""
        return self._native.to_dict()["interventions"]

    @property
    def agents(self) -> list[str]:
        """The agents the interventions give, in order, without repeats."""
        seen: list[str] = []
        for entry in self.interventions:
            if entry["agent"] not in seen:
                seen.append(entry["agent"])
        return seen

    # --- modified copies --------------------------------------------------------

    def _changed(self, spec: dict) -> "Scenario":
        return Scenario._from_spec(spec)

    def with_dose(self, agent: str, dose: Any) -> "Scenario":
        """A copy in which every intervention of `agent` gives `dose` per dose.

        `dose` is text with a unit ('360 mcg', '500 mg', '1000 IU') or a number
        in the agent's usual unit: mcg for k1, mk4 and mk7; mg for calcium,
        magnesium, warfarin and the phosphate binders (calcium_acetate,
        calcium_carbonate, sevelamer, lanthanum). Vitamin D3 needs a unit
        (40 IU = 1 mcg).
        Raises ValueError when the scenario has no such intervention (add one
        with :meth:`with_intervention`).
        """
        agent = _agent(agent)
        spec = self.to_dict()
        hits = [entry for entry in _interventions(spec) if _entry_agent(entry) == agent]
        if not hits:
            raise ValueError(f"scenario '{self.name}' has no {agent} intervention to change; "
                             f"add one with with_intervention('{agent}', ...)")
        text = _quantity(dose, DOSE_UNITS[agent], f"dose of {agent}", " such as '1000 IU' or '25 mcg'")
        for entry in hits:
            entry["dose"] = text
        return self._changed(spec)

    def with_intervention(self, agent: str | Mapping[str, Any], dose: Any = None, *, schedule: str = "daily",
                          meal: str | Iterable[str] | None = None, at: str | Iterable[str] | None = None,
                          days: Iterable[str] | None = None, fat: Any = None, start: Any = None,
                          stop: Any = None, form: str | None = None) -> "Scenario":
        """A copy with one more intervention.

        `agent` and `dose` as in :meth:`with_dose`; `schedule` is daily,
        thrice_weekly, weekly or once; the dose is taken with `meal` (a meal
        name or a list) or at clock time(s) `at` ('21:00', fasting unless `fat`
        is given); without either, with the first meal of the day. `days` for
        thrice_weekly and weekly schedules (['mon', 'wed', 'fri']); `fat` in g
        (a number) or text; `start` and `stop` as text ('6 months') or a number
        of days; `form` 'greens' for vitamin K1 from food. `agent` may also be
        a whole intervention dict in the scenario-file schema.
        """
        if isinstance(agent, Mapping):
            entry = dict(agent)
        else:
            agent = _agent(agent)
            if dose is None:
                raise TypeError("with_intervention() needs a dose, such as with_intervention('mk7', 180)")
            entry = {"agent": agent,
                     "dose": _quantity(dose, DOSE_UNITS[agent], f"dose of {agent}", " such as '1000 IU' or '25 mcg'"),
                     "schedule": schedule}
            if meal is None and at is None:
                meal = self.diet["meals"][0]["name"]
            if meal is not None:
                entry["with"] = meal if isinstance(meal, str) else list(meal)
            if at is not None:
                entry["at"] = at if isinstance(at, str) else list(at)
            if days is not None:
                entry["days"] = [days] if isinstance(days, str) else list(days)
            if fat is not None:
                entry["fat"] = _quantity(fat, "g", "fat")
            if start is not None:
                entry["start"] = _duration(start, "days", "start")
            if stop is not None:
                entry["stop"] = _duration(stop, "days", "stop")
            if form is not None:
                entry["form"] = form
        spec = self.to_dict()
        spec["interventions"] = _interventions(spec) + [entry]
        return self._changed(spec)

    def without(self, *agents: str) -> "Scenario":
        """A copy without the interventions that give any of `agents` (the diet is unchanged;
        see :meth:`without_k2` to remove vitamin K2 from food too).

        Arms that remove or change one of those interventions describe variants of
        something the copy no longer takes, so they are dropped, with a warning that
        names them; the other arms stay.
        """
        if not agents:
            raise TypeError("without() needs at least one agent, such as without('calcium')")
        drop = {_agent(a) for a in agents}
        spec = self.to_dict()
        spec["interventions"] = [e for e in _interventions(spec) if _entry_agent(e) not in drop]
        if spec.get("arms"):
            touched = [_arm_touches(arm, drop) for arm in spec["arms"]]
            kept = [arm for arm, t in zip(spec["arms"], touched) if not t]
            gone = [str(arm.get("name", "?")) for arm, t in zip(spec["arms"], touched) if t]
            if gone:
                warnings.warn(f"without({', '.join(sorted(drop))}) also drops arm(s) {', '.join(map(repr, gone))} "
                              f"of scenario '{self.name}': they remove or change what the copy no longer takes",
                              stacklevel=2)
                if kept:
                    spec["arms"] = kept
                else:  # no arms left: nor the label of the scenario as written among them
                    del spec["arms"]
                    spec.pop("arm_name", None)
        return self._changed(spec)

    def without_k2(self) -> "Scenario":
        """A copy with every vitamin K2 source removed (MK-4 and MK-7 supplements and the MK-4 and
        MK-7 in food): the "without K2" arm of ``calcsim compare``, made by the engine."""
        native = _core.without_vitamin_k2(self._native)
        return Scenario._make(native.to_dict(), native)

    def with_baseline_d25(self, d25: float, params: Mapping[str, float | str] | None = None) -> "Scenario":
        """A copy with the patient's sun exposure set so that, with the diet's vitamin D3, their
        steady-state 25(OH)D is `d25` nmol/L under `params` (as a study's measured baseline).

        Raises InputError (a ValueError) when the diet alone holds 25(OH)D above `d25`, or when
        no sun exposure in 0-250 mcg/day reaches it.
        """
        if isinstance(d25, bool) or not isinstance(d25, numbers.Real):
            raise TypeError(f"with_baseline_d25() needs a number of nmol/L, got {d25!r}")
        native = _core.with_baseline_d25(self._native, float(d25), params)
        return Scenario._make(native.to_dict(), native)

    def with_patient(self, **traits: Any) -> "Scenario":
        """A copy with patient traits changed: ``with_patient(age=70, egfr=25, diabetes=True)``.

        Numbers get the unit of scenario files: age and menopause_age in years,
        egfr in mL/min/1.73m2, coronary_calcium in AU, systolic_bp (resting systolic
        pressure at the start) in mmHg; sun_exposure (vitamin D3
        made in the skin, as an oral equivalent) needs its unit, '20 mcg/day'
        or '800 IU/day'; so does baseline_d25, a measured 25(OH)D at the start
        ('45 nmol/L' or '18 ng/mL'), which each run holds by setting the sun
        exposure under its own parameters (give one of the two: each replaces
        the other). ``menopause_age=None``
        means premenopausal; inflammation is 'none', 'mild', 'moderate',
        'severe' or 0-3; smoking is 'never', 'former' or 'current';
        physical_activity is 'sedentary', 'walking' or 'loading' (resistance or
        impact training two to three times a week); dialysis is True/False or
        {'days': [...], 'start': 'HH:MM'}.
        Changing sex to male drops menopause_age.
        """
        spec = self.to_dict()
        patient = dict(spec.get("patient") or {})
        for key, value in traits.items():
            if key in PATIENT_UNITS:
                value = "none" if (key == "menopause_age" and value is None) else \
                    _quantity(value, PATIENT_UNITS[key], f"patient {key}")
            elif key == "inflammation" and isinstance(value, numbers.Integral) and not isinstance(value, bool):
                value = _INFLAMMATION[value] if 0 <= value < len(_INFLAMMATION) else str(value)
            patient[key] = value
        # The skin's vitamin D3 is given as one or the other (the engine refuses both).
        for given, replaced in (("sun_exposure", "baseline_d25"), ("baseline_d25", "sun_exposure")):
            if given in traits and replaced not in traits:
                patient.pop(replaced, None)
        if str(patient.get("sex", "female")).strip().lower() == "male" and "menopause_age" not in traits:
            patient.pop("menopause_age", None)
        spec["patient"] = patient
        return self._changed(spec)

    def with_diet(self, **values: Any) -> "Scenario":
        """A copy with the usual diet changed: ``with_diet(calcium=600, vitamin_k1=250)``.

        Numbers per day: calcium and magnesium in mg/day; vitamin_k1, mk4 and
        mk7 in mcg/day; sodium in g/day (sodium, not salt); vitamin_d needs a
        unit ('400 IU/day' or '10 mcg/day').
        `meals` replaces the meal list (dicts with name, time, share, fat).
        """
        spec = self.to_dict()
        diet = dict(spec.get("diet") or {})
        for key, value in values.items():
            if key in DIET_UNITS:
                value = _quantity(value, DIET_UNITS[key], f"diet {key}", " such as '400 IU/day' or '10 mcg/day'")
            diet[key] = value
        spec["diet"] = diet
        return self._changed(spec)

    def with_settings(self, *, name: str | None = None, description: str | None = None, duration: Any = None,
                      output_every: Any = None, ageing: bool | None = None, dosing: str | None = None) -> "Scenario":
        """A copy with run settings changed: `duration` as text ('18 months') or a number of
        years; `output_every` as text ('7 days', '12 h') or a number of days; `ageing`
        False freezes age and menopause drift; `dosing` 'exact' (every meal and dose at its
        time), 'daily-averaged' (spread evenly over the day: about 100 times faster,
        within 1% on BMD and arterial score over years) or 'stroboscopic' (exact, with
        long stretches of identical days extrapolated: about 8 times faster over ten
        years, within about 0.1% of exact on the slow outputs)."""
        spec = self.to_dict()
        if name is not None:
            spec["name"] = name
        if description is not None:
            spec["description"] = description
        if duration is not None:
            spec["duration"] = _duration(duration, "years", "duration")
        if output_every is not None:
            spec["output_every"] = _duration(output_every, "days", "output_every")
        if ageing is not None:
            spec["ageing"] = bool(ageing)
        if dosing is not None:
            if not isinstance(dosing, str):
                raise TypeError("dosing must be 'exact', 'daily-averaged' or 'stroboscopic'")
            spec["dosing"] = dosing
        return self._changed(spec)

    def _for_run(self, years: Any = None, every: Any = None, dosing: str | None = None) -> "Scenario":
        """A copy with run() and compare()'s `years`, `every` and `dosing` applied (the engine checks
        them; numbers are checked here, so that a message names the argument)."""
        if years is None and every is None and dosing is None:
            return self
        # A notebook calls run() again and again with the same scenario and years: the copy is
        # made once (scenarios are immutable). Keyed by type too, so that True is not taken for 1.
        key = tuple((type(v), v) for v in (years, every, dosing))
        try:
            cached = self._runs.get(key) if self._runs is not None else None
        except TypeError:  # an unhashable argument: checked (and refused) below
            key, cached = None, None
        if cached is not None:
            return cached
        run = self._run_copy(years, every, dosing)
        if key is not None:
            if self._runs is None or len(self._runs) >= _RUN_COPIES_KEPT:
                self._runs = {}
            self._runs[key] = run
        return run

    def _run_copy(self, years: Any, every: Any, dosing: str | None) -> "Scenario":
        if years is not None and not isinstance(years, str):
            _checks.positive(years, "years", f"a number of years above 0 and at most {MAX_YEARS:g}", MAX_YEARS)
        if every is not None and not isinstance(every, str):
            _checks.positive(every, "every", "a number of days above 0, such as 7")
        try:
            return self.with_settings(duration=years, output_every=every, dosing=dosing)
        except _core.InputError as error:
            # Text the engine refuses is named by the argument it came from, not the scenario key.
            # (The scenario itself was checked when it was made: only these settings are new.)
            argument = {"duration": "years", "output_every": "every", "dosing": "dosing"}.get(error.key)
            if argument is None:
                raise
            raise _checks.input_error(argument, error.detail) from None

    # --- Python protocols ------------------------------------------------------

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Scenario):
            return NotImplemented
        return self._native.to_dict() == other._native.to_dict()

    __hash__ = None  # type: ignore[assignment]

    def __copy__(self) -> "Scenario":
        return self

    def __deepcopy__(self, memo: dict) -> "Scenario":
        return self

    def __reduce__(self):
        return (_restore_scenario, (self._spec, self._file))

    def __repr__(self) -> str:
        d = self._native.to_dict()
        p = d["patient"]
        who = f"{_strip_unit(p['age'])}-year-old {p['sex']}, eGFR {_strip_unit(p['egfr'])}"
        what = "; ".join(_describe_intervention(iv) for iv in d["interventions"]) or "no interventions"
        return f"<calcsim.Scenario '{self.name}': {who}; {what}; {_core.format_duration(self.duration)}>"


def _strip_unit(text: str) -> str:
    return str(text).split(" ")[0]


def _describe_intervention(iv: dict) -> str:
    when = iv.get("with") or iv.get("at") or ""
    if isinstance(when, list):
        when = "+".join(when)
    word = "with " if "with" in iv else "at "
    return f"{iv['agent']} {iv['dose']} {iv['schedule']} {word}{when}".rstrip()


def _restore_scenario(spec: dict, file: str | None) -> Scenario:
    scenario = Scenario._from_spec(spec)
    if file:
        scenario = Scenario._make(scenario._spec, scenario._native.with_file(file), file)
    return scenario
