// Tables, CSV and JSON for virtual populations.
#include <algorithm>
#include <cmath>
#include <sstream>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "analysis/analysis.hpp"
#include "calcsim/population.hpp"
#include "calcsim/units.hpp"
#include "calcsim/version.hpp"
#include "report/format.hpp"
#include "support/text.hpp"

namespace calcsim {
namespace {

using report::csv_field;
using text::pad;

constexpr std::size_t failures_listed = 5;
constexpr std::size_t np = population_percentiles.size();

// Exact numbers for files (they read back to the same double); empty for NaN.
std::string exact(double v) { return report::exact_number(v); }

std::string percentile_name(std::size_t k) { return std::string("p").append(text::format_number(population_percentiles[k])); }

double band(const PopulationResult& r, std::size_t o, std::size_t t, std::size_t k) {
  return r.bands[(o * r.band_days.size() + t) * np + k];
}

std::string who(const PopulationResult& r) {
  std::ostringstream os;
  os << r.patients.size() << " virtual patient" << (r.patients.size() == 1 ? "" : "s");
  if (r.patients.size() != r.n)
    os << " (numbers " << r.first << " to " << r.first + r.patients.size() - 1 << " of a population of " << r.n << ")";
  return os.str();
}

std::string file_comment(const PopulationResult& r) {
  std::ostringstream os;
  os << "# " << disclaimer << " calcsim " << version << " population, scenario " << r.scenario << ", " << who(r)
     << ", seed " << r.seed << ", cv " << text::format_number(r.cv) << "\n";
  return os.str();
}

// The band times a table shows: those nearest the start, 1 y, 5 y and the end.
std::vector<std::size_t> shown_times(const PopulationResult& r) {
  std::vector<std::size_t> out;
  for (double target : default_summary_times(r.run_days)) {
    std::size_t best = 0;
    for (std::size_t t = 1; t < r.band_days.size(); ++t)
      if (std::abs(r.band_days[t] - target) < std::abs(r.band_days[best] - target)) best = t;
    if (std::find(out.begin(), out.end(), best) == out.end()) out.push_back(best);
  }
  std::sort(out.begin(), out.end());
  return out;
}

std::string table(const PopulationResult& r) {
  std::ostringstream os;
  os << detail::header("population", r.scenario, r.description, r.run_days, "per patient");
  os << who(r) << " with seed " << r.seed << ": " << r.parameters.size() << " parameters drawn log-normally around "
     << "the scenario's values\n(median the scenario's value, CV " << text::format_number(r.cv * 100.0)
     << "%, redrawn within each parameter's valid range);\neach patient starts from its own steady state.\n";
  os << "Failed: " << r.failed << " of " << r.patients.size() << " patients (left out of the percentiles).\n";
  const auto times = shown_times(r);
  for (std::size_t o = 0; o < r.outputs.size(); ++o) {
    double largest = 0.0;
    for (std::size_t t : times)
      for (std::size_t k = 0; k < np; ++k)
        if (!std::isnan(band(r, o, t, k))) largest = std::max(largest, std::abs(band(r, o, t, k)));
    const int digits = largest > 0.0 ? static_cast<int>(std::floor(std::log10(largest))) : 0;
    const int decimals = std::clamp(3 - digits, 0, 6);
    os << "\n" << pad(r.outputs[o] + " [" + r.units[o] + "]", 28, true);
    for (std::size_t k = 0; k < np; ++k) os << pad(percentile_name(k), 11, false);
    os << "\n";
    for (std::size_t t : times) {
      os << pad("  " + detail::time_label(r.band_days[t]), 28, true);
      for (std::size_t k = 0; k < np; ++k) {
        const double v = band(r, o, t, k);
        os << pad(std::isnan(v) ? std::string("n/a") : report::fixed(v, decimals), 11, false);
      }
      os << "\n";
    }
  }
  std::size_t listed = 0;
  for (const auto& patient : r.patients) {
    if (!patient.failed || listed == failures_listed) continue;
    if (listed++ == 0) os << "\nFailed patients:\n";
    os << "  patient " << patient.index << ": " << patient.failure << "\n";
  }
  if (r.failed > listed) os << "  ... and " << r.failed - listed << " more (see --out)\n";
  os << "\n" << r.patients.size() << " patients on " << r.threads << " thread" << (r.threads == 1 ? "" : "s") << " in "
     << report::fixed(r.wall_seconds, 1) << " s; bands every " << units::format_duration(
            r.band_days.size() > 1 ? r.band_days[1] - r.band_days[0] : r.run_days)
     << " in --bands-out, every patient in --out.\n";
  return os.str();
}

nlohmann::json json(const PopulationResult& r) {
  nlohmann::json j{{"disclaimer", disclaimer}, {"calcsim_version", version}, {"scenario", r.scenario},
                   {"description", r.description}, {"n", r.n}, {"first", r.first}, {"patients", r.patients.size()},
                   {"cv", r.cv}, {"seed", r.seed}, {"rtol", r.rtol}, {"run_days", r.run_days},
                   {"threads", r.threads}, {"wall_seconds", r.wall_seconds}};
  j["parameters"] = nlohmann::json::array();
  for (std::size_t i = 0; i < r.parameters.size(); ++i)
    j["parameters"].push_back({{"name", r.parameters[i]}, {"unit", r.parameter_units[i]}, {"median", r.nominal[i]}});
  j["percentiles"] = population_percentiles;
  j["band_days"] = r.band_days;
  j["bands"] = nlohmann::json::array();
  for (std::size_t o = 0; o < r.outputs.size(); ++o) {
    nlohmann::json rows = nlohmann::json::array();
    for (std::size_t t = 0; t < r.band_days.size(); ++t) {
      nlohmann::json row = nlohmann::json::array();
      for (std::size_t k = 0; k < np; ++k) {
        const double v = band(r, o, t, k);
        row.push_back(std::isnan(v) ? nlohmann::json(nullptr) : nlohmann::json(v));
      }
      rows.push_back(std::move(row));
    }
    j["bands"].push_back({{"output", r.outputs[o]}, {"unit", r.units[o]}, {"values", std::move(rows)}});
  }
  j["failed"] = r.failed;
  j["failures"] = nlohmann::json::array();
  for (const auto& patient : r.patients)
    if (patient.failed) j["failures"].push_back({{"patient", patient.index}, {"message", patient.failure}});
  return j;
}

}  // namespace

std::string population_output_label(const PopulationResult& r, std::size_t o, std::size_t t) {
  std::string label = r.outputs[o];
  if (r.times_days.size() > 1)
    label.append(" ").append(r.requested_days[t] == 0.0 ? std::string("start") : units::format_duration(r.requested_days[t]));
  return label.append(" [").append(r.units[o]).append("]");
}

std::string population_report(const PopulationResult& r, Format format) {
  if (format == Format::Json) return json(r).dump(2) + "\n";
  if (format == Format::Csv) return population_bands_csv(r);
  return table(r);
}

std::string population_bands_csv(const PopulationResult& r) {
  std::ostringstream os;
  os << file_comment(r) << "output,unit,time_days,patients";
  for (std::size_t k = 0; k < np; ++k) os << "," << percentile_name(k);
  os << "\n";
  const std::size_t ok = r.patients.size() - r.failed;
  for (std::size_t o = 0; o < r.outputs.size(); ++o)
    for (std::size_t t = 0; t < r.band_days.size(); ++t) {
      os << csv_field(r.outputs[o]) << "," << csv_field(r.units[o]) << "," << exact(r.band_days[t]) << "," << ok;
      for (std::size_t k = 0; k < np; ++k) os << "," << exact(band(r, o, t, k));
      os << "\n";
    }
  return os.str();
}

std::string population_patients_csv(const PopulationResult& r) {
  std::ostringstream os;
  os << file_comment(r) << "patient,status";
  for (std::size_t i = 0; i < r.parameters.size(); ++i)
    os << "," << csv_field(r.parameters[i] + " [" + r.parameter_units[i] + "]");
  const std::size_t nt = r.times_days.size();
  for (std::size_t o = 0; o < r.outputs.size(); ++o)
    for (std::size_t t = 0; t < nt; ++t) os << "," << csv_field(population_output_label(r, o, t));
  os << ",failure\n";
  for (const auto& patient : r.patients) {
    os << patient.index << "," << (patient.failed ? "failed" : "ok");
    for (double v : patient.parameters) os << "," << exact(v);
    for (double v : patient.values) os << "," << exact(v);
    os << "," << csv_field(patient.failure) << "\n";
  }
  return os.str();
}

}  // namespace calcsim
