#!/usr/bin/python3
"""Regenerates data/posterior.json: calcsim's parameter posterior given the
calibration rows. One command, from the repository root after a build:

    PYTHONPATH=build/release/python /usr/bin/python3 scripts/fit/fit_posterior.py

Method (docs/UNCERTAINTY.md states it with its limits):

- Likelihood: each calibration row is a normal observation. Its mean is the
  middle of the row's accepted interval and its standard deviation a quarter
  of the interval (the interval read as about +/- 2 SD of the published value).
  Validation rows never enter. `homeostasis.balance` is a mass-balance identity,
  not a measurement, and is left out.
- Priors: each fitted parameter is log-normal around its registry value, with
  a log-SD of a quarter of its registry range in log units (the lower end
  floored at a hundredth of the value), doubled for `hypothetical` parameters.
  Parameters not listed in FITTED are held at their registry values.
- Posterior: a Laplace approximation around the registry's fitted values
  (which every row passes): finite-difference sensitivities of the rows to
  log(parameter), step 5%, give the Gauss-Newton precision
  J' W J + prior precision; its inverse is the covariance shipped.
  A parameter moves only the groups of experiments listed for it below
  (always the cheap ones as well); the sensitivity of the other rows to it is
  taken as zero, which keeps the fit to minutes.
- Check: an affine-invariant MCMC (emcee) on one block that is cheap to
  simulate, the vitamin D dose-response of Vieth 2001 (d25.response,
  d25.catabolism_gain and the cohort's winter vitamin D input), compared with the Laplace
  approximation of the same block, with split R-hat and effective sample size.
"""
from __future__ import annotations

import argparse
import datetime
import json
import math
import os
import sys

import numpy as np

import calcsim
from calcsim import _core
from calcsim._uncertainty import calibration_fingerprint

# Groups that cost well under a second: rerun for every parameter.
CHEAP = ["homeostasis", "absorption_loads", "adaptation", "habits"]

# Fitted parameters and the groups of calibration experiments they were fitted
# to (docs/CALIBRATION.md says which rows each was fitted to).
FITTED = {
    "d25.response": ["calcium_axis"],
    "d25.catabolism_gain": ["calcium_axis"],
    "d25.catabolism_level": ["calcium_axis"],
    "d3.store_half_life": ["calcium_axis"],
    "d25.calcitriol_exponent": ["calcium_axis"],
    "pth.calcium_steepness": ["calcium_axis"],
    "renal.fractional_excretion": [],
    "gut.active_vmax": [],
    "gut.active_km": [],
    "gut.adaptation_half_life": [],
    "mk7.half_life": ["pharmacokinetics"],
    "k1.half_life": ["pharmacokinetics"],
    "mk4.bioavailability": ["pharmacokinetics"],
    "renal.sodium_calciuria": [],
    "bone.loading_formation_gain": [],
    "vitk.uremic_recycling_loss": ["mgp_dose_response"],
    "mgp.k_half": ["mgp", "mgp_dose_response"],
    "mgp.vessel_half_life": ["arteries", "mgp_dose_response"],
    "mgp.new_release_fraction": ["arteries", "mgp_dose_response"],
    "mgp.nonrenal_clearance_fraction": ["mgp", "mgp_dose_response"],
    "stiffness.pwv_ref": ["stiffness"],
    "elastin.pwv_gain": ["stiffness"],
    "artery.deposition_rate": ["arteries"],
    "bone.menopause_peak_excess": ["menopause"],
    "calcitriol.phosphate_exponent": ["phosphate_intake"],
    "phosphate.fe_fgf23_exponent": ["phosphate_intake"],
    "renal.fe_kidney_exponent": ["kidney_disease"],
    "gut.age_decline": ["ageing_gut"],
    "gut.menopause_loss": ["ageing_gut"],
}
NOT_MEASUREMENTS = {"homeostasis.balance"}
LOG_STEP = 0.05
OUT = os.path.join("data", "posterior.json")


def prior_sd(info):
    """Log-SD of a parameter's prior: a quarter of its range in log units (the
    lower end floored at a hundredth of the value), doubled when hypothetical."""
    value = info["value"]
    low = max(info["min"], value / 100)
    sd = math.log(info["max"] / low) / 4
    return 2 * sd if info["hypothetical"] else sd


def rows_of(params, groups):
    return {r["id"]: r for r in _core.calibration_rows(params, groups)}


def jacobian(reg):
    """Rows at the fitted values and d(row)/d(log parameter) for each fitted parameter."""
    base = rows_of(None, list(_core.calibration_groups()))
    ids = [i for i in base if i not in NOT_MEASUREMENTS]
    J = np.zeros((len(ids), len(FITTED)))
    for k, (name, groups) in enumerate(FITTED.items()):
        value = reg[name]["value"] * math.exp(LOG_STEP)
        moved = rows_of({name: min(value, reg[name]["max"])}, CHEAP + groups)
        step = math.log(min(value, reg[name]["max"]) / reg[name]["value"])
        for r, rid in enumerate(ids):
            if rid in moved:
                J[r, k] = (moved[rid]["simulated"] - base[rid]["simulated"]) / step
        print(f"  sensitivities to {name}: {len(moved)} rows rerun", flush=True)
    return base, ids, J


def laplace(reg, base, ids, J):
    y = np.array([base[i]["simulated"] for i in ids])
    mean = np.array([(base[i]["low"] + base[i]["high"]) / 2 for i in ids])
    sd = np.array([(base[i]["high"] - base[i]["low"]) / 4 for i in ids])
    W = np.diag(1 / sd**2)
    prior = np.array([prior_sd(reg[n]) for n in FITTED])
    H = J.T @ W @ J + np.diag(1 / prior**2)
    cov = np.linalg.inv(H)
    cov = (cov + cov.T) / 2
    # How far one Gauss-Newton step would move the centre (in posterior SDs):
    # small values say the registry values are close to the posterior mode.
    step = cov @ (J.T @ W @ (mean - y))
    return cov, prior, step / np.sqrt(np.diag(cov))


# --- The MCMC check on the vitamin D block ---------------------------------------

VIETH = {"baseline": (40.7, 1.0), 1000: (69.0, 14 / 4), 4000: (96.5, 15 / 4)}  # mean, SD (nmol/L)
BLOCK = ["d25.response", "d25.catabolism_gain"]


def vieth(theta):
    response, gain, sun = np.exp(theta)
    params = {"d25.response": response, "d25.catabolism_gain": gain}
    spec = {"name": "Vieth 2001 cohort", "duration": "150 days", "output_every": "150 days",
            "dosing": "daily-averaged",
            "patient": {"age": "41 years", "sex": "male", "egfr": "100 mL/min/1.73m2",
                        "sun_exposure": f"{sun} mcg/day"},
            "diet": {"calcium": "1000 mg/day", "vitamin_d": "5 mcg/day"}}
    base = calcsim.Scenario.from_dict(spec)
    start = calcsim.initial_condition(base, params=params)
    # rtol 1e-5: at the default tolerance the plateau carries integration noise of a few tenths of
    # a nmol/L from one parameter set to the next, which the Hessian's 2% steps would read as curvature.
    out = {"baseline": calcsim.run(base, params=params, start=start, rtol=1e-5).values("d25")[0]}
    for iu in (1000, 4000):
        out[iu] = calcsim.run(base.with_intervention("vitamin_d3", f"{iu} IU"), params=params,
                              start=start, rtol=1e-5).values("d25")[-1]
    return out


def block_log_posterior(theta, centre, prior):
    if not np.all(np.isfinite(theta)):
        return -np.inf
    try:
        m = vieth(theta)
    except (ValueError, RuntimeError):
        return -np.inf
    like = sum(-0.5 * ((m[k] - mu) / s) ** 2 for k, (mu, s) in VIETH.items())
    return like - 0.5 * np.sum(((theta - centre) / prior) ** 2)


def split_rhat(chain):
    """Split R-hat (Gelman et al. 2013) per parameter; chain is (steps, walkers, dim)."""
    n = chain.shape[0] // 2
    halves = np.concatenate([chain[:n], chain[n:2 * n]], axis=1)  # (n, 2*walkers, dim)
    means = halves.mean(axis=0)
    within = halves.var(axis=0, ddof=1).mean(axis=0)
    between = n * means.var(axis=0, ddof=1)
    var = (n - 1) / n * within + between / n
    return np.sqrt(var / within)


def mcmc_check(reg, seed, walkers, steps):
    import emcee
    from scipy.optimize import minimize

    prior = np.array([prior_sd(reg[n]) for n in BLOCK] + [1.0])
    centre = np.log([reg[n]["value"] for n in BLOCK] + [18.0])
    neg = lambda th: -block_log_posterior(th, centre, prior)  # noqa: E731
    mode = minimize(neg, centre, method="Nelder-Mead", options={"xatol": 1e-4, "fatol": 1e-6}).x
    # Laplace of the block: numerical Hessian of -log posterior at its mode.
    h, d = 0.02, len(mode)
    H = np.zeros((d, d))
    for i in range(d):
        for j in range(d):
            e_i, e_j = np.eye(d)[i] * h, np.eye(d)[j] * h
            H[i, j] = (neg(mode + e_i + e_j) - neg(mode + e_i - e_j) - neg(mode - e_i + e_j)
                       + neg(mode - e_i - e_j)) / (4 * h * h)
    cov = np.linalg.inv(H)
    rng = np.random.default_rng(seed)
    start = rng.multivariate_normal(mode, cov, size=walkers)
    sampler = emcee.EnsembleSampler(walkers, d, block_log_posterior, args=(centre, prior))
    np.random.seed(seed)  # emcee draws its proposals from numpy's global generator
    sampler.run_mcmc(start, steps, progress=False)
    burn = steps // 4
    chain = sampler.get_chain(discard=burn)
    flat = chain.reshape(-1, d)
    tau = emcee.autocorr.integrated_time(chain, quiet=True)
    names = BLOCK + ["vitamin D3 input of the cohort (mcg/day)"]
    return {
        "block": "Vieth 2001 vitamin D dose-response (vitd.vieth_1000iu, vitd.vieth_4000iu, baseline 40.7 nmol/L), "
                 "daily-averaged dosing",
        "sampler": f"emcee {emcee.__version__} affine-invariant ensemble",
        "walkers": walkers, "steps": steps, "burn_in": burn, "seed": seed,
        "acceptance": float(np.mean(sampler.acceptance_fraction)),
        "parameters": [{
            "name": names[i],
            "mcmc_median": float(np.exp(np.median(flat[:, i]))),
            "mcmc_log_sd": float(flat[:, i].std()),
            "laplace_mode": float(np.exp(mode[i])),
            "laplace_log_sd": float(math.sqrt(cov[i, i])),
            "rhat": float(split_rhat(chain)[i]),
            "ess": float(flat.shape[0] / tau[i]),
        } for i in range(d)],
    }


def rows_fingerprint(base):
    """The calibration rows' fingerprint, from docs/CALIBRATION.md, after checking
    that its table holds the rows just run (else the docs are stale: run
    scripts/update-docs.sh first)."""
    with open(os.path.join("docs", "CALIBRATION.md"), encoding="utf-8") as f:
        text = f.read()
    missing = [i for i in base if f"(`{i}`)" not in text]
    if missing:
        sys.exit(f"docs/CALIBRATION.md lacks rows {missing}: run scripts/update-docs.sh, then this script")
    return calibration_fingerprint(text)


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--out", default=OUT, help="where to write (default data/posterior.json)")
    ap.add_argument("--walkers", type=int, default=12)
    ap.add_argument("--steps", type=int, default=3000)
    ap.add_argument("--seed", type=int, default=20261203)
    args = ap.parse_args(argv)
    reg = {p["name"]: p for p in _core.parameter_registry()}
    print("calibration rows and their sensitivities to the fitted parameters (a few minutes)", flush=True)
    base, ids, J = jacobian(reg)
    cov, prior, gn_step = laplace(reg, base, ids, J)
    print("MCMC check on the vitamin D block", flush=True)
    check = mcmc_check(reg, args.seed, args.walkers, args.steps)
    names = list(FITTED)
    out = {
        "calcsim_version": _core.__version__,
        "created": datetime.date.today().isoformat(),
        "method": "Laplace approximation around the fitted values: Gauss-Newton precision from finite-difference "
                  "sensitivities of the calibration rows to log(parameter), log-normal priors from the registry "
                  "ranges (doubled for hypothetical parameters); checked by MCMC on the vitamin D block",
        "regenerate": "PYTHONPATH=build/release/python /usr/bin/python3 scripts/fit/fit_posterior.py",
        "parameter_fingerprint": _core.registry_fingerprint(),
        "calibration_fingerprint": rows_fingerprint(base),
        "likelihood_rows": ids,
        "parameters": [{
            "name": n, "scale": "log", "center": reg[n]["value"], "unit": reg[n]["unit"],
            "prior_log_sd": float(prior[k]), "posterior_log_sd": float(math.sqrt(cov[k, k])),
            "gauss_newton_step_in_sd": float(gn_step[k]),
            "groups_rerun": CHEAP + FITTED[n],
        } for k, n in enumerate(names)],
        "covariance": cov.tolist(),
        "mcmc_check": check,
    }
    os.makedirs(os.path.dirname(os.path.abspath(args.out)), exist_ok=True)
    tmp = args.out + ".tmp"
    with open(tmp, "w", encoding="utf-8") as f:
        json.dump(out, f, indent=1)
        f.write("\n")
    os.replace(tmp, args.out)
    print(f"wrote {args.out}: {len(names)} parameters, {len(ids)} rows")
    for p in out["parameters"]:
        print(f"  {p['name']:32s} prior log-SD {p['prior_log_sd']:.3f}  posterior {p['posterior_log_sd']:.3f}")
    for p in check["parameters"]:
        print(f"  MCMC {p['name']}: median {p['mcmc_median']:.4g} (Laplace {p['laplace_mode']:.4g}), log-SD "
              f"{p['mcmc_log_sd']:.3f} (Laplace {p['laplace_log_sd']:.3f}), R-hat {p['rhat']:.3f}, ESS {p['ess']:.0f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
