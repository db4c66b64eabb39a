#include "calcsim/simulator.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <string>

#include "calcsim/errors.hpp"
#include "calcsim/version.hpp"
#include "model/output_point.hpp"
#include "schedule/schedule.hpp"
#include "schedule/timeline_walk.hpp"
#include "simulate/read_outputs.hpp"
#include "simulate/stroboscopic.hpp"
#include "solver/integrator.hpp"

namespace calcsim {
namespace {

std::map<std::string, double> overrides(const Params& p) {
  std::map<std::string, double> out;
  const Params defaults;
  for (const auto& info : parameter_registry()) {
    const double v = *p.get(info.name);
    if (v != *defaults.get(info.name)) out.emplace(std::string(info.name), v);
  }
  return out;
}

// The first output row has no preceding interval: it reports the first
// interval's balance averages, so every row of a balance column is defined.
void fill_first_row_balance(Matrix& data) {
  if (data.rows() < 2) return;
  const auto outputs = output_definitions();
  for (std::size_t j = 0; j < outputs.size(); ++j)
    if (outputs[j].interval_average) data(0, static_cast<Eigen::Index>(j)) = data(1, static_cast<Eigen::Index>(j));
}

void check_cancel(const SimulationOptions& options, double t_days) {
  if (options.cancel != nullptr && options.cancel->load(std::memory_order_relaxed)) throw Cancelled(t_days);
}

[[noreturn]] void not_finite(double t, const std::string& column, double v) {
  throw NumericalError(t, column,
                       "output '" + column + "' became " + (std::isnan(v) ? "NaN" : "infinite") +
                           " (parameters may be outside the range where the model is valid)");
}

void check_starting_dosing(const Scenario& s, const InitialCondition& init) {
  if (init.dosing != starting_dosing(s.dosing))
    throw InputError(SourceLocation{s.file.empty() ? s.name : s.file, 0, "dosing"},
                     std::string("the starting state is the steady state of ") + to_string(init.dosing) +
                         " dosing, but the scenario uses " + to_string(s.dosing) +
                         " dosing; compute the starting state with the same dosing");
}

// The integration of a run: the full state at each output time `times[k]`
// into row k of `states` or, when `rows` is not empty, into row rows[k]
// (none when rows[k] is negative: the integration passes that time all the
// same, so the steps taken do not depend on which rows are kept).
StroboscopicStats integrate_states(const Scenario& s, const model::Context& c, const Timeline& tl,
                                   const std::vector<double>& times, const InitialCondition& init,
                                   const SimulationOptions& options, Integrator& integrator, Matrix& states,
                                   const std::vector<Eigen::Index>& rows) {
  FullState x{};
  {
    const std::vector<double>& x0 = options.initial_state ? *options.initial_state : init.state;
    std::copy(x0.begin(), x0.end(), x.begin());
  }
  if (s.dosing == Dosing::Stroboscopic) {
    StroboscopicOptions strobe_options;
    strobe_options.cancel = options.cancel;
    if (rows.empty()) return walk_stroboscopic(c, tl, times, x, integrator, states, strobe_options);
    Matrix all(static_cast<Eigen::Index>(times.size()), model::n_states);
    const StroboscopicStats strobe = walk_stroboscopic(c, tl, times, x, integrator, all, strobe_options);
    for (std::size_t k = 0; k < rows.size(); ++k)
      if (rows[k] >= 0) states.row(rows[k]) = all.row(static_cast<Eigen::Index>(k));
    return strobe;
  }
  WalkOptions walk_options;
  walk_options.cancel = options.cancel;
  TimelineWalk walk(c, tl, times, walk_options);
  walk.run(x, [&](const SegmentRun& run, SolverState& y) {
    integrator.advance(run, y, [&](std::size_t k, const double* ys) {
      const std::size_t sample = run.first_sample + k;
      const Eigen::Index row = rows.empty() ? static_cast<Eigen::Index>(sample) : rows[sample];
      if (row >= 0) model::full_state(c, *run.inputs, ys, run.sample_taus[k], states.row(row).data());
    });
  });
  return {};
}

}  // namespace

void require_finite(const Result& r) {
  for (Eigen::Index i = 0; i < r.data.rows(); ++i)
    for (Eigen::Index j = 0; j < r.data.cols(); ++j) {
      const double v = r.data(i, j);
      if (std::isfinite(v)) continue;
      const double t = r.data.cols() > 0 && std::isfinite(r.data(i, 0)) ? r.data(i, 0) : 0.0;
      not_finite(t, r.columns.at(static_cast<std::size_t>(j)).name, v);
    }
}

Result simulate(const Scenario& s, const Params& p, const SimulationOptions& options) {
  check_cancel(options, 0.0);
  return simulate_from(s, p, initial_condition(s, p, options.cancel), options);
}

Result simulate_from(const Scenario& s, const Params& p, const InitialCondition& init,
                     const SimulationOptions& options) {
  const auto wall_start = std::chrono::steady_clock::now();
  check_starting_dosing(s, init);
  const model::Context c = model::run_context(p, s, init);
  const Timeline tl = build_timeline(s, p, options.cancel);
  const std::vector<double> times = output_times(tl.t_end, s.output_every_days);
  const auto n_out = static_cast<Eigen::Index>(times.size());

  Matrix states(n_out, model::n_states);
  Integrator integrator(c, options.rtol, options.atol);
  const StroboscopicStats strobe = integrate_states(s, c, tl, times, init, options, integrator, states, {});

  Result r;
  const auto& cols = output_columns();
  r.columns = cols;
  const auto n_cols = static_cast<Eigen::Index>(cols.size());
  const Eigen::Index extra = options.include_states ? model::n_states : 0;
  r.data.resize(n_out, n_cols + extra);
  for (Eigen::Index k = 0; k < n_out; ++k) {
    const Eigen::Index prev = k > 0 ? k - 1 : 0;
    compute_outputs(c, times[static_cast<std::size_t>(k)], states.row(k).data(), times[static_cast<std::size_t>(prev)],
                    states.row(prev).data(), times[0], states.row(0).data(), r.data.row(k).data());
  }
  fill_first_row_balance(r.data);
  if (options.include_states) {
    r.data.rightCols(model::n_states) = states;
    for (const auto& info : model::state_info())
      r.columns.push_back({"state." + std::string(info.name), std::string(info.unit), std::string(info.description)});
  }
  require_finite(r);

  r.meta.scenario = s.name;
  r.meta.scenario_file = s.file;
  r.meta.description = s.description;
  r.meta.arm = options.arm;
  r.meta.dosing = to_string(s.dosing);
  r.meta.duration_days = tl.t_end;
  r.meta.calcsim_version = version;
  r.meta.disclaimer = disclaimer;
  r.meta.parameter_overrides = overrides(p);
  for (const auto& info : parameter_registry()) r.meta.parameters.emplace(std::string(info.name), *p.get(info.name));
  r.meta.solver = integrator.stats();
  r.meta.solver.doses = static_cast<long>(tl.dose_count);
  r.meta.solver.projected_days = strobe.projected_days;
  r.meta.solver.projections = strobe.projections;
  r.meta.solver.wall_seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - wall_start).count();
  return r;
}

namespace detail {

std::vector<double> read_outputs(const Scenario& s, const Params& p, const InitialCondition& init,
                                 const SimulationOptions& options, const std::vector<std::size_t>& columns,
                                 const std::vector<double>& at_days) {
  check_starting_dosing(s, init);
  const model::Context c = model::run_context(p, s, init);
  const Timeline tl = build_timeline(s, p, options.cancel);
  const std::vector<double> times = output_times(tl.t_end, s.output_every_days);
  const std::size_t n = times.size();

  // Where Result::at reads each time (its time column holds `times`).
  std::vector<RowsAround> reads;
  reads.reserve(at_days.size());
  for (const double t : at_days) reads.push_back(rows_around(times, t));

  // The rows whose outputs are computed: those read, and the second when the
  // first is (the first row's interval averages repeat the second's:
  // fill_first_row_balance). A row's outputs need the states at it, at the
  // row before it (interval averages) and at the first row.
  constexpr std::size_t none = static_cast<std::size_t>(-1);
  std::vector<std::size_t> output_row(n, none);
  std::vector<std::size_t> computed;
  auto compute = [&](std::size_t k) {
    if (output_row[k] == none) {
      output_row[k] = 0;
      computed.push_back(k);
    }
  };
  for (const RowsAround& r : reads) {
    compute(r.lo);
    compute(r.hi);
  }
  if (output_row[0] != none && n >= 2) compute(1);
  std::sort(computed.begin(), computed.end());
  std::vector<Eigen::Index> state_row(n, -1);
  Eigen::Index kept = 0;
  auto keep = [&](std::size_t k) {
    if (state_row[k] < 0) state_row[k] = kept++;
  };
  keep(0);
  for (const std::size_t k : computed) {
    if (k > 0) keep(k - 1);
    keep(k);
  }

  Matrix states(kept, model::n_states);
  Integrator integrator(c, options.rtol, options.atol);
  integrate_states(s, c, tl, times, init, options, integrator, states, state_row);

  // The columns read at each computed row, first row's interval averages as
  // simulate_from fills them.
  const auto definitions = output_definitions();
  const std::size_t nc = columns.size();
  std::vector<double> values(computed.size() * nc);
  std::vector<double> row(definitions.size());
  const double* start = states.row(0).data();
  for (std::size_t i = 0; i < computed.size(); ++i) {
    const std::size_t k = computed[i];
    const std::size_t prev = k > 0 ? k - 1 : 0;
    output_row[k] = i;
    compute_outputs(c, times[k], states.row(state_row[k]).data(), times[prev], states.row(state_row[prev]).data(),
                    times[0], start, row.data());
    for (std::size_t j = 0; j < nc; ++j) values[i * nc + j] = row[columns[j]];
  }
  if (output_row[0] != none && n >= 2)
    for (std::size_t j = 0; j < nc; ++j)
      if (definitions[columns[j]].interval_average) values[output_row[0] * nc + j] = values[output_row[1] * nc + j];

  std::vector<double> out(nc * at_days.size());
  for (std::size_t j = 0; j < nc; ++j)
    for (std::size_t t = 0; t < at_days.size(); ++t) {
      const RowsAround& r = reads[t];
      const double lo = values[output_row[r.lo] * nc + j];
      const double v =
          r.lo != r.hi ? interpolate_rows(times[r.lo], lo, times[r.hi], values[output_row[r.hi] * nc + j], at_days[t])
                         : lo;
      if (!std::isfinite(v)) not_finite(at_days[t], output_columns()[columns[j]].name, v);
      out[j * at_days.size() + t] = v;
    }
  return out;
}

std::vector<double> read_outputs(const Scenario& s, const Params& p, const SimulationOptions& options,
                                 const std::vector<std::size_t>& columns, const std::vector<double>& times) {
  check_cancel(options, 0.0);
  return read_outputs(s, p, initial_condition(s, p, options.cancel), options, columns, times);
}

}  // namespace detail

}  // namespace calcsim
