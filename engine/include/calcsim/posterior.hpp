#pragma once
// Parameter uncertainty: a posterior over the parameters that the calibration
// rows inform, shipped as data (data/posterior.json, written by
// scripts/fit/fit_posterior.py; method and limits in docs/UNCERTAINTY.md).
// The posterior is a multivariate normal in each parameter's fitting scale
// (log for positive parameters), centred on the registry's fitted values.
// Draws from it are what `--uncertainty N` simulates.
#include <cstdint>
#include <random>
#include <string>
#include <vector>

#include <Eigen/Dense>

#include "calcsim/parameters.hpp"

namespace calcsim {

struct PosteriorParameter {
  std::string name;     // registry name, e.g. "d25.response"
  bool log_scale = true;  // normal in log(value) (else in value)
  double center = 0.0;  // the fitted value, in the registry unit
};

struct Posterior {
  std::string file;                   // where it was read from
  std::string method;                 // e.g. "Laplace approximation ..."
  std::string created;                // ISO date
  std::string calcsim_version;        // of the engine that wrote it
  std::string parameter_fingerprint;  // registry_fingerprint() when it was written
  std::vector<PosteriorParameter> parameters;
  Eigen::MatrixXd covariance;         // in the fitting scale, one row per parameter
  Eigen::MatrixXd cholesky;           // lower factor of covariance
};

// A fingerprint of the parameter registry: every name, default, unit and
// range, in order. Adding, removing, renaming or refitting a parameter
// changes it, which makes a shipped posterior stale.
std::string registry_fingerprint();

// Where the posterior is read from: $CALCSIM_POSTERIOR if set, else the
// source tree's data/posterior.json, else the installed copy.
std::string default_posterior_path();

// Reads and checks a posterior file. Throws InputError naming the file (and
// the key) when it is missing, malformed, names an unknown parameter, has a
// covariance that is not symmetric positive definite, or was written for
// another parameter registry (stale: rerun scripts/fit/fit_posterior.py).
Posterior load_posterior(const std::string& path);

// A standard normal from the engine's generator (Box-Muller written out, so
// the same seed gives the same numbers with any standard library).
double standard_normal(std::mt19937_64& rng);

// The smallest and largest number of draws `--uncertainty N` accepts.
inline constexpr int min_draws = 20;
inline constexpr int max_draws = 5000;
// Throws InputError naming `option` unless min_draws <= n <= max_draws.
void check_draw_count(int n, const std::string& option);

// n parameter sets drawn from the posterior on top of `base`: draw i depends
// only on (seed, i), so the same seed gives the same draws for any thread
// count, and the first k of n draws are the k draws of a smaller run.
// Parameters named in `keep` (set by the user) are left as in `base`. Each
// drawn value is clipped to its registry range.
std::vector<Params> posterior_draws(const Posterior& posterior, const Params& base, int n, std::uint64_t seed,
                                    const std::vector<std::string>& keep = {});

}  // namespace calcsim
