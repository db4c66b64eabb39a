"""Parameter uncertainty: the shipped posterior matches the model, and intervals
over posterior draws behave (deterministic for a seed, around the point
estimate, counted failures, clear errors)."""

import json
import math
import os
import subprocess

import numpy as np
import pytest

import calcsim
from calcsim import _core
from calcsim._uncertainty import calibration_fingerprint, load_posterior, posterior_status

SOURCE = os.path.dirname(os.environ.get("CALCSIM_SOURCE_SCENARIOS", os.path.join(os.getcwd(), "scenarios")))
REGENERATE = "PYTHONPATH=build/release/python /usr/bin/python3 scripts/fit/fit_posterior.py"


def calibration_markdown():
    with open(os.path.join(SOURCE, "docs", "CALIBRATION.md"), encoding="utf-8") as f:
        return f.read()


def single_parameter_posterior(tmp_path, name, log_sd):
    """A posterior over one parameter, centred on its registry value."""
    value = {p["name"]: p for p in _core.parameter_registry()}[name]["value"]
    path = tmp_path / "one.json"
    path.write_text(json.dumps({
        "method": "test", "created": "2026-01-01", "calcsim_version": _core.__version__,
        "parameter_fingerprint": _core.registry_fingerprint(),
        "parameters": [{"name": name, "scale": "log", "center": value}], "covariance": [[log_sd**2]]}))
    return str(path)


def test_shipped_posterior_matches_the_model():
    # A parameter added, removed or refitted, or a calibration row added or
    # re-banded, makes the posterior stale: regenerate it with one command.
    problems = posterior_status(calibration_markdown())
    assert not problems, "data/posterior.json is stale: " + "; ".join(problems) + f". Regenerate: {REGENERATE}"


def test_shipped_posterior_is_a_proper_distribution_with_diagnostics():
    post = load_posterior()
    cov = np.array(post["covariance"])
    assert np.allclose(cov, cov.T) and np.all(np.linalg.eigvalsh(cov) > 0)
    names = [p["name"] for p in post["parameters"]]
    assert len(set(names)) == len(names)
    # Data narrow the prior, never widen it: the posterior SD of each parameter
    # is at most its prior SD (a Gauss-Newton precision adds to the prior's).
    for p, var in zip(post["parameters"], np.diag(cov)):
        assert math.sqrt(var) <= p["prior_log_sd"] * (1 + 1e-9), p["name"]
    # Validation rows never enter the likelihood.
    assert not any(r.startswith(("validation.", "val.")) for r in post["likelihood_rows"])
    # The MCMC check converged and agrees with the Laplace approximation of its block.
    for p in post["mcmc_check"]["parameters"]:
        assert p["rhat"] < 1.05, p
        assert p["ess"] > 200, p
        assert abs(math.log(p["mcmc_median"] / p["laplace_mode"])) < 0.5 * p["laplace_log_sd"], p
        assert 0.7 < p["mcmc_log_sd"] / p["laplace_log_sd"] < 1.3, p


def test_stale_posterior_is_detected(tmp_path):
    post = load_posterior()
    post["parameter_fingerprint"] = "0123456789abcdef"
    post["calibration_fingerprint"] = "fedcba9876543210"
    path = tmp_path / "stale.json"
    path.write_text(json.dumps(post))
    problems = posterior_status(calibration_markdown(), str(path))
    assert len(problems) == 2 and "parameter registry changed" in problems[0] and "calibration rows" in problems[1]
    with pytest.raises(ValueError, match="fitted for another parameter registry"):
        calcsim.compare(years=0.1, uncertainty=20, posterior=path)


def test_calibration_fingerprint_follows_a_rebanded_row():
    text = calibration_markdown()
    changed = text.replace("| [2.3, 2.4] |", "| [2.3, 2.5] |", 1)
    assert changed != text
    assert calibration_fingerprint(changed) != calibration_fingerprint(text)


def test_same_seed_same_intervals_other_seed_other_draws():
    a = calcsim.compare(years=2, uncertainty=20, seed=7).intervals
    b = calcsim.compare(years=2, uncertainty=20, seed=7, threads=1).intervals
    c = calcsim.compare(years=2, uncertainty=20, seed=8).intervals
    assert a.equals(b)
    moved = a["p95"] - a["p05"] > 0
    assert moved.any()
    assert not np.allclose(a.loc[moved, "median"], c.loc[moved, "median"])


def test_interval_of_a_monotone_output_holds_the_point_estimate(tmp_path):
    # The arterial score after 3 years rises with the deposition rate: over
    # draws of that one parameter, the median output is the output at the
    # median rate, which is the point estimate (the registry value).
    path = single_parameter_posterior(tmp_path, "artery.deposition_rate", 0.3)
    c = calcsim.compare(years=3, uncertainty=41, seed=3, posterior=path, dosing="daily-averaged")
    rows = c.intervals
    end = rows[(rows["quantity"] == "arterial_score") & (rows["time [day]"] == rows["time [day]"].max())]
    for _, r in end.iterrows():
        assert r["p05"] < r["point"] < r["p95"], r
        width = r["p95"] - r["p05"]
        assert abs(r["median"] - r["point"]) < 0.05 * width, r


def test_parameters_given_are_held_not_drawn(tmp_path):
    path = single_parameter_posterior(tmp_path, "artery.deposition_rate", 0.3)
    c = calcsim.compare(years=1, uncertainty=20, posterior=path, params={"artery.deposition_rate": 2.0})
    rows = c.intervals
    assert np.allclose(rows["p05"], rows["p95"], rtol=1e-9, atol=1e-12)


def test_cli_prints_intervals_and_refuses_bad_counts(cli, tmp_path):
    path = single_parameter_posterior(tmp_path, "artery.deposition_rate", 0.3)
    out = subprocess.run([cli, "compare", "--years", "1", "--uncertainty", "20", "--seed", "2", "--posterior", path],
                         capture_output=True, text=True, check=True).stdout
    assert "Parameter uncertainty: 20 draws from the posterior (seed 2" in out
    assert "0 failed to solve" in out
    score = next(line for line in out.splitlines()[::-1] if line.startswith("Arterial score"))
    assert score.count("[") == 3  # with K2, without K2, difference
    bad = subprocess.run([cli, "compare", "--uncertainty", "0"], capture_output=True, text=True)
    assert bad.returncode == 2
    assert "--uncertainty: expected a number of posterior draws from 20 to 5000" in bad.stderr
    run = subprocess.run([cli, "run", "--years", "1", "--uncertainty", "20", "--posterior", path, "--format", "json"],
                         capture_output=True, text=True, check=True).stdout
    data = json.loads(run)
    assert data["arms"] == ["as written"] or len(data["arms"]) == 1
    assert data["uncertainty"]["draws"] == 20


def test_sweep_with_uncertainty_holds_each_point_estimate(cli, tmp_path):
    # The arterial score rises with the deposition rate at every dose: each
    # point's interval holds its point estimate, and the dose-response's point
    # estimates are those of the plain sweep.
    path = single_parameter_posterior(tmp_path, "artery.deposition_rate", 0.3)
    args = [cli, "sweep", "mk7-dose-response", "--vary", "mk7.dose=0,180mcg", "--at", "2y", "--output",
            "arterial_score", "--format", "json"]
    banded = json.loads(subprocess.run(args + ["--uncertainty", "21", "--posterior", path], capture_output=True,
                                       text=True, check=True).stdout)
    plain = json.loads(subprocess.run(args, capture_output=True, text=True, check=True).stdout)
    assert banded["uncertainty"]["failed"] == 0
    points = [r["point"] for r in banded["rows"]]
    assert points == pytest.approx([res[0] for res in plain["outputs"][0]["results"]], rel=1e-12)
    for r in banded["rows"]:
        assert r["p05"] < r["point"] < r["p95"], r
    bad = subprocess.run(args + ["--uncertainty", "10000"], capture_output=True, text=True)
    assert bad.returncode == 2 and "--uncertainty: expected a number of posterior draws" in bad.stderr


def test_arms_built_in_python_take_uncertainty(tmp_path):
    # Arms of one's own run from the shared starting state, as without
    # uncertainty: the point estimates are those of the plain comparison, and
    # the deposition rate drawn widens the arterial score of every arm.
    path = single_parameter_posterior(tmp_path, "artery.deposition_rate", 0.3)
    arms = {"360 mcg": lambda s: s.with_dose("mk7", 360), "without K2": lambda s: s.without_k2()}
    banded = calcsim.compare(years=1, arms=arms, uncertainty=20, seed=4, posterior=path, dosing="daily-averaged",
                             at=[0, 365])
    plain = calcsim.compare(years=1, arms=arms, dosing="daily-averaged")
    assert banded.names == ["360 mcg", "without K2"]
    rows = banded.intervals
    score = rows[(rows["quantity"] == "arterial_score") & (rows["kind"] == "value") & (rows["time [day]"] == 365)]
    for _, r in score.iterrows():
        assert r["point"] == pytest.approx(plain[r["arm"]].at("arterial_score", 365), rel=1e-9)
        assert r["p05"] < r["point"] < r["p95"], r
    assert banded.uncertainty["failed"] == 0
    with pytest.raises(ValueError, match="client: expected together with uncertainty"):
        calcsim.compare(years=0.1, client=object())


def test_a_dask_cluster_gives_the_same_intervals(tmp_path):
    import distributed

    path = single_parameter_posterior(tmp_path, "artery.deposition_rate", 0.3)
    local = calcsim.compare(years=1, uncertainty=20, seed=5, posterior=path)
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None) as cluster, \
            distributed.Client(cluster) as client:
        remote = calcsim.compare(years=1, uncertainty=20, seed=5, posterior=path, client=client)
    assert remote.intervals.equals(local.intervals)
    assert remote.uncertainty == local.uncertainty


def test_failed_draws_are_counted_and_reported_and_too_many_refuse(cli, tmp_path, monkeypatch):
    # CALCSIM_FAIL_DRAWS makes the numbered draws fail as a solve does.
    path = single_parameter_posterior(tmp_path, "artery.deposition_rate", 0.3)
    args = [cli, "compare", "--years", "0.5", "--uncertainty", "20", "--posterior", path]
    one = subprocess.run(args, capture_output=True, text=True, env={**os.environ, "CALCSIM_FAIL_DRAWS": "3"})
    assert one.returncode == 0, one.stderr
    assert "1 failed to solve or to start and is left out" in one.stdout
    assert "failed draw 3: " in one.stdout and "failed on purpose" in one.stdout
    data = json.loads(subprocess.run(args + ["--format", "json"], capture_output=True, text=True, check=True,
                                     env={**os.environ, "CALCSIM_FAIL_DRAWS": "3,9"}).stdout)
    assert data["uncertainty"]["failed"] == 2 and len(data["uncertainty"]["failures"]) == 2
    # Three of twenty (15%) is more than 10%: nothing is reported, exit 3.
    many = subprocess.run(args, capture_output=True, text=True, env={**os.environ, "CALCSIM_FAIL_DRAWS": "1,2,3"})
    assert many.returncode == 3 and many.stdout == ""
    assert "3 of 20 posterior draws failed to solve (more than 10%)" in many.stderr
    monkeypatch.setenv("CALCSIM_FAIL_DRAWS", "1,2,3")
    with pytest.raises(RuntimeError, match="3 of 20 posterior draws failed to solve"):
        calcsim.compare(years=0.5, uncertainty=20, posterior=path)
    monkeypatch.setenv("CALCSIM_FAIL_DRAWS", "2")
    c = calcsim.compare(years=0.5, uncertainty=20, posterior=path)
    assert c.uncertainty["failed"] == 1 and c.uncertainty["failures"][0].startswith("draw 2: ")
    monkeypatch.setenv("CALCSIM_FAIL_DRAWS", "two")
    with pytest.raises(ValueError, match="CALCSIM_FAIL_DRAWS"):
        calcsim.compare(years=0.5, uncertainty=20, posterior=path)


def test_coverage_stops_at_the_first_ctrl_c(cli):
    import signal
    import time

    proc = subprocess.Popen([cli, "validation", "--uncertainty", "20"], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True)
    time.sleep(2)
    proc.send_signal(signal.SIGINT)
    out, err = proc.communicate(timeout=60)
    assert proc.returncode == 130, err
    assert out == "" and "calcsim: interrupted" in err


def test_coverage_refuses_bad_options_before_running(cli):
    bad = subprocess.run([cli, "validation", "--dosing", "exact"], capture_output=True, text=True)
    assert bad.returncode == 2 and "--dosing: expected together with --uncertainty" in bad.stderr
    bad = subprocess.run([cli, "validation", "--uncertainty", "10"], capture_output=True, text=True)
    assert bad.returncode == 2 and "--uncertainty: expected a number of posterior draws" in bad.stderr
