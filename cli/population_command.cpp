// `calcsim population`: a virtual population of the scenario's patient, with a
// progress bar on a terminal and Ctrl-C stopping it cleanly (exit 130, no file
// written: files are written, atomically, only once every patient has run).
#include <signal.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <iostream>
#include <optional>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>

#include "analysis_commands.hpp"
#include "calcsim/errors.hpp"
#include "calcsim/output_files.hpp"
#include "calcsim/population.hpp"
#include "calcsim/report.hpp"
#include "calcsim/sweep.hpp"
#include "guarded.hpp"

namespace calcsim::cli {
namespace {

// A one-line progress bar on stderr, redrawn at most five times a second and
// erased when done; nothing when stderr is not a terminal. Keeps the count of
// patients done either way.
class ProgressBar {
 public:
  ProgressBar() : shown_(isatty(STDERR_FILENO) != 0), start_(std::chrono::steady_clock::now()) {}
  ~ProgressBar() { clear(); }
  void clear() {
    if (drawn_) std::cerr << "\r\033[K" << std::flush;
    drawn_ = false;
  }
  ProgressBar(const ProgressBar&) = delete;
  ProgressBar& operator=(const ProgressBar&) = delete;

  std::size_t done() const { return done_; }

  void operator()(std::size_t done, std::size_t total) {
    done_ = done;
    if (!shown_) return;
    const auto now = std::chrono::steady_clock::now();
    if (drawn_ && now - last_ < std::chrono::milliseconds(200) && done != total) return;
    last_ = now;
    drawn_ = true;
    constexpr std::size_t width = 30;
    const std::size_t filled = total == 0 ? width : done * width / total;
    const double elapsed = std::chrono::duration<double>(now - start_).count();
    std::string line = "\rcalcsim: population [" + std::string(filled, '#') + std::string(width - filled, '.') + "] " +
                       std::to_string(done) + "/" + std::to_string(total) + " patients";
    if (done > 0 && done < total) line += ", about " + clock(elapsed * static_cast<double>(total - done) / static_cast<double>(done)) + " left";
    std::cerr << line << "\033[K" << std::flush;
  }

 private:
  static std::string clock(double seconds) {
    const auto s = static_cast<long>(std::lround(seconds));
    char buf[32];
    std::snprintf(buf, sizeof buf, "%ld:%02ld", s / 60, s % 60);
    return buf;
  }
  bool shown_;
  bool drawn_ = false;
  std::size_t done_ = 0;
  std::chrono::steady_clock::time_point start_, last_;
};

std::string interrupted_message(std::size_t done, std::size_t total) {
  return "population stopped after " + std::to_string(done) + " of " + std::to_string(total) +
         " patients; no file written";
}

// A file the population is written to: .csv, in a directory that exists
// (checked before the run rather than after it).
void check_csv_path(const std::string& path, const std::string& option) {
  if (path.empty()) return;
  output_file_format(path, {"csv"}, option);
  check_output_directory(path, option);
}

}  // namespace

CLI::App* add_population_command(CLI::App& app, PopulationCommandOptions& o) {
  auto* cmd = app.add_subcommand(
      "population", "Run the scenario for a virtual population whose parameters vary log-normally: percentile "
                    "bands over time and one summary per patient");
  add_common(*cmd, o.scenario, o.shown);
  cmd->add_option("--n", o.n, "Number of virtual patients (default 100)");
  cmd->add_option("--cv", o.cv, "Coefficient of variation of every varied parameter, 0 to 2 (default 0.3 = 30%)");
  cmd->add_option("--seed", o.seed, "Random seed: the same seed gives the same patients (default 1)")
      ->check([](const std::string& text) {
        return !text.empty() && text.find_first_not_of("0123456789") == std::string::npos
                   ? std::string()
                   : "expected a whole number of 0 or more, got " + text;
      });
  cmd->add_option("--every", o.every, "Interval of the percentile bands, at least 1d (default 30d)");
  cmd->add_option("--at", o.shown.at, "Times of each patient's outputs in --out, e.g. 1y,5y (default: the end of the run)");
  cmd->add_option("--output", o.shown.output, "Outputs, comma-separated (default: dp_ucmgp,arterial_score,bmd_change)");
  cmd->add_option("--parameters", o.parameters,
                  "Only these parameters vary, comma-separated (default: all but the structural exponents and "
                  "measurement conventions)");
  cmd->add_option("--out,-o", o.out, "Write one row per patient (its parameters and outputs) to FILE.csv");
  cmd->add_option("--bands-out", o.bands_out, "Write the percentile bands at every band time to FILE.csv");
  return cmd;
}

int population(const PopulationCommandOptions& o) {
  return guarded([&] {
    const Format format = parse_format(o.shown.format);
    check_csv_path(o.out, "out");
    check_csv_path(o.bands_out, "bands_out");
    if (o.n < 1 || o.n > static_cast<long long>(max_population))
      throw InputError(SourceLocation::of_option("n"), "expected a number of patients from 1 to " +
                                                         std::to_string(max_population) + ", got " + std::to_string(o.n));
    const Scenario s = prepare_scenario(o.scenario);
    const Params p = params_with(o.scenario.set);
    PopulationOptions options;
    options.n = static_cast<std::size_t>(o.n);
    options.cv = o.cv;
    options.seed = o.seed;
    options.threads = o.shown.threads;
    if (!o.shown.output.empty()) options.outputs = parse_output_names(o.shown.output, "output");
    if (!o.shown.at.empty()) options.at_days = parse_times(o.shown.at);
    const auto every = parse_times(o.every, "every");
    if (every.size() != 1) throw InputError(SourceLocation::of_option("every"), "expected one interval such as 30d");
    options.every_days = every.front();
    options.parameters = split_names(o.parameters);

    // After Ctrl-C (main() installs the handler) no new patient starts, the
    // running ones stop at their next event, and the command ends. Should they
    // not have stopped within `grace`, the process ends at once: no file has
    // been opened by then, as files are written only at the end.
    constexpr auto grace = std::chrono::milliseconds(500);
    ProgressBar bar;
    std::optional<std::chrono::steady_clock::time_point> stopping;
    options.progress = [&](std::size_t done, std::size_t total) {
      if (interrupted()) {
        const auto now = std::chrono::steady_clock::now();
        if (!stopping) stopping = now;
        if (now - *stopping > grace) {
          bar.clear();
          std::cerr << "calcsim: interrupted: " << interrupted_message(done, total) << "\n" << std::flush;
          std::_Exit(exit_interrupted);
        }
      }
      bar(done, total);
    };
    options.cancelled = [] { return interrupted().load(); };
    options.simulation.cancel = &interrupted();
    PopulationResult r;
    try {
      r = calcsim::population(s, p, options);
    } catch (const Cancelled&) {
      throw Cancelled(interrupted_message(bar.done(), static_cast<std::size_t>(o.n)));
    }
    if (!o.out.empty()) write_file_atomically(o.out, population_patients_csv(r));
    if (!o.bands_out.empty()) write_file_atomically(o.bands_out, population_bands_csv(r));
    std::cout << population_report(r, format);
  });
}

}  // namespace calcsim::cli
