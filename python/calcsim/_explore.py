"""An interactive explorer for Jupyter: move a slider, see the with/without-K2 comparison redrawn.

::

    import calcsim
    calcsim.explore()            # sliders: dose, agent, age, calcium intake, eGFR, years

The patient takes one vitamin K supplement (`agent` at `dose` mcg a day with
breakfast); the reference arm is the same patient with no supplement and every
vitamin K2 source removed from the diet too, as ``calcsim compare`` does. Both
arms start from the patient's steady state on their usual diet, which depends
on age, calcium intake and eGFR but not on the supplement: it is computed once
per patient and kept, so moving the dose or agent slider only re-runs the two
arms (on two threads, the GIL released). Outputs are weekly over ten years by
default, with daily-averaged dosing, so that a redraw takes a fraction of a
second; each redraw says how long it took. ``explorer.update(dose=360)`` from
code moves the sliders too, so controls, title and figure always agree.

The "90% bands" toggle (``update(bands=True)``) reruns the comparison for
:data:`BAND_DRAWS` parameter sets drawn from the shipped posterior
(``calcsim.compare(..., uncertainty=N)``, docs/UNCERTAINTY.md) and shades each
arm's 90% interval at :data:`BAND_POINTS` times: what the calibration data
leave open about the fitted parameters. It costs about a second a redraw.

The widgets need ipywidgets (Debian: python3-ipywidgets); :class:`Explorer`'s
:meth:`~Explorer.update` and :meth:`~Explorer.figure` work without them.
calcsim is an illustrative teaching model, not medical advice.
"""

from __future__ import annotations

import html
import math
import time
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from . import _core
from ._result import Result
from ._scenario import Scenario
from ._comparison import Comparison
from ._simulate import initial_condition, run

#: The vitamin K forms the explorer offers: (label, agent).
AGENTS = (("MK-7", "mk7"), ("MK-4", "mk4"), ("K1", "k1"))
#: The outputs it plots: fast markers first, then the slow pools.
QUANTITIES = ("dp_ucmgp", "ucoc_fraction", "bmd_change", "arterial_score", "cfpwv")
#: Doses the slider offers (mcg/day), from a tenth of the article's range to the
#: 45 mg MK-4 regimen; each form gets those within its plausible range.
DOSES = (10.0, 25.0, 45.0, 90.0, 180.0, 360.0, 600.0, 1000.0, 2000.0, 5000.0, 15000.0, 45000.0, 90000.0)
_LABELS = {agent: label for label, agent in AGENTS}
#: Posterior draws behind the bands, and the times (evenly spaced, start and end
#: included) at which each band is read.
BAND_DRAWS = 40
BAND_POINTS = 11


class Explorer:
    """The state behind :func:`explore`: a patient, the last comparison and its timing.

    ``update(dose=..., agent=..., age=..., calcium=..., egfr=..., years=...)``
    re-simulates both arms and returns the :class:`calcsim.Comparison`;
    :meth:`figure` draws it; :attr:`widget` is the ipywidgets panel (built on
    first use) whose sliders call both.
    """

    def __init__(self, scenario: Any = None, *, dose: float = 180.0, agent: str = "mk7",
                 years: float = 10.0, every: float = 7.0, dosing: str = "daily-averaged", bands: bool = False,
                 seed: int = 1):
        """`scenario` gives the patient and diet (default: the built-in default's woman);
        its vitamin K supplements are replaced by the explorer's own. `dosing`
        'daily-averaged' (the default) spreads each day's meals and doses evenly,
        which keeps a ten-year redraw to a few tens of milliseconds; 'exact' takes
        every meal and dose at its time (about a second per simulated decade).
        `bands`: start with the 90% bands on; `seed` fixes their posterior draws."""
        base = Scenario.coerce(scenario)
        supplements = [a for a in base.agents if a in _LABELS]
        self._base = base.without(*supplements) if supplements else base
        patient = self._base.patient
        self.values: dict[str, Any] = {
            "dose": float(dose), "agent": agent, "age": _number(patient.get("age", 58)),
            "calcium": _number(self._base.diet.get("calcium", 1000)), "egfr": _number(patient.get("egfr", 90)),
            "years": float(years), "bands": bool(bands),
        }
        self.seed = int(seed)
        self.every = float(every)
        self.dosing = dosing
        self._starts: dict[tuple, Any] = {}
        self.comparison: Comparison | None = None
        self.seconds: float | None = None
        self.history: list[float] = []
        self._widget = None
        self._output = None
        self._status = None
        self._caption = None
        self._quiet = False
        self.controls: dict[str, Any] = {}

    # --- simulation ---------------------------------------------------------------

    def arms(self, **values: Any) -> dict[str, Scenario]:
        """The two arms for the current values updated with `values`: the supplement, and
        the reference without any vitamin K supplement or dietary K2."""
        v = {**self.values, **values}
        patient = self._base.with_patient(age=v["age"], egfr=v["egfr"]).with_diet(calcium=v["calcium"])
        patient = patient.with_settings(duration=v["years"], output_every=self.every, dosing=self.dosing)
        taking = patient.with_intervention(v["agent"], v["dose"]) if v["dose"] > 0 else patient
        return {f"{_LABELS[v['agent']]} {v['dose']:g} mcg/day": taking, "without K2": patient.without_k2()}

    def update(self, **values: Any) -> Comparison:
        """Re-simulates with the given values changed (dose in mcg/day, agent 'mk7', 'mk4'
        or 'k1', age in years, calcium in mg/day, egfr in mL/min/1.73m2, years, bands True or
        False for the 90% bands over posterior draws) and returns
        the Comparison. The wall time of the update is in :attr:`seconds`. When the widget
        is shown, its controls are set to the new values and its figure is redrawn."""
        comparison = self._simulate(**values)
        if self._widget is not None:
            self._show_controls()
            self._show()
        return comparison

    def _simulate(self, **values: Any) -> Comparison:
        unknown = set(values) - set(self.values)
        if unknown:
            raise TypeError(f"unknown explorer value(s): {', '.join(sorted(unknown))}; "
                            f"expected {', '.join(self.values)}")
        if values.get("agent", self.values["agent"]) not in _LABELS:
            raise ValueError(f"agent must be one of {', '.join(a for _, a in AGENTS)}")
        started = time.perf_counter()
        arms = self.arms(**values)
        # The values become the explorer's only once their runs succeed: a patient
        # the model cannot start leaves the last comparison and its values as they were.
        v = {**self.values, **values}
        if v["bands"]:
            self.comparison = self._with_bands(arms)
            self.values.update(values)
            self.seconds = time.perf_counter() - started
            self.history.append(self.seconds)
            return self.comparison
        # The starting state is that of the patient's usual diet, dietary K2 included
        # (interventions play no part), shared by both arms as in `calcsim compare`.
        key = (v["age"], v["calcium"], v["egfr"])
        taking, reference = arms.values()
        if key not in self._starts:
            self._starts[key] = initial_condition(taking)
        start = self._starts[key]
        with ThreadPoolExecutor(max_workers=len(arms)) as pool:
            futures = {name: pool.submit(run, s, start=start) for name, s in arms.items()}
            results: dict[str, Result] = {name: f.result() for name, f in futures.items()}
        self.comparison = Comparison(results, taking)
        self.values.update(values)
        self.seconds = time.perf_counter() - started
        self.history.append(self.seconds)
        return self.comparison

    def _with_bands(self, arms: dict[str, Scenario]) -> Comparison:
        """Both arms with their 90% intervals over BAND_DRAWS posterior draws, from the
        steady state of the patient (as without bands)."""
        from ._simulate import compare

        taking = next(iter(arms.values()))
        end = taking.duration
        at = [end * k / (BAND_POINTS - 1) for k in range(BAND_POINTS)]
        return compare(taking, arms=arms, uncertainty=BAND_DRAWS, seed=self.seed, at=at)

    def figure(self, title: bool = True):
        """The last comparison drawn: dp-ucMGP, ucOC, BMD change and arterial score, both arms,
        under :meth:`title` (``title=False``: without it, as the widget shows the title as text)."""
        from . import plot

        if self.comparison is None:
            self.update()
        unit = "week" if self.values["years"] <= 1 else "year"
        fig = plot.comparison(self.comparison, list(QUANTITIES), time_unit=unit)
        if self.comparison.intervals is not None:
            first = self.comparison[self.comparison.names[0]]
            plot.bands(self.comparison, list(QUANTITIES), fig.axes, time_unit=unit, span_days=first.duration)
        if title:
            fig.suptitle(self.title() + "\n(illustrative teaching model, not medical advice)", fontsize="medium")
        else:
            fig.suptitle("")
        return fig

    def title(self) -> str:
        """The figure's title: the arms and the patient of the last comparison."""
        if self.comparison is None:
            return ""
        c, v = self.comparison, self.values
        return (f"{c.names[0]} vs {c.names[1]}: {v['age']:g}-year-old, calcium {v['calcium']:g} mg/day, "
                f"eGFR {v['egfr']:g}, {_core.format_duration(c[c.names[0]].duration)}")

    def text(self) -> str:
        """One line on the last comparison: the end-of-run differences and the redraw time."""
        c = self.comparison
        if c is None:
            return ""
        with_k, without = c.names
        parts = []
        for q, shown, unit, fmt in (("dp_ucmgp", "dp-ucMGP", "pmol/L", "{:+.0f}"),
                                    ("bmd_change", "BMD change", "percentage points", "{:+.2f}"),
                                    ("arterial_score", "arterial score", "AU", "{:+.1f}"),
                                    ("cfpwv", "cfPWV", "m/s", "{:+.2f}"),
                                    ("systolic_bp", "systolic pressure", "mmHg", "{:+.1f}")):
            parts.append(f"{shown} {fmt.format(c[with_k].final(q) - c[without].final(q))} {unit}")
        bands = (f" Shaded: 90% intervals over {c.uncertainty['draws']} posterior draws (seed {c.uncertainty['seed']}; "
                 f"{c.uncertainty['failed']} failed to solve or to start)." if c.uncertainty is not None else "")
        return (f"After {_core.format_duration(c[with_k].duration)}, with minus without: " + ", ".join(parts)
                + f".{bands} Simulated in {self.seconds:.2f} s.")

    # --- widgets --------------------------------------------------------------------

    @property
    def widget(self):
        """The ipywidgets panel: sliders and the redrawn figure."""
        if self._widget is None:
            self._widget = self._build()
            self.redraw()
        return self._widget

    def _build(self):
        import ipywidgets as w

        v = self.values
        slider = {"layout": w.Layout(width="320px"), "continuous_update": False}
        self.controls = {
            "agent": w.ToggleButtons(options=list(AGENTS), value=v["agent"]),
            "dose": w.SelectionSlider(options=dose_steps(v["agent"], v["dose"]), value=v["dose"], **slider),
            "age": w.IntSlider(value=int(v["age"]), min=18, max=100, **slider),
            "calcium": w.IntSlider(value=int(v["calcium"]), min=300, max=2500, step=50, **slider),
            "egfr": w.IntSlider(value=int(v["egfr"]), min=10, max=120, step=5, **slider),
            "years": w.FloatSlider(value=v["years"], min=0.25, max=30, step=0.25, **slider),
            "bands": w.Checkbox(value=v["bands"],
                                description="90% bands"),
        }
        captions = {"agent": "vitamin K form", "dose": "dose [mcg/day]", "age": "age [years]",
                    "calcium": "calcium intake [mg/day]", "egfr": "eGFR [mL/min/1.73m2]", "years": "years simulated",
                    "bands": f"uncertainty ({BAND_DRAWS} draws)"}
        rows = []
        for name, control in self.controls.items():
            control.observe(self._changed, names="value")
            rows.append(w.HBox([w.Label(captions[name], layout=w.Layout(width="170px")), control]))
        self._status = w.HTML()
        self._caption = w.HTML()
        self._output = w.Output()
        note = w.HTML(f"<i>{_core.disclaimer}</i>")
        return w.VBox([*rows, self._status, self._caption, self._output, note])

    def _changed(self, change: dict) -> None:
        if self._quiet:
            return
        name = next(n for n, c in self.controls.items() if c is change["owner"])
        values = {name: change["new"]}
        if name == "agent":
            # Each form has its own plausible range of one dose (MK-4 up to the 45 mg regimen).
            slider = self.controls["dose"]
            steps = dose_steps(change["new"])
            self._quiet = True
            try:
                slider.options = steps
                slider.value = min(steps, key=lambda d: abs(math.log(d / self.values["dose"])))
                values["dose"] = slider.value
            finally:
                self._quiet = False
        try:
            self.redraw(**values)
        except ValueError as error:
            # A patient the model cannot start (untreated kidney failure on a poor
            # diet, say): the reason in place of the caption, the sliders back at
            # the patient still shown.
            self._show_controls()
            self._status.value = (f"<span style='color:#a00'>Not simulated: {html.escape(str(error))}. "
                                  f"The sliders are back at the patient shown.</span>")

    def redraw(self, **values: Any) -> None:
        """Updates with `values` and redraws the figure in the widget's output area."""
        self._simulate(**values)
        self._show()

    def _show_controls(self) -> None:
        """Sets the controls to :attr:`values` without triggering redraws (after an update from code)."""
        v = self.values
        self._quiet = True
        try:
            self.controls["agent"].value = v["agent"]
            dose = self.controls["dose"]
            steps = dose_steps(v["agent"], v["dose"])
            if list(dose.options) != steps:
                dose.options = steps
            dose.value = v["dose"]
            for name in ("age", "calcium", "egfr"):
                self.controls[name].value = int(round(v[name]))
            self.controls["years"].value = v["years"]
            self.controls["bands"].value = v["bands"]
        finally:
            self._quiet = False

    def _show(self) -> None:
        """Draws the last comparison into the widget: the text, the title and the figure."""
        import matplotlib.pyplot as plt
        from IPython.display import display

        fig = self.figure(title=False)
        if self._status is not None:
            self._status.value = html.escape(self.text())
            self._caption.value = f"<b>{html.escape(self.title())}</b>"
        if self._output is not None:
            self._output.clear_output(wait=True)
            with self._output:
                display(fig)
        plt.close(fig)


def dose_steps(agent: str, include: float | None = None) -> list[float]:
    """The dose slider's steps for `agent` (mcg/day): :data:`DOSES` within the engine's
    plausible range of one dose, plus `include` when given."""
    low, high = _core.plausible_dose_range(agent)
    steps = {d for d in DOSES if low <= d <= high}
    if include is not None:
        steps.add(float(include))
    return sorted(steps)


def _number(value: Any) -> float:
    """The number in '58 years', '1000 mg/day' or 58."""
    return float(str(value).split()[0])


def explore(scenario: Any = None, *, dose: float = 180.0, agent: str = "mk7", years: float = 10.0,
            every: float = 7.0, dosing: str = "daily-averaged", bands: bool = False):
    """An interactive with/without-K2 comparison for Jupyter: sliders for the dose, the
    vitamin K form (MK-7, MK-4, K1), age, calcium intake, eGFR and the number of years
    redraw dp-ucMGP, undercarboxylated osteocalcin, BMD change and the arterial score.

    `scenario` gives the patient and diet (default: the built-in default's
    58-year-old woman). Returns the ipywidgets panel; its :class:`Explorer` is
    ``panel.explorer`` (``panel.explorer.update(dose=360)`` changes it from
    code). Each redraw prints its wall time: with daily-averaged dosing (the
    default; see :class:`Explorer`) ten years take a few tens of milliseconds.
    A checkbox (or ``bands=True``) shades each arm's 90% interval over posterior draws.
    """
    explorer = Explorer(scenario, dose=dose, agent=agent, years=years, every=every, dosing=dosing, bands=bands)
    panel = explorer.widget
    panel.explorer = explorer
    return panel


__all__ = ["Explorer", "explore", "dose_steps", "AGENTS", "DOSES", "QUANTITIES", "BAND_DRAWS", "BAND_POINTS"]
