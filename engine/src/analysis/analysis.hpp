#pragma once
// Helpers shared by sweeps, sensitivity analyses and populations: which times
// to read, how far to run, reading outputs from a run, report headers.
#include <algorithm>
#include <cmath>
#include <sstream>
#include <string>
#include <vector>

#include "calcsim/errors.hpp"
#include "calcsim/outputs.hpp"
#include "calcsim/report.hpp"
#include "calcsim/result.hpp"
#include "calcsim/scenario.hpp"
#include "calcsim/sweep.hpp"
#include "calcsim/units.hpp"
#include "calcsim/version.hpp"

namespace calcsim::detail {

struct ReadTimes {
  std::vector<double> requested;  // clipped to the run, ascending, one per distinct sample
  std::vector<double> samples;    // midnight of the day each requested time falls on
  double run_days = 0.0;          // how far to simulate: the last sample (at least a day, at most the run)
};

// Times read as summaries read them (summary_read_times); the run need go no
// further than the last one.
inline ReadTimes read_times(const std::vector<double>& at_days, double duration_days) {
  ReadTimes out;
  std::vector<double> at = at_days.empty() ? std::vector<double>{duration_days} : at_days;
  std::sort(at.begin(), at.end());
  for (double t : at)
    if (!(t >= 0.0)) throw InputError(SourceLocation::of_option("at"), "expected times of zero or more");
  for (const SummaryTime& read : summary_read_times(at, duration_days)) {
    out.requested.push_back(read.requested);
    out.samples.push_back(read.sample);
  }
  out.run_days = std::max(out.samples.back(), std::min(1.0, duration_days));
  return out;
}

// The scenario cut to `run_days`, sampled daily (so every midnight is an
// output row). Not re-validated: an intervention may now stop after the end.
inline Scenario truncated(Scenario s, double run_days) {
  s.duration_days = run_days;
  s.output_every_days = std::min(1.0, run_days);
  s.arms.clear();
  return s;
}

inline std::string unit_of_output(const std::string& name) {
  for (const auto& c : output_columns())
    if (c.name == name) return c.unit;
  return {};
}

// The unit of each output, each name checked first (an unknown one throws,
// with a hint, naming the option "output").
inline std::vector<std::string> checked_output_units(const std::vector<std::string>& outputs) {
  std::vector<std::string> units;
  for (const auto& o : outputs) {
    parse_output_names(o, "output");
    units.push_back(unit_of_output(o));
  }
  return units;
}

// Records in an analysis's result the times it reads (read_times): requested,
// sampled, and how far the runs go.
template <class AnalysisResult>
void record_read_times(AnalysisResult& r, const std::vector<double>& at_days, double duration_days) {
  const ReadTimes times = read_times(at_days, duration_days);
  r.requested_days = times.requested;
  r.times_days = times.samples;
  r.run_days = times.run_days;
}

// "at start" or "after 5y", for the time rows and columns of reports.
inline std::string time_label(double days) {
  return days == 0.0 ? std::string("at start") : std::string("after ").append(units::format_duration(days));
}

// The run length a report's header names: the last time asked for ("3y"), as
// the columns label it; the runs themselves stop at that day's midnight.
template <class R>
double span_asked(const R& r) {
  return r.requested_days.empty() ? r.run_days : r.requested_days.back();
}

// The first lines of an analysis report: what, scenario, run length, the
// scenario's description and the disclaimer.
inline std::string header(const std::string& what, const std::string& scenario, const std::string& description,
                          double run_days, const std::string& per) {
  std::ostringstream os;
  os << "calcsim " << version << " " << what << ": " << scenario << " (" << units::format_duration(run_days)
     << " simulated " << per << ")\n";
  if (!description.empty()) os << description << "\n";
  os << disclaimer << "\n";
  return os.str();
}

}  // namespace calcsim::detail
