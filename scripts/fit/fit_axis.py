#!/usr/bin/python3
"""Fits the calcium-PTH-vitamin D parameters of calcsim to published human data.

Run from the repository root after building the Python package:

    PYTHONPATH=build/release/python /usr/bin/python3 scripts/fit/fit_axis.py

Each fit below names the parameters it sets and the published rows it was
fitted to; those rows are the `fit` rows of `calcsim calibration` (ids in
brackets). The script prints the fitted values; the registry
(engine/include/calcsim/parameter_list.inc) holds them, with these sources.
Nothing in `calcsim validation` is used here.

  d25.calcitriol_exponent, then d25.response, d25.catabolism_gain,
  d25.catabolism_level, d3.store_half_life
      Vieth 2001, AJCN 73:288: healthy adults aged 41 +/- 9 starting in
      winter at 40.7 nmol/L; plateau 68.7 nmol/L on 1000 IU/day and
      96.4 nmol/L on 4000 IU/day [vitd.vieth_1000iu, vitd.vieth_4000iu].
      Ilahi 2008, AJCN 87:688: 30 healthy adults with little sun given one
      oral dose of 100,000 IU of D3; 25(OH)D rose from 27.1 to a peak of
      42.0 ng/mL (67.6 to 104.8 nmol/L) [vitd.ilahi_100000iu]. Cipriani
      2010, J Clin Endocrinol Metab 95:4771: 48 young adults from 39.4 nmol/L
      given 600,000 IU of D3 once; 192.7 nmol/L at 3 days and 155.7 at 30
      [vitd.cipriani_3_days, vitd.cipriani_30_days]. Berlin 1988, Eur J Clin
      Invest 18:52: 14 healthy men added 2 g/day of calcium to their usual
      diet for 6-7 weeks; calcitriol fell and 25(OH)D rose 17 nmol/L more than
      in controls [vitd.berlin_calcium], which sizes calcitriol's induction of
      25(OH)D's inactivation (Clements 1987, Nature 325:62): the exponent is
      found first, by root finding on Berlin's rise with the other vitamin D
      parameters at their registry values (the rise hardly depends on them),
      then the other four are fitted together with it held, each
      miss weighed by its band; the Vieth cohort's winter vitamin D3 input
      (skin and food) is fitted with them, as the baseline it implies. Set
      from sources, not fitted: d25.half_life (Jones 2014), d3.fat_fraction
      and d3.fat_half_life (Didriksen 2015, Martinaityte 2017) and
      d25.catabolism_steepness (hypothetical).
  pth.calcium_steepness
      Guillemant 1996, Eur J Clin Nutr 50:469: 1 g oral calcium after a
      night's fast in 18 healthy young men; largest PTH fall 13.9 of
      24.1 pg/mL (-58%) within 4 h [load.guillemant_pth], with
      renal.calcium_exponent set from Peterson & Riggs 2010 first.
  calcitriol.phosphate_exponent, phosphate.fe_fgf23_exponent
      Portale 1986, J Clin Invest 77:7 and Portale 1987, J Clin Invest
      80:1147: six healthy men moved from 1500 to 3000 mg/day of phosphorus
      for 10 days; serum calcitriol fell 29% (38 to 27 pg/mL) and the 24-hour
      mean plasma phosphate rose 14% [phosphate.portale_calcitriol,
      phosphate.portale_phosphate]. FGF23 carries both: it follows phosphate,
      holds back calcitriol synthesis and raises phosphate excretion.
  renal.calcium_exponent, pth.max_ratio, pth.min_ratio (set from sources, not fitted)
      Peterson & Riggs 2010, Bone 46:49: urinary calcium rises about 17% per
      1% rise of plasma calcium at fixed PTH, so the exponent of
      (calcium / reference) in fractional excretion is 16. Brent 1988,
      J Clin Endocrinol Metab 67:944: EDTA and calcium infusions took PTH to
      about 4.2 and 0.25 times its starting level (Schwarz 1993: one fourth).
"""
import sys

import numpy as np
from scipy.optimize import brentq, least_squares

import calcsim

IU = 0.025  # mcg of vitamin D3 per IU


def adult(days, every, **extra):
    spec = {"name": "healthy adult", "duration": f"{days} days", "output_every": every,
            "patient": {"age": "41 years", "sex": "male", "egfr": "100 mL/min/1.73m2"},
            "diet": {"calcium": "1000 mg/day", "vitamin_d": "5 mcg/day"}}
    spec.update(extra)
    return calcsim.Scenario.from_dict(spec)


# --- Vitamin D3 -> 25(OH)D ------------------------------------------------------

VIETH = {"baseline": 40.7, 1000: 68.7, 4000: 96.4}  # nmol/L
ILAHI = {"baseline": 67.6, "peak_rise": 37.2}  # nmol/L: 27.1 to 42.0 ng/mL after 100,000 IU
CIPRIANI = {"baseline": 39.4, 3: 192.7, 30: 155.7}  # nmol/L after 600,000 IU
BERLIN_RISE = 17.0  # nmol/L over controls after 6-7 weeks of 2 g/day of calcium (73 to 94, controls 67 to 71)
VITD_NAMES = ("d25.response", "d25.catabolism_gain", "d25.catabolism_level", "d3.store_half_life")


def vieth_model(params, sun):
    base = adult(150, "1 day", patient={"age": "41 years", "sex": "male", "sun_exposure": f"{sun} mcg/day"})
    start = calcsim.initial_condition(base, params=params)
    out = {"baseline": calcsim.run(base, params=params, start=start).values("d25")[0]}
    for iu in (1000, 4000):
        treated = base.with_intervention("vitamin_d3", f"{iu} IU")
        out[iu] = calcsim.run(treated, params=params, start=start).values("d25")[-1]
    return out


def after_one_dose(params, baseline, iu, days, every, age):
    """25(OH)D after one oral dose of `iu` IU at 08:00, from a steady `baseline` (nmol/L)."""
    base = adult(days, every, patient={"age": f"{age} years", "sex": "male"}).with_baseline_d25(baseline, params)
    start = calcsim.initial_condition(base, params=params)
    run = calcsim.run(base.with_intervention("vitamin_d3", f"{iu} IU", schedule="once", at="08:00"),
                      params=params, start=start)
    return run.time, run.values("d25")


def ilahi_peak_rise(params):
    """Largest rise of 25(OH)D within 4 months of one 100,000 IU dose, from 67.6 nmol/L."""
    _, d25 = after_one_dose(params, ILAHI["baseline"], 100000, 120, "6 hours", 41)
    return float(np.max(d25) - d25[0])


def cipriani(params):
    """25(OH)D 3 and 30 days after one 600,000 IU dose, from 39.4 nmol/L."""
    t, d25 = after_one_dose(params, CIPRIANI["baseline"], 600000, 31, "1 day", 30)
    return {day: float(np.interp(day, t, d25)) for day in (3, 30)}


def berlin_rise(params):
    """25(OH)D on the morning of day 45 of 667 mg calcium with each meal, minus without, from 73 nmol/L."""
    spec = calcsim.Scenario.default().to_dict()
    spec.pop("interventions")
    spec["patient"].pop("menopause_age")
    spec["patient"].update({"age": "45 years", "sex": "male", "egfr": "100 mL/min/1.73m2", "coronary_calcium": "0 AU"})
    spec.update({"name": "healthy adult", "duration": "46 days", "output_every": "15 min"})
    man = calcsim.Scenario.from_dict(spec).with_baseline_d25(73, params)
    start = calcsim.initial_condition(man, params=params)
    loaded = man.with_intervention("calcium", "667 mg", meal=["breakfast", "lunch", "dinner"])
    fasting = 45 + 7 / 24
    return (calcsim.run(loaded, params=params, start=start).at("d25", fasting) -
            calcsim.run(man, params=params, start=start).at("d25", fasting))


def fit_calcitriol_exponent():
    """d25.calcitriol_exponent that gives Berlin's rise, the rest of the registry held."""
    exponent = brentq(lambda e: berlin_rise({"d25.calcitriol_exponent": e}) - BERLIN_RISE, 0.2, 2.0, xtol=1e-4)
    return {"d25.calcitriol_exponent": exponent}


def vitamin_d_model(x, held):
    params = {**dict(zip(VITD_NAMES, x[:-1])), **held}
    vieth = vieth_model(params, x[-1])
    return params, vieth, ilahi_peak_rise(params), cipriani(params), berlin_rise(params)


def vitamin_d_residuals(x, held):
    """Each miss of the vitamin D rows in units of its calibration band's half-width (the
    baseline 1 nmol/L); x is the four parameters and the cohort's input."""
    _, vieth, ilahi, cip, _ = vitamin_d_model(x, held)
    return [(vieth["baseline"] - VIETH["baseline"]) / 1.0, (vieth[1000] - VIETH[1000]) / 7.0,
            (vieth[4000] - VIETH[4000]) / 7.5, (ilahi - ILAHI["peak_rise"]) / 8.0,
            (cip[3] - CIPRIANI[3]) / 22.0, (cip[30] - CIPRIANI[30]) / 18.5]


def fit_vitamin_d(held):
    """The four vitamin D parameters and the cohort's input, with `held` (the calcitriol exponent) fixed.
    With the exponent the rows leave a ridge of equally good fits (the response against the
    induction's gain), so the fit's end point depends on where it starts; the registry holds one
    point on it (tests/python/test_fit_axis.py checks that it fits as well as the optimum)."""
    def residuals(x):
        return vitamin_d_residuals(x, held)
    # Finite-difference steps well above the solver tolerance: the runs are
    # accurate to about 1e-6, so a relative step of 1e-3 gives a clean slope.
    fit = least_squares(residuals, x0=[1.5, 1.4, 90.0, 9.0, 20.0],
                        bounds=([0.3, 0.0, 40.0, 0.5, 0.0], [5.0, 10.0, 200.0, 120.0, 100.0]), diff_step=1e-3)
    params, vieth, ilahi, cip, berlin = vitamin_d_model(fit.x, held)
    return params, fit.x[-1], vieth, ilahi, cip, berlin


# --- PTH secretion against plasma calcium ----------------------------------------

GUILLEMANT_PTH_FALL = -58.0  # %, 13.9 of 24.1 pg/mL


def load_pth_fall(params, load_mg=1000, window_h=4):
    """Lowest PTH within the window after a fasting load, % against no load."""
    base = adult(3, "15 min", patient={"age": "25 years", "sex": "male"})
    start = calcsim.initial_condition(base, params=params)
    load = {"agent": "calcium", "dose": f"{load_mg} mg", "schedule": "once", "at": "05:00", "start": "1 day"}
    a = calcsim.run(adult(3, "15 min", patient={"age": "25 years", "sex": "male"}, interventions=[load]),
                    params=params, start=start, rtol=1e-6, atol=1e-9)
    b = calcsim.run(base, params=params, start=start, rtol=1e-6, atol=1e-9)
    t = a.time
    window = (t >= 1 + 5 / 24) & (t <= 1 + 5 / 24 + window_h / 24)
    return 100 * (np.min(a.values("pth")[window] / b.values("pth")[window]) - 1)


def fit_pth(renal):
    def miss(steepness):
        return load_pth_fall({**renal, "pth.calcium_steepness": steepness}) - GUILLEMANT_PTH_FALL
    return {"pth.calcium_steepness": brentq(miss, 8, 79, xtol=0.05)}


# --- FGF23: calcitriol and phosphate excretion against a phosphate load ---------

PORTALE = {"calcitriol": 27.0 / 38.0, "plasma_phosphate": 1.14}  # day 10 of 3000 against 1500 mg/day


def portale_supplement(params):
    """Day-10 calcitriol and plasma phosphate (means over the day) on 3000 against 1500 mg/day of
    phosphorus: a 33-year-old man on the default diet otherwise (the calibration row's design)."""
    def men(phosphorus):
        spec = calcsim.Scenario.default().to_dict()
        spec.update(name="healthy adult", duration="10 days", output_every="15 min", interventions=[])
        spec["patient"] = {**spec["patient"], "age": "33 years", "sex": "male", "egfr": "100 mL/min/1.73m2",
                           "coronary_calcium": "0 AU"}
        spec["patient"].pop("menopause_age", None)
        spec["diet"] = {**spec["diet"], "phosphate": f"{phosphorus} mg/day"}
        return calcsim.Scenario.from_dict(spec)
    usual = men(1500)
    start = calcsim.initial_condition(usual, params=params)
    runs = {mg: calcsim.run(men(mg), params=params, start=start) for mg in (1500, 3000)}
    def last_day(run, column):
        values, t = run.values(column), run.time
        return float(np.mean(values[t > 9 + 1e-9]))
    return {key: last_day(runs[3000], key) / last_day(runs[1500], key) for key in PORTALE}


def fit_fgf23():
    names = ("calcitriol.phosphate_exponent", "phosphate.fe_fgf23_exponent")
    def residuals(x):
        model = portale_supplement(dict(zip(names, x)))
        return [np.log(model[k] / v) for k, v in PORTALE.items()]
    # Bounded by the registry ranges; tight tolerances, because the two
    # exponents trade off along a shallow valley where a loose stop lands short.
    fit = least_squares(residuals, x0=[1.0, 2.0], bounds=([0, 0], [6, 8]), diff_step=1e-3, xtol=1e-10, ftol=1e-12,
                        gtol=1e-12)
    values = dict(zip(names, fit.x))
    return values, portale_supplement(values)


def main():
    exponent = fit_calcitriol_exponent()
    print("fit of d25.calcitriol_exponent to Berlin 1988 [vitd.berlin_calcium]:"
          f" {exponent['d25.calcitriol_exponent']:.3g}")
    vitd, sun, vieth, ilahi, cip, berlin = fit_vitamin_d(exponent)
    print("fit of " + ", ".join(VITD_NAMES) + " to Vieth 2001 [vitd.vieth_1000iu, vitd.vieth_4000iu],"
          " Ilahi 2008 [vitd.ilahi_100000iu] and Cipriani 2010 [vitd.cipriani_3_days, vitd.cipriani_30_days],"
          " with that exponent")
    for name, value in vitd.items():
        if name in VITD_NAMES:
            print(f"  {name} = {value:.3g}")
    print(f"  100,000 IU once: 25(OH)D up {ilahi:.1f} nmol/L at its peak (published {ILAHI['peak_rise']})")
    for day in (3, 30):
        print(f"  600,000 IU once, day {day}: published {CIPRIANI[day]}, fitted {cip[day]:.1f} nmol/L")
    print(f"  2 g/day of calcium for 45 days: 25(OH)D up {berlin:.1f} nmol/L over controls (published {BERLIN_RISE})")
    print(f"  the cohort's winter vitamin D3 input: {sun:.1f} mcg/day from the skin, with 5 mcg/day in food")
    for key, published in VIETH.items():
        print(f"  {key}: published {published}, fitted {vieth[key]:.1f} nmol/L")
    renal = {"renal.calcium_exponent": 16.0, "pth.max_ratio": 4.2, "pth.min_ratio": 0.25}
    pth = fit_pth(renal)
    print("fit of pth.calcium_steepness to Guillemant 1996 [load.guillemant_pth],"
          " with renal.calcium_exponent = 16 (Peterson & Riggs 2010)")
    for name, value in pth.items():
        print(f"  {name} = {value:.1f}")
    print(f"  1 g load: PTH {load_pth_fall({**renal, **pth}):.1f}% (published {GUILLEMANT_PTH_FALL}%)")
    fgf23, portale = fit_fgf23()
    print("fit of calcitriol.phosphate_exponent, phosphate.fe_fgf23_exponent to Portale 1986/1987"
          " [phosphate.portale_calcitriol, phosphate.portale_phosphate]")
    for name, value in fgf23.items():
        print(f"  {name} = {value:.2f}")
    for key, published in PORTALE.items():
        print(f"  {key} on 3000 mg/day: published {published:.2f}, fitted {portale[key]:.3f} (ratio)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
