"""The interactive explorer, driven headlessly: its update function and its widgets."""

import matplotlib
import pytest

import calcsim
from calcsim import Scenario

matplotlib.use("Agg")


@pytest.fixture(scope="module")
def explorer():
    e = calcsim.Explorer(years=0.5)
    e.update()
    return e


def test_update_compares_with_and_without_k2(explorer):
    c = explorer.comparison
    assert c.names == ["MK-7 180 mcg/day", "without K2"]
    with_k2, without = c["MK-7 180 mcg/day"], c["without K2"]
    assert with_k2.final("dp_ucmgp") < 0.7 * without.final("dp_ucmgp")
    # Both arms start from the same state; weekly outputs over the horizon.
    assert with_k2.at("dp_ucmgp", 0) == without.at("dp_ucmgp", 0)
    assert list(with_k2.time[:3]) == [0.0, 7.0, 14.0]
    assert explorer.seconds > 0 and "Simulated in" in explorer.text()


def test_the_default_arms_are_those_of_calcsim_compare(explorer):
    reference = calcsim.compare(Scenario.default(), years=0.5, every=7, dosing=explorer.dosing)
    assert explorer.comparison["without K2"].final("dp_ucmgp") == pytest.approx(
        reference["without K2"].final("dp_ucmgp"), rel=1e-12)
    assert explorer.comparison["MK-7 180 mcg/day"].final("dp_ucmgp") == pytest.approx(
        reference["with K2"].final("dp_ucmgp"), rel=1e-12)


def test_each_slider_changes_the_answer():
    e = calcsim.Explorer(years=0.25)
    base = e.update().difference()["dp_ucmgp [pmol/L]"].iloc[-1]
    assert e.update(dose=45).difference()["dp_ucmgp [pmol/L]"].iloc[-1] < base  # less K2, a smaller gap
    e.update(dose=180)
    mk4 = e.update(agent="mk4", dose=45000)
    assert mk4.names[0] == "MK-4 45000 mcg/day"
    assert e.update(agent="k1", dose=1000).names[0] == "K1 1000 mcg/day"
    assert e.comparison.scenario.patient["age"].startswith("58")
    older = e.update(age=75, calcium=1500, egfr=30)
    assert older.scenario.patient["egfr"].startswith("30")
    assert older.scenario.diet["calcium"].startswith("1500")
    assert e.update(years=0.5).names and e.comparison["without K2"].end_time == pytest.approx(182.625, abs=1)
    assert len(e.history) == 7


def test_bad_values_are_refused():
    e = calcsim.Explorer(years=0.1)
    with pytest.raises(TypeError, match="unknown explorer value"):
        e.update(dosage=10)
    with pytest.raises(ValueError, match="agent must be"):
        e.update(agent="d3")
    with pytest.raises(ValueError, match="plausible"):
        e.update(agent="mk7", dose=45000)


def test_dose_steps_follow_the_engine_ranges():
    assert calcsim._explore.dose_steps("mk7")[-1] == 2000.0
    assert 45000.0 in calcsim._explore.dose_steps("mk4")
    assert 180.0 in calcsim._explore.dose_steps("k1", include=180)


def test_widgets_redraw_on_a_slider_move():
    panel = calcsim.explore(years=0.25)
    e = panel.explorer
    assert len(e.history) == 1
    e.controls["dose"].value = 360.0
    assert e.values["dose"] == 360.0 and len(e.history) == 2
    assert e.comparison.names[0] == "MK-7 360 mcg/day"
    e.controls["agent"].value = "mk4"   # MK-7's dose list is replaced by MK-4's, one redraw
    assert len(e.history) == 3 and e.comparison.names[0].startswith("MK-4")
    assert 45000.0 in e.controls["dose"].options
    e.controls["egfr"].value = 40
    assert e.comparison.scenario.patient["egfr"].startswith("40")
    assert "Simulated in" in e._status.value


def test_a_patient_the_model_cannot_start_is_explained_and_the_sliders_go_back():
    # eGFR 10 without dialysis on 300 mg/day of calcium has no calcium-balanced
    # starting state: the panel says so and keeps the patient it shows.
    panel = calcsim.explore(years=0.25)
    e = panel.explorer
    e.controls["calcium"].value = 300
    shown, runs = e.comparison, len(e.history)
    e.controls["egfr"].value = 10
    assert "Not simulated" in e._status.value and "patient.egfr" in e._status.value
    assert "without dialysis" in e._status.value
    assert e.values["egfr"] == 90 and e.controls["egfr"].value == 90
    assert e.comparison is shown and len(e.history) == runs
    e.controls["age"].value = 70   # the next move simulates from what the sliders show
    assert "Simulated in" in e._status.value and "eGFR 90" in e._caption.value and "70-year-old" in e._caption.value
    with pytest.raises(ValueError, match="without dialysis"):
        e.update(egfr=10)
    assert e.values["egfr"] == 90


def test_an_update_from_code_moves_the_sliders_and_redraws():
    # Notebook 02 calls explorer.update(dose=360) on the shown explorer: the slider,
    # the title above the figure and the text must all say 360 at once.
    panel = calcsim.explore(years=0.25)
    e = panel.explorer
    e.update(dose=360)
    assert e.controls["dose"].value == 360.0 and len(e.history) == 2
    assert "MK-7 360 mcg/day" in e._caption.value and "MK-7 360 mcg/day" in e.title()
    e.update(agent="k1", dose=250, egfr=45)   # a dose not on the slider's steps is added to them
    assert e.controls["agent"].value == "k1" and e.controls["dose"].value == 250.0
    assert 250.0 in e.controls["dose"].options and e.controls["egfr"].value == 45
    assert "K1 250 mcg/day" in e._caption.value and "eGFR 45" in e._caption.value
    assert len(e.history) == 3   # setting the controls from code did not redraw again
    # The next slider move redraws from what the sliders show, not from a stale value.
    e.controls["age"].value = 70
    assert e.comparison.names[0] == "K1 250 mcg/day" and "70-year-old" in e._caption.value


def test_the_docstring_states_the_default_horizon():
    import inspect

    default_years = inspect.signature(calcsim.Explorer).parameters["years"].default
    assert default_years == 10.0
    assert "ten years by default" in " ".join(calcsim._explore.__doc__.split())
    assert "two years" not in calcsim._explore.__doc__


def test_the_bands_toggle_shades_posterior_intervals():
    # Switched on (checkbox or update(bands=True)), each arm's 90% interval over
    # posterior draws is shaded on every panel around the same point estimate.
    panel = calcsim.explore(years=0.5)
    e = panel.explorer
    plain = e.comparison["MK-7 180 mcg/day"].final("dp_ucmgp")
    e.controls["bands"].value = True
    c = e.comparison
    assert e.values["bands"] and len(e.history) == 2
    assert c.uncertainty["draws"] == calcsim._explore.BAND_DRAWS and c.uncertainty["failed"] == 0
    rows = c.intervals[(c.intervals["kind"] == "value") & (c.intervals["quantity"] == "dp_ucmgp")]
    assert sorted(set(rows["arm"])) == sorted(c.names)
    assert len(set(rows["time [day]"])) == calcsim._explore.BAND_POINTS
    end = rows[(rows["arm"] == "MK-7 180 mcg/day") & (rows["time [day]"] == rows["time [day]"].max())].iloc[0]
    assert end["p05"] < end["point"] < end["p95"]
    assert c["MK-7 180 mcg/day"].final("dp_ucmgp") == pytest.approx(plain, rel=1e-9)
    assert "90% intervals over 40 posterior draws" in e._status.value
    fig = e.figure()
    shaded = [ax for ax in fig.axes if ax.get_visible() and ax.collections]
    assert len(shaded) == len(calcsim._explore.QUANTITIES)
    e.update(bands=False)
    assert e.controls["bands"].value is False and e.comparison.intervals is None
