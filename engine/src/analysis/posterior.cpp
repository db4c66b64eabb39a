// Reading the shipped posterior and drawing parameter sets from it.
#include "calcsim/posterior.hpp"

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iomanip>
#include <random>
#include <sstream>

#include <nlohmann/json.hpp>

#include "calcsim/errors.hpp"

namespace calcsim {
namespace {

// FNV-1a, 64 bits: stable across platforms and compilers (std::hash is not).
std::uint64_t fnv1a(const std::string& text) {
  std::uint64_t h = 0xcbf29ce484222325ULL;
  for (unsigned char c : text) {
    h ^= c;
    h *= 0x100000001b3ULL;
  }
  return h;
}

[[noreturn]] void bad(const std::string& file, const std::string& key, const std::string& what) {
  throw InputError(SourceLocation{file, 0, key}, what);
}

}  // namespace

double standard_normal(std::mt19937_64& rng) {
  auto uniform = [&] { return (static_cast<double>(rng() >> 11) + 0.5) * 0x1.0p-53; };
  const double u = uniform(), v = uniform();
  return std::sqrt(-2.0 * std::log(u)) * std::cos(2.0 * M_PI * v);
}

std::string registry_fingerprint() {
  std::ostringstream os;
  os << std::setprecision(17);
  for (const auto& p : parameter_registry())
    os << p.name << ';' << p.default_value << ';' << p.unit << ';' << p.min << ';' << p.max << '\n';
  std::ostringstream hex;
  hex << std::hex << std::setw(16) << std::setfill('0') << fnv1a(os.str());
  return hex.str();
}

std::string default_posterior_path() {
  if (const char* env = std::getenv("CALCSIM_POSTERIOR"); env != nullptr && *env != '\0') return env;
  std::error_code ec;
#ifdef CALCSIM_POSTERIOR_FILE
  if (std::filesystem::exists(CALCSIM_POSTERIOR_FILE, ec)) return CALCSIM_POSTERIOR_FILE;
#endif
#ifdef CALCSIM_INSTALLED_POSTERIOR_FILE
  return CALCSIM_INSTALLED_POSTERIOR_FILE;
#else
  return "data/posterior.json";
#endif
}

Posterior load_posterior(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in)
    throw InputError(SourceLocation{path, 0, ""},
                     "cannot read the posterior file (expected the JSON that scripts/fit/fit_posterior.py writes; "
                     "set CALCSIM_POSTERIOR to its path)");
  nlohmann::json j;
  try {
    j = nlohmann::json::parse(in);
  } catch (const nlohmann::json::exception& e) {
    bad(path, "", std::string("expected a JSON posterior: ") + e.what());
  }
  Posterior post;
  post.file = path;
  auto text = [&](const char* key) {
    if (!j.contains(key) || !j[key].is_string()) bad(path, key, "expected a string");
    return j[key].get<std::string>();
  };
  post.method = text("method");
  post.created = text("created");
  post.calcsim_version = text("calcsim_version");
  post.parameter_fingerprint = text("parameter_fingerprint");
  if (!j.contains("parameters") || !j["parameters"].is_array() || j["parameters"].empty())
    bad(path, "parameters", "expected a non-empty list of {name, scale, center}");
  for (std::size_t i = 0; i < j["parameters"].size(); ++i) {
    const auto& row = j["parameters"][i];
    const std::string key = "parameters[" + std::to_string(i) + "]";
    if (!row.is_object() || !row.contains("name") || !row["name"].is_string() || !row.contains("center") ||
        !row["center"].is_number() || !row.contains("scale") || !row["scale"].is_string())
      bad(path, key, "expected {name: text, scale: log or linear, center: number}");
    PosteriorParameter p{row["name"].get<std::string>(), row["scale"] == "log", row["center"].get<double>()};
    if (row["scale"] != "log" && row["scale"] != "linear") bad(path, key + ".scale", "expected log or linear");
    const ParameterInfo* info = find_parameter(p.name);
    if (info == nullptr)
      bad(path, key + ".name",
          "'" + p.name + "' is not a model parameter: the posterior is stale (rerun scripts/fit/fit_posterior.py)");
    if (p.log_scale && !(p.center > 0.0)) bad(path, key + ".center", "expected a positive value on a log scale");
    post.parameters.push_back(p);
  }
  const auto n = static_cast<Eigen::Index>(post.parameters.size());
  const auto& cov = j.contains("covariance") ? j["covariance"] : nlohmann::json();
  if (!cov.is_array() || static_cast<Eigen::Index>(cov.size()) != n)
    bad(path, "covariance", "expected " + std::to_string(n) + " rows, one per parameter");
  post.covariance.resize(n, n);
  for (Eigen::Index r = 0; r < n; ++r) {
    const auto& row = cov[static_cast<std::size_t>(r)];
    if (!row.is_array() || static_cast<Eigen::Index>(row.size()) != n)
      bad(path, "covariance[" + std::to_string(r) + "]", "expected " + std::to_string(n) + " numbers");
    for (Eigen::Index c = 0; c < n; ++c) {
      if (!row[static_cast<std::size_t>(c)].is_number())
        bad(path, "covariance[" + std::to_string(r) + "]", "expected numbers");
      post.covariance(r, c) = row[static_cast<std::size_t>(c)].get<double>();
    }
  }
  if (!post.covariance.isApprox(post.covariance.transpose(), 1e-9))
    bad(path, "covariance", "expected a symmetric matrix");
  Eigen::LLT<Eigen::MatrixXd> llt(post.covariance);
  if (llt.info() != Eigen::Success) bad(path, "covariance", "expected a positive definite matrix");
  post.cholesky = llt.matrixL();
  // Last, so that a malformed file is reported as such rather than as stale.
  const std::string now = registry_fingerprint();
  if (post.parameter_fingerprint != now)
    bad(path, "parameter_fingerprint",
        "the posterior was fitted for another parameter registry (" + post.parameter_fingerprint +
            ", this model is " + now +
            "): a parameter was added, removed or changed since; regenerate it with "
            "PYTHONPATH=build/release/python /usr/bin/python3 scripts/fit/fit_posterior.py");
  return post;
}

void check_draw_count(int n, const std::string& option) {
  if (n < min_draws || n > max_draws)
    throw InputError(SourceLocation::of_option(option),
                     "expected a number of posterior draws from " + std::to_string(min_draws) + " to " +
                         std::to_string(max_draws) + " (a 90% interval needs at least " + std::to_string(min_draws) +
                         "), got " + std::to_string(n));
}

std::vector<Params> posterior_draws(const Posterior& posterior, const Params& base, int n, std::uint64_t seed,
                                    const std::vector<std::string>& keep) {
  const auto k = static_cast<Eigen::Index>(posterior.parameters.size());
  std::vector<Params> out;
  out.reserve(static_cast<std::size_t>(std::max(n, 0)));
  for (int i = 0; i < n; ++i) {
    std::seed_seq seq{static_cast<std::uint32_t>(seed), static_cast<std::uint32_t>(seed >> 32),
                      static_cast<std::uint32_t>(i)};
    std::mt19937_64 rng(seq);
    Eigen::VectorXd z(k);
    for (Eigen::Index r = 0; r < k; ++r) z(r) = standard_normal(rng);
    const Eigen::VectorXd shift = posterior.cholesky * z;
    Params p = base;
    for (Eigen::Index r = 0; r < k; ++r) {
      const PosteriorParameter& q = posterior.parameters[static_cast<std::size_t>(r)];
      if (std::find(keep.begin(), keep.end(), q.name) != keep.end()) continue;
      const ParameterInfo& info = *find_parameter(q.name);
      const double value = q.log_scale ? q.center * std::exp(shift(r)) : q.center + shift(r);
      p.set(q.name, std::clamp(value, info.min, info.max));
    }
    out.push_back(p);
  }
  return out;
}

}  // namespace calcsim
