// calcsim_bench: the C++ side of the benchmarks (bench/README.md). Each
// subcommand runs one workload through the public engine API and prints its
// measurements as one JSON object on standard output; bench/bench.py runs
// them, adds the Python contenders and prints the table.
//
//   calcsim_bench solvers    W1/W2: calcsim (exact, daily-averaged and stroboscopic dosing) against CVODE
//                            at matched achieved error
//   calcsim_bench population W3: a virtual population (calcsim::population) on N threads
//   calcsim_bench notebook   W4: the engine's own time for many short runs
//   calcsim_bench run        one run of a scenario (for callgrind)
#include <sys/resource.h>

#include <algorithm>
#include <chrono>
#include <ctime>
#include <cmath>
#include <cstdio>
#include <exception>
#include <fstream>
#include <iostream>
#include <limits>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>
#include <Eigen/Core>
#include <boost/version.hpp>
#include <nlohmann/json.hpp>

#include "accuracy.hpp"
#include "calcsim/population.hpp"
#include "calcsim/simulator.hpp"
#include "cvode_reference.hpp"
#include "schedule/schedule.hpp"

// Under `valgrind --tool=callgrind --instr-atstart=no`, `run` switches
// instrumentation on for the solve only, so the steady state before it runs
// at the uninstrumented (much faster) speed. Without the header the whole
// program is instrumented and bench.py collects the solve by function name.
#if __has_include(<valgrind/callgrind.h>)
#include <valgrind/callgrind.h>
#define CALCSIM_BENCH_INSTRUMENT(on) \
  do {                               \
    if (on)                          \
      CALLGRIND_START_INSTRUMENTATION; \
    else                             \
      CALLGRIND_STOP_INSTRUMENTATION;  \
  } while (false)
constexpr bool client_requests = true;
#else
#define CALCSIM_BENCH_INSTRUMENT(on) \
  do {                               \
  } while (false)
constexpr bool client_requests = false;
#endif

namespace calcsim::bench {
namespace {

using json = nlohmann::json;
using Clock = std::chrono::steady_clock;

// Every contender's (and the reference's) absolute tolerance is this fraction
// of its relative one: the ratio of calcsim's defaults.
const double atol_per_rtol = SimulationOptions{}.atol / SimulationOptions{}.rtol;

double ms_since(Clock::time_point start) {
  return std::chrono::duration<double, std::milli>(Clock::now() - start).count();
}

double median(std::vector<double> v) {
  if (v.empty()) return std::numeric_limits<double>::quiet_NaN();
  std::sort(v.begin(), v.end());
  const std::size_t m = v.size() / 2;
  return v.size() % 2 == 1 ? v[m] : 0.5 * (v[m - 1] + v[m]);
}

// CPU time of this process so far (user + system, every thread), seconds.
double cpu_seconds() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  const auto seconds = [](const timeval& t) { return static_cast<double>(t.tv_sec) + 1e-6 * static_cast<double>(t.tv_usec); };
  return seconds(usage.ru_utime) + seconds(usage.ru_stime);
}

// This program's peak resident memory: VmHWM of /proc/self/status. Not
// getrusage's ru_maxrss, which keeps the peak of the process before exec
// (the Python interpreter that started this program).
double peak_rss_mib() {
  std::ifstream status("/proc/self/status");
  std::string line;
  while (std::getline(status, line))
    if (line.starts_with("VmHWM:")) return std::stod(line.substr(6)) / 1024.0;  // in kB
  return std::numeric_limits<double>::quiet_NaN();
}

// A JSON number, or null for NaN and infinities (which JSON cannot hold).
json number(double v) { return std::isfinite(v) ? json(v) : json(nullptr); }

struct Workload {
  std::string scenario = "postmenopausal-mk7";
  double years = 10.0;
  void add_options(CLI::App& app) {
    app.add_option("--scenario", scenario, "Bundled scenario name or YAML path")->capture_default_str();
    app.add_option("--years", years, "Simulated years (overrides the scenario's duration)")
        ->check(CLI::PositiveNumber)
        ->capture_default_str();
  }
  Scenario load() const {
    Scenario s = load_scenario(scenario);
    s.duration_days = years * 365.25;
    return s;
  }
  json describe(const Scenario& s, const Params& p) const {
    const Timeline tl = build_timeline(s, p);
    return {{"scenario", s.name},
            {"years", years},
            {"output_every_days", s.output_every_days},
            {"output_times", output_times(tl.t_end, s.output_every_days).size()},
            {"segments", tl.segments.size()},
            {"doses", tl.dose_count}};
  }
};

reference::CvodeOptions cvode_options(double rtol) {
  reference::CvodeOptions o;
  o.reltol = rtol;
  o.abstol.fill(rtol * atol_per_rtol);
  o.model_jacobian = true;
  return o;
}

struct CvodeSolve {
  SlowSeries slow;
  reference::CvodeStats stats;
};

CvodeSolve solve_cvode(const Scenario& s, const Params& p, const InitialCondition& init, double rtol) {
  const reference::CvodeRun run = reference::solve_with_cvode(s, p, init, cvode_options(rtol));
  return {slow_series(s, p, init, run.times, run.states), run.stats};
}

json stats_json(const SolverStats& st) {
  return {{"steps", st.steps},
          {"rejected_steps", st.rejected_steps},
          {"rhs_evaluations", st.rhs_evaluations},
          {"jacobian_evaluations", st.jacobian_evaluations},
          {"factorisations", st.factorisations}};
}

json stats_json(const reference::CvodeStats& st) {
  return {{"steps", st.steps}, {"rhs_evaluations", st.rhs_evaluations}, {"jacobian_evaluations", st.jacobian_evaluations},
          {"segments", st.segments}};
}

// What the program was built with.
json versions() {
  return {{"compiler", __VERSION__},
          {"boost", std::to_string(BOOST_VERSION / 100000) + "." + std::to_string(BOOST_VERSION / 100 % 1000) + "." +
                        std::to_string(BOOST_VERSION % 100)},
          {"eigen", std::to_string(EIGEN_WORLD_VERSION) + "." + std::to_string(EIGEN_MAJOR_VERSION) + "." +
                        std::to_string(EIGEN_MINOR_VERSION)},
          {"sundials", reference::sundials_version()}};
}

// --- solvers ---------------------------------------------------------------

struct SolversOptions {
  Workload workload;
  int repeats = 5;
  // More runs of calcsim while they add up to less than this (at most 100):
  // a fast solve is timed over enough runs to rise above the noise.
  double min_total_seconds = 2.0;
  int cvode_repeats = 3;
  double reference_rtol = 1e-10;
  std::vector<double> cvode_ladder{1e-3, 3e-4, 1e-4, 3e-5, 1e-5, 3e-6, 1e-6, 3e-7, 1e-7, 3e-8, 1e-8};
  bool cvode = true;
  std::string write_reference;
  std::string read_reference;
};

// Calls run(r) for r = 0, 1, ... (it returns the time to count, ms) at least
// o.repeats times, and more (up to 100 in all) while their total is below
// o.min_total_seconds.
template <class Run>
void repeat_runs(const SolversOptions& o, const Run& run) {
  constexpr int max_repeats = 100;
  double total_ms = 0.0;
  for (int r = 0; r < o.repeats || (total_ms < o.min_total_seconds * 1e3 && r < max_repeats); ++r) total_ms += run(r);
}

json run_solvers(const SolversOptions& o) {
  const Scenario s = o.workload.load();
  const Params p;
  json out;
  out["workload"] = o.workload.describe(s, p);
  out["versions"] = versions();

  // The starting state of exact dosing, shared by calcsim and CVODE: the
  // median of o.repeats computations.
  auto t0 = Clock::now();
  const InitialCondition init = initial_condition(s, p);
  std::vector<double> init_runs{ms_since(t0)};
  for (int r = 1; r < o.repeats; ++r) {
    t0 = Clock::now();
    initial_condition(s, p);
    init_runs.push_back(ms_since(t0));
  }
  out["initial_condition_ms"] = median(init_runs);
  out["initial_condition_runs_ms"] = init_runs;

  // The tight reference: CVODE with the model's Jacobian.
  // Or one written by an earlier run (--read-reference), for trying solver
  // settings without recomputing it.
  t0 = Clock::now();
  CvodeSolve ref;
  if (o.read_reference.empty()) {
    ref = solve_cvode(s, p, init, o.reference_rtol);
    out["reference"] = {{"solver", "CVODE BDF"},
                        {"rtol", o.reference_rtol},
                        {"atol", o.reference_rtol * atol_per_rtol},
                        {"wall_ms", ms_since(t0)},
                        {"stats", stats_json(ref.stats)}};
  } else {
    ref.slow = read_csv(o.read_reference);
    out["reference"] = {{"solver", "CVODE BDF"}, {"read_from", o.read_reference}};
  }
  if (!o.write_reference.empty()) write_csv(ref.slow, o.write_reference);

  // calcsim as shipped: default options, exact dosing, the median of several runs.
  const SimulationOptions defaults;
  std::vector<double> runs;
  double calcsim_error = 0.0;
  SlowSeries exact;
  repeat_runs(o, [&](int r) {
    const auto t = Clock::now();
    const Result result = simulate_from(s, p, init, defaults);
    runs.push_back(ms_since(t));
    if (r == 0) {
      exact = slow_series(result);
      calcsim_error = slow_error(exact, ref.slow);
      const auto errors = slow_errors(exact, ref.slow);
      json by_output = json::object();
      for (std::size_t k = 0; k < slow_outputs.size(); ++k) by_output[std::string(slow_outputs[k])] = number(errors[k]);
      out["calcsim"] = {{"rtol", defaults.rtol}, {"atol", defaults.atol}, {"error", number(calcsim_error)},
                        {"error_by_output", by_output},
                        {"stats", stats_json(result.meta.solver)}, {"method", result.meta.solver.method}};
    }
    return runs.back();
  });
  out["calcsim"]["runs_ms"] = runs;
  out["calcsim"]["median_ms"] = median(runs);

  // The same with daily-averaged dosing, from its own starting state (the
  // steady state of the averaged system), computed in every timed run: the
  // starting state and the solve are timed apart and together. Its error
  // against the reference, and on each slow output against exact calcsim at
  // the same (default) tolerances.
  Scenario averaged = s;
  averaged.dosing = Dosing::DailyAveraged;
  std::vector<double> start_ms, solve_ms, both_ms;
  json daily;
  repeat_runs(o, [&](int r) {
    auto t = Clock::now();
    const InitialCondition start = initial_condition(averaged, p);
    start_ms.push_back(ms_since(t));
    t = Clock::now();
    const Result result = simulate_from(averaged, p, start, defaults);
    solve_ms.push_back(ms_since(t));
    both_ms.push_back(start_ms.back() + solve_ms.back());
    if (r == 0) {
      const SlowSeries slow = slow_series(result);
      const auto vs_exact = slow_errors(slow, exact);
      json by_output = json::object();
      for (std::size_t k = 0; k < slow_outputs.size(); ++k) by_output[std::string(slow_outputs[k])] = number(vs_exact[k]);
      daily = {{"rtol", defaults.rtol}, {"atol", defaults.atol}, {"error", number(slow_error(slow, ref.slow))},
               {"error_vs_exact", by_output}, {"stats", stats_json(result.meta.solver)},
               {"method", result.meta.solver.method}};
    }
    return both_ms.back();
  });
  daily["runs"] = start_ms.size();
  daily["starting_state_median_ms"] = median(start_ms);
  daily["solve_median_ms"] = median(solve_ms);
  daily["with_starting_state_median_ms"] = median(both_ms);
  out["daily_averaged"] = daily;

  // Stroboscopic dosing: exact meals and doses, long stretches of identical
  // days extrapolated; from the exact starting state, as calcsim above. Its
  // error against the reference and, on each slow output, against exact
  // calcsim at the same (default) tolerances.
  Scenario strobe_scenario = s;
  strobe_scenario.dosing = Dosing::Stroboscopic;
  std::vector<double> strobe_ms;
  json strobe;
  repeat_runs(o, [&](int r) {
    const auto t = Clock::now();
    const Result result = simulate_from(strobe_scenario, p, init, defaults);
    strobe_ms.push_back(ms_since(t));
    if (r == 0) {
      const SlowSeries slow = slow_series(result);
      const auto vs_exact = slow_errors(slow, exact);
      json by_output = json::object();
      for (std::size_t k = 0; k < slow_outputs.size(); ++k) by_output[std::string(slow_outputs[k])] = number(vs_exact[k]);
      strobe = {{"rtol", defaults.rtol}, {"atol", defaults.atol}, {"error", number(slow_error(slow, ref.slow))},
                {"error_vs_exact", by_output}, {"stats", stats_json(result.meta.solver)},
                {"projected_days", result.meta.solver.projected_days},
                {"projections", result.meta.solver.projections}, {"method", result.meta.solver.method}};
    }
    return strobe_ms.back();
  });
  strobe["runs_ms"] = strobe_ms;
  strobe["median_ms"] = median(strobe_ms);
  out["stroboscopic"] = strobe;

  // CVODE re-initialised at every event: tolerances from loose to tight until
  // its error is no worse than calcsim's; that rung is timed again.
  if (o.cvode) {
    json ladder = json::array();
    std::optional<std::size_t> matched;
    for (std::size_t k = 0; k < o.cvode_ladder.size() && !matched; ++k) {
      const double rtol = o.cvode_ladder[k];
      t0 = Clock::now();
      const CvodeSolve c = solve_cvode(s, p, init, rtol);
      const double ms = ms_since(t0);
      const double error = slow_error(c.slow, ref.slow);
      ladder.push_back({{"rtol", rtol}, {"atol", rtol * atol_per_rtol}, {"wall_ms", ms}, {"error", number(error)},
                        {"stats", stats_json(c.stats)}});
      if (error <= calcsim_error) matched = k;
    }
    json cvode = {{"ladder", ladder}, {"matched", matched ? json(*matched) : json(nullptr)}};
    if (matched) {
      std::vector<double> times{ladder[*matched]["wall_ms"].get<double>()};
      for (int r = 1; r < o.cvode_repeats; ++r) {
        t0 = Clock::now();
        solve_cvode(s, p, init, o.cvode_ladder[*matched]);
        times.push_back(ms_since(t0));
      }
      cvode["runs_ms"] = times;
      cvode["median_ms"] = median(times);
    }
    out["cvode"] = cvode;
  }
  return out;
}

// --- population -------------------------------------------------------------

struct PopulationWorkload {
  Workload workload;
  Dosing dosing = Dosing::DailyAveraged;
  std::size_t count = 0;  // patients run, the first of the n; 0: all
  PopulationOptions options = [] {
    PopulationOptions o;
    o.n = 10000;
    o.threads = 1;
    return o;
  }();
};

json run_population_command(const PopulationWorkload& w) {
  Scenario s = w.workload.load();
  s.dosing = w.dosing;
  PopulationOptions o = w.options;
  if (w.count > 0) o.count = w.count;
  const double cpu_before = cpu_seconds();
  const PopulationResult r = population(s, Params{}, o);
  const double cpu = cpu_seconds() - cpu_before;
  // The bands at the last band time (the end of the run).
  const std::size_t nb = r.band_days.size();
  json bands = json::object();
  for (std::size_t j = 0; j < r.outputs.size(); ++j) {
    json row = json::array();
    for (std::size_t k = 0; k < population_percentiles.size(); ++k)
      row.push_back(number(r.bands[(j * nb + nb - 1) * population_percentiles.size() + k]));
    bands[r.outputs[j]] = row;
  }
  return {{"workload", w.workload.describe(s, Params{})},
          {"dosing", to_string(s.dosing)},
          {"n_requested", r.n},
          {"n_done", r.patients.size()},
          {"failed", r.failed},
          {"threads", r.threads},
          {"seed", r.seed},
          {"cv", r.cv},
          {"every_days", o.every_days},
          {"band_times", nb},
          {"wall_s", r.wall_seconds},
          {"cpu_s", cpu},
          {"peak_rss_mib", peak_rss_mib()},
          {"band_bytes_per_patient", r.outputs.size() * nb * sizeof(double)},
          {"percentiles", population_percentiles},
          {"final_bands", bands}};
}

// --- notebook -----------------------------------------------------------------

json run_notebook(const Workload& w, int calls, double budget_seconds) {
  const Scenario s = w.load();
  const Params p;
  const InitialCondition init = initial_condition(s, p);
  std::vector<double> per_call;
  std::vector<double> engine;
  const auto start = Clock::now();
  for (int i = 0; i < calls && (i == 0 || ms_since(start) < budget_seconds * 1e3); ++i) {
    const auto t0 = Clock::now();
    const Result r = simulate_from(s, p, init);
    per_call.push_back(ms_since(t0));
    engine.push_back(r.meta.solver.wall_seconds * 1e3);
  }
  double total = 0.0;
  for (const double v : per_call) total += v;
  return {{"workload", w.describe(s, p)},
          {"calls", per_call.size()},
          {"mean_ms", total / static_cast<double>(per_call.size())},
          {"median_ms", median(per_call)},
          {"engine_reported_median_ms", median(engine)}};
}

// --- run ------------------------------------------------------------------------

// CPU time of the calling thread, milliseconds: on a shared machine it
// varies far less than wall time.
double thread_cpu_ms() {
  timespec ts{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
  return 1e3 * static_cast<double>(ts.tv_sec) + 1e-6 * static_cast<double>(ts.tv_nsec);
}

// One run (under callgrind: the solve only). With repeats > 1 the starting
// state and the solve are each repeated and their smallest wall and thread
// CPU times reported as well (the minimum: what the machine's load adds is
// never negative).
json run_once(const Workload& w, int repeats) {
  const Scenario s = w.load();
  const Params p;
  double init_cpu = std::numeric_limits<double>::infinity(), init_wall = init_cpu;
  InitialCondition init;
  for (int r = 0; r < repeats; ++r) {
    const auto t = Clock::now();
    const double c = thread_cpu_ms();
    init = initial_condition(s, p);
    init_cpu = std::min(init_cpu, thread_cpu_ms() - c);
    init_wall = std::min(init_wall, ms_since(t));
  }
  const auto t0 = Clock::now();
  double cpu0 = thread_cpu_ms();
  CALCSIM_BENCH_INSTRUMENT(true);
  Result r = simulate_from(s, p, init);
  CALCSIM_BENCH_INSTRUMENT(false);
  double solve_cpu = thread_cpu_ms() - cpu0, solve_wall = ms_since(t0);
  const double first_wall = solve_wall;
  for (int k = 1; k < repeats; ++k) {
    const auto t = Clock::now();
    cpu0 = thread_cpu_ms();
    r = simulate_from(s, p, init);
    solve_cpu = std::min(solve_cpu, thread_cpu_ms() - cpu0);
    solve_wall = std::min(solve_wall, ms_since(t));
  }
  return {{"workload", w.describe(s, p)},
          {"wall_ms", first_wall},
          {"repeats", repeats},
          {"min_wall_ms", solve_wall},
          {"min_cpu_ms", solve_cpu},
          {"initial_condition_min_wall_ms", init_wall},
          {"initial_condition_min_cpu_ms", init_cpu},
          {"stats", stats_json(r.meta.solver)},
          {"callgrind_client_requests", client_requests}};
}

}  // namespace
}  // namespace calcsim::bench

int main(int argc, char** argv) {
  using namespace calcsim::bench;
  CLI::App app{"calcsim benchmarks: one workload per subcommand, results as JSON on stdout (see bench/README.md)"};
  app.require_subcommand(1);

  SolversOptions solvers;
  auto* solvers_cmd = app.add_subcommand("solvers", "W1/W2: calcsim and CVODE at matched error against a tight reference");
  solvers.workload.add_options(*solvers_cmd);
  solvers_cmd->add_option("--repeats", solvers.repeats, "Timed runs of calcsim (the median is reported)")
      ->check(CLI::PositiveNumber)
      ->capture_default_str();
  solvers_cmd->add_option("--min-total-seconds", solvers.min_total_seconds,
                          "More calcsim runs (up to 100) while their total is below this")
      ->check(CLI::NonNegativeNumber)
      ->capture_default_str();
  solvers_cmd->add_option("--cvode-repeats", solvers.cvode_repeats, "Timed runs of CVODE at its matched tolerance")
      ->check(CLI::PositiveNumber)
      ->capture_default_str();
  solvers_cmd->add_option("--reference-rtol", solvers.reference_rtol, "rtol of the CVODE reference")
      ->check(CLI::PositiveNumber)
      ->capture_default_str();
  solvers_cmd->add_option("--cvode-ladder", solvers.cvode_ladder, "CVODE rtols to try, loose to tight")
      ->delimiter(',')
      ->capture_default_str();
  solvers_cmd->add_flag("!--no-cvode", solvers.cvode, "Only calcsim and the reference");
  solvers_cmd->add_option("--write-reference", solvers.write_reference, "Write the reference's slow outputs as CSV");
  solvers_cmd->add_option("--read-reference", solvers.read_reference,
                          "Read the reference's slow outputs from a CSV --write-reference wrote (same workload)");

  PopulationWorkload population;
  auto* population_cmd = app.add_subcommand("population", "W3: a virtual population through calcsim::population");
  population.workload.add_options(*population_cmd);
  population_cmd->add_option("--dosing", population.dosing, "exact or daily-averaged")
      ->transform(CLI::CheckedTransformer(
          std::map<std::string, calcsim::Dosing>{{"exact", calcsim::Dosing::Exact},
                                                {"daily-averaged", calcsim::Dosing::DailyAveraged}}))
      ->capture_default_str();
  population_cmd->add_option("--n", population.options.n, "Patients")->check(CLI::PositiveNumber)->capture_default_str();
  population_cmd->add_option("--count", population.count, "Run only the first COUNT of the n patients (0: all)")
      ->capture_default_str();
  population_cmd->add_option("--threads", population.options.threads, "Threads")
      ->check(CLI::PositiveNumber)
      ->capture_default_str();
  population_cmd->add_option("--seed", population.options.seed, "Random seed")->capture_default_str();
  population_cmd->add_option("--cv", population.options.cv, "Coefficient of variation of every varied parameter")
      ->check(CLI::PositiveNumber)
      ->capture_default_str();
  population_cmd->add_option("--every", population.options.every_days, "Interval of the percentile bands, days")
      ->check(CLI::Range(1.0, 1e6))
      ->capture_default_str();

  Workload notebook_workload;
  notebook_workload.years = 30.0 / 365.25;
  int notebook_calls = 1000;
  double notebook_budget = std::numeric_limits<double>::infinity();
  auto* notebook_cmd = app.add_subcommand("notebook", "W4: the engine's time for many short runs from one start");
  notebook_workload.add_options(*notebook_cmd);
  notebook_cmd->add_option("--calls", notebook_calls, "Runs")->check(CLI::PositiveNumber)->capture_default_str();
  notebook_cmd->add_option("--budget", notebook_budget, "Stop after this many seconds")->check(CLI::PositiveNumber);

  Workload run_workload;
  auto* run_cmd = app.add_subcommand("run", "One default-tolerance run (for callgrind: collect calcsim::simulate_from)");
  run_workload.add_options(*run_cmd);
  int run_repeats = 1;
  run_cmd->add_option("--repeats", run_repeats, "Repeat the starting state and the solve; report the minimum times")
      ->check(CLI::PositiveNumber)
      ->capture_default_str();

  CLI11_PARSE(app, argc, argv);
  try {
    json out;
    if (*solvers_cmd) out = run_solvers(solvers);
    if (*population_cmd) out = run_population_command(population);
    if (*notebook_cmd) out = run_notebook(notebook_workload, notebook_calls, notebook_budget);
    if (*run_cmd) out = run_once(run_workload, run_repeats);
    std::cout << out.dump() << '\n';
  } catch (const std::exception& e) {
    std::fprintf(stderr, "calcsim_bench: %s\n", e.what());
    return 1;
  }
  return 0;
}
